// Building the change a change command sends, as the library's change kinds write it
// (docs/changes.md, samtel/site_change.hpp): the options given become the fields, a field left
// out is not sent. Checks only what the command line itself must say (required options, numbers,
// readable JSON); the service checks the rest against the site. A roster import sends the file's
// text, which the service reads into the change.
#include <filesystem>

#include "command_support.hpp"
#include "samtel/roster_import.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

using Result = tl::expected<Json, CommandError>;

// The first of `checks` that failed, if any.
std::optional<CommandError> first(std::initializer_list<std::optional<CommandError>> checks) {
  for (const auto& c : checks) {
    if (c) return c;
  }
  return std::nullopt;
}

void put_if_given(Json& change, const char* key, const std::string& value) {
  if (!value.empty()) change[key] = value;
}

Result override_add(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::override_add;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--rota", c.rota), require(k, "--role", c.role),
                      require(k, "--person", c.person), require(k, "--start", c.start),
                      require(k, "--end", c.end), require(k, "--reason", c.reason)})) {
    return tl::unexpected(*e);
  }
  Json change{{"kind", "override_add"}, {"rota", c.rota},   {"role", c.role},
              {"person", c.person},     {"start", c.start}, {"end", c.end}};
  put_if_given(change, "replaces", c.replaces);
  change["reason"] = c.reason;
  return change;
}

Result override_remove(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::override_remove;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--rota", c.rota), require(k, "--index", c.index)})) {
    return tl::unexpected(*e);
  }
  auto index = parse_number(k, "--index", c.index);
  if (!index) return tl::unexpected(index.error());
  return Json{{"kind", "override_remove"}, {"rota", c.rota}, {"index", *index}};
}

Result swap(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::swap;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--rota", c.rota), require(k, "--role", c.role),
                      require(k, "--reason", c.reason)})) {
    return tl::unexpected(*e);
  }
  if (c.occurrences.size() != 2) {
    return tl::unexpected(
        CommandError{kExitUsage,
                     "swap: give --occurrence twice, the local start times of the two "
                     "occurrences that change hands (given " +
                         std::to_string(c.occurrences.size()) + ")"});
  }
  return Json{{"kind", "swap_add"},
              {"rota", c.rota},
              {"role", c.role},
              {"occurrences", c.occurrences},
              {"reason", c.reason}};
}

Result shift_add(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::shift_add;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--rota", c.rota), require(k, "--role", c.role),
                      require(k, "--person", c.person), require(k, "--start", c.start),
                      require(k, "--end", c.end)})) {
    return tl::unexpected(*e);
  }
  Json change{{"kind", "shift_add"}, {"rota", c.rota},   {"role", c.role},
              {"person", c.person},  {"start", c.start}, {"end", c.end}};
  put_if_given(change, "address", c.address);
  put_if_given(change, "note", c.note);
  return change;
}

Result special_day_add(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::special_day_add;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--name", c.name), require(k, "--date", c.date)})) {
    return tl::unexpected(*e);
  }
  const int ways = int{!c.treat_as.empty()} + int{c.closed} + int{!c.hours.empty()};
  if (ways != 1) {
    return tl::unexpected(
        CommandError{kExitUsage,
                     "special-day add: give exactly one of --treat-as DAYTYPE, --closed and "
                     "--hours JSON"});
  }
  Json change{{"kind", "special_day_add"}, {"name", c.name}};
  change["date"] = c.last.empty() ? Json(c.date) : Json::array({c.date, c.last});
  if (!c.treat_as.empty()) change["treat_as"] = c.treat_as;
  if (c.closed) change["hours"] = Json::array();
  if (!c.hours.empty()) {
    auto hours = read_json_argument(k, "--hours", c.hours);
    if (!hours) return hours;
    change["hours"] = std::move(*hours);
  }
  put_if_given(change, "line", o.line);
  put_if_given(change, "desk", o.desk);
  return change;
}

Result hours_set(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::hours_set;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--line", o.line), require(k, "--from", c.from),
                      require(k, "--hours", c.hours)})) {
    return tl::unexpected(*e);
  }
  auto hours = read_json_argument(k, "--hours", c.hours);
  if (!hours) return hours;
  Json change{{"kind", "hours_set"}, {"line", o.line}};
  put_if_given(change, "desk", o.desk);
  change["from"] = c.from;
  change["hours"] = std::move(*hours);
  return change;
}

// preview, publish: any kind, given whole.
Result as_given(AdminCommand k, const AdminOptions& o) {
  if (auto e = require(k, "--change", o.change.change)) return tl::unexpected(*e);
  auto change = read_json_argument(k, "--change", o.change.change);
  if (!change) return change;
  if (!change->is_object() || !change->contains("kind")) {
    return tl::unexpected(CommandError{
        kExitInvalid, std::string(to_string(k)) +
                          ": --change must be a JSON object with a \"kind\" (docs/changes.md)"});
  }
  return change;
}

Result site_replace(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::import_site;
  if (auto e = require(k, "FILE", o.file)) return tl::unexpected(*e);
  auto site = read_json_file(k, o.file);
  if (!site) return site;
  if (!site->is_object()) {
    return tl::unexpected(
        CommandError{kExitInvalid, "import: " + o.file + " is not a JSON object"});
  }
  return Json{{"kind", "site_replace"}, {"site", std::move(*site)}};
}

// The line `offset` is on, counting LF, CRLF and a lone CR as line ends (as the readers do).
std::size_t line_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

}  // namespace

tl::expected<Json, CommandError> build_roster_import(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::roster_import;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "FILE", o.file), require(k, "--rota", c.rota)})) {
    return tl::unexpected(*e);
  }
  const auto format =
      c.format.empty() ? roster_format_of_file(o.file) : roster_format_from_string(c.format);
  if (!format) {
    return tl::unexpected(CommandError{
        kExitUsage,
        c.format.empty()
            ? "roster import: cannot tell the format of " + quote_value(o.file) +
                  " from its name (.csv or .ics); give --format csv or --format ical"
            : "roster import: --format " + quote_value(c.format) + " is neither csv nor ical"});
  }
  auto text = read_text_file(k, o.file);
  if (!text) return tl::unexpected(std::move(text.error()));
  // JSON carries only UTF-8: a file in another encoding is refused here, where its line is known.
  if (const auto at = first_non_utf8(*text)) {
    return tl::unexpected(CommandError{
        kExitInvalid, "roster import: " + o.file + ":" + std::to_string(line_of(*text, *at)) +
                          ": not UTF-8 text; export the roster as UTF-8"});
  }
  Json request{{"format", to_string(*format)},
               {"source", std::filesystem::path(o.file).filename().string()},
               {"rota", c.rota}};
  put_if_given(request, "role", c.role);
  request["text"] = std::move(*text);
  return request;
}

Result maintenance_add(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::maintenance_add;
  const ChangeOptions& c = o.change;
  if (auto e = first({require(k, "--id", c.id), require(k, "--start", c.start),
                      require(k, "--end", c.end), require(k, "--reason", c.reason)})) {
    return tl::unexpected(*e);
  }
  Json change{{"kind", "maintenance_add"},
              {"id", c.id},
              {"start", c.start},
              {"end", c.end},
              {"reason", c.reason}};
  if (!c.lines.empty()) change["lines"] = c.lines;
  return change;
}

Result maintenance_remove(const AdminOptions& o) {
  const AdminCommand k = AdminCommand::maintenance_remove;
  if (auto e = require(k, "--id", o.change.id)) return tl::unexpected(*e);
  return Json{{"kind", "maintenance_remove"}, {"id", o.change.id}};
}

tl::expected<Json, CommandError> build_change(AdminCommand c, const AdminOptions& o) {
  switch (c) {
    case AdminCommand::override_add: return override_add(o);
    case AdminCommand::override_remove: return override_remove(o);
    case AdminCommand::swap: return swap(o);
    case AdminCommand::shift_add: return shift_add(o);
    case AdminCommand::special_day_add: return special_day_add(o);
    case AdminCommand::hours_set: return hours_set(o);
    case AdminCommand::maintenance_add: return maintenance_add(o);
    case AdminCommand::maintenance_remove: return maintenance_remove(o);
    case AdminCommand::preview:
    case AdminCommand::publish: return as_given(c, o);
    case AdminCommand::import_site: return site_replace(o);
    default:
      return tl::unexpected(
          CommandError{kExitUsage, std::string(to_string(c)) + ": not a change of the schedule"});
  }
}

}  // namespace samtel::fw::admin
