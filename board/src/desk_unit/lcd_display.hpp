#pragma once
// The desk unit's two-line display through the kernel's character-LCD driver (charlcd, with the
// hd44780 auxdisplay driver behind it), which turns the bytes written to /dev/lcd into commands:
//   "\x1b[LI"  reinitialise;  "\x1b[Lc" cursor off;  "\x1b[Lb" blink off;  "\x1b[L+" backlight on
//   "\f"       clear and home;  "\n"  pad the line with blanks and go to the start of the next.
// Reinitialising turns the cursor and blinking back on, so the init sequence turns them off again.
//
// Each update is one write: "\f" line1 "\n" line2, both mapped and cut by display_line(). An
// update identical to what is shown is not written again (no flicker when the daemon repeats it).
// A failed write records a fault and closes the device; the next show() reopens and reinitialises
// it. The driver writes synchronously, a few milliseconds for a whole update.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

#include "fault_log.hpp"
#include "posix.hpp"
#include "samtel/board/board.hpp"

namespace samtel::board {

class LcdDisplay final : public Display {
 public:
  static constexpr std::string_view kInit = "\x1b[LI\x1b[Lc\x1b[Lb\x1b[L+";

  // Fails only if the device cannot be opened; a failed first write is a fault, retried later.
  static tl::expected<std::unique_ptr<LcdDisplay>, std::string> open(std::string device,
                                                                     int columns, FaultLog& faults);
  // Leaves the text on the display: on an orderly stop the daemon shows what it wants seen.
  ~LcdDisplay() override = default;
  LcdDisplay(const LcdDisplay&) = delete;
  LcdDisplay& operator=(const LcdDisplay&) = delete;

  void show(std::string_view line1, std::string_view line2) override;
  int columns() const override { return columns_; }

 private:
  LcdDisplay(std::string device, int columns, FaultLog& faults, UniqueFd fd);
  bool reopen();
  bool send(std::string_view bytes);

  std::string device_;
  int columns_;
  FaultLog& faults_;
  UniqueFd fd_;
  bool initialised_ = false;
  std::optional<std::pair<std::string, std::string>> shown_;
};

}  // namespace samtel::board
