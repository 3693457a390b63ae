// GET /api/v1/sites/{site}/calendar, in memory over a real store: the local days with their kind
// and length (the spring change's 23 hours), each desk's routing as segments, each rota's duty
// with overrides told apart, and the refusals of a bad period.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::StoreBacked;

class CalendarResource : public StoreBacked {};

TEST_F(CalendarResource, EasterSundayIsAHolidayOf23HoursWithItsOpeningAndDuty) {
  const ApiResponse r = get("/api/v1/sites/st-olavs/calendar", login("ola"),
                            {{"from", "2027-03-28"}, {"to", "2027-03-28"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["site"], "st-olavs");
  EXPECT_EQ(r.body["version"], v1);
  EXPECT_EQ(r.body["zone"], "Europe/Oslo");
  EXPECT_EQ(r.body["days"], json::parse(R"j([{"date": "2027-03-28", "weekday": 7,
      "day_type": "holiday", "holiday": "1. påskedag", "hours": 23,
      "clock_change": "clocks go forward 02:00 -> 03:00 (a 23-hour day)"}])j"));

  const json& medisin = r.body["desks"][0];
  EXPECT_EQ(medisin["desk"], "medisin");
  EXPECT_EQ(medisin["line"], "73553888");
  EXPECT_EQ(medisin["rota"], "amm");
  const json& segments = medisin["segments"];
  ASSERT_EQ(segments.size(), 3u) << segments.dump();
  EXPECT_EQ(segments[0]["start"], "2027-03-28T00:00:00+01:00");
  EXPECT_EQ(segments[0]["end"], "2027-03-28T10:00:00+02:00");
  EXPECT_EQ(segments[0]["open"], false);
  EXPECT_EQ(segments[0]["fallback"], "Sentralbord St. Olavs hospital");
  EXPECT_EQ(segments[1]["open"], true);
  EXPECT_EQ(segments[1]["window"], "10:00-18:00");
  EXPECT_EQ(segments[1]["coverage_gap"], false);
  EXPECT_EQ(segments[1]["attempts"], json::parse(R"j([
      {"role": "primary", "role_name": "Vakthavende overlege AMM", "person": "eide",
       "name": "Overlege Per Eide", "source": "rotation"},
      {"role": "backup", "role_name": "Bakvakt AMM", "person": "nes",
       "name": "Overlege Tor Nes", "source": "rotation"}])j"));
  EXPECT_EQ(segments[2]["end"], "2027-03-29T00:00:00+02:00");

  const json& amm = r.body["rotas"][0];
  EXPECT_EQ(amm["id"], "amm");
  EXPECT_EQ(amm["roles"][0]["id"], "primary");
  EXPECT_EQ(amm["roles"][0]["duty"], json::parse(R"j([{"start": "2027-03-22T08:00:00+01:00",
      "end": "2027-03-29T08:00:00+02:00", "person": "eide", "name": "Overlege Per Eide",
      "source": "rotation"}])j"));
}

TEST_F(CalendarResource, AnOverrideIsToldApartFromTheRotation) {
  const ApiResponse r = get("/api/v1/sites/st-olavs/calendar", login("ola"),
                            {{"from", "2027-02-15"}, {"to", "2027-02-15"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  const json& duty = r.body["rotas"][0]["roles"][0]["duty"];
  ASSERT_EQ(duty.size(), 3u) << duty.dump();
  EXPECT_EQ(duty[1]["person"], "fjeld");
  EXPECT_EQ(duty[1]["source"], "rotation");
  EXPECT_EQ(duty[1]["end"], "2027-02-15T12:00:00+01:00");
  EXPECT_EQ(duty[2], json::parse(R"j({"start": "2027-02-15T12:00:00+01:00",
      "end": "2027-02-16T08:00:00+01:00", "person": "sand", "name": "Overlege Lars Sand",
      "source": "override", "reason": "Sykdom"})j"));
}

TEST_F(CalendarResource, RefusesABadPeriodAndAnUnknownSite) {
  const std::string token = login("ola");
  using Query = std::multimap<std::string, std::string>;
  struct Case {
    Query query;
    const char* message;
  };
  const Case cases[] = {
      {{{"to", "2027-01-01"}}, "give 'from', a local date such as 2026-12-07"},
      {{{"from", "2027-01-01"}, {"to", "2027-03-04"}},
       "from .. to must be 1 to 62 days, both included; it is 63"},
      {{{"from", "2027-01-02"}, {"to", "2027-01-01"}},
       "from .. to must be 1 to 62 days, both included; it is 0"},
  };
  const std::string path = "/api/v1/sites/st-olavs/calendar";
  for (const Case& c : cases) {
    const ApiResponse r = get(path, token, c.query);
    EXPECT_EQ(r.status, 400) << c.message;
    EXPECT_EQ(r.body["error"]["message"], c.message);
  }
  const ApiResponse bad_date = get(path, token, {{"from", "2027-02-30"}, {"to", "2027-03-01"}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_TRUE(bad_date.body["error"]["message"].get<std::string>().starts_with("from: "))
      << bad_date.body.dump();
  const ApiResponse unknown =
      get("/api/v1/sites/nowhere/calendar", token, {{"from", "2027-01-01"}, {"to", "2027-01-01"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body["error"]["message"], "no site 'nowhere'");
  EXPECT_EQ(get(path, {}, {{"from", "2027-01-01"}, {"to", "2027-01-01"}}).status, 401);
}

}  // namespace
}  // namespace samtel::fw::admin
