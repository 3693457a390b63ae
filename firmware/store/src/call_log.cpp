#include "samtel/store/call_log.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
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

void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
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

namespace {

// SQLite's word for a file that is not (or no longer) a sound database.
bool is_damage(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

std::string compact_utc_now() {
  const std::string t = format_utc(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  std::string out;
  for (char c : t) {
    if (c != '-' && c != ':') out += c;
  }
  return out;  // 20261201T204000Z
}

}  // namespace

// Prepared once per connection, used for every batch.
struct CallLog::Statements {
  Stmt begin, commit, rollback, call, attempt;
};

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path) {
  return open(path, Options{});
}

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path, Options options) {
  std::unique_ptr<CallLog> log(new CallLog(path, std::move(options)));
  std::string error;
  if (!log->connect(error)) {
    if (log->newer_schema_) return tl::unexpected("call log " + path + ": refusing to downgrade: " + error);
    // Calls are routed without a call log rather than not at all: records are held and
    // journaled, and the writer tries again every retry interval.
    log->last_error_ = error;
    log->write_fault_ = "cannot open the call log: " + error;
    log->retry_at_ = std::chrono::steady_clock::now() + log->options_.retry_interval;
  }
  log->writer_ = std::thread([l = log.get()] { l->run_writer(); });
  log->syncer_ = std::thread([l = log.get()] { l->run_syncer(); });
  log->checkpointer_ = std::thread([l = log.get()] { l->run_checkpointer(); });
  return log;
}

CallLog::CallLog(std::string path, Options options) : path_(std::move(path)), options_(std::move(options)) {
  if (!options_.sync_file) options_.sync_file = [](int fd) { return ::fdatasync(fd) == 0 ? 0 : errno; };
}

CallLog::~CallLog() {
  close();
  if (wal_fd_ >= 0) ::close(wal_fd_);  // opened by a connect() the syncer never took up
}

// Moves a damaged database (and its write-ahead log) aside, so nothing in it is destroyed and a
// fresh one can start.
bool CallLog::move_aside(std::string& error) {
  const std::string aside = path_ + ".damaged-" + compact_utc_now();
  std::error_code ec;
  std::filesystem::rename(path_, aside, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    error = "cannot move the damaged database aside: " + ec.message();
    return false;
  }
  std::filesystem::rename(path_ + "-wal", aside + "-wal", ec);
  std::filesystem::remove(path_ + "-shm", ec);
  std::lock_guard lock(mutex_);
  moved_aside_ = aside;
  return true;
}

bool CallLog::connect(std::string& error) {
  for (int round = 0; round < 2; ++round) {
    if (damaged_) {
      if (!move_aside(error)) return false;
      damaged_ = false;
      checked_ = false;
    }
    int code = SQLITE_OK;
    if (open_connections(error, code)) return true;
    if (!is_damage(code) || newer_schema_) return false;
    damaged_ = true;
  }
  return false;
}

bool CallLog::open_connections(std::string& error, int& code) {
  sqlite3* db = nullptr;
  sqlite3* ckpt = nullptr;
  auto st = std::make_unique<Statements>();
  const char* vfs = options_.vfs.empty() ? nullptr : options_.vfs.c_str();
  const auto open_one = [&](sqlite3*& handle) {
    if (sqlite3_open_v2(path_.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        vfs) != SQLITE_OK) {
      return false;
    }
    // Wait for a lock in short steps (SQLite's own handler sleeps up to 100 ms at a time, which
    // an answer waiting for its record would feel): 200 µs at a time, for at most 5 s.
    sqlite3_busy_handler(handle, &short_waits, nullptr);
    sqlite3_extended_result_codes(handle, 1);
    return true;
  };
  const auto fail = [&](sqlite3* on, const std::string& what) {
    code = on != nullptr ? sqlite3_extended_errcode(on) : SQLITE_CANTOPEN;
    error = what + (on != nullptr ? ": " + errmsg(on) : "");
    st.reset();
    sqlite3_close_v2(db);  // _v2: closes once any statement still open is finalized
    sqlite3_close_v2(ckpt);
    return false;
  };
  if (!open_one(db)) return fail(db, "cannot open " + path_);
  if (!checked_) {
    // A damaged file found now is moved aside; one found while writing, at the next connect.
    Stmt check;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &check.s, nullptr) != SQLITE_OK) {
      return fail(db, "cannot check " + path_);
    }
    const int rc = sqlite3_step(check.s);
    if (rc != SQLITE_ROW) return fail(db, "cannot check " + path_);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(check.s, 0));
    const std::string result = text != nullptr ? text : "";
    if (result != "ok") {
      code = SQLITE_CORRUPT;
      error = path_ + " is damaged (quick_check: " + result + ")";
      sqlite3_finalize(check.s);
      check.s = nullptr;
      st.reset();
      sqlite3_close_v2(db);
      return false;
    }
    checked_ = true;
  }
  // Commits are not fsynced by the writer (synchronous=NORMAL keeps a committed transaction
  // through a crash of the process); the syncer thread fsyncs and checkpoints.
  // The log is only appended to: a small page cache does. journal_size_limit truncates the
  // write-ahead log back to 16 MB when it restarts after a long busy spell.
  std::string e;
  if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-256; PRAGMA journal_size_limit=16777216;",
            e)) {
    return fail(db, "cannot enable WAL");
  }
  int version = 0;
  {
    Stmt v;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &v.s, nullptr) != SQLITE_OK ||
        sqlite3_step(v.s) != SQLITE_ROW) {
      return fail(db, "cannot read schema version");
    }
    version = sqlite3_column_int(v.s, 0);
  }
  if (version > kSchemaVersion) {
    newer_schema_ = true;
    code = SQLITE_OK;
    error = "schema version " + std::to_string(version) + " is newer than this samteld's " +
            std::to_string(kSchemaVersion);
    st.reset();
    sqlite3_close_v2(db);
    return false;
  }
  if (version < 1) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kSchemaV1 + "PRAGMA user_version=1; COMMIT;";
    if (!exec(db, sql.c_str(), e)) {
      code = sqlite3_extended_errcode(db);
      std::string ignored;
      exec(db, "ROLLBACK", ignored);
      error = "cannot create schema: " + e;
      st.reset();
      sqlite3_close_v2(db);
      return false;
    }
  }
  if (sqlite3_prepare_v3(db, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &st->begin.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &st->commit.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &st->rollback.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, kInsertCall, -1, SQLITE_PREPARE_PERSISTENT, &st->call.s, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db, kInsertAttempt, -1, SQLITE_PREPARE_PERSISTENT, &st->attempt.s, nullptr) != SQLITE_OK) {
    return fail(db, "cannot prepare statements");
  }
  // The checkpointer's connection must have read the database to know it is in WAL mode; until
  // then a checkpoint on it does nothing.
  if (!open_one(ckpt)) return fail(ckpt, "cannot open a second connection");
  if (!exec(ckpt, "PRAGMA journal_mode=WAL; PRAGMA cache_size=16", e)) {
    return fail(ckpt, "cannot open a second connection");
  }
  db_ = db;
  st_ = std::move(st);
  {
    std::lock_guard lock(db_mutex_);
    ckpt_db_ = ckpt;
  }
  // The write-ahead log's descriptor is opened here, with the database (synchronously in open(),
  // before anything else can use up the descriptors), and handed to the syncer.
  const int wal = ::open((path_ + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
  std::lock_guard lock(mutex_);
  ++generation_;
  if (wal_fd_ >= 0) ::close(wal_fd_);
  wal_fd_ = wal;
  return true;
}

void CallLog::disconnect() {
  st_.reset();
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
  std::lock_guard lock(db_mutex_);
  if (ckpt_db_ != nullptr) sqlite3_close_v2(ckpt_db_);
  ckpt_db_ = nullptr;
}

CallLog::Stats CallLog::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return stats_;
    stopping_ = true;
  }
  wake_writer_.notify_all();
  if (writer_.joinable()) writer_.join();  // commits what is queued, then tells the syncer
  if (syncer_.joinable()) syncer_.join();  // syncs what was committed
  if (checkpointer_.joinable()) checkpointer_.join();
  disconnect();
  std::lock_guard lock(mutex_);
  closed_ = true;
  return stats_;
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
  if (processed_ >= target) {
    sync_now_ = true;
    wake_syncer_.notify_one();
  }
  drained_.wait(lock, [&] { return (processed_ >= target && synced_ >= target) || writer_done_; });
}

std::uint64_t CallLog::written() const {
  std::lock_guard lock(mutex_);
  return stats_.committed;
}

std::size_t CallLog::backlog(bool until_synced) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(queued_ - (until_synced ? std::min(synced_, processed_) : processed_));
}

std::optional<std::string> CallLog::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

std::optional<std::string> CallLog::fault() const {
  std::lock_guard lock(mutex_);
  return write_fault_ ? write_fault_ : sync_fault_;
}

std::optional<std::string> CallLog::moved_aside() const {
  std::lock_guard lock(mutex_);
  return moved_aside_;
}

CallLog::Stats CallLog::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void CallLog::set_error(std::string e) {
  std::lock_guard lock(mutex_);
  last_error_ = std::move(e);
}

// Sets (or clears) the write or the sync fault; tells the daemon when what `fault()` says changed.
void CallLog::update_fault(std::optional<std::string> CallLog::*which, std::optional<std::string> value) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    const auto before = write_fault_ ? write_fault_ : sync_fault_;
    this->*which = std::move(value);
    changed = before != (write_fault_ ? write_fault_ : sync_fault_);
  }
  if (changed && options_.on_health) options_.on_health();
}

void CallLog::journal(const CallRecord& r, const std::string& why) {
  if (options_.journal) options_.journal(r, why);
}

void CallLog::hold(CallRecord r) {
  if (held_.size() < options_.max_held) {
    held_.push_back(std::move(r));
    return;
  }
  std::lock_guard lock(mutex_);
  ++stats_.journal_only;  // past the bound: the journal has it, memory does not
}

// One try at committing what is held and `items`, in that order, in one transaction.
void CallLog::attempt(std::vector<Item>& items) {
  std::string error;
  bool ok = db_ != nullptr || connect(error);
  if (ok && !(held_.empty() && items.empty())) {
    std::vector<const CallRecord*> batch;
    batch.reserve(held_.size() + items.size());
    for (const CallRecord& r : held_) batch.push_back(&r);
    for (const Item& i : items) batch.push_back(&i.record);
    int code = SQLITE_OK;
    ok = write_batch(batch, code);
    if (!ok) {
      error = errmsg(db_);
      if (is_damage(code)) {
        // Moved aside and started afresh at the next try; what is held goes to the new one.
        damaged_ = true;
        disconnect();
      }
    }
  }
  const std::size_t late = ok ? held_.size() : 0;
  if (!ok) {
    set_error(error);
    retry_at_ = std::chrono::steady_clock::now() + options_.retry_interval;
    // In the journal before the answer leaves: no record exists only in memory.
    for (Item& i : items) journal(i.record, "cannot write the call log: " + error);
  }
  // Callbacks run before the records count as processed, so flush() cannot return (and its
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
    processed_ += items.size();
    if (ok) {
      stats_.committed += late + items.size();
      stats_.committed_late += late;
      late_unsynced_ = late_unsynced_ || late > 0;
      for (Item& i : items) {
        if (i.power_safe) {
          sync_wanted_ = processed_;
          if (i.durable) awaiting_sync_.emplace_back(processed_, std::move(i.durable));
        }
        unsynced_.emplace_back(processed_, std::move(i.record));
      }
    }
    // Sync at once when a record or flush() asks for it; otherwise on the syncer's interval.
    if (sync_wanted_ > synced_ && processed_ >= sync_wanted_) sync_now_ = wake_syncer = true;
  }
  if (ok) {
    if (late > 0) held_.clear();
  } else {
    for (Item& i : items) hold(std::move(i.record));
  }
  {
    std::lock_guard lock(mutex_);
    stats_.held = held_.size();
  }
  if (ok) update_fault(&CallLog::write_fault_, std::nullopt);
  else update_fault(&CallLog::write_fault_, "cannot write the call log: " + error);
  if (wake_syncer) wake_syncer_.notify_one();
  drained_.notify_all();
}

void CallLog::run_writer() {
  constexpr std::size_t kMaxBatch = 512;
  std::vector<Item> items;
  for (;;) {
    items.clear();
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        if (stopping_ || !queue_.empty()) break;
        // While records are held or the database is not open, try again every retry interval.
        const bool retry = !held_.empty() || db_ == nullptr;
        if (!retry) {
          wake_writer_.wait(lock);
          continue;
        }
        if (std::chrono::steady_clock::now() >= retry_at_) break;
        wake_writer_.wait_until(lock, retry_at_);
      }
      stopping = stopping_;
      while (!queue_.empty() && items.size() < kMaxBatch) {
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (stopping && items.empty()) break;
    attempt(items);
  }
  // Stopping: one last try for what is held; what is still held is only in the journal.
  if (!held_.empty()) attempt(items);
  {
    std::lock_guard lock(mutex_);
    stats_.journal_only += held_.size();
    stats_.held = 0;
    held_.clear();
    writer_done_ = true;
    sync_now_ = true;
  }
  wake_syncer_.notify_one();
  drained_.notify_all();
}

void CallLog::run_syncer() {
  int fd = -1;
  std::uint64_t fd_generation = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_syncer_.wait_for(lock, kSyncInterval, [&] { return sync_now_; });
    sync_now_ = false;
    // The log's descriptor, opened by connect() with the database (not at the first sync), so a
    // process out of descriptors later can still sync.
    if (generation_ != fd_generation && generation_ != 0) {
      if (fd >= 0) ::close(fd);
      fd = wal_fd_;
      wal_fd_ = -1;
      fd_generation = generation_;
    }
    const bool done = writer_done_;
    const std::uint64_t target = processed_;
    // After a failed sync, try again every interval until one succeeds (and the fault clears).
    if (target > synced_ || late_unsynced_ || sync_fault_) {
      std::vector<std::pair<std::uint64_t, CallRecord>> records;
      records.swap(unsynced_);
      const bool needed = !records.empty() || late_unsynced_ || sync_fault_;
      late_unsynced_ = false;
      const std::uint64_t generation = generation_;
      lock.unlock();
      bool ok = true;
      std::string error;
      if (needed) {
        if (fd >= 0 && fd_generation != generation) {
          ::close(fd);
          fd = -1;
        }
        if (fd < 0) {
          fd = ::open((path_ + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
          fd_generation = generation;
        }
        const int err = fd < 0 ? errno : options_.sync_file(fd);
        ok = err == 0;
        if (!ok) error = "cannot sync " + path_ + "-wal: " + std::strerror(err);
      }
      if (!ok) {
        // Committed, but the disk may not have them: the journal keeps a second copy.
        set_error(error);
        for (const auto& [seq, r] : records) journal(r, error);
      }
      update_fault(&CallLog::sync_fault_, ok ? std::nullopt : std::optional<std::string>(error));
      lock.lock();
      if (!ok) stats_.unsynced += records.size();
      std::vector<Durable> ready;
      auto split = std::stable_partition(awaiting_sync_.begin(), awaiting_sync_.end(),
                                         [&](const auto& a) { return a.first > target; });
      for (auto it = split; it != awaiting_sync_.end(); ++it) ready.push_back(std::move(it->second));
      awaiting_sync_.erase(split, awaiting_sync_.end());
      lock.unlock();
      // As in the writer: the callbacks run before the records count as synced.
      for (Durable& d : ready) d(ok);
      lock.lock();
      synced_ = std::max(synced_, target);
      drained_.notify_all();
      if (sync_wanted_ > synced_ && processed_ >= sync_wanted_) sync_now_ = true;
    } else {
      drained_.notify_all();
    }
    if (done && synced_ >= processed_ && unsynced_.empty()) {
      syncer_done_ = true;
      wake_checkpointer_.notify_one();
      break;
    }
  }
  lock.unlock();
  if (fd >= 0) ::close(fd);
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
    if (target > checkpointed || stats_.committed_late > 0) {
      lock.unlock();
      {
        std::lock_guard db_lock(db_mutex_);
        if (ckpt_db_ != nullptr) {
          // PASSIVE copies what it can without holding up the writer. Under a steady load the
          // writer never leaves it a moment with nothing new, so the log would only grow (and
          // with it the shared-memory index samteld maps); past kRestartFrames a RESTART
          // checkpoint holds the writer for the rest of the copy and the fsync, and the log
          // starts again from its head.
          int log_frames = 0, copied = 0;
          int rc = sqlite3_wal_checkpoint_v2(ckpt_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
          if (rc == SQLITE_OK && log_frames >= kRestartFrames) {
            rc = sqlite3_wal_checkpoint_v2(ckpt_db_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
          }
          if (rc != SQLITE_OK && rc != SQLITE_BUSY) set_error("checkpoint failed: " + errmsg(ckpt_db_));
        }
      }
      lock.lock();
      checkpointed = target;
    }
    if (done) return;
  }
}

bool CallLog::write_batch(const std::vector<const CallRecord*>& batch, int& code) {
  const auto fail = [&] {
    code = sqlite3_extended_errcode(db_);
    sqlite3_reset(st_->begin.s);
    sqlite3_reset(st_->commit.s);
    sqlite3_reset(st_->rollback.s);
    sqlite3_reset(st_->call.s);
    sqlite3_reset(st_->attempt.s);
    if (!sqlite3_get_autocommit(db_)) {
      sqlite3_step(st_->rollback.s);
      sqlite3_reset(st_->rollback.s);
    }
    return false;
  };
  sqlite3_reset(st_->begin.s);
  if (sqlite3_step(st_->begin.s) != SQLITE_DONE) return fail();
  sqlite3_stmt* call = st_->call.s;
  sqlite3_stmt* attempt = st_->attempt.s;
  for (const CallRecord* rp : batch) {
    const CallRecord& r = *rp;
    sqlite3_reset(call);
    bind_text(call, 1, r.call_id);
    bind_text(call, 2, format_utc(r.arrived));
    bind_opt_instant(call, 3, r.answered);
    bind_opt_instant(call, 4, r.ended);
    bind_text(call, 5, r.line);
    bind_text(call, 6, r.desk);
    bind_text(call, 7, to_string(r.mode));
    bind_text(call, 8, r.caller);
    sqlite3_bind_int(call, 9, r.open ? 1 : 0);
    bind_text(call, 10, r.day_type);
    sqlite3_bind_int(call, 11, r.coverage_gap ? 1 : 0);
    sqlite3_bind_int(call, 12, r.clock_fault ? 1 : 0);
    bind_text(call, 13, to_string(r.outcome));
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
      bind_text(attempt, 9, to_string(a.result));
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
