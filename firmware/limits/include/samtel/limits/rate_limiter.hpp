#pragma once
// samtel/limits/rate_limiter.hpp — how many requests one source may make: a token bucket per
// address, shared by the SIP core's admission (samteld) and the admin service (samtel-admind).
//
// Promises:
//  * `allow()` takes one token from the source's bucket and says whether there was one. A bucket
//    starts full (`burst` tokens) and refills at `rate` tokens a second, never above `burst`.
//  * Time is the monotonic time the caller passes in (no clock is read here), so a test moves it
//    by hand and a step of the wall clock changes nothing.
//  * Memory is bounded: at most 4,096 sources. When full, sources quiet long enough to have a
//    full bucket again are forgotten first; a new source beyond that is refused.
//  * Not thread-safe: one owner, or a lock around it.
//
//   RateLimiter limiter(10, 20);  // 10 a second, bursts of 20
//   if (!limiter.allow(peer, clock.now())) return too_many_requests();
#include <chrono>
#include <string>
#include <unordered_map>

#include <asio/ip/address.hpp>

namespace samtel::fw {

// An address's bytes (4 for IPv4, 16 for IPv6): a key per source without a text form.
std::string address_key(const asio::ip::address& address);

// Per-source token buckets (requests per second with a burst), bounded in memory.
class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit RateLimiter(double rate = 500, double burst = 1000) : rate_(rate), burst_(burst) {}
  void configure(double rate, double burst) {
    rate_ = rate;
    burst_ = burst;
  }
  double rate() const { return rate_; }
  // True if a request from `source` at `now` is within its budget (and takes one token).
  bool allow(const asio::ip::address& source, TimePoint now);

 private:
  struct Bucket {
    double tokens;
    TimePoint last;
  };
  double rate_, burst_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace samtel::fw
