#include "desk_unit/press_detector.hpp"

#include <cstddef>

namespace samtel::board {
namespace {

std::size_t index(Button b) { return static_cast<std::size_t>(b); }

}  // namespace

std::optional<ButtonPress> PressDetector::falling(Button button, std::chrono::nanoseconds at) {
  // A second falling edge means the rising one was lost (or the press is being re-timed after
  // bounce): the press starts now.
  down_since_[index(button)] = at;
  return std::nullopt;
}

std::optional<ButtonPress> PressDetector::rising(Button button, std::chrono::nanoseconds at) {
  auto& since = down_since_[index(button)];
  if (!since) return std::nullopt;  // released without a press seen (held at start-up)
  const auto held = at - *since;
  since.reset();
  if (held < kDebounce) return std::nullopt;
  return ButtonPress{button, held >= kLongPress};
}

}  // namespace samtel::board
