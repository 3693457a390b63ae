// The table of recently answered INVITEs: how long an entry is kept, by the monotonic clock
// passed in, and that a flood cannot grow it without bound.
#include "samtel/calls/recent_invites.hpp"

#include <gtest/gtest.h>

namespace samtel::fw {
namespace {

using namespace std::chrono_literals;
using Clock = RecentInvites::Clock;

const Instant kDecided{std::chrono::seconds{1795510800}};  // 2026-11-24T09:00:00Z

TEST(RecentInvites, AnEntryIsKeptForTheWholeWindowWhereverInItsGenerationItWasStored) {
  const Clock::time_point t0{100s};
  RecentInvites r;
  r.insert(1, {kDecided, false}, t0);          // the first of its generation
  r.insert(2, {kDecided, true}, t0 + 7999ms);  // the last of the same generation
  ASSERT_TRUE(r.find(1, t0 + 8s));
  EXPECT_EQ(r.find(1, t0 + 8s)->decided, kDecided);
  EXPECT_FALSE(r.find(1, t0 + 8s)->answered);
  EXPECT_TRUE(r.find(2, t0 + 8s)->answered);
  // 32 s after it was stored, the later entry is still there (Timer B); both are gone once the
  // window and one generation have passed.
  EXPECT_TRUE(r.find(2, t0 + 7999ms + 32s));
  EXPECT_TRUE(r.find(1, t0 + 32s));
  EXPECT_FALSE(r.find(1, t0 + 40s));
  EXPECT_FALSE(r.find(2, t0 + 40s));
  EXPECT_EQ(r.size(), 0u);
}

TEST(RecentInvites, MarkAnsweredAndInstantsBefore1970) {
  RecentInvites r;
  const Clock::time_point t0{5s};
  const Instant early{std::chrono::seconds{-3}};
  r.insert(0, {early, false}, t0);  // key 0 is allowed too
  r.insert(77, {kDecided, false}, t0);
  r.mark_answered(0);
  r.mark_answered(12345);  // unknown: nothing happens
  ASSERT_TRUE(r.find(0, t0));
  EXPECT_EQ(r.find(0, t0)->decided, early);
  EXPECT_TRUE(r.find(0, t0)->answered);
  EXPECT_FALSE(r.find(77, t0)->answered);
  EXPECT_FALSE(r.find(78, t0));
}

TEST(RecentInvites, ALongIdleSpellForgetsEverythingAtOnce) {
  RecentInvites r;
  const Clock::time_point t0{1000s};
  for (std::uint64_t k = 1; k <= 1000; ++k)
    r.insert(k * 0x9E3779B97F4A7C15ull, {kDecided, true}, t0);
  EXPECT_EQ(r.size(), 1000u);
  EXPECT_TRUE(r.find(500 * 0x9E3779B97F4A7C15ull, t0 + 20s));
  EXPECT_FALSE(r.find(500 * 0x9E3779B97F4A7C15ull, t0 + 3600s));
  EXPECT_EQ(r.size(), 0u);
}

TEST(RecentInvites, AFloodIsBounded) {
  RecentInvites r;
  const Clock::time_point t0{1000s};
  // More INVITEs within one second than five full generations hold.
  const std::uint64_t n = 6 * RecentInvites::kMaxPerGeneration;
  for (std::uint64_t k = 1; k <= n; ++k) r.insert(k, {kDecided, true}, t0);
  EXPECT_LE(r.size(), 5 * RecentInvites::kMaxPerGeneration);
  EXPECT_TRUE(r.find(n, t0));   // the newest are kept
  EXPECT_FALSE(r.find(1, t0));  // the oldest went first
}

}  // namespace
}  // namespace samtel::fw
