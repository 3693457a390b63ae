#include "samtel/admin/store_accounts.hpp"

#include <algorithm>

namespace samtel::fw::admin {

using store::ScheduleStore;
using store::StoreError;

AuthError StoreAccounts::to_auth_error(const StoreError& e) const {
  AuthError a;
  a.message = e.message;
  switch (e.kind) {
    case StoreError::Kind::denied:
      if (e.locked_until) {
        a.kind = AuthError::Kind::locked;
        const auto left = std::chrono::ceil<std::chrono::seconds>(*e.locked_until - wall_.now());
        a.retry_after = std::max(left, std::chrono::seconds(1));
      } else {
        a.kind = AuthError::Kind::bad_credentials;
      }
      break;
    case StoreError::Kind::not_found: a.kind = AuthError::Kind::no_session; break;
    case StoreError::Kind::io:
    case StoreError::Kind::damaged: a.kind = AuthError::Kind::unavailable; break;
    case StoreError::Kind::invalid:
    case StoreError::Kind::conflict:
    case StoreError::Kind::exists: a.kind = AuthError::Kind::bad_credentials; break;
  }
  return a;
}

tl::expected<User, AuthError> StoreAccounts::authenticate(std::string_view name,
                                                          std::string_view password,
                                                          std::string_view source) {
  auto user = store_.with([&](ScheduleStore& s) {
    return s.authenticate(name, password, {std::string(name), std::string(source)});
  });
  if (!user) {
    AuthError e = to_auth_error(user.error());
    // An unknown name is a wrong name, never "no session".
    if (e.kind == AuthError::Kind::no_session) e.kind = AuthError::Kind::bad_credentials;
    return tl::unexpected(std::move(e));
  }
  return User{user->name, user->role};
}

tl::expected<std::string, AuthError> StoreAccounts::start_session(const User& user,
                                                                  std::chrono::seconds ttl) {
  auto token = store_.with([&](ScheduleStore& s) { return s.start_session(user.name, ttl); });
  if (!token) {
    AuthError e = to_auth_error(token.error());
    if (e.kind != AuthError::Kind::unavailable) e.kind = AuthError::Kind::bad_credentials;
    return tl::unexpected(std::move(e));
  }
  return std::move(*token);
}

tl::expected<Session, AuthError> StoreAccounts::session(std::string_view token) {
  auto s = store_.with([&](ScheduleStore& st) { return st.session(token); });
  if (!s) {
    AuthError e = to_auth_error(s.error());
    if (e.kind != AuthError::Kind::unavailable) e.kind = AuthError::Kind::no_session;
    return tl::unexpected(std::move(e));
  }
  return Session{s->user, s->role, s->expires};
}

void StoreAccounts::end_session(std::string_view token) {
  store_.with([&](ScheduleStore& s) { s.end_session(token); });
}

}  // namespace samtel::fw::admin
