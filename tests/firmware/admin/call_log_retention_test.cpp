// The call log's retention in the admin service: the daily run at 03:30 Oslo time driven by the
// manual wall clock (no sleeps), its audit entry by {"system", "retention"}, and POST
// /api/v1/retention/run by an administrator, dry or not.
#include "samtel/admin/call_log_retention.hpp"

#include <gtest/gtest.h>

#include "samtel/store/call_log.hpp"
#include "samtel/zone_database.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::utc;
using json = nlohmann::json;

TEST(NextQuietHour, IsTheNext0330InOsloAcrossClockChanges) {
  const Zone& oslo = *find_zone("Europe/Oslo").value();
  const struct {
    const char* after;
    const char* next;
  } cases[] = {
      {"2026-12-02T12:00:00Z", "2026-12-03T02:30:00Z"},  // winter, +01:00
      {"2026-12-03T02:29:59Z", "2026-12-03T02:30:00Z"},  // one second before
      {"2026-12-03T02:30:00Z", "2026-12-04T02:30:00Z"},  // at it: strictly after, so tomorrow
      {"2027-03-27T12:00:00Z", "2027-03-28T01:30:00Z"},  // the spring day (23 h): +02:00 by 03:30
      {"2027-10-30T12:00:00Z", "2027-10-31T02:30:00Z"},  // the autumn day (25 h): +01:00 again
      {"2027-06-30T23:00:00Z", "2027-07-01T01:30:00Z"},  // summer, past local midnight
  };
  for (const auto& c : cases) {
    EXPECT_EQ(format_utc(next_quiet_hour(oslo, utc(c.after))), c.next) << c.after;
  }
}

class RetentionRuns : public test_support::StoreBacked {
 protected:
  void SetUp() override {
    call_log = dir / "calls.db";
    auto log = CallLog::open(call_log);
    ASSERT_TRUE(log);
    for (const char* arrived :
         {"2021-01-15T10:00:00Z", "2026-09-01T10:00:00Z", "2026-11-30T10:00:00Z"}) {
      CallRecord c;
      c.call_id = std::string("call-") + arrived;
      c.arrived = utc(arrived);
      c.line = "73553888";
      c.desk = "medisin";
      c.caller = "********23";
      c.open = true;
      c.day_type = "weekday";
      c.outcome = CallOutcome::answered;
      c.reason = "open: weekday hours";
      c.attempts.push_back({"primary", "nes", "sip:4114@pbx.stolav.example", c.arrived,
                            c.arrived + std::chrono::seconds(5), 200, AttemptResult::answered});
      (*log)->append(c);
    }
    (*log)->close();
    StoreBacked::SetUp();
  }
  std::size_t entries() {
    return with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  }
  store::AuditEntry last_entry() {
    return with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  }
};

TEST_F(RetentionRuns, RunsOnceADayAt0330AndIsAuditedAsTheSystem) {
  // The wall clock starts at 2026-12-02T12:00Z: the first run is at 03:30 (+01:00) tomorrow.
  EXPECT_EQ(format_utc(retention->next_daily_run()), "2026-12-03T02:30:00Z");
  const std::size_t before = entries();
  wall.set(utc("2026-12-03T02:29:59Z"));
  EXPECT_FALSE(retention->run_if_due());
  EXPECT_EQ(entries(), before);

  wall.set(utc("2026-12-03T02:30:00Z"));
  auto ran = retention->run_if_due();
  ASSERT_TRUE(ran);
  ASSERT_TRUE(*ran) << ran->error();
  EXPECT_EQ((*ran)->numbers_blanked, 2);  // 2021-01-15 and 2026-09-01: more than 90 days ago
  EXPECT_EQ((*ran)->calls_deleted, 1);    // 2021-01-15: more than 1826 days ago
  EXPECT_EQ((*ran)->attempts_deleted, 1);
  EXPECT_EQ((*ran)->months_aggregated, 1);
  EXPECT_EQ(format_utc(retention->next_daily_run()), "2026-12-04T02:30:00Z");
  ASSERT_EQ(entries(), before + 1);
  const store::AuditEntry e = last_entry();
  EXPECT_EQ(e.action, store::AuditAction::call_log_purged);
  EXPECT_EQ(e.actor.user, "system");
  EXPECT_EQ(e.actor.source, "retention");
  EXPECT_EQ(e.site, "");
  EXPECT_EQ(e.at, utc("2026-12-03T02:30:00Z"));
  EXPECT_EQ(e.detail, json({{"numbers_blanked", 2},
                            {"calls_deleted", 1},
                            {"attempts_deleted", 1},
                            {"months_aggregated", 1},
                            {"aggregates_deleted", 0},
                            {"dry_run", false},
                            {"retention",
                             {{"caller_number_days", 90},
                              {"call_records_days", 1826},
                              {"aggregates_days", nullptr}}},
                            {"trigger", "daily"}}));

  // Not again the same day, however often asked; the next day once more (nothing due now).
  wall.set(utc("2026-12-04T02:29:59Z"));
  EXPECT_FALSE(retention->run_if_due());
  wall.set(utc("2026-12-06T09:00:00Z"));  // the clock jumped two days: one run, not two
  auto again = retention->run_if_due();
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->calls_deleted, 0);
  EXPECT_EQ(format_utc(retention->next_daily_run()), "2026-12-07T02:30:00Z");
  EXPECT_FALSE(retention->run_if_due());
  EXPECT_EQ(entries(), before + 2);
}

TEST_F(RetentionRuns, AnAdministratorRunsItOnDemandDryOrNot) {
  const std::string admin = login("anna");
  const std::size_t before = entries();
  const ApiResponse dry =
      call(Method::post, "/api/v1/retention/run", admin, json::object(), {{"dry_run", "true"}});
  ASSERT_EQ(dry.status, 200) << dry.body.dump();
  EXPECT_EQ(dry.body, json({{"numbers_blanked", 2},
                            {"calls_deleted", 1},
                            {"attempts_deleted", 1},
                            {"months_aggregated", 1},
                            {"aggregates_deleted", 0},
                            {"dry_run", true}}));
  store::AuditEntry e = last_entry();
  EXPECT_EQ(e.action, store::AuditAction::call_log_purged);
  EXPECT_EQ(e.actor.user, "anna");
  EXPECT_EQ(e.actor.source, "192.0.2.7");
  EXPECT_EQ(e.detail["trigger"], "on-demand");
  EXPECT_EQ(e.detail["dry_run"], true);

  const ApiResponse done = post("/api/v1/retention/run", admin, json::object());
  ASSERT_EQ(done.status, 200) << done.body.dump();
  EXPECT_EQ(done.body["calls_deleted"], 1);
  EXPECT_EQ(done.body["dry_run"], false);
  EXPECT_EQ(entries(), before + 2);

  // A viewer may not; a dry_run that is not a boolean is refused; neither is audited.
  EXPECT_EQ(post("/api/v1/retention/run", login("ola"), json::object()).status, 403);
  const ApiResponse bad =
      call(Method::post, "/api/v1/retention/run", admin, json::object(), {{"dry_run", "yes"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["message"], "dry_run: expected true or false, found 'yes'");
  // The two logins (anna's at the start is before `before`) and no other entry.
  const auto trail = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000); });
  EXPECT_EQ(trail.back().action, store::AuditAction::logged_in);
}

class NoCallLog : public test_support::StoreBacked {};

TEST_F(NoCallLog, RetentionIs503) {
  const ApiResponse r = post("/api/v1/retention/run", login("anna"), json::object());
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body["error"]["message"],
            "the call log is not available: samtel-admind was started without --call-log");
}

}  // namespace
}  // namespace samtel::fw::admin
