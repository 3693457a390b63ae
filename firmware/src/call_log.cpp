#include "call_log.hpp"

#include <sqlite3.h>

namespace samtel::fw {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE calls (
  id              INTEGER PRIMARY KEY,
  call_id         TEXT NOT NULL,
  arrived_utc     TEXT NOT NULL,
  answered_utc    TEXT,
  ended_utc       TEXT,
  line            TEXT NOT NULL,
  desk            TEXT NOT NULL,
  mode            TEXT NOT NULL,
  caller          TEXT NOT NULL,
  open            INTEGER NOT NULL,
  day_type        TEXT NOT NULL,
  coverage_gap    INTEGER NOT NULL,
  clock_fault     INTEGER NOT NULL,
  outcome         TEXT NOT NULL,
  answered_role   TEXT,
  answered_person TEXT,
  wait_ms         INTEGER,
  duration_s      INTEGER,
  fallback        TEXT,
  reason          TEXT NOT NULL
);
CREATE INDEX calls_arrived ON calls(arrived_utc);
CREATE TABLE attempts (
  call        INTEGER NOT NULL REFERENCES calls(id),
  seq         INTEGER NOT NULL,
  role        TEXT NOT NULL,
  person      TEXT NOT NULL,
  address     TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  ended_utc   TEXT NOT NULL,
  response    INTEGER NOT NULL,
  result      TEXT NOT NULL,
  PRIMARY KEY (call, seq)
);
)sql";

std::string errmsg(sqlite3* db) { return sqlite3_errmsg(db); }

bool exec(sqlite3* db, const char* sql, std::string& error) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    error = msg != nullptr ? msg : errmsg(db);
    sqlite3_free(msg);
    return false;
  }
  return true;
}

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind_opt_text(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) sqlite3_bind_null(s, i);
  else bind_text(s, i, v);
}
void bind_opt_instant(sqlite3_stmt* s, int i, const std::optional<Instant>& t) {
  if (t) bind_text(s, i, format_utc(*t));
  else sqlite3_bind_null(s, i);
}
void bind_opt_int(sqlite3_stmt* s, int i, const std::optional<std::int64_t>& v) {
  if (v) sqlite3_bind_int64(s, i, *v);
  else sqlite3_bind_null(s, i);
}

}  // namespace

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string e = db != nullptr ? errmsg(db) : "out of memory";
    sqlite3_close(db);
    return tl::unexpected("cannot open call log " + path + ": " + e);
  }
  sqlite3_busy_timeout(db, 5000);
  std::string error;
  const auto fail = [&](const std::string& what) {
    sqlite3_close(db);
    return tl::unexpected("call log " + path + ": " + what + ": " + error);
  };
  if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", error)) {
    return fail("cannot enable WAL");
  }
  int version = 0;
  {
    Stmt st;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st.s, nullptr) != SQLITE_OK ||
        sqlite3_step(st.s) != SQLITE_ROW) {
      error = errmsg(db);
      return fail("cannot read schema version");
    }
    version = sqlite3_column_int(st.s, 0);
  }
  if (version > kSchemaVersion) {
    error = "schema version " + std::to_string(version) + " is newer than this samteld's " +
            std::to_string(kSchemaVersion);
    return fail("refusing to downgrade");
  }
  if (version < 1) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kSchemaV1 + "PRAGMA user_version=1; COMMIT;";
    if (!exec(db, sql.c_str(), error)) {
      std::string ignored;
      exec(db, "ROLLBACK", ignored);
      return fail("cannot create schema");
    }
  }
  return std::unique_ptr<CallLog>(new CallLog(db));
}

CallLog::CallLog(sqlite3* db) : db_(db), writer_([this] { run(); }) {}

CallLog::~CallLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
  sqlite3_close(db_);
}

void CallLog::append(CallRecord record, Durable durable, bool power_safe) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Item{std::move(record), std::move(durable), power_safe});
    ++queued_;
  }
  wake_.notify_one();
}

void CallLog::flush() {
  std::unique_lock lock(mutex_);
  const auto target = queued_;
  drained_.wait(lock, [&] { return committed_ >= target; });
}

std::uint64_t CallLog::written() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

std::optional<std::string> CallLog::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void CallLog::run() {
  constexpr std::size_t kMaxBatch = 512;
  using steady = std::chrono::steady_clock;
  auto last_sync = steady::now();
  bool unsynced = false;
  for (;;) {
    std::vector<Item> items;
    bool stop = false;
    {
      std::unique_lock lock(mutex_);
      const auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (unsynced) wake_.wait_for(lock, kSyncInterval, ready);
      else wake_.wait(lock, ready);
      stop = stopping_;
      while (!queue_.empty() && items.size() < kMaxBatch) {
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (items.empty()) {
      // Idle with commits not yet fsynced (or stopping): a checkpoint syncs the WAL first.
      if (unsynced) {
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        unsynced = false;
        last_sync = steady::now();
      }
      if (stop) return;
      continue;
    }
    bool sync = stop || steady::now() - last_sync >= kSyncInterval;
    for (const Item& i : items) sync = sync || i.power_safe;
    std::vector<CallRecord> batch;
    batch.reserve(items.size());
    for (Item& i : items) batch.push_back(std::move(i.record));
    const bool ok = write_batch(batch, sync);
    if (ok && sync) {
      unsynced = false;
      last_sync = steady::now();
    } else if (ok) {
      unsynced = true;
    }
    for (Item& i : items) {
      if (i.durable) i.durable(ok);
    }
    {
      std::lock_guard lock(mutex_);
      committed_ += items.size();
    }
    drained_.notify_all();
  }
}

bool CallLog::write_batch(std::vector<CallRecord>& batch, bool sync) {
  std::string error;
  if (!exec(db_, sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", error)) {
    std::lock_guard lock(mutex_);
    last_error_ = error;
    return false;
  }
  const auto fail = [&](std::string e) {
    std::string ignored;
    exec(db_, "ROLLBACK", ignored);
    std::lock_guard lock(mutex_);
    last_error_ = std::move(e);
    return false;
  };
  if (!exec(db_, "BEGIN IMMEDIATE", error)) return fail(error);
  Stmt call, attempt;
  if (sqlite3_prepare_v2(db_,
                         "INSERT INTO calls (call_id, arrived_utc, answered_utc, ended_utc, line, desk, "
                         "mode, caller, open, day_type, coverage_gap, clock_fault, outcome, "
                         "answered_role, answered_person, wait_ms, duration_s, fallback, reason) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &call.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_,
                         "INSERT INTO attempts (call, seq, role, person, address, started_utc, "
                         "ended_utc, response, result) VALUES (?,?,?,?,?,?,?,?,?)",
                         -1, &attempt.s, nullptr) != SQLITE_OK) {
    return fail(errmsg(db_));
  }
  for (const CallRecord& r : batch) {
    sqlite3_reset(call.s);
    bind_text(call.s, 1, r.call_id);
    bind_text(call.s, 2, format_utc(r.arrived));
    bind_opt_instant(call.s, 3, r.answered);
    bind_opt_instant(call.s, 4, r.ended);
    bind_text(call.s, 5, r.line);
    bind_text(call.s, 6, r.desk);
    bind_text(call.s, 7, r.mode);
    bind_text(call.s, 8, r.caller);
    sqlite3_bind_int(call.s, 9, r.open ? 1 : 0);
    bind_text(call.s, 10, r.day_type);
    sqlite3_bind_int(call.s, 11, r.coverage_gap ? 1 : 0);
    sqlite3_bind_int(call.s, 12, r.clock_fault ? 1 : 0);
    bind_text(call.s, 13, r.outcome);
    bind_opt_text(call.s, 14, r.answered_role);
    bind_opt_text(call.s, 15, r.answered_person);
    bind_opt_int(call.s, 16, r.wait_ms);
    bind_opt_int(call.s, 17, r.duration_s);
    bind_opt_text(call.s, 18, r.fallback);
    bind_text(call.s, 19, r.reason);
    if (sqlite3_step(call.s) != SQLITE_DONE) return fail(errmsg(db_));
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);
    int seq = 0;
    for (const AttemptRecord& a : r.attempts) {
      sqlite3_reset(attempt.s);
      sqlite3_bind_int64(attempt.s, 1, id);
      sqlite3_bind_int(attempt.s, 2, ++seq);
      bind_text(attempt.s, 3, a.role);
      bind_text(attempt.s, 4, a.person);
      bind_text(attempt.s, 5, a.address);
      bind_text(attempt.s, 6, format_utc(a.started));
      bind_text(attempt.s, 7, format_utc(a.ended));
      sqlite3_bind_int(attempt.s, 8, a.response);
      bind_text(attempt.s, 9, a.result);
      if (sqlite3_step(attempt.s) != SQLITE_DONE) return fail(errmsg(db_));
    }
  }
  if (!exec(db_, "COMMIT", error)) return fail(error);
  return true;
}

}  // namespace samtel::fw
