#pragma once
// samtel/admin/router.hpp — which handler answers a request: a method and a path pattern such as
// `/api/v1/versions/{id}`, with who may call it and whether it takes a JSON body.
//
// Promises:
//  * A pattern is a path of segments; a segment `{name}` matches any one non-empty segment and
//    its text is given to the handler as `params.at("name")`; every other segment matches only
//    itself. Patterns are tried in the order they were added; the first that matches wins.
//  * `find()` gives the route, or the answer when there is none: 404 when no pattern matches the
//    path, 405 with `Allow` (the methods that would work, HEAD wherever GET does) when patterns
//    match but not for the method. HEAD is answered by a GET route.
//  * The router only chooses. Who is let through (401, 403) and the body (413, 415, 400) are the
//    service's (service.hpp), before the handler runs, as the route's `RouteRules` say.
//
//   router.add(Method::get, "/api/v1/versions/{id}", {.role = Role::viewer},
//              [&](const Call& call) { return version(call.params.at("id")); });
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/api.hpp"

namespace samtel::fw::admin {

using PathParams = std::map<std::string, std::string, std::less<>>;

// Who may call a route, and what it takes.
struct RouteRules {
  std::optional<Role> role;  // nullopt: anyone, without a token
  bool json_body = false;    // the body is read as JSON before the handler runs
};

// What a handler is given.
struct Call {
  const ApiRequest& request;
  const PathParams& params;
  const Session* session;      // the caller's, when the route needs a role; else nullptr
  const nlohmann::json& body;  // the parsed body, when the route takes one; else null
};

// A handler answers; it validates what it reads and never throws (an exception becomes a 500,
// which the fuzz target counts as a failure).
using Handler = std::function<ApiResponse(const Call&)>;

class Router {
 public:
  struct Route {
    Method method;
    std::vector<std::string> segments;  // "{id}" for a parameter
    RouteRules rules;
    Handler handler;
  };
  struct Found {
    const Route* route;
    PathParams params;
  };

  // Adds a route. A pattern must begin with '/'; adding the same method and pattern twice is a
  // programming error (std::logic_error, at start-up).
  void add(Method method, std::string_view pattern, RouteRules rules, Handler handler);

  tl::expected<Found, ApiResponse> find(Method method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace samtel::fw::admin
