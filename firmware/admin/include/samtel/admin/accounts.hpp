#pragma once
// samtel/admin/accounts.hpp — the seam between the admin service and whatever keeps the accounts:
// the schedule store on the unit (samtel/store/schedule_store.hpp, through a few lines of
// adapter), an in-memory fake in tests (memory_accounts.hpp).
//
// Promises (what every implementation keeps):
//  * `authenticate()` gives the account for a name and password, or `bad_credentials` without
//    saying which of the two was wrong; `locked` when the account is locked after failures (with
//    how long, if known); `unavailable` when the accounts cannot be read. `source` is the peer's
//    address, for the audit trail.
//  * `start_session()` gives a new bearer token, unguessable, valid for `ttl`; `session()` gives
//    the session of a token until it expires, then `no_session`, as for a token never issued or
//    ended. `end_session()` of an unknown token does nothing.
//  * Every member may be called from several threads at once.
//  * There are no default accounts: every account is created by someone.
//
//   auto user = accounts.authenticate("kari", password, "192.0.2.10");
//   if (user) token = accounts.start_session(*user, std::chrono::hours(8));
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "samtel/store/role.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::admin {

using store::Role;

struct User {
  std::string name;
  Role role = Role::viewer;
};

struct Session {
  std::string user;  // the account's name
  Role role = Role::viewer;
  Instant expires;
};

struct AuthError {
  enum class Kind { bad_credentials, locked, no_session, unavailable };
  Kind kind = Kind::bad_credentials;
  std::string message;  // for the log; what the caller is told depends on `kind` only
  std::optional<std::chrono::seconds> retry_after;  // `locked`: how long, if known
};

class Accounts {
 public:
  virtual ~Accounts() = default;
  virtual tl::expected<User, AuthError> authenticate(std::string_view name,
                                                     std::string_view password,
                                                     std::string_view source) = 0;
  virtual tl::expected<std::string, AuthError> start_session(const User& user,
                                                             std::chrono::seconds ttl) = 0;
  virtual tl::expected<Session, AuthError> session(std::string_view token) = 0;
  virtual void end_session(std::string_view token) = 0;
};

}  // namespace samtel::fw::admin
