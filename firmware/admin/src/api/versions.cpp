// A site's versions, newest first; one version with its content; the published one.
#include "resources.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// {"version": {...}, "content": {...}} of a version, `published_id` saying which is in force.
ApiResponse version_with_content(const store::Version& v, store::VersionId published_id) {
  auto content = content_json(v);
  if (!content) return std::move(content.error());
  ApiResponse out;
  out.body = {{"version", version_json(v, v.id == published_id)}, {"content", *content}};
  return out;
}

}  // namespace

void add_versions_resources(Router& router, const ScheduleResources& r) {
  router.add(
      Method::get, "/api/v1/sites/{site}/versions", {.role = Role::viewer}, [r](const Call& call) {
        auto limit = query_integer(call.request, "limit", 1, 500, 50);
        if (!limit) return std::move(limit.error());
        std::optional<store::VersionId> before;
        if (const auto b = query_value(call.request, "before")) {
          before = parse_version_id(*b);
          if (!before) {
            return error_response(
                400, "the query parameter before must be a version id, not " + quote_value(*b));
          }
        }
        const std::string& site = call.params.at("site");
        return r.store.with([&](store::ScheduleStore& s) {
          auto published = s.published(site);
          if (!published) return store_failure(published.error());
          nlohmann::json list = nlohmann::json::array();
          for (const auto& v : s.versions(site, static_cast<int>(*limit), before)) {
            list.push_back(version_json(v, v.id == published->id));
          }
          ApiResponse out;
          out.body = {{"versions", list}};
          return out;
        });
      });
  router.add(Method::get, "/api/v1/versions/{id}", {.role = Role::viewer}, [r](const Call& call) {
    const std::string& text = call.params.at("id");
    const auto id = parse_version_id(text);
    if (!id) return error_response(404, "no version " + quote_value(text) + ": ids are numbers");
    return r.store.with([&](store::ScheduleStore& s) {
      auto v = s.version(*id);
      if (!v) return store_failure(v.error());
      auto published = s.published(v->site);
      return version_with_content(*v, published ? published->id : 0);
    });
  });
  router.add(Method::get, "/api/v1/sites/{site}/schedule", {.role = Role::viewer},
             [r](const Call& call) {
               return r.store.with([&](store::ScheduleStore& s) {
                 auto v = s.published(call.params.at("site"));
                 if (!v) return store_failure(v.error());
                 return version_with_content(*v, v->id);
               });
             });
}

}  // namespace samtel::fw::admin
