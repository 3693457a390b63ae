// Deviation candidates counted by category and by the decisions made on them: every call
// category in order with zeros, decisions matched by key, decisions on other keys counted
// nowhere, and "unknown" when no decisions are given.
#include "samtel/deviation_counts.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

DeviationCandidate candidate(DeviationCategory c, const char* key) {
  DeviationCandidate d;
  d.category = c;
  d.key = key;
  return d;
}

const std::vector<DeviationCandidate> kFound{
    candidate(DeviationCategory::coverage_gap, "coverage_gap:a"),
    candidate(DeviationCategory::coverage_gap, "coverage_gap:b"),
    candidate(DeviationCategory::coverage_gap, "coverage_gap:c"),
    candidate(DeviationCategory::long_wait, "long_wait:d"),
    candidate(DeviationCategory::unit_not_running, "unit_not_running:e"),  // not a call category
};

TEST(DeviationCounts, EveryCallCategoryInOrderWithZeros) {
  const std::vector<DeviationRow> rows = count_deviations(kFound);
  ASSERT_EQ(rows.size(), 5u);
  const DeviationCategory order[] = {DeviationCategory::unanswered_while_open,
                                     DeviationCategory::coverage_gap, DeviationCategory::long_wait,
                                     DeviationCategory::repeat_caller,
                                     DeviationCategory::refused_while_failing};
  const std::size_t found[] = {0, 3, 1, 0, 0};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].category, order[i]);
    EXPECT_EQ(rows[i].candidates, found[i]);
    // No decisions given: what became of them is not known.
    EXPECT_FALSE(rows[i].decided);
    EXPECT_EQ(rows[i].decided_as(ReviewDecision::filed), std::nullopt);
    EXPECT_EQ(rows[i].not_reviewed(), std::nullopt);
  }
}

TEST(DeviationCounts, WhatBecameOfThemByKey) {
  const DecisionsByKey decisions{{"coverage_gap:a", ReviewDecision::filed},
                                 {"coverage_gap:b", ReviewDecision::dismissed},
                                 {"long_wait:d", ReviewDecision::explained},
                                 {"coverage_gap:deleted", ReviewDecision::filed}};
  const std::vector<DeviationRow> rows = count_deviations(kFound, decisions);
  ASSERT_EQ(rows.size(), 5u);
  struct Case {
    std::size_t row, found, filed, dismissed, explained, not_reviewed;
  };
  const Case cases[] = {
      {0, 0, 0, 0, 0, 0},  // unanswered_while_open
      {1, 3, 1, 1, 0, 1},  // coverage_gap: the decision on a key not found counts nowhere
      {2, 1, 0, 0, 1, 0},  // long_wait
      {3, 0, 0, 0, 0, 0},  // repeat_caller
  };
  for (const Case& c : cases) {
    const DeviationRow& r = rows[c.row];
    EXPECT_EQ(r.candidates, c.found) << c.row;
    EXPECT_EQ(r.decided_as(ReviewDecision::filed), c.filed) << c.row;
    EXPECT_EQ(r.decided_as(ReviewDecision::dismissed), c.dismissed) << c.row;
    EXPECT_EQ(r.decided_as(ReviewDecision::explained), c.explained) << c.row;
    EXPECT_EQ(r.not_reviewed(), c.not_reviewed) << c.row;
    EXPECT_EQ(r.reviewed(), c.filed + c.dismissed + c.explained) << c.row;
  }
}

TEST(ReviewDecision, OneVocabulary) {
  EXPECT_EQ(to_string(ReviewDecision::filed), "filed");
  EXPECT_EQ(to_string(ReviewDecision::explained), "explained");
  EXPECT_EQ(review_decision_from_string("dismissed"), ReviewDecision::dismissed);
  EXPECT_EQ(review_decision_from_string("Filed"), std::nullopt);
  EXPECT_EQ(note_name(ReviewDecision::dismissed), "reason");
}

}  // namespace
}  // namespace samtel
