#pragma once
// call_log_purge.hpp — the call log kept no longer than the unit's retention says
// (samtel::fw::Retention, docs/firmware.md "Retention"): old callers' numbers blanked, old call
// records deleted after their month's statistics are kept as an aggregate.
//
// Promises:
//  * `open()` opens calls.db for writing beside samteld (a connection of its own, the unit's
//    settings, WAL); it never creates or migrates the file: a missing file, or one without the
//    monthly aggregates' table (`call_months`, added by samteld's schema), is refused, naming it.
//  * `run(now, retention, schedule)`: a part is due when its call arrived before `now - days`
//    (half-open: a call that arrived exactly `days` before now is kept, one a second earlier is
//    due). Due callers' numbers become '' (the record stays); due calls are deleted with their
//    attempts; aggregates of months that ended more than `aggregates` days ago are deleted.
//  * Before any call of a local month is deleted, the statistics of that whole month
//    (samtel/call_statistics.hpp, `statistics_json()` with every count) are stored for each site
//    in `call_months` — for records of lines no published site has, under the site "" — once:
//    a month already aggregated is not aggregated again (its records may be partly deleted by
//    then). Only records of months that are over are deleted, so an aggregate is never of a
//    month still running. `CallLogReader::monthly_aggregates()` reads them back for the
//    statistics, which then count the month from its aggregate only.
//  * Every write is a short `BEGIN IMMEDIATE` transaction of at most `batch_rows` rows, with
//    `between_batches` run between two, so samteld's writer (busy timeout 5 s) waits at most one
//    batch; each batch starts after the highest id the one before changed, so it costs its own
//    rows, not the table's. A run that fails stops at a batch boundary: what is committed is
//    consistent (no attempt without its call, no call deleted without its month's aggregate) and
//    the next run goes on from there.
//  * `dry_run` counts what a run would do and writes nothing.
//  * One connection, one thread.
//
//   auto purge = CallLogPurge::open("/var/lib/samtel/calls.db");
//   auto counts = purge->run(clock.now(), unit.retention, schedule);
//   // counts->numbers_blanked, calls_deleted, attempts_deleted, months_aggregated
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/schedule.hpp"
#include "samtel/store/database.hpp"
#include "samtel/time.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw::store {

// What one run did (or, dry, would do).
struct PurgeCounts {
  std::int64_t numbers_blanked = 0;     // callers' numbers set to ''
  std::int64_t calls_deleted = 0;       // call records deleted
  std::int64_t attempts_deleted = 0;    // their attempts
  std::int64_t months_aggregated = 0;   // (site, month) aggregates stored
  std::int64_t aggregates_deleted = 0;  // aggregates past their own retention
  bool dry_run = false;

  // {"numbers_blanked": N, "calls_deleted": N, "attempts_deleted": N, "months_aggregated": N,
  //  "aggregates_deleted": N, "dry_run": false}: the audit entry's detail and the API's answer.
  nlohmann::json to_json() const;
};

struct PurgeOptions {
  int batch_rows = 100;  // rows a transaction changes at most (1..100000)
  // Between two write transactions: lets samteld's writer take the lock. Default: 20 ms asleep.
  std::function<void()> between_batches;
  bool dry_run = false;
};

// The detail of a run's audit entry (`call_log_purged`): the counts, or "dry_run" and "error"
// when the run failed; "retention" ({"caller_number_days", "call_records_days",
// "aggregates_days" or null for ever}); "trigger", what started it ("daily", "on-demand", "cli").
nlohmann::json purge_audit_detail(const Retention& retention, std::string_view trigger,
                                  bool dry_run,
                                  const tl::expected<PurgeCounts, std::string>& result);

class CallLogPurge {
 public:
  static tl::expected<CallLogPurge, std::string> open(const std::string& path);

  tl::expected<PurgeCounts, std::string> run(Instant now, const Retention& retention,
                                             const Schedule& schedule,
                                             const PurgeOptions& options = {}) const;

 private:
  explicit CallLogPurge(Connection db) : db_(std::move(db)) {}
  Connection db_;
};

}  // namespace samtel::fw::store
