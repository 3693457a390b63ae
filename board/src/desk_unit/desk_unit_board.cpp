#include "desk_unit/desk_unit_board.hpp"

#include "desk_unit/device_watchdog.hpp"
#include "desk_unit/gpio.hpp"
#include "desk_unit/lcd_display.hpp"

namespace samtel::board {
namespace {

class DeskUnitBoard final : public Board {
 public:
  // Members are destroyed in reverse: elements first (LED off, display cleared), the chip last.
  std::unique_ptr<FaultLog> faults_ = std::make_unique<FaultLog>();
  GpioChip chip_;
  std::unique_ptr<GpioIndicator> led_;
  std::unique_ptr<GpioButtons> buttons_;
  std::unique_ptr<LcdDisplay> lcd_;
  std::unique_ptr<Watchdog> watchdog_;

  Indicator& indicator() override { return *led_; }
  Display& display() override { return *lcd_; }
  Buttons& buttons() override { return *buttons_; }
  Watchdog& watchdog() override { return *watchdog_; }
  std::optional<std::string> fault() const override { return faults_->last(); }
  std::string_view kind() const override { return "desk-unit"; }
};

}  // namespace

tl::expected<std::unique_ptr<Board>, std::string> open_desk_unit(const BoardConfig& config) {
  auto board = std::make_unique<DeskUnitBoard>();
  auto chip = open_gpio_chip(config.gpio_chip);
  if (!chip) return tl::unexpected(chip.error());
  board->chip_ = std::move(*chip);

  using Use = GpioLine::Use;
  auto red = GpioLine::request(board->chip_.get(), config.led_red, Use::output, "LED red");
  if (!red) return tl::unexpected(red.error());
  auto green = GpioLine::request(board->chip_.get(), config.led_green, Use::output, "LED green");
  if (!green) return tl::unexpected(green.error());
  auto blue = GpioLine::request(board->chip_.get(), config.led_blue, Use::output, "LED blue");
  if (!blue) return tl::unexpected(blue.error());
  board->led_ = std::make_unique<GpioIndicator>(std::move(*red), std::move(*green),
                                                std::move(*blue), *board->faults_);

  auto status =
      GpioLine::request(board->chip_.get(), config.button_status, Use::button, "button status");
  if (!status) return tl::unexpected(status.error());
  auto test_call = GpioLine::request(board->chip_.get(), config.button_test_call, Use::button,
                                     "button test_call");
  if (!test_call) return tl::unexpected(test_call.error());
  auto acknowledge = GpioLine::request(board->chip_.get(), config.button_acknowledge, Use::button,
                                       "button acknowledge");
  if (!acknowledge) return tl::unexpected(acknowledge.error());
  auto buttons = GpioButtons::create(
      {std::move(*status), std::move(*test_call), std::move(*acknowledge)}, *board->faults_);
  if (!buttons) return tl::unexpected(buttons.error());
  board->buttons_ = std::move(*buttons);

  auto lcd = LcdDisplay::open(config.lcd_device, config.lcd_columns, *board->faults_);
  if (!lcd) return tl::unexpected(lcd.error());
  board->lcd_ = std::move(*lcd);

  if (config.arm_watchdog) {
    auto watchdog =
        DeviceWatchdog::open(config.watchdog_device, config.watchdog_timeout, *board->faults_);
    if (!watchdog) return tl::unexpected(watchdog.error());
    board->watchdog_ = std::move(*watchdog);
  } else {
    board->watchdog_ = std::make_unique<NoWatchdog>();
  }
  return std::unique_ptr<Board>(std::move(board));
}

}  // namespace samtel::board
