// GET /api/v1/route?line=NUMBER[&at=TIME][&desk=ID]: the plan for a call, exactly as
// `samtel route --json`.
#include "resources.hpp"
#include "samtel/output.hpp"
#include "samtel/routing.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_route_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/route", {.role = Role::viewer}, [r](const Call& call) {
    const auto line = query_value(call.request, "line");
    if (!line || line->empty()) {
      return error_response(400, "the query parameter line is required: the line's number");
    }
    auto published = published_schedule(r.store);
    if (!published) return std::move(published.error());
    const Schedule& schedule = *published->schedule;
    const auto ref = schedule.find_line(*line);
    if (!ref) return error_response(404, "no published line has the number " + quote_value(*line));
    auto t = query_instant(call.request, "at", *ref.line->zone, r.wall.now());
    if (!t) return std::move(t.error());
    auto plan =
        route(schedule, ref.line->number, query_value(call.request, "desk").value_or(""), *t);
    if (!plan) return error_response(400, plan.error());
    ApiResponse out;
    out.body = route_json(*plan);
    return out;
  });
}

}  // namespace samtel::fw::admin
