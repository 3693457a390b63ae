// The printable statistics report: the site and the period in the title, the comparison with the
// period before, "<5" in tables and charts, the deviation candidates counted by category with what
// became of them, the months from stored aggregates, escaped text, and nothing that loads or runs.
#include "samtel/statistics_report.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

const Zone& oslo() { return **find_zone("Europe/Oslo"); }

Instant utc(const char* text) { return *parse_utc(text); }

LocalDays day(int y, unsigned m, unsigned d) {
  return LocalDays{date::year{y} / date::month{m} / date::day{d}};
}

CallRecord call(const char* arrived, CallOutcome outcome, const char* desk = "medisin") {
  CallRecord r;
  r.call_id = arrived;
  r.arrived = utc(arrived);
  r.outcome = outcome;
  r.open = outcome != CallOutcome::closed;
  r.desk = desk;
  r.day_type = "weekday";
  r.caller = "+4791234567";
  r.mode = RoutingMode::proxy;
  if (outcome == CallOutcome::answered) r.wait_ms = 12'000;
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class Report : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 12; ++i)
      records.push_back(call("2027-03-02T09:00:00Z", CallOutcome::answered));
    records.push_back(call("2027-03-02T22:30:00Z", CallOutcome::closed));  // 23:30 local
    records.push_back(call("2027-03-03T22:30:00Z", CallOutcome::closed));
    records.push_back(call("2027-03-04T10:00:00Z", CallOutcome::caller_gave_up, "kirurgi"));
    for (int i = 0; i < 8; ++i)
      records.push_back(call("2027-02-10T09:00:00Z", CallOutcome::answered));
    const DateRange march{day(2027, 3, 1), day(2027, 3, 31)};
    report.site_id = "st-olavs";
    report.site_name = "St. Olavs <hospital> & co";
    report.desk_names = {{"medisin", "Medisin"}, {"kirurgi", "Kirurgi"}};
    report.now = call_statistics(records, oslo(), march);
    report.previous = call_statistics(records, oslo(), previous_period(march));
    march_records.assign(records.begin(), records.begin() + 15);
    report.now.deviations = count_deviations(find_call_deviations(march_records, oslo(), {}));
    report.generated = "2027-04-02 10:15";
  }
  std::vector<CallRecord> records, march_records;
  StatisticsReport report;
};

TEST_F(Report, CountsDeviationCandidatesByCategory) {
  const std::vector<DeviationRow>& rows = report.now.deviations;
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].category, DeviationCategory::unanswered_while_open);
  EXPECT_EQ(rows[0].candidates, 1u);
  EXPECT_EQ(rows[1].category, DeviationCategory::coverage_gap);
  EXPECT_EQ(rows[1].candidates, 0u);
  EXPECT_FALSE(rows[0].decided);
}

TEST_F(Report, TitleComparisonAndWithheldCounts) {
  const std::string page = statistics_report_html(report);
  EXPECT_TRUE(
      page.starts_with("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" "
                       "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                       "base-uri 'none'; form-action 'none'\">"))
      << page.substr(0, 300);
  EXPECT_TRUE(contains(page, "<h1>Call statistics: St. Olavs &lt;hospital&gt; &amp; co</h1>"));
  EXPECT_TRUE(contains(page,
                       "Period 2027-03 (2027-03-01 to 2027-03-31), compared with 2027-02 "
                       "(2027-02-01 to 2027-02-28)"));
  // 15 calls against 8: a change of +7; 12 reached against 8.
  EXPECT_TRUE(contains(page,
                       "<tr><td>Calls</td><td class=\"n\">15</td><td class=\"n\">8</td>"
                       "<td class=\"n\">+7</td></tr>"))
      << page;
  // 2 closed: withheld, so no change is given.
  EXPECT_TRUE(contains(page,
                       "<tr><td>Arrived while closed</td><td class=\"n\">&lt;5</td>"
                       "<td class=\"n\">0</td><td class=\"n\">–</td></tr>"));
  // 12 of 13 open calls reached a doctor, against 8 of 8.
  EXPECT_TRUE(contains(page,
                       "<tr><td>Share answered while open</td><td class=\"n\">92.3 %</td>"
                       "<td class=\"n\">100.0 %</td><td class=\"n\">-7.7 pp</td></tr>"));
  EXPECT_TRUE(contains(page, "<td>Median wait</td><td class=\"n\">12.0 s</td>"));
  // The closed calls at 23 local are drawn withheld at the height of 5 (top 5: 180 px).
  EXPECT_TRUE(contains(page, "<title>Calls while closed by hour of day</title>"));
  EXPECT_TRUE(contains(page, "<rect class=\"series-0 withheld\" x=\"687.1\" y=\"36\""));
  EXPECT_TRUE(contains(page, ">Kirurgi</text>"));
  EXPECT_TRUE(contains(page,
                       "Made by samtel for St. Olavs &lt;hospital&gt; &amp; co (st-olavs), "
                       "2027-04-02 10:15."));
}

TEST_F(Report, DeviationTableShowsWhatBecameOfThemInBothPeriods) {
  const std::string page = statistics_report_html(report);
  EXPECT_TRUE(contains(page,
                       "<th>Category</th><th>Period</th><th class=\"n\">Found</th>"
                       "<th class=\"n\">Filed</th><th class=\"n\">Dismissed</th>"
                       "<th class=\"n\">Explained</th><th class=\"n\">Not yet reviewed</th>"))
      << page;
  // The decisions not given: not recorded.
  EXPECT_TRUE(contains(page,
                       "(unanswered_while_open)</span></td><td>2027-03</td>"
                       "<td class=\"n\">&lt;5</td><td class=\"n\">not recorded</td>"
                       "<td class=\"n\">not recorded</td><td class=\"n\">not recorded</td>"
                       "<td class=\"n\">not recorded</td></tr>"))
      << page;
  // The period before's candidates were not counted.
  EXPECT_TRUE(contains(page,
                       "(unanswered_while_open)</span></td><td>2027-02</td>"
                       "<td class=\"n\" colspan=\"5\">not counted</td></tr>"));

  report.now.deviations =
      count_deviations(find_call_deviations(march_records, oslo(), {}),
                       {{"unanswered_while_open:2027-03-04T10:00:00Z", ReviewDecision::filed}});
  report.previous.deviations = count_deviations({}, DecisionsByKey{});
  report.disclosure = Disclosure::internal;
  const std::string internal = statistics_report_html(report);
  EXPECT_TRUE(contains(internal,
                       "(unanswered_while_open)</span></td><td>2027-03</td>"
                       "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">0</td>"
                       "<td class=\"n\">0</td><td class=\"n\">0</td></tr>"))
      << internal;
  EXPECT_TRUE(contains(internal,
                       "(coverage_gap)</span></td><td>2027-02</td><td class=\"n\">0</td>"
                       "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td>"
                       "<td class=\"n\">0</td></tr>"));
}

TEST_F(Report, NamesTheMonthsFromStoredAggregates) {
  EXPECT_FALSE(contains(statistics_report_html(report), "monthly aggregates"));
  report.previous.from_aggregates = {"2027-02"};
  EXPECT_TRUE(contains(statistics_report_html(report),
                       "<p class=\"note\">Months of 2027-02 counted from the call log's "
                       "monthly aggregates (their records are deleted after their retention): "
                       "2027-02. Wait percentiles cannot be combined across such months, and "
                       "their deviation candidates are not counted.</p></header>"));
}

TEST_F(Report, HoldsNoCallerAndNothingThatLoadsOrRuns) {
  const std::string page = statistics_report_html(report);
  EXPECT_FALSE(contains(page, "91234567"));
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "src="));
  EXPECT_FALSE(contains(page, "href="));
  EXPECT_FALSE(contains(page, "style=\""));
  EXPECT_FALSE(contains(page, "<link"));
}

}  // namespace
}  // namespace samtel
