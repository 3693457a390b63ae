#pragma once
// samtel/review_decision.hpp — a person's decision on a deviation candidate
// (samtel/deviations.hpp), in one vocabulary for the schedule store, the admin service,
// `samtel admin deviations`, the web page and the statistics for the partners.
//
// Promises:
//  * A candidate is `filed` in the hospital's deviation system (with that system's reference),
//    `dismissed` (with the reason it is no deviation) or `explained` (with the explanation, for
//    the record, without filing). Every decision carries its text: `note_name()` says what the
//    text is called ("reference", "reason", "explanation"), the name of the field that holds it
//    in the API and of the option on the command line.
//  * `to_string()` and `review_decision_from_string()` are exact inverses over "filed",
//    "dismissed" and "explained", the text stored; any other text gives nullopt.
//  * `kReviewDecisions` lists every decision in enum order, for tables of them.
//
//   for (const ReviewDecision d : kReviewDecisions) std::cout << to_string(d) << '\n';
#include <array>
#include <optional>
#include <string_view>

namespace samtel {

enum class ReviewDecision { filed, dismissed, explained };

inline constexpr std::array<ReviewDecision, 3> kReviewDecisions{
    ReviewDecision::filed, ReviewDecision::dismissed, ReviewDecision::explained};

constexpr std::string_view to_string(ReviewDecision d) {
  switch (d) {
    case ReviewDecision::filed: return "filed";
    case ReviewDecision::dismissed: return "dismissed";
    case ReviewDecision::explained: return "explained";
  }
  return "filed";
}

constexpr std::optional<ReviewDecision> review_decision_from_string(std::string_view s) {
  for (const ReviewDecision d : kReviewDecisions)
    if (to_string(d) == s) return d;
  return std::nullopt;
}

// What the text a decision carries is called.
constexpr std::string_view note_name(ReviewDecision d) {
  switch (d) {
    case ReviewDecision::filed: return "reference";
    case ReviewDecision::dismissed: return "reason";
    case ReviewDecision::explained: return "explanation";
  }
  return "reference";
}

}  // namespace samtel
