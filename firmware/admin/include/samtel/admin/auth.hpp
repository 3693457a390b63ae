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
//  * `auth_failure()` is the answer for an `AuthError` of any kind, so every resource answers the
//    same way (401 for a bad token or credentials, 429 with Retry-After for a locked account, 503).
//
//   auto session = authorize(accounts, request.authorization, Role::scheduler);
//   if (!session) return session.error();
#include <optional>
#include <string_view>

#include <tl/expected.hpp>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/api.hpp"

namespace samtel::fw::admin {

std::optional<std::string_view> bearer_token(std::string_view authorization);

tl::expected<Session, ApiResponse> authorize(Accounts& accounts, std::string_view authorization,
                                             Role needed);

ApiResponse auth_failure(const AuthError& error);

}  // namespace samtel::fw::admin
