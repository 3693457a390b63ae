// POST /api/v1/sites/{site}/preview (nothing written) and /changes (published as a new version).
#include "change_steps.hpp"
#include "resources.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_change_resources(Router& router, const ScheduleResources& r) {
  router.add(Method::post, "/api/v1/sites/{site}/preview",
             {.role = Role::scheduler, .json_body = true}, [r](const Call& call) {
               auto request = read_change_request(call, false);
               if (!request) return std::move(request.error());
               const Instant now = r.wall.now();
               auto evaluated = r.store.with([&](const store::ScheduleStore& s) {
                 return evaluate_change(s, call.params.at("site"), *request, now);
               });
               if (!evaluated) return std::move(evaluated.error());
               return preview_answer(*request, *evaluated);
             });

  router.add(Method::post, "/api/v1/sites/{site}/changes",
             {.role = Role::scheduler, .json_body = true}, [r](const Call& call) {
               auto request = read_change_request(call, true);
               if (!request) return std::move(request.error());
               const std::string& site = call.params.at("site");
               const Instant now = r.wall.now();
               // Checked and published in one step: no other change comes in between.
               return r.store.with([&](store::ScheduleStore& s) {
                 auto evaluated = evaluate_change(s, site, *request, now);
                 if (!evaluated) return std::move(evaluated.error());
                 return publish_change(s, call, site, *request, *evaluated);
               });
             });
}

}  // namespace samtel::fw::admin
