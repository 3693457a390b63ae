#include "resources.hpp"

namespace samtel::fw::admin {

void add_health_resource(Router& router, std::string version) {
  router.add(Method::get, "/api/v1/health", {}, [version = std::move(version)](const Call&) {
    ApiResponse r;
    r.body = {{"status", "ok"}, {"version", version}};
    return r;
  });
}

}  // namespace samtel::fw::admin
