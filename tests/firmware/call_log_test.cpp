// The call log: schema creation and version check, records and attempts as written, and that a
// committed record is there for another connection (what survives a crash of the daemon).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <string>

#include "call_log.hpp"

namespace samtel::fw {
namespace {

std::string temp_db(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("samtel-calllog-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  std::filesystem::remove(p.string() + "-wal");
  std::filesystem::remove(p.string() + "-shm");
  return p.string();
}

std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  std::string out;
  sqlite3_exec(db, sql.c_str(), [](void* o, int n, char** v, char**) {
    auto& s = *static_cast<std::string*>(o);
    for (int i = 0; i < n; ++i) s += std::string(v[i] ? v[i] : "NULL") + (i + 1 < n ? "|" : "\n");
    return 0;
  }, &out, nullptr);
  sqlite3_close(db);
  return out;
}

CallRecord sample() {
  using namespace std::chrono;
  CallRecord r;
  r.call_id = "a84b4c76e66710@pc33.example";
  r.arrived = Instant{seconds{1795507200}};  // 2026-11-24T08:00:00Z
  r.answered = r.arrived + seconds{7};
  r.ended = r.arrived + seconds{187};
  r.line = "73553888";
  r.desk = "medisin";
  r.mode = "proxy";
  r.caller = "********01";
  r.open = true;
  r.day_type = "weekday";
  r.outcome = "escalated-answered";
  r.answered_role = "backup";
  r.answered_person = "ruud";
  r.wait_ms = 7012;
  r.duration_s = 180;
  r.reason = "Open (weekday hours 08:00-23:00).";
  r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", r.arrived, r.arrived + seconds{5}, 0, "no-answer"});
  r.attempts.push_back({"backup", "ruud", "sip:4111@pbx.example", r.arrived + seconds{5}, r.arrived + seconds{7}, 200, "answered"});
  return r;
}

TEST(CallLog, CreatesSchemaAndWritesRecordsWithAttempts) {
  const std::string path = temp_db("calls.db");
  {
    auto log = CallLog::open(path);
    ASSERT_TRUE(log) << log.error();
    bool durable = false;
    (*log)->append(sample(), [&](bool ok) { durable = ok; }, true);
    (*log)->flush();
    EXPECT_TRUE(durable);
    EXPECT_EQ((*log)->written(), 1u);
    // Committed: another connection sees it while the log is still open (a crash now keeps it).
    EXPECT_EQ(query(path, "SELECT outcome, answered_person, wait_ms, duration_s, arrived_utc FROM calls"),
              "escalated-answered|ruud|7012|180|2026-11-24T08:00:00Z\n");
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "1\n");
  EXPECT_EQ(query(path, "PRAGMA journal_mode"), "wal\n");
  EXPECT_EQ(query(path, "SELECT seq, person, result, response FROM attempts ORDER BY seq"),
            "1|fjeld|no-answer|0\n2|ruud|answered|200\n");
  // Reopening keeps the data and does not migrate again.
  auto again = CallLog::open(path);
  ASSERT_TRUE(again);
  (*again)->append(sample());
  (*again)->flush();
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "2\n");
}

TEST(CallLog, RefusesADatabaseFromANewerVersion) {
  const std::string path = temp_db("newer.db");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto log = CallLog::open(path);
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().find("schema version 7 is newer"), std::string::npos) << log.error();
}

TEST(CallLog, ReportsAnUnopenablePath) {
  auto log = CallLog::open("/nonexistent-dir/calls.db");
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().find("/nonexistent-dir/calls.db"), std::string::npos);
}

TEST(CallLog, ABurstIsWrittenInFull) {
  const std::string path = temp_db("burst.db");
  auto log = CallLog::open(path);
  ASSERT_TRUE(log);
  for (int i = 0; i < 2000; ++i) {
    CallRecord r = sample();
    r.call_id = "burst-" + std::to_string(i);
    (*log)->append(std::move(r));
  }
  (*log)->flush();
  EXPECT_EQ(query(path, "SELECT count(*), count(DISTINCT call_id) FROM calls"), "2000|2000\n");
  EXPECT_EQ(query(path, "SELECT count(*) FROM attempts"), "4000\n");
}


// Another connection holding the write lock, as a stalled disk or a long report query would.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  }
  void release() {
    if (db_ == nullptr) return;
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }
  ~WriteLock() { release(); }

 private:
  sqlite3* db_ = nullptr;
};

TEST(CallLog, BacklogCountsRecordsWaitingForTheirCommit) {
  const std::string path = temp_db("backlog.db");
  auto log = CallLog::open(path);
  ASSERT_TRUE(log);
  WriteLock lock(path);
  for (int i = 0; i < 5; ++i) (*log)->append(sample());
  EXPECT_EQ((*log)->backlog(), 5u);
  EXPECT_EQ((*log)->written(), 0u);
  lock.release();
  (*log)->flush();
  EXPECT_EQ((*log)->backlog(), 0u);
  EXPECT_EQ((*log)->written(), 5u);
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "5\n");
}

TEST(CallLog, APowerSafeRecordIsSyncedBeforeItsCallbackAndTheLogIsCheckpointed) {
  const std::string path = temp_db("sync.db");
  auto log = CallLog::open(path);
  ASSERT_TRUE(log);
  std::atomic<int> calls{0};
  std::atomic<bool> ok{false};
  (*log)->append(sample(), [&](bool good) { ok = good; ++calls; }, /*power_safe=*/true);
  (*log)->flush();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(ok.load());
  EXPECT_FALSE((*log)->last_error()) << *(*log)->last_error();
  // The checkpointer copies the write-ahead log into the database file within its interval: a
  // reader that ignores the log (immutable=1 reads only the main file) then sees the record.
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + 10 * CallLog::kCheckpointInterval;
  while (seen.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    seen = query("file:" + path + "?immutable=1", "SELECT call_id FROM calls");
  }
  EXPECT_EQ(seen, "a84b4c76e66710@pc33.example\n");
}

TEST(CallLog, TheWriteAheadLogStaysBoundedUnderASteadyLoad) {
  // Records arriving without a pause for several checkpoint intervals: a PASSIVE checkpoint never
  // catches up with the writer, so without the RESTART the log would hold every record.
  const std::string path = temp_db("steady.db");
  auto log = CallLog::open(path);
  ASSERT_TRUE(log);
  constexpr int kRounds = 4500, kPerRound = 10;  // 10 records a millisecond for 4.5 s
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kPerRound; ++i) {
      CallRecord r = sample();
      r.call_id = "steady-" + std::to_string(round) + "-" + std::to_string(i);
      (*log)->append(std::move(r));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  (*log)->flush();
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), std::to_string(kRounds * kPerRound) + "\n");
  const auto wal = std::filesystem::file_size(path + "-wal");
  const auto db = std::filesystem::file_size(path);
  // 45,000 records take about 18 MB in the database. The log holds what the writer adds between
  // two checkpoints (about 30 MB at this rate of small commits); without the RESTART it held every
  // commit (about 150 MB here).
  EXPECT_GT(db, 15u << 20) << "wal " << wal;
  EXPECT_LT(wal, 64u << 20) << "db " << db;
}

}  // namespace
}  // namespace samtel::fw
