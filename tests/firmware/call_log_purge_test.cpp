// The call log's retention purge over real SQLite files written by the call log itself, with the
// clock given to each run: both sides of every limit, the monthly aggregates kept before records
// go and read back by the call log's reader, dry runs, batches, and files the purge refuses.
#include "samtel/store/call_log_purge.hpp"

#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "samtel/config.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "support/sqlite_files.hpp"

namespace samtel::fw::store {
namespace {

using namespace std::chrono;

std::string temp_db(const std::string& name) { return test::fresh_db("purge", name); }

using test::query;

const Schedule& st_olavs() {
  static const Schedule schedule =
      load_schedule({std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json"}).value();
  return schedule;
}

// 2026-12-06T12:00:00Z, a Sunday.
const Instant kNow = *parse_utc("2026-12-06T12:00:00Z");

CallRecord call(const std::string& id, Instant arrived, int attempts,
                const std::string& line = "73553888") {
  CallRecord r;
  r.call_id = id;
  r.arrived = arrived;
  r.ended = arrived + seconds{30};
  r.line = line;
  r.desk = "kirurgi";
  r.mode = RoutingMode::proxy;
  r.caller = "********01";
  r.open = true;
  r.day_type = "weekday";
  r.outcome = CallOutcome::answered;
  r.answered_person = "fjeld";
  r.wait_ms = 4000;
  r.reason = "Open.";
  for (int i = 0; i < attempts; ++i) {
    r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", arrived, arrived + seconds{4},
                          i + 1 == attempts ? 200 : 0,
                          i + 1 == attempts ? AttemptResult::answered : AttemptResult::no_answer});
  }
  return r;
}

// One call on each side of each default limit (90 days for the number, 1826 for the record),
// and an old call on a line no site has.
std::string write_log(const std::string& name) {
  const std::string path = temp_db(name);
  auto log = CallLog::open(path);
  EXPECT_TRUE(log) << log.error();
  const Instant number_limit = kNow - days{90}, record_limit = kNow - days{1826};
  (*log)->append(call("number-past", number_limit - seconds{1}, 1));
  (*log)->append(call("number-at", number_limit, 1));
  (*log)->append(call("number-inside", number_limit + seconds{1}, 1));
  (*log)->append(call("record-past", record_limit - seconds{1}, 2));
  (*log)->append(call("record-at", record_limit, 1));
  (*log)->append(call("record-inside", record_limit + seconds{1}, 1));
  (*log)->append(call("old-line", record_limit - days{1}, 3, "73550000"));
  (*log)->append(call("today", kNow - hours{1}, 1));
  (*log)->close();
  return path;
}

PurgeOptions counting(int& pauses, int batch_rows = 500) {
  PurgeOptions o;
  o.batch_rows = batch_rows;
  o.between_batches = [&pauses] { ++pauses; };
  return o;
}

TEST(CallLogPurge, BlanksAndDeletesOnlyPastEachLimitAndKeepsTheMonthsFirst) {
  const std::string path = write_log("limits.db");
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  int pauses = 0;
  auto counts = purge->run(kNow, Retention{}, st_olavs(), counting(pauses));
  ASSERT_TRUE(counts) << counts.error();
  // Past the number's limit: number-past, and the four calls older than it (record-*, old-line).
  EXPECT_EQ(counts->numbers_blanked, 5);
  EXPECT_EQ(counts->calls_deleted, 2);      // record-past, old-line
  EXPECT_EQ(counts->attempts_deleted, 5);   // 2 + 3
  EXPECT_EQ(counts->months_aggregated, 2);  // st-olavs 2021-12, and "" 2021-12 for 73550000
  EXPECT_EQ(counts->aggregates_deleted, 0);
  EXPECT_FALSE(counts->dry_run);

  EXPECT_EQ(query(path, "SELECT call_id, caller FROM calls ORDER BY id"),
            "number-past|\n"
            "number-at|********01\n"
            "number-inside|********01\n"
            "record-at|\n"
            "record-inside|\n"
            "today|********01\n");
  EXPECT_EQ(query(path, "SELECT count(*) FROM attempts"), "6\n");
  EXPECT_EQ(query(path, "SELECT count(*) FROM attempts WHERE call NOT IN (SELECT id FROM calls)"),
            "0\n");
  // The whole month of December 2021 (Oslo), taken before record-past went: three calls.
  EXPECT_EQ(query(path,
                  "SELECT site, month, from_utc, to_utc, json_extract(statistics, "
                  "'$.calls'), made_utc FROM call_months ORDER BY site"),
            "|2021-12|2021-11-30T23:00:00Z|2021-12-31T23:00:00Z|1|2026-12-06T12:00:00Z\n"
            "st-olavs|2021-12|2021-11-30T23:00:00Z|2021-12-31T23:00:00Z|3|2026-12-06T12:00:00Z\n");
  EXPECT_EQ(query(path,
                  "SELECT json_extract(statistics, '$.by_outcome.answered') FROM "
                  "call_months WHERE site = 'st-olavs'"),
            "3\n");
  EXPECT_EQ(query(path, "PRAGMA integrity_check"), "ok\n");

  // The same instant again: nothing more is due.
  auto again = purge->run(kNow, Retention{}, st_olavs(), counting(pauses));
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->to_json(), (nlohmann::json{{"numbers_blanked", 0},
                                              {"calls_deleted", 0},
                                              {"attempts_deleted", 0},
                                              {"months_aggregated", 0},
                                              {"aggregates_deleted", 0},
                                              {"dry_run", false}}));

  // A second later, the call that was exactly at each limit is one second past it; its month is
  // aggregated already and keeps the count of three.
  auto later = purge->run(kNow + seconds{1}, Retention{}, st_olavs(), counting(pauses));
  ASSERT_TRUE(later) << later.error();
  EXPECT_EQ(later->numbers_blanked, 1);  // number-at
  EXPECT_EQ(later->calls_deleted, 1);    // record-at
  EXPECT_EQ(later->attempts_deleted, 1);
  EXPECT_EQ(later->months_aggregated, 0);
  EXPECT_EQ(query(path, "SELECT call_id, caller FROM calls ORDER BY id"),
            "number-past|\n"
            "number-at|\n"
            "number-inside|********01\n"
            "record-inside|\n"
            "today|********01\n");
  EXPECT_EQ(query(path,
                  "SELECT json_extract(statistics, '$.calls') FROM call_months WHERE site "
                  "= 'st-olavs'"),
            "3\n");
}

TEST(CallLogPurge, TheReaderGivesTheMonthsKeptAndRefusesOneItCannotRead) {
  const std::string path = write_log("aggregates.db");
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  int pauses = 0;
  ASSERT_TRUE(purge->run(kNow, Retention{}, st_olavs(), counting(pauses)));
  auto reader = CallLogReader::open(path);
  ASSERT_TRUE(reader) << reader.error();
  using date::literals::operator""_y;
  auto kept = reader->monthly_aggregates("st-olavs", 2021_y / 11, 2022_y / 1);
  ASSERT_TRUE(kept) << kept.error();
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ((*kept)[0].month, 2021_y / 12);
  EXPECT_EQ((*kept)[0].statistics.calls, 3u);
  EXPECT_EQ((*kept)[0].statistics.by_outcome.at(CallOutcome::answered), 3u);
  EXPECT_EQ((*kept)[0].statistics.median_wait_ms, 4000);
  EXPECT_EQ((*kept)[0].statistics.from_aggregates, std::vector<std::string>{"2021-12"});
  // Months outside the range asked, and other sites, are not given.
  EXPECT_TRUE(reader->monthly_aggregates("st-olavs", 2022_y / 1, 2026_y / 12)->empty());
  EXPECT_TRUE(reader->monthly_aggregates("elsewhere", 2021_y / 1, 2026_y / 12)->empty());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE call_months SET statistics = json_set(statistics, "
                         "'$.by_hour[3]', '<5') WHERE site = 'st-olavs'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto bad = reader->monthly_aggregates("st-olavs", 2021_y / 12, 2021_y / 12);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "call log " + path +
                             ": the monthly aggregate of site 'st-olavs', month '2021-12': "
                             "by_hour[3]: expected a count (a whole number from 0), found string");
}

TEST(CallLogPurge, ADryRunCountsTheSameAndWritesNothing) {
  const std::string path = write_log("dry.db");
  const std::string before = query(path, "SELECT * FROM calls ORDER BY id") +
                             query(path, "SELECT * FROM attempts ORDER BY call, seq");
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  int pauses = 0;
  PurgeOptions dry = counting(pauses);
  dry.dry_run = true;
  auto counts = purge->run(kNow, Retention{}, st_olavs(), dry);
  ASSERT_TRUE(counts) << counts.error();
  EXPECT_EQ(counts->to_json(), (nlohmann::json{{"numbers_blanked", 5},
                                               {"calls_deleted", 2},
                                               {"attempts_deleted", 5},
                                               {"months_aggregated", 2},
                                               {"aggregates_deleted", 0},
                                               {"dry_run", true}}));
  EXPECT_EQ(pauses, 0);
  EXPECT_EQ(query(path, "SELECT * FROM calls ORDER BY id") +
                query(path, "SELECT * FROM attempts ORDER BY call, seq"),
            before);
  EXPECT_EQ(query(path, "SELECT count(*) FROM call_months"), "0\n");
}

TEST(CallLogPurge, WritesInBatchesWithAPauseBetweenThem) {
  const std::string path = write_log("batches.db");
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  int pauses = 0;
  auto counts = purge->run(kNow, Retention{}, st_olavs(), counting(pauses, 2));
  ASSERT_TRUE(counts) << counts.error();
  EXPECT_EQ(counts->numbers_blanked, 5);
  EXPECT_EQ(counts->calls_deleted, 2);
  // Numbers: batches of 2, 2, 1 (two pauses); two aggregates (a pause after each); calls: 2,
  // then an empty batch that ends it (one pause).
  EXPECT_EQ(pauses, 5);
}

TEST(CallLogPurge, ShorterSettingsAndAggregatesPastTheirOwnLimit) {
  const std::string path = write_log("short.db");
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  int pauses = 0;
  auto first = purge->run(kNow, Retention{}, st_olavs(), counting(pauses));
  ASSERT_TRUE(first) << first.error();
  // Aggregates kept 1826 days: December 2021 ended 2021-12-31T23:00Z, more than 1826 days before
  // 2027-01-01 but not before 2026-12-06.
  Retention r;
  r.aggregates = days{1826};
  auto kept = purge->run(kNow, r, st_olavs(), counting(pauses));
  ASSERT_TRUE(kept) << kept.error();
  EXPECT_EQ(kept->aggregates_deleted, 0);
  auto gone = purge->run(*parse_utc("2027-01-01T00:00:00Z"), r, st_olavs(), counting(pauses));
  ASSERT_TRUE(gone) << gone.error();
  EXPECT_EQ(gone->aggregates_deleted, 2);
  EXPECT_EQ(query(path, "SELECT count(*) FROM call_months"), "0\n");
}

TEST(CallLogPurge, RecordsOfAMonthStillRunningStay) {
  // A retention of a day on 2026-12-06: the calls of 1 December are past it, but December is not
  // over, so they stay until it is (and its aggregate can be whole).
  const std::string path = temp_db("running.db");
  {
    auto log = CallLog::open(path);
    ASSERT_TRUE(log) << log.error();
    (*log)->append(call("december", *parse_utc("2026-12-01T09:00:00Z"), 1));
    (*log)->append(call("november", *parse_utc("2026-11-30T09:00:00Z"), 1));
    (*log)->close();
  }
  auto purge = CallLogPurge::open(path);
  ASSERT_TRUE(purge) << purge.error();
  Retention r;
  r.caller_number = days{1};
  r.call_records = days{1};
  int pauses = 0;
  auto counts = purge->run(kNow, r, st_olavs(), counting(pauses));
  ASSERT_TRUE(counts) << counts.error();
  EXPECT_EQ(counts->numbers_blanked, 2);
  EXPECT_EQ(counts->calls_deleted, 1);
  EXPECT_EQ(counts->months_aggregated, 1);
  EXPECT_EQ(query(path, "SELECT call_id FROM calls"), "december\n");
  EXPECT_EQ(query(path, "SELECT month FROM call_months"), "2026-11\n");
}

TEST(CallLogPurge, RefusesAFileWithoutTheAggregatesTable) {
  const std::string path = temp_db("old.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE calls (id INTEGER PRIMARY KEY); PRAGMA user_version=1", nullptr,
               nullptr, nullptr);
  sqlite3_close(db);
  auto purge = CallLogPurge::open(path);
  ASSERT_FALSE(purge);
  EXPECT_EQ(purge.error(), "call log " + path +
                               ": no monthly aggregates table (samteld has not created or "
                               "migrated this file)");
  PurgeOptions bad;
  bad.batch_rows = 0;
  const std::string good = write_log("bad-batch.db");
  auto ok = CallLogPurge::open(good);
  ASSERT_TRUE(ok) << ok.error();
  auto refused = ok->run(kNow, Retention{}, st_olavs(), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "call log " + good + ": batch_rows 0 is not in 1..100000");
}

}  // namespace
}  // namespace samtel::fw::store
