// What samteld watches, as a pure state machine: samples in, faults raised and cleared out.
#include "samtel/samteld/unit_watch.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "samtel/time.hpp"

namespace samtel::fw {
namespace {

using namespace std::chrono_literals;
using Change = UnitWatch::Change;

constexpr std::uint64_t kMiB = 1024 * 1024;
const UnitWatch::MonoTime kStart = UnitWatch::MonoTime{} + 1h;

Instant at(const char* utc) { return *parse_utc(utc); }

// A sample `after` the start on both clocks (the wall clock from 10:00 UTC), the disk 10 GiB with
// `free_mib` free.
UnitWatch::Sample sample(std::chrono::seconds after, std::uint64_t free_mib = 4096,
                         std::uint64_t options = 0) {
  return {.wall = at("2026-12-06T10:00:00Z") + after,
          .mono = kStart + after,
          .disk = DiskSpace{.total_bytes = 10240 * kMiB, .available_bytes = free_mib * kMiB},
          .options_received = options};
}

WatchSettings disk_limit(std::uint64_t mib) {
  WatchSettings s;
  s.disk_min_free_mib = mib;
  return s;
}

TEST(UnitWatch, TheDiskFaultIsRaisedBelowTheLimitAndClearedAQuarterAbove) {
  UnitWatch w{disk_limit(256), kStart};
  EXPECT_TRUE(w.observe(sample(10s, 256)).empty());  // at the limit is not below it
  EXPECT_EQ(w.observe(sample(20s, 255)),
            (std::vector<Change>{{Fault::disk_space,
                                  "the disk is nearly full: 255 MiB (2 %) free, the limit is "
                                  "256 MiB"}}));
  EXPECT_TRUE(w.observe(sample(30s, 100)).empty());  // told once
  EXPECT_TRUE(w.observe(sample(40s, 319)).empty());  // above the limit, under 320
  EXPECT_EQ(w.observe(sample(50s, 320)), (std::vector<Change>{{Fault::disk_space, std::nullopt}}));
  EXPECT_TRUE(w.observe(sample(60s, 300)).empty());  // back at 300: above the limit
}

TEST(UnitWatch, ASampleWithoutTheDiskChangesNothing) {
  UnitWatch w{disk_limit(256), kStart};
  ASSERT_EQ(w.observe(sample(10s, 10)).size(), 1U);
  auto blind = sample(20s);
  blind.disk.reset();
  EXPECT_TRUE(w.observe(blind).empty());
}

TEST(UnitWatch, TheExchangeIsSilentAfterTheConfiguredTimeWithoutOptions) {
  UnitWatch w{WatchSettings{.exchange_silence = 300s}, kStart};
  EXPECT_TRUE(w.observe(sample(299s)).empty());  // [start, start + 300 s) is not yet silent
  EXPECT_EQ(w.observe(sample(300s)),
            (std::vector<Change>{{Fault::exchange_silent,
                                  "no OPTIONS from the exchange for 300 s (none since samteld "
                                  "started)"}}));
  EXPECT_TRUE(w.observe(sample(600s)).empty());
  // One OPTIONS clears it; silence is then counted from it, and named by its time.
  EXPECT_EQ(w.observe(sample(610s, 4096, 1)),
            (std::vector<Change>{{Fault::exchange_silent, std::nullopt}}));
  EXPECT_TRUE(w.observe(sample(909s, 4096, 1)).empty());
  EXPECT_EQ(w.observe(sample(910s, 4096, 1)),
            (std::vector<Change>{{Fault::exchange_silent,
                                  "no OPTIONS from the exchange for 300 s (the last at "
                                  "2026-12-06T10:10:10Z)"}}));
}

TEST(UnitWatch, AnExchangeNotWatchedIsNeverSilent) {
  UnitWatch w{WatchSettings{}, kStart};
  EXPECT_TRUE(w.observe(sample(86400s)).empty());
  w.configure(WatchSettings{.exchange_silence = 60s});
  EXPECT_EQ(w.observe(sample(86410s)).size(), 1U);
}

TEST(UnitWatch, AClockStepEitherWayIsRaisedAndClearedAfterTheHold) {
  WatchSettings settings;
  settings.clock_step = 60s;
  settings.clock_step_hold = 900s;
  UnitWatch w{settings, kStart};
  EXPECT_TRUE(w.observe(sample(10s)).empty());
  auto drift = sample(20s);
  drift.wall += 59s;  // under the step: ntp slewing, or a small correction
  EXPECT_TRUE(w.observe(drift).empty());
  auto jumped = sample(30s);
  jumped.wall += 59s + 3600s;
  EXPECT_EQ(w.observe(jumped),
            (std::vector<Change>{{Fault::clock_stepped,
                                  "the clock stepped by +3600 s (from 2026-12-06T10:01:29Z to "
                                  "2026-12-06T11:01:29Z)"}}));
  auto steady = sample(40s);
  steady.wall += 59s + 3600s;
  EXPECT_TRUE(w.observe(steady).empty());
  auto held = sample(929s);
  held.wall += 59s + 3600s;
  EXPECT_TRUE(w.observe(held).empty());  // the hold is [step, step + 900 s)
  auto over = sample(930s);
  over.wall += 59s + 3600s;
  EXPECT_EQ(w.observe(over), (std::vector<Change>{{Fault::clock_stepped, std::nullopt}}));
  auto back = sample(940s);
  back.wall += 59s + 3600s - 7200s;
  EXPECT_EQ(w.observe(back),
            (std::vector<Change>{{Fault::clock_stepped,
                                  "the clock stepped by -7200 s (from 2026-12-06T11:16:39Z to "
                                  "2026-12-06T09:16:39Z)"}}));
}

TEST(UnitWatch, DiskSpaceReadsTheFileSystem) {
  const auto d = disk_space("/");
  ASSERT_TRUE(d);
  EXPECT_GT(d->total_bytes, 0U);
  EXPECT_LE(d->available_bytes, d->total_bytes);
  EXPECT_FALSE(disk_space("/no/such/directory"));
}

}  // namespace
}  // namespace samtel::fw
