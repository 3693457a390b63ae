// GET /api/v1/audit[?after=SEQ&limit=N&site=S]: the audit trail, oldest first.
#include <limits>

#include "resources.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

nlohmann::json entry_json(const store::AuditEntry& e) {
  const auto optional_id = [](const std::optional<store::VersionId>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"seq", e.seq},
          {"at", format_utc(e.at)},
          {"user", e.actor.user},
          {"source", e.actor.source},
          {"action", std::string(store::to_string(e.action))},
          {"site", e.site.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.site)},
          {"version_from", optional_id(e.version_from)},
          {"version_to", optional_id(e.version_to)},
          {"comment", e.comment},
          {"detail", e.detail},
          {"routing_effect", e.routing_effect},
          {"confirmed_gaps", e.confirmed_gaps},
          {"hash", e.hash}};
}

}  // namespace

void add_audit_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/audit", {.role = Role::administrator}, [r](const Call& call) {
    auto after = query_integer(call.request, "after", 0, std::numeric_limits<long>::max(), 0);
    if (!after) return std::move(after.error());
    auto limit = query_integer(call.request, "limit", 1, 1000, 100);
    if (!limit) return std::move(limit.error());
    const auto site = query_value(call.request, "site");
    nlohmann::json entries = nlohmann::json::array();
    r.store.with([&](store::ScheduleStore& s) {
      // With a site, pages are read until `limit` of its entries are found or the trail ends.
      std::int64_t from = *after;
      while (static_cast<long>(entries.size()) < *limit) {
        const auto page = s.audit(from, static_cast<int>(*limit));
        for (const auto& e : page) {
          from = e.seq;
          if (site && e.site != *site) continue;
          entries.push_back(entry_json(e));
          if (static_cast<long>(entries.size()) == *limit) break;
        }
        if (static_cast<long>(page.size()) < *limit) break;
      }
    });
    ApiResponse out;
    out.body = {{"entries", entries}};
    return out;
  });
}

}  // namespace samtel::fw::admin
