// samteld — the desk unit's daemon: takes calls for the samhandlingstelefon from the exchange over
// SIP (UDP and TCP), decides with the core library whom to ring, and redirects or proxies the call;
// keeps the call log; drives the front panel (board) and the watchdogs. This file only parses the
// command line and runs the daemon (samtel/samteld/daemon.hpp).
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <sodium.h>

#include "samtel/samteld/daemon.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/schedule_store.hpp"

#ifndef SAMTEL_BUILD_EPOCH
#define SAMTEL_BUILD_EPOCH 0
#endif
#ifndef SAMTEL_VERSION
#define SAMTEL_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace samtel::fw;
  if (sodium_init() < 0) {
    std::cerr << "samteld: cannot initialise libsodium\n";
    return 2;
  }
  DaemonOptions o;
  o.version = SAMTEL_VERSION;
  std::string check_config;
  bool schema_versions = false;
  CLI::App app{
      "samteld — routes calls for the samhandlingstelefon (SIP redirect server and proxy)"};
  app.set_version_flag("--version", "samteld " SAMTEL_VERSION);
  // A missing configuration or unit file is a configuration that failed (exit 2, the loader says
  // why).
  app.add_option("--config", o.configs,
                 "Site configuration file (JSON); repeat for several sites. With --store, only "
                 "for the store's first start");
  app.add_option("--store", o.store,
                 "Route by the schedule published in this schedule store (SQLite), following "
                 "each new publication");
  app.add_option("--unit", o.unit_file,
                 "Unit settings (trusted peers, routing mode per line, limits)");
  app.add_option("--listen", o.listen, "Address and port for SIP over UDP and TCP")
      ->capture_default_str();
  app.add_option("--state-dir", o.state_dir, "Directory for the call log database and the log file")
      ->capture_default_str();
  app.add_option(
      "--start-at", o.start_at,
      "Start the daemon's clock at this local time (YYYY-MM-DDTHH:MM[:SS], or with Z/offset) "
      "and run forward from there; for tests and the simulator");
  app.add_option(
      "--clock-floor", o.clock_floor,
      "Take a clock before this time as unset (default: the build time for the system clock; "
      "no floor with --start-at)");
  app.add_option("--board", o.board_file,
                 "Board description (default: a simulated board in the state directory)")
      ->check(CLI::ExistingFile);
  app.add_flag("--no-board", o.no_board, "Run without a front panel");
  app.add_option("--log-level", o.log_level, "debug, info or warning")
      ->check(CLI::IsMember({"debug", "info", "warning"}))
      ->capture_default_str();
  app.add_option("--drain-seconds", o.drain_seconds,
                 "On SIGTERM, wait this long for calls in progress")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  app.add_option("--check-config", check_config,
                 "Check a site configuration file (and --unit) and exit");
  app.add_flag("--schema-versions", schema_versions,
               "Print the schema versions this samteld migrates schedule.db and calls.db to, and "
               "exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  if (schema_versions) {
    std::cout << "schedule.db " << store::ScheduleStore::schema_version() << "\ncalls.db "
              << CallLog::kSchemaVersion << '\n';
    return 0;
  }
  if (!check_config.empty()) {
    o.configs = {check_config};
    o.store.clear();
  }
  if (o.configs.empty() && o.store.empty()) {
    std::cerr << "samteld: give the schedule: --store FILE, or --config FILE\n";
    return 1;
  }
  auto loaded = load_all(o);
  if (!loaded) {
    for (const std::string& e : loaded.error()) std::cerr << e << '\n';
    std::cerr << "samteld: configuration rejected (" << loaded.error().size() << " problem(s))\n";
    return 2;
  }
  if (!check_config.empty()) {
    std::cout << check_config << ": OK (" << summary(*loaded) << ")\n";
    return 0;
  }
  auto clock = clock_setup(o, *loaded->schedule->sites().front().zone,
                           samtel::Instant{std::chrono::seconds{SAMTEL_BUILD_EPOCH}});
  if (!clock) {
    std::cerr << "samteld: " << clock.error() << '\n';
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  Daemon d(std::move(o), std::move(*loaded), std::move(*clock));
  return d.run();
}
