// Deviation candidates: which calls make which candidate, grouping of an outage into one, the
// same caller again after a call that reached nobody, downtime during opening hours, and the
// words and keys a reviewer sees.
#include "samtel/deviations.hpp"

#include <gtest/gtest.h>

#include "samtel/config.hpp"

namespace samtel {
namespace {

Instant utc(const char* text) { return *parse_utc(text); }
const Zone& oslo() { return **find_zone("Europe/Oslo"); }

CallRecord call(const char* id, const char* arrived, CallOutcome outcome, bool open = true) {
  CallRecord r;
  r.call_id = id;
  r.arrived = utc(arrived);
  r.outcome = outcome;
  r.open = open;
  r.line = "73553888";
  r.desk = "medisin";
  r.caller = "********01";
  return r;
}

using Categories = std::vector<std::pair<DeviationCategory, std::vector<std::size_t>>>;

Categories summary(const std::vector<DeviationCandidate>& found) {
  Categories out;
  for (const auto& d : found) out.emplace_back(d.category, d.calls);
  return out;
}

TEST(CallDeviations, EachKindOfCallMakesItsCandidate) {
  std::vector<CallRecord> records{
      call("a", "2027-03-02T08:00:00Z", CallOutcome::answered),
      call("b", "2027-03-02T09:00:00Z", CallOutcome::fallback),
      call("c", "2027-03-02T10:00:00Z", CallOutcome::gap),
      call("d", "2027-03-02T11:00:00Z", CallOutcome::answered),
      call("e", "2027-03-02T12:00:00Z", CallOutcome::failed),
      call("f", "2027-03-02T23:30:00Z", CallOutcome::closed, false),
      call("g", "2027-03-02T13:00:00Z", CallOutcome::redirected),
  };
  records[0].wait_ms = 60000;  // exactly the limit: not over it
  records[3].wait_ms = 95000;
  records[6].clock_fault = true;
  for (auto& r : records) r.caller = "********" + r.call_id;  // every caller another
  const auto found = find_call_deviations(records, oslo(), {});
  EXPECT_EQ(summary(found), (Categories{{DeviationCategory::unanswered_while_open, {1}},
                                        {DeviationCategory::coverage_gap, {2}},
                                        {DeviationCategory::long_wait, {3}},
                                        {DeviationCategory::refused_while_failing, {4}},
                                        {DeviationCategory::refused_while_failing, {6}}}));
  EXPECT_EQ(found[0].severity, Severity::high);
  EXPECT_EQ(found[0].key, "unanswered_while_open:b");
  EXPECT_EQ(found[0].description,
            "1 call to 73553888 (medisin) while open reached nobody, 2027-03-02 10:00: sent to "
            "the fallback or the caller gave up");
  EXPECT_EQ(found[1].description,
            "1 call to 73553888 (medisin) while open found nobody on duty, 2027-03-02 11:00: sent "
            "to the fallback");
  EXPECT_EQ(found[2].severity, Severity::medium);
  EXPECT_EQ(found[2].description,
            "1 call to 73553888 (medisin) waited longer than 60 s before a doctor answered, "
            "2027-03-02 12:00 (longest 95 s)");
  // The failure (13:00) and the clock in doubt (14:00) are an hour apart: two candidates.
  EXPECT_EQ(found[4].description,
            "1 call to 73553888 (medisin) could not be routed normally because the unit was "
            "failing (an error, or its clock in doubt), 2027-03-02 14:00");
}

TEST(CallDeviations, AnOutageIsOneCandidateNotOneACall) {
  std::vector<CallRecord> records;
  for (const char* t : {"2027-03-02T09:00:00Z", "2027-03-02T09:10:00Z", "2027-03-02T09:24:00Z",
                        "2027-03-02T09:40:00Z"}) {
    records.push_back(call(t, t, CallOutcome::gap));
    records.back().caller = std::string("********") + t[14];  // another caller each
  }
  const auto found = find_call_deviations(records, oslo(), {});
  // 09:00, 09:10 and 09:24 follow each other within 15 min; 09:40 is 16 min after 09:24.
  EXPECT_EQ(summary(found), (Categories{{DeviationCategory::coverage_gap, {0, 1, 2}},
                                        {DeviationCategory::coverage_gap, {3}}}));
  EXPECT_EQ(found[0].start, utc("2027-03-02T09:00:00Z"));
  EXPECT_EQ(found[0].end, utc("2027-03-02T09:24:00Z"));
  EXPECT_EQ(found[0].description,
            "3 calls to 73553888 (medisin) while open found nobody on duty, 2027-03-02 10:00 – "
            "2027-03-02 10:24: sent to the fallback");
}

TEST(CallDeviations, TheSameCallerAgainSoonAfterReachingNobody) {
  std::vector<CallRecord> records{
      call("x1", "2027-03-02T09:00:00Z", CallOutcome::caller_gave_up),
      call("x2", "2027-03-02T09:20:00Z", CallOutcome::answered),  // the same caller, 20 min on
      call("y1", "2027-03-02T09:05:00Z", CallOutcome::answered),  // another caller
      call("z1", "2027-03-02T12:00:00Z", CallOutcome::fallback),
      call("z2", "2027-03-02T12:31:00Z", CallOutcome::answered),  // 31 min on: too late
  };
  records[2].caller = "********77";
  records[3].caller = records[4].caller = "********55";
  const auto found = find_call_deviations(records, oslo(), {});
  EXPECT_EQ(summary(found), (Categories{{DeviationCategory::unanswered_while_open, {0}},
                                        {DeviationCategory::repeat_caller, {0, 1}},
                                        {DeviationCategory::unanswered_while_open, {3}}}));
  EXPECT_EQ(found[1].key, "repeat_caller:x1");
  EXPECT_EQ(found[1].severity, Severity::medium);
  EXPECT_EQ(found[1].description,
            "the same caller called again 20 min after a call to 73553888 (medisin) that reached "
            "nobody, 2027-03-02 10:00 – 2027-03-02 10:20");
}

TEST(DowntimeDeviations, OnlyTimeTheLineWasOpenCounts) {
  auto schedule = load_schedule_for_command_line(
      {std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json"});
  ASSERT_TRUE(schedule) << schedule.error();
  const Site& site = schedule->sites().front();
  const std::vector<Span> down{
      {utc("2027-03-02T06:30:00Z"), utc("2027-03-02T07:20:00Z")},  // 07:30-08:20: 20 min open
      {utc("2027-03-02T23:00:00Z"), utc("2027-03-03T05:00:00Z")},  // the night: closed
  };
  const auto found = find_downtime_deviations(site, down);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].category, DeviationCategory::unit_not_running);
  EXPECT_EQ(found[0].severity, Severity::high);
  EXPECT_EQ(found[0].key, "unit_not_running:2027-03-02T06:30:00Z");
  EXPECT_EQ(found[0].description,
            "the unit was not running 2027-03-02 07:30 – 2027-03-02 08:20, 20 min of opening "
            "hours (Medisin, Kirurgi, Kardiologi, Gastroenterologi, Lungemedisin)");
}

TEST(GapConfirmedDeviations, OneForEachChangePublishedWithGapsConfirmed) {
  const std::vector<GapConfirmation> confirmed{
      {.at = utc("2027-03-05T14:00:00Z"), .author = "anna", .entry = 31, .effect = ""},
      {.at = utc("2027-03-02T08:30:00Z"),
       .author = "kari",
       .entry = 12,
       .effect = "medisin has nobody on duty 24 Dec 08:00-16:00"},
  };
  const auto found = find_gap_confirmed_deviations(confirmed, oslo());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].category, DeviationCategory::gap_confirmed);
  EXPECT_EQ(found[0].severity, Severity::medium);
  EXPECT_EQ(found[0].key, "gap_confirmed:12");
  EXPECT_EQ(found[0].start, utc("2027-03-02T08:30:00Z"));
  EXPECT_EQ(found[0].end, found[0].start);
  EXPECT_TRUE(found[0].calls.empty());
  EXPECT_EQ(found[0].description,
            "a change published by kari at 2027-03-02 09:30 opened coverage gaps the author "
            "confirmed: medisin has nobody on duty 24 Dec "
            "08:00-16:00");
  EXPECT_EQ(found[1].key, "gap_confirmed:31");
  EXPECT_EQ(found[1].description,
            "a change published by anna at 2027-03-05 15:00 opened coverage gaps the author "
            "confirmed");
}

TEST(DeviationVocabulary, EveryTextReadsBack) {
  for (const auto c : {DeviationCategory::unanswered_while_open, DeviationCategory::coverage_gap,
                       DeviationCategory::long_wait, DeviationCategory::repeat_caller,
                       DeviationCategory::refused_while_failing,
                       DeviationCategory::unit_not_running, DeviationCategory::gap_confirmed}) {
    EXPECT_EQ(deviation_category_from_string(to_string(c)), c);
  }
  for (const auto s : {Severity::low, Severity::medium, Severity::high}) {
    EXPECT_EQ(severity_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(deviation_category_from_string("Coverage_gap"));
  EXPECT_FALSE(severity_from_string(""));
}

}  // namespace
}  // namespace samtel
