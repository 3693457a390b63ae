#pragma once
// samtel/sim/render.hpp — the simulator's results as text for people (tables), CSV and JSON.
//
// Promises:
//  * Output depends only on the results passed in (no clock, no environment), so it can be kept
//    as golden files.
//  * Tables and CSV are the core's (samtel/output.hpp): tables pad columns by characters, not
//    bytes (names are UTF-8: "Øre-nese-hals"); CSV follows RFC 4180 and has a header row.
//  * JSON is one document; instants are RFC 3339 in the line's zone plus UTC; durations are
//    whole seconds. A routing plan is the core's `plan_json()` with its `state` in front.
//
//   std::cout << sweep_output(rows, Format::csv);
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/diff.hpp"
#include "samtel/sim/coverage_review.hpp"
#include "samtel/sim/replay.hpp"
#include "samtel/sim/sweep.hpp"

namespace samtel::sim {

enum class Format { table, csv, json };
std::optional<Format> format_from_string(std::string_view s);

std::string sweep_output(const std::vector<SweepRow>& rows, Format format);

// The traffic summary: key figures, by day type, by day type and hour, who answered.
std::string summary_output(const ReplayResult& result, const TrafficSummary& summary,
                           Format format);
// One row per call.
std::string calls_output(const ReplayResult& result, Format format);

std::string coverage_output(const CoverageReview& review, Format format);

std::string diff_output(const ConfigDiff& diff, const std::string& before_name,
                        const std::string& after_name, Format format);

// "94.5 %" / "-" for nothing to divide by.
std::string percent(std::size_t part, std::size_t whole);

}  // namespace samtel::sim
