#pragma once
// samtel/admin/daemon.hpp — samtel-admind as a whole: the options of its command line, and
// running it until SIGTERM or SIGINT.
//
// Promises:
//  * `run_daemon()` checks everything before it serves: the listen address (parse and the
//    loopback rule of http_server.hpp), the TLS files, the log format. A refusal is one line on
//    standard error (and in the log) and exit status 2; nothing is served.
//  * Once serving it logs `admin.started` with the address, the port and whether TLS is on; on
//    SIGTERM or SIGINT it stops taking connections, lets the requests in progress finish, logs
//    `admin.stopped` and returns 0.
//  * The schedule store (`--store`) is not there yet: the file is kept in the options and named
//    in the log, and the service runs with no accounts (no one can sign in; health answers).
//
//   DaemonOptions o;
//   o.listen = "127.0.0.1:8443";
//   return run_daemon(o);
#include <string>

namespace samtel::fw::admin {

struct DaemonOptions {
  std::string listen = "127.0.0.1:8443";
  std::string store;  // the schedule store's file (samtel/store, to come)
  std::string tls_cert, tls_key;
  std::string log_format = "logfmt";  // or "json"
  std::string log_level = "info";     // debug, info, warning
  std::string version = "0.1.0";
};

// Exit status for the program: 0 stopped cleanly, 2 refused to start.
int run_daemon(const DaemonOptions& options);

}  // namespace samtel::fw::admin
