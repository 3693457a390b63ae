#pragma once
// samtel/board/board.hpp — the hardware seam of the desk unit: a status indicator, a small text
// display, front-panel buttons and a hardware watchdog. The daemon talks only to these interfaces;
// `open_board()` gives either the real hardware (GPIO via libgpiod, the kernel's character-LCD
// device, /dev/watchdog) or a simulated board for development, tests and the simulator.
//
// Promises:
//  * Every call is non-blocking and never throws; hardware errors are reported through
//    `Board::fault()` (and logged by the caller), never by crashing the daemon.
//  * Buttons are delivered through a pollable file descriptor, so an event loop (Asio) can wait
//    for them without a thread: when `Buttons::fd()` is readable, `Buttons::read()` returns every
//    pending press.
//  * A simulated board records what it was asked to show, so tests can assert it, and accepts
//    button presses from a FIFO or from the test itself.
//
//   auto board = open_board(BoardConfig::simulated("/run/samtel"));
//   board->indicator().show(IndicatorState::open);
//   board->display().show("Samhandlingstlf.", "Vakt: Dr. Aas");
//   board->watchdog().kick();
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace samtel::board {

// What the front-panel indicator shows, most urgent first.
enum class IndicatorState {
  fault,    // the unit cannot route calls reliably (clock unset, configuration rejected, ...)
  ringing,  // a call is being offered to someone on duty
  in_call,  // a call is connected
  open,     // within service hours, somebody on duty
  gap,      // within service hours, nobody on duty (coverage gap)
  closed,   // outside service hours
  off,
};
std::string_view to_string(IndicatorState s);

class Indicator {
 public:
  virtual ~Indicator() = default;
  virtual void show(IndicatorState state) = 0;
};

// A two-line character display (16 or 20 columns). Text longer than a line is cut; characters the
// display cannot show (æøå on an HD44780 ROM A00) are mapped to the nearest it can.
class Display {
 public:
  virtual ~Display() = default;
  virtual void show(std::string_view line1, std::string_view line2) = 0;
  virtual int columns() const = 0;
};

enum class Button {
  status,       // cycle the display through status pages
  test_call,    // place a test call through the routing (operator check)
  acknowledge,  // acknowledge a fault shown on the indicator
};
std::string_view to_string(Button b);

struct ButtonPress {
  Button button;
  bool long_press = false;  // held for more than 2 s
  friend bool operator==(const ButtonPress&, const ButtonPress&) = default;
};

class Buttons {
 public:
  virtual ~Buttons() = default;
  // A file descriptor that becomes readable when presses are pending; -1 if there are no buttons.
  virtual int fd() const = 0;
  // Every pending press, oldest first; empty if none. Never blocks.
  virtual std::vector<ButtonPress> read() = 0;
};

// The hardware watchdog: if `kick()` is not called within `timeout_seconds()`, the unit reboots.
class Watchdog {
 public:
  virtual ~Watchdog() = default;
  virtual void kick() = 0;
  // Stops the watchdog on an orderly shutdown (magic close), where the driver allows it.
  virtual void disarm() = 0;
  virtual int timeout_seconds() const = 0;
};

class Board {
 public:
  virtual ~Board() = default;
  virtual Indicator& indicator() = 0;
  virtual Display& display() = 0;
  virtual Buttons& buttons() = 0;
  virtual Watchdog& watchdog() = 0;
  // The most recent hardware error, if any ("gpiochip0 line 17: Permission denied").
  virtual std::optional<std::string> fault() const = 0;
  virtual std::string_view kind() const = 0;  // "simulated" or "desk-unit"
};

struct BoardConfig {
  enum class Kind { simulated, desk_unit };
  Kind kind = Kind::simulated;
  // simulated: a directory where the board writes its state file ("board.state", one line per
  // element, rewritten atomically on each change) and reads button presses from the FIFO
  // "buttons" (one button name per line, e.g. "test_call" or "acknowledge long").
  std::string state_dir;
  // desk_unit: GPIO chip and line offsets, the character-LCD device and the watchdog device.
  std::string gpio_chip = "gpiochip0";
  unsigned led_red = 17, led_green = 27, led_blue = 22;
  unsigned button_status = 5, button_test_call = 6, button_acknowledge = 13;
  std::string lcd_device = "/dev/lcd";
  int lcd_columns = 16;
  std::string watchdog_device = "/dev/watchdog";
  int watchdog_timeout = 30;
  // false: open the board without its watchdog (kick() and disarm() do nothing, timeout 0), so a
  // tool can drive the indicator or display without arming a watchdog that would reboot the unit.
  bool arm_watchdog = true;

  static BoardConfig simulated(std::string state_dir);
};

// Parses a board description (JSON text, see board/boards/*.json). Errors name the JSON path.
tl::expected<BoardConfig, std::string> parse_board_config(std::string_view json_text);

// Opens the board. Errors (a missing GPIO chip, an unopenable device) name what failed.
tl::expected<std::unique_ptr<Board>, std::string> open_board(const BoardConfig& config);

}  // namespace samtel::board
