#pragma once
// command_support.hpp (internal) — what the files of `samtel admin` share: failing with one line,
// numbers and JSON from the command line, the service's values as table cells, and each group's
// entry point (sessions, reading, changing, calendar feeds), called by commands.cpp once the client
// is made.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/admin/client.hpp"
#include "samtel/admin/commands.hpp"

namespace samtel::fw::admin {

using Json = AnswerJson;

// Writes "samtel admin: " + message on one line to `err` and gives `code`.
int fail(Terminal& t, int code, const std::string& message);
int fail(Terminal& t, const ClientFailure& failure);

// Why the command line cannot be run as given: the exit status and the message.
struct CommandError {
  int code = kExitUsage;
  std::string message;
};
int fail(Terminal& t, const CommandError& error);

// "<command>: <option> is required" (exit 1) when `value` is empty.
std::optional<CommandError> require(AdminCommand c, const char* option, const std::string& value);

// A whole number 0..max from `option`'s text (exit 1 otherwise).
tl::expected<std::int64_t, CommandError> parse_number(AdminCommand c, const char* option,
                                                      const std::string& text,
                                                      std::int64_t max = 999'999'999'999);

// JSON from an option: the text itself, or the file after '@' ("@hours.json"). A file that cannot
// be read or text that is not JSON is invalid input (exit 2).
tl::expected<Json, CommandError> read_json_argument(AdminCommand c, const char* option,
                                                    const std::string& text);
tl::expected<Json, CommandError> read_json_file(AdminCommand c, const std::string& path);
// A file's bytes as they are; one that cannot be read is invalid input (exit 2).
tl::expected<std::string, CommandError> read_text_file(AdminCommand c, const std::string& path);

// "?a=1&b=x" of the pairs whose value is not empty, values encoded; "" when none is.
std::string query(const std::vector<std::pair<const char*, std::string>>& pairs);

// "/api/v1/sites/<site, encoded>".
std::string site_path(const std::string& site);

// A value of the service's as a table cell: text as is (control characters escaped), numbers as
// digits, true "yes", false "no", null or absent "-".
std::string cell(const Json& value);
std::string cell(const Json& object, const char* key);

// The service's answer as it is, indented, on `out`.
void print_json(Terminal& t, const Json& answer);

// The groups of commands (commands.cpp has checked the token where one is needed).
int run_session_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_read_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_change_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_feed_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_statistics_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_deviation_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);
int run_retention_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t);

// The change a change command sends (docs/changes.md), built from its options; or why not,
// before any request.
tl::expected<Json, CommandError> build_change(AdminCommand c, const AdminOptions& o);

// The body of a roster import (POST /sites/{site}/roster-import) but its "base" and "publish":
// {"format", "source" (the file's name), "rota", "role" (when given), "text"}; or why not (no file
// or rota, a format neither given nor told by the file's name, a file that cannot be read or is
// not UTF-8), before any request.
tl::expected<Json, CommandError> build_roster_import(const AdminOptions& o);

}  // namespace samtel::fw::admin
