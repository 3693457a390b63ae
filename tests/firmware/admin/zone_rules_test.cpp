// New time-zone rules under a running admin service (zone_rules.hpp): a tz database of the test's
// own (TZDIR) is updated as Debian's tzdata would be, with Norway keeping +01:00 all year from
// 2027; the reload compares routing over the next 90 days, audits it and answers by the new rules.
#include "samtel/admin/zone_rules.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#include "common/zoneinfo.hpp"
#include "samtel/zone_database.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;

class ZoneRulesReload : public test_support::StoreBacked {
 protected:
  void SetUp() override {
    StoreBacked::SetUp();
    tzdir = test::copy_system_zoneinfo(dir / "zoneinfo");
    ::setenv("TZDIR", tzdir.c_str(), 1);
  }
  void TearDown() override {
    // The system's rules again for whatever runs after, in this process.
    ::unsetenv("TZDIR");
    reload_zones();
  }
  std::string tzdir;
};

TEST_F(ZoneRulesReload, TheSameRulesFromAnotherDirectoryChangeNothing) {
  auto change = zone_rules->reload();
  ASSERT_TRUE(change) << change.error();
  EXPECT_FALSE(*change);
  EXPECT_EQ(zone_database_directory(), tzdir);
  EXPECT_EQ(zone_database_version(), test::system_zoneinfo_version());
  const json status = get("/api/v1/tz", login("ola")).body;
  EXPECT_EQ(status["directory"], tzdir);
  EXPECT_EQ(status["last_change"], nullptr);
  const json audit = get("/api/v1/audit", login("anna")).body;
  for (const json& e : audit["entries"]) EXPECT_NE(e["action"], "tz_rules_changed");
}

TEST_F(ZoneRulesReload, NewRulesAreAuditedWithTheRoutingDifferenceAndAnsweredBy) {
  ASSERT_TRUE(zone_rules->reload());  // the copy of the system's rules is in force
  wall.set(test_support::utc("2027-03-15T12:00:00Z"));
  const std::string token = login("anna");
  // 06:30Z on Monday 2027-04-05 is 08:30 in Oslo by today's rules.
  EXPECT_EQ(get("/api/v1/who", token, {{"at", "2027-04-05T06:30:00Z"}}).body["instant"],
            "2027-04-05T08:30:00+02:00");
  if (!test::install_oslo_without_summer_time(tzdir)) GTEST_SKIP() << "zic is not installed";

  auto change = zone_rules->reload();
  ASSERT_TRUE(change) << change.error();
  ASSERT_TRUE(*change);
  const ZoneRulesChange& c = **change;
  EXPECT_EQ(c.old_version, test::system_zoneinfo_version());
  EXPECT_EQ(c.new_version, "2099z");
  EXPECT_EQ(c.zones, std::vector<std::string>{"Europe/Oslo"});
  EXPECT_TRUE(c.errors.empty());
  // Summer time would have begun on 2027-03-28: from then on every opening and shift boundary
  // falls an hour later in UTC. The first is that Sunday's opening at 10:00: 08:00Z by the old
  // rules, 09:00Z by the new, so the hour between routes differently.
  ASSERT_EQ(c.sites.size(), 1u);
  const json& preview = c.sites[0]["preview"];
  EXPECT_EQ(c.sites[0]["site"], "st-olavs");
  EXPECT_EQ(preview["changes_routing"], true);
  EXPECT_EQ(preview["from"], "2027-03-15T13:00:00+01:00");
  EXPECT_EQ(preview["intervals"][0]["start"], "2027-03-28T09:00:00+01:00");
  EXPECT_EQ(preview["intervals"][0]["end"], "2027-03-28T10:00:00+01:00");
  EXPECT_NE(c.summary.find("St. Olavs hospital (st-olavs):\nRouting changes in the next 90 days"),
            std::string::npos)
      << c.summary;

  // Answers use the new rules: the same instant is 07:30 in Oslo now.
  EXPECT_EQ(get("/api/v1/who", token, {{"at", "2027-04-05T06:30:00Z"}}).body["instant"],
            "2027-04-05T07:30:00+01:00");

  const json entries = get("/api/v1/audit", token).body["entries"];
  const json& last = entries.back();
  EXPECT_EQ(last["action"], "tz_rules_changed");
  EXPECT_EQ(last["user"], "system");
  EXPECT_EQ(last["source"], "tzdata");
  EXPECT_EQ(last["site"], "st-olavs");
  EXPECT_EQ(last["comment"], "time-zone rules " + test::system_zoneinfo_version() + " → 2099z");
  EXPECT_EQ(last["detail"]["new_version"], "2099z");
  EXPECT_EQ(last["detail"]["zones"], json({"Europe/Oslo"}));
  EXPECT_EQ(last["detail"]["preview"], preview);

  const json status = get("/api/v1/tz", login("ola")).body;
  EXPECT_EQ(status["version"], "2099z");
  EXPECT_EQ(status["last_change"]["new_version"], "2099z");
  EXPECT_EQ(status["last_change"]["at"], "2027-03-15T12:00:00Z");
  EXPECT_EQ(status["last_change"]["summary"], c.summary);
  // The trail's hash chain holds with the entry in it.
  EXPECT_TRUE(with_store([](store::ScheduleStore& s) { return s.verify().ok(); }));
}

}  // namespace
}  // namespace samtel::fw::admin
