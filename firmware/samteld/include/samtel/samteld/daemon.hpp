#pragma once
// samtel/samteld/daemon.hpp — samteld as a whole: loads the sites and the unit's settings, opens
// the call log, the SIP transports and the board, wires them to the SIP core on one Asio event
// loop, and answers signals: SIGHUP reloads, SIGTERM/SIGINT drain and stop.
//
// Promises:
//  * `load_all()` lists every problem of every file with its place, and gives nothing unless all
//    are good; a reload that fails keeps the schedule in force and says why in the log.
//  * With `store` the schedule is the one published in the schedule store (store_follower.hpp):
//    the site files bootstrap an empty store only. The daemon looks for a new publication every
//    50 ms and routes by it from then on (logged `schedule.published` with the versions), unless
//    the unit settings name a line or desk it lacks (logged `schedule.refused`; the schedule in
//    force stays). A call in progress keeps the plan it started with. SIGHUP rereads the unit
//    settings and looks at the store at once.
//  * `clock_setup()` gives the wall clock to route by: the system clock, whose instants before the
//    build time count as unset (the unit booted without a set clock), or with `start_at` a clock
//    that starts there and runs on with the monotonic clock (no floor unless `clock_floor`).
//  * `Daemon::run()` returns 0 after a clean stop (calls in progress drained for up to
//    `drain_seconds`, every call-log record committed or in the journal), 2 when it cannot start
//    (the reason is logged and on stderr). One failing handler is logged and the loop goes on.
//  * It tells systemd (sd_notify) when it is ready, reloading, stopping, its status and faults,
//    and kicks systemd's and the board's watchdogs while the event loop turns.
//  * It writes `STATE_DIR/status.json` (samtel/status/unit_status.hpp; atomically, fsynced) when
//    it starts, when a fault is raised or cleared (a new message for a fault already raised at
//    the next 10-second tick), and "stopped" after a clean stop; times by the injected clock. A
//    file it cannot write is logged once (`samteld.status_unwritable`) and routing goes on.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/samteld/store_follower.hpp"
#include "samtel/schedule.hpp"
#include "samtel/time.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

struct DaemonOptions {
  std::vector<std::string> configs;  // site files; with `store`, only for its first start
  std::string store;                 // the schedule store to follow; empty: route by `configs`
  std::string unit_file;             // empty: the default unit settings
  std::string listen = "127.0.0.1:5060";
  std::string state_dir = "/var/lib/samtel";
  std::string start_at;     // local time, or empty for the system clock
  std::string clock_floor;  // local time, or empty for the default
  std::string board_file;   // empty: a simulated board in the state directory
  std::string log_level = "info";
  int drain_seconds = 30;
  bool no_board = false;
  std::string version = "0.0.0";  // samteld's, in status.json
};

struct Loaded {
  std::shared_ptr<const Schedule> schedule;
  std::shared_ptr<UnitConfig> unit;
  std::shared_ptr<StoreFollower> follower;  // with --store: where the schedule comes from
  std::vector<std::string> notes;           // what the open did (sites bootstrapped, ...)
};

tl::expected<Loaded, std::vector<std::string>> load_all(const DaemonOptions& options);
// The unit settings (`options.unit_file`, or the defaults), checked against `schedule`.
tl::expected<std::shared_ptr<UnitConfig>, std::vector<std::string>> load_unit(
    const DaemonOptions& options, const Schedule& schedule);
// What in `unit` names a line or desk that `schedule` lacks, one line each.
std::vector<std::string> unit_problems(const UnitConfig& unit, const Schedule& schedule,
                                       const std::string& unit_file);
// "2 site(s), 3 line(s)"
std::string summary(const Loaded& loaded);

struct ClockSetup {
  std::unique_ptr<Clock> clock;
  std::optional<Instant> floor;  // a clock before this is taken as unset
};
// `build_time`: the default floor of the system clock. Errors name the option.
tl::expected<ClockSetup, std::string> clock_setup(const DaemonOptions& options, const Zone& zone,
                                                  Instant build_time);

class Daemon {
 public:
  Daemon(DaemonOptions options, Loaded loaded, ClockSetup clock);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  int run();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samtel::fw
