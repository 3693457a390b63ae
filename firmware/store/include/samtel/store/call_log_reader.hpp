#pragma once
// call_log_reader.hpp — the call log (calls.db, written by samteld through call_log.hpp) read by
// someone else: the admin service shows call records to administrators, and writes nothing.
//
// Promises:
//  * `open()` opens an existing file read-only (`ConnectionOptions::read_only`); it never creates,
//    migrates or checks one, and refuses a file whose schema it does not read (versions 1 to
//    `CallLog::kSchemaVersion`). Errors are one line naming the file.
//  * `calls()` gives the records that arrived in [from, to) (UTC instants, as stored), by id (the
//    order they were committed), after `after_id`, at most `limit` (1..1000), each with its id
//    and attempts; `next` is the id to pass as `after_id` for the next page, or nullopt when
//    there are no more. The caller's number is as stored (minimised by the unit's policy).
//  * Records of a call log begun at schema version 1 read with the caller category `unknown` and
//    no municipality (samteld's migration gives them those defaults).
//  * `not_running()` gives the spans of [from, min(to, now)) in which samteld was not running,
//    in order, from its `unit_runs` rows: a run ended (clean, or as a crash at its last known
//    instant) covers [started, stopped); a run still open covers up to `now` if it was noted
//    alive within two alive intervals of `now` (samteld is running), else up to its
//    last_alive_utc (it stopped and has not started again). Nothing before the first run recorded
//    counts as downtime: the log knows nothing of it. The result feeds
//    `find_downtime_deviations()` (samtel/deviations.hpp).
//  * `monthly_aggregates(site, first, last)` gives the statistics the retention purge stored for
//    `site` (call_log_purge.hpp, table `call_months`) for the local months first..last, both
//    included, in order of month, each read back by `parse_statistics_json()`
//    (samtel/statistics_aggregate.hpp) with `from_aggregates` naming its month. A month without
//    an aggregate is not in the list (its records, if any, are all still there). An aggregate
//    that cannot be read is an error naming the file, the site, the month and the member. A
//    call log older than schema version 3 has none.
//  * One connection, one thread; readers never block samteld's writer (WAL).
//
//   auto log = CallLogReader::open("/var/lib/samtel/calls.db");
//   auto page = log->calls(from, to, 0, 100);
//   auto kept = log->monthly_aggregates("st-olavs", 2027_y / 1, 2027_y / 3);
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/call_statistics.hpp"
#include "samtel/period.hpp"
#include "samtel/store/database.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::store {

struct StoredCall {
  std::int64_t id = 0;
  CallRecord record;
};

// The statistics of one local month of a site, kept when its records were deleted.
struct MonthlyAggregate {
  date::year_month month;
  CallStatistics statistics;
};

struct CallPage {
  std::vector<StoredCall> calls;
  std::optional<std::int64_t> next;
};

class CallLogReader {
 public:
  static constexpr int kMaxLimit = 1000;
  // CallLog::Options::alive_interval's default, which samteld uses.
  static constexpr std::chrono::seconds kAliveInterval{60};

  static tl::expected<CallLogReader, std::string> open(const std::string& path);

  tl::expected<CallPage, std::string> calls(Instant from, Instant to, std::int64_t after_id,
                                            int limit) const;

  tl::expected<std::vector<MonthlyAggregate>, std::string> monthly_aggregates(
      const std::string& site, date::year_month first, date::year_month last) const;

  tl::expected<std::vector<Span>, std::string> not_running(Instant from, Instant to,
                                                           Instant now) const;

 private:
  CallLogReader(Connection db, int schema) : db_(std::move(db)), schema_(schema) {}
  Connection db_;
  int schema_;
};

}  // namespace samtel::fw::store
