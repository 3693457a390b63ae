// GET /api/v1/sites/{site}/statistics over a real call log: a month and the month before, read
// page by page (more calls than one page holds), other sites' lines left out, "<5" when shared,
// CSV, the reading audited, and the refusals; the deviation candidates of both periods with
// what became of them; and a quarter that counts the same after the retention purge deleted
// some of its months' records, from their stored aggregates.
#include <gtest/gtest.h>

#include "samtel/config.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/call_log_purge.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::StoreBacked;

class StatisticsResource : public StoreBacked {
 protected:
  void SetUp() override {
    call_log = dir / "calls.db";
    auto log = CallLog::open(call_log);
    ASSERT_TRUE(log);
    const auto add = [&](const char* arrived, CallOutcome outcome, const char* line, int n) {
      for (int i = 0; i < n; ++i) {
        CallRecord c;
        c.call_id = std::string(arrived) + "-" + std::to_string(i);
        c.arrived = test_support::utc(arrived) + std::chrono::seconds(i);
        c.line = line;
        c.desk = "medisin";
        c.caller = "********12";
        c.open = outcome != CallOutcome::closed;
        c.day_type = "weekday";
        c.outcome = outcome;
        c.reason = "synthetic";
        (*log)->append(c);
      }
    };
    add("2027-03-02T09:00:00Z", CallOutcome::redirected, "73553888", 1200);  // 10:00 local
    add("2027-03-02T22:30:00Z", CallOutcome::closed, "73553888", 3);         // 23:30 local
    add("2027-03-03T09:00:00Z", CallOutcome::redirected, "99999999", 7);     // another line
    add("2027-02-10T12:00:00Z", CallOutcome::closed, "73553888", 6);         // the month before
    (*log)->close();
    StoreBacked::SetUp();
  }
};

TEST_F(StatisticsResource, AMonthAndTheMonthBeforeFromTheCallLog) {
  const std::string token = login("ola");
  const ApiResponse r = get("/api/v1/sites/st-olavs/statistics", token,
                            {{"from", "2027-03-01"}, {"to", "2027-03-31"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["site"], "st-olavs");
  EXPECT_EQ(r.body["disclosure"], "shared");
  EXPECT_EQ(r.body["period"], json({{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"days", 31}}));
  EXPECT_EQ(r.body["calls"], 1203);
  EXPECT_EQ(r.body["redirected"], 1200);
  EXPECT_EQ(r.body["closed"], "<5");
  EXPECT_EQ(r.body["by_hour"][10], 1200);
  EXPECT_EQ(r.body["closed_by_hour"][23], "<5");
  EXPECT_TRUE(r.body["answered_share"].is_null());  // redirect mode: the exchange knows
  EXPECT_EQ(r.body["previous"]["period"],
            json({{"from", "2027-02-01"}, {"to", "2027-02-28"}, {"days", 28}}));
  EXPECT_EQ(r.body["previous"]["closed_by_hour"][13], 6);

  const ApiResponse internal =
      get("/api/v1/sites/st-olavs/statistics", token,
          {{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"disclosure", "internal"}});
  EXPECT_EQ(internal.body["closed"], 3);

  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::call_log_read);
  EXPECT_EQ(e.actor.user, "ola");
  EXPECT_EQ(e.detail, json({{"purpose", "statistics"},
                            {"site", "st-olavs"},
                            {"from", "2027-02-01"},
                            {"to", "2027-03-31"},
                            {"count", 1209},
                            {"format", "json"},
                            {"disclosure", "internal"}}));
}

TEST_F(StatisticsResource, AsCsvToDownload) {
  const ApiResponse r = get("/api/v1/sites/st-olavs/statistics", login("ola"),
                            {{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"format", "csv"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("Content-Disposition"),
            "attachment; filename=\"samtel-st-olavs-2027-03-01-2027-03-31.csv\"");
  ASSERT_TRUE(r.text);
  EXPECT_TRUE(r.text->starts_with("measure,key,period,previous\r\ncalls,,1203,6\r\n")) << *r.text;
  EXPECT_NE(r.text->find("\r\nclosed_by_hour,23,<5,0\r\n"), std::string::npos) << *r.text;
  // A file to download is an export in the audit trail, with its purpose when given.
  const ApiResponse named = get("/api/v1/sites/st-olavs/statistics", login("ola"),
                                {{"from", "2027-03-01"},
                                 {"to", "2027-03-31"},
                                 {"format", "csv"},
                                 {"purpose", "kvartalsrapport til kommunene"}});
  ASSERT_EQ(named.status, 200);
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::call_log_exported);
  EXPECT_EQ(e.actor.user, "ola");
  EXPECT_EQ(e.detail, json({{"purpose", "kvartalsrapport til kommunene"},
                            {"site", "st-olavs"},
                            {"from", "2027-02-01"},
                            {"to", "2027-03-31"},
                            {"count", 1209},
                            {"format", "csv"},
                            {"disclosure", "shared"}}));
}

TEST_F(StatisticsResource, AMonthAQuarterOrAYearByName) {
  const std::string token = login("ola");
  const std::string path = "/api/v1/sites/st-olavs/statistics";
  const ApiResponse month = get(path, token, {{"month", "2027-03"}});
  ASSERT_EQ(month.status, 200) << month.body.dump();
  EXPECT_EQ(month.body["period"],
            json({{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"days", 31}}));
  EXPECT_EQ(month.body["calls"], 1203);
  EXPECT_EQ(month.body["previous"]["calls"], 6);

  const ApiResponse quarter = get(path, token, {{"quarter", "2027-Q1"}});
  ASSERT_EQ(quarter.status, 200) << quarter.body.dump();
  EXPECT_EQ(quarter.body["period"],
            json({{"from", "2027-01-01"}, {"to", "2027-03-31"}, {"days", 90}}));
  EXPECT_EQ(quarter.body["calls"], 1209);
  EXPECT_EQ(quarter.body["previous"]["period"],
            json({{"from", "2026-10-01"}, {"to", "2026-12-31"}, {"days", 92}}));

  const ApiResponse year = get(path, token, {{"year", "2027"}});
  ASSERT_EQ(year.status, 200) << year.body.dump();
  EXPECT_EQ(year.body["period"],
            json({{"from", "2027-01-01"}, {"to", "2027-12-31"}, {"days", 365}}));
  EXPECT_EQ(year.body["closed"], 9);
}

TEST_F(StatisticsResource, APrintableReportWithItsOwnPolicy) {
  const ApiResponse r = get("/api/v1/sites/st-olavs/statistics", login("ola"),
                            {{"month", "2027-03"}, {"format", "html"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Content-Security-Policy"),
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'");
  EXPECT_EQ(r.header("Content-Disposition"),
            "inline; filename=\"samtel-st-olavs-2027-03-01-2027-03-31.html\"");
  ASSERT_TRUE(r.text);
  const std::string& page = *r.text;
  EXPECT_NE(page.find("<h1>Call statistics: St. Olavs hospital</h1>"), std::string::npos)
      << page.substr(0, 2000);
  EXPECT_NE(page.find("Period 2027-03 (2027-03-01 to 2027-03-31), compared with 2027-02"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><td>Calls</td><td class=\"n\">1203</td><td class=\"n\">6</td>"
                      "<td class=\"n\">+1197</td></tr>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><td>Arrived while closed</td><td class=\"n\">&lt;5</td>"),
            std::string::npos);
  EXPECT_EQ(page.find("********12"), std::string::npos);
  // Redirected calls are no deviation: every category counts 0, and 0 of them reviewed.
  EXPECT_NE(page.find("(unanswered_while_open)</span></td><td>2027-03</td><td class=\"n\">0</td>"
                      "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td>"
                      "<td class=\"n\">0</td></tr>"),
            std::string::npos);
  EXPECT_EQ(page.find("monthly aggregates"), std::string::npos);
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::call_log_read);
  EXPECT_EQ(e.detail["purpose"], "statistics");
}

TEST_F(StatisticsResource, RefusesWhatItCannotRead) {
  const std::string token = login("ola");
  const std::string path = "/api/v1/sites/st-olavs/statistics";
  struct Case {
    std::multimap<std::string, std::string> query;
    const char* message;
  };
  const Case cases[] = {
      {{{"to", "2027-03-31"}}, "give 'from', a local date such as 2026-12-07"},
      {{},
       "give the period: month=YYYY-MM, quarter=YYYY-Qn, year=YYYY, or from and to "
       "(YYYY-MM-DD)"},
      {{{"month", "2027-13"}}, "month: expected a month such as 2027-03, found '2027-13'"},
      {{{"quarter", "2027-Q5"}}, "quarter: expected a quarter such as 2027-Q1, found '2027-Q5'"},
      {{{"year", "27"}}, "year: expected a year such as 2027, found '27'"},
      {{{"month", "2027-03"}, {"year", "2027"}}, "give one period only, not month and year"},
      {{{"month", "2027-03"}, {"quarter", "2027-Q1"}, {"from", "2027-03-01"}},
       "give one period only, not month, quarter and from/to"},
      {{{"from", "2027-03-31"}, {"to", "2027-03-01"}},
       "from .. to must be 1 to 3653 days, both included; it is -29"},
      {{{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"disclosure", "all"}},
       "disclosure: expected shared or internal, found 'all'"},
      {{{"from", "2027-03-01"}, {"to", "2027-03-31"}, {"format", "pdf"}},
       "format: expected json, csv or html, found 'pdf'"},
  };
  for (const Case& c : cases) {
    const ApiResponse r = get(path, token, c.query);
    EXPECT_EQ(r.status, 400) << c.message;
    EXPECT_EQ(r.body["error"]["message"], c.message);
  }
  EXPECT_EQ(get("/api/v1/sites/elsewhere/statistics", token,
                {{"from", "2027-03-01"}, {"to", "2027-03-31"}})
                .status,
            404);
}

// Six months of calls, October 2026 to March 2027: each month's calls answered, closed and, from
// February, given up while open (one deviation candidate each).
class StatisticsOverPurgedMonths : public StoreBacked {
 protected:
  void SetUp() override {
    call_log = dir / "calls.db";
    auto log = CallLog::open(call_log);
    ASSERT_TRUE(log);
    const auto add = [&](const std::string& arrived, CallOutcome outcome, int i) {
      CallRecord c;
      c.call_id = arrived + "-" + std::to_string(i);
      c.arrived = *parse_utc(arrived) + std::chrono::minutes(i);
      c.line = "73553888";
      c.desk = i % 3 == 0 ? "kirurgi" : "medisin";
      c.mode = RoutingMode::proxy;
      c.caller = "********" + std::to_string(10 + i);
      c.open = outcome != CallOutcome::closed;
      c.day_type = "weekday";
      c.outcome = outcome;
      if (outcome == CallOutcome::answered) c.wait_ms = 2000 + 1000 * i;
      c.caller_category = i % 2 == 0 ? CallerCategory::legevakt : CallerCategory::unknown;
      c.municipality = i % 2 == 0 ? "Trondheim" : "";
      c.reason = "synthetic";
      (*log)->append(c);
    };
    int month_index = 0;
    for (const char* month : {"2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"}) {
      for (const char* day : {"03", "10", "20"}) {
        const std::string date = std::string(month) + "-" + day;
        for (int i = 0; i < 5 + month_index; ++i)
          add(date + "T09:00:00Z", CallOutcome::answered, i);
        add(date + "T21:30:00Z", CallOutcome::closed, 0);
        if (month_index >= 4) add(date + "T12:00:00Z", CallOutcome::caller_gave_up, 0);
      }
      ++month_index;
    }
    (*log)->close();
    StoreBacked::SetUp();
  }

  json quarter(const std::string& token, const char* disclosure = "internal") {
    const ApiResponse r = get("/api/v1/sites/st-olavs/statistics", token,
                              {{"quarter", "2027-Q1"}, {"disclosure", disclosure}});
    EXPECT_EQ(r.status, 200) << r.body.dump();
    return r.body;
  }

  // Deletes the records that arrived before 2027-01-15 12:00 UTC, after storing the aggregates of
  // October to January.
  void purge() {
    auto purge = store::CallLogPurge::open(call_log);
    ASSERT_TRUE(purge) << purge.error();
    store::PurgeOptions quick;
    quick.between_batches = [] {};
    const Schedule schedule =
        load_schedule({std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json"}).value();
    const auto counts =
        purge->run(test_support::utc("2027-04-15T12:00:00Z"),
                   Retention{std::chrono::days{30}, std::chrono::days{90}, {}}, schedule, quick);
    ASSERT_TRUE(counts) << counts.error();
    // October to December: 18, 21, 24 calls; January's 3rd and 10th: 2 × 9.
    EXPECT_EQ(counts->calls_deleted, 18 + 21 + 24 + 18);
    EXPECT_EQ(counts->months_aggregated, 4);
  }

  void review(const char* key, ReviewDecision decision) {
    auto r = with_store([&](store::ScheduleStore& s) {
      return s.review_deviation({.site = "st-olavs", .key = key, .decision = decision, .note = "x"},
                                {"kari", "192.0.2.7"});
    });
    ASSERT_TRUE(r) << r.error().message;
  }
};

TEST_F(StatisticsOverPurgedMonths, DeviationCandidatesOfBothPeriodsAndWhatBecameOfThem) {
  review("unanswered_while_open:2027-02-03T12:00:00Z-0", ReviewDecision::filed);
  review("unanswered_while_open:2027-02-10T12:00:00Z-0", ReviewDecision::dismissed);
  review("unanswered_while_open:2027-03-20T12:00:00Z-0", ReviewDecision::explained);
  review("unanswered_while_open:2026-01-01T12:00:00Z-0", ReviewDecision::filed);  // not found
  const std::string token = login("ola");
  const json internal = quarter(token);
  EXPECT_EQ(
      internal["deviations"]["unanswered_while_open"],
      json({{"found", 6}, {"filed", 1}, {"dismissed", 1}, {"explained", 1}, {"not_reviewed", 3}}));
  EXPECT_EQ(
      internal["deviations"]["coverage_gap"],
      json({{"found", 0}, {"filed", 0}, {"dismissed", 0}, {"explained", 0}, {"not_reviewed", 0}}));
  EXPECT_EQ(
      internal["previous"]["deviations"]["unanswered_while_open"],
      json({{"found", 0}, {"filed", 0}, {"dismissed", 0}, {"explained", 0}, {"not_reviewed", 0}}));
  const json for_partners = quarter(token, "shared");
  EXPECT_EQ(for_partners["deviations"]["unanswered_while_open"], json({{"found", 6},
                                                                       {"filed", "<5"},
                                                                       {"dismissed", "<5"},
                                                                       {"explained", "<5"},
                                                                       {"not_reviewed", "<5"}}));

  const ApiResponse csv =
      get("/api/v1/sites/st-olavs/statistics", token, {{"quarter", "2027-Q1"}, {"format", "csv"}});
  ASSERT_EQ(csv.status, 200);
  ASSERT_TRUE(csv.text);
  EXPECT_NE(csv.text->find("\r\ndeviations_found,unanswered_while_open,6,0\r\n"), std::string::npos)
      << *csv.text;
  EXPECT_NE(csv.text->find("\r\ndeviations_not_reviewed,unanswered_while_open,<5,0\r\n"),
            std::string::npos);

  const ApiResponse html =
      get("/api/v1/sites/st-olavs/statistics", token, {{"quarter", "2027-Q1"}, {"format", "html"}});
  ASSERT_EQ(html.status, 200);
  ASSERT_TRUE(html.text);
  EXPECT_NE(html.text->find("(unanswered_while_open)</span></td><td>2027-Q1</td>"
                            "<td class=\"n\">6</td><td class=\"n\">&lt;5</td>"
                            "<td class=\"n\">&lt;5</td><td class=\"n\">&lt;5</td>"
                            "<td class=\"n\">&lt;5</td></tr>"),
            std::string::npos)
      << *html.text;
}

TEST_F(StatisticsOverPurgedMonths, AQuarterCountsTheSameAfterItsOldMonthsArePurged) {
  const std::string token = login("ola");
  json before = quarter(token);
  // January 8 answered a day, February 9, March 10; a closed call a day; a given-up call a day
  // from February.
  ASSERT_EQ(before["calls"], (8 + 9 + 10) * 3 + 9 + 6);
  EXPECT_EQ(before["previous"]["calls"], 18 + 21 + 24);
  EXPECT_EQ(before["from_aggregates"], json::array());
  EXPECT_EQ(before["median_wait_s"], 6.0);
  EXPECT_EQ(before["previous"]["median_wait_s"], 4.0);

  purge();
  json after = quarter(token);
  EXPECT_EQ(after["from_aggregates"], json({"2027-01"}));
  EXPECT_EQ(after["previous"]["from_aggregates"], json({"2026-10", "2026-11", "2026-12"}));
  EXPECT_EQ(after["calls"], 96);
  EXPECT_EQ(after["by_municipality"], before["by_municipality"]);
  // A percentile of several months cannot be made from theirs: unknown once one is aggregated.
  EXPECT_TRUE(after["median_wait_s"].is_null());
  EXPECT_TRUE(after["previous"]["p90_wait_s"].is_null());
  // The deviations are found in the records still kept: February and March.
  EXPECT_EQ(after["deviations"]["unanswered_while_open"]["found"], 6);
  // Every count is what it was before the purge.
  for (json* j : {&before, &after}) {
    for (json* period : {j, &(*j)["previous"]}) {
      for (const char* member : {"from_aggregates", "median_wait_s", "p90_wait_s"}) {
        period->erase(member);
      }
    }
  }
  EXPECT_EQ(after, before);

  const ApiResponse html =
      get("/api/v1/sites/st-olavs/statistics", token, {{"quarter", "2027-Q1"}, {"format", "html"}});
  ASSERT_EQ(html.status, 200);
  ASSERT_TRUE(html.text);
  EXPECT_NE(html.text->find("<p class=\"note\">Months of 2026-Q4 counted from the call log's "
                            "monthly aggregates (their records are deleted after their "
                            "retention): 2026-10, 2026-11, 2026-12."),
            std::string::npos)
      << html.text->substr(0, 3000);
}

TEST_F(StatisticsOverPurgedMonths, APeriodCoveringPartOfAnAggregatedMonthIsRefused) {
  purge();
  const std::string token = login("ola");
  const ApiResponse r = get("/api/v1/sites/st-olavs/statistics", token,
                            {{"from", "2027-02-01"}, {"to", "2027-03-10"}});
  ASSERT_EQ(r.status, 400) << r.body.dump();
  EXPECT_EQ(r.body["error"]["message"],
            "the period before (2026-12-25 to 2027-01-31) covers part of 2026-12, whose call "
            "records were deleted after their retention and whose statistics are kept for the "
            "whole month only: ask for whole months");
  // A month counted from its aggregate alone keeps its waits; its records still kept (those of
  // 20 January) are not counted again.
  const ApiResponse january = get("/api/v1/sites/st-olavs/statistics", token,
                                  {{"month", "2027-01"}, {"disclosure", "internal"}});
  ASSERT_EQ(january.status, 200) << january.body.dump();
  EXPECT_EQ(january.body["calls"], 27);
  EXPECT_EQ(january.body["median_wait_s"], 5.0);
  EXPECT_EQ(january.body["from_aggregates"], json({"2027-01"}));
  EXPECT_EQ(january.body["previous"]["calls"], 24);
  EXPECT_EQ(january.body["previous"]["from_aggregates"], json({"2026-12"}));
}

}  // namespace
}  // namespace samtel::fw::admin
