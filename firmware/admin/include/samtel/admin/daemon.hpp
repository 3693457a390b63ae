#pragma once
// samtel/admin/daemon.hpp — samtel-admind as a whole: the options of its command line, and
// running it until SIGTERM or SIGINT.
//
// Promises:
//  * `run_daemon()` checks everything before it serves: the log format, the listen address, the
//    schedule store (`--store`, required; opened, created and migrated if needed, with
//    samtel/store), the loopback rule of http_server.hpp and the TLS files. A refusal is one
//    line on standard error (and in the log) and exit status 2; nothing is served.
//  * It logs `admin.store` with how many sites are published and how many accounts are active,
//    and warns (`admin.no_accounts`) when there are none: no one can sign in until one is made
//    with `samtel user add --store FILE --name NAME --role administrator`.
//  * It serves the store's accounts (store_accounts.hpp) and resources (schedule_resources.hpp);
//    `--call-log` (samteld's calls.db, read-only) is optional: without it `GET /api/v1/calls`
//    answers 503. `--unit-status` (samteld's status.json) is optional too: without it, or when
//    it cannot be read, `GET /api/v1/unit` answers the state "unknown".
//  * `GET /metrics` (metrics_resource.hpp) serves `unit_metrics` (samteld's metrics.txt); with
//    `metrics_token_file` only to a scraper giving that token, else only on loopback. A token
//    file that cannot be read or holds no usable token is a refusal naming it.
//  * With `--call-log`, the call log's retention (samtel/admin/call_log_retention.hpp) runs once a
//    day at 03:30 local time, checked once a minute, by the retention of `--unit` (unit.json;
//    the defaults without it; a file with problems is a refusal naming each); each run is logged
//    as `retention.purged` with its counts, or `retention.failed`.
//  * `start_at` (local time in the first published site's zone, or with Z/offset) starts the
//    service's clock there, as samteld's `--start-at` does: previews, sessions and audit times
//    then count from it. A time that cannot be read is a refusal naming the option.
//  * The web page's files come from `web_root` (web_files.hpp), read once at start and logged as
//    `admin.web_page` with their count. When the directory was named on the command line
//    (`web_root_given`) and cannot be read, that is a refusal; when it is only the default and
//    missing, the API is served without a page and `admin.no_web_page` says why.
//  * The `deviation_*` options are the rules that make deviation candidates for
//    `/api/v1/sites/{site}/deviations`; their defaults are DeviationRules' own.
//  * `requests_per_second` limits each source's requests (429 beyond); 0 lifts the limit, for a
//    unit whose only client is a trusted tool on loopback, and for benchmarks.
//  * Under systemd (`Type=notify`) it says READY=1 once its socket is bound, and with
//    `WatchdogSec=` sends WATCHDOG=1 every half of it while the server is in its accept loop and
//    the store's lock can be taken (service_manager/notify.hpp).
//  * Once serving it logs `admin.started` with the address, the port and whether TLS is on; on
//    SIGTERM or SIGINT it stops taking connections, lets the requests in progress finish, logs
//    `admin.stopped` and returns 0.
//
//   DaemonOptions o;
//   o.listen = "127.0.0.1:8443";
//   o.store = "/var/lib/samtel/schedule.db";
//   return run_daemon(o);
#include <string>

namespace samtel::fw::admin {

struct DaemonOptions {
  std::string listen = "127.0.0.1:8443";
  std::string store;     // the schedule store's file (required)
  std::string call_log;  // samteld's call log, read-only; empty: none
  std::string tls_cert, tls_key;
  std::string log_format = "logfmt";  // or "json"
  std::string log_level = "info";     // debug, info, warning
  std::string version = "0.1.0";
  double requests_per_second = 10;  // per source, after a burst of 40; 0: no limit
  std::string start_at;  // the clock starts here and runs on (tests, demonstrations); "": system
  std::string web_root = "/usr/share/samtel/web";  // the web page's files
  bool web_root_given = false;                     // named on the command line: must be there
  std::string unit_status;                         // samteld's status.json; empty: none
  std::string unit_metrics;        // samteld's metrics.txt for GET /metrics; empty: none
  std::string metrics_token_file;  // the scraper's bearer token; empty: loopback only
  std::string mail_command = "/usr/sbin/sendmail -t -oi";  // notices by e-mail (the local MTA)
  std::string mail_from = "samtel@localhost";
  std::string sip_notice_from;  // the From URI of notices by SIP MESSAGE; "": sip:samtel@<address>
  double notice_interval = 5;   // seconds between the notifier's looks
  // What makes a deviation candidate (samtel/deviations.hpp, DeviationRules): a wait longer than
  // this many seconds, a caller again within this many minutes, calls grouped within this many.
  int deviation_long_wait_s = 60;
  int deviation_repeat_within_min = 30;
  int deviation_group_within_min = 15;
  std::string
      unit;  // the unit's settings (unit.json), for the call log's retention; empty: defaults
};

// Exit status for the program: 0 stopped cleanly, 2 refused to start.
int run_daemon(const DaemonOptions& options);

}  // namespace samtel::fw::admin
