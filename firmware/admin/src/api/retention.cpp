// POST /api/v1/retention/run[?dry_run=true]: the call log's retention applied now
// (samtel/admin/call_log_retention.hpp), by an administrator, audited as `call_log_purged`; the
// answer is the run's counts.
#include "resources.hpp"
#include "samtel/admin/call_log_retention.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_retention_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::post, "/api/v1/retention/run", {.role = Role::administrator},
             [r](const Call& call) {
               if (r.retention == nullptr) {
                 return error_response(503,
                                       "the call log is not available: samtel-admind was started "
                                       "without --call-log");
               }
               const auto dry_text = query_value(call.request, "dry_run").value_or("false");
               if (dry_text != "true" && dry_text != "false") {
                 return error_response(
                     400, "dry_run: expected true or false, found " + quote_value(dry_text));
               }
               auto counts = r.retention->run(actor_of(call), dry_text == "true");
               if (!counts) return error_response(503, "the purge failed: " + counts.error());
               ApiResponse out;
               out.body = counts->to_json();
               return out;
             });
}

}  // namespace samtel::fw::admin
