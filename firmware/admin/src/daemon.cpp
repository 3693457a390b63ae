#include "samtel/admin/daemon.hpp"

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <pthread.h>

#include "samtel/admin/call_log_retention.hpp"
#include "samtel/admin/http_server.hpp"
#include "samtel/admin/metrics_resource.hpp"
#include "samtel/admin/notice_runner.hpp"
#include "samtel/admin/schedule_resources.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/admin/store_accounts.hpp"
#include "samtel/admin/zone_rules.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/service_manager/notify.hpp"
#include "samtel/store/published_schedule.hpp"
#include "samtel/time.hpp"
#include "samtel/zone_database.hpp"

namespace samtel::fw::admin {
namespace {

// The call log's retention, checked once a minute on a thread of its own until stop().
class DailyRetention {
 public:
  DailyRetention(CallLogRetention* retention, Logger& log) : retention_(retention), log_(log) {
    if (retention_ != nullptr) {
      log_.info(JournalEvent::retention_scheduled,
                {{"next", format_utc(retention_->next_daily_run())}});
      thread_ = std::thread([this] { run(); });
    }
  }
  DailyRetention(const DailyRetention&) = delete;
  DailyRetention& operator=(const DailyRetention&) = delete;
  ~DailyRetention() { stop(); }
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; })) {
      lock.unlock();
      if (auto ran = retention_->run_if_due()) {
        if (*ran) {
          const store::PurgeCounts& c = **ran;
          log_.info(JournalEvent::retention_purged,
                    {{"numbers_blanked", std::to_string(c.numbers_blanked)},
                     {"calls_deleted", std::to_string(c.calls_deleted)},
                     {"attempts_deleted", std::to_string(c.attempts_deleted)},
                     {"months_aggregated", std::to_string(c.months_aggregated)},
                     {"aggregates_deleted", std::to_string(c.aggregates_deleted)},
                     {"next", format_utc(retention_->next_daily_run())}});
        } else {
          log_.warn(JournalEvent::retention_failed,
                    {{"error", ran->error()}, {"next", format_utc(retention_->next_daily_run())}});
        }
      }
      lock.lock();
    }
  }

  CallLogRetention* retention_;
  Logger& log_;
  std::mutex mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

int refuse(Logger& log, const std::string& why) {
  std::cerr << "samtel-admind: " << why << '\n';
  log.set_stderr(false);  // said above, in the words people read
  log.error(JournalEvent::admin_refused, {{"reason", why}});
  return 2;
}

// SIGHUP: the system's tz database again; a change of rules in use is logged with what it does to
// routing (and audited by ZoneRules).
void reload_zone_rules(ZoneRules& rules, Logger& log) {
  auto change = rules.reload();
  if (!change) {
    log.error(JournalEvent::tz_rules_changed, {{"error", change.error()}});
    return;
  }
  if (!*change) {
    log.info(JournalEvent::tz_database, {{"directory", zone_database_directory()},
                                         {"version", zone_database_version()},
                                         {"changed", "none"}});
    return;
  }
  const ZoneRulesChange& c = **change;
  std::string zones;
  for (const std::string& z : c.zones) zones += (zones.empty() ? "" : ",") + z;
  for (const std::string& e : c.errors) log.error(JournalEvent::tz_unreadable, {{"error", e}});
  if (!zones.empty()) {
    log.warn(JournalEvent::tz_rules_changed, {{"old_version", c.old_version},
                                              {"new_version", c.new_version},
                                              {"zones", zones},
                                              {"routing", c.summary}});
  }
}

// The next stop signal or SIGHUP; with a watchdog, WATCHDOG=1 every half of its interval while
// the server runs and the store's lock can be taken (a request stuck holding it stops the
// kicks, and systemd restarts the service).
int next_signal(const sigset_t& signals, HttpServer& server, SharedStore& store) {
  const auto interval = watchdog_interval();
  if (!interval) {
    int signal = 0;
    return sigwait(&signals, &signal) == 0 ? signal : SIGTERM;
  }
  const auto half = *interval / 2;
  const timespec wait{
      .tv_sec =
          static_cast<std::time_t>(std::chrono::duration_cast<std::chrono::seconds>(half).count()),
      .tv_nsec = static_cast<long>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(half % std::chrono::seconds(1))
              .count())};
  for (;;) {
    const int signal = sigtimedwait(&signals, nullptr, &wait);
    if (signal > 0) return signal;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return SIGTERM;
    if (!server.serving()) continue;  // no kick: systemd restarts a server that stopped
    store.with([](store::ScheduleStore&) { return 0; });
    notify_service_manager("WATCHDOG=1");
  }
}

}  // namespace

int run_daemon(const DaemonOptions& o) {
  Logger log;
  const auto format = log_format_from_string(o.log_format);
  if (!format) return refuse(log, "--log-format must be logfmt or json, not " + o.log_format);
  log.set_format(*format);
  if (o.log_level == "debug") log.set_level(Logger::Level::debug);
  if (o.log_level == "warning") log.set_level(Logger::Level::warning);

  auto listen = parse_listen_address(o.listen);
  if (!listen) return refuse(log, listen.error());

  if (o.store.empty()) {
    return refuse(log, "--store is required: the schedule store's file (schedule.db)");
  }
  // The wall clock: the system's, or with --start-at one that starts there (local time in the
  // first published site's zone, read from the store first).
  SystemClock system_clock;
  std::unique_ptr<Clock> start_clock;
  if (!o.start_at.empty()) {
    const Zone* zone = find_zone("Europe/Oslo").value_or(nullptr);
    if (auto peek = store::ScheduleStore::open(o.store, system_clock)) {
      if (auto published = store::load_published(*peek)) {
        zone = published->schedule->sites().front().zone;
      }
    }
    if (zone == nullptr)
      return refuse(log, "--start-at: the time zone database has no Europe/Oslo");
    auto t = parse_time(o.start_at, *zone);
    if (!t) return refuse(log, "--start-at: " + t.error());
    start_clock = std::make_unique<StartAtClock>(t->instant);
  }
  const Clock& wall = start_clock ? *start_clock : system_clock;
  auto opened = store::ScheduleStore::open(o.store, wall);
  if (!opened) {
    return refuse(log, "cannot open the schedule store " + o.store + ": " + opened.error().message);
  }
  SharedStore shared(std::move(*opened));
  const auto [sites, users] = shared.with([](store::ScheduleStore& s) {
    std::size_t active = 0;
    for (const auto& u : s.users()) active += u.active ? 1 : 0;
    return std::pair{s.sites().size(), active};
  });
  // SIGTERM and SIGINT are taken by sigwait() below: blocked before any thread starts, so that
  // every thread inherits the mask and none is interrupted. A peer that goes away must not end
  // the process either.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);  // reload: the time-zone rules
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  SteadyClock mono;
  StoreAccounts accounts(shared, wall);
  ServiceSettings settings;
  settings.version = o.version;
  settings.requests_per_second = o.requests_per_second;
  AdminService service(accounts, mono, settings, &log);
  ZoneRules zone_rules(shared, wall);
  std::string metrics_token;
  if (!o.metrics_token_file.empty()) {
    auto token = read_metrics_token(o.metrics_token_file);
    if (!token) return refuse(log, token.error());
    metrics_token = std::move(*token);
  }
  add_metrics_resource(
      service.router(),
      {.unit_metrics = o.unit_metrics, .token = std::move(metrics_token), .store = &shared});

  NoticeRunnerOptions notice_options;
  notice_options.unit_status = o.unit_status;
  auto mail_command = notices::parse_mail_command(o.mail_command);
  if (!mail_command) return refuse(log, "--mail-command: " + mail_command.error());
  notice_options.mail.command = std::move(*mail_command);
  if (o.mail_from.find('@') == std::string::npos ||
      o.mail_from.find_first_of(" <>\r\n") != std::string::npos) {
    return refuse(log, "--mail-from: '" + o.mail_from + "' is not an e-mail address");
  }
  notice_options.mail.from = o.mail_from;
  if (!o.sip_notice_from.empty()) {
    if (auto from = notices::parse_sip_target(o.sip_notice_from); !from) {
      return refuse(log, "--sip-notice-from: " + from.error());
    }
    notice_options.sip.from = o.sip_notice_from;
  }
  notice_options.interval = std::chrono::milliseconds(static_cast<long>(o.notice_interval * 1000));
  NoticeRunner notice_runner(shared, wall, notice_options, log);

  Retention retention;
  if (!o.unit.empty()) {
    auto unit = load_unit_file(o.unit);
    if (!unit) {
      std::string why;
      for (const std::string& e : unit.error()) why += (why.empty() ? "" : "; ") + e;
      return refuse(log, "--unit: " + why);
    }
    retention = unit->retention;
  }
  std::optional<CallLogRetention> purge;
  if (!o.call_log.empty()) purge.emplace(shared, wall, o.call_log, retention);
  add_schedule_resources(
      service.router(),
      {.store = shared,
       .wall = wall,
       .call_log = o.call_log,
       .zone_rules = &zone_rules,
       .unit_status = o.unit_status,
       .deviation_rules =
           {
               .long_wait = std::chrono::seconds(o.deviation_long_wait_s),
               .repeat_within = std::chrono::minutes(o.deviation_repeat_within_min),
               .group_within = std::chrono::minutes(o.deviation_group_within_min),
           },
       .retention = purge ? &*purge : nullptr});

  ServerOptions server_options;
  server_options.listen = *listen;
  server_options.tls_cert = o.tls_cert;
  server_options.tls_key = o.tls_key;
  server_options.max_body_bytes = settings.max_body_bytes;
  auto server = HttpServer::create(server_options, service, log);
  if (!server) return refuse(log, server.error());
  if (auto files = WebFiles::load(o.web_root)) {
    log.info(JournalEvent::admin_web_page, {{"directory", o.web_root},
                                            {"files", std::to_string(files->count())},
                                            {"bytes", std::to_string(files->bytes())}});
    for (const auto& name : files->skipped()) {
      log.warn(JournalEvent::admin_web_file_skipped,
               {{"file", name}, {"note", "not a kind of file the page serves, or too large"}});
    }
    service.serve_web_page(std::move(*files));
  } else if (o.web_root_given) {
    return refuse(log, "--web-root: " + files.error());
  } else {
    log.warn(JournalEvent::admin_no_web_page,
             {{"error", files.error()}, {"note", "the API is served without the web page"}});
  }

  log.info(JournalEvent::admin_store,
           {{"store", o.store},
            {"sites", std::to_string(sites)},
            {"users", std::to_string(users)},
            {"call_log", o.call_log.empty() ? "-" : o.call_log},
            {"unit_status", o.unit_status.empty() ? "-" : o.unit_status}});
  if (users == 0) {
    log.warn(JournalEvent::admin_no_accounts,
             {{"store", o.store},
              {"note", "no accounts: create one with samtel user add --store " + o.store +
                           " --name NAME --role administrator"}});
  }
  log.info(JournalEvent::tz_database,
           {{"directory", zone_database_directory()}, {"version", zone_database_version()}});
  log.info(JournalEvent::admin_started, {{"listen", listen->address.to_string()},
                                         {"port", std::to_string((*server)->port())},
                                         {"tls", (*server)->tls() ? "on" : "off"},
                                         {"store", o.store},
                                         {"version", o.version}});
  notice_runner.start();
  bool served = true;
  std::thread serving([&] { served = (*server)->run(); });
  // The socket is bound (create() binds it): connections wait in its queue until run() takes them.
  notify_service_manager("READY=1\nSTATUS=serving on port " + std::to_string((*server)->port()));
  DailyRetention daily(purge ? &*purge : nullptr, log);
  int signal = 0;
  while ((signal = next_signal(stop_signals, **server, shared)) == SIGHUP) {
    notify_service_manager("RELOADING=1");
    reload_zone_rules(zone_rules, log);
    notify_service_manager("READY=1");
  }
  notify_service_manager("STOPPING=1");
  log.info(JournalEvent::admin_stopping, {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  daily.stop();
  (*server)->stop();
  serving.join();
  notice_runner.stop();
  log.info(JournalEvent::admin_stopped, {});
  return served ? 0 : 2;
}

}  // namespace samtel::fw::admin
