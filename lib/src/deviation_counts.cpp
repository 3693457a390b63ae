#include "samtel/deviation_counts.hpp"

#include <algorithm>

namespace samtel {

std::optional<std::size_t> DeviationRow::decided_as(ReviewDecision d) const {
  if (!decided) return std::nullopt;
  const auto it = decided->find(d);
  return it == decided->end() ? 0 : it->second;
}

std::optional<std::size_t> DeviationRow::reviewed() const {
  if (!decided) return std::nullopt;
  std::size_t n = 0;
  for (const auto& [d, count] : *decided) n += count;
  return n;
}

std::optional<std::size_t> DeviationRow::not_reviewed() const {
  const auto done = reviewed();
  if (!done) return std::nullopt;
  return candidates - std::min(candidates, *done);
}

std::vector<DeviationRow> count_deviations(std::span<const DeviationCandidate> candidates) {
  std::vector<DeviationRow> rows;
  for (const DeviationCategory c : kCallDeviationCategories) rows.push_back({c, 0, std::nullopt});
  for (const DeviationCandidate& d : candidates) {
    for (DeviationRow& row : rows) {
      if (row.category == d.category) ++row.candidates;
    }
  }
  return rows;
}

std::vector<DeviationRow> count_deviations(std::span<const DeviationCandidate> candidates,
                                           const DecisionsByKey& decisions) {
  std::vector<DeviationRow> rows = count_deviations(candidates);
  for (DeviationRow& row : rows) {
    row.decided.emplace();
    for (const ReviewDecision d : kReviewDecisions) (*row.decided)[d] = 0;
  }
  for (const DeviationCandidate& c : candidates) {
    const auto it = decisions.find(c.key);
    if (it == decisions.end()) continue;
    for (DeviationRow& row : rows) {
      if (row.category == c.category) ++(*row.decided)[it->second];
    }
  }
  return rows;
}

}  // namespace samtel
