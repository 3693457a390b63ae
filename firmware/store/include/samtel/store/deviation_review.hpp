#pragma once
// deviation_review.hpp — a person's decision on a deviation candidate (samtel/deviations.hpp),
// in one vocabulary for the schedule store, the admin service, `samtel admin deviations` and the
// web page. The store's members that record and read decisions are in schedule_store.hpp.
//
// Promises:
//  * A candidate is `filed` in the hospital's deviation system (with that system's reference),
//    `dismissed` (with the reason it is no deviation) or `explained` (with the explanation, for
//    the record, without filing). Every decision carries its text: `note_name()` says what the
//    text is called ("reference", "reason", "explanation"), the name of the field that holds it
//    in the API and of the option on the command line.
//  * `to_string()` and `review_decision_from_string()` are exact inverses over "filed",
//    "dismissed" and "explained", the text stored; any other text gives nullopt.
//  * A candidate is known by its site and its `key` (DeviationCandidate::key). The store holds
//    the current decision on it; a decision can be made again, and every one, with the decision
//    it replaced, is an audit entry (`deviation_reviewed`) written in the same transaction.
//  * Nothing is ever decided without a person: the store records only what it is given.
//
//   auto r = store.review_deviation({.site = "st-olavs", .key = "coverage_gap:a84b4c76e66710",
//                                    .decision = ReviewDecision::filed, .note = "AVV-2027-0113"},
//                                   {"kari", "10.0.0.7"});
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "samtel/time.hpp"

namespace samtel::fw::store {

enum class ReviewDecision { filed, dismissed, explained };

constexpr std::string_view to_string(ReviewDecision d) {
  switch (d) {
    case ReviewDecision::filed: return "filed";
    case ReviewDecision::dismissed: return "dismissed";
    case ReviewDecision::explained: return "explained";
  }
  return "filed";
}

constexpr std::optional<ReviewDecision> review_decision_from_string(std::string_view s) {
  for (ReviewDecision d :
       {ReviewDecision::filed, ReviewDecision::dismissed, ReviewDecision::explained})
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

// A decision to record. (Every member has an initialiser, so a designated initialiser may leave
// any out.)
struct ReviewRequest {
  std::string site{};
  std::string key{};
  ReviewDecision decision = ReviewDecision::filed;
  std::string note{};  // the reference, the reason or the explanation (note_name())
};

// The decision in force on a candidate.
struct DeviationReview : ReviewRequest {
  std::string reviewed_by;
  Instant reviewed{};
};

// Limits on what a decision may hold.
inline constexpr std::size_t kMaxDeviationKeyBytes = 256;
inline constexpr std::size_t kMaxReviewNoteBytes = 2000;

}  // namespace samtel::fw::store
