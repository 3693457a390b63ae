#pragma once
// samtel/calls/timers.hpp — one-shot timers on the monotonic clock, behind one interface, so the
// SIP core's timeouts (ring, call set-up, linger, transaction polling) and its rate limiter run on
// Asio in the daemon and on a clock that a test or a fuzzer moves by hand, without sleeping.
//
// Promises:
//  * `now()` never goes backwards; a step of the wall clock changes nothing here.
//  * A started timer fires once, no earlier than `after` from its start, unless cancelled first;
//    it never fires from inside `start()` or `cancel()`. A cancelled timer never fires; cancelling
//    a fired or unknown id does nothing.
//  * `SteppedTimers` moves only in `advance()`: every timer due within the step fires, in order of
//    deadline (equal deadlines in the order they were started), with `now()` set to its deadline
//    while it runs; timers that callbacks start are fired too if they fall due within the step.
//
//   SteppedTimers timers;
//   timers.start(std::chrono::seconds(20), [&] { ring_next(); });
//   timers.advance(std::chrono::seconds(20));  // ring_next() has run
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

namespace samtel::fw {

using MonoTime = std::chrono::steady_clock::time_point;

class Timers {
 public:
  using Id = std::uint64_t;  // never 0
  virtual ~Timers() = default;
  virtual MonoTime now() const = 0;
  virtual Id start(std::chrono::milliseconds after, std::function<void()> fire) = 0;
  virtual void cancel(Id id) = 0;
  // Timers started and not yet fired or cancelled.
  virtual std::size_t pending() const = 0;
};

// The daemon's: std::chrono::steady_clock and Asio timers on the event loop.
class AsioTimers final : public Timers {
 public:
  explicit AsioTimers(asio::io_context& io) : io_(io) {}
  ~AsioTimers() override;
  MonoTime now() const override { return std::chrono::steady_clock::now(); }
  Id start(std::chrono::milliseconds after, std::function<void()> fire) override;
  void cancel(Id id) override;
  std::size_t pending() const override { return timers_.size(); }

 private:
  asio::io_context& io_;
  Id next_ = 0;
  std::map<Id, std::unique_ptr<asio::steady_timer>> timers_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// A clock that moves only when told: for tests and fuzzers.
class SteppedTimers final : public Timers {
 public:
  explicit SteppedTimers(MonoTime start = MonoTime{} + std::chrono::hours(1)) : now_(start) {}
  MonoTime now() const override { return now_; }
  Id start(std::chrono::milliseconds after, std::function<void()> fire) override;
  void cancel(Id id) override;
  std::size_t pending() const override { return due_.size(); }
  // Moves the clock forward by `by`, firing what falls due; returns how many timers fired.
  std::size_t advance(std::chrono::milliseconds by);

 private:
  MonoTime now_;
  Id next_ = 0;
  // By (deadline, id): ids grow, so equal deadlines fire in start order.
  std::map<std::pair<MonoTime, Id>, std::function<void()>> due_;
  std::map<Id, MonoTime> deadline_of_;
};

}  // namespace samtel::fw
