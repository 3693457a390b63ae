#pragma once
// samtel/sim/call_log_records.hpp — a replay's simulated calls as the records samteld's call log
// keeps, so a month of simulated traffic can be imported into a call log (`samtel call-log
// import`) and read by the reports and the admin service as if the unit had taken the calls.
//
// Promises:
//  * One record a call, in arrival order, as samteld in proxy mode writes it: the plan's reason
//    and day type at arrival, an attempt per person rung (each ringing its role's timeout, the
//    answered one until the answer), `answered` or `escalated-answered` when a person answered,
//    `fallback` (with `coverage_gap` when nobody was on duty) or `closed`; the wait in
//    milliseconds for answered calls, the talk time as the duration.
//  * Every call has a synthetic caller number drawn from its own stream: four in five from the
//    site's caller directory (a number, or a prefix completed with random digits to eight
//    digits), the rest a mobile number outside it. Category and municipality are decided from
//    the directory with `classify_caller()` — as samteld decides them — and the number is kept
//    as the unit's default policy keeps it (the last two digits). Reproducible: the same
//    scenario, seed and period give the same records.
//  * `call_log_lines()` is one `to_json()` line a record, each ended by '\n': the lines samteld
//    journals for a record it could not store.
//
//   const ReplayResult r = replay(scenario, span.from, span.to);
//   write_text_file("calls.jsonl", call_log_lines(r));
#include <string>
#include <vector>

#include "samtel/call_record.hpp"
#include "samtel/sim/replay.hpp"

namespace samtel::sim {

std::vector<CallRecord> call_log_records(const ReplayResult& result);
std::string call_log_lines(const ReplayResult& result);

}  // namespace samtel::sim
