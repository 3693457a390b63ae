#pragma once
// call_log.hpp — the unit's call log: one record per call in a SQLite database, no patient data.
//
// Promises:
//  * `CallLog::open()` creates the database file if needed and migrates its schema to the current
//    version (PRAGMA user_version); it refuses a database from a newer version of samteld.
//  * The database runs in WAL mode. Every record is committed as soon as the writer thread takes
//    it (group commits, so a burst of calls costs one commit per batch); once committed it
//    survives a crash of the daemon. Commits never wait for the disk: a second thread fsyncs the
//    write-ahead log at most `kSyncInterval` after a commit, so a record also survives a power
//    loss from then on. A record appended with `power_safe` has the log synced at once (one fsync
//    for all records committed by then) and its callback runs only after that sync. A third
//    thread checkpoints the log into the database file every `kCheckpointInterval`, and keeps it
//    from growing past `kRestartFrames` pages under a steady load.
//  * The event loop never waits for the disk: callbacks run on the writer or syncer thread.
//  * `backlog()` says how many records wait for their commit (or sync), so a caller can refuse
//    new work when the disk falls behind instead of queueing without bound.
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

#include "samtel/time.hpp"

struct sqlite3;

namespace samtel::fw {

struct AttemptRecord {
  std::string role, person, address;
  Instant started, ended;
  int response = 0;    // final SIP status from that branch; 0 if none (timed out, cancelled)
  std::string result;  // "answered", "no-answer", "busy", "declined", "unavailable", "cancelled", "error"
};

struct CallRecord {
  std::string call_id;      // the SIP Call-ID, to match the exchange's own records
  Instant arrived;
  std::optional<Instant> answered, ended;
  std::string line, desk, mode;  // mode: "redirect" or "proxy"
  std::string caller;            // minimised (see unit policy)
  bool open = false;
  std::string day_type;
  bool coverage_gap = false;
  bool clock_fault = false;
  // "redirected", "answered", "escalated-answered", "fallback", "closed", "caller-gave-up",
  // "failed"
  std::string outcome;
  std::string answered_role, answered_person;
  std::optional<std::int64_t> wait_ms;     // arrival to answer
  std::optional<std::int64_t> duration_s;  // answer to BYE
  std::string fallback;                    // where the caller was sent, if anywhere
  std::string reason;                      // the routing decision in plain language
  std::vector<AttemptRecord> attempts;
};

class CallLog {
 public:
  static constexpr int kSchemaVersion = 1;
  static constexpr std::chrono::milliseconds kSyncInterval{200};
  static constexpr std::chrono::milliseconds kCheckpointInterval{1000};
  static constexpr int kRestartFrames = 4096;  // write-ahead log pages (16 MB) before a restart
  using Durable = std::function<void(bool ok)>;

  static tl::expected<std::unique_ptr<CallLog>, std::string> open(const std::string& path);
  ~CallLog();
  CallLog(const CallLog&) = delete;
  CallLog& operator=(const CallLog&) = delete;

  // Queues a record. `durable(true)` runs on a log thread once it is committed (for `power_safe`
  // records: once it is also synced to the disk); `durable(false)` if the write failed (the error
  // is kept in last_error()).
  void append(CallRecord record, Durable durable = {}, bool power_safe = false);
  // Blocks until everything queued so far is committed and synced to the disk.
  void flush();

  std::uint64_t written() const;  // records committed
  // Records queued but not yet committed; with `until_synced`, not yet synced to the disk.
  std::size_t backlog(bool until_synced = false) const;
  std::optional<std::string> last_error() const;

 private:
  struct Statements;
  CallLog(sqlite3* db, sqlite3* sync_db, std::string wal_path, std::unique_ptr<Statements> st);
  void run_writer();
  void run_syncer();
  void run_checkpointer();
  bool write_batch(const std::vector<CallRecord>& batch);
  bool sync_to_disk();
  void set_error(std::string e);
  struct Item {
    CallRecord record;
    Durable durable;
    bool power_safe = false;
  };

  sqlite3* db_;       // the writer thread's connection
  sqlite3* sync_db_;  // the checkpointer thread's connection
  std::string wal_path_;
  int wal_fd_ = -1;
  std::unique_ptr<Statements> st_;
  mutable std::mutex mutex_;
  std::condition_variable wake_writer_, wake_syncer_, wake_checkpointer_, drained_;
  std::deque<Item> queue_;
  bool stopping_ = false, writer_done_ = false, syncer_done_ = false, sync_now_ = false;
  std::uint64_t queued_ = 0, committed_ = 0, synced_ = 0;
  std::uint64_t sync_wanted_ = 0;  // sync up to this record without waiting for the interval
  std::vector<std::pair<std::uint64_t, Durable>> awaiting_sync_;  // power-safe callbacks by sequence
  std::optional<std::string> last_error_;
  std::thread writer_, syncer_, checkpointer_;
};

}  // namespace samtel::fw
