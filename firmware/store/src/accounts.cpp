// The schedule store's accounts: users, their password hashes and the lock policy, sessions.
#include <algorithm>
#include <utility>

#include <sodium.h>

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

constexpr const char* kUserColumns = "id, name, role, failures, locked_until_utc, active";

User read_user(const Statement& s) {
  User u;
  u.id = sqlite3_column_int64(s.get(), 0);
  u.name = sql::text(s, 1);
  u.role = role_from_string(sql::text(s, 2)).value_or(Role::viewer);
  u.failures = sqlite3_column_int(s.get(), 3);
  u.locked_until = sql::optional_instant(s, 4);
  u.active = sqlite3_column_int(s.get(), 5) != 0;
  return u;
}

tl::expected<void, StoreError> check_user_name(std::string_view name) {
  if (name.empty()) return tl::unexpected(error(Kind::invalid, "a user name must not be empty"));
  if (name.size() > ScheduleStore::kMaxUserNameBytes) {
    return tl::unexpected(
        error(Kind::invalid, "user name " + quote_value(name) + " is too long: at most " +
                                 std::to_string(ScheduleStore::kMaxUserNameBytes) + " bytes"));
  }
  if (first_control_character(name) || name.find(' ') != std::string_view::npos) {
    return tl::unexpected(error(Kind::invalid, "user name " + quote_value(name) +
                                                   " must not hold spaces or control characters"));
  }
  return {};
}

tl::expected<void, StoreError> check_password(std::string_view password) {
  const std::size_t chars = character_count(password);
  if (chars < ScheduleStore::kMinPasswordCharacters) {
    return tl::unexpected(
        error(Kind::invalid, "the password is too short: " + std::to_string(chars) +
                                 " characters, at least " +
                                 std::to_string(ScheduleStore::kMinPasswordCharacters)));
  }
  if (password.size() > ScheduleStore::kMaxPasswordBytes) {
    return tl::unexpected(
        error(Kind::invalid, "the password is too long: at most " +
                                 std::to_string(ScheduleStore::kMaxPasswordBytes) + " bytes"));
  }
  return {};
}

tl::expected<void, StoreError> step_done(const Connection& db, Statement& s, const char* what) {
  if (s.step() != SQLITE_DONE) return tl::unexpected(failed(db.error(what)));
  return {};
}

// What a user was or becomes, for audit details.
nlohmann::json who(std::string_view name, Role role) {
  return {{"user", std::string(name)}, {"role", std::string(to_string(role))}};
}

}  // namespace

std::chrono::seconds ScheduleStore::lock_duration(int failures) {
  if (failures < kFailuresBeforeLock) return std::chrono::seconds{0};
  // Doubling from the first lock; past six doublings the cap has long been reached.
  const int doublings = std::min(failures - kFailuresBeforeLock, 6);
  return std::min(kFirstLock * (1 << doublings), kLongestLock);
}

tl::expected<std::string, StoreError> ScheduleStore::hash_password(
    std::string_view password) const {
  const bool minimum = cost_ == PasswordCost::minimum;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(
          out, password.data(), password.size(),
          minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return tl::unexpected(error(Kind::io, "cannot hash the password (out of memory)"));
  }
  return std::string(out);
}

// Refuses (conflict) a change after which `name` would no longer be an active administrator, if
// it is the last one.
tl::expected<void, StoreError> ScheduleStore::keep_an_administrator(std::string_view name,
                                                                    Role role, bool active) const {
  if (active && role == Role::administrator) return {};
  auto s = db_.prepare(
      "SELECT count(*) FROM users WHERE active = 1 AND role = 'administrator' AND name <> ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, name);
  if (s->step() != SQLITE_ROW) return tl::unexpected(failed(db_.error("cannot read users")));
  auto u = user(name);
  if (!u) return tl::unexpected(u.error());
  if (u->active && u->role == Role::administrator && sqlite3_column_int64(s->get(), 0) == 0) {
    return tl::unexpected(error(Kind::conflict, quote_value(name) +
                                                    " is the last administrator; make another "
                                                    "user an administrator first"));
  }
  return {};
}

tl::expected<std::int64_t, StoreError> ScheduleStore::add_user(std::string_view name, Role role,
                                                               std::string_view password,
                                                               const Actor& actor) {
  if (auto r = check_user_name(name); !r) return tl::unexpected(r.error());
  if (auto r = check_password(password); !r) return tl::unexpected(r.error());
  auto hash = hash_password(password);  // slow: before the write lock is taken
  if (!hash) return tl::unexpected(hash.error());
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  const std::string now = format_utc(clock_->now());
  const std::string_view role_text = to_string(role);
  nlohmann::json detail = who(name, role);
  std::int64_t id = 0;
  if (auto old = user(name); old && old->active) {
    return tl::unexpected(error(Kind::exists, "user " + quote_value(name) + " exists"));
  } else if (old) {
    // A removed account is given back, so the name in the trail stays one person's.
    auto s = db_.prepare(
        "UPDATE users SET role = ?, password_hash = ?, failures = 0, locked_until_utc = NULL, "
        "active = 1 WHERE id = ?");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_text(1, role_text);
    s->bind_text(2, *hash);
    s->bind_int64(3, old->id);
    if (auto r = step_done(db_, *s, "cannot add user"); !r) return tl::unexpected(r.error());
    id = old->id;
    detail["given_back"] = true;
  } else if (old.error().kind != Kind::not_found) {
    return tl::unexpected(old.error());
  } else {
    auto s = db_.prepare(
        "INSERT INTO users (name, role, password_hash, created_utc) VALUES (?, ?, ?, ?)");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_text(1, name);
    s->bind_text(2, role_text);
    s->bind_text(3, *hash);
    s->bind_text(4, now);
    if (auto r = step_done(db_, *s, "cannot add user"); !r) return tl::unexpected(r.error());
    id = sqlite3_last_insert_rowid(db_.get());
  }
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::user_added;
  e.detail = std::move(detail);
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return id;
}

tl::expected<User, StoreError> ScheduleStore::user(std::string_view name) const {
  auto s = db_.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, name);
  const int rc = s->step();
  if (rc == SQLITE_ROW) return read_user(*s);
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read users")));
  return tl::unexpected(error(Kind::not_found, "no user " + quote_value(name)));
}

std::vector<User> ScheduleStore::users() const {
  std::vector<User> out;
  auto s = db_.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
  if (!s) return out;
  while (s->step() == SQLITE_ROW) out.push_back(read_user(*s));
  return out;
}

namespace {

// The active account `name`, or not_found.
tl::expected<User, StoreError> active_user(const ScheduleStore& store, std::string_view name) {
  auto u = store.user(name);
  if (u && !u->active) {
    return tl::unexpected(error(Kind::not_found, "user " + quote_value(name) + " was removed"));
  }
  return u;
}

}  // namespace

tl::expected<void, StoreError> ScheduleStore::set_password(std::string_view name,
                                                           std::string_view password,
                                                           const Actor& actor) {
  if (auto r = check_password(password); !r) return tl::unexpected(r.error());
  auto u = active_user(*this, name);
  if (!u) return tl::unexpected(u.error());
  auto hash = hash_password(password);
  if (!hash) return tl::unexpected(hash.error());
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto s = db_.prepare(
      "UPDATE users SET password_hash = ?, failures = 0, locked_until_utc = NULL WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, *hash);
  s->bind_int64(2, u->id);
  if (auto r = step_done(db_, *s, "cannot change the password"); !r) return r;
  auto end = db_.prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!end) return tl::unexpected(failed(end.error()));
  end->bind_int64(1, u->id);
  if (auto r = step_done(db_, *end, "cannot end sessions"); !r) return r;
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::user_changed;
  e.detail = {{"user", u->name}, {"password", "changed"}};
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return {};
}

tl::expected<void, StoreError> ScheduleStore::set_role(std::string_view name, Role role,
                                                       const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto u = active_user(*this, name);
  if (!u) return tl::unexpected(u.error());
  if (u->role == role) return {};  // nothing changes, nothing to audit
  if (auto r = keep_an_administrator(name, role, true); !r) return r;
  auto s = db_.prepare("UPDATE users SET role = ? WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  const std::string_view role_text = to_string(role);
  s->bind_text(1, role_text);
  s->bind_int64(2, u->id);
  if (auto r = step_done(db_, *s, "cannot change the role"); !r) return r;
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::user_changed;
  e.detail = {
      {"user", u->name},
      {"role", {{"before", std::string(to_string(u->role))}, {"after", std::string(role_text)}}}};
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return {};
}

tl::expected<void, StoreError> ScheduleStore::remove_user(std::string_view name,
                                                          const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto u = active_user(*this, name);
  if (!u) return tl::unexpected(u.error());
  if (auto r = keep_an_administrator(name, u->role, false); !r) return r;
  auto s = db_.prepare("UPDATE users SET active = 0 WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_int64(1, u->id);
  if (auto r = step_done(db_, *s, "cannot remove the user"); !r) return r;
  auto end = db_.prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!end) return tl::unexpected(failed(end.error()));
  end->bind_int64(1, u->id);
  if (auto r = step_done(db_, *end, "cannot end sessions"); !r) return r;
  AuditEntry e;
  e.actor = actor;
  e.action = AuditAction::user_removed;
  e.detail = who(u->name, u->role);
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return {};
}

tl::expected<User, StoreError> ScheduleStore::authenticate(std::string_view name,
                                                           std::string_view password,
                                                           const Actor& actor) {
  const Instant now = clock_->now();
  const StoreError wrong = error(Kind::denied, "wrong user name or password");
  // Writes the entries in one transaction; a failure to audit refuses the login too.
  const auto audited = [&](std::vector<AuditEntry> entries) -> tl::expected<void, StoreError> {
    auto tx = Transaction::begin(db_);
    if (!tx) return tl::unexpected(failed(tx.error()));
    for (AuditEntry& e : entries) {
      e.actor = actor;
      if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
    }
    if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
    checkpoint();
    return {};
  };
  const auto entry = [&](AuditAction action, nlohmann::json detail) {
    AuditEntry e;
    e.action = action;
    e.detail = std::move(detail);
    return e;
  };

  auto u = user(name);
  if (!u && u.error().kind != Kind::not_found) return tl::unexpected(u.error());
  if (!u || !u->active) {
    // As long as a known name takes, so that the time does not tell which names exist.
    if (dummy_hash_.empty()) {
      unsigned char random[32];
      randombytes_buf(random, sizeof random);
      dummy_hash_ = hash_password(std::string_view(reinterpret_cast<char*>(random), 32))
                        .value_or(std::string());
    }
    if (!dummy_hash_.empty()) {
      [[maybe_unused]] const int ignored =
          crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
    }
    auto r = audited(
        {entry(AuditAction::login_failed,
               {{"user", std::string(name)}, {"reason", u ? "removed user" : "unknown user"}})});
    if (!r) return tl::unexpected(r.error());
    return tl::unexpected(wrong);
  }
  if (u->locked_until && *u->locked_until > now) {
    const std::string until = format_utc(*u->locked_until);
    auto r = audited({entry(AuditAction::login_failed,
                            {{"user", u->name}, {"reason", "locked"}, {"locked_until", until}})});
    if (!r) return tl::unexpected(r.error());
    StoreError e =
        error(Kind::denied, "user " + quote_value(u->name) + " is locked until " + until +
                                " after " + std::to_string(u->failures) + " failed passwords");
    e.locked_until = u->locked_until;
    return tl::unexpected(std::move(e));
  }

  std::string stored;
  {
    auto s = db_.prepare("SELECT password_hash FROM users WHERE id = ?");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_int64(1, u->id);
    if (s->step() != SQLITE_ROW) return tl::unexpected(failed(db_.error("cannot read users")));
    stored = sql::text(*s, 0);
  }
  const bool right =
      crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;

  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  if (right) {
    auto s = db_.prepare("UPDATE users SET failures = 0, locked_until_utc = NULL WHERE id = ?");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_int64(1, u->id);
    if (auto r = step_done(db_, *s, "cannot record the login"); !r) {
      return tl::unexpected(r.error());
    }
    AuditEntry e = entry(AuditAction::logged_in, {{"user", u->name}});
    e.actor = actor;
    if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
    if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
    checkpoint();
    u->failures = 0;
    u->locked_until.reset();
    return u;
  }
  // Counted in the database, so that attempts through several connections all count.
  auto count = db_.prepare(
      "UPDATE users SET failures = failures + 1 WHERE id = ? "
      "RETURNING failures");
  if (!count) return tl::unexpected(failed(count.error()));
  count->bind_int64(1, u->id);
  if (count->step() != SQLITE_ROW) {
    return tl::unexpected(failed(db_.error("cannot record the failure")));
  }
  const int failures = sqlite3_column_int(count->get(), 0);
  if (count->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot record the failure")));
  }
  std::vector<AuditEntry> entries{
      entry(AuditAction::login_failed,
            {{"user", u->name}, {"reason", "wrong password"}, {"failures", failures}})};
  StoreError refused = wrong;
  if (const auto lock = lock_duration(failures); lock.count() > 0) {
    const Instant until = now + lock;
    const std::string until_text = format_utc(until);
    auto s = db_.prepare("UPDATE users SET locked_until_utc = ? WHERE id = ?");
    if (!s) return tl::unexpected(failed(s.error()));
    s->bind_text(1, until_text);
    s->bind_int64(2, u->id);
    if (auto r = step_done(db_, *s, "cannot lock the account"); !r) {
      return tl::unexpected(r.error());
    }
    entries.push_back(entry(AuditAction::account_locked, {{"user", u->name},
                                                          {"failures", failures},
                                                          {"locked_until", until_text},
                                                          {"seconds", lock.count()}}));
    refused.locked_until = until;
  }
  for (AuditEntry& e : entries) {
    e.actor = actor;
    if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  }
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return tl::unexpected(std::move(refused));
}

// --- Sessions ---------------------------------------------------------------------------------

tl::expected<std::string, StoreError> ScheduleStore::start_session(std::string_view user_name,
                                                                   std::chrono::seconds ttl) {
  if (ttl.count() <= 0) {
    return tl::unexpected(error(Kind::invalid, "a session must last at least a second"));
  }
  auto u = active_user(*this, user_name);
  if (!u) return tl::unexpected(u.error());
  std::string token = random_token();
  const std::string token_hash = blake2b_hex(token);
  const Instant now = clock_->now();
  const std::string now_text = format_utc(now);
  const std::string expires = format_utc(now + ttl);

  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto purge = db_.prepare("DELETE FROM sessions WHERE expires_utc <= ?");
  if (!purge) return tl::unexpected(failed(purge.error()));
  purge->bind_text(1, now_text);
  if (auto r = step_done(db_, *purge, "cannot end expired sessions"); !r) {
    return tl::unexpected(r.error());
  }
  auto s = db_.prepare(
      "INSERT INTO sessions (token_hash, user_id, created_utc, expires_utc) VALUES (?, ?, ?, ?)");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, token_hash);
  s->bind_int64(2, u->id);
  s->bind_text(3, now_text);
  s->bind_text(4, expires);
  if (auto r = step_done(db_, *s, "cannot start a session"); !r) return tl::unexpected(r.error());
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return token;
}

tl::expected<Session, StoreError> ScheduleStore::session(std::string_view token) const {
  const std::string token_hash = blake2b_hex(token);
  auto s = db_.prepare(
      "SELECT u.name, u.role, s.expires_utc FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND u.active = 1");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, token_hash);
  const int rc = s->step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot read sessions")));
  }
  if (rc == SQLITE_ROW) {
    Session out{sql::text(*s, 0), role_from_string(sql::text(*s, 1)).value_or(Role::viewer),
                sql::instant(*s, 2)};
    if (out.expires > clock_->now()) return out;
  }
  return tl::unexpected(error(Kind::not_found, "no such session (unknown, ended or expired)"));
}

void ScheduleStore::end_session(std::string_view token) {
  const std::string token_hash = blake2b_hex(token);
  auto s = db_.prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!s) return;
  s->bind_text(1, token_hash);
  (void)s->step();
  checkpoint();
}

}  // namespace samtel::fw::store
