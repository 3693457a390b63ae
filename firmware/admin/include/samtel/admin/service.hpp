#pragma once
// samtel/admin/service.hpp — the admin service as one function from request to answer, with no
// socket: the HTTP glue, the tests and the fuzz target all call `handle()`.
//
// Promises:
//  * `handle()` decides in this order, and the first refusal wins: the source's request rate (a
//    token bucket per address, samtel/limits/rate_limiter.hpp: 429 with Retry-After); the route
//    (404, 405 with Allow); the body's size (413, before anything reads it); who is calling, when
//    the route needs a role (401, 403; auth.hpp); the body as JSON, when the route takes one (415,
//    400 with line and column or a JSON Pointer; json_body.hpp); then the route's handler.
//  * `handle()` never throws: an exception from a handler is logged and answered 500, which is a
//    bug (the fuzz target aborts on it): handlers validate instead.
//  * Its resources so far: `GET /api/v1/health` (no token), `POST /api/v1/session` (sign in, with
//    the per-source login throttle of login_throttle.hpp), `GET` and `DELETE /api/v1/session`
//    (docs/admin.md, docs/openapi.yaml). The schedule store's resources (sites, who, route,
//    versions, changes, rollback, audit, calls, users) are added on `router()` before serving by
//    `add_schedule_resources()` (schedule_resources.hpp), as samtel-admind does.
//  * With `serve_web_page()`, GET and HEAD of a path outside /api/ and /feeds/ are the web page's
//    files (web_files.hpp), answered before the request rate is counted: the page's files are
//    the unit's own and cheap, and a page load asks for a dozen at once.
//  * Time is the injected monotonic clock; every member may be called from several threads once
//    the routes are added (the limiters are locked, the router only read).
//
//   AdminService service(accounts, mono, {.version = "0.1.0"});
//   ApiResponse r = service.handle({.method = Method::get, .path = "/api/v1/health"});
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/api.hpp"
#include "samtel/admin/login_throttle.hpp"
#include "samtel/admin/monotonic_clock.hpp"
#include "samtel/admin/router.hpp"
#include "samtel/admin/web_files.hpp"
#include "samtel/limits/rate_limiter.hpp"
#include "samtel/log/logger.hpp"

namespace samtel::fw::admin {

struct ServiceSettings {
  std::string version = "0.1.0";                      // GET /api/v1/health
  std::size_t max_body_bytes = std::size_t{1} << 20;  // 413 above
  // Requests from one source: `requests_per_second` after a burst of `request_burst` (0: no
  // limit).
  double requests_per_second = 10;
  double request_burst = 40;
  std::chrono::seconds session_ttl = std::chrono::hours(8);
  LoginThrottlePolicy login;
};

class SessionResource;

class AdminService {
 public:
  // `log` (may be null) gets the errors no request should cause.
  AdminService(Accounts& accounts, const MonotonicClock& mono, ServiceSettings settings = {},
               Logger* log = nullptr);
  ~AdminService();
  AdminService(const AdminService&) = delete;
  AdminService& operator=(const AdminService&) = delete;

  Router& router() { return router_; }
  // Serves the web page's files from now on; call before serving, as the routes.
  void serve_web_page(WebFiles files);
  const ServiceSettings& settings() const { return settings_; }

  ApiResponse handle(const ApiRequest& request);

 private:
  ApiResponse dispatch(const ApiRequest& request);

  Accounts& accounts_;
  const MonotonicClock& mono_;
  ServiceSettings settings_;
  Logger* log_;
  Router router_;
  std::mutex rate_mutex_;  // guards rate_
  RateLimiter rate_;
  std::unique_ptr<SessionResource> sessions_;
  std::optional<WebFiles> web_;
};

}  // namespace samtel::fw::admin
