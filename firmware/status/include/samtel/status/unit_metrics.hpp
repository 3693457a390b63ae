#pragma once
// samtel/status/unit_metrics.hpp — what samteld counts for the admin service's `GET /metrics`, and
// the text it writes to `STATE_DIR/metrics.txt` (Prometheus' text format, version 0.0.4), which
// the admin service serves (docs/operations.md, "Metrics").
//
// Promises:
//  * `CallTally::add()` counts each call record once, by line, desk and outcome, and puts its
//    `wait_ms` (arrival to answer; proxy mode only) into the histogram's buckets
//    (`kWaitBucketsMs`, each bucket counting the waits up to and including its bound). Counts
//    only grow, from 0 at samteld's start.
//  * `format_unit_metrics()` is a pure function of its argument. Every family has its HELP and
//    TYPE lines, also when it has no sample; samples come in a stable order (calls by line, desk,
//    outcome; faults in `kAllFaults` order; sites as given); label values are escaped (`\\`,
//    `\"`, `\n`); the histogram's buckets are cumulative and end with `le="+Inf"` equal to its
//    `_count`; seconds are written with three decimals. The text ends with a newline.
//
//   CallTally tally;
//   tally.add(record);
//   write_file_atomically(dir + "/metrics.txt",
//                         format_unit_metrics({.calls = tally, .faults = {Fault::clock}}));
#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "samtel/call_record.hpp"
#include "samtel/status/unit_status.hpp"

namespace samtel::fw {

inline constexpr std::array<std::int64_t, 8> kWaitBucketsMs{500,   1000,  2000,  5000,
                                                            10000, 20000, 30000, 60000};

struct CallKey {
  std::string line, desk;
  CallOutcome outcome = CallOutcome::failed;
  bool operator<(const CallKey& o) const {
    return std::tie(line, desk, outcome) < std::tie(o.line, o.desk, o.outcome);
  }
  bool operator==(const CallKey& o) const = default;
};

class CallTally {
 public:
  void add(const CallRecord& record);
  const std::map<CallKey, std::uint64_t>& calls() const { return calls_; }
  // Waits up to and including each bound of kWaitBucketsMs (not yet cumulative).
  const std::array<std::uint64_t, kWaitBucketsMs.size()>& wait_buckets() const { return buckets_; }
  std::uint64_t waits() const { return waits_; }
  std::int64_t wait_ms_sum() const { return wait_ms_sum_; }

 private:
  std::map<CallKey, std::uint64_t> calls_;
  std::array<std::uint64_t, kWaitBucketsMs.size()> buckets_{};
  std::uint64_t waits_ = 0;
  std::int64_t wait_ms_sum_ = 0;
};

struct UnitMetrics {
  const CallTally& calls;
  std::vector<Fault> faults;           // raised now
  std::uint64_t call_log_backlog = 0;  // records waiting for their commit
  // The published version in force per site (routing by the store); empty with --config only.
  std::vector<std::pair<std::string, std::int64_t>> schedule_versions;
};

std::string format_unit_metrics(const UnitMetrics& metrics);

}  // namespace samtel::fw
