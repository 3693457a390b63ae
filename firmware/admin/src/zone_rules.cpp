#include "samtel/admin/zone_rules.hpp"

#include <map>
#include <utility>

#include "samtel/preview.hpp"
#include "samtel/store/published_schedule.hpp"
#include "samtel/zone_database.hpp"

namespace samtel::fw::admin {
namespace {

const store::Actor kTzdata{"system", "tzdata"};

}  // namespace

tl::expected<std::optional<ZoneRulesChange>, std::string> ZoneRules::reload() {
  // The schedule as loaded under the rules in force until now: kept alive across the reload, so
  // the comparison has both.
  auto before = store_.published();
  const ZoneReload reloaded = reload_zones();
  if (reloaded.changed.empty() && reloaded.errors.empty()) return std::nullopt;

  ZoneRulesChange change;
  change.at = wall_.now();
  change.directory = reloaded.directory;
  change.old_version = reloaded.old_version;
  change.new_version = reloaded.new_version;
  change.zones = reloaded.changed;
  change.errors = reloaded.errors;
  change.sites = nlohmann::json::array();
  if (!reloaded.changed.empty()) {
    store_.forget_published();
    auto after = store_.published();
    if (!before || !after) {
      const store::StoreError& e = !before ? before.error() : after.error();
      std::lock_guard lock(mutex_);
      last_ = change;
      return tl::unexpected("the published schedule could not be read to compare routing: " +
                            e.message);
    }
    std::map<std::string, const Site*> old_sites;
    for (const Site& s : before->schedule->sites()) old_sites[s.id] = &s;
    const std::string comment =
        "time-zone rules " + change.old_version + " → " + change.new_version;
    for (const Site& site : after->schedule->sites()) {
      const auto old = old_sites.find(site.id);
      if (old == old_sites.end()) continue;
      const Preview preview = preview_change(*old->second, site, change.at, kHorizon);
      change.summary += site.name + " (" + site.id + "):\n" + preview.summary();
      nlohmann::json detail = {{"directory", change.directory},
                               {"old_version", change.old_version},
                               {"new_version", change.new_version},
                               {"zones", change.zones},
                               {"preview", preview.to_json()}};
      change.sites.push_back({{"site", site.id}, {"preview", detail["preview"]}});
      auto written = store_.with([&](store::ScheduleStore& s) {
        return s.append_audit(kTzdata, store::AuditAction::tz_rules_changed, std::move(detail),
                              comment, site.id);
      });
      if (!written) {
        std::lock_guard lock(mutex_);
        last_ = change;
        return tl::unexpected("the audit trail could not be written: " + written.error().message);
      }
    }
  }
  std::lock_guard lock(mutex_);
  last_ = change;
  return std::optional<ZoneRulesChange>(std::move(change));
}

nlohmann::json ZoneRules::database_status() {
  return {{"directory", zone_database_directory()},
          {"version", zone_database_version()},
          {"last_change", nullptr}};
}

nlohmann::json ZoneRules::status() const {
  nlohmann::json out = database_status();
  std::lock_guard lock(mutex_);
  if (last_) {
    out["last_change"] = {{"at", format_utc(last_->at)},
                          {"old_version", last_->old_version},
                          {"new_version", last_->new_version},
                          {"zones", last_->zones},
                          {"errors", last_->errors},
                          {"summary", last_->summary},
                          {"sites", last_->sites}};
  }
  return out;
}

}  // namespace samtel::fw::admin
