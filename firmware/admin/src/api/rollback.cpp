// POST /api/v1/sites/{site}/rollback: an earlier version's content published again.
#include <limits>

#include "resources.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/json_check.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_rollback_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::post, "/api/v1/sites/{site}/rollback",
             {.role = Role::administrator, .json_body = true}, [r](const Call& call) {
               JsonChecker check;
               const auto& body = call.body;
               if (!check.object(body, "", {"base", "version", "comment"}))
                 return body_problem(check);
               constexpr long kMax = std::numeric_limits<long>::max();
               const auto base = check.integer(body, "", "base", true, 1, kMax);
               const auto earlier = check.integer(body, "", "version", true, 1, kMax);
               const auto comment = check.text(body, "", "comment", false, false);
               if (!check.ok()) return body_problem(check);
               const std::string& site = call.params.at("site");
               return r.store.with([&](store::ScheduleStore& s) {
                 auto v = s.version(*earlier);
                 if (!v) return store_failure(v.error(), "/version");
                 if (v->site != site) {
                   return error_response(400,
                                         "version " + std::to_string(*earlier) + " is of site " +
                                             v->site + ", not " + site,
                                         "/version");
                 }
                 const std::string text = comment && !comment->empty()
                                              ? *comment
                                              : "rollback to version " + std::to_string(*earlier);
                 auto version = s.restore(site, *earlier, *base, actor_of(call), text);
                 if (!version) return store_failure(version.error(), "/version");
                 ApiResponse out;
                 out.status = 201;
                 out.body = {{"version", *version}};
                 return out;
               });
             });
}

}  // namespace samtel::fw::admin
