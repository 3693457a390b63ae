// A site's deviation candidates for a month (samtel/deviations/period_deviations.hpp) over a real
// call log and a real schedule store: local days in the site's zone bound the period, other
// sites' lines are left out, a change published with gaps confirmed and a span the unit was not
// running make candidates, each candidate carries its calls' log ids and its review, and the
// reading of the call log is audited with purpose "deviations".
#include "samtel/deviations/period_deviations.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "samtel/store/call_log.hpp"
#include "samtel/store/published_schedule.hpp"

namespace samtel::fw {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

Instant utc(const char* text) { return parse_utc(text).value(); }

std::string example() {
  std::ifstream in(SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PeriodDeviationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("samtel-period-deviations-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto log = CallLog::open((dir / "calls.db").string());
    ASSERT_TRUE(log) << log.error();
    int next_caller = 0;
    const auto add = [&](const char* id, const char* arrived, CallOutcome outcome,
                         const char* line = "73553888", std::optional<std::int64_t> wait = {}) {
      CallRecord c;
      c.call_id = id;
      c.arrived = utc(arrived);
      c.line = line;
      c.desk = "medisin";
      c.caller = "********" + std::to_string(10 + next_caller++);  // a caller a call
      c.open = true;
      c.day_type = "weekday";
      c.outcome = outcome;
      c.wait_ms = wait;
      c.reason = "synthetic";
      (*log)->append(c);
    };
    add("p1", "2027-02-28T22:59:00Z", CallOutcome::gap);  // 23:59 local, February: not read
    add("p2", "2027-02-28T23:00:00Z", CallOutcome::gap);  // 1 March 00:00 local
    add("c1", "2027-03-02T09:00:00Z", CallOutcome::gap);
    add("c2", "2027-03-02T09:05:00Z", CallOutcome::gap);  // the same outage as c1
    add("c3", "2027-03-10T10:00:00Z", CallOutcome::answered, "73553888", 95000);
    add("x1", "2027-03-03T09:00:00Z", CallOutcome::gap, "99999999");  // another site's line
    (*log)->close();
  }
  void TearDown() override { fs::remove_all(dir); }

  fs::path dir;
  ManualClock clock{utc("2027-03-01T08:00:00Z")};
};

TEST_F(PeriodDeviationsTest, AMonthsCandidatesWithTheirCallsAndReviews) {
  auto store = store::ScheduleStore::open((dir / "schedule.db").string(), clock,
                                          {.password_cost = store::PasswordCost::minimum});
  ASSERT_TRUE(store) << store.error().message;
  const store::VersionId v1 = store->initialise(example(), {"root", "cli"}, "first").value();
  auto changed = nlohmann::ordered_json::parse(example());
  changed["lines"][0]["name"] = "Renamed";
  clock.set(utc("2027-03-15T12:00:00Z"));
  ASSERT_TRUE(store->publish({.site = "st-olavs",
                              .base = v1,
                              .content = changed.dump(2),
                              .actor = {"anna", "192.0.2.8"},
                              .routing_effect = "medisin has nobody on duty 16 March",
                              .confirmed_gaps = true}));
  ASSERT_TRUE(store->review_deviation({.site = "st-olavs",
                                       .key = "coverage_gap:c1",
                                       .decision = store::ReviewDecision::filed,
                                       .note = "AVV-2027-0113"},
                                      {"kari", "192.0.2.7"}));
  const auto published = store::load_published(*store).value();
  const Site& site = published.schedule->sites().front();
  auto log = store::CallLogReader::open((dir / "calls.db").string());
  ASSERT_TRUE(log) << log.error();

  const std::vector<Span> down{
      {utc("2027-03-22T08:00:00Z"), utc("2027-03-22T09:00:00Z")},  // Monday 09:00-10:00
      {utc("2027-04-05T08:00:00Z"), utc("2027-04-05T09:00:00Z")},  // after the period
  };
  const DateRange march{LocalDays{date::year{2027} / 3 / 1}, LocalDays{date::year{2027} / 3 / 31}};
  auto found = find_period_deviations({.store = *store,
                                       .log = *log,
                                       .site = site,
                                       .period = march,
                                       .reader = {"ola", "192.0.2.9"},
                                       .rules = {},
                                       .down = down});
  ASSERT_TRUE(found) << found.error().store.message;
  EXPECT_EQ(found->calls_read, 4u);
  std::vector<std::string> keys;
  for (const auto& d : found->deviations) keys.push_back(d.candidate.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"coverage_gap:p2", "coverage_gap:c1", "long_wait:c3",
                                      "gap_confirmed:2", "unit_not_running:2027-03-22T08:00:00Z"}));
  const auto& outage = found->deviations[1];
  EXPECT_EQ(outage.candidate.category, DeviationCategory::coverage_gap);
  EXPECT_EQ(outage.candidate.severity, Severity::high);
  ASSERT_EQ(outage.calls.size(), 2u);
  EXPECT_EQ(outage.calls[0].id, 3);
  EXPECT_EQ(outage.calls[0].arrived, utc("2027-03-02T09:00:00Z"));
  EXPECT_EQ(outage.calls[1].id, 4);
  EXPECT_EQ(outage.calls[1].outcome, CallOutcome::gap);
  ASSERT_TRUE(outage.review);
  EXPECT_EQ(outage.review->decision, store::ReviewDecision::filed);
  EXPECT_EQ(outage.review->note, "AVV-2027-0113");
  EXPECT_EQ(outage.review->reviewed_by, "kari");
  EXPECT_FALSE(found->deviations[0].review);
  EXPECT_EQ(found->deviations[0].calls.front().id, 2);
  EXPECT_EQ(found->deviations[2].calls.front().id, 5);
  EXPECT_EQ(found->deviations[3].candidate.description,
            "a change published by anna at 2027-03-15 13:00 opened coverage gaps the author "
            "confirmed: medisin has nobody on duty 16 March");
  EXPECT_TRUE(found->deviations[3].calls.empty());
  EXPECT_TRUE(found->deviations[4].candidate.description.starts_with(
      "the unit was not running 2027-03-22 09:00 – 2027-03-22 10:00"))
      << found->deviations[4].candidate.description;

  const store::AuditEntry read = store->audit(0, 100).back();
  EXPECT_EQ(read.action, store::AuditAction::call_log_read);
  EXPECT_EQ(read.actor.user, "ola");
  EXPECT_EQ(read.detail, json({{"purpose", "deviations"},
                               {"site", "st-olavs"},
                               {"from", "2027-03-01"},
                               {"to", "2027-03-31"},
                               {"count", 4}}));
}

TEST_F(PeriodDeviationsTest, ALongerWaitAllowedMakesNoLongWait) {
  auto store = store::ScheduleStore::open((dir / "schedule.db").string(), clock,
                                          {.password_cost = store::PasswordCost::minimum});
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->initialise(example(), {"root", "cli"}, "first"));
  const auto published = store::load_published(*store).value();
  auto log = store::CallLogReader::open((dir / "calls.db").string());
  ASSERT_TRUE(log);
  const DateRange march{LocalDays{date::year{2027} / 3 / 1}, LocalDays{date::year{2027} / 3 / 31}};
  auto found = find_period_deviations({.store = *store,
                                       .log = *log,
                                       .site = published.schedule->sites().front(),
                                       .period = march,
                                       .reader = {"ola", "192.0.2.9"},
                                       .rules = {.long_wait = 120s},
                                       .down = {}});
  ASSERT_TRUE(found);
  std::vector<std::string> keys;
  for (const auto& d : found->deviations) keys.push_back(d.candidate.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"coverage_gap:p2", "coverage_gap:c1"}));
}

}  // namespace
}  // namespace samtel::fw
