#include "desk_unit/press_detector.hpp"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace samtel::board {
namespace {

using std::chrono::milliseconds;

struct Edge {
  Button button;
  bool falling;
  int at_ms;
};

struct Case {
  const char* name;
  std::vector<Edge> edges;
  std::vector<ButtonPress> expected;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class PressDetectorTest : public ::testing::TestWithParam<Case> {};

TEST_P(PressDetectorTest, ReportsPressesOnRelease) {
  PressDetector d;
  std::vector<ButtonPress> presses;
  for (const Edge& e : GetParam().edges) {
    const auto at = milliseconds(e.at_ms);
    const auto p = e.falling ? d.falling(e.button, at) : d.rising(e.button, at);
    if (p) presses.push_back(*p);
  }
  EXPECT_EQ(presses, GetParam().expected) << GetParam().name;
}

constexpr Button S = Button::status;
constexpr Button T = Button::test_call;
constexpr Button A = Button::acknowledge;
constexpr bool down = true;
constexpr bool up = false;

INSTANTIATE_TEST_SUITE_P(
    Cases, PressDetectorTest,
    ::testing::Values(
        Case{"short", {{T, down, 1000}, {T, up, 1150}}, {{T, false}}},
        Case{"long", {{A, down, 1000}, {A, up, 4500}}, {{A, true}}},
        Case{"exactly_two_seconds_is_long", {{S, down, 0}, {S, up, 2000}}, {{S, true}}},
        Case{"just_under_two_seconds", {{S, down, 0}, {S, up, 1999}}, {{S, false}}},
        Case{"nothing_until_release", {{S, down, 0}}, {}},
        Case{"release_without_press", {{S, up, 500}}, {}},
        Case{"bounce_is_dropped", {{T, down, 0}, {T, up, 2}}, {}},
        Case{"bouncing_press_is_one_press",
             {{T, down, 0},
              {T, up, 1},
              {T, down, 3},
              {T, up, 4},
              {T, down, 6},
              {T, up, 300},
              {T, down, 301},
              {T, up, 303}},
             {{T, false}}},
        Case{"lost_release_restarts_timing",
             {{S, down, 0}, {S, down, 5000}, {S, up, 5200}},
             {{S, false}}},
        Case{"buttons_are_independent",
             {{S, down, 0}, {T, down, 100}, {T, up, 300}, {S, up, 2500}},
             {{T, false}, {S, true}}},
        Case{"repeated_presses",
             {{A, down, 0}, {A, up, 100}, {A, down, 400}, {A, up, 500}},
             {{A, false}, {A, false}}}),
    [](const ::testing::TestParamInfo<Case>& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace samtel::board
