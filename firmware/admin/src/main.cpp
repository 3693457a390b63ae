// samtel-admind — the admin service of the desk unit: JSON over HTTP(S) for administrators (the
// web page and `samtel admin`), in a process of its own so that it can stop or fail without
// touching a call. This file only parses the command line and runs it (samtel/admin/daemon.hpp).
#include <CLI/CLI.hpp>

#include "samtel/admin/daemon.hpp"

#ifndef SAMTEL_VERSION
#define SAMTEL_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  samtel::fw::admin::DaemonOptions o;
  o.version = SAMTEL_VERSION;
  CLI::App app{"samtel-admind — the admin service (JSON over HTTP(S)) for samtel"};
  app.set_version_flag("--version", "samtel-admind " SAMTEL_VERSION);
  app.add_option("--listen", o.listen,
                 "ADDRESS:PORT to listen on; plain HTTP only on a loopback address")
      ->capture_default_str();
  app.add_option("--store", o.store,
                 "The schedule store (SQLite file shared with samteld); required");
  app.add_option("--call-log", o.call_log,
                 "samteld's call log (calls.db), read-only; without it /api/v1/calls answers 503");
  app.add_option("--unit", o.unit,
                 "The unit's settings (unit.json): the call log's retention; default: 90 days for "
                 "callers' numbers, 1826 for call records");
  app.add_option("--unit-status", o.unit_status,
                 "samteld's status file (status.json); without it /api/v1/unit answers unknown");
  app.add_option("--unit-metrics", o.unit_metrics,
                 "samteld's metrics file (STATE_DIR/metrics.txt), served at GET /metrics");
  app.add_option("--metrics-token-file", o.metrics_token_file,
                 "A file holding the bearer token a scraper gives for GET /metrics; without it, "
                 "GET /metrics is served on loopback only");
  app.add_option("--tls-cert", o.tls_cert, "Certificate (chain) for HTTPS, PEM");
  app.add_option("--tls-key", o.tls_key, "Private key for HTTPS, PEM, without a passphrase");
  app.add_option("--start-at", o.start_at,
                 "Start the service's clock at this local time (or with Z/offset) and run forward "
                 "from there; for tests and demonstrations, as samteld's");
  auto* web_root =
      app.add_option("--web-root", o.web_root, "The web page's files (HTML, CSS, JavaScript)")
          ->capture_default_str();
  app.add_option("--requests-per-second", o.requests_per_second,
                 "Requests each source may make per second, after a burst of 40; 0: no limit")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  app.add_option("--mail-command", o.mail_command,
                 "The local MTA's sendmail command that takes a notice's e-mail on its standard "
                 "input (words split at spaces, no shell)")
      ->capture_default_str();
  app.add_option("--mail-from", o.mail_from, "The From address of notices sent by e-mail")
      ->capture_default_str();
  app.add_option("--sip-notice-from", o.sip_notice_from,
                 "The From URI (sip:user@host) of notices sent by SIP MESSAGE; default: "
                 "sip:samtel@ADDRESS, ADDRESS the unit's own that the message leaves from");
  app.add_option("--notice-interval", o.notice_interval,
                 "Seconds between the notifier's looks at samteld's status and the schedule")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  app.add_option("--deviation-long-wait", o.deviation_long_wait_s,
                 "A deviation candidate: a call answered after more than SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--deviation-repeat-within", o.deviation_repeat_within_min,
                 "A deviation candidate: the same caller again within MINUTES of a call that "
                 "reached nobody")
      ->check(CLI::Range(1, 1440))
      ->capture_default_str();
  app.add_option("--deviation-group-within", o.deviation_group_within_min,
                 "Calls of one kind within MINUTES of each other make one deviation candidate")
      ->check(CLI::Range(1, 1440))
      ->capture_default_str();
  app.add_option("--log-format", o.log_format, "logfmt or json")
      ->check(CLI::IsMember({"logfmt", "json"}))
      ->capture_default_str();
  app.add_option("--log-level", o.log_level, "debug, info or warning")
      ->check(CLI::IsMember({"debug", "info", "warning"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  o.web_root_given = web_root->count() > 0;
  return samtel::fw::admin::run_daemon(o);
}
