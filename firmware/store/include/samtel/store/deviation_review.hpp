#pragma once
// deviation_review.hpp — a person's decision on a deviation candidate (samtel/deviations.hpp),
// in one vocabulary for the schedule store, the admin service, `samtel admin deviations` and the
// web page. The store's members that record and read decisions are in schedule_store.hpp.
//
// Promises:
//  * The decisions themselves (`ReviewDecision`: filed, dismissed, explained; `to_string()`,
//    `review_decision_from_string()`, `note_name()`) are the core's (samtel/review_decision.hpp),
//    named here too.
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

#include "samtel/review_decision.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::store {

using samtel::note_name;
using samtel::review_decision_from_string;
using samtel::ReviewDecision;

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
