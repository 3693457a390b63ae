// Roster import: a month of the St. Olavs example's rota amm read from CSV in both dialects and
// from iCalendar, every problem at its line with nothing produced, and the change applied,
// loaded, routed and previewed.
#include "samtel/roster_import.hpp"

#include <fstream>
#include <sstream>

#include "samtel/preview.hpp"
#include "samtel/site_change.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using nlohmann::ordered_json;
using test::at;
using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test setup: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string roster_file(std::string_view name) {
  return read_file(std::string(SAMTEL_SOURCE_DIR) + "/tests/core/roster-import/" +
                   std::string(name));
}

ordered_json st_olavs_doc() {
  return ordered_json::parse(read_file(test::example_path("st-olavs.json")));
}

const Site& st_olavs() {
  static const Site site = test::load_example("st-olavs.json");
  return site;
}

std::string join(const ImportProblems& problems) {
  std::string all;
  for (const ImportProblem& p : problems) all += p.to_string() + "\n";
  return all;
}

RosterImportOptions for_amm(std::string source = "roster.csv") {
  RosterImportOptions o;
  o.source = std::move(source);
  o.rota = "amm";
  return o;
}

RosterImport must_read_csv(std::string_view text, const RosterImportOptions& options = for_amm(),
                           const Site& site = st_olavs()) {
  auto roster = read_roster_csv(site, text, options);
  if (!roster) throw std::runtime_error("roster refused:\n" + join(roster.error()));
  return std::move(*roster);
}

RosterImport must_read_ical(std::string_view text, const RosterImportOptions& options) {
  auto roster = read_roster_ical(st_olavs(), text, options);
  if (!roster) throw std::runtime_error("calendar refused:\n" + join(roster.error()));
  return std::move(*roster);
}

::testing::AssertionResult has_problem(const RosterImportResult& result, std::size_t line,
                                       std::string_view column, std::string_view part) {
  if (result) {
    return ::testing::AssertionFailure()
           << "expected the file to be refused; it gave " << result->shifts.size() << " shift(s)";
  }
  for (const ImportProblem& p : result.error()) {
    if (p.line == line && p.column == column && p.message.find(part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no problem at line " << line << ", column '" << column
                                       << "': ..." << part << "...; the problems were:\n"
                                       << join(result.error());
}

std::string person_id(const RosterImport& r, std::size_t i) {
  return st_olavs().people.at(r.shifts.at(i).person).id;
}
std::string role_id(const RosterImport& r, std::size_t i) {
  return st_olavs().rotas.at(r.rota).roles.at(r.shifts.at(i).role).id;
}

// A one-row roster for amm.
std::string one_row(const std::string& row) { return "date;start;end;role;person\n" + row + "\n"; }

// ---------------------------------------------------------------------------------------------
// CSV

TEST(RosterImportCsv, AMonthInBothDialectsGivesTheSameChange) {
  // March 2027, a primary and a backup every day from 08:00 to 08:00: Norwegian headers, ';',
  // 01.03.2027, a byte order mark, CRLF and some people by name; English headers, ',', ISO dates.
  const RosterImport norsk = must_read_csv(roster_file("amm-mars-2027.csv"), for_amm("mars.csv"));
  const RosterImport english =
      must_read_csv(roster_file("amm-march-2027.csv"), for_amm("march.csv"));
  ASSERT_EQ(norsk.shifts.size(), 62u);
  ASSERT_EQ(english.shifts.size(), 62u);
  EXPECT_EQ(norsk.shifts[1].line, 3u);  // the header is line 1

  const nlohmann::json a = roster_import_change(st_olavs(), norsk);
  const nlohmann::json b = roster_import_change(st_olavs(), english);
  EXPECT_EQ(a["shifts"], b["shifts"]);
  EXPECT_EQ(a["rota"], "amm");
  EXPECT_EQ(a["kind"], "shifts_import");
  EXPECT_EQ(a["source"], "mars.csv");
  EXPECT_EQ(b["source"], "march.csv");
  EXPECT_EQ(a["shifts"][0], (nlohmann::json{{"role", "primary"},
                                            {"person", "aas"},
                                            {"start", "2027-03-01T08:00"},
                                            {"end", "2027-03-02T08:00"}}));
  EXPECT_EQ(a["shifts"][5]["person"], "moe");  // "overlege anne moe"
  EXPECT_EQ(a["shifts"][8]["note"], "Bytte med Berg, avtalt");
  EXPECT_EQ(a["shifts"][23]["note"], "Kurs \"Akutt\" dag 2");
  // 27 March: the night the clocks go forward is 23 hours long.
  const ImportedShift& spring = norsk.shifts[52];
  EXPECT_EQ(spring.start, at("2027-03-27T08:00"));
  EXPECT_EQ(spring.end - spring.start, 23h);
  EXPECT_EQ(spring.note, "Sommertid: 23 t");
  EXPECT_EQ(a["shifts"][52]["end"], "2027-03-28T08:00");
}

TEST(RosterImportCsv, NightsOverTheClockChangesLastTwentyFiveAndTwentyThreeHours) {
  const RosterImport r = must_read_csv(
      "dato;fra;til;rolle;lege\n"
      "24.10.2026;08:00;08:00;primary;nes\n"
      "27.03.2027;08:00;08:00;primary;nes\n"
      "2027-03-28;08:00;20:00;backup;lie\n");
  ASSERT_EQ(r.shifts.size(), 3u);
  EXPECT_EQ(r.shifts[0].start, at("2026-10-24T08:00"));
  EXPECT_EQ(r.shifts[0].end, at("2026-10-25T08:00"));
  EXPECT_EQ(r.shifts[0].end - r.shifts[0].start, 25h);
  EXPECT_EQ(r.shifts[1].end - r.shifts[1].start, 23h);
  EXPECT_EQ(r.shifts[2].end - r.shifts[2].start, 12h);
  const nlohmann::json change = roster_import_change(st_olavs(), r);
  EXPECT_EQ(change["shifts"][0]["start"], "2026-10-24T08:00");
  EXPECT_EQ(change["shifts"][0]["end"], "2026-10-25T08:00");
}

TEST(RosterImportCsv, QuotingByteOrderMarkAndCrlf) {
  const RosterImport r = must_read_csv(
      "\xEF\xBB\xBF"
      "Merknad , ROLE,Person,end,START,Date\r\n"
      "\r\n"
      "\"Kurs, dag 1\",primary, \"nes\" ,20:00,08:00,12.01.2027\r\n"
      "\"Sa \"\"ja\"\"\",backup,\"Overlege Eva Ruud\",08:00,20:00,2027-01-12\r\n"
      " , primary ,lie,24:00,20:00,2027-01-12,\r\n"
      ",,,,,\r\n");
  ASSERT_EQ(r.shifts.size(), 3u);
  EXPECT_EQ(r.shifts[0].line, 3u);
  EXPECT_EQ(r.shifts[0].note, "Kurs, dag 1");
  EXPECT_EQ(person_id(r, 0), "nes");
  EXPECT_EQ(r.shifts[0].start, at("2027-01-12T08:00"));
  EXPECT_EQ(r.shifts[0].end, at("2027-01-12T20:00"));
  EXPECT_EQ(r.shifts[1].note, "Sa \"ja\"");
  EXPECT_EQ(person_id(r, 1), "ruud");
  EXPECT_EQ(role_id(r, 1), "backup");
  EXPECT_EQ(r.shifts[1].end, at("2027-01-13T08:00"));
  EXPECT_EQ(r.shifts[2].line, 5u);
  EXPECT_EQ(r.shifts[2].note, "");
  EXPECT_EQ(r.shifts[2].start, at("2027-01-12T20:00"));
  EXPECT_EQ(r.shifts[2].end, at("2027-01-13T00:00"));  // 24:00

  // A quoted line break is part of its value (a note may not hold one) and the lines still count.
  const auto multi = read_roster_csv(st_olavs(),
                                     "date,start,end,role,person,note\r\n"
                                     "2027-01-12,08:00,20:00,primary,nes,\"two\r\nlines\"\r\n"
                                     "2027-01-12,20:00,08:00,primary,nse,\r\n",
                                     for_amm());
  EXPECT_TRUE(has_problem(multi, 2, "note", "the note contains a control character (U+000D)"));
  EXPECT_TRUE(has_problem(multi, 4, "person", "person 'nse' is not in the site"));
}

TEST(RosterImportCsv, TheRotaFromAColumn) {
  RosterImportOptions no_rota;
  no_rota.source = "r.csv";
  const RosterImport r = must_read_csv(
      "rota;date;start;end;role;person\n"
      "amm;2027-01-12;08:00;08:00;primary;nes\n"
      "amm;2027-01-13;08:00;08:00;primary;lie\n",
      no_rota);
  EXPECT_EQ(st_olavs().rotas[r.rota].id, "amm");
  EXPECT_EQ(r.shifts.size(), 2u);

  EXPECT_TRUE(has_problem(read_roster_csv(st_olavs(),
                                          "rota;date;start;end;role;person\n"
                                          "amm;2027-01-12;08:00;08:00;primary;nes\n"
                                          "kardiologi;2027-01-12;08:00;08:00;primary;vik\n",
                                          no_rota),
                          3, "rota",
                          "rota 'kardiologi' where line 2 has 'amm' (one import is one rota's "
                          "roster"));
  EXPECT_TRUE(has_problem(read_roster_csv(st_olavs(),
                                          "Rota;date;start;end;role;person\n"
                                          "amn;2027-01-12;08:00;08:00;primary;nes\n",
                                          no_rota),
                          2, "Rota", "unknown rota 'amn' (known: amm, kardiologi, gastro, lunge)"));
  // With the rota given for the import, the column may repeat it or be left empty.
  EXPECT_EQ(must_read_csv("rota;date;start;end;role;person\n"
                          "amm;2027-01-12;08:00;08:00;primary;nes\n"
                          ";2027-01-13;08:00;08:00;primary;lie\n")
                .shifts.size(),
            2u);
  EXPECT_TRUE(has_problem(read_roster_csv(st_olavs(),
                                          "rota;date;start;end;role;person\n"
                                          "gastro;2027-01-12;08:00;08:00;primary;lund\n",
                                          for_amm()),
                          2, "rota", "rota 'gastro' in a roster imported for rota 'amm'"));
  EXPECT_TRUE(has_problem(
      read_roster_csv(st_olavs(), one_row("2027-01-12;08:00;08:00;primary;nes"), no_rota), 1, "",
      "no rota: the file has no 'rota' column, and no rota was given"));
}

// A site with a retired consultant and two people of the same name, for the problems below.
const Site& st_olavs_with_vikars() {
  static const Site site = [] {
    ordered_json doc = st_olavs_doc();
    const auto person = [](const std::string& id, const std::string& name, int ext) {
      return ordered_json{
          {"id", id},
          {"name", name},
          {"addresses",
           {{{"label", "dect"}, {"uri", "sip:" + std::to_string(ext) + "@pbx.stolav.example"}}}}};
    };
    ordered_json retired = person("vikar", "Vikar Åse Li", 4901);
    retired["retired"] = "2027-01-01";
    doc["people"].push_back(retired);
    doc["people"].push_back(person("hansen1", "Overlege Ola Hansen", 4902));
    doc["people"].push_back(person("hansen2", "Overlege Ola Hansen", 4903));
    return test::must_parse(doc.dump());
  }();
  return site;
}

TEST(RosterImportCsv, EveryProblemAtItsLineAndNothingProduced) {
  struct Case {
    std::string text;
    std::size_t line;
    std::string column, part;
  };
  const std::string header = "date;start;end;role;person;note\n";
  const std::string good = "2027-01-12;08:00;08:00;primary;nes;\n";
  std::string too_many = header;
  for (std::size_t i = 0; i <= kMaxRosterRows; ++i) too_many += good;
  const std::vector<Case> cases{
      {header + good + "2027-01-13;08:00;08:00;primary;nse;\n", 3, "person",
       "person 'nse' is not in the site (did you mean 'nes'?)"},
      {header + "2027-01-13;08:00;08:00;primary;Overlege Ola Hansen;\n", 2, "person",
       "'Overlege Ola Hansen' names several people (hansen1, hansen2); give the id"},
      {header + "2027-01-13;08:00;08:00;primary;xyz;\n", 2, "person",
       "person 'xyz' is not in the site"},
      {header + "2027-01-13;08:00;08:00;primary;;\n", 2, "person", "no person"},
      {header + "2027-01-13;08:00;08:00;tertiary;nes;\n", 2, "role",
       "unknown role 'tertiary' (rota 'amm' has primary, backup)"},
      {header + "2027-13-01;08:00;08:00;primary;nes;\n", 2, "date", "no such date '2027-13-01'"},
      {header + "31.02.2027;08:00;08:00;primary;nes;\n", 2, "date", "no such date '31.02.2027'"},
      {header + "12/01/2027;08:00;08:00;primary;nes;\n", 2, "date",
       "bad date '12/01/2027' (expected 2027-01-12 or 12.01.2027)"},
      {header + "12.01.1927;08:00;08:00;primary;nes;\n", 2, "date",
       "date '12.01.1927' is out of range (years 1970 to 2199)"},
      {header + "2027-01-12;8.00;08:00;primary;nes;\n", 2, "start",
       "bad start time '8.00' (expected HH:MM, 00:00 to 23:59)"},
      {header + "2027-01-12;24:00;08:00;primary;nes;\n", 2, "start",
       "start time '24:00' is out of range (00:00 to 23:59)"},
      {header + "2027-01-12;08:00;25:00;primary;nes;\n", 2, "end",
       "end time '25:00' is out of range (00:00 to 24:00)"},
      {header + "2027-01-12;;08:00;primary;nes;\n", 2, "start", "no start time"},
      {header + "28.03.2027;02:30;08:00;primary;nes;\n", 2, "start",
       "the start 2027-03-28 02:30 does not exist in Europe/Oslo: the clocks go forward from "
       "02:00 to 03:00 that night"},
      {header + "2027-03-27;08:00;02:15;primary;nes;\n", 2, "end",
       "the end 2027-03-28 02:15 does not exist in Europe/Oslo"},
      {header + "2026-10-25;02:30;08:00;primary;nes;\n", 2, "start",
       "the start 2026-10-25 02:30 happens twice in Europe/Oslo, at 2026-10-25 02:30+02:00 and at "
       "2026-10-25 02:30+01:00 (the clocks go back from 03:00 to 02:00 that night); a roster file "
       "cannot say which"},
      {header + good + "2027-01-13;07:00;12:00;primary;lie;\n", 3, "start",
       "overlaps the shift on line 2 (Overlege Tor Nes as primary 2027-01-12 08:00 – 2027-01-13 "
       "08:00)"},
      {header + "2027-01-13;07:00;12:00;primary;lie;\n" + good, 2, "start",
       "overlaps the shift on line 3"},  // reported at the later start, wherever it is in the file
      {header + "2026-12-24;12:00;20:00;backup;lie;\n", 2, "start",
       "overlaps a shift the rota has already (Overlege Kari Aas as backup 2026-12-24 08:00 – "
       "2026-12-25 08:00): remove it first, or leave this row out"},
      {header + "2027-01-12;08:00;08:00;primary;vikar;\n", 2, "person",
       "'Vikar Åse Li' is retired from 2027-01-01 but this shift lasts until 2027-01-13 08:00"},
      {header + "2027-01-12;08:00;08:00;primary;nes;a\x01"
                "b\n",
       2, "note", "the note contains a control character (U+0001)"},
      {"", 0, "", "the file is empty"},
      {"\xEF\xBB\xBF\r\n  \r\n", 0, "", "the file is empty"},
      {header, 0, "", "no shifts in the file: it has a header and nothing else"},
      {"date;start;end;role;note\n" + good, 1, "person", "no column 'person' or 'lege'"},
      {"date;start;end;role;person;avdeling\n" + good, 1, "avdeling",
       "unknown column 'avdeling' (known: date/dato, start/fra, end/til/slutt, role/rolle, "
       "person/lege, note/merknad, rota)"},
      {"dato;date;start;end;role;person\n", 1, "date",
       "column 'date' is the same as 'dato' (date)"},
      {"date start end role person\n" + good, 1, "",
       "the header 'date start end role person' names no columns separated by ';' or ','"},
      {header + "2027-01-12;08:00;08:00;primary\n", 2, "",
       "4 field(s) where the header has 6 (is a value holding ';' not in double quotes"},
      {header + "2027-01-12;08:00;08:00;primary;nes;Kurs;dag 1\n", 2, "",
       "7 field(s) where the header has 6"},
      {header + good + "2027-01-13;08:00;08:00;primary;nes;\"Kurs\n\n", 3, "",
       "a quoted field opens on this line and is never closed"},
      {header + "2027-01-12;08:00;08:00;primary;nes;\"Kurs\" dag\n", 2, "",
       "text after a quoted field: 'dag'"},
      {header + good + "2027-01-13;08:00;08:00;primary;nes;\xC5rsak\n", 3, "",
       "not UTF-8 text (byte 0xC5); export the roster as UTF-8"},
      {too_many, kMaxRosterRows + 2, "",
       "more than 5000 rows; split the roster into files of at most that many"},
  };
  for (const Case& c : cases) {
    const auto result = read_roster_csv(st_olavs_with_vikars(), c.text, for_amm());
    EXPECT_TRUE(has_problem(result, c.line, c.column, c.part)) << c.text.substr(0, 300);
  }
}

TEST(RosterImportCsv, AllOrNothingWithEveryProblemInLineOrder) {
  const auto result = read_roster_csv(st_olavs(),
                                      "date;start;end;role;person\n"
                                      "2027-01-12;08:00;08:00;primary;nes\n"
                                      "2027-01-13;08:00;08:00;tertiary;lie\n"
                                      "2027-01-14;08:00;08:00;primary;moe\n"
                                      "2027-01-15;08:00;99:00;primary;nse\n",
                                      for_amm("januar.csv"));
  ASSERT_FALSE(result.has_value());
  std::vector<std::string> texts;
  for (const ImportProblem& p : result.error()) texts.push_back(p.to_string());
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "januar.csv:3: unknown role 'tertiary' (rota 'amm' has primary, backup)",
                       "januar.csv:5: end time '99:00' is out of range (00:00 to 24:00)",
                       "januar.csv:5: person 'nse' is not in the site (did you mean 'nes'?)"}));
  const auto unknown_rota =
      read_roster_csv(st_olavs(), one_row("2027-01-12;08:00;08:00;primary;nes"),
                      {.source = "r.csv", .rota = "amn", .role = {}});
  ASSERT_FALSE(unknown_rota.has_value());
  EXPECT_EQ(unknown_rota.error().front().to_string(),
            "r.csv: unknown rota 'amn' (known: amm, kardiologi, gastro, lunge)");
}

// ---------------------------------------------------------------------------------------------
// iCalendar

constexpr const char* kCalendar =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Turnus//Eksport//NO\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Oslo\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19701025T030000\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"  // line 12
    "UID:1@turnus\r\n"
    "DTSTART;TZID=Europe/Oslo:20261024T080000\r\n"
    "DTEND;TZID=Europe/Oslo:20261025T080000\r\n"
    "SUMMARY:primary nes\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"  // line 18
    "UID:2@turnus\r\n"
    "DTSTART:20261025T070000Z\r\n"
    "DTEND:20261026T070000Z\r\n"
    "SUMMARY:Vakt\r\n"
    "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=\"Overlege Tor \r\n"
    " Nes\":mailto:tor.nes@stolav.example\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "SUMMARY:primary berg\r\n"
    "TRIGGER:-PT30M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"  // line 31
    "UID:3@turnus\r\n"
    "DTSTART:20261026T080000\r\n"
    "DTEND:20261026T200000\r\n"
    "SUMMARY:backup Overlege\r\n"
    "  Eva Ruud\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:4@turnus\r\n"
    "STATUS:CANCELLED\r\n"
    "DTSTART:20261027T080000\r\n"
    "DTEND:20261028T080000\r\n"
    "SUMMARY:primary x\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

TEST(RosterImportIcal, TzidUtcFloatingAndFoldedLines) {
  RosterImportOptions o = for_amm("vakter.ics");
  o.role = "primary";
  const RosterImport r = must_read_ical(kCalendar, o);
  ASSERT_EQ(r.shifts.size(), 3u);  // the cancelled event is left out
  EXPECT_EQ(r.shifts[0].line, 12u);
  EXPECT_EQ(person_id(r, 0), "nes");
  EXPECT_EQ(role_id(r, 0), "primary");
  EXPECT_EQ(r.shifts[0].end - r.shifts[0].start, 25h);  // the autumn night
  EXPECT_EQ(r.shifts[1].line, 18u);
  EXPECT_EQ(person_id(r, 1), "nes");    // the attendee's CN, folded inside its quotes
  EXPECT_EQ(role_id(r, 1), "primary");  // the import's role: "Vakt" is none of the rota's
  EXPECT_EQ(r.shifts[1].start, at("2026-10-25T08:00"));
  EXPECT_EQ(person_id(r, 2), "ruud");  // SUMMARY folded
  EXPECT_EQ(role_id(r, 2), "backup");
  EXPECT_EQ(r.shifts[2].start, at("2026-10-26T08:00"));  // floating: the site's zone
  EXPECT_EQ(r.shifts[2].end, at("2026-10-26T20:00"));

  const nlohmann::json change = roster_import_change(st_olavs(), r);
  EXPECT_EQ(change["source"], "vakter.ics");
  EXPECT_EQ(change["shifts"][1], (nlohmann::json{{"role", "primary"},
                                                 {"person", "nes"},
                                                 {"start", "2026-10-25T08:00"},
                                                 {"end", "2026-10-26T08:00"}}));
}

TEST(RosterImportIcal, AnInstantInTheRepeatedHourKeepsItsOffsetInTheChange) {
  RosterImportOptions o = for_amm("natt.ics");
  o.role = "backup";
  const RosterImport r = must_read_ical(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261025T013000Z\nDTEND:20261025T070000Z\n"
      "SUMMARY:lie\nEND:VEVENT\nEND:VCALENDAR\n",
      o);
  const nlohmann::json change = roster_import_change(st_olavs(), r);
  EXPECT_EQ(change["shifts"][0]["start"], "2026-10-25T02:30+01:00");  // the second 02:30
  EXPECT_EQ(change["shifts"][0]["end"], "2026-10-25T08:00");
  auto parsed = parse_change(ordered_json(change));
  ASSERT_TRUE(parsed.has_value()) << test::join_errors(parsed.error());
  auto applied = apply_change(st_olavs_doc(), *parsed);
  ASSERT_TRUE(applied.has_value()) << test::join_errors(applied.error());
  const Site after = test::must_parse(applied->site.dump());
  const auto duty = after.rotas[0].on_duty(1, at("2026-10-25T01:45Z"));
  ASSERT_TRUE(duty.has_value());
  EXPECT_EQ(after.people[duty->person].id, "lie");
  EXPECT_EQ(duty->start, at("2026-10-25T01:30Z"));
}

TEST(RosterImportIcal, EveryProblemAtItsEventsLine) {
  struct Case {
    std::string events;  // between BEGIN:VCALENDAR (line 1) and END:VCALENDAR
    std::size_t line;
    std::string column, part;
  };
  const std::string begin = "BEGIN:VEVENT\n";  // line 2 in every case
  const std::string times = "DTSTART:20270112T080000\nDTEND:20270113T080000\n";
  const std::vector<Case> cases{
      {begin + times + "SUMMARY:primary nes\nRRULE:FREQ=WEEKLY;COUNT=4\nEND:VEVENT\n", 2, "RRULE",
       "repeating events are not imported; export them expanded"},
      {begin + "DTSTART;TZID=W. Europe Standard Time:20270112T080000\nDTEND:20270113T080000\n"
               "SUMMARY:nes\nEND:VEVENT\n",
       2, "DTSTART", "DTSTART: unknown time zone 'W. Europe Standard Time'"},
      {begin + "DTSTART;VALUE=DATE:20270112\nDTEND;VALUE=DATE:20270113\nSUMMARY:nes\n"
               "END:VEVENT\n",
       2, "DTSTART", "all-day events are not imported"},
      {begin + "DTSTART:2027-01-12T08:00\nDTEND:20270113T080000\nSUMMARY:nes\nEND:VEVENT\n", 2,
       "DTSTART", "DTSTART: bad date-time '2027-01-12T08:00'"},
      {begin + "DTSTART:20270112T080000\nDURATION:PT24H\nSUMMARY:nes\nEND:VEVENT\n", 2, "DURATION",
       "DURATION is not read; export the events with DTEND"},
      {begin + "DTSTART:20270112T080000\nSUMMARY:nes\nEND:VEVENT\n", 2, "DTEND", "no DTEND"},
      {begin + "DTSTART;TZID=Europe/Oslo:20270328T023000\nDTEND:20270328T080000\nSUMMARY:nes\n"
               "END:VEVENT\n",
       2, "DTSTART", "DTSTART 2027-03-28 02:30 does not exist in Europe/Oslo"},
      {begin + "DTSTART:20261025T023000\nDTEND:20261025T080000\nSUMMARY:nes\nEND:VEVENT\n", 2,
       "DTSTART",
       "DTSTART 2026-10-25 02:30 happens twice in Europe/Oslo, at 2026-10-25 02:30+02:00 and at "
       "2026-10-25 02:30+01:00"},
      {begin + "DTSTART:20270113T080000\nDTEND:20270112T080000\nSUMMARY:nes\nEND:VEVENT\n", 2,
       "DTEND",
       "the shift ends (2027-01-12 08:00+01:00) before or when it starts (2027-01-13 "
       "08:00+01:00)"},
      {begin + "DTSTART:20270101T080000\nDTEND:20270301T080000\nSUMMARY:nes\nEND:VEVENT\n", 2,
       "DTEND", "the shift lasts longer than 31 days"},
      {begin + times + "SUMMARY:backup n\\,es\nEND:VEVENT\n", 2, "SUMMARY",
       "person 'n,es' is not in the site"},
      {begin + times + "ATTENDEE;CN=nes:mailto:a@x\nATTENDEE;CN=lie:mailto:b@x\nEND:VEVENT\n", 2,
       "ATTENDEE", "2 attendees: an event is one person's shift"},
      {begin + times + "ATTENDEE:mailto:a@x\nEND:VEVENT\n", 2, "ATTENDEE", "ATTENDEE has no CN"},
      {begin + times + "END:VEVENT\n", 2, "SUMMARY",
       "no person: the event has neither SUMMARY nor ATTENDEE"},
      {"BEGIN:VEVENT\n" + times + "SUMMARY:nes\n", 6, "",
       "END:VCALENDAR where BEGIN:VEVENT of line 2 is open"},
      {begin + times + "SUMMARY:nes\nEND:VTODO\n", 6, "",
       "END:VTODO where BEGIN:VEVENT of line 2 is open"},
      {begin + times + "SUMMARY:primary nes\nEND:VEVENT\n" + begin + times +
           "SUMMARY:primary lie\nEND:VEVENT\n",
       7, "DTSTART", "overlaps the shift on line 2"},
      {"", 0, "", "no events in the file"},
  };
  RosterImportOptions o = for_amm("vakter.ics");
  o.role = "backup";
  for (const Case& c : cases) {
    const std::string text = "BEGIN:VCALENDAR\n" + c.events + "END:VCALENDAR\n";
    EXPECT_TRUE(has_problem(read_roster_ical(st_olavs(), text, o), c.line, c.column, c.part))
        << text;
  }
  EXPECT_TRUE(has_problem(read_roster_ical(st_olavs(), "Dato;Fra\n", o), 1, "",
                          "not an iCalendar file: it starts with 'Dato;Fra' where BEGIN:VCALENDAR "
                          "was expected"));
  EXPECT_TRUE(has_problem(read_roster_ical(st_olavs(), "", o), 0, "", "the file is empty"));
  EXPECT_TRUE(has_problem(read_roster_ical(st_olavs(), "BEGIN:VCALENDAR\n" + begin + times, o), 2,
                          "", "BEGIN:VEVENT is never closed (END:VEVENT)"));
  RosterImportOptions no_role = for_amm();
  EXPECT_TRUE(has_problem(read_roster_ical(st_olavs(),
                                           "BEGIN:VCALENDAR\n" + begin + times +
                                               "SUMMARY:nes\nEND:VEVENT\nEND:VCALENDAR\n",
                                           no_role),
                          2, "SUMMARY",
                          "no role: SUMMARY 'nes' does not start with a role of the rota, and no "
                          "role was given for the import"));
  EXPECT_TRUE(has_problem(
      read_roster_ical(st_olavs(), kCalendar, {.source = "v.ics", .rota = {}, .role = {}}), 0, "",
      "no rota: give the rota's id for the import"));
}

// ---------------------------------------------------------------------------------------------
// The change

TEST(RosterImportFormat, NamesFileExtensionsAndTheReaderItChooses) {
  EXPECT_EQ(to_string(RosterFormat::csv), "csv");
  EXPECT_EQ(to_string(RosterFormat::ical), "ical");
  EXPECT_EQ(roster_format_from_string("ical"), RosterFormat::ical);
  EXPECT_EQ(roster_format_from_string("csv"), RosterFormat::csv);
  EXPECT_EQ(roster_format_from_string("ics"), std::nullopt);
  EXPECT_EQ(roster_format_from_string("CSV"), std::nullopt);
  EXPECT_EQ(roster_format_of_file("mars.csv"), RosterFormat::csv);
  EXPECT_EQ(roster_format_of_file("/tmp/Vakter.ICS"), RosterFormat::ical);
  EXPECT_EQ(roster_format_of_file("mars.csv.txt"), std::nullopt);
  EXPECT_EQ(roster_format_of_file("csv"), std::nullopt);

  const std::string row = "2027-01-12;08:00;08:00;primary;nes\n";
  const auto csv =
      read_roster(RosterFormat::csv, st_olavs(), "Dato;Fra;Til;Rolle;Lege\n" + row, for_amm());
  ASSERT_TRUE(csv) << join(csv.error());
  EXPECT_EQ(csv->shifts.size(), 1u);
  RosterImportOptions o = for_amm("vakter.ics");
  o.role = "primary";
  const auto ical = read_roster(RosterFormat::ical, st_olavs(), kCalendar, o);
  ASSERT_TRUE(ical) << join(ical.error());
  EXPECT_EQ(ical->shifts.size(), 3u);
}

TEST(RosterImportChange, AppliedAndLoadedItRoutesToTheImportedPeople) {
  const RosterImport march = must_read_csv(roster_file("amm-march-2027.csv"), for_amm("march.csv"));
  const nlohmann::json request = roster_import_change(st_olavs(), march);
  auto change = parse_change(ordered_json(request));
  ASSERT_TRUE(change.has_value()) << test::join_errors(change.error());
  EXPECT_EQ(change->kind, ChangeKind::shifts_import);
  EXPECT_EQ(authority(change->kind), ChangeAuthority::scheduler);
  const ordered_json doc = st_olavs_doc();
  auto applied = apply_change(doc, *change);
  ASSERT_TRUE(applied.has_value()) << test::join_errors(applied.error());
  EXPECT_EQ(applied->summary,
            "Roster imported from march.csv: 62 shift(s) in amm (31 primary, 31 backup) "
            "2027-03-01 08:00 – 2027-04-01 08:00");
  EXPECT_EQ(applied->detail["fields"].size(), 62u);
  EXPECT_EQ(applied->detail["fields"][0]["pointer"], "/rotas/0/shifts/1");
  EXPECT_EQ(
      applied->site["rotas"][0]["shifts"][1].dump(),
      R"({"role":"primary","person":"aas","start":"2027-03-01T08:00","end":"2027-03-02T08:00"})");

  const Site before = test::must_parse(doc.dump());
  const Site after = test::must_parse(applied->site.dump());
  const Rota& amm = after.rotas[0];
  const auto who = [&](const Site& site, std::size_t role, std::string_view time) {
    const auto duty = site.rotas[0].on_duty(role, at(time));
    return duty ? site.people[duty->person].id : std::string("nobody");
  };
  // The week from Monday 2027-03-01 is occurrence 60 of the rotation: Aas and Haug all week.
  EXPECT_EQ(who(before, 0, "2027-03-05T12:00"), "aas");
  EXPECT_EQ(who(before, 1, "2027-03-05T12:00"), "haug");
  EXPECT_EQ(who(after, 0, "2027-03-05T12:00"), "fjeld");
  EXPECT_EQ(who(after, 1, "2027-03-05T12:00"), "ruud");
  EXPECT_EQ(amm.on_duty(0, at("2027-03-05T12:00"))->source, DutySource::shift);
  EXPECT_EQ(who(after, 0, "2027-03-06T07:59"), "fjeld");
  EXPECT_EQ(who(after, 0, "2027-03-06T08:00"), "gran");
  // Over the spring change: 27 March's night ends at 08:00 summer time, 23 hours later.
  EXPECT_EQ(who(after, 0, "2027-03-28T07:59"), "dahl");
  EXPECT_EQ(who(after, 0, "2027-03-28T08:00"), "eide");
  // After the last night the rotation takes over again: occurrence 64, Fjeld and Ruud.
  EXPECT_EQ(who(after, 0, "2027-04-01T07:59"), "aas");
  EXPECT_EQ(who(after, 0, "2027-04-01T08:00"), "fjeld");
  EXPECT_EQ(who(after, 1, "2027-04-01T08:00"), "ruud");
  EXPECT_EQ(test::attempt_ids(test::route_at(after, at("2027-03-12T12:00"))),
            (std::vector<std::string>{"gran", "sand"}));
}

TEST(RosterImportChange, ThePreviewNamesTheRoutingDifferences) {
  const RosterImport march = must_read_csv(roster_file("amm-march-2027.csv"), for_amm("march.csv"));
  auto change = parse_change(ordered_json(roster_import_change(st_olavs(), march)));
  ASSERT_TRUE(change.has_value());
  auto applied = apply_change(st_olavs_doc(), *change);
  ASSERT_TRUE(applied.has_value()) << test::join_errors(applied.error());
  const Site before = test::must_parse(st_olavs_doc().dump());
  const Site after = test::must_parse(applied->site.dump());
  const Preview p = preview_change(before, after, at("2027-02-15T00:00"), std::chrono::days{60});
  EXPECT_TRUE(p.changes_routing());
  EXPECT_TRUE(p.gaps_opened.empty());
  EXPECT_TRUE(p.gaps_closed.empty());
  const std::string text = p.summary();
  // Friday 5 March: Fjeld and Ruud by the roster where the rotation has Aas and Haug all week.
  EXPECT_NE(text.find("Samhandlingstelefonen (73553888), Medisin and Kirurgi: Fridays 08:00–23:00: "
                      "open: Vakthavende overlege AMM Overlege Kari Aas (25 s), then Bakvakt AMM "
                      "Overlege Liv Haug (20 s) → open: Vakthavende overlege AMM Overlege Sigrid "
                      "Fjeld (25 s), then Bakvakt AMM Overlege Eva Ruud (20 s) (2027-03-05)"),
            std::string::npos)
      << text;
  // Maundy Thursday, a holiday: open 10-18, Aas and Haug instead of Eide and Nes.
  EXPECT_NE(text.find("Holidays 10:00–18:00: open: Vakthavende overlege AMM Overlege Per Eide (25 "
                      "s), then Bakvakt AMM Overlege Tor Nes (20 s) → open: Vakthavende overlege "
                      "AMM Overlege Kari Aas (25 s), then Bakvakt AMM Overlege Liv Haug (20 s) "
                      "(2027-03-25)"),
            std::string::npos)
      << text;
  // On Mondays and Sundays the roster agrees with the weekly rotation.
  EXPECT_EQ(text.find("Mondays"), std::string::npos) << text;
  EXPECT_EQ(text.find("Sundays"), std::string::npos) << text;
  EXPECT_NE(text.find("No coverage gaps opened or closed."), std::string::npos) << text;
}

}  // namespace
}  // namespace samtel
