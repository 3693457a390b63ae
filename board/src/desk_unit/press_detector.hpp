#pragma once
// Turns the edges of the front-panel buttons into presses. The buttons pull their line low, so a
// press is a falling edge followed by a rising edge; the press is reported on release, long if the
// line was low for at least kLongPress. Pulses shorter than kDebounce are contact bounce and are
// dropped (a bouncing press becomes one press, timed from its last falling edge). Pure: edge
// timestamps in, presses out, so it is tested without hardware.
#include <array>
#include <chrono>
#include <optional>

#include "samtel/board/board.hpp"

namespace samtel::board {

class PressDetector {
 public:
  static constexpr std::chrono::nanoseconds kLongPress = std::chrono::seconds(2);
  static constexpr std::chrono::nanoseconds kDebounce = std::chrono::milliseconds(20);

  // `at` is the kernel's event timestamp; only differences matter.
  std::optional<ButtonPress> falling(Button button, std::chrono::nanoseconds at);
  std::optional<ButtonPress> rising(Button button, std::chrono::nanoseconds at);

 private:
  std::array<std::optional<std::chrono::nanoseconds>, 3> down_since_;
};

}  // namespace samtel::board
