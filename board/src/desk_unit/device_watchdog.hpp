#pragma once
// The hardware watchdog through the kernel's watchdog device (/dev/watchdog). Opening the device
// arms it. The timeout is set with WDIOC_SETTIMEOUT and read back with WDIOC_GETTIMEOUT (a driver
// that rejects the value keeps its own, which the read-back reports); kicks use WDIOC_KEEPALIVE,
// or a one-byte write ("\0") on drivers without the ioctl. disarm() is the magic close: write 'V',
// then close. Drivers built with "nowayout" ignore it, and the unit reboots after the timeout.
// Destroying the watchdog without disarm() closes it without 'V', so it stays armed: a daemon that
// dies unexpectedly must be restarted, or the unit reboots.
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "fault_log.hpp"
#include "posix.hpp"
#include "samtel/board/board.hpp"

namespace samtel::board {

class DeviceWatchdog final : public Watchdog {
 public:
  static tl::expected<std::unique_ptr<DeviceWatchdog>, std::string> open(std::string device,
                                                                         int timeout_seconds,
                                                                         FaultLog& faults);
  void kick() override;
  void disarm() override;  // after this, kick() does nothing
  // What the driver reports, or the configured value if it cannot say.
  int timeout_seconds() const override { return timeout_; }
  bool armed() const { return static_cast<bool>(fd_); }
  bool kicks_by_write() const { return kick_by_write_; }

 private:
  DeviceWatchdog(std::string device, FaultLog& faults, UniqueFd fd, int timeout);

  std::string device_;
  FaultLog& faults_;
  UniqueFd fd_;
  int timeout_;
  bool kick_by_write_ = false;
};

// For a board opened with `arm_watchdog = false`.
class NoWatchdog final : public Watchdog {
 public:
  void kick() override {}
  void disarm() override {}
  int timeout_seconds() const override { return 0; }
};

}  // namespace samtel::board
