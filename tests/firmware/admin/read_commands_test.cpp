// `samtel admin who|route|sites|versions|export|audit|calls` against a fake service: the exact
// request each sends, the table or JSON it prints, and the exit statuses of refusals, failures
// and usage errors (which send nothing).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "admin_command_fixture.hpp"
#include "served.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::Outcome;
using test_support::read_file;
using test_support::samtel;
using test_support::TempDir;
using Strings = std::vector<std::string>;

constexpr const char* kWho = R"({"instant":"2026-12-16T09:00:00+01:00","desks":[
  {"line":"73586000","desk":"medisin","open":true,"coverage_gap":false,"roles":[
    {"role":"primary","name":"Overlege Ola Berg","address":"sip:berg@st-olav.example",
     "until":"2026-12-17T08:00:00+01:00"},
    {"role":"backup","name":null,"address":null,"until":null}]},
  {"line":"73586001","desk":"kirurgi","open":false,"coverage_gap":false,"roles":[]}]})";

constexpr const char* kRoute = R"j({"day_type":"weekday","hours_type":"weekday","holiday":null,
  "special_day":null,"window":"08:00-23:00","attempts":[
    {"role":"primary","role_name":"Vakthavende overlege","person":"berg","name":"Overlege Ola Berg",
     "address":"sip:berg@st-olav.example","ring_seconds":25,"source":"rotation"}],
  "fallback":{"name":"Sentralbord","address":"sip:sentral@st-olav.example","message":""},
  "instant":"2026-12-16T09:00:00+01:00","instant_utc":"2026-12-16T08:00:00Z","site":"stolav",
  "line":"73586000","desk":"medisin","open":true,"service_day":"2026-12-16",
  "coverage_gap":false,"reason":"open (weekday hours 08:00-23:00)"})j";

class ReadCommands : public test_support::AdminCommandTest {};

TEST_F(ReadCommands, WhoAsksAtATimeAndPrintsATable) {
  fake_.answer("GET", "/api/v1/who", 200, std::string(kWho));
  const Outcome r = run({"who", "--at", "2026-12-16T09:00"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/who?at=2026-12-16T09:00"});
  EXPECT_EQ(fake_.received().at(0).authorization, "Bearer tok3n");
  EXPECT_EQ(
      r.out,
      "On duty at 2026-12-16T09:00:00+01:00\n"
      "line      desk     state   role     on duty            address                   until\n"
      "--------------------------------------------------------------------------------------------"
      "-----\n"
      "73586000  medisin  open    primary  Overlege Ola Berg  sip:berg@st-olav.example  "
      "2026-12-17T08:00\n"
      "                           backup   -                  -                         -\n"
      "73586001  kirurgi  closed  -        -                  -                         -\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(ReadCommands, WhoWithoutATimeAsksForNowAndAnOffsetIsEncoded) {
  fake_.answer("GET", "/api/v1/who", 200, std::string(kWho));
  EXPECT_EQ(run({"who"}).code, kExitOk);
  EXPECT_EQ(run({"who", "--at", "2026-12-16T09:00+01:00"}).code, kExitOk);
  EXPECT_EQ(fake_.requests(),
            (Strings{"GET /api/v1/who", "GET /api/v1/who?at=2026-12-16T09:00%2B01:00"}));
}

TEST_F(ReadCommands, JsonPrintsTheServicesAnswerAsItIs) {
  fake_.answer("GET", "/api/v1/who", 200, std::string(kWho));
  const Outcome r = run({"who", "--json"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, nlohmann::ordered_json::parse(kWho).dump(2) + "\n");
  EXPECT_EQ(r.out.rfind("{\n  \"instant\": \"2026-12-16T09:00:00+01:00\",\n  \"desks\": [", 0), 0u);
}

TEST_F(ReadCommands, RouteSendsLineTimeAndDeskAndPrintsThePlan) {
  fake_.answer("GET", "/api/v1/route", 200, std::string(kRoute));
  const Outcome r =
      run({"route", "--line", "73586000", "--at", "2026-12-16T09:00", "--desk", "medisin"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            Strings{"GET /api/v1/route?line=73586000&at=2026-12-16T09:00&desk=medisin"});
  EXPECT_EQ(r.out,
            "line 73586000, desk medisin (site stolav)\n"
            "at 2026-12-16T09:00:00+01:00 (2026-12-16T08:00:00Z)\n"
            "OPEN\n"
            "  1. Vakthavende overlege: Overlege Ola Berg <sip:berg@st-olav.example> ring 25 s\n"
            "  then fallback: Sentralbord <sip:sentral@st-olav.example>\n"
            "open (weekday hours 08:00-23:00)\n");
  const Outcome json = run({"route", "--line", "73586000", "--at", "2026-12-16T09:00", "--json"});
  EXPECT_EQ(json.out, nlohmann::ordered_json::parse(kRoute).dump(2) + "\n");
}

TEST_F(ReadCommands, RouteNeedsLineAndTimeAndSendsNothingWithout) {
  const Outcome no_at = run({"route", "--line", "73586000"});
  EXPECT_EQ(no_at.code, kExitUsage);
  EXPECT_EQ(no_at.err, "samtel admin: route: --at is required\n");
  const Outcome no_line = run({"route", "--at", "2026-12-16T09:00"});
  EXPECT_EQ(no_line.code, kExitUsage);
  EXPECT_EQ(no_line.err, "samtel admin: route: --line is required\n");
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(ReadCommands, SitesListsLinesAndDesks) {
  fake_.answer("GET", "/api/v1/sites", 200, std::string(R"({"sites":[{"id":"stolav",
    "name":"St. Olavs hospital","version":7,"lines":[{"number":"73586000","name":"Legevakt",
    "desks":["medisin","kirurgi"]},{"number":"73586001","name":"Øre-nese-hals","desks":["ønh"]}]}]})"));
  const Outcome r = run({"sites"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/sites"});
  EXPECT_EQ(r.out,
            "site    name                version  line      line name      desks\n"
            "------------------------------------------------------------------------------\n"
            "stolav  St. Olavs hospital  7        73586000  Legevakt       medisin, kirurgi\n"
            "                                     73586001  Øre-nese-hals  ønh\n");
}

TEST_F(ReadCommands, VersionsOfASiteNewestFirst) {
  fake_.answer("GET", "/api/v1/sites/stolav/versions", 200, std::string(R"({"versions":[
    {"id":8,"site":"stolav","parent":7,"created":"2026-12-10T10:15:00Z","author":"kari",
     "comment":"Kurs","content_hash":"ab12","published":true},
    {"id":7,"site":"stolav","parent":null,"created":"2026-12-01T09:00:00Z","author":"anna",
     "comment":"first","content_hash":"cd34","published":false}]})"));
  const Outcome r = run({"versions", "--site", "stolav", "--limit", "2"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/sites/stolav/versions?limit=2"});
  EXPECT_EQ(r.out,
            "Versions of site stolav, newest first\n"
            "version  parent  created           author  published  comment\n"
            "-------------------------------------------------------------\n"
            "8        7       2026-12-10T10:15  kari    published  Kurs\n"
            "7        -       2026-12-01T09:00  anna               first\n");
}

TEST_F(ReadCommands, ExportPrintsTheDocumentInItsOwnOrderOrWritesAFile) {
  const std::string content =
      R"({"site":{"id":"stolav","name":"St. Olavs hospital","zone":"Europe/Oslo"},"people":[],)"
      R"("lines":[{"number":"73586000"}]})";
  fake_.answer("GET", "/api/v1/sites/stolav/schedule", 200,
               R"({"version":{"id":8,"site":"stolav"},"content":)" + content + "}");
  fake_.answer("GET", "/api/v1/versions/3", 200,
               R"({"version":{"id":3,"site":"stolav"},"content":)" + content + "}");
  const Outcome r = run({"export", "--site", "stolav"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, nlohmann::ordered_json::parse(content).dump(2) + "\n");
  EXPECT_EQ(r.out.rfind("{\n  \"site\": {\n    \"id\": \"stolav\",", 0), 0u);  // as the file

  TempDir dir;
  const std::string file = dir / "stolav.json";
  const Outcome v = run({"export", "--site", "stolav", "--version", "3", "--output", file});
  EXPECT_EQ(v.code, kExitOk) << v.err;
  EXPECT_EQ(v.out, "");
  EXPECT_EQ(v.err, "version 3 of site stolav written to " + file + "\n");
  EXPECT_EQ(read_file(file), nlohmann::ordered_json::parse(content).dump(2) + "\n");

  const Outcome other = run({"export", "--site", "tromso", "--version", "3"});
  EXPECT_EQ(other.code, kExitInvalid);
  EXPECT_EQ(other.err, "samtel admin: export: version 3 is of site 'stolav', not 'tromso'\n");
  EXPECT_EQ(fake_.requests(), (Strings{"GET /api/v1/sites/stolav/schedule",
                                       "GET /api/v1/versions/3", "GET /api/v1/versions/3"}));
}

TEST_F(ReadCommands, AuditAfterASequenceNumber) {
  fake_.answer("GET", "/api/v1/audit", 200, std::string(R"({"entries":[
    {"seq":41,"at":"2026-12-10T10:15:02Z","user":"kari","source":"api","action":"publish",
     "site":"stolav","version_from":7,"version_to":8,"comment":"Kurs","detail":{},
     "routing_effect":"","confirmed_gaps":true,"hash":"ef"},
    {"seq":42,"at":"2026-12-10T11:00:00Z","user":"anna","source":"api","action":"call_log_read",
     "site":null,"version_from":null,"version_to":null,"comment":"","detail":{},
     "routing_effect":"","confirmed_gaps":false,"hash":"01"}]})"));
  const Outcome r = run({"audit", "--after", "40", "--limit", "2"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/audit?after=40&limit=2"});
  EXPECT_EQ(r.out,
            "seq  at                user  action                    site    versions  comment\n"
            "--------------------------------------------------------------------------------\n"
            "41   2026-12-10T10:15  kari  publish (gaps confirmed)  stolav  7 -> 8    Kurs\n"
            "42   2026-12-10T11:00  anna  call_log_read             -       -         \n");
}

TEST_F(ReadCommands, CallsBetweenTwoDatesWithTheNextPage) {
  fake_.answer("GET", "/api/v1/calls", 200, std::string(R"({"calls":[
    {"call_id":"c-17","arrived_utc":"2026-12-16T08:01:05Z","answered_utc":"2026-12-16T08:01:12Z",
     "ended_utc":"2026-12-16T08:05:00Z","line":"73586000","desk":"medisin","mode":"normal",
     "caller":"+47******12","open":true,"day_type":"weekday","coverage_gap":false,
     "clock_fault":false,"outcome":"answered","answered_role":"primary","answered_person":"berg",
     "wait_ms":7000,"duration_s":228,"fallback":null,"reason":"open","attempts":[]}],
    "next":"c-17"})"));
  const Outcome r = run({"calls", "--from", "2026-12-16", "--to", "2026-12-17", "--limit", "1"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/calls?from=2026-12-16&to=2026-12-17&limit=1"});
  EXPECT_EQ(r.out,
            "arrived (UTC)     line      desk     caller       outcome   answered by  wait ms\n"
            "--------------------------------------------------------------------------------\n"
            "2026-12-16T08:01  73586000  medisin  +47******12  answered  berg         7000\n"
            "more: add --after c-17\n");
  const Outcome missing = run({"calls", "--from", "2026-12-16"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_EQ(missing.err, "samtel admin: calls: --to is required\n");
  EXPECT_EQ(fake_.requests().size(), 1u);
}

TEST_F(ReadCommands, RefusalsAreExitStatus2AndFailuresExitStatus3) {
  fake_.refuse("GET", "/api/v1/who", 401, "the token is unknown, ended or expired; sign in again");
  const Outcome unauthorized = run({"who"});
  EXPECT_EQ(unauthorized.code, kExitInvalid);
  EXPECT_EQ(unauthorized.out, "");
  EXPECT_EQ(unauthorized.err,
            "samtel admin: 401 Unauthorized: the token is unknown, ended or expired; sign in "
            "again\n");

  fake_.refuse("GET", "/api/v1/audit", 403, "this needs the role administrator");
  const Outcome forbidden = run({"audit"});
  EXPECT_EQ(forbidden.code, kExitInvalid);
  EXPECT_EQ(forbidden.err, "samtel admin: 403 Forbidden: this needs the role administrator\n");

  fake_.refuse("GET", "/api/v1/route", 400, "no line with number '1'", "/line");
  const Outcome bad = run({"route", "--line", "1", "--at", "2026-12-16T09:00"});
  EXPECT_EQ(bad.code, kExitInvalid);
  EXPECT_EQ(bad.err, "samtel admin: 400 Bad Request: no line with number '1' (at /line)\n");

  fake_.refuse("GET", "/api/v1/sites", 500, "internal error");
  const Outcome failed = run({"sites"});
  EXPECT_EQ(failed.code, kExitUnavailable);
  EXPECT_EQ(failed.err, "samtel admin: 500 Internal Server Error: internal error\n");

  const std::string url = fake_.url();
  fake_.stop();
  const Outcome unreachable = samtel({"admin", "--url", url, "--timeout", "2", "who"});
  EXPECT_EQ(unreachable.code, kExitUnavailable);
  EXPECT_EQ(unreachable.err.rfind("samtel admin: cannot reach the admin service at " + url, 0), 0u)
      << unreachable.err;
}

TEST_F(ReadCommands, UsageErrorsSendNothing) {
  ::unsetenv("SAMTEL_TOKEN");
  const Outcome no_token = run({"who"});
  EXPECT_EQ(no_token.code, kExitUsage);
  EXPECT_EQ(no_token.err, "samtel admin: who: no token; give --token or set SAMTEL_TOKEN\n");
  ::setenv("SAMTEL_TOKEN", "tok3n", 1);
  const Outcome no_site = run({"versions"});
  EXPECT_EQ(no_site.code, kExitUsage);
  EXPECT_EQ(no_site.err, "samtel admin: versions: --site is required\n");
  const Outcome bad_limit = run({"versions", "--site", "stolav", "--limit", "ten"});
  EXPECT_EQ(bad_limit.code, kExitUsage);
  EXPECT_EQ(bad_limit.err,
            "samtel admin: versions: --limit 'ten' is not a whole number 0..999999999999\n");
  EXPECT_EQ(run({"audit", "--after", "-1"}).code, kExitUsage);
  EXPECT_EQ(run({"export", "--site", "stolav", "--version", "3x"}).code, kExitUsage);
  EXPECT_TRUE(fake_.requests().empty());
}

}  // namespace
}  // namespace samtel::fw::admin
