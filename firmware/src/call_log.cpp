#include "call_log.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

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

int short_waits(void* /*unused*/, int tries) {
  if (tries >= 25000) return 0;  // 5 s: give up, the statement fails with SQLITE_BUSY
  std::this_thread::sleep_for(std::chrono::microseconds(200));
  return 1;
}

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

constexpr const char* kInsertCall =
    "INSERT INTO calls (call_id, arrived_utc, answered_utc, ended_utc, line, desk, mode, caller, open, "
    "day_type, coverage_gap, clock_fault, outcome, answered_role, answered_person, wait_ms, duration_s, "
    "fallback, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertAttempt =
    "INSERT INTO attempts (call, seq, role, person, address, started_utc, ended_utc, response, result) "
    "VALUES (?,?,?,?,?,?,?,?,?)";

}  // namespace

// Prepared once, used for every batch.
struct CallLog::Statements {
  Stmt begin, commit, rollback, call, attempt;
};

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3* sync_db = nullptr;
  const auto open_one = [&](sqlite3*& handle) -> std::optional<std::string> {
    if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return handle != nullptr ? errmsg(handle) : "out of memory";
    }
    // Wait for a lock in short steps (SQLite's own handler sleeps up to 100 ms at a time, which
    // an answer waiting for its record would feel): 200 µs at a time, for at most 5 s.
    sqlite3_busy_handler(handle, &short_waits, nullptr);
    return std::nullopt;
  };
  std::string error;
  const auto fail = [&](const std::string& what) {
    sqlite3_close_v2(db);  // _v2: closes once any statement still open is finalized
    sqlite3_close_v2(sync_db);
    return tl::unexpected("call log " + path + ": " + what + (error.empty() ? "" : ": " + error));
  };
  if (auto e = open_one(db)) {
    error = *e;
    return fail("cannot open");
  }
  // Commits are not fsynced by the writer (synchronous=NORMAL keeps a committed transaction
  // through a crash of the process); the syncer thread fsyncs and checkpoints.
  // The log is only appended to: a small page cache does. journal_size_limit truncates the
  // write-ahead log back to 16 MB when it restarts after a long busy spell.
  if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-256; PRAGMA journal_size_limit=16777216;",
            error)) {
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
  auto st = std::make_unique<Statements>();
  if (sqlite3_prepare_v3(db, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &st->begin.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &st->commit.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &st->rollback.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, kInsertCall, -1, SQLITE_PREPARE_PERSISTENT, &st->call.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, kInsertAttempt, -1, SQLITE_PREPARE_PERSISTENT, &st->attempt.s, nullptr) != SQLITE_OK) {
    error = errmsg(db);
    st.reset();
    return fail("cannot prepare statements");
  }
  // The checkpointer's connection must have read the database to know it is in WAL mode; until
  // then a checkpoint on it does nothing.
  if (auto e = open_one(sync_db)) {
    error = *e;
    st.reset();
    return fail("cannot open a second connection");
  }
  if (!exec(sync_db, "PRAGMA journal_mode=WAL; PRAGMA cache_size=16", error)) {
    st.reset();
    return fail("cannot open a second connection");
  }
  return std::unique_ptr<CallLog>(new CallLog(db, sync_db, path + "-wal", std::move(st)));
}

CallLog::CallLog(sqlite3* db, sqlite3* sync_db, std::string wal_path, std::unique_ptr<Statements> st)
    : db_(db), sync_db_(sync_db), wal_path_(std::move(wal_path)), st_(std::move(st)),
      writer_([this] { run_writer(); }), syncer_([this] { run_syncer(); }),
      checkpointer_([this] { run_checkpointer(); }) {}

CallLog::~CallLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_all();
  writer_.join();  // commits what is queued, then tells the syncer
  syncer_.join();  // syncs what was committed
  checkpointer_.join();
  st_.reset();
  sqlite3_close(db_);
  sqlite3_close(sync_db_);
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

void CallLog::append(CallRecord record, Durable durable, bool power_safe) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Item{std::move(record), std::move(durable), power_safe});
    ++queued_;
  }
  wake_writer_.notify_one();
}

void CallLog::flush() {
  std::unique_lock lock(mutex_);
  const auto target = queued_;
  sync_wanted_ = std::max(sync_wanted_, target);
  if (committed_ >= target) {
    sync_now_ = true;
    wake_syncer_.notify_one();
  }
  drained_.wait(lock, [&] { return committed_ >= target && synced_ >= target; });
}

std::uint64_t CallLog::written() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

std::size_t CallLog::backlog(bool until_synced) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(queued_ - (until_synced ? std::min(synced_, committed_) : committed_));
}

std::optional<std::string> CallLog::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void CallLog::set_error(std::string e) {
  std::lock_guard lock(mutex_);
  last_error_ = std::move(e);
}

void CallLog::run_writer() {
  constexpr std::size_t kMaxBatch = 512;
  std::vector<Item> items;
  std::vector<CallRecord> batch;
  for (;;) {
    items.clear();
    batch.clear();
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {  // stopping, and everything is committed
        writer_done_ = true;
        sync_now_ = true;
        wake_syncer_.notify_one();
        return;
      }
      while (!queue_.empty() && items.size() < kMaxBatch) {
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (Item& i : items) batch.push_back(std::move(i.record));
    const bool ok = write_batch(batch);
    // Callbacks run before the records count as committed, so flush() cannot return (and its
    // caller go away) while one is still running.
    for (Item& i : items) {
      if (i.durable && !(ok && i.power_safe)) {
        i.durable(ok);
        i.durable = nullptr;
      }
    }
    bool wake_syncer = false;
    {
      std::lock_guard lock(mutex_);
      committed_ += items.size();
      for (Item& i : items) {
        if (!i.power_safe) continue;
        sync_wanted_ = committed_;
        if (i.durable) awaiting_sync_.emplace_back(committed_, std::move(i.durable));
      }
      // Sync at once when a record or flush() asks for it; otherwise on the syncer's interval.
      if (sync_wanted_ > synced_ && committed_ >= sync_wanted_) sync_now_ = wake_syncer = true;
    }
    if (wake_syncer) wake_syncer_.notify_one();
    drained_.notify_all();
  }
}

void CallLog::run_syncer() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_syncer_.wait_for(lock, kSyncInterval, [&] { return sync_now_; });
    sync_now_ = false;
    const bool done = writer_done_;
    const std::uint64_t target = committed_;
    if (target > synced_) {
      lock.unlock();
      const bool ok = sync_to_disk();
      lock.lock();
      std::vector<Durable> ready;
      auto split = std::stable_partition(awaiting_sync_.begin(), awaiting_sync_.end(),
                                         [&](const auto& a) { return a.first > target; });
      for (auto it = split; it != awaiting_sync_.end(); ++it) ready.push_back(std::move(it->second));
      awaiting_sync_.erase(split, awaiting_sync_.end());
      lock.unlock();
      // As in the writer: the callbacks run before the records count as synced.
      for (Durable& d : ready) d(ok);
      lock.lock();
      synced_ = target;
      drained_.notify_all();
      if (sync_wanted_ > synced_ && committed_ >= sync_wanted_) sync_now_ = true;
    } else {
      drained_.notify_all();
    }
    if (done && synced_ >= committed_) {
      syncer_done_ = true;
      wake_checkpointer_.notify_one();
      return;
    }
  }
}

// fsyncs the write-ahead log: every commit so far reaches the disk. Runs on the syncer thread,
// beside the writer (a commit does not wait for it).
bool CallLog::sync_to_disk() {
  if (wal_fd_ < 0) wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (wal_fd_ < 0 || ::fdatasync(wal_fd_) != 0) {
    set_error("cannot sync " + wal_path_ + ": " + std::strerror(errno));
    return false;
  }
  return true;
}

// Copies what the log holds into the database file now and then, so the log stays small. On its
// own thread (and connection): its fsync of the database file holds up neither commits nor syncs.
void CallLog::run_checkpointer() {
  std::unique_lock lock(mutex_);
  std::uint64_t checkpointed = 0;
  for (;;) {
    wake_checkpointer_.wait_for(lock, kCheckpointInterval, [&] { return syncer_done_; });
    const bool done = syncer_done_;
    const std::uint64_t target = synced_;
    if (target > checkpointed) {
      lock.unlock();
      // PASSIVE copies what it can without holding up the writer. Under a steady load the writer
      // never leaves it a moment with nothing new, so the log would only grow (and with it the
      // shared-memory index samteld maps); past kRestartFrames a RESTART checkpoint holds the
      // writer for the rest of the copy and the fsync, and the log starts again from its head.
      int log_frames = 0, copied = 0;
      int rc = sqlite3_wal_checkpoint_v2(sync_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
      if (rc == SQLITE_OK && log_frames >= kRestartFrames) {
        rc = sqlite3_wal_checkpoint_v2(sync_db_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      }
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) set_error("checkpoint failed: " + errmsg(sync_db_));
      lock.lock();
      checkpointed = target;
      drained_.notify_all();
    }
    if (done) return;
  }
}

bool CallLog::write_batch(const std::vector<CallRecord>& batch) {
  const auto fail = [&] {
    std::string e = errmsg(db_);
    sqlite3_reset(st_->begin.s);
    sqlite3_reset(st_->commit.s);
    sqlite3_reset(st_->rollback.s);
    if (!sqlite3_get_autocommit(db_)) {
      sqlite3_step(st_->rollback.s);
      sqlite3_reset(st_->rollback.s);
    }
    set_error(std::move(e));
    return false;
  };
  sqlite3_reset(st_->begin.s);
  if (sqlite3_step(st_->begin.s) != SQLITE_DONE) return fail();
  sqlite3_stmt* call = st_->call.s;
  sqlite3_stmt* attempt = st_->attempt.s;
  for (const CallRecord& r : batch) {
    sqlite3_reset(call);
    bind_text(call, 1, r.call_id);
    bind_text(call, 2, format_utc(r.arrived));
    bind_opt_instant(call, 3, r.answered);
    bind_opt_instant(call, 4, r.ended);
    bind_text(call, 5, r.line);
    bind_text(call, 6, r.desk);
    bind_text(call, 7, r.mode);
    bind_text(call, 8, r.caller);
    sqlite3_bind_int(call, 9, r.open ? 1 : 0);
    bind_text(call, 10, r.day_type);
    sqlite3_bind_int(call, 11, r.coverage_gap ? 1 : 0);
    sqlite3_bind_int(call, 12, r.clock_fault ? 1 : 0);
    bind_text(call, 13, r.outcome);
    bind_opt_text(call, 14, r.answered_role);
    bind_opt_text(call, 15, r.answered_person);
    bind_opt_int(call, 16, r.wait_ms);
    bind_opt_int(call, 17, r.duration_s);
    bind_opt_text(call, 18, r.fallback);
    bind_text(call, 19, r.reason);
    if (sqlite3_step(call) != SQLITE_DONE) return fail();
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);
    int seq = 0;
    for (const AttemptRecord& a : r.attempts) {
      sqlite3_reset(attempt);
      sqlite3_bind_int64(attempt, 1, id);
      sqlite3_bind_int(attempt, 2, ++seq);
      bind_text(attempt, 3, a.role);
      bind_text(attempt, 4, a.person);
      bind_text(attempt, 5, a.address);
      bind_text(attempt, 6, format_utc(a.started));
      bind_text(attempt, 7, format_utc(a.ended));
      sqlite3_bind_int(attempt, 8, a.response);
      bind_text(attempt, 9, a.result);
      if (sqlite3_step(attempt) != SQLITE_DONE) return fail();
    }
  }
  sqlite3_reset(call);
  sqlite3_reset(attempt);
  sqlite3_reset(st_->commit.s);
  if (sqlite3_step(st_->commit.s) != SQLITE_DONE) return fail();
  return true;
}

}  // namespace samtel::fw
