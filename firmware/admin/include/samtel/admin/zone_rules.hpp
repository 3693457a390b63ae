#pragma once
// samtel/admin/zone_rules.hpp — the time-zone rules the admin service answers by, and what an
// update of the system's tz database (Debian's tzdata) does to routing.
//
// Promises:
//  * `reload()` reads the tz database again (samtel/zone_database.hpp `reload_zones()`). When the
//    rules of a zone the service has loaded changed, the published schedule is loaded again under
//    the new rules, each site's routing under the old and the new rules is compared over the next
//    90 days from the wall clock's now (samtel/preview.hpp, as a change's preview), and one audit
//    entry `tz_rules_changed` per site is written by the actor {"system", "tzdata"}: its detail
//    holds the database versions, the zones that changed and the preview as data; its comment
//    says "time-zone rules OLD → NEW". When nothing in use changed, nothing is written.
//  * The schedule the service answers by afterwards (who, route, previews) uses the new rules;
//    schedules loaded earlier keep the rules they were loaded with.
//  * `status()` gives the database in force (directory, version) and the last change seen since
//    the service started, as JSON for GET /api/v1/tz.
//  * Thread-safe: `reload()` runs on the signal thread while requests read `status()`.
//
//   ZoneRules rules(shared, wall);
//   auto change = rules.reload();  // on SIGHUP
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/shared_store.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::admin {

struct ZoneRulesChange {
  Instant at;
  std::string directory, old_version, new_version;
  std::vector<std::string> zones;   // the zones in use whose rules changed
  std::vector<std::string> errors;  // zone files that could not be read again (old rules kept)
  nlohmann::json sites;             // [{"site", "preview"}], the preview as data
  std::string summary;              // the previews in words, one site after another
};

class ZoneRules {
 public:
  static constexpr std::chrono::days kHorizon{90};

  ZoneRules(SharedStore& store, const Clock& wall) : store_(store), wall_(wall) {}

  // The change the update made, or nullopt when no zone in use changed. Error: the published
  // schedule could not be read (the new rules are in force all the same).
  tl::expected<std::optional<ZoneRulesChange>, std::string> reload();

  nlohmann::json status() const;
  // The database in force, with "last_change": null.
  static nlohmann::json database_status();

 private:
  SharedStore& store_;
  const Clock& wall_;
  mutable std::mutex mutex_;  // guards last_
  std::optional<ZoneRulesChange> last_;
};

}  // namespace samtel::fw::admin
