// `samtel admin statistics` against a fake service: the period's query it sends, the body it
// prints or writes, a PDF printed by Chromium from the report, and the usage errors and the
// missing Chromium refused before any request.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "fake_service.hpp"
#include "run_samtel.hpp"
#include "served.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::FakeService;
using test_support::Outcome;
using test_support::samtel;
using Strings = std::vector<std::string>;

constexpr const char* kPath = "/api/v1/sites/st-olavs/statistics";

class StatisticsCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SAMTEL_URL");
    ::unsetenv("SAMTEL_CHROMIUM");
    ::setenv("SAMTEL_TOKEN", "tok3n", 1);
  }
  void TearDown() override { ::unsetenv("SAMTEL_TOKEN"); }
  Outcome run(Strings args) {
    args.insert(args.begin(), {"admin", "--url", fake_.url(), "statistics", "--site", "st-olavs"});
    return samtel(std::move(args));
  }
  FakeService fake_;
  test_support::TempDir dir_;
};

TEST_F(StatisticsCommands, SendsThePeriodAndPrintsTheBody) {
  fake_.answer("GET", kPath, 200, std::string("measure,key,period,previous\r\ncalls,,12,<5\r\n"));
  const Outcome r = run({"--quarter", "2027-Q1", "--format", "csv", "--disclosure", "internal"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            Strings{"GET /api/v1/sites/st-olavs/statistics?quarter=2027-Q1&disclosure=internal"
                    "&format=csv"});
  EXPECT_EQ(r.out, "measure,key,period,previous\r\ncalls,,12,<5\r\n");

  const Outcome json = run({"--from", "2027-03-01", "--to", "2027-03-10"});
  EXPECT_EQ(json.code, kExitOk) << json.err;
  EXPECT_EQ(fake_.requests().back(),
            "GET /api/v1/sites/st-olavs/statistics?from=2027-03-01&to=2027-03-10&format=json");
}

TEST_F(StatisticsCommands, WritesTheReportToAFile) {
  fake_.answer("GET", kPath, 200, std::string("<!DOCTYPE html><h1>St. Olavs</h1>"));
  const std::string file = dir_ / "report.html";
  const Outcome r = run({"--month", "2027-03", "--format", "html", "--output", file});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            Strings{"GET /api/v1/sites/st-olavs/statistics?month=2027-03&format=html"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "wrote " + file + "\n");
  EXPECT_EQ(test_support::read_file(file), "<!DOCTYPE html><h1>St. Olavs</h1>");
}

TEST_F(StatisticsCommands, PrintsTheReportToPdfWithChromium) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed";
  }
  fake_.answer("GET", kPath, 200,
               std::string("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
                           "<h1>Call statistics: St. Olavs hospital</h1></body></html>"));
  const std::string file = dir_ / "report.pdf";
  const Outcome r = run({"--year", "2027", "--format", "pdf", "--output", file});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  // The service is asked for the printable report, which Chromium prints.
  EXPECT_EQ(fake_.requests(),
            Strings{"GET /api/v1/sites/st-olavs/statistics?year=2027&format=html"});
  EXPECT_EQ(test_support::read_file(file).substr(0, 5), "%PDF-");
  EXPECT_EQ(r.err.rfind("wrote " + file + " (", 0), 0u) << r.err;
}

TEST_F(StatisticsCommands, WithoutChromiumAPdfIsRefusedBeforeAnyRequest) {
  const Outcome r = run({"--month", "2027-03", "--format", "pdf", "--output", dir_ / "r.pdf",
                         "--chromium", "/nonexistent/chromium"});
  EXPECT_EQ(r.code, kExitUnavailable);
  EXPECT_EQ(r.err,
            "samtel admin: statistics: --format pdf prints the report with Chromium, and "
            "'/nonexistent/chromium' is not installed (apt-get install chromium); or take "
            "--format html and print it from a browser\n");
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(StatisticsCommands, UsageErrorsSendNothing) {
  struct Case {
    Strings args;
    const char* message;
  };
  const Case cases[] = {
      {{}, "statistics: give --month, --quarter, --year or --from and --to"},
      {{"--month", "2027-03", "--year", "2027"},
       "statistics: give one period only (--month, --quarter, --year or --from/--to)"},
      {{"--month", "2027-13"},
       "statistics: --month: expected a month such as 2027-03, found '2027-13'"},
      {{"--quarter", "Q1"},
       "statistics: --quarter: expected a quarter such as 2027-Q1, found 'Q1'"},
      {{"--from", "2027-03-01"}, "statistics: --from goes with --to"},
      {{"--from", "2027-03-01", "--to", "2027-02-30"},
       "statistics: --to: no such date '2027-02-30'"},
      {{"--month", "2027-03", "--format", "xlsx"},
       "statistics: --format: expected json, csv, html or pdf, found 'xlsx'"},
      {{"--month", "2027-03", "--disclosure", "all"},
       "statistics: --disclosure: expected shared or internal, found 'all'"},
      {{"--month", "2027-03", "--format", "pdf"}, "statistics: --format pdf needs --output FILE"},
  };
  for (const Case& c : cases) {
    const Outcome r = run(c.args);
    EXPECT_EQ(r.code, kExitUsage) << c.message;
    EXPECT_EQ(r.err, std::string("samtel admin: ") + c.message + "\n");
  }
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(StatisticsCommands, ARefusalIsTheServicesMessage) {
  fake_.answer("GET", kPath, 404,
               std::string(R"({"error":{"status":404,"message":"no site 'st-olavs'"}})"));
  const Outcome r = run({"--month", "2027-03"});
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err, "samtel admin: 404 Not Found: no site 'st-olavs'\n");
}

}  // namespace
}  // namespace samtel::fw::admin
