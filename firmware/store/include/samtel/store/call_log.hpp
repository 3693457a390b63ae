#pragma once
// call_log.hpp — the unit's call log: one record per call in a SQLite database, no patient data.
//
// Promises:
//  * `CallLog::open()` creates the database file if needed and migrates its schema to the current
//    version (PRAGMA user_version); it refuses a database from a newer version of samteld, and one
//    whose migration failed (put back as it was from its copy `calls.db.pre-vN`: database.hpp) —
//    the only errors it returns. A database that fails `PRAGMA quick_check`, or that SQLite reports
//    damaged while running, is moved aside (`calls.db.damaged-<UTC time>`, with its write-ahead
//    log) and a fresh one started; `moved_aside()` names where it went.
//  * The database runs in WAL mode. Every record is committed as soon as the writer thread takes
//    it (group commits, so a burst of calls costs one commit per batch); once committed it
//    survives a crash of the daemon. Commits never wait for the disk: a second thread fsyncs the
//    write-ahead log at most `kSyncInterval` after a commit, so a record also survives a power
//    loss from then on. A record appended with `power_safe` has the log synced at once (one fsync
//    for all records committed by then) and its callback runs only after that sync. A third
//    thread checkpoints the log into the database file every `kCheckpointInterval`, and keeps it
//    from growing past `kRestartFrames` pages under a steady load.
//  * Storage that fails never loses a record silently. A record that cannot be committed (disk
//    full, I/O error, a damaged or unopenable database) is handed to `Options::journal` (the
//    daemon writes it to the system journal as one structured line) before its callback runs
//    with `false`, and is held in memory — up to `Options::max_held` records, beyond that it is
//    only in the journal and counted — and committed, in order, as soon as a write succeeds
//    again (retried every `Options::retry_interval` while nothing else is written). A failed
//    fsync hands every record committed since the last good one to the journal (the disk may not
//    have them) and runs their callbacks with `false`. `fault()` says what is wrong while anything
//    is; `Options::on_health` is told whenever that changes.
//  * The event loop never waits for the disk: callbacks run on the writer or syncer thread.
//  * `backlog()` says how many records wait for their commit (or sync), so a caller can refuse
//    new work when the disk falls behind instead of queueing without bound.
//  * The SQLite side (settings, the schema's migrations, the integrity check, moving a damaged
//    file aside, the checkpoint policy) is samtel/store/database.hpp's; this file adds the
//    threads, the batching and what happens when storage fails.
//  * With `Options::record_run` (samteld), the log keeps the unit's runs in `unit_runs`: a row is
//    begun when the database is first opened (started_utc), its `last_alive_utc` is moved on by
//    the writer thread at most once every `Options::alive_interval` (after a batch is committed,
//    or on its own when nothing is written), and `close()` ends it as `clean`. A row still open
//    at the next start was not stopped cleanly: it is ended as `crash` at its last_alive_utc, the
//    last instant the unit is known to have run. Instants come from `Options::now`.
//  * Only metadata is kept: times, line, desk, the caller's number as minimised by the unit's
//    policy, who was rung and who answered, the outcome. Never call content.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/store/database.hpp"
#include "samtel/time.hpp"

namespace samtel::fw {

class CallLog {
 public:
  static constexpr int kSchemaVersion = 3;
  static constexpr std::chrono::milliseconds kSyncInterval{200};
  static constexpr std::chrono::milliseconds kCheckpointInterval{1000};
  static constexpr int kRestartFrames = 4096;  // write-ahead log pages (16 MB) before a restart
  using Durable = std::function<void(bool ok)>;

  struct Options {
    std::size_t max_held = 10000;                    // records held while storage fails
    std::chrono::milliseconds retry_interval{1000};  // how often a failing write is retried
    std::string vfs;                                 // SQLite VFS name; empty: the default
    // fsyncs the write-ahead log's descriptor: 0, or an errno. Default fdatasync().
    std::function<int(int fd)> sync_file;
    // A record the call log could not make durable, and why. On a log thread, before the
    // record's callback runs.
    std::function<void(const CallRecord&, const std::string& why)> journal;
    // `fault()` may have changed. On a log thread; keep it short (post to the event loop).
    std::function<void()> on_health;
    // Each record as it is appended, on the appending thread, before it is queued (the daemon
    // counts calls for its metrics).
    std::function<void(const CallRecord&)> on_append;
    // Keep this process's run in `unit_runs` (samteld's; not a tool that appends records).
    bool record_run = false;
    std::chrono::seconds alive_interval{60};  // how often a run's last_alive_utc moves on
    std::function<Instant()> now;             // the wall clock for runs; default the system's
  };

  // What the call log did, for the daemon's stop line.
  struct Stats {
    std::uint64_t committed = 0;       // records committed (including those committed late)
    std::uint64_t committed_late = 0;  // of those, records held first while storage failed
    std::uint64_t held = 0;            // records held in memory now, waiting for storage
    // records past the bound or left at the stop: only in the journal
    std::uint64_t journal_only = 0;
    std::uint64_t unsynced = 0;  // committed records whose fsync failed (in the journal too)
  };

  static tl::expected<std::unique_ptr<CallLog>, std::string> open(const std::string& path);
  static tl::expected<std::unique_ptr<CallLog>, std::string> open(const std::string& path,
                                                                  Options options);
  ~CallLog();
  CallLog(const CallLog&) = delete;
  CallLog& operator=(const CallLog&) = delete;

  // Queues a record. `durable(true)` runs on a log thread once it is committed (for `power_safe`
  // records: once it is also synced to the disk); `durable(false)` once it has gone to the
  // journal instead (see above).
  void append(CallRecord record, Durable durable = {}, bool power_safe = false);
  // Blocks until everything queued so far is committed and synced, or held and journaled.
  void flush();
  // Commits what is queued, tries once more to commit what is held, stops the threads and says
  // what happened. Later calls return the same.
  Stats close();

  std::uint64_t written() const;  // records committed
  // Records queued but not yet committed; with `until_synced`, not yet synced to the disk.
  std::size_t backlog(bool until_synced = false) const;
  std::optional<std::string> last_error() const;
  // What is wrong with the storage now, if anything ("cannot write the call log: disk is full;
  // 12 record(s) held"); nullopt while writes and syncs succeed.
  std::optional<std::string> fault() const;
  // Where a damaged database was moved, if one was (at the open or since).
  std::optional<std::string> moved_aside() const;
  Stats stats() const;

 private:
  struct Statements;
  struct Item {
    CallRecord record;
    Durable durable;
    bool power_safe = false;
  };
  CallLog(std::string path, Options options);
  // The writer thread's (and open()'s): the two connections, the damaged file moved aside first.
  bool connect(std::string& error);
  bool open_connections(std::string& error, int& code);
  bool move_aside(std::string& error);
  void disconnect();
  void attempt(std::vector<Item>& items);
  bool write_batch(const std::vector<const CallRecord*>& batch, int& code);
  void run_writer();
  void run_syncer();
  void run_checkpointer();
  void set_error(std::string e);
  void update_fault(std::optional<std::string> CallLog::*which, std::optional<std::string> value);
  void journal(const CallRecord& r, const std::string& why);
  void hold(CallRecord r);
  // The writer's (and open()'s): the run's row begun, kept alive, ended clean.
  void start_run();
  void note_alive();
  void stop_run();

  const std::string path_;
  Options options_;
  // Touched by the writer thread only (and by open() before the threads start).
  store::Connection db_;
  std::unique_ptr<Statements> st_;
  bool checked_ = false;           // quick_check done on this file
  bool damaged_ = false;           // move the file aside at the next connect
  bool newer_schema_ = false;      // the file is from a newer samteld: refused, never touched
  bool migration_failed_ = false;  // a schema step failed: the file was put back, refused
  std::deque<CallRecord> held_;
  std::chrono::steady_clock::time_point retry_at_{};
  std::int64_t run_id_ = 0;  // this run's row in unit_runs; 0 while none is begun
  Instant alive_written_{};  // the last_alive_utc written last
  std::chrono::steady_clock::time_point alive_due_{};

  mutable std::mutex mutex_;  // guards every member from here to stats_, below
  std::condition_variable wake_writer_, wake_syncer_, wake_checkpointer_, drained_;
  std::deque<Item> queue_;
  bool stopping_ = false, writer_done_ = false, syncer_done_ = false, sync_now_ = false,
       closed_ = false;
  std::uint64_t queued_ = 0, processed_ = 0, synced_ = 0;  // sequence numbers of appended records
  std::uint64_t sync_wanted_ = 0;  // sync up to this record without waiting for the interval
  // power-safe callbacks by sequence
  std::vector<std::pair<std::uint64_t, Durable>> awaiting_sync_;
  std::vector<std::pair<std::uint64_t, CallRecord>> unsynced_;  // committed, not yet fsynced
  bool late_unsynced_ = false;  // held records committed late, not yet fsynced (journaled already)
  std::optional<std::string> last_error_, write_fault_, sync_fault_, moved_aside_;
  Stats stats_;
  // The checkpointer's connection and the write-ahead log's path; replaced when the writer
  // reconnects (after moving a damaged database aside), under `db_mutex_`.
  std::mutex db_mutex_;
  store::Connection ckpt_db_;
  std::uint64_t generation_ = 0;  // bumped at every connect; the syncer takes up `wal_fd_`
  int wal_fd_ = -1;               // the write-ahead log's descriptor, opened by connect()
  std::thread writer_, syncer_, checkpointer_;
};

}  // namespace samtel::fw
