#pragma once
// samtel/deviation_counts.hpp — the call deviation candidates of a period counted by category,
// and what became of them: how many a person has filed, dismissed or explained
// (samtel/review_decision.hpp), and how many are not yet reviewed. The statistics for the
// partners carry these rows (samtel/call_statistics.hpp) and the printable report shows them.
//
// Promises:
//  * `count_deviations()` gives one row a category `find_call_deviations()` gives (all of them,
//    zeros included), in the order of `DeviationCategory`, with how many candidates were found.
//  * Given the decisions in force by candidate key (DeviationCandidate::key), each row also
//    counts its candidates by decision (every decision, zeros included); a decision on a key
//    that is not among the candidates counts nowhere. Without them, the decisions are unknown
//    (`decided` unset), which the outputs say ("not recorded", null, an empty CSV cell).
//  * found = filed + dismissed + explained + not reviewed, whenever the decisions are known.
//  * Pure: no clock, no I/O.
//
//   const auto rows = count_deviations(find_call_deviations(records, zone, {}),
//                                      {{"coverage_gap:a84b4c76e66710", ReviewDecision::filed}});
//   rows[1].decided_as(ReviewDecision::filed);  // 1
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "samtel/deviations.hpp"
#include "samtel/review_decision.hpp"

namespace samtel {

// The decision in force on each reviewed candidate, by the candidate's key.
using DecisionsByKey = std::map<std::string, ReviewDecision, std::less<>>;

struct DeviationRow {
  DeviationCategory category = DeviationCategory::unanswered_while_open;
  std::size_t candidates = 0;  // found
  // The candidates by a person's decision, where the caller knows them; unset: "not recorded".
  std::optional<std::map<ReviewDecision, std::size_t>> decided;

  // How many were decided as `d`, where known.
  std::optional<std::size_t> decided_as(ReviewDecision d) const;
  // Filed, dismissed or explained, where known.
  std::optional<std::size_t> reviewed() const;
  // Found and not yet decided, where known.
  std::optional<std::size_t> not_reviewed() const;
};

// The categories `find_call_deviations()` gives, in enum order.
inline constexpr DeviationCategory kCallDeviationCategories[] = {
    DeviationCategory::unanswered_while_open, DeviationCategory::coverage_gap,
    DeviationCategory::long_wait, DeviationCategory::repeat_caller,
    DeviationCategory::refused_while_failing};

std::vector<DeviationRow> count_deviations(std::span<const DeviationCandidate> candidates);
std::vector<DeviationRow> count_deviations(std::span<const DeviationCandidate> candidates,
                                           const DecisionsByKey& decisions);

}  // namespace samtel
