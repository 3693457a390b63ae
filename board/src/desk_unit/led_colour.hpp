#pragma once
// What the desk unit's RGB status LED shows for each indicator state. Plain GPIO has no PWM, so a
// colour is a mix of full-on channels: "closed" is dark (the display says the line is closed),
// "gap" is red + green, which reads as yellow.
#include "samtel/board/board.hpp"

namespace samtel::board {

struct LedColour {
  bool red = false, green = false, blue = false;
  friend bool operator==(const LedColour&, const LedColour&) = default;
};

constexpr LedColour led_colour(IndicatorState state) {
  switch (state) {
    case IndicatorState::fault: return {true, false, false};    // red
    case IndicatorState::ringing: return {false, false, true};  // blue
    case IndicatorState::in_call: return {false, true, true};   // cyan
    case IndicatorState::open: return {false, true, false};     // green
    case IndicatorState::gap: return {true, true, false};       // yellow
    case IndicatorState::closed:                                // dark, as when off
    case IndicatorState::off: return {};
  }
  return {};
}

}  // namespace samtel::board
