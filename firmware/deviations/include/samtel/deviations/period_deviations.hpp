#pragma once
// samtel/deviations/period_deviations.hpp — a site's deviation candidates (samtel/deviations.hpp)
// for a run of local days, each with the decision a person made on it (deviation_review.hpp): what
// the admin service lists for review. It reads; it decides nothing and files nothing.
//
// Promises:
//  * `find_period_deviations()` reads the call log's records that arrived in the period's local
//    days [first 00:00, day after last 00:00) in the site's zone, on the site's lines, and, before
//    it gives anything, writes the reading to the audit trail as a `call_log_read` with purpose
//    "deviations", the site, the dates and how many records were read. No audit entry, no
//    candidates: a failure to write it is the answer.
//  * Candidates: `find_call_deviations()` over those records with `rules`; `gap_confirmed` for each
//    of the site's changes published in the period with coverage gaps confirmed (the audit entry's
//    `confirmed_gaps`); `unit_not_running` for each span of `down` that overlaps the period and the
//    site's opening hours. In order of start, then category.
//  * Each candidate comes with the calls it concerns as the call log's ids and arrival times (never
//    the caller's number), and with the decision in force on its key, if any.
//  * Errors: a call log that cannot be read gives `call_log` with the reader's message; the
//    store's own failures (the audit entry) give `store` as the store gives them.
//
//   auto found = store.with([&](ScheduleStore& s) {
//     return find_period_deviations({.store = s, .log = *log, .site = site, .period = march,
//                                    .reader = actor, .rules = {}, .down = {}});
//   });
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/deviations.hpp"
#include "samtel/period.hpp"
#include "samtel/schedule.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw {

// A call a candidate concerns: enough to find it in the call log, nothing of the caller.
struct DeviationCall {
  std::int64_t id = 0;  // the call log's id
  Instant arrived{};
  CallOutcome outcome = CallOutcome::failed;
};

struct ReviewedDeviation {
  DeviationCandidate candidate;  // its `calls` index into the period's records, not kept
  std::vector<DeviationCall> calls;
  std::optional<store::DeviationReview> review;
};

struct PeriodDeviations {
  std::vector<ReviewedDeviation> deviations;
  std::size_t calls_read = 0;  // the site's records in the period
};

// What to read, and for whom. (Members are references: the query lives for one call.)
struct DeviationQuery {
  store::ScheduleStore& store;
  const store::CallLogReader& log;
  const Site& site;
  DateRange period;
  store::Actor reader;  // who reads the call log, for the audit trail
  DeviationRules rules;
  std::span<const Span> down;  // spans the unit was not running (samteld's own start and stop)
};

struct DeviationError {
  std::optional<std::string> call_log;  // the call log could not be read: the reader's message
  store::StoreError store{};            // otherwise: the store's failure
};

tl::expected<PeriodDeviations, DeviationError> find_period_deviations(const DeviationQuery& q);

}  // namespace samtel::fw
