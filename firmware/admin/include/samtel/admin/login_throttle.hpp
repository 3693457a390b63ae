#pragma once
// samtel/admin/login_throttle.hpp — slowing down password guessing from one address: after a few
// failed sign-ins a source must wait, longer after each further failure. (Locking an account
// after failures from anywhere is the store's, see accounts.hpp.)
//
// Promises:
//  * A source's first `free_failures` failures cost nothing. Each failure after those makes it
//    wait before its next attempt: `first_delay`, then twice as long after each further failure,
//    at most `max_delay`. `wait()` says how long is left (zero: it may try now); the service
//    answers 429 with Retry-After meanwhile, without asking the accounts, so an attempt refused
//    is not counted as a failure.
//  * A success forgets the source's failures; so does `forget_after` without a failure.
//  * Time is the monotonic time passed in; nothing sleeps. Memory is bounded (`max_sources`):
//    when full, forgotten sources go first, then the one whose last failure is oldest.
//  * Not thread-safe: one owner, or a lock around it.
//
//   if (auto w = throttle.wait(peer, mono.now()); w.count() > 0) return too_many_requests(...);
//   if (!accounts.authenticate(...)) throttle.failed(peer, mono.now());
#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

#include <asio/ip/address.hpp>

#include "samtel/admin/monotonic_clock.hpp"

namespace samtel::fw::admin {

struct LoginThrottlePolicy {
  int free_failures = 3;
  std::chrono::seconds first_delay{1};
  std::chrono::seconds max_delay{300};
  std::chrono::seconds forget_after{3600};
  std::size_t max_sources = 4096;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottlePolicy policy = {}) : policy_(policy) {}

  // How long `source` must still wait before it may try again, rounded up to whole seconds.
  std::chrono::seconds wait(const asio::ip::address& source, MonoTime now);
  void failed(const asio::ip::address& source, MonoTime now);
  void succeeded(const asio::ip::address& source);

  std::size_t sources() const { return sources_.size(); }

 private:
  struct Record {
    int failures = 0;
    MonoTime last_failure;
  };
  std::chrono::seconds delay_after(int failures) const;
  bool forgotten(const Record& r, MonoTime now) const;

  LoginThrottlePolicy policy_;
  std::unordered_map<std::string, Record> sources_;  // by address_key()
};

}  // namespace samtel::fw::admin
