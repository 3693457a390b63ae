// `samtel admin retention run [--dry-run]`: the call log's retention applied now by the service
// (POST /api/v1/retention/run), its counts printed one a line.
#include <ostream>

#include "command_support.hpp"

namespace samtel::fw::admin {

int run_retention_command(AdminCommand /*c*/, AdminClient& client, const AdminOptions& o,
                          Terminal& t) {
  auto answer = client.post(
      "/api/v1/retention/run" + query({{"dry_run", o.dry_run ? "true" : "false"}}), Json::object());
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  const char* verb = o.dry_run ? "would be " : "";
  t.out << "callers' numbers " << verb << "blanked: " << cell(*answer, "numbers_blanked") << '\n'
        << "call records " << verb << "deleted: " << cell(*answer, "calls_deleted") << '\n'
        << "attempts " << verb << "deleted: " << cell(*answer, "attempts_deleted") << '\n'
        << "months " << verb << "aggregated: " << cell(*answer, "months_aggregated") << '\n'
        << "aggregates " << verb << "deleted: " << cell(*answer, "aggregates_deleted") << '\n';
  return kExitOk;
}

}  // namespace samtel::fw::admin
