#include "samtel/board/board.hpp"

#include <array>
#include <utility>

#include "desk_unit/desk_unit_board.hpp"
#include "samtel/board/simulated_board.hpp"

namespace samtel::board {
namespace {

// What parse_board_config() guarantees, checked again for configurations built in code.
std::optional<std::string> check(const BoardConfig& c) {
  if (c.lcd_columns != 16 && c.lcd_columns != 20) {
    return "lcd_columns must be 16 or 20, not " + std::to_string(c.lcd_columns);
  }
  if (c.arm_watchdog && (c.watchdog_timeout < 1 || c.watchdog_timeout > 600)) {
    return "watchdog_timeout must be 1..600 seconds, not " + std::to_string(c.watchdog_timeout);
  }
  if (c.kind == BoardConfig::Kind::simulated) {
    if (c.state_dir.empty()) return std::string("a simulated board needs a state_dir");
    return std::nullopt;
  }
  if (c.gpio_chip.empty()) return std::string("gpio_chip is empty");
  if (c.lcd_device.empty()) return std::string("lcd_device is empty");
  if (c.arm_watchdog && c.watchdog_device.empty()) return std::string("watchdog_device is empty");
  const std::array<std::pair<const char*, unsigned>, 6> lines{{
      {"led_red", c.led_red},
      {"led_green", c.led_green},
      {"led_blue", c.led_blue},
      {"button_status", c.button_status},
      {"button_test_call", c.button_test_call},
      {"button_acknowledge", c.button_acknowledge},
  }};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (lines[i].second == lines[j].second) {
        return std::string(lines[i].first) + " and " + lines[j].first + " are both line " +
               std::to_string(lines[i].second);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(IndicatorState s) {
  switch (s) {
    case IndicatorState::fault: return "fault";
    case IndicatorState::ringing: return "ringing";
    case IndicatorState::in_call: return "in_call";
    case IndicatorState::open: return "open";
    case IndicatorState::gap: return "gap";
    case IndicatorState::closed: return "closed";
    case IndicatorState::off: return "off";
  }
  return "unknown";
}

std::string_view to_string(Button b) {
  switch (b) {
    case Button::status: return "status";
    case Button::test_call: return "test_call";
    case Button::acknowledge: return "acknowledge";
  }
  return "unknown";
}

BoardConfig BoardConfig::simulated(std::string state_dir) {
  BoardConfig config;
  config.kind = Kind::simulated;
  config.state_dir = std::move(state_dir);
  return config;
}

tl::expected<std::unique_ptr<Board>, std::string> open_board(const BoardConfig& config) {
  if (auto problem = check(config)) return tl::unexpected("board configuration: " + *problem);
  if (config.kind == BoardConfig::Kind::simulated) {
    auto board = SimulatedBoard::create(config);
    if (!board) return tl::unexpected(board.error());
    return std::unique_ptr<Board>(std::move(*board));
  }
  return open_desk_unit(config);
}

}  // namespace samtel::board
