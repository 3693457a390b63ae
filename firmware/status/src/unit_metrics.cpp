#include "samtel/status/unit_metrics.hpp"

#include <algorithm>
#include <string_view>

namespace samtel::fw {
namespace {

std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Milliseconds as seconds with three decimals: 12345 -> "12.345".
std::string seconds(std::int64_t ms) {
  std::string frac = std::to_string(ms % 1000);
  return std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

void CallTally::add(const CallRecord& record) {
  ++calls_[CallKey{record.line, record.desk, record.outcome}];
  if (!record.wait_ms || *record.wait_ms < 0) return;
  const std::int64_t wait = *record.wait_ms;
  for (std::size_t i = 0; i < kWaitBucketsMs.size(); ++i) {
    if (wait <= kWaitBucketsMs[i]) {
      ++buckets_[i];
      break;
    }
  }
  ++waits_;
  wait_ms_sum_ += wait;
}

std::string format_unit_metrics(const UnitMetrics& m) {
  std::string out;
  family(out, "samtel_calls_total", "counter",
         "Calls taken since samteld started, by line, desk and outcome.");
  for (const auto& [key, count] : m.calls.calls()) {
    out += "samtel_calls_total{line=\"" + label(key.line) + "\",desk=\"" + label(key.desk) +
           "\",outcome=\"" + std::string(to_string(key.outcome)) + "\"} " + std::to_string(count) +
           "\n";
  }
  family(out, "samtel_call_answer_wait_seconds", "histogram",
         "From a call's arrival to its answer (proxy mode), since samteld started.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kWaitBucketsMs.size(); ++i) {
    cumulative += m.calls.wait_buckets()[i];
    out += "samtel_call_answer_wait_seconds_bucket{le=\"" + seconds(kWaitBucketsMs[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "samtel_call_answer_wait_seconds_bucket{le=\"+Inf\"} " + std::to_string(m.calls.waits()) +
         "\n";
  out += "samtel_call_answer_wait_seconds_sum " + seconds(m.calls.wait_ms_sum()) + "\n";
  out += "samtel_call_answer_wait_seconds_count " + std::to_string(m.calls.waits()) + "\n";
  family(out, "samtel_fault", "gauge", "Whether samteld has the fault now (1) or not (0).");
  for (Fault f : kAllFaults) {
    const bool raised = std::find(m.faults.begin(), m.faults.end(), f) != m.faults.end();
    out +=
        "samtel_fault{kind=\"" + std::string(to_string(f)) + "\"} " + (raised ? "1" : "0") + "\n";
  }
  family(out, "samtel_call_log_backlog", "gauge",
         "Call records waiting for their commit to the call log.");
  out += "samtel_call_log_backlog " + std::to_string(m.call_log_backlog) + "\n";
  family(out, "samtel_schedule_version", "gauge",
         "The published schedule version samteld routes by, per site.");
  for (const auto& [site, version] : m.schedule_versions) {
    out +=
        "samtel_schedule_version{site=\"" + label(site) + "\"} " + std::to_string(version) + "\n";
  }
  return out;
}

}  // namespace samtel::fw
