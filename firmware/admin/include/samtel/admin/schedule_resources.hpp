#pragma once
// samtel/admin/schedule_resources.hpp — the admin service's resources over the schedule store and
// the call log (docs/admin.md): sites, who is on duty, route plans, versions, the published
// schedule, people, special days, hours, previews, changes, roster files imported as one change,
// rollback, the audit trail, calls, users, the time-zone rules in force, and duty calendars at
// secret URLs (`/api/v1/feeds`, `/feeds/{token}.ics`). `add_schedule_resources()` adds them all
// to the service's router before it serves.
//
// Promises:
//  * Every store access goes through `SharedStore::with()`; a change is checked against the
//    published version and published within one `with()`, so of two changes from the same base
//    exactly one is published and the other is refused 409 with the version now published.
//  * Roles: reading is `viewer`; a change needs the role `samtel::authority()` names for its kind
//    (scheduler or administrator); rollback, the audit trail and users need `administrator`.
//  * A roster file (samtel/roster_import.hpp) is read against the published version and becomes
//    one `shifts_import` change, previewed or published as any other; a file with problems is
//    refused 400 with every problem by its line (`"problems"`).
//  * Making a calendar feed needs `scheduler`; a feed is listed to and revoked by the account that
//    made it or an administrator. `/feeds/{token}.ics` needs no account: the token is the
//    secret, and an unknown, malformed or revoked one is the same 404.
//  * A refused change writes nothing: the versions and the audit trail stay as they were.
//  * "now" (the default instant, a preview's start) is the injected wall clock.
//  * `call_log` empty: `GET /api/v1/calls` answers 503 saying the service was started without one.
//  * `zone_rules` null: `GET /api/v1/tz` gives the database in force without its last change.
//  * Deviation candidates (`/sites/{site}/deviations`) are read and decided on by `scheduler`
//    and above; the rules that make them are `deviation_rules`.
//  * `unit_status` (samteld's status.json) empty or unreadable: `GET /api/v1/unit` answers the
//    state "unknown" with the reason.
//
//   add_schedule_resources(service.router(), {.store = shared, .wall = wall, .call_log = path});
#include <string>

#include "samtel/admin/router.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/admin/zone_rules.hpp"
#include "samtel/deviations.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::admin {

class CallLogRetention;  // samtel/admin/call_log_retention.hpp

struct ScheduleResources {
  SharedStore& store;
  const Clock& wall;
  std::string call_log;  // calls.db; empty: none
  const ZoneRules* zone_rules = nullptr;
  std::string unit_status;           // samteld's status.json; empty: none
  DeviationRules deviation_rules{};  // what makes a deviation candidate (samtel-admind's options)
  CallLogRetention* retention = nullptr;  // the call log's purge; null: POST /retention/run 503
};

void add_schedule_resources(Router& router, const ScheduleResources& resources);

}  // namespace samtel::fw::admin
