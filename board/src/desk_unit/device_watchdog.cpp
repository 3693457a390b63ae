#include "desk_unit/device_watchdog.hpp"

#include <fcntl.h>
#include <linux/watchdog.h>
#include <sys/ioctl.h>

namespace samtel::board {
namespace {

// The driver (or a stand-in file) does not offer this ioctl or this value: not a hardware fault.
bool unsupported(int err) { return err == ENOTTY || err == EINVAL || err == EOPNOTSUPP; }

}  // namespace

tl::expected<std::unique_ptr<DeviceWatchdog>, std::string> DeviceWatchdog::open(std::string device,
                                                                                int timeout_seconds,
                                                                                FaultLog& faults) {
  UniqueFd fd(::open(device.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) {
    return tl::unexpected("watchdog " + device + ": cannot open (" + errno_text(errno) + ")");
  }
  // From here the watchdog runs. Problems with the timeout are faults, not reasons to give up:
  // a running watchdog that is kicked is better than none.
  int requested = timeout_seconds;
  if (::ioctl(fd.get(), WDIOC_SETTIMEOUT, &requested) != 0 && !unsupported(errno)) {
    faults.record("watchdog " + device + ": cannot set the timeout to " +
                  std::to_string(timeout_seconds) + " s (" + errno_text(errno) + ")");
  }
  int actual = 0;
  const int timeout =
      ::ioctl(fd.get(), WDIOC_GETTIMEOUT, &actual) == 0 && actual > 0 ? actual : timeout_seconds;
  return std::unique_ptr<DeviceWatchdog>(
      new DeviceWatchdog(std::move(device), faults, std::move(fd), timeout));
}

DeviceWatchdog::DeviceWatchdog(std::string device, FaultLog& faults, UniqueFd fd, int timeout)
    : device_(std::move(device)), faults_(faults), fd_(std::move(fd)), timeout_(timeout) {}

void DeviceWatchdog::kick() {
  if (!fd_) return;
  if (!kick_by_write_) {
    if (::ioctl(fd_.get(), WDIOC_KEEPALIVE, 0) == 0) return;
    const int err = errno;
    if (unsupported(err)) {
      kick_by_write_ = true;  // for good: the driver will not grow the ioctl
    } else {
      faults_.record("watchdog " + device_ + ": keepalive failed (" + errno_text(err) +
                     "), kicking by write");
    }
  }
  if (!write_all(fd_.get(), std::string_view("\0", 1))) {
    faults_.record("watchdog " + device_ + ": kick failed (" + errno_text(errno) + ")");
  }
}

void DeviceWatchdog::disarm() {
  if (!fd_) return;
  if (!write_all(fd_.get(), "V")) {
    faults_.record("watchdog " + device_ + ": magic close failed (" + errno_text(errno) +
                   "); the unit reboots unless the daemon comes back");
  }
  fd_.reset();
}

}  // namespace samtel::board
