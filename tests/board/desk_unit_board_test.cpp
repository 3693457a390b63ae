// The desk unit as a whole needs a GPIO chip, which this test machine may not have: without one,
// these tests check the errors; with the kernel's gpio-mockup module loaded they also drive it.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samtel/board/board.hpp"
#include "temp_dir.hpp"

namespace samtel::board {
namespace {

using test_support::TempDir;

BoardConfig desk_unit(const TempDir& dir) {
  BoardConfig config;
  config.kind = BoardConfig::Kind::desk_unit;
  config.lcd_device = dir / "lcd";
  config.watchdog_device = dir / "watchdog";
  std::ofstream{config.lcd_device};
  std::ofstream{config.watchdog_device};
  return config;
}

TEST(DeskUnitBoard, AMissingGpioChipIsAnErrorNamingIt) {
  TempDir dir;
  BoardConfig config = desk_unit(dir);
  config.gpio_chip = "gpiochip-samtel-missing";
  auto board = open_board(config);
  ASSERT_FALSE(board);
  EXPECT_NE(board.error().find("GPIO chip 'gpiochip-samtel-missing': cannot open"),
            std::string::npos)
      << board.error();
  // Nothing after the chip was touched: the watchdog stand-in was never armed or written.
  EXPECT_EQ(test_support::read_file(config.watchdog_device), "");
  EXPECT_EQ(test_support::read_file(config.lcd_device), "");
}

TEST(DeskUnitBoard, ConfigurationsBuiltInCodeAreCheckedToo) {
  TempDir dir;
  BoardConfig config = desk_unit(dir);
  config.button_status = config.led_red;
  auto board = open_board(config);
  ASSERT_FALSE(board);
  EXPECT_EQ(board.error(), "board configuration: button_status and led_red are both line 17");

  config = desk_unit(dir);
  config.lcd_columns = 24;
  board = open_board(config);
  ASSERT_FALSE(board);
  EXPECT_EQ(board.error(), "board configuration: lcd_columns must be 16 or 20, not 24");

  config = desk_unit(dir);
  config.watchdog_timeout = 0;
  board = open_board(config);
  ASSERT_FALSE(board);
  EXPECT_EQ(board.error(), "board configuration: watchdog_timeout must be 1..600 seconds, not 0");
}

// With `modprobe gpio-mockup gpio_mockup_ranges=-1,8` the kernel offers a chip whose input lines
// are driven from debugfs. Not available in containers; skipped there, and not counted as
// coverage of the real hardware.
std::string mockup_chip() {
  const std::filesystem::path root = "/sys/kernel/debug/gpio-mockup";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gpiochip", 0) == 0) return name;
  }
  return {};
}

void drive(const std::string& chip, unsigned offset, int level) {
  std::ofstream("/sys/kernel/debug/gpio-mockup/" + chip + "/" + std::to_string(offset)) << level;
}

TEST(DeskUnitBoard, OnTheGpioMockupChip) {
  const std::string chip = mockup_chip();
  if (chip.empty()) {
    GTEST_SKIP() << "no gpio-mockup chip (modprobe gpio-mockup gpio_mockup_ranges=-1,8 and mount "
                    "debugfs to run this)";
  }
  TempDir dir;
  BoardConfig config = desk_unit(dir);
  config.gpio_chip = chip;
  config.led_red = 0;
  config.led_green = 1;
  config.led_blue = 2;
  config.button_status = 3;
  config.button_test_call = 4;
  config.button_acknowledge = 5;
  for (unsigned line = 3; line <= 5; ++line) drive(chip, line, 1);  // released: pulled high
  auto board = open_board(config);
  ASSERT_TRUE(board) << board.error();
  EXPECT_EQ((*board)->kind(), "desk-unit");
  (*board)->indicator().show(IndicatorState::gap);
  EXPECT_FALSE((*board)->fault()) << *(*board)->fault();

  drive(chip, 4, 0);
  drive(chip, 4, 1);
  // The mockup's edges are microseconds apart: debounce drops them. Hold the line instead.
  drive(chip, 5, 0);
  ::usleep(100'000);
  drive(chip, 5, 1);
  const auto presses = (*board)->buttons().read();
  ASSERT_EQ(presses.size(), 1U);
  EXPECT_EQ(presses[0], (ButtonPress{Button::acknowledge, false}));
}

}  // namespace
}  // namespace samtel::board
