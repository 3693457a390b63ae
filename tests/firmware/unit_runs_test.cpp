// The unit's runs in the call log (schema version 2): begun at the open, kept alive by the
// writer at most once a minute, ended clean at the close, closed as a crash at the next start
// when left open; and the spans the unit was not running, read back for the deviations. Real
// SQLite files; the wall clock is injected.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/config.hpp"
#include "samtel/deviations.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "support/sqlite_files.hpp"

namespace samtel::fw {
namespace {

using namespace std::chrono_literals;

std::string temp_db(const std::string& name) { return test::fresh_db("unitruns", name); }

using test::query;

Instant utc(const char* text) { return *parse_utc(text); }

// The wall clock the call log reads, set by the test.
struct TestClock {
  std::atomic<std::int64_t> seconds{0};
  void set(Instant t) { seconds = t.time_since_epoch().count(); }
  Instant now() const { return Instant{std::chrono::seconds{seconds.load()}}; }
};

std::unique_ptr<CallLog> open_run(const std::string& path, TestClock& clock) {
  CallLog::Options o;
  o.record_run = true;
  o.now = [&clock] { return clock.now(); };
  auto log = CallLog::open(path, o);
  EXPECT_TRUE(log) << log.error();
  return log ? std::move(*log) : nullptr;
}

CallRecord record(Instant arrived) {
  CallRecord r;
  r.call_id = "run-" + format_utc(arrived);
  r.arrived = arrived;
  r.ended = arrived;
  r.line = "73553888";
  r.desk = "medisin";
  r.outcome = CallOutcome::redirected;
  r.reason = "Open.";
  return r;
}

const char* kRuns =
    "SELECT started_utc, last_alive_utc, stopped_utc, stop FROM unit_runs ORDER BY id";

TEST(UnitRuns, ARunIsKeptAliveAtMostOnceAMinuteAndEndsClean) {
  const std::string path = temp_db("clean.db");
  TestClock clock;
  clock.set(utc("2027-03-02T09:00:00Z"));
  auto log = open_run(path, clock);
  ASSERT_TRUE(log);
  EXPECT_EQ(query(path, kRuns), "2027-03-02T09:00:00Z|2027-03-02T09:00:00Z|NULL|NULL\n");
  clock.set(utc("2027-03-02T09:00:30Z"));
  log->append(record(clock.now()));
  log->flush();
  EXPECT_EQ(query(path, kRuns), "2027-03-02T09:00:00Z|2027-03-02T09:00:00Z|NULL|NULL\n");
  clock.set(utc("2027-03-02T09:05:00Z"));
  log->append(record(clock.now()));
  log->flush();
  EXPECT_EQ(query(path, kRuns), "2027-03-02T09:00:00Z|2027-03-02T09:05:00Z|NULL|NULL\n");
  clock.set(utc("2027-03-02T09:06:00Z"));
  log->close();
  EXPECT_EQ(query(path, kRuns),
            "2027-03-02T09:00:00Z|2027-03-02T09:06:00Z|2027-03-02T09:06:00Z|clean\n");
}

TEST(UnitRuns, ARunLeftOpenIsClosedAsACrashAtItsLastKnownInstantAndDowntimeIsReadBack) {
  const std::string path = temp_db("crash.db");
  TestClock clock;
  clock.set(utc("2027-03-02T09:00:00Z"));  // 10:00 in Trondheim, a Tuesday
  auto crashed = open_run(path, clock);
  ASSERT_TRUE(crashed);
  clock.set(utc("2027-03-02T09:02:00Z"));
  crashed->append(record(clock.now()));
  crashed->flush();
  // The next samteld starts while the first never stopped: its run is a crash, ended at 09:02.
  clock.set(utc("2027-03-02T09:10:00Z"));
  auto next = open_run(path, clock);
  ASSERT_TRUE(next);
  EXPECT_EQ(query(path, kRuns),
            "2027-03-02T09:00:00Z|2027-03-02T09:02:00Z|2027-03-02T09:02:00Z|crash\n"
            "2027-03-02T09:10:00Z|2027-03-02T09:10:00Z|NULL|NULL\n");
  crashed->close();  // too late to call it clean
  clock.set(utc("2027-03-02T09:20:00Z"));
  next->close();
  EXPECT_EQ(query(path, kRuns),
            "2027-03-02T09:00:00Z|2027-03-02T09:02:00Z|2027-03-02T09:02:00Z|crash\n"
            "2027-03-02T09:10:00Z|2027-03-02T09:20:00Z|2027-03-02T09:20:00Z|clean\n");

  auto reader = store::CallLogReader::open(path);
  ASSERT_TRUE(reader) << reader.error();
  auto down = reader->not_running(utc("2027-03-02T08:00:00Z"), utc("2027-03-02T10:00:00Z"),
                                  utc("2027-03-02T12:00:00Z"));
  ASSERT_TRUE(down) << down.error();
  ASSERT_EQ(down->size(), 2u);  // nothing before the first run is known
  EXPECT_EQ(format_utc((*down)[0].from), "2027-03-02T09:02:00Z");
  EXPECT_EQ(format_utc((*down)[0].to), "2027-03-02T09:10:00Z");
  EXPECT_EQ(format_utc((*down)[1].from), "2027-03-02T09:20:00Z");
  EXPECT_EQ(format_utc((*down)[1].to), "2027-03-02T10:00:00Z");
  // Only up to now: the future is not downtime.
  down = reader->not_running(utc("2027-03-02T09:00:00Z"), utc("2027-03-03T00:00:00Z"),
                             utc("2027-03-02T09:30:00Z"));
  ASSERT_TRUE(down);
  ASSERT_EQ(down->size(), 2u);
  EXPECT_EQ(format_utc((*down)[1].to), "2027-03-02T09:30:00Z");

  // The spans feed the deviations: both fall in the example's open hours.
  const auto site = load_site_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json");
  ASSERT_TRUE(site);
  down = reader->not_running(utc("2027-03-02T08:00:00Z"), utc("2027-03-02T10:00:00Z"),
                             utc("2027-03-02T12:00:00Z"));
  const auto deviations = find_downtime_deviations(*site, *down);
  ASSERT_EQ(deviations.size(), 2u);
  EXPECT_EQ(deviations[0].category, DeviationCategory::unit_not_running);
  EXPECT_EQ(format_utc(deviations[0].start), "2027-03-02T09:02:00Z");
}

TEST(UnitRuns, AnOpenRunIsRunningWhileAliveAndDownSinceItsLastSignOtherwise) {
  const std::string path = temp_db("open.db");
  TestClock clock;
  clock.set(utc("2027-03-02T09:00:00Z"));
  auto log = open_run(path, clock);
  ASSERT_TRUE(log);
  clock.set(utc("2027-03-02T09:30:00Z"));
  log->append(record(clock.now()));
  log->flush();  // alive at 09:30
  auto reader = store::CallLogReader::open(path);
  ASSERT_TRUE(reader);
  const Instant from = utc("2027-03-02T09:00:00Z"), to = utc("2027-03-02T12:00:00Z");
  // Read at 09:31: samteld is running.
  auto down = reader->not_running(from, to, utc("2027-03-02T09:31:00Z"));
  ASSERT_TRUE(down);
  EXPECT_TRUE(down->empty());
  // Read at 11:00 with no sign of it since 09:30: it stopped without a trace at 09:30.
  down = reader->not_running(from, to, utc("2027-03-02T11:00:00Z"));
  ASSERT_TRUE(down);
  ASSERT_EQ(down->size(), 1u);
  EXPECT_EQ(format_utc((*down)[0].from), "2027-03-02T09:30:00Z");
  EXPECT_EQ(format_utc((*down)[0].to), "2027-03-02T11:00:00Z");
}

TEST(UnitRuns, AToolAppendingRecordsKeepsNoRun) {
  const std::string path = temp_db("tool.db");
  auto log = CallLog::open(path);
  ASSERT_TRUE(log);
  (*log)->append(record(utc("2027-03-02T09:00:00Z")));
  (*log)->close();
  EXPECT_EQ(query(path, "SELECT count(*) FROM unit_runs"), "0\n");
}

}  // namespace
}  // namespace samtel::fw
