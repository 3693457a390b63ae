// The schedule store's deviation reviews: a person's decision on a deviation candidate, checked,
// recorded in place of the one before it and audited, with the decision it replaced, in one
// transaction.
#include <utility>

#include "samtel/store/schedule_store.hpp"
#include "samtel/text.hpp"
#include "store_sql.hpp"

namespace samtel::fw::store {

using Kind = StoreError::Kind;
using sql::error;
using sql::failed;

namespace {

constexpr const char* kReviewColumns =
    "site, candidate_key, decision, note, reviewed_by, reviewed_utc";

DeviationReview read_review(const Statement& s) {
  DeviationReview r;
  r.site = sql::text(s, 0);
  r.key = sql::text(s, 1);
  // The table's CHECK allows only the three names.
  r.decision = review_decision_from_string(sql::text(s, 2)).value_or(ReviewDecision::filed);
  r.note = sql::text(s, 3);
  r.reviewed_by = sql::text(s, 4);
  r.reviewed = sql::instant(s, 5);
  return r;
}

// `what` (a field's name) must be 1 to `max` bytes of UTF-8 without control characters.
tl::expected<void, StoreError> check_text(std::string_view what, const std::string& value,
                                          std::size_t max, std::string_view empty_hint) {
  if (value.empty() || value.find_first_not_of(" \t") == std::string::npos) {
    return tl::unexpected(error(
        Kind::invalid, std::string(what) + ": must not be empty; " + std::string(empty_hint)));
  }
  if (value.size() > max) {
    return tl::unexpected(error(Kind::invalid, std::string(what) + ": " +
                                                   std::to_string(value.size()) +
                                                   " bytes, at most " + std::to_string(max)));
  }
  if (first_non_utf8(value)) {
    return tl::unexpected(error(Kind::invalid, std::string(what) + ": not UTF-8 text"));
  }
  if (const auto c = first_control_character(value)) {
    return tl::unexpected(
        error(Kind::invalid, std::string(what) + ": contains a control character (" +
                                 code_point_name(*c) + "); write it on one line"));
  }
  return {};
}

tl::expected<void, StoreError> check_review(const ReviewRequest& r) {
  if (auto c = check_text("site", r.site, kMaxDeviationKeyBytes, "name the site"); !c) return c;
  if (auto c = check_text("key", r.key, kMaxDeviationKeyBytes, "name the candidate by its key");
      !c) {
    return c;
  }
  const std::string_view name = note_name(r.decision);
  std::string hint;
  switch (r.decision) {
    case ReviewDecision::filed: hint = "give the deviation system's reference"; break;
    case ReviewDecision::dismissed: hint = "say why it is no deviation"; break;
    case ReviewDecision::explained: hint = "give the explanation"; break;
  }
  return check_text(name, r.note, kMaxReviewNoteBytes, hint);
}

nlohmann::json review_detail(const DeviationReview& r) {
  return {{"key", r.key},
          {"decision", std::string(to_string(r.decision))},
          {std::string(note_name(r.decision)), r.note}};
}

}  // namespace

tl::expected<DeviationReview, StoreError> ScheduleStore::review_deviation(const ReviewRequest& r,
                                                                          const Actor& actor) {
  if (auto c = check_review(r); !c) return tl::unexpected(c.error());
  DeviationReview made;
  static_cast<ReviewRequest&>(made) = r;
  made.reviewed_by = actor.user;
  made.reviewed = clock_->now();
  const std::string now_text = format_utc(made.reviewed);
  const std::string decision{to_string(r.decision)};

  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  std::optional<DeviationReview> before;
  {
    auto s = db_.prepare(std::string("SELECT ") + kReviewColumns +
                         " FROM deviation_reviews WHERE site = ? AND candidate_key = ?");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_text(1, r.site);
    s->bind_text(2, r.key);
    const int rc = s->step();
    if (rc == SQLITE_ROW) {
      before = read_review(*s);
    } else if (rc != SQLITE_DONE) {
      return tl::unexpected(failed(db_.error("cannot read deviation reviews")));
    }
  }
  auto s = db_.prepare(
      "INSERT INTO deviation_reviews (site, candidate_key, decision, note, reviewed_by, "
      "reviewed_utc) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, candidate_key) DO UPDATE SET "
      "decision = excluded.decision, note = excluded.note, reviewed_by = excluded.reviewed_by, "
      "reviewed_utc = excluded.reviewed_utc");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, r.site);
  s->bind_text(2, r.key);
  s->bind_text(3, decision);
  s->bind_text(4, r.note);
  s->bind_text(5, made.reviewed_by);
  s->bind_text(6, now_text);
  if (s->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot record the deviation review")));
  }
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::deviation_reviewed;
  e.site = r.site;
  e.detail = review_detail(made);
  if (before) {
    nlohmann::json replaced = review_detail(*before);
    replaced.erase("key");
    replaced["by"] = before->reviewed_by;
    replaced["at"] = format_utc(before->reviewed);
    e.detail["replaces"] = std::move(replaced);
  }
  if (auto w = write_audit(std::move(e)); !w) return tl::unexpected(w.error());
  if (auto c = tx->commit(); !c) return tl::unexpected(failed(c.error()));
  checkpoint();
  return made;
}

std::vector<DeviationReview> ScheduleStore::deviation_reviews(std::string_view site) const {
  std::vector<DeviationReview> out;
  auto s = db_.prepare(std::string("SELECT ") + kReviewColumns +
                       " FROM deviation_reviews WHERE site = ? ORDER BY candidate_key");
  if (!s) return out;
  s->bind_text(1, site);
  while (s->step() == SQLITE_ROW) out.push_back(read_review(*s));
  return out;
}

}  // namespace samtel::fw::store
