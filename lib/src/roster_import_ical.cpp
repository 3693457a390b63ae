// Reading a roster exported as iCalendar (samtel/roster_import.hpp): content lines unfolded and
// split (RFC 5545 section 3.1), components nested, and each VEVENT a row: its times with TZID, in
// UTC or floating, its person from ATTENDEE or SUMMARY. Only what a roster needs is read; what the
// site decides about the rows is roster_import.cpp's.
#include <utility>

#include "roster_rows.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

struct ContentLine {
  std::size_t line = 0;                                     // the physical line it starts on
  std::string name;                                         // upper case: "DTSTART"
  std::vector<std::pair<std::string, std::string>> params;  // names upper case, values unquoted
  std::string value;

  const std::string* param(std::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

struct LogicalLine {
  std::size_t line = 0;
  std::string text;
};

// Lines beginning with a space or a tab continue the one before (folding); empty lines are left
// out.
std::vector<LogicalLine> unfold(std::string_view text) {
  std::vector<LogicalLine> out;
  const std::vector<std::string_view> lines = physical_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !out.empty()) {
      out.back().text.append(l.substr(1));
    } else if (!l.empty()) {
      out.push_back(LogicalLine{i + 1, std::string(l)});
    }
  }
  return out;
}

// name *(";" param) ":" value; a parameter's value may be in double quotes.
std::optional<ContentLine> parse_content_line(const LogicalLine& l) {
  const std::string_view s = l.text;
  ContentLine out;
  out.line = l.line;
  std::size_t pos = s.find_first_of(";:");
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  out.name = upper(s.substr(0, pos));
  while (s[pos] == ';') {
    const std::size_t eq = s.find('=', pos + 1);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = upper(s.substr(pos + 1, eq - pos - 1));
    std::size_t end = eq + 1;
    std::string value;
    if (end < s.size() && s[end] == '"') {
      const std::size_t close = s.find('"', end + 1);
      if (close == std::string_view::npos) return std::nullopt;
      value = std::string(s.substr(end + 1, close - end - 1));
      end = close + 1;
    } else {
      end = s.find_first_of(";:", end);
      if (end == std::string_view::npos) return std::nullopt;
      value = std::string(s.substr(eq + 1, end - eq - 1));
    }
    out.params.emplace_back(key, std::move(value));
    pos = end;
    if (pos >= s.size()) return std::nullopt;
  }
  if (s[pos] != ':') return std::nullopt;
  out.value = std::string(s.substr(pos + 1));
  return out;
}

// A TEXT value (SUMMARY) unescaped: \\ \; \, and \n or \N for a line break.
std::string unescape_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[i + 1];
      if (c == 'n' || c == 'N') {
        out += '\n';
        ++i;
        continue;
      }
      if (c == '\\' || c == ';' || c == ',') {
        out += c;
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::optional<int> fixed_digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// DTSTART or DTEND: `20270112T080000` with TZID, the same with `Z` (UTC), or floating (the site's
// zone). A date alone (an all-day event) is not a shift.
std::optional<Instant> event_time(const ContentLine& p, std::size_t line, const Zone& site_zone,
                                  ProblemList& problems) {
  const std::string value(trim(p.value));
  const std::string* tzid = p.param("TZID");
  const std::string* type = p.param("VALUE");
  if ((type != nullptr && upper(*type) == "DATE") || value.size() == 8) {
    problems.add(line, p.name,
                 p.name + " " + quote_value(value) +
                     " is a date: all-day events are not imported (give the shift's start and end "
                     "times)");
    return std::nullopt;
  }
  const bool utc = value.size() == 16 && (value[15] == 'Z' || value[15] == 'z');
  const auto y = fixed_digits(value, 0, 4), mo = fixed_digits(value, 4, 2),
             d = fixed_digits(value, 6, 2), h = fixed_digits(value, 9, 2),
             mi = fixed_digits(value, 11, 2), s = fixed_digits(value, 13, 2);
  if ((value.size() != 15 && !utc) || (value[8] != 'T' && value[8] != 't') || !y || !mo || !d ||
      !h || !mi || !s) {
    problems.add(line, p.name,
                 p.name + ": bad date-time " + quote_value(value) +
                     " (expected e.g. 20270112T080000, with Z for UTC)");
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*mo)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *s > 59) {
    problems.add(line, p.name, p.name + ": no such date-time " + quote_value(value));
    return std::nullopt;
  }
  if (*y < 1970 || *y > 2199) {
    problems.add(line, p.name,
                 p.name + " " + quote_value(value) + " is out of range (years 1970 to 2199)");
    return std::nullopt;
  }
  const auto wall = std::chrono::hours{*h} + std::chrono::minutes{*mi} + std::chrono::seconds{*s};
  if (utc) {
    if (tzid != nullptr) {
      problems.add(line, p.name,
                   p.name + " " + quote_value(value) +
                       " is in UTC ('Z') and says TZID=" + quote_value(*tzid) + " too");
      return std::nullopt;
    }
    return Instant{date::sys_days{ymd}} + wall;
  }
  const Zone* zone = &site_zone;
  if (tzid != nullptr) {
    // A TZID starting with '/' names a zone from a global registry: the IANA one, hopefully.
    auto found = find_zone(*tzid);
    if (!found && !tzid->empty() && (*tzid)[0] == '/') found = find_zone(tzid->substr(1));
    if (!found) {
      problems.add(line, p.name, p.name + ": " + found.error());
      return std::nullopt;
    }
    zone = *found;
  }
  return resolve_wall_clock(*zone, LocalSeconds{LocalDays{ymd}} + wall, p.name, line, p.name,
                            problems);
}

struct Event {
  std::size_t line = 0;  // of BEGIN:VEVENT
  std::vector<ContentLine> properties;

  std::vector<const ContentLine*> all(std::string_view name) const {
    std::vector<const ContentLine*> out;
    for (const ContentLine& p : properties) {
      if (p.name == name) out.push_back(&p);
    }
    return out;
  }
};

// The role ids of the rota named for the import, to tell "backup nes" from a name.
const Rota* named_rota(const Site& site, std::string_view id) {
  for (const Rota& r : site.rotas) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool is_role_word(const Rota* rota, std::string_view word) {
  if (rota == nullptr || word.empty()) return false;
  const std::string w = fold_case(word);
  for (const Role& r : rota->roles) {
    if (fold_case(r.id) == w) return true;
  }
  return false;
}

// One event as a row; nullopt when it is cancelled or cannot be one (said why).
std::optional<RosterRow> read_event(const Event& e, const Site& site,
                                    const RosterImportOptions& options, ProblemList& problems) {
  for (std::string_view repeating : {"RRULE", "RDATE"}) {
    if (!e.all(repeating).empty()) {
      problems.add(e.line, std::string(repeating),
                   "repeating events are not imported; export them expanded");
      return std::nullopt;
    }
  }
  for (const ContentLine* status : e.all("STATUS")) {
    if (upper(trim(status->value)) == "CANCELLED") return std::nullopt;
  }
  bool whole = true;
  for (std::string_view once : {"DTSTART", "DTEND", "SUMMARY"}) {
    if (e.all(once).size() > 1) {
      problems.add(e.line, std::string(once), std::string(once) + " is given more than once");
      whole = false;
    }
  }
  if (!whole) return std::nullopt;

  RosterRow row;
  row.line = e.line;
  row.start_column = "DTSTART";
  row.end_column = "DTEND";
  if (const auto start = e.all("DTSTART"); start.empty()) {
    problems.add(e.line, "DTSTART", "no DTSTART");
  } else {
    row.start = event_time(*start.front(), e.line, *site.zone, problems);
  }
  if (const auto end = e.all("DTEND"); !end.empty()) {
    row.end = event_time(*end.front(), e.line, *site.zone, problems);
  } else if (!e.all("DURATION").empty()) {
    problems.add(e.line, "DURATION", "DURATION is not read; export the events with DTEND");
  } else {
    problems.add(e.line, "DTEND", "no DTEND");
  }

  const auto summaries = e.all("SUMMARY");
  const std::string summary =
      summaries.empty() ? std::string() : std::string(trim(unescape_text(summaries[0]->value)));
  const std::size_t space = summary.find_first_of(" \t");
  const std::string first_word = summary.substr(0, space);
  const std::string rest =
      space == std::string::npos ? std::string() : std::string(trim(summary.substr(space)));
  const bool role_named = is_role_word(named_rota(site, options.rota), first_word);
  if (role_named) {
    row.role = first_word;
    row.role_column = "SUMMARY";
  } else if (!options.role.empty()) {
    row.role = options.role;
  } else {
    problems.add(e.line, "SUMMARY",
                 "no role: SUMMARY " + quote_value(summary) +
                     " does not start with a role of the rota, and no role was given for the "
                     "import");
    whole = false;
  }

  const auto attendees = e.all("ATTENDEE");
  if (attendees.size() > 1) {
    problems.add(e.line, "ATTENDEE",
                 std::to_string(attendees.size()) +
                     " attendees: an event is one person's shift (name the person in SUMMARY or "
                     "one ATTENDEE)");
    return std::nullopt;
  }
  if (attendees.size() == 1) {
    const std::string* cn = attendees[0]->param("CN");
    if (cn == nullptr || trim(*cn).empty()) {
      problems.add(e.line, "ATTENDEE", "ATTENDEE has no CN (the person's id or name)");
      return std::nullopt;
    }
    row.person = *cn;
    row.person_column = "ATTENDEE";
  } else if (summary.empty()) {
    problems.add(e.line, "SUMMARY", "no person: the event has neither SUMMARY nor ATTENDEE");
    return std::nullopt;
  } else {
    row.person = role_named ? rest : summary;
    row.person_column = "SUMMARY";
  }
  if (!whole) return std::nullopt;
  return row;
}

}  // namespace

RosterImportResult read_roster_ical(const Site& site, std::string_view text,
                                    const RosterImportOptions& options) {
  ProblemList problems(options.source);
  const auto readable = readable_text(site, text, problems);
  if (!readable) return tl::unexpected(problems.take());
  text = *readable;
  if (options.rota.empty()) {
    problems.add(0, "",
                 "no rota: give the rota's id for the import (an iCalendar file names none)");
    return tl::unexpected(problems.take());
  }
  const std::vector<LogicalLine> lines = unfold(text);
  if (lines.empty() || (lines.size() == 1 && trim(lines[0].text).empty())) {
    problems.add(0, "", "the file is empty");
    return tl::unexpected(problems.take());
  }
  if (upper(trim(lines[0].text)) != "BEGIN:VCALENDAR") {
    problems.add(lines[0].line, "",
                 "not an iCalendar file: it starts with " + quote_value(lines[0].text) +
                     " where BEGIN:VCALENDAR was expected");
    return tl::unexpected(problems.take());
  }

  struct Open {
    std::string name;
    std::size_t line;
  };
  std::vector<Open> open;  // the components begun and not yet ended, outermost first
  std::optional<Event> event;
  std::vector<RosterRow> rows;
  std::size_t events = 0;
  for (const LogicalLine& l : lines) {
    auto content = parse_content_line(l);
    if (!content) {
      problems.add(event ? event->line : l.line, "",
                   "not an iCalendar content line (NAME:value): " + quote_value(l.text));
      continue;
    }
    if (content->name == "BEGIN") {
      const std::string component = upper(trim(content->value));
      if (open.empty() && component != "VCALENDAR") {
        problems.add(l.line, "", "BEGIN:" + component + " outside BEGIN:VCALENDAR");
        return tl::unexpected(problems.take());
      }
      if (component == "VEVENT" && open.size() == 1) {
        if (++events > kMaxRosterRows) {
          problems.add(l.line, "",
                       "more than " + std::to_string(kMaxRosterRows) +
                           " events; split the roster into files of at most that many");
          return tl::unexpected(problems.take());
        }
        event = Event{l.line, {}};
      }
      open.push_back(Open{component, l.line});
    } else if (content->name == "END") {
      const std::string component = upper(trim(content->value));
      if (open.empty() || open.back().name != component) {
        problems.add(l.line, "",
                     "END:" + component +
                         (open.empty() ? std::string(" without its BEGIN")
                                       : " where BEGIN:" + open.back().name + " of line " +
                                             std::to_string(open.back().line) + " is open"));
        return tl::unexpected(problems.take());
      }
      open.pop_back();
      if (component == "VEVENT" && open.size() == 1 && event) {
        if (auto row = read_event(*event, site, options, problems)) rows.push_back(std::move(*row));
        event.reset();
      }
    } else if (open.empty()) {
      problems.add(l.line, "", "content after END:VCALENDAR: " + quote_value(l.text));
      return tl::unexpected(problems.take());
    } else if (event && open.size() == 2) {
      event->properties.push_back(std::move(*content));
    }
  }
  if (!open.empty()) {
    problems.add(open.back().line, "",
                 "BEGIN:" + open.back().name + " is never closed (END:" + open.back().name + ")");
    return tl::unexpected(problems.take());
  }
  if (events == 0) problems.add(0, "", "no events in the file");
  return check_rows(site, rows, std::move(problems), options);
}

}  // namespace samtel
