#pragma once
// samtel/admin/store_accounts.hpp — the `Accounts` seam (accounts.hpp) over the schedule store:
// the accounts, passwords, locks and sessions samtel-admind serves are the store's.
//
// Promises:
//  * Each member is one call of the store through `SharedStore::with()`, so any thread may call.
//  * The store's refusals become the seam's kinds: a wrong name or password is `bad_credentials`;
//    a locked account is `locked`, with `retry_after` the whole seconds (at least 1) until the
//    store's `locked_until` on the injected wall clock; an unknown, expired or ended token is
//    `no_session`; a store that cannot be read (`io`, `damaged`) is `unavailable`.
//  * The store audits every sign-in, failure and lock, with the source given here.
//
//   StoreAccounts accounts(shared, wall);
//   AdminService service(accounts, mono, settings, &log);
#include <chrono>
#include <string>
#include <string_view>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::admin {

class StoreAccounts final : public Accounts {
 public:
  StoreAccounts(SharedStore& store, const Clock& wall) : store_(store), wall_(wall) {}

  tl::expected<User, AuthError> authenticate(std::string_view name, std::string_view password,
                                             std::string_view source) override;
  tl::expected<std::string, AuthError> start_session(const User& user,
                                                     std::chrono::seconds ttl) override;
  tl::expected<Session, AuthError> session(std::string_view token) override;
  void end_session(std::string_view token) override;

 private:
  AuthError to_auth_error(const store::StoreError& e) const;

  SharedStore& store_;
  const Clock& wall_;
};

}  // namespace samtel::fw::admin
