// The schedule store's notice log (samtel/store/notice_log.hpp): notices, their deliveries and
// every attempt, written by the notifier in the admin service and listed by GET /api/v1/notices.
#include "samtel/store/schedule_store.hpp"
#include "store_sql.hpp"

namespace samtel::fw::store {

using Kind = StoreError::Kind;
using sql::error;
using sql::failed;

tl::expected<std::int64_t, StoreError> ScheduleStore::record_notice(const notices::Notice& n) {
  const std::string at = format_utc(n.at);
  const std::string created = format_utc(n.created);
  auto s = db_.prepare(
      "INSERT INTO notices (key, kind, site, title, text, at_utc, created_utc) VALUES (?, ?, ?, "
      "?, ?, ?, ?) ON CONFLICT (key) DO NOTHING");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, n.key);
  s->bind_text(2, to_string(n.kind));
  s->bind_text(3, n.site);
  s->bind_text(4, n.title);
  s->bind_text(5, n.text);
  s->bind_text(6, at);
  s->bind_text(7, created);
  if (s->step() != SQLITE_DONE)
    return tl::unexpected(failed(db_.error("cannot record the notice")));
  if (sqlite3_changes(db_.get()) == 0) {
    return tl::unexpected(error(Kind::exists, "the notice " + n.key + " was recorded before"));
  }
  return sqlite3_last_insert_rowid(db_.get());
}

tl::expected<std::int64_t, StoreError> ScheduleStore::record_delivery(std::int64_t notice,
                                                                      const std::string& contact,
                                                                      notices::Channel channel,
                                                                      const std::string& address) {
  const std::string now = format_utc(clock_->now());
  auto s = db_.prepare(
      "INSERT INTO notice_deliveries (notice, contact, channel, address, state, updated_utc) "
      "VALUES (?, ?, ?, ?, 'pending', ?)");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_int64(1, notice);
  s->bind_text(2, contact);
  s->bind_text(3, to_string(channel));
  s->bind_text(4, address);
  s->bind_text(5, now);
  if (s->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot record the notice's delivery")));
  }
  return sqlite3_last_insert_rowid(db_.get());
}

tl::expected<void, StoreError> ScheduleStore::record_attempt(std::int64_t delivery, int attempt,
                                                             notices::DeliveryState state,
                                                             const std::string& error_text) {
  if (state == notices::DeliveryState::pending) {
    return tl::unexpected(error(Kind::invalid, "an attempt ends delivered, failed or given-up"));
  }
  const std::string now = format_utc(clock_->now());
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto d = db_.prepare(
      "UPDATE notice_deliveries SET state = ?, attempts = ?, last_error = ?, updated_utc = ? "
      "WHERE id = ?");
  if (!d) return tl::unexpected(failed(d.error()));
  d->bind_text(1, to_string(state));
  d->bind_int64(2, attempt);
  d->bind_text(3, error_text);
  d->bind_text(4, now);
  d->bind_int64(5, delivery);
  if (d->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot update the delivery")));
  }
  if (sqlite3_changes(db_.get()) == 0) {
    return tl::unexpected(error(Kind::not_found, "no delivery " + std::to_string(delivery)));
  }
  auto a = db_.prepare(
      "INSERT INTO notice_attempts (delivery, attempt, at_utc, state, error) VALUES (?, ?, ?, ?, "
      "?)");
  if (!a) return tl::unexpected(failed(a.error()));
  a->bind_int64(1, delivery);
  a->bind_int64(2, attempt);
  a->bind_text(3, now);
  a->bind_text(4, to_string(state));
  a->bind_text(5, error_text);
  if (a->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot record the delivery attempt")));
  }
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  return {};
}

std::vector<NoticeRecord> ScheduleStore::notices(int limit) const {
  std::vector<NoticeRecord> out;
  auto s = db_.prepare(
      "SELECT id, key, kind, site, title, text, at_utc, created_utc FROM notices ORDER BY id DESC "
      "LIMIT ?");
  if (!s) return out;
  s->bind_int64(1, limit);
  while (s->step() == SQLITE_ROW) {
    NoticeRecord r;
    r.notice.id = sqlite3_column_int64(s->get(), 0);
    r.notice.key = sql::text(*s, 1);
    r.notice.kind = notice_kind_from_string(sql::text(*s, 2)).value_or(NoticeKind::fault_raised);
    r.notice.site = sql::text(*s, 3);
    r.notice.title = sql::text(*s, 4);
    r.notice.text = sql::text(*s, 5);
    r.notice.at = sql::instant(*s, 6);
    r.notice.created = sql::instant(*s, 7);
    out.push_back(std::move(r));
  }
  auto d = db_.prepare(
      "SELECT id, notice, contact, channel, address, state, attempts, last_error, updated_utc FROM "
      "notice_deliveries WHERE notice = ? ORDER BY id");
  if (!d) return out;
  for (NoticeRecord& r : out) {
    d->reset();
    d->bind_int64(1, r.notice.id);
    while (d->step() == SQLITE_ROW) {
      DeliveryRecord x;
      x.id = sqlite3_column_int64(d->get(), 0);
      x.notice = sqlite3_column_int64(d->get(), 1);
      x.contact = sql::text(*d, 2);
      x.channel = notices::channel_from_string(sql::text(*d, 3)).value_or(notices::Channel::email);
      x.address = sql::text(*d, 4);
      x.state = notices::delivery_state_from_string(sql::text(*d, 5))
                    .value_or(notices::DeliveryState::pending);
      x.attempts = static_cast<int>(sqlite3_column_int64(d->get(), 6));
      x.last_error = sql::text(*d, 7);
      x.updated = sql::instant(*d, 8);
      r.deliveries.push_back(std::move(x));
    }
  }
  return out;
}

tl::expected<std::vector<DeliveryCount>, StoreError> ScheduleStore::notice_delivery_counts() const {
  using notices::Channel;
  using notices::DeliveryState;
  std::vector<DeliveryCount> out;
  for (Channel c : {Channel::email, Channel::webhook, Channel::sip}) {
    for (DeliveryState s : {DeliveryState::pending, DeliveryState::delivered, DeliveryState::failed,
                            DeliveryState::given_up}) {
      out.push_back({c, s, 0});
    }
  }
  auto s =
      db_.prepare("SELECT channel, state, count(*) FROM notice_deliveries GROUP BY channel, state");
  if (!s) return tl::unexpected(failed(s.error()));
  int rc = SQLITE_ROW;
  while ((rc = s->step()) == SQLITE_ROW) {
    const auto channel = notices::channel_from_string(sql::text(*s, 0));
    const auto state = notices::delivery_state_from_string(sql::text(*s, 1));
    if (!channel || !state) continue;  // the schema's CHECK keeps other words out
    for (DeliveryCount& c : out) {
      if (c.channel == *channel && c.state == *state)
        c.deliveries = sqlite3_column_int64(s->get(), 2);
    }
  }
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot count the deliveries")));
  return out;
}

std::vector<std::string> ScheduleStore::notice_keys() const {
  std::vector<std::string> out;
  auto s = db_.prepare("SELECT key FROM notices ORDER BY id");
  if (!s) return out;
  while (s->step() == SQLITE_ROW) out.push_back(sql::text(*s, 0));
  return out;
}

}  // namespace samtel::fw::store
