#include "samtel/admin/auth.hpp"

#include <algorithm>
#include <cctype>
#include <string>

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

tl::expected<Session, ApiResponse> authorize(Accounts& accounts, std::string_view authorization,
                                             Role needed) {
  const auto token = bearer_token(authorization);
  if (!token) {
    return tl::unexpected(unauthorized(
        authorization.empty() ? "sign in first: this needs a bearer token (POST /api/v1/session)"
                              : "the Authorization header is not \"Bearer <token>\"",
        !authorization.empty()));
  }
  auto session = accounts.session(*token);
  if (!session) return tl::unexpected(auth_failure(session.error()));
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
