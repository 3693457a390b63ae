// The simulator's speed targets: a year of St. Olavs swept minute by minute in under a second,
// and a year of call traffic (about 100 calls a day) replayed in under a second.
#include <cstdlib>
#include <iostream>
#include <map>

#include <benchmark/benchmark.h>

#include "samtel/config.hpp"
#include "samtel/diff.hpp"
#include "samtel/sim/coverage_review.hpp"
#include "samtel/sim/replay.hpp"
#include "samtel/sim/sweep.hpp"

namespace {

using namespace samtel;
using namespace samtel::sim;

const Schedule& load(const char* relative) {
  static std::map<std::string, Schedule> cache;
  auto it = cache.find(relative);
  if (it == cache.end()) {
    auto s = load_schedule({std::string(SAMTEL_SOURCE_DIR) + "/" + relative});
    if (!s) {
      std::cerr << s.error().front().to_string() << "\n";
      std::exit(2);
    }
    it = cache.emplace(relative, std::move(*s)).first;
  }
  return it->second;
}

const Schedule& st_olavs() { return load("docs/examples/st-olavs.json"); }

// 2027: a whole year inside the bundled roster, with both clock changes.
DateRange year() {
  return DateRange{LocalDays{date::year{2027} / 1 / 1}, LocalDays{date::year{2027} / 12 / 31}};
}

Span year_span() { return to_span(*st_olavs().first_line().line->zone, year()); }

// Every line and desk, merged intervals, built on timeline(): what `samtel-sim sweep` does.
void BM_SweepYear(benchmark::State& state) {
  const auto desks = select_desks(st_olavs(), "", "").value();
  const Span span = year_span();
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto r = sweep(desks, span.from, span.to);
    rows = r.size();
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["desks"] = static_cast<double>(desks.size());
}
BENCHMARK(BM_SweepYear)->Unit(benchmark::kMillisecond);

// The same, by brute force: route() at every minute of the year for every desk (2.6 million
// routing decisions for St. Olavs' five desks), merged into the same rows.
void BM_SweepYearMinuteByMinute(benchmark::State& state) {
  const auto desks = select_desks(st_olavs(), "", "").value();
  const Span span = year_span();
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    for (const DeskRef& d : desks) {
      const auto r = sweep_desk_by_minute(*d.site, *d.line, *d.desk, span.from, span.to);
      rows += r.size();
      benchmark::DoNotOptimize(r.data());
    }
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["decisions"] = static_cast<double>(desks.size()) *
                                (static_cast<double>((span.to - span.from).count()) / 60.0);
}
BENCHMARK(BM_SweepYearMinuteByMinute)->Unit(benchmark::kMillisecond);

// A year of the bundled scenario: generation of the arrivals, replay on the virtual clock and the
// summary per day type and hour.
void BM_ReplayYear(benchmark::State& state) {
  auto scenario = load_scenario_file(
      std::string(SAMTEL_SOURCE_DIR) + "/sim/scenarios/st-olavs.json", st_olavs());
  if (!scenario) {
    state.SkipWithError("cannot load sim/scenarios/st-olavs.json");
    return;
  }
  const Span span = year_span();
  std::size_t calls = 0;
  for (auto _ : state) {
    const ReplayResult r = replay(*scenario, span.from, span.to);
    const TrafficSummary s = summarise(r);
    calls = r.calls.size();
    benchmark::DoNotOptimize(s.total.answered);
  }
  state.counters["calls"] = static_cast<double>(calls);
  state.counters["calls_per_day"] = static_cast<double>(calls) / static_cast<double>(year().days());
}
BENCHMARK(BM_ReplayYear)->Unit(benchmark::kMillisecond);

void BM_GenerateCallsYear(benchmark::State& state) {
  auto scenario = load_scenario_file(
      std::string(SAMTEL_SOURCE_DIR) + "/sim/scenarios/st-olavs.json", st_olavs());
  if (!scenario) {
    state.SkipWithError("cannot load sim/scenarios/st-olavs.json");
    return;
  }
  const Span span = year_span();
  for (auto _ : state) {
    const auto calls = generate_calls(*scenario, span.from, span.to);
    benchmark::DoNotOptimize(calls.data());
  }
}
BENCHMARK(BM_GenerateCallsYear)->Unit(benchmark::kMillisecond);

void BM_CoverageYear(benchmark::State& state) {
  const Site& site = st_olavs().sites()[0];
  const Span span = year_span();
  for (auto _ : state) {
    const CoverageReview r = review_coverage(site, span.from, span.to);
    benchmark::DoNotOptimize(r.days.data());
  }
}
BENCHMARK(BM_CoverageYear)->Unit(benchmark::kMillisecond);

void BM_DiffYear(benchmark::State& state) {
  const Schedule& proposed = load("docs/examples/st-olavs-proposed.json");
  std::size_t intervals = 0;
  for (auto _ : state) {
    const ConfigDiff d = diff_schedules(st_olavs(), proposed, year());
    intervals = d.intervals.size();
    benchmark::DoNotOptimize(d.groups.data());
  }
  state.counters["intervals"] = static_cast<double>(intervals);
}
BENCHMARK(BM_DiffYear)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
