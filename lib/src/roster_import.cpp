// Rows of a roster file turned into an import and the import into a change request
// (samtel/roster_import.hpp): what the site decides about each row, whichever reader found it.
// The CSV reader is roster_import_csv.cpp, the iCalendar reader roster_import_ical.cpp.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

#include "roster_rows.hpp"
#include "samtel/period.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::json;

std::string byte_text(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
  return buf;
}

// "08:00" of a wall-clock time.
std::string wall_text(LocalSeconds t) {
  return date::format("%H:%M", date::floor<std::chrono::minutes>(t));
}

// Optimal string alignment distance (Levenshtein with adjacent transpositions): 'nse' is one
// from 'nes'.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// " (did you mean 'nes'?)" when exactly one person's id or name is close to `given`; "" else.
std::string did_you_mean(const Site& site, std::string_view given) {
  constexpr std::size_t kLongestGuess = 64;  // no id is longer; names rarely
  if (given.empty() || given.size() > kLongestGuess) return "";
  const std::string g = fold_case(given);
  const std::size_t allowed = g.size() <= 4 ? 1 : g.size() <= 8 ? 2 : 3;
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::optional<std::size_t> who;
  bool tie = false;
  for (std::size_t i = 0; i < site.people.size(); ++i) {
    const Person& p = site.people[i];
    const std::size_t d =
        std::min(edit_distance(g, fold_case(p.id)), p.name.size() > kLongestGuess
                                                        ? std::numeric_limits<std::size_t>::max()
                                                        : edit_distance(g, fold_case(p.name)));
    if (d < best) {
      best = d;
      who = i;
      tie = false;
    } else if (d == best) {
      tie = true;
    }
  }
  if (!who || tie || best > allowed) return "";
  return " (did you mean " + quote_value(site.people[*who].id) + "?)";
}

// The person a row names: by id, by id or name without regard to case when only one person has
// it. Else nullopt and what is wrong.
tl::expected<std::size_t, std::string> find_person(const Site& site, std::string_view given) {
  for (std::size_t i = 0; i < site.people.size(); ++i) {
    if (site.people[i].id == given) return i;
  }
  const std::string g = fold_case(given);
  for (const bool by_name : {false, true}) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < site.people.size(); ++i) {
      if (fold_case(by_name ? site.people[i].name : site.people[i].id) == g) found.push_back(i);
    }
    if (found.size() == 1) return found.front();
    if (found.size() > 1) {
      std::string ids;
      for (std::size_t i : found) ids += (ids.empty() ? "" : ", ") + site.people[i].id;
      return tl::unexpected(quote_value(given) + " names several people (" + ids +
                            "); give the id");
    }
  }
  return tl::unexpected("person " + quote_value(given) + " is not in the site" +
                        did_you_mean(site, given));
}

std::string role_ids(const Rota& rota) {
  std::string out;
  for (const Role& r : rota.roles) out += (out.empty() ? "" : ", ") + r.id;
  return out;
}

// The role a row names, by id or by id or name without regard to case when only one role has it.
tl::expected<std::size_t, std::string> find_role(const Rota& rota, std::string_view given) {
  for (std::size_t i = 0; i < rota.roles.size(); ++i) {
    if (rota.roles[i].id == given) return i;
  }
  const std::string g = fold_case(given);
  for (const bool by_name : {false, true}) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < rota.roles.size(); ++i) {
      if (fold_case(by_name ? rota.roles[i].name : rota.roles[i].id) == g) found.push_back(i);
    }
    if (found.size() == 1) return found.front();
  }
  return tl::unexpected("unknown role " + quote_value(given) + " (rota " + quote_value(rota.id) +
                        " has " + role_ids(rota) + ")");
}

tl::expected<std::size_t, std::string> find_rota(const Site& site, std::string_view given) {
  std::string known;
  for (std::size_t i = 0; i < site.rotas.size(); ++i) {
    if (site.rotas[i].id == given) return i;
    known += (known.empty() ? "" : ", ") + site.rotas[i].id;
  }
  return tl::unexpected("unknown rota " + quote_value(given) +
                        " (known: " + (known.empty() ? "none" : known) + ")");
}

// "Overlege Tor Nes as primary 2027-03-01 08:00 – 2027-03-02 08:00".
std::string shift_words(const Site& site, const Rota& rota, std::size_t role, std::size_t person,
                        Instant start, Instant end) {
  return site.people[person].name + " as " + rota.roles[role].id + " " +
         format_local(*site.zone, start) + " – " + format_local(*site.zone, end);
}

// Rows of one role that overlap: each is reported at the row starting later, naming the other.
void check_overlaps(const Site& site, const Rota& rota, const std::vector<ImportedShift>& shifts,
                    const std::vector<const RosterRow*>& rows, ProblemList& problems) {
  std::vector<std::size_t> order(shifts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (shifts[a].role != shifts[b].role) return shifts[a].role < shifts[b].role;
    return shifts[a].start < shifts[b].start;
  });
  std::optional<std::size_t> reach;  // of this role so far, the shift that ends last
  for (std::size_t k = 0; k < order.size(); ++k) {
    const ImportedShift& s = shifts[order[k]];
    if (reach && shifts[*reach].role != s.role) reach.reset();
    if (reach && s.start < shifts[*reach].end) {
      const ImportedShift& o = shifts[*reach];
      problems.add(s.line, rows[order[k]]->start_column,
                   "overlaps the shift on line " + std::to_string(o.line) + " (" +
                       shift_words(site, rota, o.role, o.person, o.start, o.end) + ")");
    }
    if (!reach || shifts[*reach].end < s.end) reach = order[k];
  }
  // The rota's own shifts stay: a row may not overlap one (which would win is not the file's to
  // say), so a roster imported twice is refused rather than doubled.
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    const ImportedShift& s = shifts[i];
    for (const DutyShift& d : rota.shifts) {
      if (d.role != s.role || !(d.start < s.end && s.start < d.end)) continue;
      problems.add(s.line, rows[i]->start_column,
                   "overlaps a shift the rota has already (" +
                       shift_words(site, rota, d.role, d.person, d.start, d.end) +
                       "): remove it first, or leave this row out");
      break;
    }
  }
}

// The rota of the import: `options.rota`, or the one all rows name.
std::optional<std::size_t> import_rota(const Site& site, const std::vector<RosterRow>& rows,
                                       const RosterImportOptions& options, ProblemList& problems) {
  std::optional<std::size_t> rota;
  if (!options.rota.empty()) {
    auto found = find_rota(site, options.rota);
    if (found) {
      rota = *found;
    } else {
      problems.add(0, "", found.error());
    }
  }
  const RosterRow* first = nullptr;  // the first row naming its rota, without options.rota
  for (const RosterRow& row : rows) {
    if (row.rota.empty()) {
      if (options.rota.empty()) {
        problems.add(row.line, row.rota_column,
                     "no rota (give the rota's id here, or for the whole import)");
      }
    } else if (!options.rota.empty()) {
      if (row.rota != options.rota) {
        problems.add(row.line, row.rota_column,
                     "rota " + quote_value(row.rota) + " in a roster imported for rota " +
                         quote_value(options.rota) + " (one import is one rota's roster)");
      }
    } else if (first == nullptr) {
      first = &row;
      auto found = find_rota(site, row.rota);
      if (found) {
        rota = *found;
      } else {
        problems.add(row.line, row.rota_column, found.error());
      }
    } else if (row.rota != first->rota) {
      problems.add(row.line, row.rota_column,
                   "rota " + quote_value(row.rota) + " where line " + std::to_string(first->line) +
                       " has " + quote_value(first->rota) +
                       " (one import is one rota's roster: import each rota's rows on their own)");
    }
  }
  return rota;
}

// The time as the site's file writes it: local, "2027-03-01T08:00", with the offset only where
// the wall-clock time happens twice ("2026-10-25T02:30+01:00").
std::string document_time(const Zone& zone, Instant t) {
  const bool twice = zone.get_info(to_local(zone, t)).result == date::local_info::ambiguous;
  std::string text = twice ? format_local_offset(zone, t) : format_local(zone, t);
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  return text;
}

}  // namespace

std::string ImportProblem::to_string() const {
  return source + (line == 0 ? std::string() : ":" + std::to_string(line)) + ": " + message;
}

ImportProblems ProblemList::take() {
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
  return std::move(problems_);
}

std::vector<std::string_view> physical_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back(text.substr(begin, i - begin));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    begin = i + 1;
  }
  if (begin < text.size()) lines.push_back(text.substr(begin));
  return lines;
}

bool check_utf8(std::string_view text, ProblemList& problems) {
  if (!first_non_utf8(text)) return true;
  const std::vector<std::string_view> lines = physical_lines(text);
  std::size_t first = 0, more = 0;
  unsigned char byte = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto at = first_non_utf8(lines[i]);
    if (!at) continue;
    if (first == 0) {
      first = i + 1;
      byte = static_cast<unsigned char>(lines[i][*at]);
    } else {
      ++more;
    }
  }
  problems.add(first, "",
               "not UTF-8 text (byte " + byte_text(byte) + ")" +
                   (more > 0 ? ", nor are " + std::to_string(more) + " more line(s)" : "") +
                   "; export the roster as UTF-8");
  return false;
}

std::string_view without_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::optional<std::string_view> readable_text(const Site& site, std::string_view text,
                                              ProblemList& problems) {
  if (site.zone == nullptr) {
    problems.add(0, "", "the site has no time zone");
    return std::nullopt;
  }
  text = without_bom(text);
  if (!check_utf8(text, problems)) return std::nullopt;
  return text;
}

std::optional<Instant> resolve_wall_clock(const Zone& zone, LocalSeconds local,
                                          std::string_view what, std::size_t line,
                                          const std::string& column, ProblemList& problems) {
  const date::local_info info = zone.get_info(local);
  const std::string when = date::format("%F %H:%M", date::floor<std::chrono::minutes>(local));
  switch (info.result) {
    case date::local_info::unique: return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent: {
      // The wall clock jumps at the transition, from the first offset's time to the second's.
      const Instant change = info.first.end;
      problems.add(line, column,
                   std::string(what) + " " + when + " does not exist in " + zone.name() +
                       ": the clocks go forward from " +
                       wall_text(LocalSeconds{change.time_since_epoch() + info.first.offset}) +
                       " to " +
                       wall_text(LocalSeconds{change.time_since_epoch() + info.second.offset}) +
                       " that night");
      return std::nullopt;
    }
    case date::local_info::ambiguous:
    default: {
      const Instant earlier{local.time_since_epoch() - info.first.offset};
      const Instant later{local.time_since_epoch() - info.second.offset};
      const Instant change = info.first.end;
      problems.add(line, column,
                   std::string(what) + " " + when + " happens twice in " + zone.name() + ", at " +
                       format_local_offset(zone, earlier) + " and at " +
                       format_local_offset(zone, later) + " (the clocks go back from " +
                       wall_text(LocalSeconds{change.time_since_epoch() + info.first.offset}) +
                       " to " +
                       wall_text(LocalSeconds{change.time_since_epoch() + info.second.offset}) +
                       " that night); a roster file cannot say which");
      return std::nullopt;
    }
  }
}

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto b = static_cast<unsigned char>(out[i]);
    if (b >= 'A' && b <= 'Z') {
      out[i] = static_cast<char>(b + 32);
    } else if (b == 0xC3 && i + 1 < out.size()) {
      // U+00C0..U+00DE but U+00D7 (×): the Latin-1 capitals, Æ Ø Å among them.
      const auto next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 32);
      ++i;
    }
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

RosterImportResult check_rows(const Site& site, const std::vector<RosterRow>& rows,
                              ProblemList problems, const RosterImportOptions& options) {
  if (site.zone == nullptr) {
    problems.add(0, "", "the site has no time zone");
    return tl::unexpected(problems.take());
  }
  if (auto c = first_control_character(options.source)) {
    problems.add(0, "",
                 "the file's name " + quote_value(options.source) +
                     " contains a control character (" + code_point_name(*c) + ")");
  } else if (first_non_utf8(options.source)) {
    problems.add(0, "", "the file's name " + quote_value(options.source) + " is not UTF-8");
  }
  const std::optional<std::size_t> rota_index = import_rota(site, rows, options, problems);
  const Rota* rota = rota_index ? &site.rotas[*rota_index] : nullptr;

  std::vector<ImportedShift> shifts;
  std::vector<const RosterRow*> shift_rows;  // the row of each shift
  for (const RosterRow& row : rows) {
    ImportedShift s;
    s.line = row.line;
    bool whole = row.start && row.end;
    if (trim(row.role).empty()) {
      problems.add(row.line, row.role_column, "no role");
      whole = false;
    } else if (rota != nullptr) {
      auto role = find_role(*rota, trim(row.role));
      if (role) {
        s.role = *role;
      } else {
        problems.add(row.line, row.role_column, role.error());
        whole = false;
      }
    } else {
      whole = false;
    }
    std::optional<std::size_t> person;
    if (trim(row.person).empty()) {
      problems.add(row.line, row.person_column, "no person");
      whole = false;
    } else if (auto found = find_person(site, trim(row.person))) {
      person = *found;
      s.person = *found;
    } else {
      problems.add(row.line, row.person_column, found.error());
      whole = false;
    }
    if (row.start && row.end) {
      s.start = *row.start;
      s.end = *row.end;
      if (s.end <= s.start) {
        problems.add(row.line, row.end_column,
                     "the shift ends (" + format_local_offset(*site.zone, s.end) +
                         ") before or when it starts (" + format_local_offset(*site.zone, s.start) +
                         ")");
        whole = false;
      } else if (s.end - s.start > kMaxShiftDays) {
        problems.add(row.line, row.end_column,
                     "the shift lasts longer than " + std::to_string(kMaxShiftDays.count()) +
                         " days (" + format_local(*site.zone, s.start) + " – " +
                         format_local(*site.zone, s.end) + ")");
        whole = false;
      } else if (person && site.people[*person].retired &&
                 resolve_local_lenient(*site.zone, LocalSeconds{*site.people[*person].retired}) <
                     s.end) {
        const Person& p = site.people[*person];
        problems.add(row.line, row.person_column,
                     quote_value(p.name) + " is retired from " +
                         format_date(date::year_month_day{*p.retired}) +
                         " but this shift lasts until " + format_local(*site.zone, s.end));
        whole = false;
      }
    }
    if (auto c = first_control_character(row.note)) {
      problems.add(row.line, row.note_column,
                   "the note contains a control character (" + code_point_name(*c) + ")");
      whole = false;
    }
    s.note = row.note;
    if (whole) {
      shifts.push_back(std::move(s));
      shift_rows.push_back(&row);
    }
  }
  if (rota != nullptr) check_overlaps(site, *rota, shifts, shift_rows, problems);
  if (rows.empty() && problems.empty()) problems.add(0, "", "no shifts in the file");
  if (!problems.empty()) return tl::unexpected(problems.take());
  return RosterImport{options.source, *rota_index, std::move(shifts)};
}

std::string_view to_string(RosterFormat format) {
  switch (format) {
    case RosterFormat::csv: return "csv";
    case RosterFormat::ical: return "ical";
  }
  return "csv";
}

std::optional<RosterFormat> roster_format_from_string(std::string_view text) {
  for (const RosterFormat f : {RosterFormat::csv, RosterFormat::ical}) {
    if (to_string(f) == text) return f;
  }
  return std::nullopt;
}

std::optional<RosterFormat> roster_format_of_file(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string extension = fold_case(file_name.substr(dot));
  if (extension == ".csv") return RosterFormat::csv;
  if (extension == ".ics") return RosterFormat::ical;
  return std::nullopt;
}

RosterImportResult read_roster(RosterFormat format, const Site& site, std::string_view text,
                               const RosterImportOptions& options) {
  switch (format) {
    case RosterFormat::csv: return read_roster_csv(site, text, options);
    case RosterFormat::ical: return read_roster_ical(site, text, options);
  }
  return read_roster_csv(site, text, options);
}

json roster_import_change(const Site& site, const RosterImport& roster) {
  const Rota& rota = site.rotas.at(roster.rota);
  json shifts = json::array();
  for (const ImportedShift& s : roster.shifts) {
    json entry{{"role", rota.roles.at(s.role).id},
               {"person", site.people.at(s.person).id},
               {"start", document_time(*site.zone, s.start)},
               {"end", document_time(*site.zone, s.end)}};
    if (!s.note.empty()) entry["note"] = s.note;
    shifts.push_back(std::move(entry));
  }
  return json{{"kind", "shifts_import"},
              {"rota", rota.id},
              {"shifts", std::move(shifts)},
              {"source", roster.source}};
}

}  // namespace samtel
