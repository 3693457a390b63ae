#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "samtel/board/board.hpp"
#include "temp_dir.hpp"

namespace samtel::board {
namespace {

using test_support::read_file;

TEST(BoardConfig, TheShippedSimulatedBoardFile) {
  const std::string text = read_file(SAMTEL_SOURCE_DIR "/board/boards/sim.json");
  ASSERT_FALSE(text.empty());
  auto config = parse_board_config(text);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->kind, BoardConfig::Kind::simulated);
  EXPECT_EQ(config->state_dir, "/run/samtel");
  EXPECT_EQ(config->lcd_columns, 16);
  EXPECT_EQ(config->watchdog_timeout, 30);
}

TEST(BoardConfig, TheShippedDeskUnitBoardFile) {
  const std::string text = read_file(SAMTEL_SOURCE_DIR "/board/boards/desk-unit.json");
  ASSERT_FALSE(text.empty());
  auto config = parse_board_config(text);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->kind, BoardConfig::Kind::desk_unit);
  EXPECT_EQ(config->gpio_chip, "gpiochip0");
  EXPECT_EQ(config->led_red, 17U);
  EXPECT_EQ(config->led_green, 27U);
  EXPECT_EQ(config->led_blue, 22U);
  EXPECT_EQ(config->button_status, 5U);
  EXPECT_EQ(config->button_test_call, 6U);
  EXPECT_EQ(config->button_acknowledge, 13U);
  EXPECT_EQ(config->lcd_device, "/dev/lcd");
  EXPECT_EQ(config->lcd_columns, 16);
  EXPECT_EQ(config->watchdog_device, "/dev/watchdog");
  EXPECT_EQ(config->watchdog_timeout, 30);
  EXPECT_TRUE(config->arm_watchdog);
}

TEST(BoardConfig, ADeskUnitFileMayLeaveEverythingAtItsDefault) {
  auto config = parse_board_config(R"({"kind": "desk-unit"})");
  ASSERT_TRUE(config) << config.error();
  const BoardConfig defaults;
  EXPECT_EQ(config->gpio_chip, defaults.gpio_chip);
  EXPECT_EQ(config->led_red, defaults.led_red);
  EXPECT_EQ(config->button_acknowledge, defaults.button_acknowledge);
  EXPECT_EQ(config->lcd_device, defaults.lcd_device);
  EXPECT_EQ(config->watchdog_device, defaults.watchdog_device);
}

TEST(BoardConfig, OtherWiring) {
  auto config = parse_board_config(R"({
    "kind": "desk-unit",
    "gpio": {"chip": "pinctrl-bcm2711", "led": {"red": 0, "green": 511, "blue": 2},
             "buttons": {"status": 3, "test_call": 4, "acknowledge": 5}},
    "lcd": {"device": "/dev/lcd1", "columns": 20},
    "watchdog": {"device": "/dev/watchdog1", "timeout_seconds": 600}})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->gpio_chip, "pinctrl-bcm2711");
  EXPECT_EQ(config->led_red, 0U);
  EXPECT_EQ(config->led_green, 511U);
  EXPECT_EQ(config->button_acknowledge, 5U);
  EXPECT_EQ(config->lcd_device, "/dev/lcd1");
  EXPECT_EQ(config->lcd_columns, 20);
  EXPECT_EQ(config->watchdog_device, "/dev/watchdog1");
  EXPECT_EQ(config->watchdog_timeout, 600);
}

TEST(BoardConfig, SimulatedWithComments) {
  auto config = parse_board_config(
      R"({"$comment": "for the bench", "kind": "simulated", "state_dir": "/tmp/s",
          "lcd": {"columns": 20}, "watchdog": {"timeout_seconds": 1}})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->state_dir, "/tmp/s");
  EXPECT_EQ(config->lcd_columns, 20);
  EXPECT_EQ(config->watchdog_timeout, 1);
}

struct ErrorCase {
  const char* name;
  const char* json;
  const char* expected;  // the whole error text
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class BoardConfigErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(BoardConfigErrorTest, NamesTheJsonPath) {
  auto config = parse_board_config(GetParam().json);
  ASSERT_FALSE(config) << GetParam().name;
  EXPECT_EQ(config.error(), GetParam().expected) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BoardConfigErrorTest,
    ::testing::Values(
        ErrorCase{"led_red_negative", R"({"kind": "desk-unit", "gpio": {"led": {"red": -1}}})",
                  "/gpio/led/red: expected a line offset 0..511, found the number -1"},
        ErrorCase{"led_red_too_big", R"({"kind": "desk-unit", "gpio": {"led": {"red": 512}}})",
                  "/gpio/led/red: expected a line offset 0..511, found the number 512"},
        ErrorCase{"led_red_string", R"({"kind": "desk-unit", "gpio": {"led": {"red": "17"}}})",
                  "/gpio/led/red: expected a line offset 0..511, found a string"},
        ErrorCase{"led_red_fraction", R"({"kind": "desk-unit", "gpio": {"led": {"red": 17.5}}})",
                  "/gpio/led/red: expected a line offset 0..511, found the number 17.5"},
        ErrorCase{"button_unknown_key",
                  R"({"kind": "desk-unit", "gpio": {"buttons": {"reset": 4}}})",
                  "/gpio/buttons/reset: unknown key 'reset' (allowed here: status, test_call, "
                  "acknowledge)"},
        ErrorCase{"gpio_unknown_key", R"({"kind": "desk-unit", "gpio": {"pins": {}}})",
                  "/gpio/pins: unknown key 'pins' (allowed here: chip, led, buttons)"},
        ErrorCase{"top_unknown_key", R"({"kind": "desk-unit", "speaker": true})",
                  "/speaker: unknown key 'speaker' (allowed here: kind, state_dir, gpio, lcd, "
                  "watchdog)"},
        ErrorCase{"gpio_chip_empty", R"({"kind": "desk-unit", "gpio": {"chip": ""}})",
                  "/gpio/chip: must not be empty"},
        ErrorCase{"led_not_object", R"({"kind": "desk-unit", "gpio": {"led": [17, 27, 22]}})",
                  "/gpio/led: expected an object, found an array"},
        ErrorCase{"line_used_twice", R"({"kind": "desk-unit", "gpio": {"led": {"red": 6}}})",
                  "/gpio/led/red: line 6 is already used by /gpio/buttons/test_call (default)"},
        ErrorCase{"line_used_twice_in_file",
                  R"({"kind": "desk-unit", "gpio": {"led": {"red": 4},
                      "buttons": {"acknowledge": 4}}})",
                  "/gpio/buttons/acknowledge: line 4 is already used by /gpio/led/red"},
        ErrorCase{"lcd_columns", R"({"kind": "desk-unit", "lcd": {"columns": 40}})",
                  "/lcd/columns: expected 16 or 20, found the number 40"},
        ErrorCase{"lcd_device_relative", R"({"kind": "desk-unit", "lcd": {"device": "lcd"}})",
                  "/lcd/device: expected an absolute device path such as \"/dev/lcd\", found a "
                  "string"},
        ErrorCase{"watchdog_timeout_zero",
                  R"({"kind": "desk-unit", "watchdog": {"timeout_seconds": 0}})",
                  "/watchdog/timeout_seconds: expected 1..600 seconds, found the number 0"},
        ErrorCase{"watchdog_timeout_big",
                  R"({"kind": "simulated", "state_dir": "/run/samtel",
                      "watchdog": {"timeout_seconds": 601}})",
                  "/watchdog/timeout_seconds: expected 1..600 seconds, found the number 601"},
        ErrorCase{"watchdog_device_null", R"({"kind": "desk-unit", "watchdog": {"device": null}})",
                  "/watchdog/device: expected an absolute device path such as \"/dev/watchdog\", "
                  "found null"},
        ErrorCase{"kind_missing", R"({"state_dir": "/run/samtel"})",
                  "/kind: missing (expected \"simulated\" or \"desk-unit\")"},
        ErrorCase{"kind_unknown", R"({"kind": "raspberry"})",
                  "/kind: expected \"simulated\" or \"desk-unit\", found a string 'raspberry'"},
        ErrorCase{"kind_not_string", R"({"kind": 1})",
                  "/kind: expected \"simulated\" or \"desk-unit\", found the number 1"},
        ErrorCase{"sim_without_state_dir", R"({"kind": "simulated"})",
                  "/state_dir: missing (a simulated board needs a directory, e.g. "
                  "\"/run/samtel\")"},
        ErrorCase{"sim_with_gpio",
                  R"({"kind": "simulated", "state_dir": "/run/samtel", "gpio": {}})",
                  "/gpio: only a desk-unit board has GPIO lines"},
        ErrorCase{"sim_with_lcd_device",
                  R"({"kind": "simulated", "state_dir": "/run/samtel",
                      "lcd": {"device": "/dev/lcd"}})",
                  "/lcd/device: unknown key 'device' (allowed here: columns)"},
        ErrorCase{"desk_unit_with_state_dir", R"({"kind": "desk-unit", "state_dir": "/run/x"})",
                  "/state_dir: only a simulated board has a state directory"},
        ErrorCase{"duplicate_key",
                  R"({"kind": "desk-unit", "gpio": {"led": {"red": 17, "red": 18}}})",
                  "/gpio/led/red: duplicate key 'red' (only one may be given)"},
        ErrorCase{"not_an_object", R"([1, 2])", "expected an object, found an array"},
        ErrorCase{"not_json", "{\n  \"kind\": desk-unit\n}",
                  "not valid JSON at line 2, column 11: "
                  "syntax error while parsing value - invalid literal; last read: "
                  "'\"kind\": d'"},
        ErrorCase{"several_at_once",
                  R"({"kind": "desk-unit", "gpio": {"led": {"blue": 999}},
                      "lcd": {"columns": 8}, "watchdog": {"timeout_seconds": -5}})",
                  "/gpio/led/blue: expected a line offset 0..511, found the number 999\n"
                  "/lcd/columns: expected 16 or 20, found the number 8\n"
                  "/watchdog/timeout_seconds: expected 1..600 seconds, found the number -5"}),
    [](const ::testing::TestParamInfo<ErrorCase>& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace samtel::board
