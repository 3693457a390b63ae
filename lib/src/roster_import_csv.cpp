// Reading a roster exported as CSV (samtel/roster_import.hpp): the separator, RFC 4180 quoting,
// the header's columns in English or Norwegian, and each row's date and times as instants in the
// site's zone. What the site decides about the rows is roster_import.cpp's.
#include <array>
#include <utility>

#include "roster_rows.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

enum class Column { date, start, end, role, person, note, rota };
constexpr std::size_t kColumns = 7;

struct ColumnName {
  std::string_view name;
  Column column;
};

// Header names, compared without regard to case. The first of each column is its name in
// messages.
constexpr std::array<ColumnName, 14> kColumnNames{{
    {"date", Column::date},
    {"dato", Column::date},
    {"start", Column::start},
    {"fra", Column::start},
    {"end", Column::end},
    {"til", Column::end},
    {"slutt", Column::end},
    {"role", Column::role},
    {"rolle", Column::role},
    {"person", Column::person},
    {"lege", Column::person},
    {"note", Column::note},
    {"merknad", Column::note},
    {"rota", Column::rota},
}};

constexpr std::string_view kKnownColumns =
    "date/dato, start/fra, end/til/slutt, role/rolle, person/lege, note/merknad, rota";

std::size_t slot(Column c) { return static_cast<std::size_t>(c); }

std::string_view column_name(Column c) {
  for (const ColumnName& n : kColumnNames) {
    if (n.column == c) return n.name;
  }
  return "";
}

struct CsvField {
  std::string text;
  bool quoted = false;
};

struct CsvRecord {
  std::size_t line = 0;  // the physical line it starts on
  std::vector<CsvField> fields;
  bool blank() const {
    for (const CsvField& f : fields) {
      if (f.quoted || !f.text.empty()) return false;
    }
    return true;
  }
};

// The separator the header line uses: the more frequent of ';' and ',' outside quotes.
std::optional<char> detect_separator(std::string_view header) {
  std::size_t semicolons = 0, commas = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
  }
  if (semicolons == 0 && commas == 0) return std::nullopt;
  return semicolons >= commas ? ';' : ',';
}

// RFC 4180 records: fields separated by `sep`, records by CRLF, LF or CR; a field in double
// quotes may hold separators, line breaks and "" for a quote. Spaces around a field are not
// part of it. A quote that is never closed ends the reading.
class CsvReader {
 public:
  CsvReader(std::string_view text, char sep, ProblemList& problems)
      : text_(text), sep_(sep), problems_(problems) {}

  std::optional<std::vector<CsvRecord>> read() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      CsvRecord record{line_, {}};
      while (true) {
        auto field = read_field();
        if (!field) return std::nullopt;
        record.fields.push_back(std::move(*field));
        if (pos_ < text_.size() && text_[pos_] == sep_) {
          ++pos_;
          continue;
        }
        end_line();
        break;
      }
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  bool at_line_end() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  // Past the line break at pos_ (CRLF, LF or CR), if any.
  void end_line() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  void skip_blanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  std::optional<CsvField> read_field() {
    const std::size_t start = pos_;
    skip_blanks();
    if (pos_ < text_.size() && text_[pos_] == '"') return read_quoted();
    pos_ = start;
    while (pos_ < text_.size() && text_[pos_] != sep_ && !at_line_end()) ++pos_;
    return CsvField{std::string(trim(text_.substr(start, pos_ - start))), false};
  }

  std::optional<CsvField> read_quoted() {
    const std::size_t opened = line_;
    CsvField field{{}, true};
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) {
        problems_.add(opened, "",
                      "a quoted field opens on this line and is never closed (a quote inside a "
                      "quoted field is written \"\")");
        return std::nullopt;
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.text += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\r' || c == '\n') {
        // The line break is part of the value; the lines still count.
        const std::size_t from = pos_;
        end_line();
        field.text += text_.substr(from, pos_ - from);
        continue;
      }
      field.text += c;
      ++pos_;
    }
    skip_blanks();
    if (pos_ < text_.size() && text_[pos_] != sep_ && !at_line_end()) {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] != sep_ && !at_line_end()) ++pos_;
      problems_.add(line_, "",
                    "text after a quoted field: " + quote_value(text_.substr(from, pos_ - from)) +
                        " (a quote inside a quoted field is written \"\")");
    }
    return field;
  }

  std::string_view text_;
  char sep_;
  ProblemList& problems_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// Reads `min_width` to `max_width` decimal digits at `pos`; advances `pos`.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t min_width,
                          std::size_t max_width) {
  int value = 0;
  std::size_t n = 0;
  while (pos < s.size() && n < max_width && s[pos] >= '0' && s[pos] <= '9') {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  if (n < min_width) return std::nullopt;
  return value;
}

// `2027-01-12` or `12.01.2027` (day and month may have one digit).
tl::expected<date::year_month_day, std::string> parse_roster_date(std::string_view text) {
  std::size_t pos = 0;
  std::optional<int> y, m, d;
  if (text.find('-') != std::string_view::npos) {
    y = digits(text, pos, 4, 4);
    if (y && pos < text.size() && text[pos] == '-') m = digits(text, ++pos, 2, 2);
    if (m && pos < text.size() && text[pos] == '-') d = digits(text, ++pos, 2, 2);
  } else {
    d = digits(text, pos, 1, 2);
    if (d && pos < text.size() && text[pos] == '.') m = digits(text, ++pos, 1, 2);
    if (m && pos < text.size() && text[pos] == '.') y = digits(text, ++pos, 4, 4);
  }
  if (!y || !m || !d || pos != text.size()) {
    return tl::unexpected("bad date " + quote_value(text) + " (expected 2027-01-12 or 12.01.2027)");
  }
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return tl::unexpected("no such date " + quote_value(text));
  if (*y < 1970 || *y > 2199) {
    return tl::unexpected("date " + quote_value(text) + " is out of range (years 1970 to 2199)");
  }
  return ymd;
}

// `HH:MM` (or `H:MM`): minutes since midnight, up to 23:59, or 24:00 when `end`.
tl::expected<MinuteOfDay, std::string> parse_roster_time(std::string_view text, bool end) {
  std::size_t pos = 0;
  const auto h = digits(text, pos, 1, 2);
  const bool colon = pos < text.size() && text[pos] == ':';
  if (colon) ++pos;
  const auto m = digits(text, pos, 2, 2);
  const std::string what = end ? "end time " : "start time ";
  const std::string range = end ? "00:00 to 24:00" : "00:00 to 23:59";
  if (!h || !colon || !m || pos != text.size()) {
    return tl::unexpected("bad " + what + quote_value(text) + " (expected HH:MM, " + range + ")");
  }
  const int hours = *h, mins = *m;
  const int minutes = hours * 60 + mins;
  if (mins > 59 || minutes > (end ? 1440 : 1439)) {
    return tl::unexpected(what + quote_value(text) + " is out of range (" + range + ")");
  }
  return minutes;
}

struct Header {
  std::size_t line = 0;
  std::vector<std::optional<Column>> columns;              // of each field; unnamed: nullopt
  std::array<std::optional<std::size_t>, kColumns> index;  // of each column: its field
  std::array<std::string, kColumns> names;                 // of each column, as written
  std::size_t named_extent = 0;                            // fields up to the last named one
};

std::optional<Header> read_header(const CsvRecord& record, ProblemList& problems) {
  Header h;
  h.line = record.line;
  bool ok = true;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string& written = record.fields[i].text;
    const std::string name = fold_case(trim(written));
    std::optional<Column> column;
    if (!name.empty()) {
      for (const ColumnName& n : kColumnNames) {
        if (n.name == name) column = n.column;
      }
      if (!column) {
        problems.add(h.line, written,
                     "unknown column " + quote_value(written) +
                         " (known: " + std::string(kKnownColumns) + ")");
        ok = false;
      } else if (h.index[slot(*column)]) {
        problems.add(h.line, written,
                     "column " + quote_value(written) + " is the same as " +
                         quote_value(h.names[slot(*column)]) + " (" +
                         std::string(column_name(*column)) + ")");
        ok = false;
      } else {
        h.index[slot(*column)] = i;
        h.names[slot(*column)] = written;
        h.named_extent = i + 1;
      }
    }
    h.columns.push_back(column);
  }
  for (Column required : {Column::date, Column::start, Column::end, Column::role, Column::person}) {
    if (h.index[slot(required)]) continue;
    std::string aliases;
    for (const ColumnName& n : kColumnNames) {
      if (n.column == required)
        aliases += (aliases.empty() ? "'" : " or '") + std::string(n.name) + "'";
    }
    problems.add(h.line, std::string(column_name(required)), "no column " + aliases);
    ok = false;
  }
  if (!ok) return std::nullopt;
  return h;
}

// One record as a row; nullopt when it cannot be read as one (its fields do not fit the header).
std::optional<RosterRow> read_row(const Header& h, const CsvRecord& record, const Zone& zone,
                                  char sep, ProblemList& problems) {
  std::size_t significant = record.fields.size();
  while (significant > 0 && !record.fields[significant - 1].quoted &&
         record.fields[significant - 1].text.empty()) {
    --significant;
  }
  const std::string hint = std::string(" (is a value holding '") + sep +
                           "' not in double quotes, or a separator missing?)";
  if (record.fields.size() < h.named_extent || significant > h.columns.size()) {
    problems.add(record.line, "",
                 std::to_string(record.fields.size()) + " field(s) where the header has " +
                     std::to_string(h.columns.size()) + hint);
    return std::nullopt;
  }
  for (std::size_t i = 0; i < significant; ++i) {
    const CsvField& f = record.fields[i];
    if (!h.columns[i] && (f.quoted || !f.text.empty())) {
      problems.add(record.line, "",
                   "a value in a column without a name in the header: " + quote_value(f.text));
      return std::nullopt;
    }
  }
  const auto value = [&](Column c) -> std::string {
    const auto i = h.index[slot(c)];
    return i && *i < record.fields.size() ? record.fields[*i].text : std::string();
  };
  const auto name = [&](Column c) { return h.names[slot(c)]; };

  RosterRow row;
  row.line = record.line;
  row.rota = std::string(trim(value(Column::rota)));
  row.rota_column = name(Column::rota);
  row.role = value(Column::role);
  row.role_column = name(Column::role);
  row.person = value(Column::person);
  row.person_column = name(Column::person);
  row.note = value(Column::note);
  row.note_column = name(Column::note);
  row.start_column = name(Column::start);
  row.end_column = name(Column::end);

  const std::string day_text(trim(value(Column::date)));
  const std::string start_text(trim(value(Column::start)));
  const std::string end_text(trim(value(Column::end)));
  std::optional<date::year_month_day> day;
  std::optional<MinuteOfDay> start, end;
  if (day_text.empty()) {
    problems.add(row.line, name(Column::date), "no date");
  } else if (auto d = parse_roster_date(day_text)) {
    day = *d;
  } else {
    problems.add(row.line, name(Column::date), d.error());
  }
  if (start_text.empty()) {
    problems.add(row.line, row.start_column, "no start time");
  } else if (auto t = parse_roster_time(start_text, false)) {
    start = *t;
  } else {
    problems.add(row.line, row.start_column, t.error());
  }
  if (end_text.empty()) {
    problems.add(row.line, row.end_column, "no end time");
  } else if (auto t = parse_roster_time(end_text, true)) {
    end = *t;
  } else {
    problems.add(row.line, row.end_column, t.error());
  }
  if (day && start && end) {
    const LocalDays first{*day};
    // An end at or before the start is on the next day: 08:00-08:00 is a whole night and day.
    const LocalDays last = *end <= *start ? first + date::days{1} : first;
    row.start = resolve_wall_clock(zone, LocalSeconds{first} + std::chrono::minutes{*start},
                                   "the start", row.line, row.start_column, problems);
    row.end = resolve_wall_clock(zone, LocalSeconds{last} + std::chrono::minutes{*end}, "the end",
                                 row.line, row.end_column, problems);
  }
  return row;
}

}  // namespace

RosterImportResult read_roster_csv(const Site& site, std::string_view text,
                                   const RosterImportOptions& options) {
  ProblemList problems(options.source);
  const auto readable = readable_text(site, text, problems);
  if (!readable) return tl::unexpected(problems.take());
  text = *readable;

  // The header is the first line that holds anything; it also says which separator is used.
  const std::vector<std::string_view> lines = physical_lines(text);
  std::size_t header_line = 0;
  for (std::size_t i = 0; i < lines.size() && header_line == 0; ++i) {
    if (!trim(lines[i]).empty()) header_line = i + 1;
  }
  if (header_line == 0) {
    problems.add(0, "", "the file is empty");
    return tl::unexpected(problems.take());
  }
  const auto sep = detect_separator(lines[header_line - 1]);
  if (!sep) {
    problems.add(header_line, "",
                 "the header " + quote_value(trim(lines[header_line - 1])) +
                     " names no columns separated by ';' or ',' (expected e.g. "
                     "date;start;end;role;person)");
    return tl::unexpected(problems.take());
  }

  CsvReader reader(text, *sep, problems);
  auto records = reader.read();
  if (!records) return tl::unexpected(problems.take());
  auto record = records->begin();
  while (record != records->end() && record->blank()) ++record;
  if (record == records->end()) {  // the header line held only blanks and separators
    problems.add(header_line, "", "the header names no columns");
    return tl::unexpected(problems.take());
  }
  const auto header = read_header(*record, problems);
  if (!header) return tl::unexpected(problems.take());
  if (!header->index[slot(Column::rota)] && options.rota.empty()) {
    problems.add(header->line, "",
                 "no rota: the file has no 'rota' column, and no rota was given for the import");
    return tl::unexpected(problems.take());
  }

  std::vector<RosterRow> rows;
  std::size_t count = 0;
  for (++record; record != records->end(); ++record) {
    if (record->blank()) continue;
    if (++count > kMaxRosterRows) {
      problems.add(record->line, "",
                   "more than " + std::to_string(kMaxRosterRows) +
                       " rows; split the roster into files of at most that many");
      break;
    }
    if (auto row = read_row(*header, *record, *site.zone, *sep, problems)) {
      rows.push_back(std::move(*row));
    }
  }
  if (count == 0) {
    problems.add(0, "", "no shifts in the file: it has a header and nothing else");
  }
  return check_rows(site, rows, std::move(problems), options);
}

}  // namespace samtel
