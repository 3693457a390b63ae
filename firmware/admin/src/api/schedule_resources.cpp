#include "samtel/admin/schedule_resources.hpp"

#include "resources.hpp"

namespace samtel::fw::admin {

void add_schedule_resources(Router& router, const ScheduleResources& resources) {
  add_sites_resource(router, resources);
  add_who_resource(router, resources);
  add_route_resource(router, resources);
  add_versions_resources(router, resources);
  add_site_data_resources(router, resources);
  add_change_resources(router, resources);
  add_roster_import_resource(router, resources);
  add_rollback_resource(router, resources);
  add_audit_resource(router, resources);
  add_calls_resource(router, resources);
  add_users_resource(router, resources);
  add_zone_rules_resource(router, resources);
  add_calendar_resource(router, resources);
  add_statistics_resource(router, resources);
  add_feed_resources(router, resources);
  add_unit_resource(router, resources);
  add_notices_resource(router, resources);
  add_deviations_resources(router, resources);
  add_retention_resource(router, resources);
}

}  // namespace samtel::fw::admin
