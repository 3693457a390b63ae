#pragma once
// The desk unit's GPIO elements through libgpiod 1.6: the RGB status LED on three output lines and
// the three front-panel buttons on input lines with edge events. Lines are requested as consumer
// "samtel", so `gpioinfo` shows who holds them.
#include <array>
#include <memory>
#include <string>

#include <gpiod.h>
#include <tl/expected.hpp>

#include "desk_unit/press_detector.hpp"
#include "fault_log.hpp"
#include "posix.hpp"
#include "samtel/board/board.hpp"

namespace samtel::board {

struct GpioChipCloser {
  void operator()(gpiod_chip* chip) const { gpiod_chip_close(chip); }
};
using GpioChip = std::unique_ptr<gpiod_chip, GpioChipCloser>;

// `name` as gpiod_chip_open_lookup() takes it: "gpiochip0", "/dev/gpiochip0", a label or a number.
tl::expected<GpioChip, std::string> open_gpio_chip(const std::string& name);

// One requested line, released on destruction. The chip must outlive it.
class GpioLine {
 public:
  enum class Use { output, button };
  // `role` names the line in messages: "gpiochip0 line 17 (LED red)".
  static tl::expected<GpioLine, std::string> request(gpiod_chip* chip, unsigned offset, Use use,
                                                     const std::string& role);
  GpioLine(GpioLine&& other) noexcept;
  GpioLine& operator=(GpioLine&& other) noexcept;
  GpioLine(const GpioLine&) = delete;
  GpioLine& operator=(const GpioLine&) = delete;
  ~GpioLine();

  gpiod_line* get() const { return line_; }
  const std::string& name() const { return name_; }

 private:
  GpioLine(gpiod_line* line, std::string name) : line_(line), name_(std::move(name)) {}
  gpiod_line* line_ = nullptr;
  std::string name_;
};

class GpioIndicator final : public Indicator {
 public:
  GpioIndicator(GpioLine red, GpioLine green, GpioLine blue, FaultLog& faults);
  ~GpioIndicator() override;  // dark: a stopped daemon must not show "open"
  GpioIndicator(const GpioIndicator&) = delete;
  GpioIndicator& operator=(const GpioIndicator&) = delete;

  void show(IndicatorState state) override;

 private:
  std::array<GpioLine, 3> lines_;  // red, green, blue
  FaultLog& faults_;
};

// fd() is an epoll descriptor watching the three lines' event descriptors, so one descriptor
// becomes readable for any button.
class GpioButtons final : public Buttons {
 public:
  static tl::expected<std::unique_ptr<GpioButtons>, std::string> create(
      std::array<GpioLine, 3> lines, FaultLog& faults);  // status, test_call, acknowledge

  int fd() const override { return epoll_.get(); }
  std::vector<ButtonPress> read() override;

 private:
  GpioButtons(std::array<GpioLine, 3> lines, UniqueFd epoll, FaultLog& faults);
  std::array<GpioLine, 3> lines_;
  UniqueFd epoll_;
  FaultLog& faults_;
  PressDetector detector_;
};

}  // namespace samtel::board
