#include "samtel/admin/call_log_retention.hpp"

#include <utility>

#include "samtel/period.hpp"
#include "samtel/store/audit.hpp"
#include "samtel/zone_database.hpp"

namespace samtel::fw::admin {
namespace {

constexpr std::chrono::minutes kQuietHour{3 * 60 + 30};  // 03:30

}  // namespace

Instant next_quiet_hour(const Zone& zone, Instant after) {
  LocalDays day = local_day(zone, after);
  for (;;) {
    const Instant at = resolve_local_lenient(zone, LocalSeconds{day} + kQuietHour, Fold::earlier);
    if (at > after) return at;
    day += date::days{1};
  }
}

CallLogRetention::CallLogRetention(SharedStore& store, const Clock& wall, std::string call_log,
                                   Retention retention, store::PurgeOptions options)
    : store_(store),
      wall_(wall),
      call_log_(std::move(call_log)),
      retention_(retention),
      options_(std::move(options)) {
  if (const Zone* z = zone()) next_ = next_quiet_hour(*z, wall_.now());
}

const Zone* CallLogRetention::zone() {
  if (auto published = store_.published(); published && !published->schedule->sites().empty())
    return published->schedule->sites().front().zone;
  return find_zone("Europe/Oslo").value_or(nullptr);
}

Instant CallLogRetention::next_daily_run() const {
  const std::lock_guard lock(next_mutex_);
  return next_;
}

tl::expected<store::PurgeCounts, std::string> CallLogRetention::run(const store::Actor& actor,
                                                                    bool dry_run,
                                                                    std::string_view trigger) {
  const std::lock_guard lock(run_mutex_);
  const Instant now = wall_.now();
  const auto attempt = [&]() -> tl::expected<store::PurgeCounts, std::string> {
    auto published = store_.published();
    if (!published) return tl::unexpected("the published schedule: " + published.error().message);
    auto purge = store::CallLogPurge::open(call_log_);
    if (!purge) return tl::unexpected(purge.error());
    store::PurgeOptions options = options_;
    options.dry_run = dry_run;
    return purge->run(now, retention_, *published->schedule, options);
  };
  auto counts = attempt();
  const nlohmann::json detail = store::purge_audit_detail(retention_, trigger, dry_run, counts);
  auto audited = store_.with([&](store::ScheduleStore& s) {
    return s.append_audit(actor, store::AuditAction::call_log_purged, detail);
  });
  if (!audited) {
    return tl::unexpected("the purge could not be audited: " + audited.error().message +
                          (counts ? "" : "; the purge: " + counts.error()));
  }
  return counts;
}

std::optional<tl::expected<store::PurgeCounts, std::string>> CallLogRetention::run_if_due() {
  const Instant now = wall_.now();
  {
    const std::lock_guard lock(next_mutex_);
    if (now < next_) return std::nullopt;
  }
  auto ran = run(kRetentionActor, false, "daily");
  const Zone* z = zone();
  const std::lock_guard lock(next_mutex_);
  next_ = z != nullptr ? next_quiet_hour(*z, now) : now + std::chrono::days{1};
  return ran;
}

}  // namespace samtel::fw::admin
