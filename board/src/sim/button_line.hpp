#pragma once
// The simulated board's button protocol: one press per line, "status", "test_call" or
// "acknowledge", optionally followed by " long". Pure: bytes in, presses (or complaints) out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/board/board.hpp"

namespace samtel::board {

// Parses one line (without its newline); surrounding blanks are ignored. nullopt if it is no press.
std::optional<ButtonPress> parse_button_line(std::string_view line);

// Splits a byte stream into lines, keeping an unfinished line for the next feed.
class ButtonLineReader {
 public:
  struct Line {
    std::optional<ButtonPress> press;  // set for a press
    std::string error;                 // otherwise why the line was ignored
  };
  static constexpr std::size_t kMaxLine = 128;  // longer lines are dropped, not buffered

  // Every complete line in `bytes` (after what was left over), oldest first; blank lines are
  // skipped silently.
  std::vector<Line> feed(std::string_view bytes);

 private:
  std::string partial_;
  bool overlong_ = false;  // dropping the rest of a too-long line
};

}  // namespace samtel::board
