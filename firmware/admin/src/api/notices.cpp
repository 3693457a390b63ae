// GET /api/v1/notices[?limit=N]: the notifier's recent notices, newest first, each with its
// deliveries (contact, way, address, state, attempts, last error). Administrators only: the
// contacts' addresses are in it.
#include "resources.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

nlohmann::json delivery_json(const store::DeliveryRecord& d) {
  return {{"id", d.id},
          {"contact", d.contact},
          {"channel", std::string(to_string(d.channel))},
          {"address", d.address},
          {"state", std::string(to_string(d.state))},
          {"attempts", d.attempts},
          {"last_error", d.last_error},
          {"updated", format_utc(d.updated)}};
}

nlohmann::json notice_json(const store::NoticeRecord& r) {
  nlohmann::json deliveries = nlohmann::json::array();
  for (const auto& d : r.deliveries) deliveries.push_back(delivery_json(d));
  const notices::Notice& n = r.notice;
  return {{"id", n.id},
          {"kind", std::string(to_string(n.kind))},
          {"key", n.key},
          {"site", n.site.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.site)},
          {"title", n.title},
          {"text", n.text},
          {"at", format_utc(n.at)},
          {"created", format_utc(n.created)},
          {"deliveries", deliveries}};
}

}  // namespace

void add_notices_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/notices", {.role = Role::administrator}, [r](const Call& call) {
    auto limit = query_integer(call.request, "limit", 1, 500, 50);
    if (!limit) return std::move(limit.error());
    nlohmann::json out_notices = nlohmann::json::array();
    for (const auto& n : r.store.with(
             [&](store::ScheduleStore& s) { return s.notices(static_cast<int>(*limit)); })) {
      out_notices.push_back(notice_json(n));
    }
    ApiResponse out;
    out.body = {{"notices", out_notices}};
    return out;
  });
}

}  // namespace samtel::fw::admin
