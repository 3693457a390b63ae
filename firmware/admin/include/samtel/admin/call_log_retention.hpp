#pragma once
// samtel/admin/call_log_retention.hpp — the admin service applies the call log's retention
// (samtel/store/call_log_purge.hpp) once a day at a quiet hour, and on an administrator's demand,
// each run in the audit trail.
//
// Promises:
//  * Each run opens a write connection of its own to calls.db for the purge and closes it after;
//    the service's reads of the call log stay read-only. Runs never overlap (one at a time).
//  * Each run, dry or not, successful or not, writes one audit entry `call_log_purged` whose
//    detail holds the counts (`PurgeCounts::to_json()`), the retention applied
//    (`caller_number_days`, `call_records_days`, `aggregates_days` or null for ever) and
//    `trigger` (`daily` or `on-demand`); a failed run's entry has `error` instead of counts. The
//    daily run's actor is {"system", "retention"}; a run on demand is the administrator's.
//  * The daily run is due at 03:30 wall-clock time in the first published site's zone (Europe/Oslo
//    when none is published): `next_daily_run()` is the first 03:30 strictly after the wall
//    clock's time at construction, then after each daily run. 03:30 exists every day in
//    Europe/Oslo (the clocks change at 02:00 and 03:00); where it does not, the run is at the end
//    of the gap, and where it happens twice, at the first. `run_if_due()` runs it at most once
//    however far the clock jumped, and is what the service's timer thread calls each minute;
//    tests call it with a manual clock.
//  * The schedule (sites, lines, zones) is the published one at the time of the run.
//
//   CallLogRetention retention(shared, wall, "/var/lib/samtel/calls.db", unit.retention);
//   if (auto ran = retention.run_if_due()) log(*ran);  // once a minute
//   auto counts = retention.run(actor, /*dry_run=*/true);
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/shared_store.hpp"
#include "samtel/store/call_log_purge.hpp"
#include "samtel/time.hpp"
#include "samtel/unit/settings.hpp"
#include "samtel/zone.hpp"

namespace samtel::fw::admin {

// The daily run's actor.
inline const store::Actor kRetentionActor{"system", "retention"};

// The first 03:30 wall-clock time in `zone` strictly after `after` (see above).
Instant next_quiet_hour(const Zone& zone, Instant after);

class CallLogRetention {
 public:
  CallLogRetention(SharedStore& store, const Clock& wall, std::string call_log, Retention retention,
                   store::PurgeOptions options = {});

  // Runs now, audited with `actor`; the counts, or what failed (audited too).
  tl::expected<store::PurgeCounts, std::string> run(const store::Actor& actor, bool dry_run,
                                                    std::string_view trigger = "on-demand");
  // The daily run, when the wall clock has reached `next_daily_run()`; nullopt when not due.
  std::optional<tl::expected<store::PurgeCounts, std::string>> run_if_due();
  Instant next_daily_run() const;
  const Retention& retention() const { return retention_; }

 private:
  const Zone* zone();

  SharedStore& store_;
  const Clock& wall_;
  const std::string call_log_;
  const Retention retention_;
  const store::PurgeOptions options_;
  std::mutex run_mutex_;           // held for a whole run: runs never overlap
  mutable std::mutex next_mutex_;  // guards next_
  Instant next_{};
};

}  // namespace samtel::fw::admin
