// GET /api/v1/who[?at=TIME]: who is on duty at every desk, exactly as `samtel who --json`.
#include "resources.hpp"
#include "samtel/output.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_who_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/who", {.role = Role::viewer}, [r](const Call& call) {
    auto published = published_schedule(r.store);
    if (!published) return std::move(published.error());
    const Schedule& schedule = *published->schedule;
    const auto first = schedule.first_line();
    if (!first) return error_response(404, "the published schedule has no lines");
    auto t = query_instant(call.request, "at", *first.line->zone, r.wall.now());
    if (!t) return std::move(t.error());
    ApiResponse out;
    out.body = who_json(schedule, *t);
    return out;
  });
}

}  // namespace samtel::fw::admin
