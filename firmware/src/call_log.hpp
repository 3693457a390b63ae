#pragma once
// call_log.hpp — the unit's call log: one record per call in a SQLite database, no patient data.
//
// Promises:
//  * `CallLog::open()` creates the database file if needed and migrates its schema to the current
//    version (PRAGMA user_version); it refuses a database from a newer version of samteld.
//  * The database runs in WAL mode. Every record is committed as soon as the writer thread takes
//    it (group commits, so a burst of calls costs one commit per batch); once committed it
//    survives a crash of the daemon. A record appended with `power_safe` is committed with
//    synchronous=FULL (fsync) before its callback runs, so it also survives a power loss; other
//    records reach the disk with the next fsync, at most `kSyncInterval` later.
//  * The event loop never waits for the disk: callbacks run on the writer thread.
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
  using Durable = std::function<void(bool ok)>;

  static tl::expected<std::unique_ptr<CallLog>, std::string> open(const std::string& path);
  ~CallLog();
  CallLog(const CallLog&) = delete;
  CallLog& operator=(const CallLog&) = delete;

  // Queues a record. `durable(true)` runs on the writer thread once it is committed;
  // `durable(false)` if the write failed (the error is kept in last_error()).
  void append(CallRecord record, Durable durable = {}, bool power_safe = false);
  // Blocks until everything queued so far is committed.
  void flush();

  std::uint64_t written() const;
  std::optional<std::string> last_error() const;

 private:
  explicit CallLog(sqlite3* db);
  void run();
  bool write_batch(std::vector<CallRecord>& batch, bool sync);
  struct Item {
    CallRecord record;
    Durable durable;
    bool power_safe = false;
  };

  sqlite3* db_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::uint64_t queued_ = 0, committed_ = 0;
  std::optional<std::string> last_error_;
  std::thread writer_;
};

}  // namespace samtel::fw
