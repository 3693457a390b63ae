// Benchmarks of the unit's SQLite store: what the call log's threads spend to commit a record.
//
//  * BM_CallLogAppend  append() of a redirected call's record (two attempts, every instant the
//                      same, as finish_redirect() makes it), then flush(). Arg: records appended
//                      per flush (1: one commit per record; 64: a burst, one commit per batch).
//                      The fsync is a no-op here, so the figure is the CPU the threads spend,
//                      not the disk's flush time; the process's CPU time (writer, syncer and
//                      checkpointer threads included) is reported per record.
//
// For instruction counts of the writer alone:
//   valgrind --tool=callgrind build/bench/samtel_store_bench --benchmark_filter=BM_CallLogAppend/64
//     --benchmark_min_time=0.01
//   callgrind_annotate --inclusive=yes callgrind.out.* | grep write_batch
#include <chrono>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "samtel/store/call_log.hpp"

namespace {

using namespace samtel;
using namespace std::chrono_literals;

CallRecord redirected_call() {
  CallRecord r;
  r.call_id = "a84b4c76e66710@pc33.example";
  r.arrived = Instant{std::chrono::seconds{1795507200}};  // 2026-11-24T08:00:00Z
  r.ended = r.arrived;
  r.line = "73553888";
  r.desk = "medisin";
  r.mode = RoutingMode::redirect;
  r.caller = "********01";
  r.open = true;
  r.day_type = "weekday";
  r.outcome = CallOutcome::redirected;
  r.fallback = "sip:73553000@pbx.example";
  r.reason = "Open (weekday hours 08:00-23:00).";
  r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", r.arrived, r.arrived, 302,
                        AttemptResult::redirected});
  r.attempts.push_back({"backup", "ruud", "sip:4111@pbx.example", r.arrived, r.arrived, 302,
                        AttemptResult::redirected});
  return r;
}

void BM_CallLogAppend(benchmark::State& state) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("samtel-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "calls.db").string();
  fw::CallLog::Options options;
  options.sync_file = [](int) { return 0; };
  {
    auto log = fw::CallLog::open(path, options);
    if (!log) {
      state.SkipWithError(log.error().c_str());
      return;
    }
    const CallRecord record = redirected_call();
    const auto per_flush = state.range(0);
    for (auto _ : state) {
      for (std::int64_t i = 0; i < per_flush; ++i) (*log)->append(record);
      (*log)->flush();
    }
    state.SetItemsProcessed(state.iterations() * per_flush);
    if ((*log)->fault()) state.SkipWithError((*log)->fault()->c_str());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CallLogAppend)->Arg(1)->Arg(64)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
