#pragma once
// samtel/admin/commands.hpp — `samtel admin ...`: the administrators' commands against
// samtel-admind (docs/admin.md), as a library the `samtel` command line registers (and tests call
// directly).
//
// Promises:
//  * `add_admin_commands()` adds the subcommand `admin` to a CLI11 app, with `--url` (or
//    SAMTEL_URL; default http://127.0.0.1:8443), `--token` (or SAMTEL_TOKEN) and `--ca-cert` (or
//    SAMTEL_CA_CERT); an option given wins over the environment. After parsing, `chosen` says
//    which command was asked for. The commands:
//      - sessions: `login`, `logout`, `health`;
//      - reading: `who`, `route`, `sites`, `versions`, `export`, `audit`, `calls`;
//      - changing: `override add|remove`, `swap`, `shift add`, `special-day add`, `hours set`,
//        `preview`, `publish`, `import` (kind site_replace), `roster import` (a roster file, CSV
//        or iCalendar, read by the service into one shifts_import), and `rollback`.
//      - calendar feeds: `feed add` (prints the feed's whole URL, the only time it is shown),
//        `feed list`, `feed revoke`.
//      - `statistics`: the statistics for the partners over a month, quarter, year or dates, as
//        JSON, CSV, the printable HTML report, or that report as PDF printed by Chromium
//        (headless, from a local file) — checked for before any request.
//      - deviation candidates: `deviations list` (a site's candidates over --from..--to, local
//        dates, with their status) and `deviations review` (--filed REF, --dismissed REASON or
//        --explained TEXT, exactly one).
//      - the call log's retention: `retention run [--dry-run]` (an administrator) applies it now
//        and prints the counts.
//  * `run_admin_command()` does it and gives the exit status of client.hpp: 0 ok, 1 usage (a bad
//    URL, no token where one is needed, a required option missing, a number that is not one), 2
//    invalid input (a file or JSON argument that cannot be read) or a refusal (4xx, 409 included),
//    3 the service cannot be reached or failed (5xx). Every error is one line on `err`, beginning
//    "samtel admin: ". A usage error or unreadable input sends no request at all.
//  * Paths, fields and statuses are the admin API's (docs/admin.md); the change commands send the
//    library's change kinds (docs/changes.md), built from the options.
//  * A change command reads the site's published version (the base), asks for a preview and
//    prints its summary and plain-language text, then, unless `--preview-only`, publishes with
//    that base and prints "published version N". `roster import` sends the file's text to the
//    service's roster-import (publish false, then true); a file with problems is printed one
//    problem a line, "FILE:LINE: message", and nothing is published (exit 2). `--json` prints the
//    service's JSON answers instead of text (a change command: `{"preview": ..., "publish": ...}`);
//    `export` prints the site's document itself, which loads back to the same schedule.
//  * `login` asks for the password without echo when standard input is a terminal, else reads
//    one line from it (for scripts); it prints only the token on `out` (so that
//    `SAMTEL_TOKEN=$(samtel admin login --user kari)` works), or with `--token-file FILE` writes
//    it there, readable by its owner only, and prints nothing on `out`. Who signed in, with which
//    role and until when, goes to `err`.
//
//   AdminOptions options;
//   std::optional<AdminCommand> chosen;
//   add_admin_commands(app, options, chosen);
//   app.parse(argc, argv);
//   if (chosen) return run_admin_command(*chosen, options, terminal);
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace samtel::fw::admin {

enum class AdminCommand {
  // sessions
  login,
  logout,
  health,
  // reading
  who,
  route,
  sites,
  versions,
  export_site,
  audit,
  calls,
  // changing
  override_add,
  override_remove,
  swap,
  shift_add,
  special_day_add,
  hours_set,
  maintenance_add,
  maintenance_remove,
  preview,
  publish,
  import_site,
  roster_import,
  rollback,
  // calendar feeds
  feed_add,
  feed_list,
  feed_revoke,
  // statistics for the partners
  statistics,
  // deviation candidates
  deviations_list,
  deviations_review,
  // the call log's retention
  retention_run,
};
// The words on the command line: "override add", "special-day add", "export".
std::string_view to_string(AdminCommand c);

// The options of the change commands, as given (empty: not given).
struct ChangeOptions {
  std::string rota, role, person, start, end, replaces, reason;
  std::string index;                              // override remove; checked when run
  std::vector<std::string> occurrences;           // swap: exactly two
  std::string address, note;                      // shift add
  std::string name, date, last, treat_as, hours;  // special-day add; hours set (--hours)
  bool closed = false;                            // special-day add
  std::string from;                               // hours set: the date it takes effect
  std::string id;                                 // maintenance add, remove: the window's id
  std::vector<std::string> lines;                 // maintenance add: the lines (default: all)
  std::string change;                             // preview, publish: JSON or @FILE
  std::string format;  // roster import: "csv" or "ical"; "": from the file's name
  std::string comment;
  bool confirm_gaps = false;
  bool preview_only = false;
};

// `deviations list` and `deviations review`, as given (empty: not given).
struct DeviationOptions {
  std::string status;                       // list: open, filed, dismissed or explained
  std::string key;                          // review: the candidate's key
  std::string filed, dismissed, explained;  // review: the reference, reason or explanation
};

struct AdminOptions {
  std::string url = "http://127.0.0.1:8443";
  std::string token;
  std::string ca_cert;
  int timeout_seconds = 10;
  std::string user;        // login
  std::string token_file;  // login: write the token here instead of printing it
  bool json = false;       // print the service's JSON answer instead of text
  std::string site;
  std::string at, line, desk;  // who, route; line and desk also special-day add, hours set
  std::string limit, after;    // versions, audit, calls; numbers checked when run
  std::string version;         // export, rollback
  std::string from, to;        // calls: dates
  std::string output;          // export: a file instead of standard output
  std::string file;            // import: the site's file; roster import: the roster's
  std::string person;          // feed add
  std::string feed;            // feed revoke: the feed's id
  bool dry_run = false;        // retention run: count only
  ChangeOptions change;
  // statistics: one of month, quarter, year or from/to; json|csv|html|pdf; shared|internal;
  // the Chromium that prints a PDF (a name looked up in PATH, or a path).
  std::string month, quarter, year, format, disclosure;
  std::string chromium = "chromium";
  DeviationOptions deviation;
};

// Where a command reads and writes; `interactive`: `in` is a terminal (prompt without echo).
struct Terminal {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool interactive = false;
};

// Adds `admin` and its subcommands to `app`; returns the `admin` subcommand.
CLI::App* add_admin_commands(CLI::App& app, AdminOptions& options,
                             std::optional<AdminCommand>& chosen);

int run_admin_command(AdminCommand command, const AdminOptions& options, Terminal& terminal);

}  // namespace samtel::fw::admin
