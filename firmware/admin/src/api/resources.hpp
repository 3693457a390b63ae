#pragma once
// The service's resources, one file each; each adds its routes to the router. Internal to the
// admin part: the service (service.hpp) is what others use.
#include <chrono>
#include <mutex>
#include <string>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/login_throttle.hpp"
#include "samtel/admin/monotonic_clock.hpp"
#include "samtel/admin/router.hpp"
#include "samtel/admin/schedule_resources.hpp"

namespace samtel::fw::admin {

// GET /api/v1/health: {"status": "ok", "version": ...}, without a token.
void add_health_resource(Router& router, std::string version);

// Over the schedule store and the call log (schedule_resources.hpp), one file each:
// GET /sites; GET /who; GET /route; GET /sites/{site}/versions, /versions/{id},
// /sites/{site}/schedule (versions.cpp); GET /sites/{site}/people, /special-days, /hours
// (site_data.cpp); POST /sites/{site}/preview and /changes (changes.cpp); POST
// /sites/{site}/roster-import (roster_import.cpp); POST /sites/{site}/rollback; GET /audit; GET
// /calls; /users; GET /tz (zone_rules.cpp); /feeds and the calendars at /feeds/{token}.ics
// (feeds.cpp).
void add_sites_resource(Router& router, const ScheduleResources& r);
void add_who_resource(Router& router, const ScheduleResources& r);
void add_route_resource(Router& router, const ScheduleResources& r);
void add_versions_resources(Router& router, const ScheduleResources& r);
void add_site_data_resources(Router& router, const ScheduleResources& r);
void add_change_resources(Router& router, const ScheduleResources& r);
void add_roster_import_resource(Router& router, const ScheduleResources& r);
void add_rollback_resource(Router& router, const ScheduleResources& r);
void add_audit_resource(Router& router, const ScheduleResources& r);
void add_calls_resource(Router& router, const ScheduleResources& r);
void add_users_resource(Router& router, const ScheduleResources& r);
void add_zone_rules_resource(Router& router, const ScheduleResources& r);
void add_calendar_resource(Router& router, const ScheduleResources& r);
void add_statistics_resource(Router& router, const ScheduleResources& r);
void add_feed_resources(Router& router, const ScheduleResources& r);
// GET /sites/{site}/deviations and PUT /sites/{site}/deviations/{key}/review (deviations.cpp).
void add_deviations_resources(Router& router, const ScheduleResources& r);
// GET /unit: samteld routing, with faults, or stopped, from its status file (unit.cpp).
void add_unit_resource(Router& router, const ScheduleResources& r);
// GET /notices: the notifier's recent notices and their deliveries (notices.cpp).
void add_notices_resource(Router& router, const ScheduleResources& r);
// POST /retention/run: the call log's retention applied now, by an administrator (retention.cpp).
void add_retention_resource(Router& router, const ScheduleResources& r);

// /api/v1/session: POST signs in (throttled per source), GET says who, DELETE signs out.
class SessionResource {
 public:
  SessionResource(Accounts& accounts, const MonotonicClock& mono, std::chrono::seconds ttl,
                  LoginThrottlePolicy policy)
      : accounts_(accounts), mono_(mono), ttl_(ttl), throttle_(policy) {}
  void add_to(Router& router);

 private:
  ApiResponse sign_in(const Call& call);
  ApiResponse who(const Call& call);
  ApiResponse sign_out(const Call& call);

  Accounts& accounts_;
  const MonotonicClock& mono_;
  std::chrono::seconds ttl_;
  std::mutex throttle_mutex_;  // guards throttle_
  LoginThrottle throttle_;
};

}  // namespace samtel::fw::admin
