// parse_board_config(): the board file, checked key by key. Every error names its JSON Pointer, and
// all errors are reported at once (one per line), so a board file is fixed in one go.
#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/board/board.hpp"
#include "samtel/json_check.hpp"

namespace samtel::board {
namespace {

using nlohmann::json;

constexpr unsigned kMaxLineOffset = 511;

// As the shared checks name a value, but a number by its value (a line offset reads better so).
std::string describe(const json& j) { return j.is_number() ? "the number " + j.dump() : json_type_name(j); }

bool is_comment(std::string_view key) {
  return key == "$schema" || key == "$comment" || key == "comment";
}

class Checker {
 public:
  void error(const std::string& pointer, const std::string& message) {
    errors_.push_back(pointer.empty() ? message : pointer + ": " + message);
  }
  bool ok() const { return errors_.empty(); }
  std::string joined() const {
    std::string out;
    for (const auto& e : errors_) out += (out.empty() ? "" : "\n") + e;
    return out;
  }

  // `j` must be an object whose keys are all in `allowed`; reports every other key.
  bool object(const json& j, const std::string& ptr,
              std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) {
      error(ptr.empty() ? "/" : ptr, "expected an object, found " + describe(j));
      return false;
    }
    for (const auto& [key, value] : j.items()) {
      if (is_comment(key) || std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
        continue;
      }
      std::string names;
      for (const auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
      error(ptr + "/" + key, "unknown key (allowed here: " + names + ")");
    }
    return true;
  }

  // A non-empty string.
  std::optional<std::string> text(const json& j, const std::string& ptr) {
    if (!j.is_string() || j.get_ref<const std::string&>().empty()) {
      error(ptr, "expected a non-empty string, found " + describe(j));
      return std::nullopt;
    }
    return j.get<std::string>();
  }

  std::optional<std::string> device(const json& j, const std::string& ptr, std::string_view eg) {
    if (!j.is_string() || j.get_ref<const std::string&>().rfind('/', 0) != 0) {
      error(ptr, "expected an absolute device path such as \"" + std::string(eg) + "\", found " +
                     describe(j));
      return std::nullopt;
    }
    return j.get<std::string>();
  }

  std::optional<long> integer(const json& j, const std::string& ptr, long lo, long hi,
                              std::string_view what) {
    if (!j.is_number_integer() || j.get<long>() < lo || j.get<long>() > hi) {
      error(ptr, "expected " + std::string(what) + ", found " + describe(j));
      return std::nullopt;
    }
    return j.get<long>();
  }

 private:
  std::vector<std::string> errors_;
};

const json* member(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// A GPIO line: where it came from, so a clash names both places.
struct LineSetting {
  unsigned* target;
  std::string pointer;
  bool from_file = false;
};

void parse_gpio(Checker& c, const json& gpio, BoardConfig& config) {
  if (!c.object(gpio, "/gpio", {"chip", "led", "buttons"})) return;
  if (const json* chip = member(gpio, "chip")) {
    if (auto name = c.text(*chip, "/gpio/chip")) config.gpio_chip = *name;
  }
  std::vector<LineSetting> lines{
      {&config.led_red, "/gpio/led/red"},
      {&config.led_green, "/gpio/led/green"},
      {&config.led_blue, "/gpio/led/blue"},
      {&config.button_status, "/gpio/buttons/status"},
      {&config.button_test_call, "/gpio/buttons/test_call"},
      {&config.button_acknowledge, "/gpio/buttons/acknowledge"},
  };
  const auto group = [&](std::string_view name, std::initializer_list<std::string_view> keys) {
    const json* g = member(gpio, name);
    const std::string ptr = "/gpio/" + std::string(name);
    if (g == nullptr || !c.object(*g, ptr, keys)) return;
    for (LineSetting& line : lines) {
      for (const auto key : keys) {
        if (line.pointer != ptr + "/" + std::string(key)) continue;
        const json* value = member(*g, key);
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

void parse_lcd(Checker& c, const json& lcd, BoardConfig& config, bool simulated) {
  if (simulated ? !c.object(lcd, "/lcd", {"columns"})
                : !c.object(lcd, "/lcd", {"device", "columns"})) {
    return;
  }
  if (const json* device = member(lcd, "device")) {
    if (auto path = c.device(*device, "/lcd/device", "/dev/lcd")) config.lcd_device = *path;
  }
  if (const json* columns = member(lcd, "columns")) {
    if (!columns->is_number_integer() ||
        (columns->get<long>() != 16 && columns->get<long>() != 20)) {
      c.error("/lcd/columns", "expected 16 or 20, found " + describe(*columns));
    } else {
      config.lcd_columns = columns->get<int>();
    }
  }
}

void parse_watchdog(Checker& c, const json& watchdog, BoardConfig& config, bool simulated) {
  if (simulated ? !c.object(watchdog, "/watchdog", {"timeout_seconds"})
                : !c.object(watchdog, "/watchdog", {"device", "timeout_seconds"})) {
    return;
  }
  if (const json* device = member(watchdog, "device")) {
    if (auto path = c.device(*device, "/watchdog/device", "/dev/watchdog")) {
      config.watchdog_device = *path;
    }
  }
  if (const json* timeout = member(watchdog, "timeout_seconds")) {
    if (auto s = c.integer(*timeout, "/watchdog/timeout_seconds", 1, 600, "1..600 seconds")) {
      config.watchdog_timeout = static_cast<int>(*s);
    }
  }
}

}  // namespace

tl::expected<BoardConfig, std::string> parse_board_config(std::string_view json_text) {
  Checker c;
  // Syntax errors and duplicate keys (which nlohmann/json would silently drop) are found by the
  // shared checks; the rest of the file is checked below, in the board's own words.
  JsonChecker parse_problems;
  const auto parsed = parse_checked(json_text, parse_problems);
  for (const JsonProblem& p : parse_problems.problems()) c.error(p.pointer, p.message);
  if (!parsed) return tl::unexpected(c.joined());
  const json& root = *parsed;
  if (!c.object(root, "", {"kind", "state_dir", "gpio", "lcd", "watchdog"})) {
    return tl::unexpected(c.joined());
  }

  BoardConfig config;
  const json* kind = member(root, "kind");
  if (kind == nullptr) {
    c.error("/kind", "missing (expected \"simulated\" or \"desk-unit\")");
    return tl::unexpected(c.joined());
  }
  if (*kind == "simulated") {
    config.kind = BoardConfig::Kind::simulated;
  } else if (*kind == "desk-unit") {
    config.kind = BoardConfig::Kind::desk_unit;
  } else {
    c.error("/kind", "expected \"simulated\" or \"desk-unit\", found " + describe(*kind) +
                         (kind->is_string() ? " '" + kind->get<std::string>() + "'" : ""));
    return tl::unexpected(c.joined());
  }
  const bool simulated = config.kind == BoardConfig::Kind::simulated;

  const json* state_dir = member(root, "state_dir");
  if (simulated) {
    if (state_dir == nullptr) {
      c.error("/state_dir", "missing (a simulated board needs a directory, e.g. \"/run/samtel\")");
    } else if (auto dir = c.text(*state_dir, "/state_dir")) {
      config.state_dir = *dir;
    }
    if (member(root, "gpio") != nullptr) c.error("/gpio", "only a desk-unit board has GPIO lines");
  } else {
    if (state_dir != nullptr) c.error("/state_dir", "only a simulated board has a state directory");
    if (const json* gpio = member(root, "gpio")) parse_gpio(c, *gpio, config);
  }
  if (const json* lcd = member(root, "lcd")) parse_lcd(c, *lcd, config, simulated);
  if (const json* watchdog = member(root, "watchdog")) {
    parse_watchdog(c, *watchdog, config, simulated);
  }
  if (!c.ok()) return tl::unexpected(c.joined());
  return config;
}

}  // namespace samtel::board
