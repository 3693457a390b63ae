// parse_board_config(): the board file, checked key by key. Every error names its JSON Pointer, and
// all errors are reported at once (one per line), so a board file is fixed in one go.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/board/board.hpp"
#include "samtel/json_check.hpp"

namespace samtel::board {
namespace {

using nlohmann::json;

constexpr long kMaxLineOffset = 511;

// One problem a line, each after its JSON Pointer (none for the document as a whole).
std::string report(const JsonChecker& c) {
  std::string out;
  for (const JsonProblem& p : c.problems()) {
    out += (out.empty() ? "" : "\n") + (p.pointer.empty() ? "" : p.pointer + ": ") + p.message;
  }
  return out;
}

// A GPIO line: where it came from, so a clash names both places.
struct LineSetting {
  unsigned* target;
  std::string pointer;
  bool from_file = false;
};

void parse_gpio(JsonChecker& c, const json& gpio, BoardConfig& config) {
  if (!c.object(gpio, "/gpio", {"chip", "led", "buttons"})) return;
  if (auto name = c.string(gpio, "/gpio", "chip", false)) config.gpio_chip = *name;
  std::vector<LineSetting> lines{
      {&config.led_red, "/gpio/led/red"},
      {&config.led_green, "/gpio/led/green"},
      {&config.led_blue, "/gpio/led/blue"},
      {&config.button_status, "/gpio/buttons/status"},
      {&config.button_test_call, "/gpio/buttons/test_call"},
      {&config.button_acknowledge, "/gpio/buttons/acknowledge"},
  };
  const auto group = [&](std::string_view name, std::initializer_list<std::string_view> keys) {
    const std::string ptr = pointer_at("/gpio", name);
    const json* g = c.member(gpio, "/gpio", name, false);
    if (g == nullptr || !c.object(*g, ptr, keys)) return;
    for (LineSetting& line : lines) {
      for (const auto key : keys) {
        if (line.pointer != pointer_at(ptr, key)) continue;
        const json* value = c.member(*g, ptr, key, false);
        if (value == nullptr) continue;
        const std::string what = "a line offset 0.." + std::to_string(kMaxLineOffset);
        if (auto offset = c.integer(*value, line.pointer, 0, kMaxLineOffset, what)) {
          *line.target = static_cast<unsigned>(*offset);
          line.from_file = true;
        }
      }
    }
  };
  group("led", {"red", "green", "blue"});
  group("buttons", {"status", "test_call", "acknowledge"});

  // Two elements on one line would fight over it; report the later one, naming the earlier.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (*lines[i].target != *lines[j].target) continue;
      const LineSetting& reported = lines[i].from_file || !lines[j].from_file ? lines[i] : lines[j];
      const LineSetting& other = &reported == &lines[i] ? lines[j] : lines[i];
      c.error(reported.pointer, "line " + std::to_string(*reported.target) +
                                    " is already used by " + other.pointer +
                                    (other.from_file ? "" : " (default)"));
      break;
    }
  }
}

void parse_lcd(JsonChecker& c, const json& lcd, BoardConfig& config, bool simulated) {
  if (simulated ? !c.object(lcd, "/lcd", {"columns"})
                : !c.object(lcd, "/lcd", {"device", "columns"})) {
    return;
  }
  if (const json* device = c.member(lcd, "/lcd", "device", false)) {
    if (auto path = c.absolute_path(*device, "/lcd/device",
                                    "an absolute device path such as \"/dev/lcd\"")) {
      config.lcd_device = *path;
    }
  }
  if (const json* columns = c.member(lcd, "/lcd", "columns", false)) {
    if (auto n = c.integer_one_of(*columns, "/lcd/columns", {16, 20})) {
      config.lcd_columns = static_cast<int>(*n);
    }
  }
}

void parse_watchdog(JsonChecker& c, const json& watchdog, BoardConfig& config, bool simulated) {
  if (simulated ? !c.object(watchdog, "/watchdog", {"timeout_seconds"})
                : !c.object(watchdog, "/watchdog", {"device", "timeout_seconds"})) {
    return;
  }
  if (const json* device = c.member(watchdog, "/watchdog", "device", false)) {
    if (auto path = c.absolute_path(*device, "/watchdog/device",
                                    "an absolute device path such as \"/dev/watchdog\"")) {
      config.watchdog_device = *path;
    }
  }
  if (const json* timeout = c.member(watchdog, "/watchdog", "timeout_seconds", false)) {
    if (auto s = c.integer(*timeout, "/watchdog/timeout_seconds", 1, 600, "1..600 seconds")) {
      config.watchdog_timeout = static_cast<int>(*s);
    }
  }
}

}  // namespace

tl::expected<BoardConfig, std::string> parse_board_config(std::string_view json_text) {
  // The shared checks (samtel/json_check.hpp): syntax errors, duplicate keys (which nlohmann/json
  // would silently drop), unknown keys, types and ranges, in the same words as every other file.
  JsonChecker c;
  const auto parsed = parse_checked(json_text, c);
  if (!parsed) return tl::unexpected(report(c));
  const json& root = *parsed;
  if (!c.object(root, "", {"kind", "state_dir", "gpio", "lcd", "watchdog"})) {
    return tl::unexpected(report(c));
  }

  BoardConfig config;
  const json* kind_value = c.member(root, "", "kind", false);
  if (kind_value == nullptr) {
    c.error("/kind", "missing (expected \"simulated\" or \"desk-unit\")");
    return tl::unexpected(report(c));
  }
  const auto kind = c.string_one_of(*kind_value, "/kind", {"simulated", "desk-unit"});
  if (!kind) return tl::unexpected(report(c));
  config.kind = *kind == "simulated" ? BoardConfig::Kind::simulated : BoardConfig::Kind::desk_unit;
  const bool simulated = config.kind == BoardConfig::Kind::simulated;

  const json* state_dir = c.member(root, "", "state_dir", false);
  const json* gpio = c.member(root, "", "gpio", false);
  if (simulated) {
    if (state_dir == nullptr) {
      c.error("/state_dir", "missing (a simulated board needs a directory, e.g. \"/run/samtel\")");
    } else if (auto dir = c.string(root, "", "state_dir", false)) {
      config.state_dir = *dir;
    }
    if (gpio != nullptr) c.error("/gpio", "only a desk-unit board has GPIO lines");
  } else {
    if (state_dir != nullptr) c.error("/state_dir", "only a simulated board has a state directory");
    if (gpio != nullptr) parse_gpio(c, *gpio, config);
  }
  if (const json* lcd = c.member(root, "", "lcd", false)) parse_lcd(c, *lcd, config, simulated);
  if (const json* watchdog = c.member(root, "", "watchdog", false)) {
    parse_watchdog(c, *watchdog, config, simulated);
  }
  if (!c.ok()) return tl::unexpected(report(c));
  return config;
}

}  // namespace samtel::board
