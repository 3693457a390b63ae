#include "samtel/store/call_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

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

// Version 2: the caller's category and municipality beside the minimised number (records of
// version 1 read as unknown), and the unit's runs, from which the spans it was not running are
// known (docs/firmware.md).
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE calls ADD COLUMN caller_category TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE calls ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
CREATE TABLE unit_runs (
  id             INTEGER PRIMARY KEY,
  started_utc    TEXT NOT NULL,
  last_alive_utc TEXT NOT NULL,
  stopped_utc    TEXT,
  stop           TEXT CHECK (stop IN ('clean', 'crash'))
);
)sql";

// Monthly aggregates of the call records, kept when the records themselves are deleted for
// retention (samtel/store/call_log_purge.hpp): one row per site and local month, the statistics
// as samtel::statistics_json() writes them with every count.
constexpr const char* kSchemaCallMonths = R"sql(
CREATE TABLE call_months (
  site       TEXT NOT NULL,
  month      TEXT NOT NULL,
  from_utc   TEXT NOT NULL,
  to_utc     TEXT NOT NULL,
  statistics TEXT NOT NULL,
  made_utc   TEXT NOT NULL,
  PRIMARY KEY (site, month)
);
)sql";

// The schema, one step per version (PRAGMA user_version).
const store::Migration kMigrations[] = {
    {"the calls and attempts tables", kSchemaV1},
    {"the caller's category and municipality, and the unit's runs", kSchemaV2},
    {"the monthly aggregates table", kSchemaCallMonths},
};
static_assert(std::size(kMigrations) == CallLog::kSchemaVersion);

Instant system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void bind_opt_text(store::Statement& s, int i, const std::string& v) {
  if (v.empty())
    s.bind_null(i);
  else
    s.bind_text(i, v);
}
void bind_opt_int(store::Statement& s, int i, const std::optional<std::int64_t>& v) {
  if (v)
    s.bind_int64(i, *v);
  else
    s.bind_null(i);
}

// The text of each distinct instant of a record, formatted once (a redirected call's record has
// the same instant six times). The texts stay put until the next fill(), so they can be bound
// without a copy.
class InstantTexts {
 public:
  void fill(const CallRecord& r) {
    used_ = 0;
    add(r.arrived);
    if (r.answered) add(*r.answered);
    if (r.ended) add(*r.ended);
    for (const AttemptRecord& a : r.attempts) {
      add(a.started);
      add(a.ended);
    }
  }
  // `t` must be one of the record's instants.
  std::string_view operator[](Instant t) const {
    std::size_t i = 0;
    while (keys_[i] != t) ++i;
    return texts_[i];
  }
  void bind(store::Statement& s, int i, const std::optional<Instant>& t) const {
    if (t)
      s.bind_text(i, (*this)[*t]);
    else
      s.bind_null(i);
  }

 private:
  void add(Instant t) {
    for (std::size_t i = 0; i < used_; ++i) {
      if (keys_[i] == t) return;
    }
    if (used_ == keys_.size()) {
      keys_.push_back(t);
      texts_.push_back(format_utc(t));
    } else {
      keys_[used_] = t;
      texts_[used_] = format_utc(t);
    }
    ++used_;
  }
  std::vector<Instant> keys_;
  std::vector<std::string> texts_;
  std::size_t used_ = 0;
};

constexpr const char* kInsertCall =
    "INSERT INTO calls (call_id, arrived_utc, answered_utc, ended_utc, line, desk, mode, caller, "
    "open, day_type, coverage_gap, clock_fault, outcome, answered_role, answered_person, wait_ms, "
    "duration_s, fallback, reason, caller_category, municipality) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
// A run left open was not stopped cleanly: it ended when it was last known alive.
constexpr const char* kCloseCrashedRuns =
    "UPDATE unit_runs SET stopped_utc = last_alive_utc, stop = 'crash' WHERE stopped_utc IS NULL";
// Only while the row is open: another samteld may have ended it as a crash meanwhile.
constexpr const char* kStartRun =
    "INSERT INTO unit_runs (started_utc, last_alive_utc) VALUES (?, ?)";
constexpr const char* kRunAlive =
    "UPDATE unit_runs SET last_alive_utc = ? WHERE id = ? AND stopped_utc IS NULL";
constexpr const char* kStopRun =
    "UPDATE unit_runs SET last_alive_utc = ?, stopped_utc = ?, stop = 'clean' WHERE id = ? AND "
    "stopped_utc IS NULL";
constexpr const char* kInsertAttempt =
    "INSERT INTO attempts (call, seq, role, person, address, started_utc, ended_utc, response, "
    "result) VALUES (?,?,?,?,?,?,?,?,?)";

}  // namespace

// Prepared once per connection, used for every batch.
struct CallLog::Statements {
  store::Statement begin, commit, rollback, call, attempt;
};

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path) {
  return open(path, Options{});
}

tl::expected<std::unique_ptr<CallLog>, std::string> CallLog::open(const std::string& path,
                                                                  Options options) {
  std::unique_ptr<CallLog> log(new CallLog(path, std::move(options)));
  std::string error;
  if (!log->connect(error)) {
    if (log->newer_schema_)
      return tl::unexpected("call log " + path + ": refusing to downgrade: " + error);
    // A failed migration is not tried again at every retry: the file was put back as it was.
    if (log->migration_failed_) return tl::unexpected("call log " + path + ": " + error);
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

CallLog::CallLog(std::string path, Options options)
    : path_(std::move(path)), options_(std::move(options)) {
  if (!options_.sync_file)
    options_.sync_file = [](int fd) { return ::fdatasync(fd) == 0 ? 0 : errno; };
  if (!options_.now) options_.now = system_now;
}

CallLog::~CallLog() {
  close();
  if (wal_fd_ >= 0) ::close(wal_fd_);  // opened by a connect() the syncer never took up
}

// Moves a damaged database (and its write-ahead log) aside, so nothing in it is destroyed and a
// fresh one can start.
bool CallLog::move_aside(std::string& error) {
  auto aside = store::move_aside(path_);
  if (!aside) {
    error = aside.error();
    return false;
  }
  run_id_ = 0;  // the run goes on in the fresh file, from the instant it is opened
  std::lock_guard lock(mutex_);
  moved_aside_ = *aside;
  return true;
}

// Ends a run left open (the unit stopped without close(): a crash, a power loss, a kill) at its
// last known instant, and begins this one's row, in one transaction.
void CallLog::start_run() {
  if (!options_.record_run || !db_ || run_id_ != 0) return;
  const Instant now = options_.now();
  const std::string text = format_utc(now);
  auto begin = db_.exec("BEGIN IMMEDIATE");
  if (!begin) {
    set_error(begin.error().message);
    return;
  }
  auto crashed = db_.exec(kCloseCrashedRuns);
  auto insert = db_.prepare(kStartRun);
  bool ok = crashed && insert;
  if (ok) {
    insert->bind_text(1, text);
    insert->bind_text(2, text);
    ok = insert->step() == SQLITE_DONE;
  }
  const std::int64_t id = sqlite3_last_insert_rowid(db_.get());
  if (ok) ok = static_cast<bool>(db_.exec("COMMIT"));
  if (!ok) {
    set_error(db_.error("cannot begin the unit's run").message);
    (void)db_.exec("ROLLBACK");
    return;
  }
  run_id_ = id;
  alive_written_ = now;
  alive_due_ = std::chrono::steady_clock::now() + options_.alive_interval;
}

// Moves the run's last_alive_utc on, at most once an alive interval (of `Options::now`).
void CallLog::note_alive() {
  if (!options_.record_run || !db_) return;
  if (run_id_ == 0) {
    start_run();  // the first try failed; the database works again
    return;
  }
  alive_due_ = std::chrono::steady_clock::now() + options_.alive_interval;
  const Instant now = options_.now();
  if (now - alive_written_ < options_.alive_interval) return;
  auto update = db_.prepare(kRunAlive);
  if (!update) return set_error(update.error().message);
  const std::string text = format_utc(now);
  update->bind_text(1, text);
  update->bind_int64(2, run_id_);
  if (update->step() != SQLITE_DONE)
    return set_error(db_.error("cannot note the unit alive").message);
  alive_written_ = now;
}

void CallLog::stop_run() {
  if (!options_.record_run || !db_ || run_id_ == 0) return;
  auto update = db_.prepare(kStopRun);
  if (!update) return set_error(update.error().message);
  const std::string text = format_utc(options_.now());
  update->bind_text(1, text);
  update->bind_text(2, text);
  update->bind_int64(3, run_id_);
  if (update->step() != SQLITE_DONE)
    return set_error(db_.error("cannot end the unit's run").message);
  run_id_ = 0;
}

bool CallLog::connect(std::string& error) {
  for (int round = 0; round < 2; ++round) {
    if (damaged_) {
      if (!move_aside(error)) return false;
      damaged_ = false;
      checked_ = false;
    }
    int code = SQLITE_OK;
    if (open_connections(error, code)) {
      start_run();
      return true;
    }
    if (!store::is_damage(code) || newer_schema_ || migration_failed_) return false;
    damaged_ = true;
  }
  return false;
}

bool CallLog::open_connections(std::string& error, int& code) {
  const auto fail = [&](const store::DbError& e) {
    code = e.code;
    error = e.message;
    return false;
  };
  // A damaged file found now is moved aside; one found while writing, at the next connect.
  const store::DatabaseOptions options{
      .migrations = kMigrations, .connection = {.vfs = options_.vfs}, .quick_check = !checked_};
  auto db = store::open_database(path_, options);
  if (!db) {
    newer_schema_ = db.error().newer_schema;
    migration_failed_ = db.error().migration_failed;
    checked_ = checked_ || db.error().checked;  // checked once per file, not at every retry
    return fail(db.error());
  }
  checked_ = true;
  auto st = std::make_unique<Statements>();
  for (auto [to, sql] : {std::pair{&st->begin, "BEGIN IMMEDIATE"},
                         {&st->commit, "COMMIT"},
                         {&st->rollback, "ROLLBACK"},
                         {&st->call, kInsertCall},
                         {&st->attempt, kInsertAttempt}}) {
    auto prepared = db->prepare(sql);
    if (!prepared) return fail(db->error("cannot prepare statements"));
    *to = std::move(*prepared);
  }
  // The checkpointer's connection must have read the database to know it is in WAL mode (its
  // settings do); until then a checkpoint on it does nothing. The log is only appended to: a
  // small page cache does.
  auto ckpt = store::open_connection(path_, {.vfs = options_.vfs, .cache_kib = 64});
  if (!ckpt)
    return fail(store::DbError{ckpt.error().code,
                               "cannot open a second connection: " + ckpt.error().message});
  db_ = std::move(*db);
  st_ = std::move(st);
  {
    std::lock_guard lock(db_mutex_);
    ckpt_db_ = std::move(*ckpt);
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
  db_.close();
  std::lock_guard lock(db_mutex_);
  ckpt_db_.close();
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
  if (options_.on_append) options_.on_append(record);
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
  return static_cast<std::size_t>(queued_ -
                                  (until_synced ? std::min(synced_, processed_) : processed_));
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
void CallLog::update_fault(std::optional<std::string> CallLog::*which,
                           std::optional<std::string> value) {
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
  bool ok = db_ || connect(error);
  if (ok && !(held_.empty() && items.empty())) {
    std::vector<const CallRecord*> batch;
    batch.reserve(held_.size() + items.size());
    for (const CallRecord& r : held_) batch.push_back(&r);
    for (const Item& i : items) batch.push_back(&i.record);
    int code = SQLITE_OK;
    ok = write_batch(batch, code);
    if (ok) note_alive();  // before the records count as processed: flush() sees it done
    if (!ok) {
      error = sqlite3_errmsg(db_.get());
      if (store::is_damage(code)) {
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
  if (ok)
    update_fault(&CallLog::write_fault_, std::nullopt);
  else
    update_fault(&CallLog::write_fault_, "cannot write the call log: " + error);
  if (wake_syncer) wake_syncer_.notify_one();
  drained_.notify_all();
}

void CallLog::run_writer() {
  constexpr std::size_t kMaxBatch = 512;
  std::vector<Item> items;
  for (;;) {
    items.clear();
    bool stopping = false, beat = false;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        if (stopping_ || !queue_.empty()) break;
        // While records are held or the database is not open, try again every retry interval;
        // while a run is kept, wake for its heartbeat.
        const bool retry = !held_.empty() || !db_;
        const bool alive = options_.record_run && db_;
        const auto now = std::chrono::steady_clock::now();
        auto until = std::chrono::steady_clock::time_point::max();
        if (retry) {
          if (now >= retry_at_) break;
          until = retry_at_;
        }
        if (alive) {
          if (now >= alive_due_) {
            beat = true;
            break;
          }
          until = std::min(until, alive_due_);
        }
        if (until == std::chrono::steady_clock::time_point::max())
          wake_writer_.wait(lock);
        else
          wake_writer_.wait_until(lock, until);
      }
      stopping = stopping_;
      while (!queue_.empty() && items.size() < kMaxBatch) {
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (stopping && items.empty()) break;
    if (beat && items.empty() && held_.empty()) {
      note_alive();
      continue;
    }
    attempt(items);
  }
  // Stopping: one last try for what is held; what is still held is only in the journal.
  if (!held_.empty()) attempt(items);
  stop_run();
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
      for (auto it = split; it != awaiting_sync_.end(); ++it)
        ready.push_back(std::move(it->second));
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
        if (ckpt_db_) {
          const auto round = store::checkpoint_wal(ckpt_db_, kRestartFrames);
          if (!round) set_error(round.error().message);
        }
      }
      lock.lock();
      checkpointed = target;
    }
    if (done) return;
  }
}

bool CallLog::write_batch(const std::vector<const CallRecord*>& batch, int& code) {
  Statements& st = *st_;
  const auto fail = [&] {
    code = sqlite3_extended_errcode(db_.get());
    for (store::Statement* s : {&st.begin, &st.commit, &st.rollback, &st.call, &st.attempt})
      s->reset();
    if (!sqlite3_get_autocommit(db_.get())) {
      st.rollback.step();
      st.rollback.reset();
    }
    return false;
  };
  st.begin.reset();
  if (st.begin.step() != SQLITE_DONE) return fail();
  // Text is bound without a copy: the record (held by the caller) and `instants` outlive each
  // step, and every statement is reset, its bindings cleared, right after it.
  InstantTexts instants;
  store::Statement& call = st.call;
  store::Statement& attempt = st.attempt;
  for (const CallRecord* rp : batch) {
    const CallRecord& r = *rp;
    instants.fill(r);
    call.bind_text(1, r.call_id);
    call.bind_text(2, instants[r.arrived]);
    instants.bind(call, 3, r.answered);
    instants.bind(call, 4, r.ended);
    call.bind_text(5, r.line);
    call.bind_text(6, r.desk);
    call.bind_text(7, to_string(r.mode));
    call.bind_text(8, r.caller);
    call.bind_int64(9, r.open ? 1 : 0);
    call.bind_text(10, r.day_type);
    call.bind_int64(11, r.coverage_gap ? 1 : 0);
    call.bind_int64(12, r.clock_fault ? 1 : 0);
    call.bind_text(13, to_string(r.outcome));
    bind_opt_text(call, 14, r.answered_role);
    bind_opt_text(call, 15, r.answered_person);
    bind_opt_int(call, 16, r.wait_ms);
    bind_opt_int(call, 17, r.duration_s);
    bind_opt_text(call, 18, r.fallback);
    call.bind_text(19, r.reason);
    call.bind_text(20, to_string(r.caller_category));
    call.bind_text(21, r.municipality);
    if (call.step() != SQLITE_DONE) return fail();
    call.reset();
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db_.get());
    int seq = 0;
    for (const AttemptRecord& a : r.attempts) {
      attempt.bind_int64(1, id);
      attempt.bind_int64(2, ++seq);
      attempt.bind_text(3, a.role);
      attempt.bind_text(4, a.person);
      attempt.bind_text(5, a.address);
      attempt.bind_text(6, instants[a.started]);
      attempt.bind_text(7, instants[a.ended]);
      attempt.bind_int64(8, a.response);
      attempt.bind_text(9, to_string(a.result));
      if (attempt.step() != SQLITE_DONE) return fail();
      attempt.reset();
    }
  }
  st.commit.reset();
  if (st.commit.step() != SQLITE_DONE) return fail();
  st.commit.reset();
  return true;
}

}  // namespace samtel::fw
