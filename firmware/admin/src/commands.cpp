// `samtel admin`: the command line's shape (the subcommands and their options) and the dispatch
// to the groups — sessions (session_commands.cpp), reading (read_commands.cpp), changing
// (change_commands.cpp builds a change, publish.cpp sends it), calendar feeds
// (feed_commands.cpp), statistics (statistics_commands.cpp), deviation candidates
// (deviation_commands.cpp).
#include "samtel/admin/commands.hpp"

#include <algorithm>

#include "command_support.hpp"

namespace samtel::fw::admin {
namespace {

enum class Group { session, read, change, feed, statistics, deviation, retention };

Group group_of(AdminCommand c) {
  switch (c) {
    case AdminCommand::login:
    case AdminCommand::logout:
    case AdminCommand::health: return Group::session;
    case AdminCommand::who:
    case AdminCommand::route:
    case AdminCommand::sites:
    case AdminCommand::versions:
    case AdminCommand::export_site:
    case AdminCommand::audit:
    case AdminCommand::calls: return Group::read;
    case AdminCommand::override_add:
    case AdminCommand::override_remove:
    case AdminCommand::swap:
    case AdminCommand::shift_add:
    case AdminCommand::special_day_add:
    case AdminCommand::hours_set:
    case AdminCommand::maintenance_add:
    case AdminCommand::maintenance_remove:
    case AdminCommand::preview:
    case AdminCommand::publish:
    case AdminCommand::import_site:
    case AdminCommand::roster_import:
    case AdminCommand::rollback: return Group::change;
    case AdminCommand::feed_add:
    case AdminCommand::feed_list:
    case AdminCommand::feed_revoke: return Group::feed;
    case AdminCommand::statistics: return Group::statistics;
    case AdminCommand::deviations_list:
    case AdminCommand::deviations_review: return Group::deviation;
    case AdminCommand::retention_run: return Group::retention;
  }
  return Group::session;
}

bool needs_token(AdminCommand c) { return c != AdminCommand::login && c != AdminCommand::health; }

// How long `retention run` waits for the service at least: the first purge after years of calls
// (a year of numbers and records takes about 30 s in short batches) must not time out here while
// the service goes on.
constexpr std::chrono::seconds kRetentionRunWait{900};

std::optional<AdminClient> make_client(AdminCommand command, const AdminOptions& o, Terminal& t,
                                       int& code) {
  auto url = parse_base_url(o.url);
  if (!url) {
    code = fail(t, kExitUsage, url.error());
    return std::nullopt;
  }
  ClientOptions c;
  c.url = *url;
  c.token = o.token;
  c.ca_file = o.ca_cert;
  c.timeout = std::chrono::seconds(o.timeout_seconds);
  if (command == AdminCommand::retention_run) c.timeout = std::max(c.timeout, kRetentionRunWait);
  return std::optional<AdminClient>(std::in_place, std::move(c));
}

// Registers one command: `chosen` is set when the command line names it.
CLI::App* command(CLI::App* parent, const char* name, const char* description, AdminCommand c,
                  std::optional<AdminCommand>& chosen) {
  CLI::App* sub = parent->add_subcommand(name, description);
  sub->callback([&chosen, c] { chosen = c; });
  return sub;
}

void add_json(CLI::App* sub, AdminOptions& o) {
  sub->add_flag("--json", o.json, "print the service's JSON answer instead of text");
}

void add_site(CLI::App* sub, AdminOptions& o) {
  sub->add_option("--site", o.site, "the site's id (required)");
}

// What every change command takes besides its own fields.
void add_publishing(CLI::App* sub, AdminOptions& o, bool preview_only_option = true) {
  add_site(sub, o);
  sub->add_option("--comment", o.change.comment, "why, for the version's history");
  sub->add_flag("--confirm-gaps", o.change.confirm_gaps,
                "publish even though the change leaves a desk open with nobody on duty");
  if (preview_only_option) {
    sub->add_flag("--preview-only", o.change.preview_only, "show the preview; publish nothing");
  }
  add_json(sub, o);
}

void add_reading(CLI::App* admin, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  CLI::App* who =
      command(admin, "who", "who is on duty, per line and desk", AdminCommand::who, chosen);
  who->add_option("--at", o.at, "time, local to the site or with Z / +HH:MM (default: now)");
  add_json(who, o);

  CLI::App* route = command(admin, "route", "whom a call would ring at a given time",
                            AdminCommand::route, chosen);
  route->add_option("--line", o.line, "the dialled number (required)");
  route->add_option("--at", o.at, "time, local to the line or with Z / +HH:MM (required)");
  route->add_option("--desk", o.desk, "desk id (default: the line's default desk)");
  add_json(route, o);

  add_json(command(admin, "sites", "the sites, their published versions, lines and desks",
                   AdminCommand::sites, chosen),
           o);

  CLI::App* versions =
      command(admin, "versions", "a site's versions, newest first", AdminCommand::versions, chosen);
  add_site(versions, o);
  versions->add_option("--limit", o.limit, "at most this many");
  add_json(versions, o);

  CLI::App* exp = command(admin, "export", "a site's document (the published one, or --version)",
                          AdminCommand::export_site, chosen);
  add_site(exp, o);
  exp->add_option("--version", o.version, "a version's id (default: the published one)");
  exp->add_option("--output", o.output, "write it to this file instead of standard output");

  CLI::App* audit = command(admin, "audit", "the audit trail, oldest first (administrators)",
                            AdminCommand::audit, chosen);
  audit->add_option("--after", o.after, "entries after this sequence number");
  audit->add_option("--limit", o.limit, "at most this many");
  add_json(audit, o);

  CLI::App* calls =
      command(admin, "calls", "the call log between two dates", AdminCommand::calls, chosen);
  calls->add_option("--from", o.from, "first date, YYYY-MM-DD (required)");
  calls->add_option("--to", o.to, "last date, YYYY-MM-DD (required)");
  calls->add_option("--after", o.after, "calls after this one (the `next` of an earlier page)");
  calls->add_option("--limit", o.limit, "at most this many");
  add_json(calls, o);
}

void add_changing(CLI::App* admin, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  ChangeOptions& c = o.change;

  CLI::App* override_cmd = admin->add_subcommand("override", "someone covers a role for a time");
  override_cmd->require_subcommand(1);
  CLI::App* override_add = command(override_cmd, "add", "add an override (kind override_add)",
                                   AdminCommand::override_add, chosen);
  override_add->add_option("--rota", c.rota, "the rota's id (required)");
  override_add->add_option("--role", c.role, "the role's id (required)");
  override_add->add_option("--person", c.person, "who covers (required)");
  override_add->add_option("--start", c.start, "local start time (required)");
  override_add->add_option("--end", c.end, "local end time (required)");
  override_add->add_option("--replaces", c.replaces, "whom the override replaces");
  override_add->add_option("--reason", c.reason, "why (required)");
  add_publishing(override_add, o);
  CLI::App* override_remove =
      command(override_cmd, "remove", "remove an override (kind override_remove)",
              AdminCommand::override_remove, chosen);
  override_remove->add_option("--rota", c.rota, "the rota's id (required)");
  override_remove->add_option("--index", c.index,
                              "the override's position in the published list, from 0 (required)");
  add_publishing(override_remove, o);

  CLI::App* swap = command(admin, "swap", "two occurrences of a role change hands (kind swap_add)",
                           AdminCommand::swap, chosen);
  swap->add_option("--rota", c.rota, "the rota's id (required)");
  swap->add_option("--role", c.role, "the role's id (required)");
  swap->add_option("--occurrence", c.occurrences,
                   "an occurrence's local start time; give it twice (required)");
  swap->add_option("--reason", c.reason, "why (required)");
  add_publishing(swap, o);

  CLI::App* shift_cmd = admin->add_subcommand("shift", "one-off shifts");
  shift_cmd->require_subcommand(1);
  CLI::App* shift_add =
      command(shift_cmd, "add", "add a shift (kind shift_add)", AdminCommand::shift_add, chosen);
  shift_add->add_option("--rota", c.rota, "the rota's id (required)");
  shift_add->add_option("--role", c.role, "the role's id (required)");
  shift_add->add_option("--person", c.person, "who (required)");
  shift_add->add_option("--start", c.start, "local start time (required)");
  shift_add->add_option("--end", c.end, "local end time (required)");
  shift_add->add_option("--address", c.address, "the label of the person's address to ring");
  shift_add->add_option("--note", c.note, "a note");
  add_publishing(shift_add, o);

  CLI::App* special_cmd = admin->add_subcommand("special-day", "days with hours of their own");
  special_cmd->require_subcommand(1);
  CLI::App* special_add =
      command(special_cmd, "add", "add a dated special day (kind special_day_add)",
              AdminCommand::special_day_add, chosen);
  special_add->add_option("--name", c.name, "its name (required)");
  special_add->add_option("--date", c.date, "YYYY-MM-DD (required)");
  special_add->add_option("--last", c.last, "the last date, for a range of days");
  // Exactly one of the three, checked when run.
  special_add->add_option("--treat-as", c.treat_as, "a day type whose hours it takes");
  special_add->add_flag("--closed", c.closed, "closed all day");
  special_add->add_option("--hours", c.hours,
                          "windows of its own, JSON or @FILE ('[\"10:00-15:00\"]')");
  special_add->add_option("--line", o.line, "a line's list (default: the site's)");
  special_add->add_option("--desk", o.desk, "a desk's list");
  add_publishing(special_add, o);

  CLI::App* hours_cmd = admin->add_subcommand("hours", "opening hours");
  hours_cmd->require_subcommand(1);
  CLI::App* hours_set = command(hours_cmd, "set", "hours from a date on (kind hours_set)",
                                AdminCommand::hours_set, chosen);
  hours_set->add_option("--line", o.line, "the line's number (required)");
  hours_set->add_option("--desk", o.desk, "a desk's own hours (default: the line's)");
  hours_set->add_option("--from", c.from, "the date they take effect (required)");
  hours_set->add_option("--hours", c.hours,
                        "JSON or @FILE: {\"weekday\": [\"08:00-16:00\"], ...} (required)");
  add_publishing(hours_set, o);

  CLI::App* maintenance_cmd = admin->add_subcommand(
      "maintenance", "planned maintenance: calls go to the maintenance fallback");
  maintenance_cmd->require_subcommand(1);
  CLI::App* maintenance_add =
      command(maintenance_cmd, "add", "plan a maintenance window (kind maintenance_add)",
              AdminCommand::maintenance_add, chosen);
  maintenance_add->add_option("--id", c.id, "the window's id, unique in the site (required)");
  maintenance_add->add_option("--start", c.start, "local start time (required)");
  maintenance_add->add_option("--end", c.end, "local end time (required)");
  maintenance_add->add_option("--reason", c.reason, "why, as the notices say it (required)");
  maintenance_add->add_option("--line", c.lines, "a line it covers; repeat (default: every line)");
  add_publishing(maintenance_add, o);
  CLI::App* maintenance_remove =
      command(maintenance_cmd, "remove", "cancel a maintenance window (kind maintenance_remove)",
              AdminCommand::maintenance_remove, chosen);
  maintenance_remove->add_option("--id", c.id, "the window's id (required)");
  add_publishing(maintenance_remove, o);

  CLI::App* preview = command(admin, "preview", "how a change (any kind, as JSON) would route",
                              AdminCommand::preview, chosen);
  add_site(preview, o);
  preview->add_option("--change", c.change, "the change as JSON, or @FILE (required)");
  add_json(preview, o);

  CLI::App* publish = command(admin, "publish", "preview and publish a change given as JSON",
                              AdminCommand::publish, chosen);
  publish->add_option("--change", c.change, "the change as JSON, or @FILE (required)");
  add_publishing(publish, o);

  CLI::App* import = command(admin, "import", "replace a site by a file (kind site_replace)",
                             AdminCommand::import_site, chosen);
  import->add_option("file", o.file, "the site's file (required)");
  add_publishing(import, o);

  CLI::App* roster_cmd = admin->add_subcommand("roster", "rosters from the rostering system");
  roster_cmd->require_subcommand(1);
  CLI::App* roster_import = command(
      roster_cmd, "import", "a roster file, CSV or iCalendar, as one change (shifts_import)",
      AdminCommand::roster_import, chosen);
  roster_import->add_option("file", o.file, "the roster file, .csv or .ics (required)");
  roster_import->add_option("--rota", c.rota, "the rota's id (required)");
  roster_import->add_option("--role", c.role,
                            "iCalendar: the role of events whose SUMMARY names none");
  roster_import->add_option("--format", c.format,
                            "csv or ical (default: from the file's name, .csv or .ics)");
  add_publishing(roster_import, o);

  CLI::App* rollback = command(admin, "rollback", "publish an earlier version's schedule again",
                               AdminCommand::rollback, chosen);
  add_site(rollback, o);
  rollback->add_option("--version", o.version, "the earlier version's id (required)");
  rollback->add_option("--comment", c.comment, "why, for the version's history");
  add_json(rollback, o);
}

void add_feeds(CLI::App* admin, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  CLI::App* feed_cmd =
      admin->add_subcommand("feed", "duty calendars that consultants subscribe to on a phone");
  feed_cmd->require_subcommand(1);
  CLI::App* add = command(feed_cmd, "add", "make a feed; prints its URL, shown only now",
                          AdminCommand::feed_add, chosen);
  add_site(add, o);
  add->add_option("--person", o.person, "a person's duty in every rota of the site");
  add->add_option("--desk", o.desk, "who holds each role of a desk's rota");
  add->add_option("--line", o.line, "the desk's line, when the desk id is on several");
  CLI::App* list = command(feed_cmd, "list", "the feeds you made (an administrator: all)",
                           AdminCommand::feed_list, chosen);
  list->add_option("--site", o.site, "only this site's");
  add_json(list, o);
  CLI::App* revoke = command(feed_cmd, "revoke", "revoke a feed: its URL opens nothing from now on",
                             AdminCommand::feed_revoke, chosen);
  revoke->add_option("id", o.feed, "the feed's id, as `feed list` shows it (required)");
}

void add_statistics(CLI::App* admin, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  CLI::App* stats = command(admin, "statistics",
                            "the statistics for the partners, as JSON, CSV, a report or a PDF",
                            AdminCommand::statistics, chosen);
  add_site(stats, o);
  stats->add_option("--month", o.month, "a month, YYYY-MM");
  stats->add_option("--quarter", o.quarter, "a quarter, YYYY-Qn");
  stats->add_option("--year", o.year, "a year, YYYY");
  stats->add_option("--from", o.from, "first date, YYYY-MM-DD (with --to)");
  stats->add_option("--to", o.to, "last date, YYYY-MM-DD (with --from)");
  stats->add_option("--format", o.format, "json (default), csv, html or pdf");
  stats->add_option("--disclosure", o.disclosure,
                    "shared (default: counts 1 to 4 as <5) or internal");
  stats->add_option("--output", o.output, "write it to this file (required for pdf)");
  stats->add_option("--chromium", o.chromium, "the Chromium that prints a PDF")
      ->envname("SAMTEL_CHROMIUM")
      ->capture_default_str();
}

void add_deviations(CLI::App* admin, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  CLI::App* cmd = admin->add_subcommand(
      "deviations", "deviation candidates (samhandlingsavvik) for a person to review");
  cmd->require_subcommand(1);
  CLI::App* list = command(cmd, "list", "a site's candidates between two local dates",
                           AdminCommand::deviations_list, chosen);
  add_site(list, o);
  list->add_option("--from", o.from, "first date, YYYY-MM-DD (required)");
  list->add_option("--to", o.to, "last date, YYYY-MM-DD (required)");
  list->add_option("--status", o.deviation.status, "only open, filed, dismissed or explained ones");
  add_json(list, o);
  CLI::App* review = command(cmd, "review", "decide on a candidate: filed, dismissed or explained",
                             AdminCommand::deviations_review, chosen);
  add_site(review, o);
  review->add_option("--key", o.deviation.key,
                     "the candidate's key, as `list` shows it (required)");
  review->add_option("--filed", o.deviation.filed, "filed: the deviation system's reference");
  review->add_option("--dismissed", o.deviation.dismissed, "dismissed: why it is no deviation");
  review->add_option("--explained", o.deviation.explained, "explained: the explanation");
  add_json(review, o);
}

}  // namespace

std::string_view to_string(AdminCommand c) {
  switch (c) {
    case AdminCommand::login: return "login";
    case AdminCommand::logout: return "logout";
    case AdminCommand::health: return "health";
    case AdminCommand::who: return "who";
    case AdminCommand::route: return "route";
    case AdminCommand::sites: return "sites";
    case AdminCommand::versions: return "versions";
    case AdminCommand::export_site: return "export";
    case AdminCommand::audit: return "audit";
    case AdminCommand::calls: return "calls";
    case AdminCommand::override_add: return "override add";
    case AdminCommand::override_remove: return "override remove";
    case AdminCommand::swap: return "swap";
    case AdminCommand::shift_add: return "shift add";
    case AdminCommand::special_day_add: return "special-day add";
    case AdminCommand::hours_set: return "hours set";
    case AdminCommand::maintenance_add: return "maintenance add";
    case AdminCommand::maintenance_remove: return "maintenance remove";
    case AdminCommand::preview: return "preview";
    case AdminCommand::publish: return "publish";
    case AdminCommand::import_site: return "import";
    case AdminCommand::roster_import: return "roster import";
    case AdminCommand::rollback: return "rollback";
    case AdminCommand::feed_add: return "feed add";
    case AdminCommand::feed_list: return "feed list";
    case AdminCommand::feed_revoke: return "feed revoke";
    case AdminCommand::statistics: return "statistics";
    case AdminCommand::deviations_list: return "deviations list";
    case AdminCommand::deviations_review: return "deviations review";
    case AdminCommand::retention_run: return "retention run";
  }
  return "health";
}

CLI::App* add_admin_commands(CLI::App& app, AdminOptions& o, std::optional<AdminCommand>& chosen) {
  CLI::App* admin = app.add_subcommand("admin", "talk to the admin service (samtel-admind)");
  admin->require_subcommand(1);
  admin->add_option("--url", o.url, "the service, https://HOST:PORT (http:// only to 127.0.0.1)")
      ->envname("SAMTEL_URL")
      ->capture_default_str();
  admin->add_option("--token", o.token, "a token from `samtel admin login`")
      ->envname("SAMTEL_TOKEN");
  admin
      ->add_option("--ca-cert", o.ca_cert, "the authority (or the unit's own certificate) to trust")
      ->envname("SAMTEL_CA_CERT");
  admin->add_option("--timeout", o.timeout_seconds, "seconds to wait for the service")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();

  CLI::App* login_cmd = command(
      admin, "login", "sign in: asks for the password (or reads a line from standard input)",
      AdminCommand::login, chosen);
  login_cmd->add_option("--user", o.user, "the account")->required();
  login_cmd->add_option("--token-file", o.token_file,
                        "write the token to this file (owner only) instead of printing it");
  command(admin, "logout", "end the session of --token", AdminCommand::logout, chosen);
  command(admin, "health", "whether the service answers, and its version", AdminCommand::health,
          chosen);

  add_reading(admin, o, chosen);
  add_changing(admin, o, chosen);
  add_feeds(admin, o, chosen);
  add_statistics(admin, o, chosen);
  add_deviations(admin, o, chosen);
  CLI::App* retention_cmd = admin->add_subcommand("retention", "the call log's retention");
  retention_cmd->require_subcommand(1);
  CLI::App* run = command(retention_cmd, "run",
                          "apply it now (administrator): blank old callers' numbers, delete old "
                          "records after keeping their months' statistics (waits up to 15 minutes)",
                          AdminCommand::retention_run, chosen);
  run->add_flag("--dry-run", o.dry_run, "count what it would do; change nothing");
  add_json(run, o);
  return admin;
}

int run_admin_command(AdminCommand command, const AdminOptions& o, Terminal& t) {
  int code = kExitOk;
  auto client = make_client(command, o, t, code);
  if (!client) return code;
  if (needs_token(command) && o.token.empty()) {
    return fail(t, kExitUsage,
                std::string(to_string(command)) + ": no token; give --token or set SAMTEL_TOKEN");
  }
  switch (group_of(command)) {
    case Group::session: return run_session_command(command, *client, o, t);
    case Group::read: return run_read_command(command, *client, o, t);
    case Group::change: return run_change_command(command, *client, o, t);
    case Group::feed: return run_feed_command(command, *client, o, t);
    case Group::statistics: return run_statistics_command(command, *client, o, t);
    case Group::deviation: return run_deviation_command(command, *client, o, t);
    case Group::retention: return run_retention_command(command, *client, o, t);
  }
  return fail(t, kExitUsage, "unknown command");
}

}  // namespace samtel::fw::admin
