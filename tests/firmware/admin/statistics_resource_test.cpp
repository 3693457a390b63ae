// GET /api/v1/sites/{site}/statistics over a real call log: a month and the month before, read
// page by page (more calls than one page holds), other sites' lines left out, "<5" when shared,
// CSV, the reading audited, and the refusals.
#include <gtest/gtest.h>

#include "samtel/store/call_log.hpp"
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
  EXPECT_NE(page.find("(unanswered_while_open)</span></td><td class=\"n\">0</td>"
                      "<td class=\"n\">0</td>"),
            std::string::npos);
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

}  // namespace
}  // namespace samtel::fw::admin
