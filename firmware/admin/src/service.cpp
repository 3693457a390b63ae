#include "samtel/admin/service.hpp"

#include <cmath>
#include <exception>
#include <optional>

#include "api/resources.hpp"
#include "samtel/admin/auth.hpp"
#include "samtel/admin/json_body.hpp"

namespace samtel::fw::admin {

AdminService::AdminService(Accounts& accounts, const MonotonicClock& mono, ServiceSettings settings,
                           Logger* log)
    : accounts_(accounts),
      mono_(mono),
      settings_(std::move(settings)),
      log_(log),
      rate_(settings_.requests_per_second, settings_.request_burst),
      sessions_(std::make_unique<SessionResource>(accounts_, mono_, settings_.session_ttl,
                                                  settings_.login)) {
  add_health_resource(router_, settings_.version);
  sessions_->add_to(router_);
}

AdminService::~AdminService() = default;

ApiResponse AdminService::handle(const ApiRequest& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    if (log_ != nullptr) {
      log_->error(JournalEvent::admin_handler_failed,
                  {{"method", std::string(to_string(request.method))},
                   {"path", path_for_log(request.path)},
                   {"error", e.what()}});
    }
  } catch (...) {
    if (log_ != nullptr) {
      log_->error(JournalEvent::admin_handler_failed,
                  {{"method", std::string(to_string(request.method))},
                   {"path", path_for_log(request.path)},
                   {"error", "an exception of unknown type"}});
    }
  }
  return error_response(500, "internal error; it has been logged");
}

void AdminService::serve_web_page(WebFiles files) { web_ = std::move(files); }

ApiResponse AdminService::dispatch(const ApiRequest& request) {
  if (web_ && web_->serves(request)) return web_->answer(request);
  if (settings_.requests_per_second > 0) {
    const std::lock_guard lock(rate_mutex_);
    if (!rate_.allow(source_address(request.source), mono_.now())) {
      // One token comes back in 1/rate seconds.
      const auto wait = static_cast<long>(std::ceil(1.0 / std::max(rate_.rate(), 0.001)));
      return too_many_requests("too many requests from this address; slow down", wait);
    }
  }
  auto found = router_.find(request.method, request.path);
  if (!found) return std::move(found.error());
  const Router::Route& route = *found->route;
  if (request.body.size() > settings_.max_body_bytes) {
    return payload_too_large(settings_.max_body_bytes);
  }
  std::optional<Session> session;
  if (route.rules.role) {
    auto s = authorize(accounts_, request, *route.rules.role);
    if (!s) return std::move(s.error());
    session = std::move(*s);
  }
  nlohmann::json body;
  std::optional<ApiResponse> refused;
  if (route.rules.json_body) {
    auto parsed = parse_json_body(request);
    if (parsed) {
      body = std::move(*parsed);
    } else {
      refused = std::move(parsed.error());
    }
  }
  ApiResponse r =
      refused ? std::move(*refused)
              : route.handler(Call{request, found->params, session ? &*session : nullptr, body});
  if (session && r.user.empty()) r.user = session->user;
  return r;
}

}  // namespace samtel::fw::admin
