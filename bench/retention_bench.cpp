// The call log's retention purge against samteld's writer: a year of due records (40,000 calls
// with two attempts each, six to seven years old) purged while the call log appends records at a
// steady rate, and the append-to-commit latency of those records with and without the purge
// running. Figures: docs/performance.md, "Retention purge".
//
//   build/bench/samtel_retention_bench [DIR] [RATE_PER_SECOND] [BASELINE_SECONDS] [BATCH_ROWS]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "samtel/config.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/call_log_purge.hpp"

namespace {

using namespace std::chrono;
using samtel::CallRecord;
using samtel::Instant;

CallRecord record(Instant arrived, int i) {
  CallRecord r;
  r.call_id = "bench-" + std::to_string(i) + "@pbx.example";
  r.arrived = arrived;
  r.answered = arrived + seconds{9};
  r.ended = arrived + seconds{200};
  r.line = "73553888";
  r.desk = "kirurgi";
  r.mode = samtel::RoutingMode::proxy;
  r.caller = "********" + std::to_string(10 + i % 90);
  r.open = true;
  r.day_type = "weekday";
  r.outcome = samtel::CallOutcome::escalated_answered;
  r.answered_role = "backup";
  r.answered_person = "ruud";
  r.wait_ms = 9000;
  r.duration_s = 191;
  r.reason = "Open (weekday hours 08:00-23:00).";
  r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", arrived, arrived + seconds{5},
                        0, samtel::AttemptResult::no_answer});
  r.attempts.push_back({"backup", "ruud", "sip:4111@pbx.example", arrived + seconds{5},
                        arrived + seconds{9}, 200, samtel::AttemptResult::answered});
  return r;
}

struct Latencies {
  std::mutex mutex;  // guards us
  std::vector<double> us;
};

// Appends `rate` records a second until `stop`, each one's append-to-commit time into `out`.
void append_steadily(samtel::fw::CallLog& log, double rate, const std::atomic<bool>& stop,
                     Latencies& out, int& next_id) {
  const auto step = duration_cast<steady_clock::duration>(duration<double>(1.0 / rate));
  auto at = steady_clock::now();
  while (!stop.load()) {
    const auto t0 = steady_clock::now();
    log.append(record(samtel::SystemClock{}.now(), next_id++), [t0, &out](bool ok) {
      if (!ok) return;
      const double us = duration<double, std::micro>(steady_clock::now() - t0).count();
      const std::lock_guard lock(out.mutex);
      out.us.push_back(us);
    });
    at += step;
    std::this_thread::sleep_until(at);
  }
  log.flush();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

void report(const char* what, Latencies& l) {
  const std::lock_guard lock(l.mutex);
  std::printf("%-26s records %6zu  p50 %8.0f us  p99 %8.0f us  max %8.0f us\n", what, l.us.size(),
              percentile(l.us, 0.50), percentile(l.us, 0.99), percentile(l.us, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir =
      argc > 1 ? std::filesystem::path(argv[1])
               : std::filesystem::temp_directory_path() / "samtel-retention-bench";
  const double rate = argc > 2 ? std::stod(argv[2]) : 200;
  const int baseline_seconds = argc > 3 ? std::stoi(argv[3]) : 5;
  samtel::fw::store::PurgeOptions purge_options;
  if (argc > 4) purge_options.batch_rows = std::stoi(argv[4]);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "calls.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  auto schedule =
      samtel::load_schedule({std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json"});
  if (!schedule) {
    std::fprintf(stderr, "cannot load the example site\n");
    return 2;
  }
  samtel::fw::CallLog::Options options;
  auto log = samtel::fw::CallLog::open(path, options);
  if (!log) {
    std::fprintf(stderr, "%s\n", log.error().c_str());
    return 2;
  }
  // A year of calls, six to seven years ago: 40,000, about one every 13 minutes.
  const Instant now = samtel::SystemClock{}.now();
  const Instant start = now - days{7 * 365};
  constexpr int kDue = 40000;
  int next_id = 0;
  for (int i = 0; i < kDue; ++i) (*log)->append(record(start + seconds{i * 788}, next_id++));
  (*log)->flush();
  std::printf(
      "call log %s: %d due calls with 2 attempts each, appends at %.0f/s (crash "
      "durability: append to commit)\n",
      path.c_str(), kDue, rate);

  Latencies without;
  {
    std::atomic<bool> stop{false};
    std::thread appender([&] { append_steadily(**log, rate, stop, without, next_id); });
    std::this_thread::sleep_for(seconds{baseline_seconds});
    stop = true;
    appender.join();
  }
  report("without the purge", without);

  Latencies with;
  double purge_seconds = 0;
  samtel::fw::store::PurgeCounts counts;
  {
    std::atomic<bool> stop{false};
    std::thread appender([&] { append_steadily(**log, rate, stop, with, next_id); });
    std::this_thread::sleep_for(milliseconds{500});
    auto purge = samtel::fw::store::CallLogPurge::open(path);
    if (!purge) {
      std::fprintf(stderr, "%s\n", purge.error().c_str());
      return 2;
    }
    const auto t0 = steady_clock::now();
    auto ran =
        purge->run(samtel::SystemClock{}.now(), samtel::fw::Retention{}, *schedule, purge_options);
    purge_seconds = duration<double>(steady_clock::now() - t0).count();
    std::this_thread::sleep_for(milliseconds{500});
    stop = true;
    appender.join();
    if (!ran) {
      std::fprintf(stderr, "%s\n", ran.error().c_str());
      return 2;
    }
    counts = *ran;
  }
  report("while the purge runs", with);
  std::printf(
      "purge (batches of %d): %.2f s; %lld numbers blanked, %lld calls and %lld attempts deleted, "
      "%lld "
      "months aggregated\n",
      purge_options.batch_rows, purge_seconds, static_cast<long long>(counts.numbers_blanked),
      static_cast<long long>(counts.calls_deleted), static_cast<long long>(counts.attempts_deleted),
      static_cast<long long>(counts.months_aggregated));
  (*log)->close();
  return 0;
}
