// Golden files: small, fixed runs whose whole output is kept under tests/sim/golden/. A change in
// any of them is a visible change of behaviour. After an intended change, regenerate with
//   SAMTEL_UPDATE_GOLDEN=1 ctest --preset default -R Golden
// and review the diff.
#include <cstdlib>

#include "samtel/diff.hpp"
#include "samtel/sim/coverage_review.hpp"
#include "samtel/sim/heatmap.hpp"
#include "samtel/sim/render.hpp"
#include "samtel/sim/replay.hpp"
#include "samtel/sim/report.hpp"
#include "samtel/sim/sweep.hpp"
#include "test_support.hpp"

namespace samtel::sim {
namespace {

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = test::source_path("tests/sim/golden/" + name);
  if (std::getenv("SAMTEL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = test::read_file(path);
  if (expected == actual) return;
  const std::string copy = test::work_dir() + "/" + name + ".actual";
  std::ofstream(copy, std::ios::binary) << actual;
  std::istringstream e(expected), a(actual);
  std::string le, la;
  int line = 1;
  while (true) {
    const bool more_e = static_cast<bool>(std::getline(e, le));
    const bool more_a = static_cast<bool>(std::getline(a, la));
    if (!more_e && !more_a) break;
    if (le != la || more_e != more_a) {
      ADD_FAILURE() << name << " differs from its golden file at line " << line
                    << "\n  golden: " << le << "\n  actual: " << la << "\nwhole output: " << copy;
      return;
    }
    ++line;
  }
  ADD_FAILURE() << name << " differs from its golden file (line endings?); whole output: " << copy;
}

// Loaded under its name relative to the source tree, so golden files do not depend on where the
// tree is checked out.
Scenario bundled(const char* name) {
  const std::string relative = std::string("sim/scenarios/") + name;
  return parse_scenario(test::read_file(test::source_path(relative)), relative, test::st_olavs())
      .value();
}

TEST(Golden, SweepAcrossTheSpringClockChangeAsCsv) {
  const auto desks = select_desks(test::st_olavs(), "73553888", "medisin").value();
  const Span span = test::days("2026-03-27", "2026-03-30");
  expect_golden("sweep-spring.csv", sweep_output(sweep(desks, span.from, span.to), Format::csv));
}

TEST(Golden, SweepOverChristmasAsATable) {
  const auto desks = select_desks(test::st_olavs(), "", "").value();
  const Span span = test::days("2026-12-23", "2026-12-27");
  expect_golden("sweep-christmas.txt",
                sweep_output(sweep(desks, span.from, span.to), Format::table));
}

TEST(Golden, SweepAsJson) {
  const auto desks = select_desks(test::small_site(), "", "").value();
  const Span span = test::days("2027-01-15", "2027-01-15");
  expect_golden("sweep-small.json", sweep_output(sweep(desks, span.from, span.to), Format::json));
}

TEST(Golden, RegressionCalls) {
  const Scenario s = bundled("regression-calls.json");
  const Span span = test::days("2026-03-29", "2026-12-25");
  const ReplayResult r = replay(s, span.from, span.to);
  expect_golden("replay-regression-calls.txt", calls_output(r, Format::table));
  expect_golden("replay-regression-summary.txt", summary_output(r, summarise(r), Format::table));
  expect_golden("replay-regression-summary.json", summary_output(r, summarise(r), Format::json));
}

TEST(Golden, StOlavsScenarioOneWeek) {
  const Scenario s = bundled("st-olavs.json");
  const Span span = test::days("2026-12-21", "2026-12-27");
  const ReplayResult r = replay(s, span.from, span.to);
  expect_golden("replay-st-olavs-week.csv", summary_output(r, summarise(r), Format::csv));
}

TEST(Golden, CoverageReports) {
  const Span small = test::days("2027-01-11", "2027-01-29");
  expect_golden("coverage-small.txt", coverage_output(review_coverage(test::small_site().sites()[0],
                                                                      small.from, small.to),
                                                      Format::table));
  const Span newyear = test::days("2027-12-27", "2028-01-09");
  expect_golden(
      "coverage-new-year.json",
      coverage_output(review_coverage(test::st_olavs().sites()[0], newyear.from, newyear.to),
                      Format::json));
}

TEST(Golden, DiffAgainstTheProposal) {
  const ConfigDiff d = diff_schedules(test::st_olavs(), test::st_olavs_proposed(),
                                      DateRange{test::day("2026-12-28"), test::day("2027-01-24")});
  expect_golden("diff-proposed.txt",
                diff_output(d, "docs/examples/st-olavs.json",
                            "docs/examples/st-olavs-proposed.json", Format::table));
  expect_golden("diff-proposed.csv", diff_output(d, "a.json", "b.json", Format::csv));
}

TEST(Golden, HeatmapOfTheSpringWeek) {
  const Site& site = test::st_olavs().sites()[0];
  expect_golden("heatmap-spring.svg",
                heatmap_svg(site, site.lines[0], site.lines[0].desks[0],
                            DateRange{test::day("2026-03-23"), test::day("2026-03-29")}));
}

TEST(Golden, SmallHtmlReport) {
  const Schedule& schedule = test::st_olavs();
  const Scenario s = bundled("st-olavs.json");
  const DateRange range{test::day("2026-12-21"), test::day("2026-12-27")};
  const Span span = to_span(test::oslo(), range);
  const ReplayResult r = replay(s, span.from, span.to);
  const TrafficSummary sum = summarise(r);
  const auto desks = select_desks(schedule, "73553888", "medisin").value();
  const CoverageReview cov = review_coverage(schedule.sites()[0], span.from, span.to);
  const auto rows = sweep(desks, span.from, span.to);
  ReportInput in;
  in.configuration = "docs/examples/st-olavs.json";
  in.line = desks.front();
  in.desks = desks;
  in.range = range;
  in.coverage = &cov;
  in.sweep = &rows;
  in.replay = &r;
  in.summary = &sum;
  expect_golden("report-christmas-week.html", html_report(in));
}

}  // namespace
}  // namespace samtel::sim
