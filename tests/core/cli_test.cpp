// The `samtel` command line, run as a separate process: exit codes, JSON output and messages.
#include <fstream>

#include <gtest/gtest.h>

#include "common/run_command.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using test::json;
using test::temp_path;
using CliRun = test::CommandRun;

// Runs the CLI with `args`, capturing standard output, standard error and the exit status.
CliRun run(const std::vector<std::string>& args) { return test::run_command(SAMTEL_CLI, args); }

std::string st_olavs() { return test::example_path("st-olavs.json"); }
std::string hnt() { return test::example_path("helse-nord-trondelag.json"); }

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Exit codes

TEST(Cli, UsageErrorsExitWithOne) {
  CliRun r = run({});
  EXPECT_EQ(r.code, 1) << r.err;
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--bogus"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--bogus")) << r.err;
  r = run({"route", "--at", "2026-06-09T12:00"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--config")) << r.err;
  r = run({"route", "--config", st_olavs()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--at")) << r.err;
  r = run({"frobnicate"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  r = run({"holidays"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  r = run({"holidays", "--year", "twenty"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
}

TEST(Cli, HelpAndVersionExitWithZero) {
  CliRun r = run({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(contains(r.out, "samtel 0.1.0")) << r.out;
  r = run({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(contains(r.out, "route")) << r.out;
  EXPECT_TRUE(contains(r.out, "holidays")) << r.out;
}

TEST(Cli, InvalidInputExitsWithTwo) {
  const std::string broken = write_temp("broken.json", "{\n  \"site\": [\n");
  CliRun r = run({"route", "--config", broken, "--at", "2026-06-09T12:00"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, broken + ": not valid JSON at line 3")) << r.err;
  EXPECT_TRUE(contains(r.err, "1 problem(s); nothing was loaded.")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  std::remove(broken.c_str());

  r = run({"route", "--config", st_olavs(), "--at", "2026-03-29T02:30"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--at: local time 2026-03-29 02:30:00 does not exist in Europe/Oslo"))
      << r.err;
  r = run({"route", "--config", st_olavs(), "--at", "half past nine"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "--at: bad time 'half past nine'")) << r.err;
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--line", "12345678"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "no line with number '12345678' (lines: 73553888)")) << r.err;
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--desk", "ortopedi"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "line 73553888 has no desk 'ortopedi'")) << r.err;
  r = run({"route", "--config", st_olavs(), "--at", "2026-10-25T02:30", "--fold", "sideways"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "--fold must be 'earlier' or 'later', not 'sideways'")) << r.err;
  r = run({"holidays", "--year", "1500"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "--year must be 1583..9999")) << r.err;
}

TEST(Cli, MissingConfigFileIsRejected) {
  const CliRun r = run({"route", "--config", "/nonexistent/site.json", "--at", "2026-06-09T12:00"});
  EXPECT_EQ(r.code, 2) << r.err;  // invalid input, not a usage error
  EXPECT_TRUE(contains(r.err, "/nonexistent/site.json: cannot open the file")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// ---------------------------------------------------------------------------------------------
// route

TEST(Cli, RouteJson) {
  const CliRun r = run({"route", "--config", st_olavs(), "--at", "2026-12-24T12:00", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["instant"], "2026-12-24T12:00:00+01:00");
  EXPECT_EQ(j["instant_utc"], "2026-12-24T11:00:00Z");
  EXPECT_EQ(j["site"], "st-olavs");
  EXPECT_EQ(j["line"], "73553888");
  EXPECT_EQ(j["desk"], "medisin");
  EXPECT_EQ(j["open"], true);
  EXPECT_EQ(j["service_day"], "2026-12-24");
  EXPECT_EQ(j["day_type"], "special");
  EXPECT_EQ(j["hours_type"], "holiday");
  EXPECT_EQ(j["holiday"], nullptr);
  EXPECT_EQ(j["special_day"], "Julaften");
  EXPECT_EQ(j["window"], "10:00-18:00");
  EXPECT_EQ(j["coverage_gap"], false);
  ASSERT_EQ(j["attempts"].size(), 2u);
  EXPECT_EQ(j["attempts"][0]["name"], "Overlege Per Eide");
  EXPECT_EQ(j["attempts"][0]["person"], "eide");
  EXPECT_EQ(j["attempts"][0]["address"], "sip:4104@pbx.stolav.example");
  EXPECT_EQ(j["attempts"][0]["ring_seconds"], 25);
  EXPECT_EQ(j["attempts"][0]["role"], "primary");
  EXPECT_EQ(j["attempts"][0]["source"], "swap");
  EXPECT_EQ(j["attempts"][1]["name"], "Overlege Kari Aas");
  EXPECT_EQ(j["attempts"][1]["address"], "sip:4601@pbx.stolav.example");
  EXPECT_EQ(j["attempts"][1]["ring_seconds"], 20);
  EXPECT_EQ(j["attempts"][1]["source"], "shift");
  EXPECT_EQ(j["fallback"]["name"], "Sentralbord St. Olavs hospital");
  EXPECT_EQ(j["fallback"]["address"], "sip:sentralbord@pbx.stolav.example");
  const std::string reason = j["reason"];
  EXPECT_TRUE(contains(reason, "Overlege Per Eide")) << reason;
  EXPECT_TRUE(contains(reason, "Julaften")) << reason;
}

TEST(Cli, RouteJsonClosedOnAHolidayWithAnExplicitOffset) {
  const CliRun r = run({"route", "--config", st_olavs(), "--at", "2027-05-17T07:30:00Z", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["instant"], "2027-05-17T09:30:00+02:00");
  EXPECT_EQ(j["open"], false);
  EXPECT_EQ(j["day_type"], "holiday");
  EXPECT_EQ(j["holiday"], "17. mai (Grunnlovsdag)");
  EXPECT_EQ(j["window"], nullptr);
  EXPECT_TRUE(j["attempts"].empty());
  EXPECT_TRUE(contains(j["fallback"]["message"].get<std::string>(), "AMK 113"));
  EXPECT_TRUE(
      contains(j["reason"].get<std::string>(), "Closed (public holiday '17. mai (Grunnlovsdag)'"));
}

TEST(Cli, RouteOtherSiteLineAndDesk) {
  const CliRun r = run({"route", "--config", st_olavs(), "--config", hnt(), "--line", "74098800",
                        "--desk", "ore-nese-hals", "--at", "2026-03-31T10:00", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["site"], "hnt");
  EXPECT_EQ(j["desk"], "ore-nese-hals");
  EXPECT_EQ(j["open"], false);
  EXPECT_EQ(j["special_day"], "Påskeuka");
  EXPECT_EQ(j["fallback"]["address"], "sip:ore-nese-hals@pbx.stolav.example");
  EXPECT_EQ(j["instant"], "2026-03-31T10:00:00+02:00");
}

TEST(Cli, RouteText) {
  const CliRun r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Samhandlingstelefonen (73553888), desk Medisin")) << r.out;
  EXPECT_TRUE(contains(r.out, "at 2026-06-09T12:00:00+02:00 (2026-06-09T10:00:00Z)")) << r.out;
  EXPECT_TRUE(contains(r.out, "OPEN")) << r.out;
  EXPECT_TRUE(contains(
      r.out,
      "1. Vakthavende overlege AMM: Overlege Sigrid Fjeld <sip:4105@pbx.stolav.example> ring 25 s"))
      << r.out;
  EXPECT_TRUE(
      contains(r.out, "2. Bakvakt AMM: Overlege Eva Ruud <sip:4111@pbx.stolav.example> ring 20 s"))
      << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, AmbiguousTimeNoteAndFold) {
  CliRun r = run({"route", "--config", st_olavs(), "--at", "2026-10-25T02:30", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["instant"], "2026-10-25T02:30:00+02:00");
  EXPECT_EQ(json::parse(r.out)["instant_utc"], "2026-10-25T00:30:00Z");
  EXPECT_TRUE(
      contains(r.err,
               "note: 2026-10-25T02:30 happens twice in Europe/Oslo (clocks go back); using the "
               "earlier one, 2026-10-25T02:30:00+02:00 (--fold later for the other)"))
      << r.err;
  r = run(
      {"route", "--config", st_olavs(), "--at", "2026-10-25T02:30", "--fold", "later", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["instant"], "2026-10-25T02:30:00+01:00");
  EXPECT_EQ(json::parse(r.out)["instant_utc"], "2026-10-25T01:30:00Z");
  EXPECT_TRUE(contains(
      r.err, "using the later one, 2026-10-25T02:30:00+01:00 (--fold earlier for the other)"))
      << r.err;
  // An unambiguous time gives no note.
  r = run({"route", "--config", st_olavs(), "--at", "2026-10-25T03:30", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

// ---------------------------------------------------------------------------------------------
// check

TEST(Cli, CheckPrintsEveryErrorWithItsPath) {
  json j = test::base_site();
  j["site"]["colour"] = "blue";
  j["rotas"][0]["patterns"][0]["rotation"] = {"a", "nobody"};
  j["lines"][0]["desks"][0]["rota"] = "kir";
  const std::string path = write_temp("invalid.json", j.dump(2));
  const CliRun r = run({"check", "--config", path});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, path + ": /site/colour: unknown key 'colour'")) << r.out;
  EXPECT_TRUE(contains(r.out, path + ": /rotas/0/patterns/0/rotation/1: unknown person 'nobody'"))
      << r.out;
  EXPECT_TRUE(contains(r.out, path + ": /lines/0/desks/0/rota: unknown rota 'kir' (known: med)"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "INVALID: 3 problem(s); the file would not be loaded.")) << r.out;
  std::remove(path.c_str());
}

TEST(Cli, CheckValidFileReportsCountsAndCoverage) {
  CliRun r = run({"check", "--config", st_olavs(), "--from", "2026-02-01", "--to", "2026-02-28"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(
      contains(r.out, "valid (St. Olavs hospital: 1 line(s), 5 desk(s), 22 people, 4 rota(s))"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "Coverage from 2026-02-01 to 2026-02-28:")) << r.out;
  EXPECT_TRUE(contains(r.out, "no coverage gaps, no overlapping assignments")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nOK\n")) << r.out;
  // After the roster ends: gaps are warnings, the exit status stays 0.
  r = run({"check", "--config", st_olavs(), "--from", "2028-01-03", "--to", "2028-01-03"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out,
                       "GAP line 73553888 desk medisin: open with nobody on duty "
                       "2028-01-03T08:00:00+01:00 - 2028-01-03T23:00:00+01:00"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "WARNINGS: 5 finding(s)")) << r.out;
}

TEST(Cli, CheckAndHoursRefuseASpanOfMoreThanTenYears) {
  // Without the limit this run grew past 1.9 GB of memory.
  CliRun r = run({"check", "--config", st_olavs(), "--from", "2026-01-01", "--to", "9999-12-31"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "samtel: --from/--to span more than ten years: --to 9999-12-31 is 2912442 days after "
            "--from 2026-01-01, at most 3660\n");
  EXPECT_TRUE(r.out.empty()) << r.out;
  // The same check for hours.
  r = run({"hours", "--config", st_olavs(), "--from", "2026-01-01", "--to", "2036-01-10"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "samtel: --from/--to span more than ten years: --to 2036-01-10 is 3661 days after "
            "--from 2026-01-01, at most 3660\n");
  // Exactly ten years (3660 days) is allowed.
  r = run({"check", "--config", st_olavs(), "--from", "2026-01-01", "--to", "2036-01-09"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Coverage from 2026-01-01 to 2036-01-09:")) << r.out;
  // With --from not given, --to is measured from today.
  r = run({"check", "--config", st_olavs(), "--to", "9999-12-31"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "samtel: --from/--to span more than ten years: --to 9999-12-31 is "))
      << r.err;
  r = run({"check", "--config", st_olavs(), "--from", "2026-02-01", "--to", "2026-01-31"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "samtel: --to 2026-01-31 is before --from 2026-02-01\n");
}

TEST(Cli, AnExplicitlyEmptyAtDateLineOrDeskIsRefused) {
  const std::string message =
      "samtel: --at: empty time; give YYYY-MM-DDTHH:MM[:SS], local to the line or followed by Z "
      "or +HH:MM\n";
  CliRun r = run({"route", "--config", st_olavs(), "--at", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, message);
  EXPECT_TRUE(r.out.empty()) << r.out;
  r = run({"who", "--config", st_olavs(), "--at", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, message);
  EXPECT_TRUE(r.out.empty()) << r.out;
  // Not given at all, `who` answers for now.
  r = run({"who", "--config", st_olavs(), "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["desks"].size(), 5u);
  // The same for dates: empty is an error, not given is today.
  r = run({"hours", "--config", st_olavs(), "--from", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "samtel: --from: empty date; give YYYY-MM-DD or 'today'\n");
  r = run({"check", "--config", st_olavs(), "--from", "2026-02-01", "--to", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "samtel: --to: empty date; give YYYY-MM-DD or 'today'\n");
  r = run({"hours", "--config", st_olavs(), "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(json::parse(r.out)["windows"].empty());
  // --line and --desk given empty do not fall back to the default line or desk.
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--line", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "samtel: --line: empty line number; give one or leave the option out\n");
  r = run({"hours", "--config", st_olavs(), "--desk", ""});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "samtel: --desk: empty desk id; give one or leave the option out\n");
}

TEST(Cli, ErrorsEchoTheWholeValueGiven) {
  CliRun r = run({"route", "--config", st_olavs(), "--at", "99999-01-01T09:30"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err,
            "samtel: --at: bad time '99999-01-01T09:30' (expected YYYY-MM-DDTHH:MM[:SS], "
            "optionally followed by Z or +HH:MM)\n");
  r = run({"route", "--config", st_olavs(), "--at", "2026-02-30T09:30"});
  EXPECT_EQ(r.err, "samtel: --at: no such date '2026-02-30' in '2026-02-30T09:30'\n");
  r = run({"check", "--config", st_olavs(), "--from", "99999-01-01"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "samtel: --from: bad date '99999-01-01' (expected YYYY-MM-DD)\n");
  r = run({"hours", "--config", st_olavs(), "--from", "2026-01-01", "--to", "2026-1-10"});
  EXPECT_EQ(r.err, "samtel: --to: bad date '2026-1-10' (expected YYYY-MM-DD)\n");
  // Control characters come out escaped, on one line.
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--line", "7355\n3888"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "samtel: no line with number '7355\\n3888' (lines: 73553888)\n");
  r = run({"route", "--config", st_olavs(), "--at", "2026-06-09T12:00", "--desk", "\x1b[31mx"});
  EXPECT_EQ(r.err,
            "samtel: line 73553888 has no desk '\\u001B[31mx' (desks: medisin, kirurgi, "
            "kardiologi, gastro, lunge)\n");
  r = run({"hours", "--config", st_olavs(), "--desk", "ortopedi\n"});
  EXPECT_EQ(r.err, "samtel: line 73553888 has no desk 'ortopedi\\n'\n");
  r = run({"route", "--config", st_olavs(), "--at", "2026-10-25T02:30", "--fold", "later\r"});
  EXPECT_EQ(r.err, "samtel: --fold must be 'earlier' or 'later', not 'later\\r'\n");
  // A very long value is cut visibly, with its length.
  r = run({"route", "--config", st_olavs(), "--at", std::string(200, '2')});
  EXPECT_EQ(r.err, "samtel: --at: bad time '" + std::string(80, '2') +
                       "\u2026' (200 characters) (expected YYYY-MM-DDTHH:MM[:SS], optionally "
                       "followed by Z or +HH:MM)\n");
}

TEST(Cli, RouteRefusesAConfigurationWithAControlCharacterOrABareExtension) {
  json j = test::base_site();
  j["lines"][0]["closed"]["message"] = "Linjen er stengt.\nVed akutt behov: ring AMK 113.";
  j["people"][0]["addresses"][0]["uri"] = "4101";
  const std::string path = write_temp("control.json", j.dump(2));
  CliRun r = run({"route", "--config", path, "--at", "2026-06-09T23:30"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(r.err, "samtel: " + path +
                       ": /people/0/addresses/0/uri: address '4101' is not a SIP or tel URI "
                       "(expected sip:, sips: or tel: in lower case, e.g. 'sip:4101@pbx.example' "
                       "or 'tel:+4790000001')\n" +
                       path +
                       ": /lines/0/closed/message: contains a control character (U+000A)\n"
                       "2 problem(s); nothing was loaded.\n");
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------------------------
// holidays, hours, who

TEST(Cli, HolidaysJson) {
  const CliRun r = run({"holidays", "--year", "2027", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 12u);
  EXPECT_EQ(j[0]["date"], "2027-01-01");
  EXPECT_EQ(j[0]["name"], "1. nyttårsdag");
  EXPECT_EQ(j[1]["date"], "2027-03-25");
  EXPECT_EQ(j[1]["name"], "Skjærtorsdag");
  EXPECT_EQ(j[3]["date"], "2027-03-28");
  EXPECT_EQ(j[8]["date"], "2027-05-17");
  EXPECT_EQ(j[8]["name"], "17. mai (Grunnlovsdag)");
  EXPECT_EQ(j[9]["date"], "2027-05-17");
  EXPECT_EQ(j[9]["name"], "2. pinsedag");
  EXPECT_EQ(j[11]["date"], "2027-12-26");
}

TEST(Cli, HolidaysText) {
  const CliRun r = run({"holidays", "--year", "1946"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Public holidays in Norway, 1946")) << r.out;
  EXPECT_TRUE(contains(r.out, "1946-04-21")) << r.out;
  EXPECT_FALSE(contains(r.out, "17. mai")) << r.out;
}

TEST(Cli, HoursJsonAcrossDaylightSaving) {
  const CliRun r = run({"hours", "--config", st_olavs(), "--from", "2026-03-28", "--to",
                        "2026-03-29", "--desk", "medisin", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["zone"], "Europe/Oslo");
  ASSERT_EQ(j["windows"].size(), 2u);
  EXPECT_EQ(j["windows"][0]["start"], "2026-03-28T10:00:00+01:00");
  EXPECT_EQ(j["windows"][0]["start_utc"], "2026-03-28T09:00:00Z");
  EXPECT_EQ(j["windows"][1]["start"], "2026-03-29T10:00:00+02:00");
  EXPECT_EQ(j["windows"][1]["end_utc"], "2026-03-29T16:00:00Z");
  EXPECT_EQ(j["windows"][1]["seconds"], 28800);
  EXPECT_EQ(j["windows"][1]["day_type"], "sunday");
}

TEST(Cli, WhoJson) {
  const CliRun r = run({"who", "--config", st_olavs(), "--at", "2026-12-24T12:00", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["instant"], "2026-12-24T12:00:00+01:00");
  ASSERT_EQ(j["desks"].size(), 5u);
  EXPECT_EQ(j["desks"][0]["desk"], "medisin");
  EXPECT_EQ(j["desks"][0]["roles"][0]["name"], "Overlege Per Eide");
  EXPECT_EQ(j["desks"][0]["roles"][1]["address"], "sip:4601@pbx.stolav.example");
  EXPECT_EQ(j["desks"][0]["roles"][1]["until"], "2026-12-25T08:00:00+01:00");
  EXPECT_EQ(j["desks"][2]["open"], false);  // kardiologi: closed on Christmas Eve
}

}  // namespace
}  // namespace samtel
