// The schedule store's calendar feeds: made with a token of which only the hash is kept, listed,
// opened by the token (the fetch noted), revoked by id or by the token; making and revoking are
// audited.
#include <utility>

#include "blake2b.hpp"
#include "samtel/store/schedule_store.hpp"
#include "samtel/text.hpp"
#include "secret_token.hpp"
#include "store_sql.hpp"

namespace samtel::fw::store {

using Kind = StoreError::Kind;
using sql::error;
using sql::failed;

namespace {

constexpr const char* kFeedColumns =
    "id, site, subject_kind, subject_id, line, created_utc, created_by, revoked_utc, revoked_by, "
    "last_fetched_utc";

CalendarFeed read_feed(const Statement& s) {
  CalendarFeed f;
  f.id = sqlite3_column_int64(s.get(), 0);
  f.site = sql::text(s, 1);
  f.subject = feed_subject_from_string(sql::text(s, 2)).value_or(FeedSubject::person);
  f.subject_id = sql::text(s, 3);
  f.line = sql::text(s, 4);
  f.created = sql::instant(s, 5);
  f.created_by = sql::text(s, 6);
  f.revoked = sql::optional_instant(s, 7);
  f.revoked_by = sql::text(s, 8);
  f.last_fetched = sql::optional_instant(s, 9);
  return f;
}

StoreError no_such_feed() {
  return error(Kind::not_found, std::string(ScheduleStore::kNoSuchFeed));
}

// What an audit entry says of a feed: its id and subject, never its token.
nlohmann::json feed_detail(const CalendarFeed& f) {
  nlohmann::json detail = {{"feed", f.id}, {"subject", std::string(to_string(f.subject))}};
  if (f.subject == FeedSubject::desk) {
    detail["line"] = f.line;
    detail["desk"] = f.subject_id;
  } else {
    detail["person"] = f.subject_id;
  }
  return detail;
}

tl::expected<void, StoreError> check_id(std::string_view what, const std::string& value) {
  if (!value.empty() && !first_control_character(value)) return {};
  return tl::unexpected(error(Kind::invalid, "a calendar feed's " + std::string(what) + " " +
                                                 quote_value(value) +
                                                 " must be an id: not empty, no control "
                                                 "characters"));
}

tl::expected<void, StoreError> check_scope(const FeedScope& scope) {
  if (auto r = check_id("site", scope.site); !r) return r;
  if (auto r = check_id(to_string(scope.subject), scope.subject_id); !r) return r;
  if ((scope.subject == FeedSubject::desk) == scope.line.empty()) {
    return tl::unexpected(error(Kind::invalid, scope.subject == FeedSubject::desk
                                                   ? "a desk's calendar feed names the desk's line"
                                                   : "a person's calendar feed names no line"));
  }
  return {};
}

}  // namespace

tl::expected<IssuedFeed, StoreError> ScheduleStore::create_feed(const FeedScope& scope,
                                                                const Actor& actor) {
  if (auto r = check_scope(scope); !r) return tl::unexpected(r.error());
  std::string token = random_token();
  const std::string token_hash = blake2b_hex(token);
  const std::string now = format_utc(clock_->now());
  const std::string_view kind = to_string(scope.subject);

  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto s = db_.prepare(
      "INSERT INTO calendar_feeds (site, subject_kind, subject_id, line, token_hash, created_utc, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, scope.site);
  s->bind_text(2, kind);
  s->bind_text(3, scope.subject_id);
  s->bind_text(4, scope.line);
  s->bind_text(5, token_hash);
  s->bind_text(6, now);
  s->bind_text(7, actor.user);
  if (s->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot add the calendar feed")));
  }
  const FeedId id = sqlite3_last_insert_rowid(db_.get());
  auto made = feed(id);
  if (!made) return tl::unexpected(made.error());
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::feed_created;
  e.site = made->site;
  e.detail = feed_detail(*made);
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return IssuedFeed{std::move(*made), std::move(token)};
}

std::vector<CalendarFeed> ScheduleStore::feeds(const FeedFilter& filter) const {
  std::vector<CalendarFeed> out;
  // NULL binds leave a condition out.
  auto s = db_.prepare(std::string("SELECT ") + kFeedColumns +
                       " FROM calendar_feeds WHERE (?1 IS NULL OR site = ?1) AND "
                       "(?2 IS NULL OR created_by = ?2) ORDER BY id");
  if (!s) return out;
  if (filter.site)
    s->bind_text(1, *filter.site);
  else
    s->bind_null(1);
  if (filter.created_by)
    s->bind_text(2, *filter.created_by);
  else
    s->bind_null(2);
  while (s->step() == SQLITE_ROW) out.push_back(read_feed(*s));
  return out;
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::feed(FeedId id) const {
  auto s = db_.prepare(std::string("SELECT ") + kFeedColumns + " FROM calendar_feeds WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_int64(1, id);
  const int rc = s->step();
  if (rc == SQLITE_ROW) return read_feed(*s);
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read calendar feeds")));
  return tl::unexpected(error(Kind::not_found, "no calendar feed " + std::to_string(id)));
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::feed_by_token(std::string_view token) const {
  // Text that is not a token is never hashed and looked up: it opens nothing, as an unknown one.
  if (!is_token_form(token)) return tl::unexpected(no_such_feed());
  const std::string token_hash = blake2b_hex(token);
  auto s = db_.prepare(std::string("SELECT ") + kFeedColumns +
                       " FROM calendar_feeds WHERE token_hash = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, token_hash);
  const int rc = s->step();
  if (rc == SQLITE_ROW) return read_feed(*s);
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read calendar feeds")));
  return tl::unexpected(no_such_feed());
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::open_feed(std::string_view token) {
  auto f = feed_by_token(token);
  if (!f) return f;
  if (f->revoked) return tl::unexpected(no_such_feed());
  const Instant now = clock_->now();
  if (f->last_fetched && now - *f->last_fetched < kFeedFetchResolution) return f;
  // One statement, in its own transaction: no checkpoint, which the next change will run.
  const std::string now_text = format_utc(now);
  auto s = db_.prepare("UPDATE calendar_feeds SET last_fetched_utc = ? WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, now_text);
  s->bind_int64(2, f->id);
  if (s->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot note the calendar feed's fetch")));
  }
  f->last_fetched = now;
  return f;
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::revoke(const CalendarFeed& f,
                                                             const Actor& actor) {
  const Instant now = clock_->now();
  const std::string now_text = format_utc(now);
  auto s = db_.prepare(
      "UPDATE calendar_feeds SET revoked_utc = ?, revoked_by = ? WHERE id = ? AND revoked_utc IS "
      "NULL");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, now_text);
  s->bind_text(2, actor.user);
  s->bind_int64(3, f.id);
  if (s->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot revoke the calendar feed")));
  }
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::feed_revoked;
  e.site = f.site;
  e.detail = feed_detail(f);
  e.detail["created_by"] = f.created_by;
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  CalendarFeed out = f;
  out.revoked = now;
  out.revoked_by = actor.user;
  return out;
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::revoke_feed(FeedId id, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto f = feed(id);
  if (!f) return f;
  if (f->revoked) {
    return tl::unexpected(
        error(Kind::not_found, "calendar feed " + std::to_string(id) + " was revoked already, at " +
                                   format_utc(*f->revoked) + " by " + quote_value(f->revoked_by)));
  }
  auto revoked = revoke(*f, actor);
  if (!revoked) return revoked;
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return revoked;
}

tl::expected<CalendarFeed, StoreError> ScheduleStore::revoke_feed_by_token(
    std::string_view token, std::string_view source) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto f = feed_by_token(token);
  if (!f) return f;
  if (f->revoked) return tl::unexpected(no_such_feed());
  auto revoked = revoke(*f, {std::string(kFeedHolder), std::string(source)});
  if (!revoked) return revoked;
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return revoked;
}

}  // namespace samtel::fw::store
