// GET /api/v1/tz: the time-zone database the service answers by (directory, version) and the last
// change of its rules seen since the start, with the routing difference it made (zone_rules.hpp).
#include "resources.hpp"

namespace samtel::fw::admin {

void add_zone_rules_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/tz", {.role = Role::viewer}, [r](const Call&) {
    ApiResponse out;
    out.body = r.zone_rules != nullptr ? r.zone_rules->status() : ZoneRules::database_status();
    return out;
  });
}

}  // namespace samtel::fw::admin
