// Loading a site's configuration: every validation error, with its JSON Pointer and message,
// and the bundled examples.
#include "samtel/config.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::base_site;
using test::errors_of;
using test::join_errors;
using test::json;
using test::must_parse;

// Some error has exactly `pointer` and a message containing `part`.
::testing::AssertionResult has_error(const ConfigErrors& errors, std::string_view pointer,
                                     std::string_view part) {
  for (const ConfigError& e : errors) {
    if (e.pointer == pointer && e.message.find(part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no error at '" << pointer << "' containing \"" << part << "\"; the errors were:\n"
         << join_errors(errors);
}

// Exactly one error, at `pointer`, containing `part`.
::testing::AssertionResult only_error(const ConfigErrors& errors, std::string_view pointer,
                                      std::string_view part) {
  if (errors.size() != 1) {
    return ::testing::AssertionFailure() << errors.size() << " errors instead of one:\n"
                                         << join_errors(errors);
  }
  return has_error(errors, pointer, part);
}

#define EXPECT_ONLY_ERROR(j, pointer, part) EXPECT_TRUE(only_error(errors_of(j), pointer, part))

json& rota(json& j) { return j["rotas"][0]; }
json& line(json& j) { return j["lines"][0]; }
json& desk(json& j) { return j["lines"][0]["desks"][0]; }
json& hours0(json& j) { return j["lines"][0]["hours"][0]; }

TEST(ConfigBase, TheSyntheticSiteLoads) {
  const Site site = must_parse(base_site());
  EXPECT_EQ(site.id, "test");
  EXPECT_EQ(site.source, "<text>");
  EXPECT_EQ(site.people.size(), 6u);
  EXPECT_EQ(site.rotas.size(), 1u);
  EXPECT_EQ(site.lines.size(), 1u);
  EXPECT_EQ(site.zone->name(), "Europe/Oslo");
  EXPECT_EQ(site.lines[0].zone, site.zone);
}

// ---------------------------------------------------------------------------------------------
// The document

TEST(ConfigDocument, SyntaxErrorCarriesLineAndColumn) {
  const std::string text = "{\n  \"site\": {\n    \"id\": \"x\",\n    \"name\": oops\n  }\n}\n";
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u) << join_errors(errors);
  EXPECT_EQ(errors[0].pointer, "");
  EXPECT_EQ(errors[0].source, "<text>");
  EXPECT_NE(errors[0].message.find("not valid JSON at line 4, column 13"), std::string::npos)
      << errors[0].message;
  // The explanation follows once, without the parser's own repetition of the position.
  EXPECT_NE(errors[0].message.find(": syntax error while parsing value - invalid literal"),
            std::string::npos)
      << errors[0].message;
  EXPECT_EQ(errors[0].message.find("parse error at line"), std::string::npos) << errors[0].message;

  const auto comma = errors_of(std::string("{\"site\": 1,\n}"));
  ASSERT_EQ(comma.size(), 1u);
  EXPECT_NE(comma[0].message.find("line 2, column 1"), std::string::npos) << comma[0].message;

  const auto empty = errors_of(std::string(""));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_NE(empty[0].message.find("not valid JSON at line 1, column 1"), std::string::npos)
      << empty[0].message;

  const auto open = errors_of(std::string("{\n\"site\": {"));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_NE(open[0].message.find("not valid JSON at line 2"), std::string::npos) << open[0].message;

  // The source name is used when given.
  auto named = parse_site("[", "sites/broken.json");
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error()[0].source, "sites/broken.json");
  EXPECT_EQ(named.error()[0].to_string().rfind("sites/broken.json: not valid JSON", 0), 0u)
      << named.error()[0].to_string();
}

TEST(ConfigDocument, RootMustBeAnObject) {
  EXPECT_ONLY_ERROR(std::string("[1, 2]"), "", "expected an object, found an array");
  EXPECT_ONLY_ERROR(std::string("\"site\""), "", "expected an object, found a string");
  EXPECT_ONLY_ERROR(std::string("null"), "", "expected an object, found null");
}

TEST(ConfigDocument, DuplicateKeys) {
  json j = base_site();
  std::string text = j.dump();
  // Repeat "site" at the top level.
  text.insert(1, R"("site": {"id": "x", "name": "X", "zone": "Europe/Oslo"}, )");
  EXPECT_TRUE(has_error(errors_of(text), "/site", "duplicate key 'site' (only one may be given)"));

  // Inside an array element: the second person has "name" twice.
  const std::string pretty = j.dump(2);
  const std::string needle = "\"name\": \"Lege B\"";
  std::string dup = pretty;
  dup.replace(dup.find(needle), needle.size(), needle + ", \"name\": \"Lege B2\"");
  EXPECT_ONLY_ERROR(dup, "/people/1/name", "duplicate key 'name'");

  // Deep inside: a desk's id twice.
  std::string deep = j.dump();
  const std::string desk_id = R"("id":"med","name":"Medisin","rota":"med")";
  ASSERT_NE(deep.find(desk_id), std::string::npos);
  deep.replace(deep.find(desk_id), desk_id.size(),
               R"("id":"med","id":"med2","name":"Medisin","rota":"med")");
  EXPECT_ONLY_ERROR(deep, "/lines/0/desks/0/id", "duplicate key 'id'");

  // The same key in different objects is fine.
  must_parse(j.dump());
}

TEST(ConfigDocument, UnknownKeysAreNamedWithTheAllowedOnes) {
  json j = base_site();
  j["sites"] = json::array();
  EXPECT_ONLY_ERROR(j, "/sites",
                    "unknown key 'sites' (allowed here: site, people, rotas, special_days, lines, "
                    "maintenance, maintenance_fallback, notices, callers)");
  j = base_site();
  j["site"]["a/b~c"] = 1;
  EXPECT_ONLY_ERROR(j, "/site/a~1b~0c", "unknown key 'a/b~c' (allowed here: id, name, zone)");
  j = base_site();
  desk(j)["ring_seconds"] = 20;
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0/ring_seconds", "unknown key 'ring_seconds'");
  j = base_site();
  rota(j)["patterns"][0]["start"] = "2026-01-05";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/start", "unknown key 'start'");
}

TEST(ConfigDocument, CommentsAreAllowedEverywhere) {
  json j = base_site();
  j["$schema"] = "../../schema/site.schema.json";
  j["$comment"] = "synthetic";
  j["site"]["comment"] = "a note";
  rota(j)["patterns"][0]["$comment"] = "weekly";
  desk(j)["comment"] = "desk note";
  must_parse(j);
}

TEST(ConfigDocument, MissingRequiredKeys) {
  json j = base_site();
  j.erase("site");
  EXPECT_TRUE(has_error(errors_of(j), "", "missing required key 'site'"));
  j = base_site();
  j.erase("people");
  EXPECT_TRUE(has_error(errors_of(j), "", "missing required key 'people'"));
  j = base_site();
  j.erase("rotas");
  EXPECT_TRUE(has_error(errors_of(j), "", "missing required key 'rotas'"));
  j = base_site();
  j.erase("lines");
  EXPECT_ONLY_ERROR(j, "", "missing required key 'lines'");
  j = base_site();
  j["site"].erase("zone");
  EXPECT_TRUE(has_error(errors_of(j), "/site", "missing required key 'zone'"));
  j = base_site();
  j["people"][2].erase("name");
  // Person c is not loaded, so the rotation naming c is reported too.
  auto errors = errors_of(j);
  EXPECT_TRUE(has_error(errors, "/people/2", "missing required key 'name'"));
  EXPECT_TRUE(has_error(errors, "/rotas/0/patterns/0/rotation/2", "unknown person 'c'"));
  EXPECT_EQ(errors.size(), 2u);
  j = base_site();
  rota(j)["roles"][1].erase("name");
  EXPECT_TRUE(has_error(errors_of(j), "/rotas/0/roles/1", "missing required key 'name'"));
  j = base_site();
  desk(j).erase("rota");
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0", "missing required key 'rota'");
}

TEST(ConfigDocument, WrongTypes) {
  json j = base_site();
  j["site"]["name"] = 42;
  EXPECT_ONLY_ERROR(j, "/site/name", "expected a string, found a number");
  j = base_site();
  j["people"] = {{"a", 1}};
  EXPECT_TRUE(has_error(errors_of(j), "/people", "expected an array, found an object"));
  j = base_site();
  j["people"][0] = "a";
  EXPECT_TRUE(has_error(errors_of(j), "/people/0", "expected an object, found a string"));
  j = base_site();
  line(j)["number"] = 11112222;
  EXPECT_ONLY_ERROR(j, "/lines/0/number", "expected a string, found a number");
  j = base_site();
  rota(j)["patterns"][0]["handover"] = true;
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/handover", "expected a string, found a boolean");
  j = base_site();
  rota(j)["patterns"][0]["period_days"] = "7";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/period_days",
                    "expected a whole number, found a string");
  j = base_site();
  rota(j)["patterns"][0]["period_days"] = 7.5;
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/period_days",
                    "expected a whole number, found a number");
  j = base_site();
  rota(j)["shifts"] = json::array({json::array({"role", "primary"})});
  EXPECT_ONLY_ERROR(j, "/rotas/0/shifts/0", "expected an object, found an array");
  rota(j)["shifts"] = {{"role", "primary"}};  // an object, not a list of shifts
  EXPECT_ONLY_ERROR(j, "/rotas/0/shifts", "expected an array, found an object");
  j = base_site();
  line(j)["fallback"] = "tel:+4711111111";
  EXPECT_TRUE(has_error(errors_of(j), "/lines/0/fallback", "expected an object, found a string"));
  j = base_site();
  j["site"]["name"] = "";
  EXPECT_ONLY_ERROR(j, "/site/name", "must not be empty");
  j = base_site();
  j["people"][0]["name"] = nullptr;
  EXPECT_TRUE(has_error(errors_of(j), "/people/0/name", "expected a string, found null"));
}

// ---------------------------------------------------------------------------------------------
// Site and people

TEST(ConfigSite, IdsAndZone) {
  json j = base_site();
  j["site"]["id"] = "st olavs";
  EXPECT_ONLY_ERROR(j, "/site/id", "id 'st olavs' may only use letters, digits, '-', '_' and '.'");
  j = base_site();
  j["site"]["id"] = std::string(65, 'x');
  EXPECT_ONLY_ERROR(j, "/site/id", "may only use letters");
  j = base_site();
  j["site"]["id"] = std::string(64, 'x');
  must_parse(j);
  j = base_site();
  j["site"]["id"] = "";
  EXPECT_ONLY_ERROR(j, "/site/id", "must not be empty");
  j = base_site();
  j["site"]["zone"] = "Europe/Trondheim";
  EXPECT_TRUE(has_error(
      errors_of(j), "/site/zone",
      "unknown time zone 'Europe/Trondheim' (expected an IANA name such as 'Europe/Oslo')"));
  j = base_site();
  line(j)["zone"] = "Mars/Olympus";
  EXPECT_ONLY_ERROR(j, "/lines/0/zone", "unknown time zone 'Mars/Olympus'");
  // A valid line zone is used for that line.
  j = base_site();
  line(j)["zone"] = "Europe/London";
  const Site london = must_parse(j);
  EXPECT_EQ(london.lines[0].zone->name(), "Europe/London");
}

TEST(ConfigPeople, Errors) {
  json j = base_site();
  j["people"][0]["addresses"] = json::array();
  EXPECT_ONLY_ERROR(j, "/people/0/addresses", "a person needs at least one address");
  j = base_site();
  j["people"][0]["addresses"][1]["label"] = "mobile";
  EXPECT_ONLY_ERROR(j, "/people/0/addresses/1/label", "duplicate address label 'mobile'");
  j = base_site();
  j["people"][0]["addresses"][0].erase("uri");
  EXPECT_ONLY_ERROR(j, "/people/0/addresses/0", "missing required key 'uri'");
  j = base_site();
  j["people"][0]["addresses"][0]["priority"] = 1;
  EXPECT_ONLY_ERROR(j, "/people/0/addresses/0/priority",
                    "unknown key 'priority' (allowed here: label, uri)");
  j = base_site();
  j["people"][1]["id"] = "a";
  EXPECT_TRUE(has_error(errors_of(j), "/people/1/id", "duplicate person id 'a'"));
  j = base_site();
  j["people"][5]["id"] = "f g";
  EXPECT_TRUE(has_error(errors_of(j), "/people/5/id", "id 'f g' may only use"));
}

TEST(ConfigPeople, ARetiredPersonWithoutDutyLoads) {
  json j = base_site();
  j["people"][5]["retired"] = "2026-06-01";  // f holds no duty at all
  const Site site = must_parse(j);
  ASSERT_TRUE(site.people[5].retired.has_value());
  EXPECT_EQ(*site.people[5].retired, test::day("2026-06-01"));
  EXPECT_FALSE(site.people[0].retired.has_value());
  j["people"][5]["retired"] = "2027-02-30";
  EXPECT_ONLY_ERROR(j, "/people/5/retired", "2027-02-30");
}

TEST(ConfigPeople, RetirementIsRefusedWhileThePersonHasDutyAfterIt) {
  // An unbounded rotation: A's occurrence from Monday 2026-12-28 runs past 1 January.
  json j = base_site();
  j["people"][0]["retired"] = "2027-01-01";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/rotation",
                    "'Lege A' is retired from 2027-01-01 but holds this rotation's shift from "
                    "2026-12-28 08:00 (end the pattern with 'until' and start a new one without "
                    "them)");

  // The rotation ends on 2026-12-28 at 08:00 with C's occurrence (k = 50); A's last is k = 48.
  j = base_site();
  rota(j)["patterns"][0]["until"] = "2026-12-28";
  j["people"][0]["retired"] = "2026-12-28";
  EXPECT_NO_THROW(must_parse(j));
  j["people"][0].erase("retired");
  j["people"][2]["retired"] = "2026-12-28";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/rotation",
                    "'Lege C' is retired from 2026-12-28 but holds this rotation's shift from "
                    "2026-12-21 08:00");

  // A swap gives A the last occurrence, after A's retirement.
  j = base_site();
  rota(j)["patterns"][0]["until"] = "2026-12-28";
  j["people"][0]["retired"] = "2026-12-21";
  EXPECT_NO_THROW(must_parse(j));
  rota(j)["swaps"] = {{{"role", "primary"},
                       {"occurrences", {"2026-12-07T08:00", "2026-12-21T08:00"}},
                       {"reason", "Bytte"}}};
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/rotation",
                    "'Lege A' is retired from 2026-12-21 but holds this rotation's shift from "
                    "2026-12-21 08:00");

  // Shifts and overrides of the retired person that last past the date.
  j = base_site();
  j["people"][5]["retired"] = "2027-03-01";
  rota(j)["shifts"] = {{{"role", "backup"},
                        {"person", "f"},
                        {"start", "2027-02-28T08:00"},
                        {"end", "2027-03-01T08:00"}}};
  EXPECT_ONLY_ERROR(j, "/rotas/0/shifts/0/person",
                    "'Lege F' is retired from 2027-03-01 but this shift lasts until "
                    "2027-03-01 08:00");
  rota(j)["shifts"][0]["end"] = "2027-03-01T00:00";
  EXPECT_NO_THROW(must_parse(j));
  rota(j).erase("shifts");
  rota(j)["overrides"] = {{{"role", "primary"},
                           {"person", "f"},
                           {"start", "2027-03-02T08:00"},
                           {"end", "2027-03-03T08:00"},
                           {"reason", "Kurs"}}};
  EXPECT_ONLY_ERROR(j, "/rotas/0/overrides/0/person",
                    "'Lege F' is retired from 2027-03-01 but this override lasts until "
                    "2027-03-03 08:00");
}

// ---------------------------------------------------------------------------------------------
// Rotas: roles, patterns, shifts, overrides, swaps

TEST(ConfigRoles, Errors) {
  json j = base_site();
  rota(j)["roles"] = json::array();
  EXPECT_TRUE(has_error(errors_of(j), "/rotas/0/roles", "a rota needs at least one role"));
  j = base_site();
  json roles = json::array();
  for (int i = 0; i < 33; ++i) roles.push_back({{"id", "r" + std::to_string(i)}, {"name", "R"}});
  roles[0]["id"] = "primary";
  roles[1]["id"] = "backup";
  rota(j)["roles"] = roles;
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles", "at most 32 roles per rota");
  roles.erase(32);
  rota(j)["roles"] = roles;
  must_parse(j);  // 32 is fine
  j = base_site();
  rota(j)["roles"][1]["id"] = "primary";
  EXPECT_TRUE(has_error(errors_of(j), "/rotas/0/roles/1/id", "duplicate role id 'primary'"));
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = 4;
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles/0/ring_seconds", "value 4 out of range 5..300");
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = 301;
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles/0/ring_seconds", "value 301 out of range 5..300");
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = -25;
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles/0/ring_seconds", "value -25 out of range 5..300");
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = 9223372036854775808ull;  // 2^63, beyond a signed long
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles/0/ring_seconds",
                    "value 9223372036854775808 out of range 5..300");
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = 18446744073709551615ull;
  EXPECT_ONLY_ERROR(j, "/rotas/0/roles/0/ring_seconds", "value 18446744073709551615 out of range");
  // Bounds are inclusive; the default is 25 s.
  j = base_site();
  rota(j)["roles"][0]["ring_seconds"] = 5;
  rota(j)["roles"][1].erase("ring_seconds");
  const Site site = must_parse(j);
  EXPECT_EQ(site.rotas[0].roles[0].ring_timeout, 5s);
  EXPECT_EQ(site.rotas[0].roles[1].ring_timeout, 25s);
}

TEST(ConfigPatterns, Errors) {
  const std::string p = "/rotas/0/patterns/0";
  json j = base_site();
  rota(j)["patterns"][0]["role"] = "primær";
  EXPECT_ONLY_ERROR(j, p + "/role", "unknown role 'primær' (known: backup, primary)");
  j = base_site();
  rota(j)["patterns"][0]["from"] = "2026-02-30";
  EXPECT_ONLY_ERROR(j, p + "/from", "no such date '2026-02-30'");
  j = base_site();
  rota(j)["patterns"][0]["from"] = "5 Jan 2026";
  EXPECT_ONLY_ERROR(j, p + "/from", "bad date '5 Jan 2026' (expected YYYY-MM-DD)");
  j = base_site();
  rota(j)["patterns"][0]["until"] = "2026-01-05";
  EXPECT_ONLY_ERROR(j, p + "/until", "'until' must be after 'from'");
  j = base_site();
  rota(j)["patterns"][0]["until"] = "2025-12-01";
  EXPECT_ONLY_ERROR(j, p + "/until", "'until' must be after 'from'");
  j = base_site();
  rota(j)["patterns"][0]["handover"] = "24:00";
  EXPECT_ONLY_ERROR(j, p + "/handover", "handover must be before 24:00");
  j = base_site();
  rota(j)["patterns"][0]["handover"] = "8:00";
  EXPECT_ONLY_ERROR(j, p + "/handover", "bad time of day '8:00'");
  j = base_site();
  rota(j)["patterns"][0]["handover"] = "08:75";
  EXPECT_ONLY_ERROR(j, p + "/handover", "out of range '08:75'");
  j = base_site();
  rota(j)["patterns"][0]["period_days"] = 0;
  EXPECT_ONLY_ERROR(j, p + "/period_days", "value 0 out of range 1..366");
  j = base_site();
  rota(j)["patterns"][0]["period_days"] = 367;
  EXPECT_ONLY_ERROR(j, p + "/period_days", "value 367 out of range 1..366");
  j = base_site();
  rota(j)["patterns"][0].erase("period_days");
  EXPECT_ONLY_ERROR(j, p, "missing required key 'period_days'");
  j = base_site();
  rota(j)["patterns"][0].erase("rotation");
  EXPECT_ONLY_ERROR(j, p, "missing required key 'rotation'");
  j = base_site();
  rota(j)["patterns"][0]["rotation"] = json::array();
  EXPECT_ONLY_ERROR(j, p + "/rotation", "a rotation needs at least one person");
  j = base_site();
  rota(j)["patterns"][0]["rotation"] = {"a", "zz", "c"};
  EXPECT_ONLY_ERROR(j, p + "/rotation/1", "unknown person 'zz' (known: a, b, c, d, e, f)");
  j = base_site();
  rota(j)["patterns"][0]["rotation"] = {1, "b"};
  EXPECT_ONLY_ERROR(j, p + "/rotation/0", "expected a person id, found a number");
  j = base_site();
  rota(j)["patterns"][0]["rotation"] = "a";
  EXPECT_ONLY_ERROR(j, p + "/rotation", "expected an array, found a string");
}

TEST(ConfigPatterns, OverlappingPatternsOfOneRole) {
  json j = base_site();
  // A second primary pattern while the first (unbounded) still runs.
  rota(j)["patterns"].push_back({{"role", "primary"},
                                 {"from", "2027-01-04"},
                                 {"handover", "08:00"},
                                 {"period_days", 7},
                                 {"rotation", {"f"}}});
  EXPECT_ONLY_ERROR(
      j, "/rotas/0/patterns/2",
      "pattern overlaps an earlier pattern for role 'primary' (give the earlier one an "
      "'until' on or before this one's 'from')");
  // With an 'until' on that date it is fine, and so is a pattern of another role.
  rota(j)["patterns"][0]["until"] = "2027-01-04";
  const Site site = must_parse(j);
  EXPECT_EQ(site.rotas[0].patterns.size(), 3u);
  // An earlier-starting pattern given later in the file overlaps too.
  json k = base_site();
  rota(k)["patterns"].push_back({{"role", "backup"},
                                 {"from", "2025-06-02"},
                                 {"until", "2026-01-06"},
                                 {"handover", "08:00"},
                                 {"period_days", 7},
                                 {"rotation", {"f"}}});
  EXPECT_ONLY_ERROR(k, "/rotas/0/patterns/2",
                    "pattern overlaps an earlier pattern for role 'backup'");
}

json a_shift() {
  return {{"role", "primary"},
          {"person", "f"},
          {"start", "2026-02-10T10:00"},
          {"end", "2026-02-10T12:00"}};
}

TEST(ConfigShifts, Errors) {
  const std::string p = "/rotas/0/shifts/0";
  json j = base_site();
  json s = a_shift();
  s["start"] = "2026-02-10T12:00";
  s["end"] = "2026-02-10T10:00";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(
      j, p + "/end",
      "shift ends (2026-02-10T09:00:00Z) before or when it starts (2026-02-10T11:00:00Z)");
  s["end"] = "2026-02-10T12:00";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/end", "before or when it starts");
  // Same wall-clock start and end on the fall-back night, spelled with offsets: one hour long,
  // fine.
  s["start"] = "2026-10-25T02:30+02:00";
  s["end"] = "2026-10-25T02:30+01:00";
  rota(j)["shifts"] = {s};
  const Site site = must_parse(j);
  EXPECT_EQ(site.rotas[0].shifts[0].end - site.rotas[0].shifts[0].start, 1h);
  s["start"] = "2026-10-25T02:30+01:00";
  s["end"] = "2026-10-25T02:30+02:00";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(
      j, p + "/end",
      "shift ends (2026-10-25T00:30:00Z) before or when it starts (2026-10-25T01:30:00Z)");

  s = a_shift();
  s["start"] = "2026-10-25T02:30";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(
      j, p + "/start",
      "local time '2026-10-25T02:30' happens twice in Europe/Oslo (clocks go back); add the "
      "offset, e.g. '2026-10-25T02:30+02:00' or '2026-10-25T02:30+01:00'");
  s = a_shift();
  s["end"] = "2026-10-25T02:00:00";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/end", "happens twice");
  s = a_shift();
  s["start"] = "2026-03-29T02:30";
  s["end"] = "2026-03-29T12:00";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/start",
                    "local time 2026-03-29 02:30:00 does not exist in Europe/Oslo");
  s = a_shift();
  s["start"] = "tomorrow";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/start", "bad time 'tomorrow'");
  s = a_shift();
  s["person"] = "zz";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/person", "unknown person 'zz' (known: a, b, c, d, e, f)");
  s = a_shift();
  s["role"] = "third";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/role", "unknown role 'third' (known: backup, primary)");
  s = a_shift();
  s["address"] = "pager";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p + "/address", "person 'f' has no address labelled 'pager'");
  s = a_shift();
  s["replaces"] = "a";
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(
      j, p + "/replaces",
      "unknown key 'replaces' (allowed here: role, person, start, end, address, note)");
  s = a_shift();
  s.erase("end");
  rota(j)["shifts"] = {s};
  EXPECT_ONLY_ERROR(j, p, "missing required key 'end'");
}

TEST(ConfigOverrides, Errors) {
  const std::string p = "/rotas/0/overrides/0";
  json j = base_site();
  json o = a_shift();
  o["end"] = "2026-02-10T09:00";
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(
      j, p + "/end",
      "override ends (2026-02-10T08:00:00Z) before or when it starts (2026-02-10T09:00:00Z)");
  o = a_shift();
  o["replaces"] = "zz";
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(j, p + "/replaces", "unknown person 'zz'");
  o = a_shift();
  o["address"] = "dect";
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(
      j, p + "/address",
      "unknown key 'address' (allowed here: role, person, start, end, replaces, reason)");
  o = a_shift();
  o["start"] = "2026-10-25T02:59";
  o["end"] = "2026-10-25T12:00";
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(j, p + "/start", "happens twice in Europe/Oslo");
  o = a_shift();
  o["person"] = "q";
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(j, p + "/person", "unknown person 'q'");
  o = a_shift();
  o["reason"] = 7;
  rota(j)["overrides"] = {o};
  EXPECT_ONLY_ERROR(j, p + "/reason", "expected a string, found a number");
}

json a_swap(const char* first, const char* second, const char* role = "primary") {
  return {{"role", role}, {"occurrences", {first, second}}};
}

TEST(ConfigSwaps, Errors) {
  const std::string p = "/rotas/0/swaps/0";
  json j = base_site();
  rota(j)["swaps"] = {{{"role", "primary"}, {"occurrences", {"2026-01-12T08:00"}}}};
  EXPECT_ONLY_ERROR(j, p + "/occurrences",
                    "a swap names exactly two occurrences (their local start times)");
  rota(j)["swaps"] = {{{"role", "primary"}, {"occurrences", {"2026-01-12T08:00", 5}}}};
  EXPECT_ONLY_ERROR(j, p + "/occurrences/1", "expected a local start time, found a number");
  rota(j)["swaps"] = {a_swap("12 Jan", "2026-01-19T08:00")};
  EXPECT_ONLY_ERROR(j, p + "/occurrences/0", "bad time '12 Jan'");
  rota(j)["swaps"] = {a_swap("2026-01-12T08:00", "2026-01-13T08:00")};
  EXPECT_ONLY_ERROR(j, p + "/occurrences/1",
                    "no shift of role 'primary' starts at '2026-01-13T08:00' (name the local start "
                    "of a rotation shift)");
  rota(j)["swaps"] = {a_swap("2026-01-12T09:00", "2026-01-19T08:00")};
  EXPECT_ONLY_ERROR(j, p + "/occurrences/0",
                    "no shift of role 'primary' starts at '2026-01-12T09:00'");
  rota(j)["swaps"] = {a_swap("2025-12-29T08:00", "2026-01-19T08:00")};  // before the pattern starts
  EXPECT_ONLY_ERROR(j, p + "/occurrences/0", "no shift of role 'primary'");
  rota(j)["swaps"] = {a_swap("2026-01-12T08:00", "2026-01-12T08:00")};
  EXPECT_ONLY_ERROR(j, p + "/occurrences", "a swap needs two different shifts");
  rota(j)["swaps"] = {a_swap("2026-01-12T08:00", "2026-01-19T08:00"),
                      a_swap("2026-01-26T08:00", "2026-01-19T08:00")};
  EXPECT_ONLY_ERROR(j, "/rotas/0/swaps/1/occurrences", "a shift may take part in one swap only");
  rota(j)["swaps"] = {a_swap("2026-01-12T08:00", "2026-01-19T08:00", "nurse")};
  EXPECT_ONLY_ERROR(j, p + "/role", "unknown role 'nurse'");
  rota(j)["swaps"] = {{{"role", "primary"},
                       {"occurrences", {"2026-01-12T08:00", "2026-01-19T08:00"}},
                       {"why", "x"}}};
  EXPECT_ONLY_ERROR(j, p + "/why", "unknown key 'why' (allowed here: role, occurrences, reason)");
  // Occurrences of two different patterns of the same role.
  json k = base_site();
  rota(k)["patterns"][0]["until"] = "2026-03-02";
  rota(k)["patterns"].push_back({{"role", "primary"},
                                 {"from", "2026-03-02"},
                                 {"handover", "08:00"},
                                 {"period_days", 7},
                                 {"rotation", {"f", "e"}}});
  rota(k)["swaps"] = {a_swap("2026-02-23T08:00", "2026-03-02T08:00")};
  EXPECT_ONLY_ERROR(k, p + "/occurrences",
                    "both occurrences must belong to the same rotation pattern");
  // A role without a pattern.
  json m = base_site();
  rota(m)["patterns"].erase(1);
  rota(m)["swaps"] = {a_swap("2026-01-12T08:00", "2026-01-19T08:00", "backup")};
  const auto errors = errors_of(m);
  EXPECT_TRUE(has_error(errors, p + "/occurrences/0",
                        "no shift of role 'backup' starts at '2026-01-12T08:00'"));
  EXPECT_TRUE(has_error(errors, p + "/occurrences/1",
                        "no shift of role 'backup' starts at '2026-01-19T08:00'"));
  EXPECT_EQ(errors.size(), 2u);
}

TEST(ConfigRotas, DuplicateIdAndBadId) {
  json j = base_site();
  j["rotas"].push_back(
      {{"id", "med"}, {"name", "Medisin 2"}, {"roles", {{{"id", "primary"}, {"name", "P"}}}}});
  EXPECT_ONLY_ERROR(j, "/rotas/1/id", "duplicate rota id 'med'");
  j = base_site();
  rota(j)["id"] = "med/kir";
  EXPECT_TRUE(has_error(errors_of(j), "/rotas/0/id", "id 'med/kir' may only use"));
}

// ---------------------------------------------------------------------------------------------
// Special days

TEST(ConfigSpecialDays, Errors) {
  const std::string p = "/special_days/0";
  const auto with = [](json day) {
    json j = base_site();
    j["special_days"] = {day};
    return j;
  };
  json j = base_site();
  j["special_days"] = {{"name", "x"}};
  EXPECT_ONLY_ERROR(j, "/special_days", "expected an array of special days, found an object");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"treat_as", "holiday"}}), p,
                    "give exactly one of 'date', 'yearly' or 'easter' to say when the day is");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"date", "2026-12-24"}, {"yearly", "12-24"}, {"treat_as", "holiday"}}),
      p, "give exactly one of 'date', 'yearly' or 'easter'");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"date", 20261224}, {"treat_as", "holiday"}}), p + "/date",
                    "expected \"YYYY-MM-DD\" or [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"date", {"2026-12-24"}}, {"treat_as", "holiday"}}),
                    p + "/date", "expected \"YYYY-MM-DD\" or");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"date", "2026-12-32"}, {"treat_as", "holiday"}}),
                    p + "/date", "no such date '2026-12-32'");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"date", {"2026-12-24", "24.12.2026"}}, {"treat_as", "holiday"}}),
      p + "/date", "bad date '24.12.2026'");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"date", {"2026-12-31", "2026-12-24"}}, {"treat_as", "holiday"}}),
      p + "/date", "range ends before it starts");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-32"}, {"treat_as", "holiday"}}),
                    p + "/yearly", "bad month-day '12-32' (expected MM-DD)");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "1224"}, {"treat_as", "holiday"}}),
                    p + "/yearly", "bad month-day '1224'");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "2026-12-24"}, {"treat_as", "holiday"}}),
                    p + "/yearly", "bad month-day '2026-12-24'");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"yearly", 1224}, {"treat_as", "holiday"}}), p + "/yearly",
      "expected \"MM-DD\" or [\"MM-DD\", \"MM-DD\"] (a range may wrap over New Year)");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", {"12-24", 31}}, {"treat_as", "holiday"}}),
                    p + "/yearly/1", "expected \"MM-DD\", found a number");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", {"12-24", "13-01"}}, {"treat_as", "holiday"}}),
                    p + "/yearly/1", "bad month-day '13-01'");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"easter", 61}, {"treat_as", "holiday"}}), p + "/easter",
                    "expected a day offset from Easter Sunday (-60..60), or [from, to]");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"easter", {-61, 0}}, {"treat_as", "holiday"}}),
                    p + "/easter", "expected a day offset from Easter Sunday");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"easter", "-1"}, {"treat_as", "holiday"}}), p + "/easter",
                    "expected a day offset from Easter Sunday");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"easter", {1, -6}}, {"treat_as", "holiday"}}),
                    p + "/easter", "range ends before it starts");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-24"}}), p,
                    "give exactly one of 'treat_as' (another day type's hours) or 'hours' (its "
                    "own; [] = closed)");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"yearly", "12-24"}, {"treat_as", "holiday"}, {"hours", json::array()}}),
      p, "give exactly one of 'treat_as'");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-24"}, {"treat_as", "weekend"}}),
                    p + "/treat_as",
                    "unknown day type 'weekend' (weekday, saturday, sunday, holiday)");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-24"}, {"treat_as", "special"}}),
                    p + "/treat_as", "unknown day type 'special'");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-24"}, {"hours", {"10:00-10:00"}}}),
                    p + "/hours/0", "starts and ends at the same time");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"yearly", "12-24"}, {"hours", {"08:00-12:00", "11:00-13:00"}}}),
      p + "/hours/1", "window 11:00-13:00 overlaps window 08:00-12:00");
  EXPECT_ONLY_ERROR(with({{"name", "X"}, {"yearly", "12-24"}, {"hours", "08:00-12:00"}}),
                    p + "/hours", "expected an array of \"HH:MM-HH:MM\" windows, found a string");
  EXPECT_ONLY_ERROR(with({{"yearly", "12-24"}, {"treat_as", "holiday"}}), p,
                    "missing required key 'name'");
  EXPECT_ONLY_ERROR(
      with({{"name", "X"}, {"yearly", "12-24"}, {"treat_as", "holiday"}, {"until", "x"}}),
      p + "/until",
      "unknown key 'until' (allowed here: name, date, yearly, easter, treat_as, hours)");
  // Valid forms.
  const Site ok =
      must_parse(with({{"name", "Skuddag"}, {"yearly", "02-29"}, {"hours", json::array()}}));
  EXPECT_EQ(ok.special_days.size(), 1u);
  EXPECT_EQ(ok.special_days[0].when, SpecialDay::When::yearly);
  EXPECT_EQ(ok.special_days[0].from_month, 2u);
  EXPECT_EQ(ok.special_days[0].from_day, 29u);
}

TEST(ConfigSpecialDays, PointersOnLinesAndDesks) {
  json j = base_site();
  line(j)["special_days"] = {{{"name", "X"}, {"yearly", "12-24"}, {"treat_as", "night"}}};
  EXPECT_ONLY_ERROR(j, "/lines/0/special_days/0/treat_as", "unknown day type 'night'");
  j = base_site();
  desk(j)["special_days"] = {{{"name", "Ok"}, {"yearly", "12-31"}, {"treat_as", "saturday"}},
                             {{"name", "X"}, {"easter", {-3, 1}}, {"hours", {"08:00"}}}};
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0/special_days/1/hours/0",
                    "bad window '08:00' (expected HH:MM-HH:MM)");
  // Desk rules come first, then the line's.
  j = base_site();
  line(j)["special_days"] = {{{"name", "Line rule"}, {"yearly", "12-24"}, {"treat_as", "holiday"}}};
  desk(j)["special_days"] = {
      {{"name", "Desk rule"}, {"yearly", "12-24"}, {"hours", json::array()}}};
  const Site site = must_parse(j);
  const auto& rules = site.lines[0].desks[0].special_days;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].name, "Desk rule");
  EXPECT_EQ(rules[1].name, "Line rule");
}

// ---------------------------------------------------------------------------------------------
// Lines, hours and desks

TEST(ConfigLines, Errors) {
  json j = base_site();
  j["lines"] = json::array();
  EXPECT_ONLY_ERROR(j, "/lines", "a site needs at least one line");
  j = base_site();
  line(j)["number"] = "7355 3888";
  EXPECT_ONLY_ERROR(j, "/lines/0/number", "line number '7355 3888' must be 1-15 digits, no spaces");
  j = base_site();
  line(j)["number"] = "+4773553888";
  EXPECT_ONLY_ERROR(j, "/lines/0/number", "must be 1-15 digits");
  j = base_site();
  line(j)["number"] = "1234567890123456";
  EXPECT_ONLY_ERROR(j, "/lines/0/number", "must be 1-15 digits");
  j = base_site();
  line(j)["number"] = "123456789012345";
  must_parse(j);
  j = base_site();
  j["lines"].push_back(line(j));
  EXPECT_ONLY_ERROR(j, "/lines/1/number", "duplicate line number '11112222'");
  j = base_site();
  line(j)["desks"] = json::array();
  EXPECT_ONLY_ERROR(j, "/lines/0/desks", "a line needs at least one desk");
  j = base_site();
  line(j).erase("desks");
  EXPECT_ONLY_ERROR(j, "/lines/0", "missing required key 'desks'");
  j = base_site();
  line(j)["default_desk"] = "kir";
  EXPECT_ONLY_ERROR(j, "/lines/0/default_desk", "unknown desk 'kir' (desks: med)");
  j = base_site();
  line(j)["fallback"].erase("address");
  EXPECT_TRUE(has_error(errors_of(j), "/lines/0/fallback", "missing required key 'address'"));
  j = base_site();
  line(j)["closed"]["phone"] = "113";
  EXPECT_ONLY_ERROR(j, "/lines/0/closed/phone",
                    "unknown key 'phone' (allowed here: name, address, message)");
  j = base_site();
  line(j)["closed"]["message"] = "";  // an empty message is allowed
  must_parse(j);
}

TEST(ConfigDesks, Errors) {
  json j = base_site();
  desk(j)["rota"] = "kir";
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0/rota", "unknown rota 'kir' (known: med)");
  j = base_site();
  line(j).erase("hours");
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0",
                    "no service hours: give 'hours' on the desk or its line");
  j = base_site();
  line(j).erase("fallback");
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0", "no fallback: give 'fallback' on the desk or its line");
  j = base_site();
  line(j)["desks"].push_back(desk(j));
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/1/id", "duplicate desk id 'med' on this line");
  j = base_site();
  desk(j)["id"] = "med desk";
  EXPECT_ONLY_ERROR(j, "/lines/0/desks/0/id", "id 'med desk' may only use");
  // Desk-level hours and fallbacks replace the line's.
  j = base_site();
  line(j).erase("hours");
  line(j).erase("fallback");
  line(j).erase("closed");
  desk(j)["hours"] = {{{"from", "2020-01-01"},
                       {"weekday", {"09:00-15:00"}},
                       {"weekend", json::array()},
                       {"holiday", json::array()}}};
  desk(j)["fallback"] = {{"name", "Desk fallback"}, {"address", "tel:+4733333333"}};
  const Site site = must_parse(j);
  const Desk& d = site.lines[0].desks[0];
  EXPECT_EQ(d.fallback.name, "Desk fallback");
  EXPECT_EQ(d.fallback.message, "");
  EXPECT_EQ(d.closed.name, "Desk fallback");  // no 'closed': the fallback is used
  EXPECT_EQ(d.hours.versions().size(), 1u);
}

TEST(ConfigHours, Errors) {
  const std::string h = "/lines/0/hours";
  json j = base_site();
  line(j)["hours"] = json::array();
  EXPECT_ONLY_ERROR(j, h, "expected a non-empty array of hours versions, found an array");
  line(j)["hours"] = hours0(j);
  j = base_site();
  line(j)["hours"] = {{"from", "2020-01-01"}};
  EXPECT_TRUE(
      has_error(errors_of(j), h, "expected a non-empty array of hours versions, found an object"));
  j = base_site();
  hours0(j)["fridays"] = {"08:00-12:00"};
  EXPECT_ONLY_ERROR(
      j, h + "/0/fridays",
      "unknown key 'fridays' (allowed here: from, weekday, saturday, sunday, holiday, weekend)");
  j = base_site();
  hours0(j)["from"] = "2020-1-1";
  EXPECT_ONLY_ERROR(j, h + "/0/from", "bad date '2020-1-1'");
  j = base_site();
  hours0(j)["saturday"] = {"10:00-14:00"};
  EXPECT_ONLY_ERROR(j, h + "/0/weekend", "give either 'weekend' or 'saturday'/'sunday', not both");
  j = base_site();
  hours0(j)["weekday"] = {"08:00-16:00", "12:00-14:00"};
  EXPECT_ONLY_ERROR(j, h + "/0/weekday/1", "window 12:00-14:00 overlaps window 08:00-16:00");
  j = base_site();
  hours0(j)["weekday"] = {"08:00-12:00", "12:00-16:00"};  // touching is fine (half-open)
  must_parse(j);
  j = base_site();
  hours0(j)["weekday"] = {"22:00-02:00", "01:00-06:00"};  // the night runs into the next morning
  EXPECT_ONLY_ERROR(j, h + "/0/weekday/1", "window 01:00-06:00 overlaps window 22:00-02:00");
  j = base_site();
  hours0(j)["weekday"] = {"22:00-02:00", "02:00-06:00"};
  must_parse(j);
  j = base_site();
  hours0(j)["holiday"] = {"00:00-24:00", "10:00-11:00"};
  EXPECT_ONLY_ERROR(j, h + "/0/holiday/1", "overlaps window 00:00-24:00");
  j = base_site();
  hours0(j)["weekday"] = {"08:00-08:00"};
  EXPECT_ONLY_ERROR(j, h + "/0/weekday/0", "window '08:00-08:00' starts and ends at the same time");
  j = base_site();
  hours0(j)["weekday"] = {"08:00-23:00", 17};
  EXPECT_ONLY_ERROR(j, h + "/0/weekday/1", "expected a window \"HH:MM-HH:MM\", found a number");
  j = base_site();
  hours0(j)["weekend"] = "10:00-18:00";
  EXPECT_ONLY_ERROR(j, h + "/0/weekend",
                    "expected an array of \"HH:MM-HH:MM\" windows, found a string");
  j = base_site();
  line(j)["hours"].push_back({{"from", "2020-01-01"}, {"weekday", {"08:00-22:00"}}});
  EXPECT_ONLY_ERROR(j, h + "/1/from", "two hours versions take effect on 2020-01-01");
  j = base_site();
  hours0(j).erase("holiday");
  EXPECT_ONLY_ERROR(j, h + "/0",
                    "the first hours version must give 'holiday' (an empty list [] means closed)");
  j = base_site();
  hours0(j).erase("weekend");
  hours0(j)["saturday"] = json::array();
  const auto errors = errors_of(j);
  EXPECT_TRUE(only_error(errors, h + "/0", "the first hours version must give 'sunday'"));
}

TEST(ConfigHours, TheEarliestVersionMustBeCompleteWhateverItsPlaceInTheFile) {
  json j = base_site();
  // The later version is complete and listed first; the earliest one (listed second) lacks the
  // weekend and holiday hours, which would silently mean "closed".
  line(j)["hours"] = {{{"from", "2027-01-01"},
                       {"weekday", {"08:00-22:00"}},
                       {"weekend", {"10:00-18:00"}},
                       {"holiday", {"10:00-18:00"}}},
                      {{"from", "2020-01-01"}, {"weekday", {"08:00-23:00"}}}};
  const auto errors = errors_of(j);
  EXPECT_TRUE(
      has_error(errors, "/lines/0/hours/1", "the first hours version must give 'saturday'"));
  EXPECT_TRUE(has_error(errors, "/lines/0/hours/1", "the first hours version must give 'sunday'"));
  EXPECT_TRUE(has_error(errors, "/lines/0/hours/1", "the first hours version must give 'holiday'"));
  EXPECT_EQ(errors.size(), 3u) << join_errors(errors);
  // The other way round it is fine: the earliest version is complete.
  std::swap(line(j)["hours"][0]["from"], line(j)["hours"][1]["from"]);
  const Site site = must_parse(j);
  const auto& v = site.lines[0].desks[0].hours.versions();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].windows[0], (std::vector<Window>{Window{480, 1380}}));
  EXPECT_EQ(v[1].windows[3], (std::vector<Window>{Window{600, 1080}}));
}

// ---------------------------------------------------------------------------------------------
// Text people read, and addresses

// The synthetic site with every free-text field filled in: a shift note, an override reason, a
// swap reason, a special day and a fallback of the desk's own.
json site_with_every_text() {
  json j = base_site();
  rota(j)["shifts"] = {{{"role", "backup"},
                        {"person", "f"},
                        {"start", "2026-02-10T10:00"},
                        {"end", "2026-02-10T12:00"},
                        {"note", "Ekstra bakvakt"}}};
  rota(j)["overrides"] = {{{"role", "primary"},
                           {"person", "c"},
                           {"start", "2026-01-06T08:00"},
                           {"end", "2026-01-07T08:00"},
                           {"reason", "Kurs"}}};
  rota(j)["swaps"] = {{{"role", "primary"},
                       {"occurrences", {"2026-01-12T08:00", "2026-01-19T08:00"}},
                       {"reason", "Bytte"}}};
  j["special_days"] = {{{"name", "Julaften"}, {"yearly", "12-24"}, {"hours", {"10:00-15:00"}}}};
  desk(j)["fallback"] = {{"name", "Medisinsk sentralbord"},
                         {"address", "tel:+4733333333"},
                         {"message", "Ring AMK 113."}};
  return j;
}

TEST(ConfigText, TheSiteWithEveryTextFieldLoads) {
  const Site site = must_parse(site_with_every_text());
  EXPECT_EQ(site.rotas[0].shifts[0].note, "Ekstra bakvakt");
  EXPECT_EQ(site.lines[0].desks[0].fallback.message, "Ring AMK 113.");
}

TEST(ConfigText, AControlCharacterInAnyTextFieldIsRefusedWithItsPointer) {
  struct Case {
    const char* pointer;
    std::string value;
    const char* message;
  };
  const Case cases[] = {
      {"/site/name", "Test\nsykehus", "contains a control character (U+000A)"},
      {"/people/0/addresses/1/label", "dect\t", "contains a control character (U+0009)"},
      {"/lines/0/name", "Test\rlinje", "contains a control character (U+000D)"},
      {"/lines/0/desks/0/name", "Medisin\x7f", "contains a control character (U+007F)"},
      {"/lines/0/fallback/name", "\x1b[2JSentralbord", "contains a control character (U+001B)"},
      {"/lines/0/fallback/message", "Du settes\nover.", "contains a control character (U+000A)"},
      {"/lines/0/closed/name", "Stengt\xC2\x85linje", "contains a control character (U+0085)"},
      {"/lines/0/closed/message", "Ring 113.\r\n", "contains a control character (U+000D)"},
      {"/lines/0/desks/0/fallback/message", "Ring\nAMK 113.",
       "contains a control character (U+000A)"},
      {"/rotas/0/shifts/0/note", "Ekstra\tbakvakt", "contains a control character (U+0009)"},
      {"/rotas/0/overrides/0/reason", "Kurs\n", "contains a control character (U+000A)"},
      {"/rotas/0/swaps/0/reason", "\aBytte", "contains a control character (U+0007)"},
      {"/special_days/0/name", "Jul\naften", "contains a control character (U+000A)"},
  };
  for (const Case& c : cases) {
    json j = site_with_every_text();
    j[json::json_pointer(c.pointer)] = c.value;
    EXPECT_TRUE(only_error(errors_of(j), c.pointer, c.message)) << c.pointer;
  }
  // Ids, and names of what is then left out (a person, a rota, a role): the same message, among
  // those of the references to it.
  const Case references[] = {
      {"/site/id", "test\n", "contains a control character (U+000A)"},
      {"/people/5/id", "f\n", "contains a control character (U+000A)"},
      {"/people/0/name", std::string("Lege\0A", 6), "contains a control character (U+0000)"},
      {"/rotas/0/id", "med\t", "contains a control character (U+0009)"},
      {"/rotas/0/name", "Medisin\n", "contains a control character (U+000A)"},
      {"/rotas/0/roles/0/name", "Primær\nvakt", "contains a control character (U+000A)"},
      {"/lines/0/desks/0/id", "med\n", "contains a control character (U+000A)"},
      {"/lines/0/desks/0/rota", "med\n", "contains a control character (U+000A)"},
      {"/rotas/0/shifts/0/person", "f\n", "contains a control character (U+000A)"},
  };
  for (const Case& c : references) {
    json j = site_with_every_text();
    j[json::json_pointer(c.pointer)] = c.value;
    EXPECT_TRUE(has_error(errors_of(j), c.pointer, c.message)) << c.pointer;
  }
}

TEST(ConfigText, ValuesInMessagesAreEchoedWholeAndEscaped) {
  json j = base_site();
  rota(j)["patterns"][0]["rotation"][0] = "a\nb";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/rotation/0", "unknown person 'a\\nb' (known: a, b,");
  j = base_site();
  hours0(j)["weekday"] = {"08:00-23\n"};
  EXPECT_ONLY_ERROR(j, "/lines/0/hours/0/weekday/0",
                    "window '08:00-23\\n': bad time of day '23\\n' (expected HH:MM)");
  j = base_site();
  rota(j)["patterns"][0]["from"] = "99999-01-05";
  EXPECT_ONLY_ERROR(j, "/rotas/0/patterns/0/from", "bad date '99999-01-05' (expected YYYY-MM-DD)");
  j = base_site();
  j["lines"][0]["unknown\nkey"] = 1;
  EXPECT_ONLY_ERROR(j, "/lines/0/unknown\\nkey", "unknown key 'unknown\\nkey' (allowed here:");
}

TEST(ConfigAddresses, MustBeSipSipsOrTelUris) {
  const std::string not_a_uri =
      " is not a SIP or tel URI (expected sip:, sips: or tel: in lower case, e.g. "
      "'sip:4101@pbx.example' or 'tel:+4790000001')";
  struct Case {
    std::string uri, message;
  };
  const Case cases[] = {
      {"4101", "address '4101'" + not_a_uri},
      {"SIP:4101@pbx.test", "address 'SIP:4101@pbx.test'" + not_a_uri},
      {" sip:4101@pbx.test", "address ' sip:4101@pbx.test'" + not_a_uri},
      {"https://pbx.test/4101", "address 'https://pbx.test/4101'" + not_a_uri},
      {"sip:", "address 'sip:' has nothing after its scheme"},
      {"tel:", "address 'tel:' has nothing after its scheme"},
      {"sip:41 01@pbx.test", "address 'sip:41 01@pbx.test' contains a space"},
      {"tel:+47 900 01 001", "address 'tel:+47 900 01 001' contains a space"},
      {"sip:4101@pbx.test>;q=1",
       "address 'sip:4101@pbx.test>;q=1' contains '>', which a URI cannot hold"},
      {"sip:\"x\"@pbx.test", "address 'sip:\"x\"@pbx.test' contains '\"', which a URI cannot hold"},
      {"sip:4101@pbx.test\r\nX-Evil: 1", "contains a control character (U+000D)"},
  };
  for (const char* pointer :
       {"/people/0/addresses/0/uri", "/lines/0/fallback/address", "/lines/0/closed/address"}) {
    for (const Case& c : cases) {
      json j = base_site();
      j[json::json_pointer(pointer)] = c.uri;
      EXPECT_TRUE(only_error(errors_of(j), pointer, c.message)) << pointer << " " << c.uri;
    }
  }
  for (const char* uri :
       {"sip:5001@pbx.test", "sips:5001@pbx.test;transport=tls", "tel:+4790001001",
        "sip:primar@127.0.0.1:5060", "sip:ore-nese-hals@pbx.stolav.example"}) {
    json j = base_site();
    j["people"][0]["addresses"][0]["uri"] = uri;
    line(j)["closed"]["address"] = uri;
    const Site site = must_parse(j);
    EXPECT_EQ(site.people[0].addresses[0].uri, uri);
    EXPECT_EQ(site.lines[0].desks[0].closed.address, uri);
  }
}

// ---------------------------------------------------------------------------------------------
// All errors at once; all or nothing

TEST(ConfigErrorsAll, SeveralErrorsAreAllReported) {
  json j = base_site();
  j["site"]["colour"] = "blue";                          // unknown key
  j["people"][1]["id"] = "a";                            // duplicate person id
  rota(j)["roles"][1]["ring_seconds"] = 1000;            // out of range
  rota(j)["patterns"][0]["rotation"] = {"a", "nobody"};  // unknown person
  rota(j)["shifts"] = {{{"role", "primary"},
                        {"person", "c"},
                        {"start", "2026-05-01T12:00"},
                        {"end", "2026-05-01T11:00"}}};  // ends before it starts
  j["special_days"] = {{{"name", "X"}, {"yearly", "02-30"}, {"treat_as", "holiday"}}};  // bad date
  hours0(j)["weekday"] = {"08:00-23:00", "22:00-23:30"};                                // overlap
  desk(j)["rota"] = "kir";  // unknown rota
  const auto errors = errors_of(j);
  std::vector<std::string> pointers;
  for (const ConfigError& e : errors) pointers.push_back(e.pointer);
  const std::vector<std::string> expected = {
      "/site/colour",
      "/people/1/id",
      "/rotas/0/roles/1/ring_seconds",
      "/rotas/0/patterns/0/rotation/1",
      "/rotas/0/shifts/0/end",
      "/special_days/0/yearly",
      "/lines/0/hours/0/weekday/1",
      "/lines/0/desks/0/rota",
  };
  EXPECT_EQ(pointers, expected) << join_errors(errors);
  for (const ConfigError& e : errors) {
    EXPECT_EQ(e.source, "<text>");
    EXPECT_FALSE(e.message.empty());
  }
}

TEST(ConfigErrorsAll, AnUnknownZoneDoesNotHideOtherErrors) {
  json j = base_site();
  j["site"]["zone"] = "Europe/Trondheim";
  rota(j)["patterns"][0]["rotation"] = {"a", "nobody"};
  desk(j)["rota"] = "kir";
  const auto errors = errors_of(j);
  EXPECT_TRUE(has_error(errors, "/site/zone", "unknown time zone 'Europe/Trondheim'"));
  EXPECT_TRUE(has_error(errors, "/rotas/0/patterns/0/rotation/1", "unknown person 'nobody'"));
  EXPECT_TRUE(has_error(errors, "/lines/0/desks/0/rota", "unknown rota 'kir'"));
  EXPECT_EQ(errors.size(), 3u) << join_errors(errors);
}

TEST(ConfigErrorsAll, ToStringFormat) {
  const ConfigError with_pointer{"site.json", "/lines/0/desks/1/rota", "unknown rota 'x'"};
  EXPECT_EQ(with_pointer.to_string(), "site.json: /lines/0/desks/1/rota: unknown rota 'x'");
  const ConfigError whole{"site.json", "", "cannot open the file"};
  EXPECT_EQ(whole.to_string(), "site.json: cannot open the file");
}

TEST(ConfigErrorsAll, MutatedDocumentsNeverThrow) {
  // Damaged versions of a real configuration: every result is either a site or a list of errors
  // with messages; nothing throws.
  std::ifstream in(test::example_path("st-olavs.json"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string original = buffer.str();
  ASSERT_GT(original.size(), 1000u);
  std::mt19937 rng{73553888};
  const std::string junk = "{}[],:\"0123456789-TZ+ abcnulltruefalse";
  int rejected = 0;
  for (int n = 0; n < 150; ++n) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(pos, 1 + rng() % 20); break;
        case 1: text[pos] = junk[rng() % junk.size()]; break;
        default: text.insert(pos, 1, junk[rng() % junk.size()]); break;
      }
    }
    tl::expected<Site, ConfigErrors> site;
    EXPECT_NO_THROW(site = parse_site(text, "mutated"));
    if (!site) {
      ++rejected;
      ASSERT_FALSE(site.error().empty());
      for (const ConfigError& e : site.error()) {
        EXPECT_FALSE(e.message.empty());
        EXPECT_EQ(e.source, "mutated");
      }
    }
  }
  EXPECT_GT(rejected, 75);
}

// ---------------------------------------------------------------------------------------------
// Files and the bundled examples

TEST(ConfigFiles, MissingFile) {
  auto site = load_site_file("/nonexistent/site.json");
  ASSERT_FALSE(site);
  ASSERT_EQ(site.error().size(), 1u);
  EXPECT_EQ(site.error()[0].source, "/nonexistent/site.json");
  EXPECT_EQ(site.error()[0].pointer, "");
  EXPECT_EQ(site.error()[0].message, "cannot open the file");
  auto schedule = load_schedule({test::example_path("st-olavs.json"), "/nonexistent/site.json"});
  ASSERT_FALSE(schedule);
  ASSERT_EQ(schedule.error().size(), 1u);
  EXPECT_EQ(schedule.error()[0].source, "/nonexistent/site.json");
}

TEST(ConfigFiles, ForACommandLineEveryProblemThenTheCount) {
  const std::string dir = std::string(SAMTEL_SOURCE_DIR) + "/docs/examples";
  const std::vector<std::string> paths{"/nonexistent/site.json", dir};
  const std::string problems = "/nonexistent/site.json: cannot open the file\n" + dir +
                               ": cannot read the file (it is a directory)\n";
  auto schedule = load_schedule_for_command_line(paths);
  ASSERT_FALSE(schedule);
  EXPECT_EQ(schedule.error(), problems + "2 problem(s); nothing was loaded.");
  schedule = load_schedule_for_command_line(paths, "the configuration");
  ASSERT_FALSE(schedule);
  EXPECT_EQ(schedule.error(), problems + "2 problem(s) in the configuration; nothing was loaded.");
  schedule = load_schedule_for_command_line({test::example_path("st-olavs.json")});
  ASSERT_TRUE(schedule) << schedule.error();
  EXPECT_EQ(schedule->sites().size(), 1u);
}

TEST(ConfigFiles, DirectoryIsNotAFile) {
  const std::string dir = std::string(SAMTEL_SOURCE_DIR) + "/docs/examples";
  auto site = load_site_file(dir);
  ASSERT_FALSE(site);
  ASSERT_EQ(site.error().size(), 1u) << join_errors(site.error());
  EXPECT_EQ(site.error()[0].source, dir);
  EXPECT_EQ(site.error()[0].pointer, "");
  EXPECT_EQ(site.error()[0].message, "cannot read the file (it is a directory)");
}

TEST(ConfigFiles, EmptyFileIsASyntaxError) {
  const std::string path =
      ::testing::TempDir() + "samtel-empty-" + std::to_string(::getpid()) + ".json";
  { std::ofstream out(path); }
  auto site = load_site_file(path);
  std::remove(path.c_str());
  ASSERT_FALSE(site);
  ASSERT_EQ(site.error().size(), 1u);
  EXPECT_EQ(site.error()[0].source, path);
  EXPECT_NE(site.error()[0].message.find("not valid JSON at line 1, column 1"), std::string::npos)
      << site.error()[0].message;
}

TEST(ConfigFiles, StOlavsExample) {
  const Site site = test::load_example("st-olavs.json");
  EXPECT_EQ(site.id, "st-olavs");
  EXPECT_EQ(site.name, "St. Olavs hospital");
  EXPECT_EQ(site.zone->name(), "Europe/Oslo");
  EXPECT_EQ(site.source, test::example_path("st-olavs.json"));
  EXPECT_EQ(site.people.size(), 22u);
  ASSERT_EQ(site.rotas.size(), 4u);
  EXPECT_EQ(site.special_days.size(), 2u);
  ASSERT_EQ(site.lines.size(), 1u);
  const Line& line = site.lines[0];
  EXPECT_EQ(line.number, "73553888");
  EXPECT_EQ(line.name, "Samhandlingstelefonen");
  ASSERT_EQ(line.desks.size(), 5u);
  EXPECT_EQ(line.default_desk, 0u);
  EXPECT_EQ(line.desks[0].id, "medisin");
  EXPECT_EQ(line.desks[2].id, "kardiologi");
  EXPECT_EQ(line.desks[2].rota, 1u);
  EXPECT_EQ(line.desks[1].rota, 0u);  // kirurgi shares the AMM rota
  EXPECT_EQ(line.desks[4].hours.versions()[0].windows[0], (std::vector<Window>{Window{480, 1020}}));
  EXPECT_EQ(line.desks[0].closed.name, "Sentralbord St. Olavs hospital");
  EXPECT_NE(line.desks[0].closed.message.find("AMK 113"), std::string::npos);
  const Rota& amm = site.rotas[0];
  EXPECT_EQ(amm.id, "amm");
  ASSERT_EQ(amm.roles.size(), 2u);
  EXPECT_EQ(amm.roles[0].ring_timeout, 25s);
  EXPECT_EQ(amm.roles[1].ring_timeout, 20s);
  EXPECT_EQ(amm.patterns.size(), 2u);
  ASSERT_EQ(amm.shifts.size(), 1u);
  EXPECT_EQ(amm.shifts[0].address, 1u);  // "kontor"
  EXPECT_EQ(amm.shifts[0].note, "Ekstra bakvakt julaften");
  ASSERT_EQ(amm.overrides.size(), 2u);
  EXPECT_EQ(amm.overrides[0].replaces, 1u);  // berg
  EXPECT_FALSE(amm.overrides[1].replaces);
  ASSERT_EQ(amm.swaps.size(), 1u);
  EXPECT_EQ(amm.swaps[0].pattern, 0u);
  EXPECT_EQ(amm.swaps[0].first, 50);
  EXPECT_EQ(amm.swaps[0].second, 51);
  EXPECT_EQ(amm.patterns[0].occurrence_count(), 104);
  for (const Rota& r : site.rotas) EXPECT_EQ(r.zone, site.zone);
}

TEST(ConfigFiles, HelseNordTrondelagExample) {
  const Site site = test::load_example("helse-nord-trondelag.json");
  EXPECT_EQ(site.id, "hnt");
  EXPECT_EQ(site.people.size(), 9u);
  EXPECT_EQ(site.rotas.size(), 3u);
  EXPECT_TRUE(site.special_days.empty());
  ASSERT_EQ(site.lines.size(), 2u);
  EXPECT_EQ(site.lines[0].number, "74098800");
  EXPECT_EQ(site.lines[0].desks.size(), 2u);
  EXPECT_EQ(site.lines[1].number, "74215800");
  EXPECT_EQ(site.lines[1].desks.size(), 1u);
  EXPECT_EQ(site.lines[1].default_desk, 0u);
  const Desk* ent = site.lines[0].find_desk("ore-nese-hals");
  ASSERT_NE(ent, nullptr);
  EXPECT_EQ(site.lines[0].find_desk("kirurgi"), nullptr);
  ASSERT_EQ(ent->special_days.size(), 2u);
  EXPECT_EQ(ent->special_days[0].when, SpecialDay::When::easter);
  EXPECT_EQ(ent->special_days[0].easter_from, -6);
  EXPECT_EQ(ent->special_days[0].easter_to, 1);
  EXPECT_EQ(ent->special_days[1].when, SpecialDay::When::yearly);
  EXPECT_EQ(ent->closed.address, "sip:ore-nese-hals@pbx.stolav.example");
  EXPECT_EQ(site.rotas[1].patterns[0].period_days, 1);
  EXPECT_EQ(site.rotas[1].patterns[0].handover, 510);
}

TEST(ConfigFiles, ScheduleOfBothExamples) {
  auto schedule = load_schedule(
      {test::example_path("st-olavs.json"), test::example_path("helse-nord-trondelag.json")});
  ASSERT_TRUE(schedule) << join_errors(schedule.error());
  EXPECT_EQ(schedule->sites().size(), 2u);
  for (const char* number : {"73553888", "74098800", "74215800"}) {
    const auto ref = schedule->find_line(number);
    ASSERT_TRUE(ref) << number;
    EXPECT_EQ(ref.line->number, number);
  }
  EXPECT_EQ(schedule->find_line("74215800").site->id, "hnt");
  EXPECT_FALSE(schedule->find_line("113"));
  EXPECT_EQ(schedule->first_line().line->number, "73553888");
  EXPECT_FALSE(Schedule{}.first_line());
}

TEST(ConfigFiles, ScheduleRejectsTheSameSiteTwice) {
  const std::string path = test::example_path("st-olavs.json");
  auto schedule = load_schedule({path, path});
  ASSERT_FALSE(schedule);
  const auto& errors = schedule.error();
  EXPECT_TRUE(has_error(errors, "/site/id", "site id 'st-olavs' is used by another file too"));
  EXPECT_TRUE(
      has_error(errors, "/lines/0/number", "line number '73553888' is also defined in " + path));
  EXPECT_EQ(errors.size(), 2u) << join_errors(errors);
}

TEST(ConfigFiles, SitesLoadedOneByOneAreAssembledWithTheSameChecks) {
  auto st_olavs = load_site_file(test::example_path("st-olavs.json"));
  auto hnt = load_site_file(test::example_path("helse-nord-trondelag.json"));
  ASSERT_TRUE(st_olavs && hnt);
  auto together = assemble_schedule({*st_olavs, *hnt});
  ASSERT_TRUE(together) << join_errors(together.error());
  EXPECT_EQ(together->find_line("74215800").site->id, "hnt");

  std::ifstream in(test::example_path("st-olavs.json"));
  std::ostringstream text;
  text << in.rdbuf();
  auto again = parse_site(text.str(), "version 7 of st-olavs");
  ASSERT_TRUE(again);
  auto clash = assemble_schedule({*st_olavs, *again});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().size(), 2u) << join_errors(clash.error());
  EXPECT_EQ(clash.error()[0].to_string(),
            "version 7 of st-olavs: /site/id: site id 'st-olavs' is used by another file too");
  EXPECT_EQ(clash.error()[1].to_string(),
            "version 7 of st-olavs: /lines/0/number: line number '73553888' is also defined in " +
                test::example_path("st-olavs.json"));
}

}  // namespace
}  // namespace samtel
