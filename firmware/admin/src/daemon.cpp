#include "samtel/admin/daemon.hpp"

#include <condition_variable>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <pthread.h>

#include "samtel/admin/call_log_retention.hpp"
#include "samtel/admin/http_server.hpp"
#include "samtel/admin/schedule_resources.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/admin/store_accounts.hpp"
#include "samtel/admin/zone_rules.hpp"
#include "samtel/log/logger.hpp"
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
      log_.info("retention.scheduled", {{"next", format_utc(retention_->next_daily_run())}});
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
          log_.info("retention.purged",
                    {{"numbers_blanked", std::to_string(c.numbers_blanked)},
                     {"calls_deleted", std::to_string(c.calls_deleted)},
                     {"attempts_deleted", std::to_string(c.attempts_deleted)},
                     {"months_aggregated", std::to_string(c.months_aggregated)},
                     {"aggregates_deleted", std::to_string(c.aggregates_deleted)},
                     {"next", format_utc(retention_->next_daily_run())}});
        } else {
          log_.warn("retention.failed",
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
  log.error("admin.refused", {{"reason", why}});
  return 2;
}

// SIGHUP: the system's tz database again; a change of rules in use is logged with what it does to
// routing (and audited by ZoneRules).
void reload_zone_rules(ZoneRules& rules, Logger& log) {
  auto change = rules.reload();
  if (!change) {
    log.error("tz.rules_changed", {{"error", change.error()}});
    return;
  }
  if (!*change) {
    log.info("tz.database", {{"directory", zone_database_directory()},
                             {"version", zone_database_version()},
                             {"changed", "none"}});
    return;
  }
  const ZoneRulesChange& c = **change;
  std::string zones;
  for (const std::string& z : c.zones) zones += (zones.empty() ? "" : ",") + z;
  for (const std::string& e : c.errors) log.error("tz.unreadable", {{"error", e}});
  if (!zones.empty()) {
    log.warn("tz.rules_changed", {{"old_version", c.old_version},
                                  {"new_version", c.new_version},
                                  {"zones", zones},
                                  {"routing", c.summary}});
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
  add_schedule_resources(service.router(), {.store = shared,
                                            .wall = wall,
                                            .call_log = o.call_log,
                                            .zone_rules = &zone_rules,
                                            .unit_status = o.unit_status,
                                            .retention = purge ? &*purge : nullptr});

  ServerOptions server_options;
  server_options.listen = *listen;
  server_options.tls_cert = o.tls_cert;
  server_options.tls_key = o.tls_key;
  server_options.max_body_bytes = settings.max_body_bytes;
  auto server = HttpServer::create(server_options, service, log);
  if (!server) return refuse(log, server.error());
  if (auto files = WebFiles::load(o.web_root)) {
    log.info("admin.web_page", {{"directory", o.web_root},
                                {"files", std::to_string(files->count())},
                                {"bytes", std::to_string(files->bytes())}});
    for (const auto& name : files->skipped()) {
      log.warn("admin.web_file_skipped",
               {{"file", name}, {"note", "not a kind of file the page serves, or too large"}});
    }
    service.serve_web_page(std::move(*files));
  } else if (o.web_root_given) {
    return refuse(log, "--web-root: " + files.error());
  } else {
    log.warn("admin.no_web_page",
             {{"error", files.error()}, {"note", "the API is served without the web page"}});
  }

  log.info("admin.store", {{"store", o.store},
                           {"sites", std::to_string(sites)},
                           {"users", std::to_string(users)},
                           {"call_log", o.call_log.empty() ? "-" : o.call_log},
                           {"unit_status", o.unit_status.empty() ? "-" : o.unit_status}});
  if (users == 0) {
    log.warn("admin.no_accounts",
             {{"store", o.store},
              {"note", "no accounts: create one with samtel user add --store " + o.store +
                           " --name NAME --role administrator"}});
  }
  log.info("tz.database",
           {{"directory", zone_database_directory()}, {"version", zone_database_version()}});
  log.info("admin.started", {{"listen", listen->address.to_string()},
                             {"port", std::to_string((*server)->port())},
                             {"tls", (*server)->tls() ? "on" : "off"},
                             {"store", o.store},
                             {"version", o.version}});
  bool served = true;
  std::thread serving([&] { served = (*server)->run(); });
  DailyRetention daily(purge ? &*purge : nullptr, log);
  int signal = 0;
  while (sigwait(&stop_signals, &signal) == 0 && signal == SIGHUP)
    reload_zone_rules(zone_rules, log);
  log.info("admin.stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  daily.stop();
  (*server)->stop();
  serving.join();
  log.info("admin.stopped", {});
  return served ? 0 : 2;
}

}  // namespace samtel::fw::admin
