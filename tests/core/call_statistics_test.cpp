// The statistics for the partners: which records a period counts (local days, the spring change
// included), what each outcome counts as, waits by nearest rank, the period to compare with, and
// the "<5" of what is shared.
#include "samtel/call_statistics.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

using nlohmann::json;

const Zone& oslo() { return **find_zone("Europe/Oslo"); }

LocalDays day(int y, unsigned m, unsigned d) {
  return LocalDays{date::year{y} / date::month{m} / date::day{d}};
}

Instant utc(const char* text) { return *parse_utc(text); }

CallRecord call(const char* arrived, CallOutcome outcome, bool open = true,
                std::optional<std::int64_t> wait_ms = std::nullopt) {
  CallRecord r;
  r.arrived = utc(arrived);
  r.outcome = outcome;
  r.open = open;
  r.wait_ms = wait_ms;
  r.desk = "medisin";
  r.day_type = "weekday";
  r.mode = outcome == CallOutcome::redirected ? RoutingMode::redirect : RoutingMode::proxy;
  return r;
}

const DateRange kMarch{day(2027, 3, 1), day(2027, 3, 31)};

TEST(CallStatistics, CountsTheLocalDaysOfThePeriodByLocalHour) {
  const std::vector<CallRecord> records{
      call("2027-02-28T22:59:59Z", CallOutcome::closed, false),  // 23:59 on 28 February: out
      call("2027-02-28T23:30:00Z", CallOutcome::closed, false),  // 00:30 on 1 March
      call("2027-03-28T00:30:00Z", CallOutcome::closed, false),  // 01:30 +01:00, the change's day
      call("2027-03-28T01:30:00Z", CallOutcome::closed, false),  // 03:30 +02:00: hour 2 is skipped
      call("2027-03-31T21:59:00Z", CallOutcome::answered, true, 4000),  // 23:59 +02:00
      call("2027-03-31T22:00:00Z", CallOutcome::answered, true, 4000),  // 00:00 on 1 April: out
  };
  const CallStatistics s = call_statistics(records, oslo(), kMarch);
  EXPECT_EQ(s.calls, 4u);
  EXPECT_EQ(s.by_hour[0], 1u);
  EXPECT_EQ(s.by_hour[1], 1u);
  EXPECT_EQ(s.by_hour[2], 0u);
  EXPECT_EQ(s.by_hour[3], 1u);
  EXPECT_EQ(s.by_hour[23], 1u);
  EXPECT_EQ(s.closed, 3u);
  EXPECT_EQ(s.closed_by_hour[0] + s.closed_by_hour[1] + s.closed_by_hour[3], 3u);
  EXPECT_EQ(s.closed_by_hour[23], 0u);
  EXPECT_EQ(s.by_desk.at("medisin"), 4u);
}

TEST(CallStatistics, EachOutcomeCountsAsTheAgreementsMeanIt) {
  std::vector<CallRecord> records{
      call("2027-03-02T08:00:00Z", CallOutcome::answered, true, 5000),
      call("2027-03-02T09:00:00Z", CallOutcome::escalated_answered, true, 31000),
      call("2027-03-02T10:00:00Z", CallOutcome::redirected),
      call("2027-03-02T11:00:00Z", CallOutcome::fallback),
      call("2027-03-02T12:00:00Z", CallOutcome::gap),
      call("2027-03-02T13:00:00Z", CallOutcome::caller_gave_up),
      call("2027-03-02T23:00:00Z", CallOutcome::closed, false),
  };
  records[1].attempts.resize(2);  // rang the primary, then the backup
  records[3].attempts.resize(2);
  records[3].coverage_gap = false;
  records[4].coverage_gap = true;
  const CallStatistics s = call_statistics(records, oslo(), kMarch);
  EXPECT_EQ(s.calls, 7u);
  EXPECT_EQ(s.open_calls, 6u);
  EXPECT_EQ(s.reached, 2u);
  EXPECT_EQ(s.redirected, 1u);
  EXPECT_EQ(s.escalated, 2u);
  EXPECT_EQ(s.to_fallback, 2u);
  EXPECT_EQ(s.coverage_gap, 1u);
  EXPECT_EQ(s.closed, 1u);
  EXPECT_EQ(s.reached_nobody, 1u);
  // 2 reached of the 5 open calls whose outcome the unit knows (the redirected one left out).
  ASSERT_TRUE(s.answered_share());
  EXPECT_DOUBLE_EQ(*s.answered_share(), 0.4);
  EXPECT_EQ(s.median_wait_ms, 5000);
  EXPECT_EQ(s.p90_wait_ms, 31000);
  EXPECT_EQ(s.by_outcome.at(CallOutcome::gap), 1u);
  EXPECT_EQ(s.closed_by_hour[0], 1u);  // 23:00Z is midnight in Oslo
}

TEST(CallStatistics, WaitsAreTakenByNearestRank) {
  std::vector<CallRecord> records;
  for (int i = 10; i >= 1; --i) {
    records.push_back(call("2027-03-03T10:00:00Z", CallOutcome::answered, true, i * 1000));
  }
  const CallStatistics s = call_statistics(records, oslo(), kMarch);
  EXPECT_EQ(s.median_wait_ms, 5000);  // rank ceil(0.5 * 10) = 5
  EXPECT_EQ(s.p90_wait_ms, 9000);     // rank ceil(0.9 * 10) = 9
  const CallStatistics none = call_statistics({}, oslo(), kMarch);
  EXPECT_FALSE(none.median_wait_ms);
  EXPECT_FALSE(none.answered_share());
}

TEST(PreviousPeriod, IsTheMonthQuarterOrYearBeforeElseAsManyDays) {
  struct Case {
    DateRange period, before;
  };
  const Case cases[] = {
      {kMarch, {day(2027, 2, 1), day(2027, 2, 28)}},
      {{day(2027, 1, 1), day(2027, 1, 31)}, {day(2026, 12, 1), day(2026, 12, 31)}},
      {{day(2027, 4, 1), day(2027, 6, 30)}, {day(2027, 1, 1), day(2027, 3, 31)}},
      {{day(2027, 1, 1), day(2027, 3, 31)}, {day(2026, 10, 1), day(2026, 12, 31)}},
      {{day(2027, 1, 1), day(2027, 12, 31)}, {day(2026, 1, 1), day(2026, 12, 31)}},
      {{day(2027, 3, 10), day(2027, 3, 16)}, {day(2027, 3, 3), day(2027, 3, 9)}},
      {{day(2027, 3, 1), day(2027, 3, 30)}, {day(2027, 1, 30), day(2027, 2, 28)}},
  };
  for (const Case& c : cases) {
    const DateRange got = previous_period(c.period);
    EXPECT_EQ(got.first, c.before.first) << format_day(c.period.first);
    EXPECT_EQ(got.last, c.before.last) << format_day(c.period.first);
  }
}

TEST(ReportPeriod, MonthsQuartersAndYearsAsPeopleNameThem) {
  struct Case {
    PeriodKind kind;
    const char* text;
    DateRange expected;
    const char* name;
  };
  const Case cases[] = {
      {PeriodKind::month, "2027-03", kMarch, "2027-03"},
      {PeriodKind::month, "2028-02", {day(2028, 2, 1), day(2028, 2, 29)}, "2028-02"},
      {PeriodKind::quarter, "2027-Q1", {day(2027, 1, 1), day(2027, 3, 31)}, "2027-Q1"},
      {PeriodKind::quarter, "2027-Q4", {day(2027, 10, 1), day(2027, 12, 31)}, "2027-Q4"},
      {PeriodKind::year, "2027", {day(2027, 1, 1), day(2027, 12, 31)}, "2027"},
  };
  for (const Case& c : cases) {
    const auto p = parse_period(c.kind, c.text);
    ASSERT_TRUE(p) << c.text << ": " << p.error();
    EXPECT_EQ(p->first, c.expected.first) << c.text;
    EXPECT_EQ(p->last, c.expected.last) << c.text;
    EXPECT_EQ(period_name(*p), c.name);
  }
  EXPECT_EQ(period_name({day(2027, 3, 1), day(2027, 3, 10)}), "2027-03-01 to 2027-03-10");
  EXPECT_EQ(period_name({day(2027, 2, 1), day(2027, 4, 30)}), "2027-02-01 to 2027-04-30");

  struct Bad {
    PeriodKind kind;
    const char* text;
    const char* message;
  };
  const Bad bad[] = {
      {PeriodKind::month, "2027-13", "expected a month such as 2027-03, found '2027-13'"},
      {PeriodKind::month, "2027-3", "expected a month such as 2027-03, found '2027-3'"},
      {PeriodKind::month, "2027-03-01", "expected a month such as 2027-03, found '2027-03-01'"},
      {PeriodKind::quarter, "2027-Q5", "expected a quarter such as 2027-Q1, found '2027-Q5'"},
      {PeriodKind::quarter, "2027-q1", "expected a quarter such as 2027-Q1, found '2027-q1'"},
      {PeriodKind::year, "27", "expected a year such as 2027, found '27'"},
      {PeriodKind::year, "", "expected a year such as 2027, found ''"},
  };
  for (const Bad& b : bad) {
    const auto p = parse_period(b.kind, b.text);
    ASSERT_FALSE(p) << b.text;
    EXPECT_EQ(p.error(), b.message);
  }
  EXPECT_EQ(period_kind_from_string("quarter"), PeriodKind::quarter);
  EXPECT_EQ(period_kind_from_string("week"), std::nullopt);
}

TEST(StatisticsOutput, DisclosedCountIsTheOneRule) {
  EXPECT_EQ(disclosed_count(0, Disclosure::shared), "0");
  EXPECT_EQ(disclosed_count(1, Disclosure::shared), "<5");
  EXPECT_EQ(disclosed_count(4, Disclosure::shared), "<5");
  EXPECT_EQ(disclosed_count(5, Disclosure::shared), "5");
  EXPECT_EQ(disclosed_count(4, Disclosure::internal), "4");
  EXPECT_EQ(disclosure_from_string("shared"), Disclosure::shared);
  EXPECT_EQ(disclosure_from_string("all"), std::nullopt);
}

TEST(StatisticsOutput, SharedCountsUnderFiveAreWrittenLessThanFive) {
  std::vector<CallRecord> now, before;
  for (int i = 0; i < 3; ++i) now.push_back(call("2027-03-04T09:00:00Z", CallOutcome::answered));
  for (int i = 0; i < 7; ++i)
    before.push_back(call("2027-02-04T09:00:00Z", CallOutcome::closed, false));
  const CallStatistics s = call_statistics(now, oslo(), kMarch);
  const CallStatistics p = call_statistics(before, oslo(), previous_period(kMarch));

  const json shared = statistics_json(s, &p, Disclosure::shared);
  EXPECT_EQ(shared["period"],
            json::parse(R"({"from": "2027-03-01", "to": "2027-03-31", "days": 31})"));
  EXPECT_EQ(shared["calls"], "<5");
  EXPECT_EQ(shared["closed"], 0);
  EXPECT_EQ(shared["by_hour"][10], "<5");
  EXPECT_EQ(shared["previous"]["calls"], 7);
  EXPECT_EQ(shared["previous"]["closed_by_hour"][10], 7);
  EXPECT_EQ(shared["answered_share"], 1.0);
  EXPECT_EQ(statistics_json(s, nullptr, Disclosure::internal)["calls"], 3);
  EXPECT_FALSE(statistics_json(s, nullptr, Disclosure::internal).contains("previous"));

  const std::string csv = statistics_csv(s, &p, Disclosure::shared);
  EXPECT_TRUE(csv.starts_with("measure,key,period,previous\r\ncalls,,<5,7\r\n")) << csv;
  EXPECT_NE(csv.find("\r\nby_hour,10,<5,7\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_outcome,closed,0,7\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nanswered_share,,1.000,\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("****"), std::string::npos);  // no caller numbers
}

CallRecord from(const char* arrived, CallerCategory category, const char* municipality) {
  CallRecord r = call(arrived, CallOutcome::answered, true, 3000);
  r.caller_category = category;
  r.municipality = municipality;
  return r;
}

TEST(CallStatistics, CountsByCallerCategoryAndMunicipality) {
  std::vector<CallRecord> now;
  for (int i = 0; i < 6; ++i)
    now.push_back(from("2027-03-03T09:00:00Z", CallerCategory::legevakt, "Trondheim"));
  for (int i = 0; i < 2; ++i)
    now.push_back(from("2027-03-03T10:00:00Z", CallerCategory::nursing_home, "Malvik"));
  for (int i = 0; i < 5; ++i)
    now.push_back(from("2027-03-03T11:00:00Z", CallerCategory::gp_office, "Trondheim"));
  now.push_back(from("2027-03-03T12:00:00Z", CallerCategory::unknown, ""));
  now.push_back(from("2027-04-01T12:00:00Z", CallerCategory::hospital, "Orkland"));  // April: out
  std::vector<CallRecord> before{from("2027-02-03T09:00:00Z", CallerCategory::legevakt, "Melhus")};

  const CallStatistics s = call_statistics(now, oslo(), kMarch);
  const CallStatistics p = call_statistics(before, oslo(), previous_period(kMarch));
  EXPECT_EQ(s.calls, 14u);
  const std::map<CallerCategory, std::size_t> categories{{CallerCategory::legevakt, 6},
                                                         {CallerCategory::nursing_home, 2},
                                                         {CallerCategory::gp_office, 5},
                                                         {CallerCategory::unknown, 1}};
  EXPECT_EQ(s.by_caller_category, categories);
  const std::map<std::string, std::size_t> municipalities{
      {"", 1}, {"Malvik", 2}, {"Trondheim", 11}};
  EXPECT_EQ(s.by_municipality, municipalities);

  const json internal = statistics_json(s, &p, Disclosure::internal);
  EXPECT_EQ(internal["by_caller_category"],
            json::parse(R"({"legevakt": 6, "nursing-home": 2, "gp-office": 5, "unknown": 1})"));
  EXPECT_EQ(internal["by_municipality"],
            json::parse(R"({"Malvik": 2, "Trondheim": 11, "unknown": 1})"));
  EXPECT_EQ(internal["previous"]["by_municipality"], json::parse(R"({"Melhus": 1})"));
  // For the partners, counts from 1 to 4 are "<5"; five and more, and zero, are written.
  const json shared = statistics_json(s, &p, Disclosure::shared);
  EXPECT_EQ(
      shared["by_caller_category"],
      json::parse(R"({"legevakt": 6, "nursing-home": "<5", "gp-office": 5, "unknown": "<5"})"));
  EXPECT_EQ(shared["by_municipality"],
            json::parse(R"({"Malvik": "<5", "Trondheim": 11, "unknown": "<5"})"));

  const std::string csv = statistics_csv(s, &p, Disclosure::shared);
  EXPECT_NE(csv.find("\r\nby_caller_category,gp-office,5,0\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_caller_category,legevakt,6,<5\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_caller_category,nursing-home,<5,0\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_municipality,Melhus,0,<5\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_municipality,Trondheim,11,0\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nby_municipality,unknown,<5,0\r\n"), std::string::npos) << csv;
  const std::string internal_csv = statistics_csv(s, nullptr, Disclosure::internal);
  EXPECT_NE(internal_csv.find("\r\nby_municipality,Malvik,2,\r\n"), std::string::npos)
      << internal_csv;
}

DeviationCandidate candidate(DeviationCategory c, const std::string& key) {
  DeviationCandidate d;
  d.category = c;
  d.key = key;
  return d;
}

TEST(StatisticsOutput, DeviationsAndWhatBecameOfThem) {
  CallStatistics s, p;
  s.period = kMarch;
  p.period = previous_period(kMarch);
  std::vector<DeviationCandidate> found;
  for (const char* k : {"a", "b", "c", "d", "e", "f"}) {
    found.push_back(candidate(DeviationCategory::coverage_gap, std::string("coverage_gap:") + k));
  }
  found.push_back(candidate(DeviationCategory::long_wait, "long_wait:g"));
  s.deviations = count_deviations(found, {{"coverage_gap:a", ReviewDecision::filed},
                                          {"coverage_gap:b", ReviewDecision::filed},
                                          {"coverage_gap:c", ReviewDecision::dismissed},
                                          {"long_wait:g", ReviewDecision::explained}});
  // The period before: counted, but what became of them is not known.
  p.deviations = count_deviations(
      std::vector<DeviationCandidate>(5, candidate(DeviationCategory::long_wait, "long_wait:h")));

  const json internal = statistics_json(s, &p, Disclosure::internal);
  EXPECT_EQ(internal["deviations"]["coverage_gap"],
            json::parse(R"({"found": 6, "filed": 2, "dismissed": 1, "explained": 0,
                            "not_reviewed": 3})"));
  EXPECT_EQ(internal["deviations"]["repeat_caller"],
            json::parse(R"({"found": 0, "filed": 0, "dismissed": 0, "explained": 0,
                            "not_reviewed": 0})"));
  EXPECT_EQ(internal["previous"]["deviations"]["long_wait"],
            json::parse(R"({"found": 5, "filed": null, "dismissed": null, "explained": null,
                            "not_reviewed": null})"));
  EXPECT_EQ(internal["deviations"].size(), 5u);
  const json shared = statistics_json(s, &p, Disclosure::shared);
  EXPECT_EQ(shared["deviations"]["coverage_gap"],
            json::parse(R"({"found": 6, "filed": "<5", "dismissed": "<5", "explained": 0,
                            "not_reviewed": "<5"})"));
  EXPECT_EQ(shared["deviations"]["long_wait"],
            json::parse(R"({"found": "<5", "filed": 0, "dismissed": 0, "explained": "<5",
                            "not_reviewed": 0})"));
  EXPECT_EQ(shared["from_aggregates"], json::array());
  // Not counted: not written.
  EXPECT_FALSE(
      statistics_json(CallStatistics{}, nullptr, Disclosure::shared).contains("deviations"));

  const std::string csv = statistics_csv(s, &p, Disclosure::shared);
  EXPECT_NE(csv.find("\r\nfrom_aggregates,,,\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\ndeviations_found,unanswered_while_open,0,0\r\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\ndeviations_found,coverage_gap,6,0\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\ndeviations_found,long_wait,<5,5\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\ndeviations_filed,coverage_gap,<5,\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\ndeviations_explained,long_wait,<5,\r\n"), std::string::npos) << csv;
  EXPECT_TRUE(csv.ends_with("\r\ndeviations_not_reviewed,refused_while_failing,0,\r\n")) << csv;
  const std::string internal_csv = statistics_csv(s, nullptr, Disclosure::internal);
  EXPECT_NE(internal_csv.find("\r\ndeviations_not_reviewed,coverage_gap,3,\r\n"), std::string::npos)
      << internal_csv;
  EXPECT_EQ(statistics_csv(CallStatistics{}, nullptr, Disclosure::internal).find("deviations_"),
            std::string::npos);
}

TEST(StatisticsOutput, SaysWhichMonthsComeFromStoredAggregates) {
  CallStatistics s;
  s.period = DateRange{day(2027, 1, 1), day(2027, 3, 31)};
  s.from_aggregates = {"2027-01", "2027-02"};
  EXPECT_EQ(statistics_json(s, nullptr, Disclosure::shared)["from_aggregates"],
            json({"2027-01", "2027-02"}));
  const std::string csv = statistics_csv(s, nullptr, Disclosure::shared);
  EXPECT_NE(csv.find("\r\nfrom_aggregates,,2027-01 2027-02,\r\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace samtel
