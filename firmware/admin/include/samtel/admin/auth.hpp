#pragma once
// samtel/admin/auth.hpp — who is calling, from the `Authorization` header, and whether their role
// is enough: pure logic over the `Accounts` seam, with the answers the service gives.
//
// Promises:
//  * `bearer_token()` reads `Authorization: Bearer <token>` (the scheme in any case, RFC 9110
//    §11.1; RFC 6750's token characters only); anything else gives nullopt.
//  * `authorize()` gives the caller's session when its role permits `needed` (viewer < scheduler
//    < administrator). Otherwise the answer: 401 with `WWW-Authenticate: Bearer` when no token was
//    sent, and with `error="invalid_token"` too when the token is unknown, ended or expired; 403
//    when the role is too low, naming both roles; 503 when the accounts cannot be read.
//  * The web page signs in with a cookie instead (`kSessionCookie`, Secure, HttpOnly,
//    SameSite=Strict: `session_cookie_header()`), which `session_cookie()` reads from the Cookie
//    header. A request authorized by the cookie that would change something (any method but GET
//    and HEAD) must carry the session's CSRF token, `csrf_token()` of it, in `X-CSRF-Token`;
//    without it, or with another, it is refused 403 before anything else is read. A bearer token
//    is never sent by a browser on its own, so it needs none. The bearer token wins when both
//    are sent.
//  * `auth_failure()` is the answer for an `AuthError` of any kind, so every resource answers the
//    same way (401 for a bad token or credentials, 429 with Retry-After for a locked account, 503).
//
//   auto session = authorize(accounts, request, Role::scheduler);
//   if (!session) return session.error();
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/api.hpp"

namespace samtel::fw::admin {

std::optional<std::string_view> bearer_token(std::string_view authorization);

// The web page's session cookie.
inline constexpr std::string_view kSessionCookie = "samtel_session";

// The value of the session cookie in a Cookie header, if there is one of RFC 6750's token
// characters.
std::optional<std::string_view> session_cookie(std::string_view cookie_header);

// The Set-Cookie value that gives the browser `token` for `max_age` (Path=/, Secure, HttpOnly,
// SameSite=Strict); a zero `max_age` and an empty token remove it.
std::string session_cookie_header(std::string_view token, std::chrono::seconds max_age);

// The CSRF token of a session: 64 hexadecimal digits derived from its token (BLAKE2b), so that
// only a page that was told it (by signing in, or GET /api/v1/session) can give it.
std::string csrf_token(std::string_view session_token);

// The session token a request carries: the bearer token, else the session cookie.
std::optional<std::string_view> request_token(const ApiRequest& request);

tl::expected<Session, ApiResponse> authorize(Accounts& accounts, const ApiRequest& request,
                                             Role needed);

ApiResponse auth_failure(const AuthError& error);

}  // namespace samtel::fw::admin
