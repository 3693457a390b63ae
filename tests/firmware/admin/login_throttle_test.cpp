// The per-source login throttle on a monotonic clock moved by hand: free failures, then a delay
// doubling up to its cap, forgotten after a success or a quiet hour, bounded memory.
#include "samtel/admin/login_throttle.hpp"

#include <gtest/gtest.h>

namespace samtel::fw::admin {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const asio::ip::address kA = asio::ip::make_address("192.0.2.10");
const asio::ip::address kB = asio::ip::make_address("2001:db8::1");

TEST(LoginThrottle, DelayGrowsAfterTheFreeFailuresUpToTheCap) {
  ManualMonotonicClock mono;
  LoginThrottle throttle({.free_failures = 3,
                          .first_delay = seconds(1),
                          .max_delay = seconds(30),
                          .forget_after = seconds(3600),
                          .max_sources = 16});
  // The wait after each failure, in order.
  const long expected[] = {0, 0, 0, 1, 2, 4, 8, 16, 30, 30};
  for (long want : expected) {
    ASSERT_EQ(throttle.wait(kA, mono.now()), seconds(0));
    throttle.failed(kA, mono.now());
    EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(want));
    mono.advance(seconds(want));
  }
  EXPECT_EQ(throttle.wait(kB, mono.now()), seconds(0));  // per source
}

TEST(LoginThrottle, WaitIsRoundedUpAndCountsDown) {
  ManualMonotonicClock mono;
  LoginThrottle throttle({.free_failures = 0,
                          .first_delay = seconds(8),
                          .max_delay = seconds(300),
                          .forget_after = seconds(3600),
                          .max_sources = 16});
  throttle.failed(kA, mono.now());
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(8));
  mono.advance(milliseconds(2500));
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(6));  // 5.5 s left
  mono.advance(milliseconds(5499));
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(1));
  mono.advance(milliseconds(1));
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(0));
}

TEST(LoginThrottle, SuccessAndQuietForget) {
  ManualMonotonicClock mono;
  LoginThrottle throttle({.free_failures = 1,
                          .first_delay = seconds(10),
                          .max_delay = seconds(300),
                          .forget_after = seconds(3600),
                          .max_sources = 16});
  throttle.failed(kA, mono.now());
  throttle.failed(kA, mono.now());
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(10));
  throttle.succeeded(kA);
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(0));
  throttle.failed(kA, mono.now());
  EXPECT_EQ(throttle.wait(kA, mono.now()), seconds(0));  // the first failure is free again

  throttle.failed(kB, mono.now());
  throttle.failed(kB, mono.now());
  mono.advance(seconds(3599));
  throttle.failed(kB, mono.now());  // third failure within the hour: 20 s
  EXPECT_EQ(throttle.wait(kB, mono.now()), seconds(20));
  mono.advance(seconds(3600));
  EXPECT_EQ(throttle.wait(kB, mono.now()), seconds(0));
  throttle.failed(kB, mono.now());  // counted afresh: free
  EXPECT_EQ(throttle.wait(kB, mono.now()), seconds(0));
}

TEST(LoginThrottle, MemoryIsBoundedAndTheOldestGoesFirst) {
  ManualMonotonicClock mono;
  LoginThrottle throttle({.free_failures = 0,
                          .first_delay = seconds(100),
                          .max_delay = seconds(300),
                          .forget_after = seconds(3600),
                          .max_sources = 4});
  for (int i = 1; i <= 4; ++i) {
    throttle.failed(asio::ip::make_address("192.0.2." + std::to_string(i)), mono.now());
    mono.advance(seconds(1));
  }
  EXPECT_EQ(throttle.sources(), 4u);
  throttle.failed(asio::ip::make_address("192.0.2.5"), mono.now());
  EXPECT_EQ(throttle.sources(), 4u);
  EXPECT_EQ(throttle.wait(asio::ip::make_address("192.0.2.1"), mono.now()), seconds(0));
  EXPECT_GT(throttle.wait(asio::ip::make_address("192.0.2.2"), mono.now()), seconds(0));
  EXPECT_GT(throttle.wait(asio::ip::make_address("192.0.2.5"), mono.now()), seconds(0));
}

}  // namespace
}  // namespace samtel::fw::admin
