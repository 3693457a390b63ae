#include "samtel/sim/replay.hpp"

#include <map>

#include "test_support.hpp"

namespace samtel::sim {
namespace {

Scenario scenario(const std::string& text, const Schedule& schedule = test::st_olavs()) {
  auto s = parse_scenario(text, "test.json", schedule);
  if (!s) {
    for (const auto& e : s.error()) ADD_FAILURE() << e.to_string();
    return Scenario{};
  }
  return std::move(*s);
}

Scenario bundled(const char* name) {
  auto s =
      load_scenario_file(test::source_path(std::string("sim/scenarios/") + name), test::st_olavs());
  if (!s) ADD_FAILURE() << s.error().front().to_string();
  return std::move(*s);
}

// Everyone answers after 5 s; calls last 10 minutes.
const char* kPredictable =
    R"("people": {"default": {"answer_probability": 1, "answer_seconds": {"fixed": 5}, "call_seconds": {"fixed": 600}}})";

ReplayResult run(const Scenario& s, const std::string& first, const std::string& last) {
  const Span span = test::days(first, last);
  return replay(s, span.from, span.to);
}

TEST(Replay, SameSeedSameResult) {
  const Scenario s = bundled("st-olavs.json");
  const auto a = run(s, "2026-11-30", "2026-12-13");
  const auto b = run(s, "2026-11-30", "2026-12-13");
  ASSERT_EQ(a.calls.size(), b.calls.size());
  ASSERT_GT(a.calls.size(), 500u);
  for (std::size_t i = 0; i < a.calls.size(); ++i) {
    EXPECT_EQ(a.calls[i].call.arrival, b.calls[i].call.arrival);
    EXPECT_EQ(a.calls[i].outcome, b.calls[i].outcome);
    EXPECT_EQ(a.calls[i].answered_by, b.calls[i].answered_by);
    EXPECT_EQ(a.calls[i].wait, b.calls[i].wait);
    EXPECT_EQ(a.calls[i].talk, b.calls[i].talk);
  }
  Scenario other = s;
  other.seed = 7;
  const auto c = run(other, "2026-11-30", "2026-12-13");
  EXPECT_FALSE(c.calls.size() == a.calls.size() &&
               c.calls.front().call.arrival == a.calls.front().call.arrival);
}

TEST(Replay, PinnedFiguresForTheBundledScenario) {
  // A change here means the generator or the replay changed: update docs/simulator.md too.
  const Scenario s = bundled("st-olavs.json");
  const auto r = run(s, "2026-11-30", "2026-12-27");
  const TrafficSummary sum = summarise(r);
  EXPECT_EQ(sum.total.calls, 2514u);
  EXPECT_EQ(sum.total.closed, 327u);
  EXPECT_EQ(sum.total.answered, 2064u);
  EXPECT_EQ(sum.total.escalated, 557u);
  EXPECT_EQ(sum.total.fallback, 123u);
  EXPECT_EQ(sum.total.gap, 0u);
}

TEST(Replay, TuesdayJustBeforeOpeningIsClosed) {
  const Scenario s = scenario(
      std::string(R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T07:59:30"}], )") +
      kPredictable + "}");
  const auto r = run(s, "2026-12-01", "2026-12-01");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].outcome, CallOutcome::closed);
  EXPECT_EQ(r.calls[0].fallback->name, "Sentralbord St. Olavs hospital");
  EXPECT_EQ(r.calls[0].attempts_rung, 0u);
  EXPECT_EQ(r.calls[0].day_type, DayType::weekday);
  EXPECT_EQ(r.calls[0].hour, 7);
}

TEST(Replay, AtOpeningTheConsultantOnDutyAnswers) {
  const Scenario s =
      scenario(std::string(R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T08:00"}], )") +
               kPredictable + "}");
  const auto r = run(s, "2026-12-01", "2026-12-01");
  ASSERT_EQ(r.calls.size(), 1u);
  const RoutePlan plan = route(*s.site, *s.line, s.line->desks[0], test::at("2026-12-01T08:00"));
  ASSERT_FALSE(plan.attempts.empty());
  EXPECT_EQ(r.calls[0].outcome, CallOutcome::answered);
  EXPECT_EQ(r.calls[0].answered_by, plan.attempts[0].person);
  EXPECT_EQ(r.calls[0].answered_by->id, "gran");
  EXPECT_EQ(r.calls[0].answered_role->id, "primary");
  EXPECT_EQ(r.calls[0].wait, std::chrono::seconds{5});
  EXPECT_FALSE(r.calls[0].escalated());
}

TEST(Replay, ABusyConsultantForcesEscalationToTheBackup) {
  const Scenario s = scenario(std::string(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-12-01T09:00"}, {"at": "2026-12-01T09:02"}, {"at": "2026-12-01T09:03"}, {"at": "2026-12-01T09:20"}], )") +
                              kPredictable + "}");
  const auto r = run(s, "2026-12-01", "2026-12-01");
  ASSERT_EQ(r.calls.size(), 4u);
  // 1: the consultant answers and is busy until 09:10:05.
  EXPECT_EQ(r.calls[0].answered_by->id, "gran");
  // 2: the consultant's phone rings out (25 s), the backup answers 5 s later.
  EXPECT_EQ(r.calls[1].answered_by->id, "sand");
  EXPECT_EQ(r.calls[1].answered_role->id, "backup");
  EXPECT_EQ(r.calls[1].wait, std::chrono::seconds{30});
  EXPECT_EQ(r.calls[1].busy_rings, 1u);
  EXPECT_TRUE(r.calls[1].escalated());
  // 3: both busy: 25 s + 20 s, then the fallback, exactly as the route plan says.
  EXPECT_EQ(r.calls[2].outcome, CallOutcome::fallback);
  EXPECT_EQ(r.calls[2].wait, std::chrono::seconds{45});
  EXPECT_EQ(r.calls[2].busy_rings, 2u);
  EXPECT_EQ(r.calls[2].fallback->name, "Sentralbord St. Olavs hospital");
  // 4: the consultant is free again.
  EXPECT_EQ(r.calls[3].answered_by->id, "gran");
  EXPECT_EQ(r.calls[3].wait, std::chrono::seconds{5});
}

TEST(Replay, AScriptedNoAnswerEscalates) {
  const Scenario s = scenario(std::string(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-12-01T12:00", "answers": [false, 7]}, {"at": "2026-12-01T13:00", "answers": [30]}], )") +
                              kPredictable + "}");
  const auto r = run(s, "2026-12-01", "2026-12-01");
  EXPECT_EQ(r.calls[0].answered_by->id, "sand");
  EXPECT_EQ(r.calls[0].wait, std::chrono::seconds{32});
  // Answering after 30 s is too late for a 25 s ring: the backup gets it.
  EXPECT_EQ(r.calls[1].answered_by->id, "sand");
  EXPECT_EQ(r.calls[1].wait, std::chrono::seconds{30});
}

TEST(Replay, NobodyOnDutyGoesStraightToTheFallback) {
  const Scenario s =
      scenario(std::string(R"({"name": "x", "seed": 1, "calls": [{"at": "2028-01-04T09:00"}], )") +
               kPredictable + "}");
  const auto r = run(s, "2028-01-04", "2028-01-04");
  EXPECT_EQ(r.calls[0].outcome, CallOutcome::gap);
  EXPECT_EQ(r.calls[0].wait, std::chrono::seconds{0});
  EXPECT_EQ(r.calls[0].attempts_rung, 0u);
}

TEST(Replay, DaylightSavingAndHolidayDays) {
  const Scenario s = scenario(std::string(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-03-29T09:59:59"}, {"at": "2026-03-29T10:00"}, {"at": "2026-03-29T17:59:59"}, {"at": "2026-03-29T18:00"},
      {"at": "2026-05-17T09:00"}, {"at": "2026-05-17T10:00"},
      {"at": "2026-10-25T02:30+02:00"}, {"at": "2026-10-25T02:30+01:00"}, {"at": "2026-10-25T10:00"},
      {"at": "2026-12-24T10:00"}], )") +
                              kPredictable + "}");
  const auto r = run(s, "2026-03-01", "2026-12-31");
  ASSERT_EQ(r.calls.size(), 10u);
  const CallOutcome expected[] = {
      CallOutcome::closed,   CallOutcome::answered, CallOutcome::answered, CallOutcome::closed,
      CallOutcome::closed,   CallOutcome::answered, CallOutcome::closed,   CallOutcome::closed,
      CallOutcome::answered, CallOutcome::answered};
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_EQ(r.calls[i].outcome, expected[i]) << "call " << i + 1;
  EXPECT_EQ(r.calls[4].day_type, DayType::holiday);  // 17. mai, a Sunday
  EXPECT_EQ(r.calls[6].hour, 2);
  EXPECT_EQ(r.calls[7].hour, 2);
  EXPECT_EQ(r.calls[7].call.arrival - r.calls[6].call.arrival, std::chrono::hours{1});
  EXPECT_EQ(r.calls[9].day_type, DayType::special);  // Julaften
}

TEST(Replay, TheRegressionScenarioMeetsItsExpectations) {
  const Scenario s = bundled("regression-calls.json");
  const auto r = run(s, "2026-03-01", "2026-12-31");
  EXPECT_EQ(r.calls.size(), s.calls.size());
  EXPECT_EQ(unmet_expectations(r), std::vector<std::string>{});
}

TEST(Replay, UnmetExpectationsAreNamed) {
  const Scenario s = scenario(std::string(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-12-01T08:00", "expect": {"outcome": "closed"}},
      {"at": "2026-12-01T09:00", "expect": {"by": "aas", "wait_seconds": 5}}], )") +
                              kPredictable + "}");
  const auto r = run(s, "2026-12-01", "2026-12-01");
  EXPECT_EQ(unmet_expectations(r),
            (std::vector<std::string>{
                "/calls/0: expected closed; got answered by gran, wait 5 s",
                "/calls/1: expected answered by aas, wait 5 s; got answered by gran, wait 5 s"}));
}

TEST(Replay, ArrivalsFollowTheRatesAndTheCalendar) {
  // 6 calls an hour on the medicine desk, weekdays 08-16 only: over four weeks in January
  // (1 January a holiday) that is 19 weekdays x 8 h x 6.
  std::string weekday = "[0,0,0,0,0,0,0,0,6,6,6,6,6,6,6,6,0,0,0,0,0,0,0,0]";
  std::string zero = "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";
  const Scenario s =
      scenario(R"({"name": "x", "seed": 11, "arrivals": {"medisin": {"weekday": )" + weekday +
               R"(, "weekend": )" + zero + R"(, "holiday": )" + zero + "}}}");
  const auto r = run(s, "2027-01-01", "2027-01-28");
  const double expected = 19 * 8 * 6;
  EXPECT_NEAR(static_cast<double>(r.calls.size()), expected, 5.0 * std::sqrt(expected));
  for (const CallResult& c : r.calls) {
    EXPECT_EQ(c.day_type, DayType::weekday);
    EXPECT_GE(c.hour, 8);
    EXPECT_LT(c.hour, 16);
    EXPECT_NE(c.day, test::day("2027-01-01"));
  }
}

TEST(Replay, TheRepeatedAutumnHourGetsItsRateTwice) {
  std::string night = "[0,0,50,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";
  const Scenario s =
      scenario(R"({"name": "x", "seed": 3, "arrivals": {"medisin": {"weekday": )" + night +
               R"(, "weekend": )" + night + R"(, "holiday": )" + night + "}}}");
  const auto autumn = run(s, "2026-10-25", "2026-10-25");
  const auto spring = run(s, "2026-03-29", "2026-03-29");
  EXPECT_EQ(spring.calls.size(), 0u);  // 02:00-02:59 does not exist
  std::map<std::chrono::seconds, int> by_offset;
  for (const CallResult& c : autumn.calls) {
    EXPECT_EQ(c.hour, 2);
    ++by_offset[utc_offset(test::oslo(), c.call.arrival)];
  }
  EXPECT_EQ(by_offset.size(), 2u);  // some at +02:00, some at +01:00
  EXPECT_NEAR(static_cast<double>(autumn.calls.size()), 100.0, 50.0);
}

TEST(Replay, AddingAnExplicitCallLeavesTheGeneratedOnesAlone) {
  const std::string base =
      R"({"name": "x", "seed": 5, "arrivals": {"medisin": {"weekday": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1], "weekend": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "holiday": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}})";
  const Scenario a = scenario(base + "}");
  const Scenario b = scenario(base + R"(, "calls": [{"at": "2026-12-02T12:00:00"}]})");
  const Span span = test::days("2026-12-01", "2026-12-03");
  const auto ca = generate_calls(a, span.from, span.to);
  const auto cb = generate_calls(b, span.from, span.to);
  ASSERT_EQ(ca.size() + 1, cb.size());
  std::size_t j = 0;
  for (const Call& c : cb) {
    if (c.script != nullptr) continue;
    EXPECT_EQ(c.arrival, ca[j].arrival);
    EXPECT_EQ(c.stream, ca[j].stream);
    ++j;
  }
}

// Properties over a month of the bundled scenario: the plan is followed, nobody takes two calls
// at once, waits stay within the plan's ring times.
TEST(Replay, FollowsThePlanAndNobodyTakesTwoCallsAtOnce) {
  const Scenario s = bundled("st-olavs.json");
  const auto r = run(s, "2026-11-30", "2026-12-27");
  std::map<const Person*, std::vector<std::pair<Instant, Instant>>> busy;
  for (const CallResult& c : r.calls) {
    const RoutePlan plan = route(*s.site, *s.line, s.line->desks[c.call.desk], c.call.arrival);
    std::chrono::seconds total{0};
    for (const Attempt& a : plan.attempts) total += a.ring_timeout;
    EXPECT_LE(c.wait, total);
    EXPECT_LE(c.attempts_rung, plan.attempts.size());
    switch (c.outcome) {
      case CallOutcome::closed: EXPECT_FALSE(plan.open); break;
      case CallOutcome::gap: EXPECT_TRUE(plan.coverage_gap); break;
      case CallOutcome::fallback:
        EXPECT_EQ(c.wait, total);
        EXPECT_EQ(c.fallback, plan.fallback);
        break;
      default: ADD_FAILURE() << "the replay produced " << to_string(c.outcome); break;
      case CallOutcome::answered: {
        ASSERT_TRUE(c.answered_attempt.has_value());
        EXPECT_EQ(c.answered_by, plan.attempts[*c.answered_attempt].person);
        std::chrono::seconds before{0};
        for (std::size_t k = 0; k < *c.answered_attempt; ++k)
          before += plan.attempts[k].ring_timeout;
        EXPECT_GE(c.wait, before);
        EXPECT_LT(c.wait, before + plan.attempts[*c.answered_attempt].ring_timeout);
        const Instant start = c.call.arrival + c.wait;
        busy[c.answered_by].emplace_back(start, start + c.talk);
        break;
      }
    }
  }
  for (auto& [person, spans] : busy) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) {
      EXPECT_LE(spans[i - 1].second, spans[i].first) << person->name;
    }
  }
}

TEST(Replay, SummaryAddsUp) {
  const Scenario s = bundled("st-olavs.json");
  const auto r = run(s, "2026-11-30", "2026-12-27");
  const TrafficSummary sum = summarise(r);
  EXPECT_EQ(sum.total.calls, r.calls.size());
  EXPECT_EQ(sum.total.calls, sum.total.open_calls + sum.total.closed);
  EXPECT_EQ(sum.total.open_calls, sum.total.answered + sum.total.fallback + sum.total.gap);
  std::size_t by_type = 0, by_hour = 0, days = 0;
  for (DayType t : kAllDayTypes) {
    by_type += sum.by_day_type[index_of(t)].calls;
    for (const auto& h : sum.by_type_hour[index_of(t)]) by_hour += h.calls;
    days += sum.days[index_of(t)];
  }
  EXPECT_EQ(by_type, r.calls.size());
  EXPECT_EQ(by_hour, r.calls.size());
  EXPECT_EQ(days, 28u);
  EXPECT_EQ(sum.days[index_of(DayType::special)], 1u);  // Julaften
  EXPECT_EQ(sum.days[index_of(DayType::holiday)], 2u);  // 25 and 26 December
  EXPECT_LE(sum.total.median_wait, static_cast<double>(sum.total.worst_wait));
  EXPECT_EQ(sum.total.worst_wait, 45);
}

}  // namespace
}  // namespace samtel::sim
