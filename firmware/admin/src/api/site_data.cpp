// Parts of a site's published version, as in the file: people, special days, hours.
#include "resources.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

using ojson = nlohmann::ordered_json;

// The published content of the site named in the path, with its version id.
template <typename Build>
Handler from_published(const ScheduleResources& r, Build build) {
  return [r, build](const Call& call) {
    auto v =
        r.store.with([&](store::ScheduleStore& s) { return s.published(call.params.at("site")); });
    if (!v) return store_failure(v.error());
    auto content = content_json(*v);
    if (!content) return std::move(content.error());
    ApiResponse out;
    out.body = build(*content);
    out.body["version"] = v->id;
    return out;
  };
}

nlohmann::json list_or_empty(const ojson& object, const char* key) {
  return object.is_object() && object.contains(key) ? nlohmann::json(object[key])
                                                    : nlohmann::json::array();
}

}  // namespace

void add_site_data_resources(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/sites/{site}/people", {.role = Role::viewer},
             from_published(r, [](const ojson& doc) {
               return nlohmann::json{{"people", list_or_empty(doc, "people")}};
             }));
  router.add(Method::get, "/api/v1/sites/{site}/special-days", {.role = Role::viewer},
             from_published(r, [](const ojson& doc) {
               nlohmann::json lines = nlohmann::json::array();
               for (const auto& line : doc.value("lines", ojson::array())) {
                 nlohmann::json desks = nlohmann::json::array();
                 for (const auto& desk : line.value("desks", ojson::array())) {
                   desks.push_back({{"id", desk.value("id", "")},
                                    {"special_days", list_or_empty(desk, "special_days")}});
                 }
                 lines.push_back({{"number", line.value("number", "")},
                                  {"special_days", list_or_empty(line, "special_days")},
                                  {"desks", desks}});
               }
               return nlohmann::json{{"special_days", list_or_empty(doc, "special_days")},
                                     {"lines", lines}};
             }));
  // A desk's hours are its own when it has them, else its line's, which it follows.
  router.add(Method::get, "/api/v1/sites/{site}/hours", {.role = Role::viewer},
             from_published(r, [](const ojson& doc) {
               nlohmann::json lines = nlohmann::json::array();
               for (const auto& line : doc.value("lines", ojson::array())) {
                 nlohmann::json desks = nlohmann::json::array();
                 for (const auto& desk : line.value("desks", ojson::array())) {
                   const bool own = desk.is_object() && desk.contains("hours");
                   desks.push_back({{"id", desk.value("id", "")},
                                    {"hours", own ? list_or_empty(desk, "hours")
                                                  : list_or_empty(line, "hours")},
                                    {"own_hours", own}});
                 }
                 lines.push_back({{"number", line.value("number", "")}, {"desks", desks}});
               }
               return nlohmann::json{{"lines", lines}};
             }));
}

}  // namespace samtel::fw::admin
