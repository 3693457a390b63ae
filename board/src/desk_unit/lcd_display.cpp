#include "desk_unit/lcd_display.hpp"

#include <fcntl.h>

#include "display_text.hpp"

namespace samtel::board {
namespace {

// Non-blocking so a FIFO without a reader (or a wedged device) fails instead of hanging the
// daemon; write-only because charlcd refuses readers.
int open_device(const std::string& device) {
  return ::open(device.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

}  // namespace

tl::expected<std::unique_ptr<LcdDisplay>, std::string> LcdDisplay::open(std::string device,
                                                                        int columns,
                                                                        FaultLog& faults) {
  UniqueFd fd(open_device(device));
  if (!fd) return tl::unexpected("LCD " + device + ": cannot open (" + errno_text(errno) + ")");
  std::unique_ptr<LcdDisplay> lcd(
      new LcdDisplay(std::move(device), columns, faults, std::move(fd)));
  lcd->initialised_ = lcd->send(kInit);
  return lcd;
}

LcdDisplay::LcdDisplay(std::string device, int columns, FaultLog& faults, UniqueFd fd)
    : device_(std::move(device)), columns_(columns), faults_(faults), fd_(std::move(fd)) {}

void LcdDisplay::show(std::string_view line1, std::string_view line2) {
  std::pair<std::string, std::string> lines{display_line(line1, columns_),
                                            display_line(line2, columns_)};
  if (fd_ && initialised_ && shown_ == lines) return;
  if (!fd_ && !reopen()) return;
  if (!initialised_) {
    if (!send(kInit)) return;
    initialised_ = true;
  }
  if (send("\f" + lines.first + "\n" + lines.second)) {
    shown_ = std::move(lines);
  }
}

bool LcdDisplay::reopen() {
  fd_ = UniqueFd(open_device(device_));
  if (!fd_) {
    faults_.record("LCD " + device_ + ": cannot open (" + errno_text(errno) + ")");
    return false;
  }
  initialised_ = false;
  return true;
}

bool LcdDisplay::send(std::string_view bytes) {
  if (write_all(fd_.get(), bytes)) return true;
  faults_.record("LCD " + device_ + ": write failed (" + errno_text(errno) + ")");
  // Start afresh on the next update: reopen, reinitialise, rewrite everything.
  fd_.reset();
  initialised_ = false;
  shown_.reset();
  return false;
}

}  // namespace samtel::board
