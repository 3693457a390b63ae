// GET /api/v1/sites: every published site with its zone, version, lines and desks.
#include "resources.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {

void add_sites_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/sites", {.role = Role::viewer}, [r](const Call&) {
    auto versions = r.store.with([](store::ScheduleStore& s) { return s.published_all(); });
    if (!versions) return store_failure(versions.error());
    nlohmann::json sites = nlohmann::json::array();
    for (const store::Version& v : *versions) {
      auto content = content_json(v);
      if (!content) return std::move(content.error());
      const auto& doc = *content;
      nlohmann::json lines = nlohmann::json::array();
      for (const auto& line : doc.value("lines", nlohmann::ordered_json::array())) {
        nlohmann::json desks = nlohmann::json::array();
        for (const auto& desk : line.value("desks", nlohmann::ordered_json::array())) {
          desks.push_back(desk.value("id", ""));
        }
        lines.push_back({{"number", line.value("number", "")},
                         {"name", line.value("name", "")},
                         {"desks", desks}});
      }
      const auto site = doc.value("site", nlohmann::ordered_json::object());
      sites.push_back({{"id", v.site},
                       {"name", site.value("name", "")},
                       {"zone", site.value("zone", "")},
                       {"version", v.id},
                       {"lines", lines}});
    }
    ApiResponse out;
    out.body = {{"sites", sites}};
    return out;
  });
}

}  // namespace samtel::fw::admin
