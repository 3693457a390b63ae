#pragma once
// samtel/board/simulated_board.hpp — the board without hardware, for development, tests and the
// simulator. `open_board()` returns one for `BoardConfig::Kind::simulated`; tests that want to look
// inside create it directly.
//
// Promises:
//  * Every change is written at once to `<state_dir>/board.state` (a temporary file renamed over
//    the old one, so a reader never sees half a file), one `key=value` per line:
//        indicator=open
//        display.1=Samhandlingstlf.
//        display.2=Vakt: Dr. Aas
//        watchdog.armed=1
//        watchdog.kicks=12
//        watchdog.timeout=30
//        fault=
//  * The display shows what the desk unit's LCD would: cut to the configured columns, with
//    characters the LCD lacks mapped the same way (so "Dr. Ås" is "Dr. Aas" here too).
//  * Presses arrive through the FIFO `<state_dir>/buttons`, one per line: `status`, `test_call` or
//    `acknowledge`, optionally followed by ` long`. Lines that are not presses are ignored and
//    become the fault text. `press()` injects a press through the same FIFO, so `fd()` becomes
//    readable exactly as it does for an operator's `echo test_call > .../buttons`.
//  * On destruction the indicator goes off and the display keeps its text, as on the desk unit;
//    the FIFO stays (so a late `echo` blocks rather than creating a regular file in its place).
//  * Not thread-safe: use a board from one thread, like the daemon's event loop.
//
//   auto board = SimulatedBoard::create(BoardConfig::simulated(tmp_dir)).value();
//   board->press({Button::test_call});
//   auto presses = board->buttons().read();  // {{Button::test_call, false}}
//   board->indicator().show(IndicatorState::ringing);
//   EXPECT_EQ(board->indicator_state(), IndicatorState::ringing);
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "samtel/board/board.hpp"

namespace samtel::board {

class SimulatedBoard final : public Board {
 public:
  // Creates `config.state_dir` if needed, then the FIFO, then writes the first state file.
  static tl::expected<std::unique_ptr<SimulatedBoard>, std::string> create(
      const BoardConfig& config);
  ~SimulatedBoard() override;
  SimulatedBoard(const SimulatedBoard&) = delete;
  SimulatedBoard& operator=(const SimulatedBoard&) = delete;

  Indicator& indicator() override;
  Display& display() override;
  Buttons& buttons() override;
  Watchdog& watchdog() override;
  std::optional<std::string> fault() const override;
  std::string_view kind() const override { return "simulated"; }

  // What the board shows now, as it shows it (display lines already cut and mapped).
  IndicatorState indicator_state() const;
  const std::string& display_line1() const;
  const std::string& display_line2() const;
  int watchdog_kicks() const;
  bool watchdog_armed() const;

  // Injects a press as if an operator had written it to the FIFO.
  void press(ButtonPress press);

  const std::string& state_file() const;    // <state_dir>/board.state
  const std::string& buttons_fifo() const;  // <state_dir>/buttons

 private:
  class Impl;
  explicit SimulatedBoard(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace samtel::board
