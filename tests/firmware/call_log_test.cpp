// The call log: schema creation and version check, records and attempts as written, and that a
// committed record is there for another connection (what survives a crash of the daemon).
#include "samtel/store/call_log.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "samtel/file.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "support/damage.hpp"
#include "support/faulty_vfs.hpp"
#include "support/sqlite_files.hpp"

namespace samtel::fw {
namespace {

std::string temp_db(const std::string& name) { return test::fresh_db("calllog", name); }

using test::query;

CallRecord sample() {
  using namespace std::chrono;
  CallRecord r;
  r.call_id = "a84b4c76e66710@pc33.example";
  r.arrived = Instant{seconds{1795507200}};  // 2026-11-24T08:00:00Z
  r.answered = r.arrived + seconds{7};
  r.ended = r.arrived + seconds{187};
  r.line = "73553888";
  r.desk = "medisin";
  r.mode = RoutingMode::proxy;
  r.caller = "********01";
  r.open = true;
  r.day_type = "weekday";
  r.outcome = CallOutcome::escalated_answered;
  r.answered_role = "backup";
  r.answered_person = "ruud";
  r.wait_ms = 7012;
  r.duration_s = 180;
  r.reason = "Open (weekday hours 08:00-23:00).";
  r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", r.arrived,
                        r.arrived + seconds{5}, 0, AttemptResult::no_answer});
  r.attempts.push_back({"backup", "ruud", "sip:4111@pbx.example", r.arrived + seconds{5},
                        r.arrived + seconds{7}, 200, AttemptResult::answered});
  return r;
}

TEST(CallLog, CreatesSchemaAndWritesRecordsWithAttempts) {
  const std::string path = temp_db("calls.db");
  {
    auto log = CallLog::open(path);
    ASSERT_TRUE(log) << log.error();
    bool durable = false;
    (*log)->append(
        sample(), [&](bool ok) { durable = ok; }, true);
    (*log)->flush();
    EXPECT_TRUE(durable);
    EXPECT_EQ((*log)->written(), 1u);
    // Committed: another connection sees it while the log is still open (a crash now keeps it).
    EXPECT_EQ(
        query(path, "SELECT outcome, answered_person, wait_ms, duration_s, arrived_utc FROM calls"),
        "escalated-answered|ruud|7012|180|2026-11-24T08:00:00Z\n");
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "3\n");
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

TEST(CallLog, AFileSamteldWroteWithSchemaOneIsReadMigratedAndReadAgainWithUnknownCallers) {
  // tests/firmware/fixtures/calls-schema1.sql: a call log as samteld wrote it at schema version 1.
  // The admin service's reader takes it as it is; today's writer migrates it to version 2, and
  // its old records read as from unknown callers.
  const std::string path = temp_db("schema1.db");
  const auto sql =
      read_text_file(std::string(SAMTEL_SOURCE_DIR) + "/tests/firmware/fixtures/calls-schema1.sql");
  ASSERT_TRUE(sql) << sql.error();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql->c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_close(db);
  }
  const std::string schema_before = query(path, "SELECT sql FROM sqlite_schema ORDER BY name");

  auto reader = store::CallLogReader::open(path);
  ASSERT_TRUE(reader) << reader.error();
  using namespace std::chrono;
  const Instant from{seconds{1795392000}};  // 2026-11-23T00:00:00Z
  const Instant to = from + days{7};
  auto page = reader->calls(from, to, 0, 10);
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->calls.size(), 3u);
  EXPECT_FALSE(page->next);
  const CallRecord& redirected = page->calls[0].record;
  EXPECT_EQ(redirected.mode, RoutingMode::redirect);
  EXPECT_EQ(redirected.outcome, CallOutcome::redirected);
  EXPECT_EQ(format_utc(redirected.arrived), "2026-11-23T09:14:02Z");
  ASSERT_EQ(redirected.attempts.size(), 1u);
  EXPECT_EQ(redirected.attempts[0].result, AttemptResult::redirected);
  EXPECT_EQ(redirected.attempts[0].response, 302);
  const CallRecord& escalated = page->calls[1].record;
  EXPECT_EQ(escalated.outcome, CallOutcome::escalated_answered);
  EXPECT_EQ(escalated.answered_person, "ruud");
  EXPECT_EQ(escalated.wait_ms, 7012);
  ASSERT_EQ(escalated.attempts.size(), 2u);
  EXPECT_EQ(escalated.attempts[0].result, AttemptResult::no_answer);
  EXPECT_EQ(escalated.attempts[1].address, "sip:4111@pbx.example");
  const CallRecord& closed = page->calls[2].record;
  EXPECT_EQ(closed.outcome, CallOutcome::closed);
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.fallback, "Call the out-of-hours clinic on 116117.");
  EXPECT_EQ(closed.caller, "********77");
  EXPECT_EQ(closed.caller_category, CallerCategory::unknown);
  EXPECT_TRUE(reader->not_running(from, to, to)->empty());  // version 1 kept no runs

  // The writer migrates it (adding columns and tables, rebuilding nothing: step 2 the caller's
  // category and municipality and the unit's runs, step 3 the monthly aggregates' table) and
  // appends after the calls already there.
  {
    auto log = CallLog::open(path);
    ASSERT_TRUE(log) << log.error();
    CallRecord r = sample();
    r.caller_category = CallerCategory::nursing_home;
    r.municipality = "Malvik";
    (*log)->append(r);
    (*log)->flush();
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "3\n");
  EXPECT_NE(query(path, "SELECT sql FROM sqlite_schema ORDER BY name"), schema_before);
  EXPECT_EQ(query(path, "SELECT id, caller_category, municipality FROM calls ORDER BY id"),
            "1|unknown|\n2|unknown|\n3|unknown|\n4|nursing-home|Malvik\n");
  auto migrated = store::CallLogReader::open(path);
  ASSERT_TRUE(migrated) << migrated.error();
  auto all = migrated->calls(from, to, 0, 10);
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->calls.size(), 4u);
  EXPECT_EQ(all->calls[0].record.caller_category, CallerCategory::unknown);
  EXPECT_EQ(all->calls[0].record.municipality, "");
  EXPECT_EQ(all->calls[2].record.fallback, "Call the out-of-hours clinic on 116117.");
  EXPECT_EQ(all->calls[3].record.caller_category, CallerCategory::nursing_home);
  EXPECT_EQ(all->calls[3].record.municipality, "Malvik");
  EXPECT_EQ(query(path, "SELECT id, outcome FROM calls ORDER BY id"),
            "1|redirected\n2|escalated-answered\n3|closed\n4|escalated-answered\n");
  EXPECT_EQ(query(path, "SELECT count(*) FROM attempts"), "5\n");
  EXPECT_EQ(query(path, "PRAGMA integrity_check"), "ok\n");
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

TEST(CallLog, AnUnopenablePathRoutesOnAndJournalsEveryRecord) {
  // Calls are answered without a call log rather than not at all: the records go to the journal.
  std::vector<std::string> journaled;
  std::mutex m;
  CallLog::Options o;
  o.retry_interval = std::chrono::milliseconds(20);
  o.journal = [&](const CallRecord& r, const std::string& why) {
    std::lock_guard lock(m);
    journaled.push_back(r.call_id + " " + why);
  };
  auto log = CallLog::open("/nonexistent-dir/calls.db", o);
  ASSERT_TRUE(log) << log.error();
  ASSERT_TRUE((*log)->fault());
  EXPECT_NE(
      (*log)->fault()->find("cannot open the call log: cannot open /nonexistent-dir/calls.db"),
      std::string::npos)
      << *(*log)->fault();
  bool result = true;
  (*log)->append(
      sample(), [&](bool ok) { result = ok; }, true);
  (*log)->flush();
  EXPECT_FALSE(result);
  {
    std::lock_guard lock(m);
    ASSERT_EQ(journaled.size(), 1u);
    EXPECT_EQ(journaled[0].rfind("a84b4c76e66710@pc33.example cannot write the call log: ", 0), 0u)
        << journaled[0];
  }
  const CallLog::Stats st = (*log)->close();
  EXPECT_EQ(st.committed, 0u);
  EXPECT_EQ(st.journal_only, 1u);
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
  (*log)->append(
      sample(),
      [&](bool good) {
        ok = good;
        ++calls;
      },
      /*power_safe=*/true);
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

// ---------------------------------------------------------------------------------------------
// Failing storage: every record ends in the call log once storage works again, or in the journal.

class FailingStorage : public ::testing::Test {
 protected:
  void SetUp() override { test::faulty_vfs::reset(); }
  void TearDown() override { test::faulty_vfs::reset(); }

  CallLog::Options options() {
    CallLog::Options o;
    o.vfs = test::faulty_vfs::name();
    o.retry_interval = std::chrono::milliseconds(20);
    o.sync_file = [this](int fd) {
      return sync_errno.load() != 0 ? sync_errno.load() : ::fdatasync(fd) == 0 ? 0 : errno;
    };
    o.journal = [this](const CallRecord& r, const std::string& why) {
      std::lock_guard lock(m);
      journal.push_back({r.call_id, why});
      json.push_back(to_json(r));
    };
    o.on_health = [this] { ++health_changes; };
    return o;
  }

  void append(CallLog& log, int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      CallRecord r = sample();
      r.call_id = prefix + std::to_string(i);
      log.append(
          std::move(r), [this](bool ok) { ++(ok ? durable_ok : durable_failed); }, true);
    }
  }

  // Waits (a bounded time) until `done` holds.
  template <typename F>
  static bool eventually(F done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  std::size_t journaled() {
    std::lock_guard lock(m);
    return journal.size();
  }

  std::mutex m;
  std::vector<std::pair<std::string, std::string>> journal;
  std::vector<std::string> json;
  std::atomic<int> health_changes{0}, durable_ok{0}, durable_failed{0}, sync_errno{0};
};

TEST_F(FailingStorage, AFullDiskHoldsAndJournalsRecordsAndCommitsThemWhenSpaceReturns) {
  const std::string path = temp_db("full.db");
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log) << log.error();
  append(**log, 3, "before-");
  (*log)->flush();
  test::faulty_vfs::fail_writes(SQLITE_FULL);
  append(**log, 40, "full-");
  (*log)->flush();
  // Every answer went out (its callback ran), each record is in the journal and held.
  EXPECT_EQ(durable_ok.load(), 3);
  EXPECT_EQ(durable_failed.load(), 40);
  EXPECT_EQ(journaled(), 40u);
  {
    std::lock_guard lock(m);
    EXPECT_EQ(journal.front().first, "full-0");
    EXPECT_EQ(journal.front().second, "cannot write the call log: database or disk is full");
    EXPECT_EQ(
        json.front().rfind("{\"call_id\":\"full-0\",\"arrived_utc\":\"2026-11-24T08:00:00Z\"", 0),
        0u)
        << json.front();
  }
  EXPECT_EQ((*log)->fault(), "cannot write the call log: database or disk is full");
  EXPECT_EQ((*log)->stats().held, 40u);
  EXPECT_EQ((*log)->written(), 3u);
  EXPECT_GE(health_changes.load(), 1);
  EXPECT_GT(test::faulty_vfs::refused(), 0);
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "3\n");

  // Space returns: the held records are committed, in order, without a new call; the fault clears.
  test::faulty_vfs::fail_writes(0);
  ASSERT_TRUE(eventually([&] { return (*log)->written() == 43u; })) << (*log)->written();
  EXPECT_TRUE(eventually([&] { return !(*log)->fault(); })) << *(*log)->fault();
  EXPECT_EQ(query(path,
                  "SELECT count(*), min(call_id), count(DISTINCT call_id) FROM calls WHERE call_id "
                  "LIKE 'full-%'"),
            "40|full-0|40\n");
  EXPECT_EQ(query(path, "SELECT count(*) FROM attempts"), "86\n");
  append(**log, 2, "after-");
  const CallLog::Stats st = (*log)->close();
  EXPECT_EQ(st.committed, 45u);
  EXPECT_EQ(st.committed_late, 40u);
  EXPECT_EQ(st.journal_only, 0u);
  EXPECT_EQ(st.held, 0u);
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "45\n");
}

TEST_F(FailingStorage, AnIoErrorOnCommitIsHeldLikeAFullDisk) {
  const std::string path = temp_db("ioerr.db");
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log);
  test::faulty_vfs::fail_writes(SQLITE_IOERR_WRITE);
  append(**log, 10, "io-");
  (*log)->flush();
  EXPECT_EQ(durable_failed.load(), 10);
  EXPECT_EQ((*log)->fault(), "cannot write the call log: disk I/O error");
  test::faulty_vfs::fail_writes(0);
  ASSERT_TRUE(eventually([&] { return (*log)->written() == 10u && !(*log)->fault(); }));
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "10\n");
}

TEST_F(FailingStorage, PastTheBoundRecordsAreOnlyInTheJournalAndCounted) {
  const std::string path = temp_db("bound.db");
  CallLog::Options o = options();
  o.max_held = 10;
  auto log = CallLog::open(path, o);
  ASSERT_TRUE(log);
  test::faulty_vfs::fail_writes(SQLITE_FULL);
  append(**log, 25, "b-");
  (*log)->flush();
  EXPECT_EQ(journaled(), 25u);
  EXPECT_EQ((*log)->stats().held, 10u);
  EXPECT_EQ((*log)->stats().journal_only, 15u);
  test::faulty_vfs::fail_writes(0);
  ASSERT_TRUE(eventually([&] { return (*log)->written() == 10u; }));
  // The first ten are committed; the rest are in the journal only.
  EXPECT_EQ(query(path, "SELECT min(call_id), max(call_id) FROM calls"), "b-0|b-9\n");
  EXPECT_EQ((*log)->close().journal_only, 15u);
}

TEST_F(FailingStorage, RecordsStillHeldAtTheStopAreCountedAsOnlyInTheJournal) {
  const std::string path = temp_db("stop.db");
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log);
  test::faulty_vfs::fail_writes(SQLITE_FULL);
  append(**log, 4, "s-");
  const CallLog::Stats st = (*log)->close();
  EXPECT_EQ(st.committed, 0u);
  EXPECT_EQ(st.journal_only, 4u);
  EXPECT_EQ(journaled(), 4u);
}

TEST_F(FailingStorage, AFailedFsyncJournalsWhatItCoveredAndTheFaultClearsWithTheNextGoodSync) {
  const std::string path = temp_db("fsync.db");
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log);
  sync_errno = EIO;
  append(**log, 5, "f-");
  (*log)->flush();
  // Committed, but the disk may not have them: the answers went out, the journal has a copy.
  EXPECT_EQ((*log)->written(), 5u);
  EXPECT_EQ(durable_failed.load(), 5);
  EXPECT_EQ(journaled(), 5u);
  {
    std::lock_guard lock(m);
    EXPECT_EQ(journal[0].second, "cannot sync " + path + "-wal: Input/output error");
  }
  EXPECT_EQ((*log)->fault(), "cannot sync " + path + "-wal: Input/output error");
  EXPECT_EQ((*log)->stats().unsynced, 5u);
  sync_errno = 0;
  // The syncer tries again every interval; the first good sync clears the fault.
  ASSERT_TRUE(eventually([&] { return !(*log)->fault(); }));
  append(**log, 1, "g-");
  (*log)->flush();
  EXPECT_EQ(durable_ok.load(), 1);
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "6\n");
}

TEST_F(FailingStorage, AnSyncErrorWhileOpeningStartsWithoutTheDatabaseAndRecovers) {
  // Switching a new database to WAL syncs it: failing that, the log starts without a database,
  // journals and holds, and opens it once syncs succeed.
  test::faulty_vfs::fail_syncs(SQLITE_IOERR_FSYNC);
  const std::string path = temp_db("ssync.db");
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log);
  EXPECT_GT(test::faulty_vfs::refused(), 0);
  ASSERT_TRUE((*log)->fault());
  EXPECT_EQ(*(*log)->fault(), "cannot open the call log: cannot enable WAL: disk I/O error");
  append(**log, 3, "x-");
  (*log)->flush();
  EXPECT_EQ(durable_failed.load(), 3);
  test::faulty_vfs::fail_syncs(0);
  ASSERT_TRUE(eventually([&] { return (*log)->written() == 3u && !(*log)->fault(); }));
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "3\n");
}

std::vector<std::string> damaged_copies(const std::string& path) {
  std::vector<std::string> out;
  const auto dir = std::filesystem::path(path).parent_path();
  const std::string stem = std::filesystem::path(path).filename().string() + ".damaged-";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(stem, 0) == 0) out.push_back(e.path().string());
  }
  return out;
}

TEST_F(FailingStorage, ADatabaseThatIsNotOneAnyMoreIsMovedAsideAndAFreshOneStarted) {
  const std::string path = temp_db("notadb.db");
  for (const auto& old : damaged_copies(path)) std::filesystem::remove(old);
  {
    auto log = CallLog::open(path, options());
    ASSERT_TRUE(log);
    append(**log, 3, "old-");
  }
  test::damage(path, 0, 100);  // the header
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log) << log.error();
  ASSERT_TRUE((*log)->moved_aside());
  EXPECT_EQ((*log)->moved_aside()->rfind(path + ".damaged-", 0), 0u) << *(*log)->moved_aside();
  EXPECT_EQ(damaged_copies(path).size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(*(*log)->moved_aside()));
  EXPECT_FALSE((*log)->fault());
  append(**log, 2, "new-");
  (*log)->flush();
  EXPECT_EQ(query(path, "SELECT count(*) FROM calls"), "2\n");
}

TEST_F(FailingStorage, ADamagedPageFoundByQuickCheckIsMovedAside) {
  const std::string path = temp_db("page.db");
  for (const auto& old : damaged_copies(path)) std::filesystem::remove(old);
  {
    auto log = CallLog::open(path, options());
    ASSERT_TRUE(log);
    append(**log, 400, "p-");  // several pages of calls and attempts
  }
  ASSERT_GT(std::filesystem::file_size(path), 8u * 4096);
  test::damage(path, 4096 * 2, 12);  // the header of a b-tree page
  auto log = CallLog::open(path, options());
  ASSERT_TRUE(log) << log.error();
  ASSERT_TRUE((*log)->moved_aside());
  append(**log, 1, "q-");
  (*log)->flush();
  EXPECT_EQ(query(path, "SELECT call_id FROM calls"), "q-0\n");
  EXPECT_EQ(query(path, "PRAGMA quick_check"), "ok\n");
}

}  // namespace
}  // namespace samtel::fw
