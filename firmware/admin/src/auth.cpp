#include "samtel/admin/auth.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <sodium.h>

#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_b64token(std::string_view t) {
  const auto end = t.find_last_not_of('=');
  if (end == std::string_view::npos) return false;
  return std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(end) + 1, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
           c == '~' || c == '+' || c == '/';
  });
}

ApiResponse unauthorized(std::string message, bool invalid_token) {
  ApiResponse r = error_response(401, std::move(message));
  r.headers.emplace_back("WWW-Authenticate", invalid_token
                                                 ? R"(Bearer realm="samtel", error="invalid_token")"
                                                 : R"(Bearer realm="samtel")");
  return r;
}

}  // namespace

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i])
      return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (!is_b64token(rest)) return std::nullopt;
  return rest;
}

std::optional<std::string_view> session_cookie(std::string_view cookie_header) {
  // Cookie: a=1; samtel_session=...; b=2
  while (!cookie_header.empty()) {
    const auto end = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, end);
    cookie_header =
        end == std::string_view::npos ? std::string_view{} : cookie_header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    while (!pair.empty() && pair.back() == ' ') pair.remove_suffix(1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != kSessionCookie) continue;
    const std::string_view value = pair.substr(eq + 1);
    if (is_b64token(value)) return value;
  }
  return std::nullopt;
}

std::string session_cookie_header(std::string_view token, std::chrono::seconds max_age) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; Max-Age=" + std::to_string(std::max<long long>(0, max_age.count())) +
         "; Secure; HttpOnly; SameSite=Strict";
}

std::string csrf_token(std::string_view session_token) {
  static constexpr std::string_view kContext = "samtel csrf token v1";
  unsigned char digest[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof digest);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kContext.data()),
                            kContext.size() + 1);  // with its terminating zero, as a separator
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(session_token.data()),
                            session_token.size());
  crypto_generichash_final(&state, digest, sizeof digest);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::optional<std::string_view> request_token(const ApiRequest& request) {
  if (!request.authorization.empty()) return bearer_token(request.authorization);
  return session_cookie(request.cookie);
}

tl::expected<Session, ApiResponse> authorize(Accounts& accounts, const ApiRequest& request,
                                             Role needed) {
  const std::string_view authorization = request.authorization;
  std::optional<std::string_view> token;
  bool by_cookie = false;
  if (!authorization.empty()) {
    token = bearer_token(authorization);
    if (!token) {
      return tl::unexpected(
          unauthorized("the Authorization header is not \"Bearer <token>\"", true));
    }
  } else {
    token = session_cookie(request.cookie);
    by_cookie = token.has_value();
    if (!token) {
      return tl::unexpected(
          unauthorized("sign in first: this needs a bearer token (POST /api/v1/session)", false));
    }
  }
  auto session = accounts.session(*token);
  if (!session) return tl::unexpected(auth_failure(session.error()));
  if (by_cookie && request.method != Method::get && request.method != Method::head) {
    const std::string expected = csrf_token(*token);
    if (request.csrf.size() != expected.size() ||
        sodium_memcmp(request.csrf.data(), expected.data(), expected.size()) != 0) {
      return tl::unexpected(error_response(
          403, request.csrf.empty()
                   ? "a change from the web page must carry its CSRF token (X-CSRF-Token); "
                     "reload the page"
                   : "the CSRF token (X-CSRF-Token) is not this session's; reload the page"));
    }
  }
  if (!store::permits(session->role, needed)) {
    return tl::unexpected(error_response(403, "this needs the role " +
                                                  std::string(store::to_string(needed)) + "; " +
                                                  quote_value(session->user) + " has the role " +
                                                  std::string(store::to_string(session->role))));
  }
  return std::move(*session);
}

ApiResponse auth_failure(const AuthError& error) {
  switch (error.kind) {
    case AuthError::Kind::bad_credentials:
      return unauthorized("unknown user or wrong password", false);
    case AuthError::Kind::no_session:
      return unauthorized("the token is unknown, ended or expired; sign in again", true);
    case AuthError::Kind::locked:
      return too_many_requests(
          "the account is locked after failed sign-ins; try again later",
          error.retry_after ? static_cast<long>(error.retry_after->count()) : 60);
    case AuthError::Kind::unavailable:
      return error_response(503, "the accounts cannot be read just now; try again later");
  }
  return error_response(503, "the accounts cannot be read just now; try again later");
}

}  // namespace samtel::fw::admin
