#pragma once
// samtel/admin/monotonic_clock.hpp — the monotonic time the admin service's limits run on,
// injected like the wall clock (samtel/time.hpp): the daemon reads std::chrono::steady_clock, a
// test moves a `ManualMonotonicClock` by hand and never sleeps.
//
// Promises:
//  * `now()` never goes backwards; a step of the wall clock changes nothing here.
//  * `ManualMonotonicClock` moves only in `advance()`.
//
//   ManualMonotonicClock mono;
//   mono.advance(std::chrono::seconds(30));  // a throttled source may try again
#include <chrono>

namespace samtel::fw::admin {

using MonoTime = std::chrono::steady_clock::time_point;

class MonotonicClock {
 public:
  virtual ~MonotonicClock() = default;
  virtual MonoTime now() const = 0;
};

class SteadyClock final : public MonotonicClock {
 public:
  MonoTime now() const override { return std::chrono::steady_clock::now(); }
};

class ManualMonotonicClock final : public MonotonicClock {
 public:
  explicit ManualMonotonicClock(MonoTime start = MonoTime{} + std::chrono::hours(1))
      : now_(start) {}
  MonoTime now() const override { return now_; }
  void advance(std::chrono::steady_clock::duration by) { now_ += by; }

 private:
  MonoTime now_;
};

}  // namespace samtel::fw::admin
