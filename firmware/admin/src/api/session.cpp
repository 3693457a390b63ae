#include "resources.hpp"
#include "samtel/admin/auth.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/json_check.hpp"

namespace samtel::fw::admin {
namespace {

nlohmann::json session_json(const Session& s) {
  return {{"user", s.user}, {"role", store::to_string(s.role)}, {"expires", format_utc(s.expires)}};
}

}  // namespace

void SessionResource::add_to(Router& router) {
  router.add(Method::post, "/api/v1/session", {.role = std::nullopt, .json_body = true},
             [this](const Call& c) { return sign_in(c); });
  router.add(Method::get, "/api/v1/session", {.role = Role::viewer},
             [this](const Call& c) { return who(c); });
  router.add(Method::delete_, "/api/v1/session", {.role = Role::viewer},
             [this](const Call& c) { return sign_out(c); });
}

ApiResponse SessionResource::sign_in(const Call& call) {
  JsonChecker check;
  std::optional<std::string> name, password;
  std::optional<bool> cookie;
  if (check.object(call.body, "", {"user", "password", "cookie"})) {
    name = check.text(call.body, "", "user", true);
    password = check.string(call.body, "", "password", true);
    cookie = check.boolean(call.body, "", "cookie", false);
  }
  if (!check.ok()) return body_problem(check);

  const asio::ip::address source = source_address(call.request.source);
  {
    const std::lock_guard lock(throttle_mutex_);
    if (const auto wait = throttle_.wait(source, mono_.now()); wait.count() > 0) {
      return too_many_requests(
          "too many failed sign-ins from this address; wait " + std::to_string(wait.count()) + " s",
          static_cast<long>(wait.count()));
    }
  }
  auto user = accounts_.authenticate(*name, *password, call.request.source);
  if (!user) {
    if (user.error().kind == AuthError::Kind::bad_credentials) {
      const std::lock_guard lock(throttle_mutex_);
      throttle_.failed(source, mono_.now());
    }
    return auth_failure(user.error());
  }
  {
    const std::lock_guard lock(throttle_mutex_);
    throttle_.succeeded(source);
  }
  auto token = accounts_.start_session(*user, ttl_);
  if (!token) return auth_failure(token.error());
  auto session = accounts_.session(*token);
  if (!session) return auth_failure(session.error());
  ApiResponse r;
  r.status = 201;
  r.body = session_json(*session);
  r.body["csrf"] = csrf_token(*token);
  if (cookie.value_or(false)) {
    // The web page: the token only in an HttpOnly cookie, out of the page's scripts' reach.
    r.headers.emplace_back("Set-Cookie", session_cookie_header(*token, ttl_));
  } else {
    r.body["token"] = *token;
  }
  r.user = user->name;
  return r;
}

ApiResponse SessionResource::who(const Call& call) {
  ApiResponse r;
  r.body = session_json(*call.session);
  if (const auto token = request_token(call.request)) r.body["csrf"] = csrf_token(*token);
  return r;
}

ApiResponse SessionResource::sign_out(const Call& call) {
  if (const auto token = request_token(call.request)) accounts_.end_session(*token);
  ApiResponse r;
  r.status = 204;
  if (call.request.authorization.empty()) {
    r.headers.emplace_back("Set-Cookie", session_cookie_header("", std::chrono::seconds(0)));
  }
  return r;
}

}  // namespace samtel::fw::admin
