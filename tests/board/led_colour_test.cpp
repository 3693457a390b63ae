#include "desk_unit/led_colour.hpp"

#include <gtest/gtest.h>

namespace samtel::board {
namespace {

TEST(LedColour, OneColourPerIndicatorState) {
  constexpr bool on = true, off = false;
  EXPECT_EQ(led_colour(IndicatorState::fault), (LedColour{on, off, off}));    // red
  EXPECT_EQ(led_colour(IndicatorState::ringing), (LedColour{off, off, on}));  // blue
  EXPECT_EQ(led_colour(IndicatorState::in_call), (LedColour{off, on, on}));   // cyan
  EXPECT_EQ(led_colour(IndicatorState::open), (LedColour{off, on, off}));     // green
  EXPECT_EQ(led_colour(IndicatorState::gap), (LedColour{on, on, off}));       // yellow
  EXPECT_EQ(led_colour(IndicatorState::closed), (LedColour{off, off, off}));  // dark
  EXPECT_EQ(led_colour(IndicatorState::off), (LedColour{off, off, off}));
}

}  // namespace
}  // namespace samtel::board
