#pragma once
// samtel/deviations.hpp — deviation candidates (samhandlingsavvik): what the call log and the
// schedule show the line did not keep of its promise, for a person to review and, if so, file in
// the hospital's deviation system. Nothing here files anything.
//
// Promises:
//  * `find_call_deviations()` reads the records (in any order) and gives a candidate for:
//      - `unanswered_while_open`: a call while open that reached nobody: sent to the fallback
//        when nobody answered (`fallback` without a gap), or the caller gave up (high);
//      - `coverage_gap`: a call while open with nobody on duty (`gap`, or a record marked with a
//        coverage gap), sent to the fallback (high);
//      - `long_wait`: a call answered after more than `rules.long_wait` (medium);
//      - `repeat_caller`: the same caller (the number as the unit keeps it, not empty) again
//        within `rules.repeat_within` after a call while open that reached nobody (medium);
//      - `refused_while_failing`: a call the unit could not route (`failed`) or routed with its
//        clock in doubt (high).
//    Calls of one category whose arrivals follow each other within `rules.group_within` make one
//    candidate (an outage is one deviation, not a hundred), except `repeat_caller`, one a pair.
//  * `find_downtime_deviations()` gives `unit_not_running` (high) for each span the unit was not
//    running that overlaps a desk's opening hours, with the open time lost.
//  * `find_gap_confirmed_deviations()` gives `gap_confirmed` (medium) for each change published
//    with coverage gaps its author confirmed (from the audit trail), at the time it was
//    published, keyed by the audit entry ("gap_confirmed:<seq>").
//  * Each candidate names the calls (indices into the records given) or the span it concerns, a
//    plain-language description with local times in the zone, and a `key` that stays the same
//    whenever the log is read again from before the candidate's first call
//    ("coverage_gap:<first call's Call-ID>"), so a store of candidates can tell a new one from
//    one it has.
//  * Candidates come in order of start, then category. Pure: no clock, no I/O.
//
//   for (const DeviationCandidate& d : find_call_deviations(records, zone, {}))
//     std::cout << to_string(d.category) << ": " << d.description << '\n';
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/call_record.hpp"
#include "samtel/period.hpp"
#include "samtel/schedule.hpp"
#include "samtel/zone.hpp"

namespace samtel {

enum class DeviationCategory {
  unanswered_while_open,
  coverage_gap,
  long_wait,
  repeat_caller,
  refused_while_failing,
  unit_not_running,
  gap_confirmed,  // a change published with a coverage gap confirmed (from the audit trail)
};

enum class Severity { low, medium, high };

std::string_view to_string(DeviationCategory c);
std::optional<DeviationCategory> deviation_category_from_string(std::string_view s);
std::string_view to_string(Severity s);
std::optional<Severity> severity_from_string(std::string_view s);

struct DeviationRules {
  std::chrono::seconds long_wait{60};
  std::chrono::minutes repeat_within{30};
  std::chrono::minutes group_within{15};
};

struct DeviationCandidate {
  DeviationCategory category = DeviationCategory::unanswered_while_open;
  Severity severity = Severity::high;
  Instant start, end;              // the span it concerns: first to last arrival, or the downtime
  std::vector<std::size_t> calls;  // indices into the records given; empty for a span
  std::string description;
  std::string key;
};

std::vector<DeviationCandidate> find_call_deviations(std::span<const CallRecord> records,
                                                     const Zone& zone, const DeviationRules& rules);

// A change published with coverage gaps its author confirmed, as the audit trail records it.
struct GapConfirmation {
  Instant at{};
  std::string author;
  std::int64_t entry = 0;  // the audit entry's seq
  std::string effect;      // what the change does to calls, as previewed
};

std::vector<DeviationCandidate> find_gap_confirmed_deviations(
    std::span<const GapConfirmation> confirmations, const Zone& zone);

// `down`: spans in which the unit was not running (from its own start and stop records).
std::vector<DeviationCandidate> find_downtime_deviations(const Site& site,
                                                         std::span<const Span> down);

}  // namespace samtel
