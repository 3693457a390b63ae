#include "desk_unit/device_watchdog.hpp"

#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "temp_dir.hpp"

namespace samtel::board {
namespace {

using namespace std::string_literals;
using test_support::read_file;
using test_support::TempDir;

// A regular file stands in for /dev/watchdog: every ioctl fails with ENOTTY, as on a driver
// without them, so the watchdog must fall back to writes.
class WatchdogFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    std::ofstream{device_};
    auto watchdog = DeviceWatchdog::open(device_, 45, faults_);
    ASSERT_TRUE(watchdog) << watchdog.error();
    watchdog_ = std::move(*watchdog);
  }
  std::string written() const { return read_file(device_); }

  TempDir dir_;
  std::string device_ = dir_ / "watchdog";
  FaultLog faults_;
  std::unique_ptr<DeviceWatchdog> watchdog_;
};

TEST_F(WatchdogFileTest, OpensArmedWithTheConfiguredTimeout) {
  EXPECT_TRUE(watchdog_->armed());
  EXPECT_EQ(watchdog_->timeout_seconds(), 45);  // the driver cannot say otherwise
  EXPECT_EQ(written(), "");
  EXPECT_FALSE(faults_.last());  // a driver without the timeout ioctls is not a fault
}

TEST_F(WatchdogFileTest, KicksByWritingWhenTheIoctlIsMissing) {
  watchdog_->kick();
  EXPECT_TRUE(watchdog_->kicks_by_write());
  EXPECT_EQ(written(), "\0"s);
  watchdog_->kick();
  watchdog_->kick();
  EXPECT_EQ(written(), "\0\0\0"s);
  EXPECT_FALSE(faults_.last());
}

TEST_F(WatchdogFileTest, DisarmWritesTheMagicCharacterAndCloses) {
  watchdog_->kick();
  watchdog_->disarm();
  EXPECT_EQ(written(), "\0V"s);
  EXPECT_FALSE(watchdog_->armed());
  watchdog_->kick();
  watchdog_->disarm();
  EXPECT_EQ(written(), "\0V"s);
  EXPECT_FALSE(faults_.last());
}

TEST_F(WatchdogFileTest, DestroyingWithoutDisarmLeavesItArmed) {
  watchdog_->kick();
  watchdog_.reset();
  EXPECT_EQ(written(), "\0"s);  // no 'V': the watchdog keeps running
}

TEST(DeviceWatchdog, MissingDeviceIsAnErrorNamingIt) {
  FaultLog faults;
  auto watchdog = DeviceWatchdog::open("/nonexistent/watchdog0", 30, faults);
  ASSERT_FALSE(watchdog);
  EXPECT_EQ(watchdog.error(),
            "watchdog /nonexistent/watchdog0: cannot open (No such file or directory)");
}

TEST(DeviceWatchdog, FailedKicksAndMagicCloseAreFaults) {
  struct stat st {};
  if (::stat("/dev/full", &st) != 0) GTEST_SKIP() << "/dev/full is not available here";
  FaultLog faults;
  auto watchdog = DeviceWatchdog::open("/dev/full", 30, faults);
  ASSERT_TRUE(watchdog) << watchdog.error();
  EXPECT_FALSE(faults.last());
  (*watchdog)->kick();
  ASSERT_TRUE(faults.last());
  EXPECT_EQ(*faults.last(), "watchdog /dev/full: kick failed (No space left on device)");
  (*watchdog)->disarm();
  EXPECT_NE(faults.last()->find("watchdog /dev/full: magic close failed"), std::string::npos)
      << *faults.last();
  EXPECT_FALSE((*watchdog)->armed());
}

TEST(NoWatchdog, DoesNothing) {
  NoWatchdog watchdog;
  watchdog.kick();
  watchdog.disarm();
  EXPECT_EQ(watchdog.timeout_seconds(), 0);
}

}  // namespace
}  // namespace samtel::board
