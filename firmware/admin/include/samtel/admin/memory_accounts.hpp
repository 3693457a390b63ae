#pragma once
// samtel/admin/memory_accounts.hpp — accounts held in memory, for tests and the fuzz target: the
// `Accounts` seam kept the way the schedule store keeps it, with no file.
//
// Promises:
//  * It starts with no account; `add_user()` is the only way one comes to exist.
//  * Passwords are held as given (this is a test double: the store keeps only hashes), compared
//    in time independent of where they differ.
//  * Tokens are 64 hexadecimal digits from std::random_device; a session ends at
//    `start + ttl` on the injected wall clock (samtel/time.hpp), and `session()` of an expired
//    token forgets it.
//  * `lock()` and `set_unavailable()` make the other answers of the seam happen on demand.
//  * Thread-safe, as the seam requires.
//
//   ManualClock clock(t0);
//   InMemoryAccounts accounts(clock);
//   accounts.add_user("kari", "correct horse", Role::scheduler);
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "samtel/admin/accounts.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::admin {

class InMemoryAccounts final : public Accounts {
 public:
  explicit InMemoryAccounts(const Clock& clock) : clock_(clock) {}

  // Adds the account, or replaces its password and role.
  void add_user(const std::string& name, std::string password, Role role);
  // A locked account's sign-ins fail with `locked` (and `retry_after`) whatever the password.
  void lock(const std::string& name, std::optional<std::chrono::seconds> retry_after);
  // While set, every member fails with `unavailable`.
  void set_unavailable(bool unavailable);
  // Sessions started and not yet ended (expired ones included until looked up).
  std::size_t sessions() const;

  tl::expected<User, AuthError> authenticate(std::string_view name, std::string_view password,
                                             std::string_view source) override;
  tl::expected<std::string, AuthError> start_session(const User& user,
                                                     std::chrono::seconds ttl) override;
  tl::expected<Session, AuthError> session(std::string_view token) override;
  void end_session(std::string_view token) override;

 private:
  struct Account {
    std::string password;
    Role role;
    bool locked = false;
    std::optional<std::chrono::seconds> retry_after;
  };
  const Clock& clock_;
  mutable std::mutex mutex_;  // guards accounts_, sessions_, unavailable_
  std::map<std::string, Account, std::less<>> accounts_;
  std::map<std::string, Session, std::less<>> sessions_;
  bool unavailable_ = false;
};

}  // namespace samtel::fw::admin
