#include "samtel/samteld/daemon.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <asio.hpp>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samtel/board/board.hpp"
#include "samtel/calls/sip_server.hpp"
#include "samtel/calls/timers.hpp"
#include "samtel/config.hpp"
#include "samtel/file.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/routing.hpp"
#include "samtel/samteld/front_panel.hpp"
#include "samtel/samteld/unit_watch.hpp"
#include "samtel/service_manager/notify.hpp"
#include "samtel/sip/transport.hpp"
#include "samtel/status/unit_metrics.hpp"
#include "samtel/status/unit_status.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/zone_database.hpp"

namespace samtel::fw {
namespace {

void notify(const std::string& state) { notify_service_manager(state); }
// The caller-number key for keyed hashing lives in the state directory (created once, 0600).
bool load_or_create_key(const std::string& path, std::array<unsigned char, 32>& key,
                        std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    in.read(reinterpret_cast<char*>(key.data()), static_cast<std::streamsize>(key.size()));
    if (in.gcount() == static_cast<std::streamsize>(key.size())) return true;
    error = path + ": too short (expected 32 bytes)";
    return false;
  }
  randombytes_buf(key.data(), key.size());
  const mode_t old = ::umask(077);
  std::ofstream out(path, std::ios::binary);
  ::umask(old);
  out.write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
  if (!out) {
    error = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  return true;
}

tl::expected<std::pair<asio::ip::address, std::uint16_t>, std::string> parse_listen(
    const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos)
    return tl::unexpected("--listen: expected ADDRESS:PORT, got '" + s + "'");
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  asio::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return tl::unexpected("--listen: '" + host + "' is not an IP address");
  const std::string port = s.substr(colon + 1);
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 1 || p > 65535) {
    return tl::unexpected("--listen: port must be 1..65535, got '" + port + "'");
  }
  return std::pair{addr, static_cast<std::uint16_t>(p)};
}

}  // namespace

tl::expected<std::shared_ptr<UnitConfig>, std::vector<std::string>> load_unit(
    const DaemonOptions& o, const Schedule& schedule) {
  std::vector<std::string> errors;
  std::shared_ptr<UnitConfig> unit;
  if (o.unit_file.empty()) {
    unit = std::make_shared<UnitConfig>(default_unit_config());
  } else {
    auto parsed = load_unit_file(o.unit_file);
    if (!parsed)
      errors = std::move(parsed.error());
    else
      unit = std::make_shared<UnitConfig>(std::move(*parsed));
  }
  if (unit) {
    for (std::string& e : unit_problems(*unit, schedule, o.unit_file)) errors.push_back(e);
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return unit;
}

std::vector<std::string> unit_problems(const UnitConfig& unit, const Schedule& schedule,
                                       const std::string& unit_file) {
  std::vector<std::string> errors;
  for (const auto& [number, settings] : unit.lines) {
    const auto ref = schedule.find_line(number);
    if (!ref) {
      errors.push_back(unit_file + ": /lines/" + number + ": no such line in the schedule");
      continue;
    }
    for (const auto& [dialled, desk] : settings.desk_numbers) {
      if (ref.line->find_desk(desk) == nullptr) {
        errors.push_back(unit_file + ": /lines/" + number + "/desk_numbers/" + dialled +
                         ": no desk '" + desk + "' on that line");
      }
    }
  }
  return errors;
}

// The schedule (from the site files, or from the store with --store) and the unit settings;
// every error is listed, nothing half-applied.
tl::expected<Loaded, std::vector<std::string>> load_all(const DaemonOptions& o) {
  std::vector<std::string> errors;
  Loaded out;
  if (!o.store.empty()) {
    auto follower = StoreFollower::open(o.store, o.configs, out.notes);
    if (!follower) return tl::unexpected(std::move(follower.error()));
    out.schedule = (*follower)->current().schedule;
    out.follower = std::move(*follower);
  } else {
    auto schedule = load_schedule(o.configs);
    if (!schedule) {
      for (const ConfigError& e : schedule.error()) errors.push_back(e.to_string());
      return tl::unexpected(std::move(errors));
    }
    out.schedule = std::make_shared<const Schedule>(std::move(*schedule));
  }
  auto unit = load_unit(o, *out.schedule);
  if (!unit) return tl::unexpected(std::move(unit.error()));
  out.unit = std::move(*unit);
  return out;
}

std::string summary(const Loaded& loaded) {
  std::size_t lines = 0;
  for (const Site& s : loaded.schedule->sites()) lines += s.lines.size();
  return std::to_string(loaded.schedule->sites().size()) + " site(s), " + std::to_string(lines) +
         " line(s)";
}

tl::expected<ClockSetup, std::string> clock_setup(const DaemonOptions& o, const Zone& zone,
                                                  Instant build_time) {
  ClockSetup out;
  out.clock = std::make_unique<SystemClock>();
  if (!o.start_at.empty()) {
    auto t = parse_time(o.start_at, zone);
    if (!t) return tl::unexpected("--start-at: " + t.error());
    out.clock = std::make_unique<StartAtClock>(t->instant);
  }
  // The floor guards against a system clock that was never set (a unit without a battery-backed
  // clock boots in 1970). A clock set on purpose with --start-at has no floor unless one is given.
  if (o.start_at.empty()) out.floor = build_time;
  if (!o.clock_floor.empty()) {
    auto t = parse_time(o.clock_floor, zone);
    if (!t) return tl::unexpected("--clock-floor: " + t.error());
    out.floor = t->instant;
  }
  return out;
}

class Daemon::Impl {
 public:
  Impl(DaemonOptions o, Loaded loaded, ClockSetup clock)
      : options_(std::move(o)),
        loaded_(std::move(loaded)),
        clock_(std::move(clock.clock)),
        clock_floor_(clock.floor),
        signals_(io_, SIGHUP, SIGTERM, SIGINT),
        network_(io_, log_),
        status_timer_(io_),
        watchdog_timer_(io_),
        drain_timer_(io_),
        follow_timer_(io_),
        buttons_(io_) {}

  int run() {
    std::error_code fec;
    std::filesystem::create_directories(options_.state_dir, fec);
    if (fec)
      return fail("cannot create state directory " + options_.state_dir + ": " + fec.message());
    if (!log_.open_file(options_.state_dir + "/samteld.log")) {
      return fail("cannot open " + options_.state_dir + "/samteld.log: " + std::strerror(errno));
    }
    if (options_.log_level == "debug") log_.set_level(Logger::Level::debug);
    if (options_.log_level == "warning") log_.set_level(Logger::Level::warning);

    if (loaded_.unit->caller.kind == CallerPolicy::Kind::keyed_hash) {
      std::string err;
      if (!load_or_create_key(options_.state_dir + "/caller.key", loaded_.unit->caller.key, err))
        return fail(err);
    }
    auto db = CallLog::open(options_.state_dir + "/calls.db", call_log_options());
    if (!db) return fail(db.error());
    call_log_ = std::move(*db);

    auto listen = parse_listen(options_.listen);
    if (!listen) return fail(listen.error());
    network_.configure(loaded_.unit);
    if (auto err = network_.open(listen->first, listen->second)) return fail(*err);
    warn_if_descriptors_short();

    open_board();
    started_ = clock_->now();

    server_ = std::make_unique<SipServer>(
        io_, network_, Endpoint{Transport::udp, listen->first, listen->second, 0}, *clock_, timers_,
        call_log_.get(), log_);
    if (clock_floor_) server_->set_clock_floor(*clock_floor_);
    server_->configure(loaded_.schedule, loaded_.unit);
    server_->on_fault = [this](const std::string& what) { raise_fault(Fault::clock, what); };
    server_->on_activity = [this] { update_panel(); };
    network_.start(*server_);

    const Instant now = clock_->now();
    if (clock_floor_ && now < *clock_floor_) {
      raise_fault(Fault::clock, "clock is unset (" + format_utc(now) + " is before " +
                                    format_utc(*clock_floor_) + ")");
    }
    on_call_log_health();
    watch_.emplace(loaded_.unit->watch, std::chrono::steady_clock::now());
    write_status();
    log_.info(JournalEvent::samteld_started,
              {{"listen", options_.listen},
               {"state_dir", options_.state_dir},
               {"now", format_utc(now)},
               {"lines", std::to_string(line_count())},
               {"board", board_ ? std::string(board_->kind()) : "none"}});
    log_.info(JournalEvent::tz_database,
              {{"directory", zone_database_directory()}, {"version", zone_database_version()}});
    if (loaded_.follower) {
      in_force_ = loaded_.follower->describe();
      for (const std::string& note : loaded_.notes)
        log_.info(JournalEvent::store_opened, {{"note", note}});
      log_.info(JournalEvent::schedule_published, {{"versions", in_force_},
                                                   {"store", loaded_.follower->path()},
                                                   {"lines", std::to_string(line_count())}});
    }
    wait_signals();
    tick_follow();
    tick_status();
    tick_watchdog();
    notify("READY=1");
    notify_status();
    run_loop();
    if (board_) {
      board_->indicator().show(board::IndicatorState::off);
      board_->display().show("samteld", "stopped");
      board_->watchdog().disarm();
    }
    call_log_->flush();
    const auto error = call_log_->last_error();
    const CallLog::Stats logged = call_log_->close();  // commits, tries what is held once more
    call_log_.reset();
    write_status(UnitState::stopped);
    const Counters& n = final_counters_;
    log_summary();
    // Only what was committed counts as logged; what could not be is in the journal, counted.
    log_.info(JournalEvent::samteld_stopped,
              {{"calls_logged", std::to_string(logged.committed)},
               {"logged_late", std::to_string(logged.committed_late)},
               {"journal_only", std::to_string(logged.journal_only)},
               {"unsynced", std::to_string(logged.unsynced)},
               {"invites", std::to_string(n.invites)},
               {"retransmissions", std::to_string(n.retransmissions)},
               {"untrusted", std::to_string(n.untrusted)},
               {"malformed", std::to_string(n.malformed)},
               {"rate_limited", std::to_string(n.rate_limited)},
               {"log_behind", std::to_string(n.log_behind)},
               {"log_error", error.value_or("none")}});
    return 0;
  }

 private:
  CallLog::Options call_log_options() {
    CallLog::Options o;
    o.max_held = loaded_.unit->limits.max_held_records;
    // A record the disk would not take goes to the journal whole, as one line of JSON, so that
    // none exists only in memory.
    o.journal = [this](const CallRecord& r, const std::string& why) {
      log_.error(JournalEvent::call_log_unwritten,
                 {{"call", r.call_id}, {"why", why}, {"record", to_json(r)}});
    };
    o.on_health = [this] { asio::post(io_, [this] { on_call_log_health(); }); };
    o.on_append = [this](const CallRecord& r) { tally_.add(r); };  // on the event loop
    // The unit's runs: begun now, kept alive by the writer, ended clean at the stop; a run left
    // open is closed as a crash at the next start (docs/firmware.md, "The call log").
    o.record_run = true;
    o.now = [this] { return clock_->now(); };
    return o;
  }

  // The event loop. Every handler a peer can reach reports errors by code, not by exception; should
  // one escape all the same (a library's bad_alloc, say), it is logged and the loop goes on:
  // ending the daemon would drop every call in progress and stop routing until systemd restarts it.
  void run_loop() {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {
        ++escaped_exceptions_;
        if (escaped_exceptions_ <= 10 || escaped_exceptions_ % 1000 == 0) {
          log_.error(JournalEvent::samteld_handler_failed,
                     {{"error", e.what()}, {"count", std::to_string(escaped_exceptions_)}});
        }
      }
    }
  }

  // The TCP caps are meant to keep SIP connections from using up the descriptors.
  void warn_if_descriptors_short() {
    rlimit rl{};
    constexpr rlim_t kOwn = 64;  // the call log, the board, the journal, UDP, the listener
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return;
    if (rl.rlim_cur < loaded_.unit->limits.tcp_connections + kOwn) {
      log_.warn(JournalEvent::tcp_caps_above_nofile,
                {{"nofile", std::to_string(rl.rlim_cur)},
                 {"tcp_connections", std::to_string(loaded_.unit->limits.tcp_connections)}});
    }
  }

  // The call log's fault comes and goes with the storage.
  void on_call_log_health() {
    if (!call_log_) return;
    const auto fault = call_log_->fault();
    const auto st = call_log_->stats();
    // Found damaged at the open or while running: the operator is told where the old one went.
    if (auto aside = call_log_->moved_aside(); aside && aside != reported_aside_) {
      reported_aside_ = aside;
      raise_fault(Fault::call_log_damaged,
                  "the call log was damaged; moved to " + *aside + ", a new one started");
    }
    if (fault) {
      raise_fault(Fault::call_log, *fault + "; " + std::to_string(st.held) + " record(s) held, " +
                                       std::to_string(st.journal_only) + " only in the journal");
    } else if (faults_.count(Fault::call_log) != 0) {
      log_.info(JournalEvent::call_log_recovered,
                {{"committed_late", std::to_string(st.committed_late)},
                 {"journal_only", std::to_string(st.journal_only)}});
      clear_fault(Fault::call_log);
    }
  }

  // What was refused since the last summary, in one line (not one line per packet).
  void log_summary() {
    const Counters n = server_ ? server_->counters() : final_counters_;
    const TransportCounters& t = network_.counters();
    const std::array<std::pair<const char*, std::uint64_t>, 11> now{{
        {"untrusted", n.untrusted},
        {"malformed", n.malformed},
        {"rate_limited", n.rate_limited},
        {"oversized", n.oversized},
        {"tcp_untrusted", t.tcp_untrusted},
        {"tcp_over_limit", t.tcp_over_total + t.tcp_over_source},
        {"tcp_message_timeouts", t.tcp_message_timeouts},
        {"tcp_idle_closed", t.tcp_idle_closed},
        {"tcp_framing_errors", t.tcp_framing_errors},
        {"tcp_reset", t.tcp_reset + t.tcp_write_overflow},
        {"accept_errors", t.accept_errors},
    }};
    std::string fields;
    bool any = false;
    for (std::size_t i = 0; i < now.size(); ++i) {
      const std::uint64_t delta = now[i].second - summarised_[i];
      summarised_[i] = now[i].second;
      if (delta == 0) continue;
      any = true;
      fields += std::string(fields.empty() ? "" : " ") + now[i].first + "=" + std::to_string(delta);
    }
    if (!any) return;
    std::string last =
        server_ && server_->last_untrusted() ? server_->last_untrusted()->to_string() : "";
    log_.warn(JournalEvent::traffic_refused,
              {{"counts", fields},
               {"last_untrusted", last},
               {"tcp_open", std::to_string(network_.tcp_connections())}});
  }

  int fail(const std::string& what) {
    log_.error(JournalEvent::samteld_failed, {{"error", what}});
    std::cerr << "samteld: " << what << '\n';
    return 2;
  }

  std::size_t line_count() const {
    std::size_t n = 0;
    for (const Site& s : loaded_.schedule->sites()) n += s.lines.size();
    return n;
  }

  void open_board() {
    if (options_.no_board) return;
    board::BoardConfig cfg = board::BoardConfig::simulated(options_.state_dir);
    if (!options_.board_file.empty()) {
      auto text = read_text_file(options_.board_file);
      auto parsed = text ? board::parse_board_config(*text) : tl::unexpected(text.error());
      if (!parsed) {
        log_.error(JournalEvent::board_config, {{"error", parsed.error()}});
        return;
      }
      cfg = *parsed;
    }
    auto b = board::open_board(cfg);
    if (!b) {
      // Calls are routed without a front panel rather than not at all.
      log_.error(JournalEvent::board_open_failed, {{"error", b.error()}});
      return;
    }
    board_ = std::move(*b);
    if (board_->buttons().fd() >= 0) {
      asio::error_code ec;
      buttons_.assign(::dup(board_->buttons().fd()), ec);
      if (!ec) wait_buttons();
    }
  }

  void wait_buttons() {
    buttons_.async_wait(asio::posix::stream_descriptor::wait_read,
                        [this](const asio::error_code& ec) {
                          if (ec) return;
                          for (const board::ButtonPress& p : board_->buttons().read()) on_button(p);
                          wait_buttons();
                        });
  }

  void on_button(const board::ButtonPress& p) {
    log_.info(JournalEvent::board_button, {{"button", std::string(board::to_string(p.button))},
                                           {"long", p.long_press ? "1" : "0"}});
    switch (p.button) {
      case board::Button::acknowledge:
        // The operator has seen it; a call-log fault stays until the storage works again.
        clear_fault(Fault::clock);
        clear_fault(Fault::call_log_damaged);
        update_panel();
        break;
      case board::Button::status:
        page_ = (page_ + 1) % kPanelPages;
        update_panel();
        break;
      case board::Button::test_call: {
        // An operator check: route a call for the first line now, and show and log the decision.
        auto ref = loaded_.schedule->first_line();
        if (!ref) break;
        RoutePlan plan =
            route(*ref.site, *ref.line, ref.line->desks[ref.line->default_desk], clock_->now());
        log_.info(JournalEvent::board_test_call,
                  {{"line", ref.line->number}, {"reason", plan.reason()}});
        if (board_) {
          const PanelView v = test_call_view(*ref.line, plan);
          board_->display().show(v.line1, v.line2);
        }
        break;
      }
    }
  }

  void raise_fault(Fault kind, const std::string& what) {
    const auto [slot, raised] = faults_.try_emplace(kind, UnitFault{kind, what, clock_->now()});
    if (!raised && slot->second.message == what) return;
    log_.error(JournalEvent::samteld_fault,
               {{"fault", what}, {"kind", std::string(to_string(kind))}});
    slot->second.message = what;
    // A new fault is in the status file at once; a new message for one already raised (the
    // clock fault names each call's time) by the next status tick.
    if (raised) {
      write_status();
    } else {
      status_outdated_ = true;
    }
    notify_status();
    update_panel();
  }

  void clear_fault(Fault kind) {
    if (faults_.erase(kind) == 0) return;
    log_.info(
        JournalEvent::samteld_fault_cleared,
        {{"kind", std::string(to_string(kind))}, {"faults_left", std::to_string(faults_.size())}});
    write_status();
    notify_status();
    update_panel();
  }

  void notify_status() {
    if (faults_.empty()) {
      notify("STATUS=routing calls");
      return;
    }
    std::string text;
    for (const auto& [kind, fault] : faults_) text += (text.empty() ? "" : " | ") + fault.message;
    notify("STATUS=FAULT: " + text);
  }

  // STATE_DIR/status.json, for the admin service and operators: routing, fault or stopped, with
  // the faults. Routing never waits on it: a failure is logged once (until a write succeeds).
  void write_status(std::optional<UnitState> state = std::nullopt) {
    UnitStatus status;
    status.pid = ::getpid();
    status.started = started_;
    status.updated = clock_->now();
    status.state = state.value_or(faults_.empty() ? UnitState::routing : UnitState::fault);
    for (const auto& [kind, fault] : faults_) status.faults.push_back(fault);
    status.version = options_.version;
    status_outdated_ = false;
    auto written = write_file_atomically(options_.state_dir + "/status.json", to_json(status));
    if (written) {
      status_unwritable_ = false;
    } else if (!status_unwritable_) {
      status_unwritable_ = true;
      log_.error(JournalEvent::samteld_status_unwritable, {{"error", written.error()}});
    }
  }

  // STATE_DIR/metrics.txt, for the admin service's GET /metrics (samtel/status/unit_metrics.hpp),
  // every status tick. A file that cannot be written is the status file's problem too, and is
  // logged there (samteld.status_unwritable).
  void write_metrics() {
    UnitMetrics m{.calls = tally_, .faults = {}, .call_log_backlog = 0, .schedule_versions = {}};
    for (const auto& [kind, fault] : faults_) m.faults.push_back(kind);
    if (call_log_) m.call_log_backlog = call_log_->backlog(false);
    if (loaded_.follower) {
      for (const auto& v : loaded_.follower->current().versions) {
        m.schedule_versions.emplace_back(v.site, static_cast<std::int64_t>(v.id));
      }
    }
    (void)write_file_atomically(options_.state_dir + "/metrics.txt", format_unit_metrics(m));
  }

  void update_panel() {
    if (!board_) return;
    auto ref = loaded_.schedule->first_line();
    if (!ref) return;
    const RoutePlan plan =
        route(*ref.site, *ref.line, ref.line->desks[ref.line->default_desk], clock_->now());
    PanelState state;
    if (!faults_.empty()) state.fault = faults_.begin()->second.message;
    state.calls_in_progress = server_ ? server_->calls_in_progress() : 0;
    state.calls_taken = server_ ? server_->counters().invites : 0;
    state.page = page_;
    const PanelView v = present(*ref.line, plan, state);
    board_->indicator().show(v.indicator);
    board_->display().show(v.line1, v.line2);
  }

  // The disk, the exchange's OPTIONS and the clock, every status tick.
  void watch_unit() {
    if (!watch_) return;
    const UnitWatch::Sample sample{
        .wall = clock_->now(),
        .mono = std::chrono::steady_clock::now(),
        .disk = disk_space(options_.state_dir),
        .options_received = server_ ? server_->counters().options : 0,
    };
    for (const UnitWatch::Change& change : watch_->observe(sample)) {
      if (change.message) {
        raise_fault(change.kind, *change.message);
      } else {
        clear_fault(change.kind);
      }
    }
  }

  void tick_status() {
    watch_unit();
    update_panel();
    if (status_outdated_) write_status();
    write_metrics();
    // Refused traffic is summed up at most once a minute.
    if (++status_ticks_ % 6 == 1) log_summary();
    status_timer_.expires_after(std::chrono::seconds(10));
    status_timer_.async_wait([this](const asio::error_code& ec) {
      if (!ec) tick_status();
    });
  }

  void tick_watchdog() {
    // The hardware watchdog and systemd's both prove that the event loop turns.
    if (board_) board_->watchdog().kick();
    notify("WATCHDOG=1");
    auto period = std::chrono::seconds(5);
    if (const auto interval = watchdog_interval()) {
      period = std::chrono::seconds(std::max<std::int64_t>(
          1, std::chrono::duration_cast<std::chrono::seconds>(*interval / 3).count()));
    }
    if (board_)
      period = std::min(
          period, std::chrono::seconds(std::max(1, board_->watchdog().timeout_seconds() / 3)));
    watchdog_timer_.expires_after(period);
    watchdog_timer_.async_wait([this](const asio::error_code& ec) {
      if (!ec) tick_watchdog();
    });
  }

  void wait_signals() {
    signals_.async_wait([this](const asio::error_code& ec, int sig) {
      if (ec) return;
      if (sig == SIGHUP) {
        reload();
        wait_signals();
        return;
      }
      shutdown();
    });
  }

  void reload() {
    notify("RELOADING=1");
    const bool new_rules = reload_zone_rules();
    if (loaded_.follower) {
      reload_unit();
      if (new_rules) {
        // The publication in force, loaded again under the new rules.
        if (auto again = loaded_.follower->reload(); !again) {
          log_.error(JournalEvent::schedule_unreadable, {{"store", loaded_.follower->path()},
                                                         {"error", again.error()},
                                                         {"in_force", in_force_}});
        } else {
          apply_publication();
        }
      }
      follow_store();
      notify("READY=1");
      notify_status();
      return;
    }
    auto loaded = load_all(options_);
    if (!loaded) {
      // The old schedule keeps routing; the operator sees why the new one was refused.
      for (const std::string& e : loaded.error())
        log_.error(JournalEvent::config_rejected, {{"error", e}});
      notify("READY=1\nSTATUS=configuration rejected; previous schedule in use");
      return;
    }
    if (loaded->unit->caller.kind == CallerPolicy::Kind::keyed_hash)
      loaded->unit->caller.key = loaded_.unit->caller.key;
    loaded_ = std::move(*loaded);
    server_->configure(loaded_.schedule, loaded_.unit);
    network_.configure(loaded_.unit);
    if (watch_) watch_->configure(loaded_.unit->watch);
    log_.info(JournalEvent::config_reloaded, {{"lines", std::to_string(line_count())}});
    notify("READY=1");
    notify_status();
    update_panel();
  }

  // The system's tz database again (Debian's tzdata may have changed Norway's rules). True when
  // the rules of a zone in use changed: the schedule must then be loaded again to use them.
  bool reload_zone_rules() {
    const ZoneReload z = reload_zones();
    for (const std::string& e : z.errors) log_.error(JournalEvent::tz_unreadable, {{"error", e}});
    if (z.changed.empty()) {
      log_.info(JournalEvent::tz_database,
                {{"directory", z.directory}, {"version", z.new_version}, {"changed", "none"}});
      return false;
    }
    std::string zones;
    for (const std::string& name : z.changed) zones += (zones.empty() ? "" : ",") + name;
    log_.warn(JournalEvent::tz_rules_changed, {{"directory", z.directory},
                                               {"old_version", z.old_version},
                                               {"new_version", z.new_version},
                                               {"zones", zones}});
    return true;
  }

  // With --store: the unit settings again, against the schedule in force.
  void reload_unit() {
    auto unit = load_unit(options_, *loaded_.schedule);
    if (!unit) {
      for (const std::string& e : unit.error())
        log_.error(JournalEvent::config_rejected, {{"error", e}});
      return;
    }
    if ((*unit)->caller.kind == CallerPolicy::Kind::keyed_hash)
      (*unit)->caller.key = loaded_.unit->caller.key;
    loaded_.unit = std::move(*unit);
    server_->configure(loaded_.schedule, loaded_.unit);
    network_.configure(loaded_.unit);
    if (watch_) watch_->configure(loaded_.unit->watch);
    log_.info(JournalEvent::config_reloaded, {{"lines", std::to_string(line_count())}});
  }

  // With --store: routes by a new publication as soon as it is committed.
  void follow_store() {
    auto changed = loaded_.follower->poll();
    if (!changed) {
      if (changed.error() != follow_error_) {
        follow_error_ = changed.error();
        log_.error(JournalEvent::schedule_unreadable, {{"store", loaded_.follower->path()},
                                                       {"error", changed.error()},
                                                       {"in_force", in_force_}});
      }
      return;
    }
    follow_error_.clear();
    if (*changed) apply_publication();
  }

  // Routes by the follower's current publication, unless the unit settings cannot take it.
  void apply_publication() {
    const store::PublishedSchedule& next = loaded_.follower->current();
    if (auto problems = unit_problems(*loaded_.unit, *next.schedule, options_.unit_file);
        !problems.empty()) {
      for (const std::string& e : problems) {
        log_.error(
            JournalEvent::schedule_refused,
            {{"versions", loaded_.follower->describe()}, {"error", e}, {"in_force", in_force_}});
      }
      return;
    }
    loaded_.schedule = next.schedule;
    server_->configure(loaded_.schedule, loaded_.unit);
    in_force_ = loaded_.follower->describe();
    log_.info(JournalEvent::schedule_published,
              {{"versions", in_force_}, {"lines", std::to_string(line_count())}});
    notify_status();
    update_panel();
  }

  void tick_follow() {
    if (!loaded_.follower || stopping_) return;
    follow_store();
    follow_timer_.expires_after(std::chrono::milliseconds(50));
    follow_timer_.async_wait([this](const asio::error_code& ec) {
      if (!ec) tick_follow();
    });
  }

  void shutdown() {
    if (stopping_) return;
    stopping_ = true;
    notify("STOPPING=1");
    log_.info(JournalEvent::samteld_stopping,
              {{"calls_in_progress", std::to_string(server_->calls_in_progress())}});
    server_->drain();
    drain_deadline_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.drain_seconds);
    wait_drained();
  }

  void wait_drained() {
    if (server_->calls_in_progress() == 0 || std::chrono::steady_clock::now() >= drain_deadline_) {
      // Answers held for their call-log records go out before the sockets close.
      call_log_->flush();
      io_.poll();
      network_.stop();
      status_timer_.cancel();
      watchdog_timer_.cancel();
      follow_timer_.cancel();
      signals_.cancel();
      asio::error_code ec;
      buttons_.close(ec);
      final_counters_ = server_->counters();
      server_.reset();
      io_.stop();
      return;
    }
    drain_timer_.expires_after(std::chrono::milliseconds(200));
    drain_timer_.async_wait([this](const asio::error_code& ec) {
      if (!ec) wait_drained();
    });
  }

  DaemonOptions options_;
  Loaded loaded_;
  std::unique_ptr<Clock> clock_;
  std::optional<Instant> clock_floor_;  // a clock before this is taken as unset
  asio::io_context io_;
  AsioTimers timers_{io_};  // destroyed after the server that uses them
  Logger log_;
  asio::signal_set signals_;
  AsioTransport network_;
  asio::steady_timer status_timer_, watchdog_timer_, drain_timer_, follow_timer_;
  std::string in_force_;      // with --store: the versions routed by, "st-olavs@12"
  std::string follow_error_;  // the last error reading the store, logged once
  asio::posix::stream_descriptor buttons_;
  std::unique_ptr<CallLog> call_log_;
  std::unique_ptr<SipServer> server_;
  Counters final_counters_;  // the server's, kept when it is gone at the stop
  std::unique_ptr<board::Board> board_;
  std::map<Fault, UnitFault> faults_;  // each with its message and since when
  std::optional<UnitWatch> watch_;     // from the start of routing
  CallTally tally_;                    // the calls appended to the call log, for the metrics
  Instant started_;
  bool status_outdated_ = false;    // a fault's message changed since status.json was written
  bool status_unwritable_ = false;  // the last write of status.json failed (and was logged)
  std::optional<std::string> reported_aside_;
  std::array<std::uint64_t, 11> summarised_{};  // the counters at the last summary
  std::uint64_t status_ticks_ = 0;
  std::uint64_t escaped_exceptions_ = 0;
  int page_ = 0;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;
};

Daemon::Daemon(DaemonOptions options, Loaded loaded, ClockSetup clock)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(loaded), std::move(clock))) {}
Daemon::~Daemon() = default;
int Daemon::run() { return impl_->run(); }

}  // namespace samtel::fw
