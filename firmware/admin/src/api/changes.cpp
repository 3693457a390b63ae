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
               ApiResponse out;
               out.body = {{"base", request->base},
                           {"summary", evaluated->summary},
                           {"detail", evaluated->detail},
                           {"preview", evaluated->preview},
                           {"preview_text", evaluated->preview_text},
                           {"gaps_opened", evaluated->gaps_opened},
                           {"gaps_closed", evaluated->gaps_closed}};
               return out;
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
                 if (evaluated->gaps_opened > 0 && !request->confirm_gaps) {
                   return error_response(
                       409,
                       "the change opens " + std::to_string(evaluated->gaps_opened) +
                           " coverage gap(s), times when a desk is open with nobody on duty: " +
                           evaluated->gaps_text +
                           "; send \"confirm_gaps\": true to publish it anyway",
                       "/confirm_gaps");
                 }
                 const bool replace = request->change.kind == ChangeKind::site_replace;
                 auto version = s.publish({
                     .site = site,
                     .base = request->base,
                     .content = evaluated->content,
                     .actor = actor_of(call),
                     .comment = request->comment.empty() ? evaluated->summary : request->comment,
                     .action = replace ? store::AuditAction::site_replaced
                                       : store::AuditAction::version_published,
                     .detail = evaluated->detail,
                     .routing_effect = evaluated->preview_text,
                     .confirmed_gaps = evaluated->gaps_opened > 0 && request->confirm_gaps,
                 });
                 if (!version) return store_failure(version.error(), "/change");
                 ApiResponse out;
                 out.status = 201;
                 out.body = {{"version", *version},
                             {"base", request->base},
                             {"summary", evaluated->summary},
                             {"preview_text", evaluated->preview_text},
                             {"gaps_opened", evaluated->gaps_opened}};
                 return out;
               });
             });
}

}  // namespace samtel::fw::admin
