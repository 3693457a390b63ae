#pragma once
// samtel/samteld/front_panel.hpp — what the unit's front panel shows, decided from the state of
// the line and the daemon, without touching the hardware: the indicator's state and the two
// display lines (in Norwegian, as the people at the desk read them).
//
// Promises:
//  * The indicator, by precedence: `fault` while any fault is raised; `ringing` while a call is
//    in progress; `gap` when open with nobody on duty; `open`; else `closed`.
//  * Line 1 is the line's number and "APEN"/"STENGT", or "FEIL" during a fault; line 2 the fault,
//    or by page: 0 who is on duty ("Vakt: Berg", or "-> <fallback>" when nobody is), 1 the backup
//    ("Bakvakt: Nes" or "Ingen bakvakt"), 2 the number of calls taken ("Samtaler: 12").
//  * `test_call_view()` is what the test-call button shows: "Test <line>" and whom a call now
//    would ring first, or the fallback.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "samtel/board/board.hpp"
#include "samtel/routing.hpp"

namespace samtel::fw {

struct PanelState {
  std::optional<std::string> fault;  // the first fault raised, if any
  std::size_t calls_in_progress = 0;
  std::uint64_t calls_taken = 0;
  int page = 0;  // 0, 1, 2: the status button steps through them
};

struct PanelView {
  board::IndicatorState indicator = board::IndicatorState::closed;
  std::string line1, line2;
};

inline constexpr int kPanelPages = 3;

PanelView present(const Line& line, const RoutePlan& plan, const PanelState& state);
PanelView test_call_view(const Line& line, const RoutePlan& plan);

}  // namespace samtel::fw
