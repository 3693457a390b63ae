// POST /api/v1/sites/{site}/roster-import in memory over a real store holding the St. Olavs
// example: a clean CSV previewed and published as one shifts_import (who is on duty follows it),
// a file with problems refused with each by its line and nothing written, a local time that does
// not exist, an iCalendar file, roles, a stale base and bad fields.
#include "samtel/roster_import.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::StoreBacked;

const std::string kImport = "/api/v1/sites/st-olavs/roster-import";

// Two days of Overlege Anne Moe as primary in amm (the rotation has Ola Berg that week).
const std::string kClean =
    "Dato;Fra;Til;Rolle;Lege;Merknad\n"
    "14.12.2026;08:00;08:00;primary;moe;Bytte med Berg\n"
    "15.12.2026;08:00;08:00;primary;Overlege Anne Moe;\n";

const std::string kSummary =
    "Roster imported from desember.csv: 2 shift(s) in amm (2 primary) 2026-12-14 08:00 – "
    "2026-12-16 08:00";

class RosterImport : public StoreBacked {
 protected:
  json body(const std::string& text, bool publish, const std::string& source = "desember.csv") {
    return {{"base", v1},    {"format", "csv"}, {"source", source},
            {"rota", "amm"}, {"text", text},    {"publish", publish}};
  }
  std::size_t versions() {
    return with_store([](store::ScheduleStore& s) { return s.versions("st-olavs").size(); });
  }
  std::size_t audit_entries() {
    return with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  }
  std::string on_duty(const std::string& token, const std::string& at) {
    const ApiResponse who = get("/api/v1/who", token, {{"at", at}});
    EXPECT_EQ(who.status, 200) << who.body.dump();
    return who.body["desks"][0]["roles"][0].value("name", "");
  }
};

TEST_F(RosterImport, ACleanFileIsPreviewedAsTheChangesPreviewIs) {
  const std::string token = login("kari");
  const std::size_t audit = audit_entries();
  const ApiResponse r = post(kImport, token, body(kClean, false));
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["shifts"], 2);
  EXPECT_EQ(r.body["base"], v1);
  EXPECT_EQ(r.body["summary"], kSummary);
  EXPECT_EQ(r.body["detail"]["kind"], "shifts_import");
  EXPECT_EQ(r.body["gaps_opened"], 0);
  EXPECT_EQ(r.body["gaps_closed"], 0);
  const std::string text = r.body["preview_text"];
  EXPECT_NE(text.find("Overlege Anne Moe"), std::string::npos) << text;

  // Exactly what POST /preview answers for the change the file makes.
  const json change{{"kind", "shifts_import"},
                    {"rota", "amm"},
                    {"shifts",
                     {{{"role", "primary"},
                       {"person", "moe"},
                       {"start", "2026-12-14T08:00"},
                       {"end", "2026-12-15T08:00"},
                       {"note", "Bytte med Berg"}},
                      {{"role", "primary"},
                       {"person", "moe"},
                       {"start", "2026-12-15T08:00"},
                       {"end", "2026-12-16T08:00"}}}},
                    {"source", "desember.csv"}};
  const ApiResponse same =
      post("/api/v1/sites/st-olavs/preview", token, {{"base", v1}, {"change", change}});
  ASSERT_EQ(same.status, 200) << same.body.dump();
  json without_count = r.body;
  without_count.erase("shifts");
  EXPECT_EQ(without_count, same.body);

  EXPECT_EQ(versions(), 1u);
  EXPECT_EQ(audit_entries(), audit);
  EXPECT_EQ(on_duty(token, "2026-12-14T09:00"), "Overlege Ola Berg");
}

TEST_F(RosterImport, ACleanFileIsPublishedAsOneAuditedVersion) {
  const std::string token = login("kari");
  json request = body(kClean, true);
  request["comment"] = "Desember fra turnusplanen";
  const ApiResponse r = post(kImport, token, request);
  ASSERT_EQ(r.status, 201) << r.body.dump();
  const auto v2 = r.body["version"].get<store::VersionId>();
  EXPECT_GT(v2, v1);
  EXPECT_EQ(r.body["base"], v1);
  EXPECT_EQ(r.body["summary"], kSummary);
  EXPECT_EQ(r.body["gaps_opened"], 0);
  EXPECT_FALSE(r.body.contains("shifts"));  // as POST /changes answers

  const store::AuditEntry e =
      with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::version_published);
  EXPECT_EQ(e.actor.user, "kari");
  EXPECT_EQ(e.site, "st-olavs");
  EXPECT_EQ(e.version_from, v1);
  EXPECT_EQ(e.version_to, v2);
  EXPECT_EQ(e.comment, "Desember fra turnusplanen");
  EXPECT_EQ(e.detail["kind"], "shifts_import");
  // The change's detail: the two shifts after the one amm had.
  ASSERT_EQ(e.detail["fields"].size(), 2u) << e.detail.dump();
  EXPECT_EQ(e.detail["fields"][0]["pointer"], "/rotas/0/shifts/1");
  EXPECT_EQ(e.detail["fields"][0]["before"], nullptr);
  EXPECT_EQ(e.detail["fields"][0]["after"]["note"], "Bytte med Berg");
  EXPECT_EQ(e.detail["fields"][1]["pointer"], "/rotas/0/shifts/2");
  EXPECT_EQ(e.detail["fields"][1]["after"]["start"], "2026-12-15T08:00");
  EXPECT_EQ(e.routing_effect, r.body["preview_text"]);
  EXPECT_FALSE(e.confirmed_gaps);

  EXPECT_EQ(on_duty(token, "2026-12-14T09:00"), "Overlege Anne Moe");
  EXPECT_EQ(on_duty(token, "2026-12-15T22:00"), "Overlege Anne Moe");
  EXPECT_EQ(on_duty(token, "2026-12-16T09:00"), "Overlege Ola Berg");
  EXPECT_EQ(versions(), 2u);
}

TEST_F(RosterImport, AFileWithProblemsIsRefusedWithEachByItsLineAndNothingWritten) {
  const std::string token = login("kari");
  const std::size_t audit = audit_entries();
  const std::string text =
      "Dato;Fra;Til;Rolle;Lege\n"
      "14.12.2026;08:00;08:00;primary;nse\n"
      "15.12.2026;08:00;08:00;primary;moe\n"
      "15.12.2026;20:00;08:00;primary;lie\n";
  for (const bool publish : {false, true}) {
    const ApiResponse r = post(kImport, token, body(text, publish, "feil.csv"));
    ASSERT_EQ(r.status, 400) << r.body.dump();
    EXPECT_EQ(r.body["error"]["message"],
              "the roster file 'feil.csv' has 2 problems (each in \"problems\"), so nothing was "
              "imported; the first: feil.csv:2: person 'nse' is not in the site (did you mean "
              "'nes'?)");
    EXPECT_EQ(r.body["error"]["pointer"], "/text");
    EXPECT_EQ(r.body["problems"],
              (json{{{"line", 2},
                     {"column", "Lege"},
                     {"message", "person 'nse' is not in the site (did you mean 'nes'?)"}},
                    {{"line", 4},
                     {"column", "Fra"},
                     {"message",
                      "overlaps the shift on line 3 (Overlege Anne Moe as primary 2026-12-15 "
                      "08:00 – 2026-12-16 08:00)"}}}));
  }
  EXPECT_EQ(versions(), 1u);
  EXPECT_EQ(audit_entries(), audit);
}

TEST_F(RosterImport, ALocalTimeThatDoesNotExistIsAProblem) {
  const std::string token = login("kari");
  const ApiResponse r =
      post(kImport, token,
           body("Dato;Fra;Til;Rolle;Lege\n28.03.2027;02:30;08:00;primary;moe\n", true, "mars.csv"));
  ASSERT_EQ(r.status, 400) << r.body.dump();
  EXPECT_EQ(r.body["problems"],
            (json{{{"line", 2},
                   {"column", "Fra"},
                   {"message",
                    "the start 2027-03-28 02:30 does not exist in Europe/Oslo: the clocks go "
                    "forward from 02:00 to 03:00 that night"}}}));
  EXPECT_EQ(versions(), 1u);
}

TEST_F(RosterImport, AnICalendarFileWithTheImportsRole) {
  const std::string token = login("kari");
  const std::string calendar =
      "BEGIN:VCALENDAR\r\n"
      "VERSION:2.0\r\n"
      "BEGIN:VEVENT\r\n"
      "DTSTART;TZID=Europe/Oslo:20261214T080000\r\n"
      "DTEND;TZID=Europe/Oslo:20261215T080000\r\n"
      "SUMMARY:primary moe\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\n"
      "DTSTART;TZID=Europe/Oslo:20261214T080000\r\n"
      "DTEND;TZID=Europe/Oslo:20261215T080000\r\n"
      "SUMMARY:Overlege Eva Ruud\r\n"
      "END:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  json request = body(calendar, false, "vakter.ics");
  request["format"] = "ical";
  // Without the import's role, the event that names none is a problem at its BEGIN:VEVENT.
  const ApiResponse no_role = post(kImport, token, request);
  ASSERT_EQ(no_role.status, 400) << no_role.body.dump();
  ASSERT_EQ(no_role.body["problems"].size(), 1u) << no_role.body.dump();
  EXPECT_EQ(no_role.body["problems"][0]["line"], 8);

  request["role"] = "backup";
  request["publish"] = true;
  const ApiResponse r = post(kImport, token, request);
  ASSERT_EQ(r.status, 201) << r.body.dump();
  EXPECT_EQ(r.body["summary"],
            "Roster imported from vakter.ics: 2 shift(s) in amm (1 primary, 1 backup) 2026-12-14 "
            "08:00 – 2026-12-15 08:00");
  const ApiResponse who = get("/api/v1/who", token, {{"at", "2026-12-14T09:00"}});
  EXPECT_EQ(who.body["desks"][0]["roles"][0]["name"], "Overlege Anne Moe");
  EXPECT_EQ(who.body["desks"][0]["roles"][1]["name"], "Overlege Eva Ruud");
}

// With the service's own body limit, 1 MiB.
class LargeRosterImport : public RosterImport {
 protected:
  LargeRosterImport() { max_body_bytes = 1024 * 1024; }
};

TEST_F(LargeRosterImport, MoreRowsThanOneImportTakesIsAProblemAndTooLargeABodyIs413) {
  const std::string token = login("kari");
  // One hour a day from 2027-01-01: 5,001 rows, one more than kMaxRosterRows.
  std::string text = "date;start;end;role;person\n";
  date::sys_days day = date::year{2027} / 1 / 1;
  for (std::size_t i = 0; i <= kMaxRosterRows; ++i, day += date::days{1}) {
    text += date::format("%F", day) + ";08:00;09:00;primary;moe\n";
  }
  const ApiResponse r = post(kImport, token, body(text, false, "lang.csv"));
  ASSERT_EQ(r.status, 400) << r.body.dump().substr(0, 500);
  ASSERT_EQ(r.body["problems"].size(), 1u);
  EXPECT_EQ(r.body["problems"][0],
            (json{{"line", 5002},
                  {"column", ""},
                  {"message",
                   "more than 5000 rows; split the roster into files of at most that "
                   "many"}}));

  text.resize(1024 * 1024, '\n');
  const ApiResponse too_large = post(kImport, token, body(text, false, "lang.csv"));
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(versions(), 1u);
}

TEST_F(RosterImport, AViewerMayNotImport) {
  const ApiResponse r = post(kImport, login("ola"), body(kClean, false));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["error"]["message"], "this needs the role scheduler; 'ola' has the role viewer");
  EXPECT_EQ(post(kImport, login("anna"), body(kClean, false)).status, 200);
}

TEST_F(RosterImport, AStaleBaseIsRefusedWithTheCurrentVersion) {
  const std::string token = login("kari");
  const ApiResponse first = post(kImport, token, body(kClean, true));
  ASSERT_EQ(first.status, 201) << first.body.dump();
  const std::size_t audit = audit_entries();
  for (const bool publish : {false, true}) {
    const ApiResponse r = post(kImport, token, body(kClean, publish));
    ASSERT_EQ(r.status, 409) << r.body.dump();
    EXPECT_EQ(r.body["current"], first.body["version"]);
    const std::string message = r.body["error"]["message"];
    EXPECT_NE(message.find("made from version " + std::to_string(v1)), std::string::npos)
        << message;
  }
  EXPECT_EQ(versions(), 2u);
  EXPECT_EQ(audit_entries(), audit);
}

TEST_F(RosterImport, BadFieldsNameTheirPointer) {
  const std::string token = login("kari");
  struct Case {
    const char* key;
    json value;
    const char* pointer;
    const char* message;
  };
  const Case cases[] = {
      {"format", "xlsx", "/format", "expected \"csv\" or \"ical\", found a string 'xlsx'"},
      {"role", "primary", "/role",
       "a CSV file gives each row's role in its role column; \"role\" is taken only for an "
       "iCalendar file (\"format\": \"ical\"), for events whose SUMMARY names none"},
      {"text", 17, "/text", "expected a string, found a number"},
      {"publish", "yes", "/publish", "expected true or false, found a string"},
      {"source", "a\nb.csv", "/source", "contains a control character (U+000A)"},
      {"horizon_days", 0, "/horizon_days", "value 0 out of range 1..366"},
  };
  for (const Case& c : cases) {
    json request = body(kClean, false);
    request[c.key] = c.value;
    const ApiResponse r = post(kImport, token, request);
    EXPECT_EQ(r.status, 400) << c.key;
    EXPECT_EQ(r.body["error"]["pointer"], c.pointer) << r.body.dump();
    EXPECT_EQ(r.body["error"]["message"], c.message) << r.body.dump();
  }
  json no_rota = body(kClean, false);
  no_rota.erase("rota");
  const ApiResponse missing = post(kImport, token, no_rota);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body["error"]["message"], "missing required key 'rota'");
  json unknown_rota = body(kClean, false);
  unknown_rota["rota"] = "ortopedi";
  const ApiResponse rota = post(kImport, token, unknown_rota);
  ASSERT_EQ(rota.status, 400);
  EXPECT_EQ(rota.body["problems"][0]["line"], 0);
  EXPECT_EQ(post("/api/v1/sites/nowhere/roster-import", token, body(kClean, false)).status, 404);
  EXPECT_EQ(versions(), 1u);
}

}  // namespace
}  // namespace samtel::fw::admin
