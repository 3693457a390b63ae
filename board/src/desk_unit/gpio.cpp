#include "desk_unit/gpio.hpp"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include <sys/epoll.h>

#include "desk_unit/led_colour.hpp"

namespace samtel::board {
namespace {

constexpr const char* kConsumer = "samtel";

// Mixes a line's libgpiod errno into a message naming the line.
std::string line_error(const std::string& name, std::string_view what, int err) {
  return name + ": " + std::string(what) + " (" + errno_text(err) + ")";
}

}  // namespace

tl::expected<GpioChip, std::string> open_gpio_chip(const std::string& name) {
  GpioChip chip(gpiod_chip_open_lookup(name.c_str()));
  if (!chip) {
    return tl::unexpected("GPIO chip '" + name + "': cannot open (" + errno_text(errno) + ")");
  }
  return chip;
}

tl::expected<GpioLine, std::string> GpioLine::request(gpiod_chip* chip, unsigned offset, Use use,
                                                      const std::string& role) {
  std::string name =
      std::string(gpiod_chip_name(chip)) + " line " + std::to_string(offset) + " (" + role + ")";
  gpiod_line* line = gpiod_chip_get_line(chip, offset);
  if (line == nullptr) return tl::unexpected(line_error(name, "no such line", errno));
  int rc = 0;
  if (use == Use::output) {
    rc = gpiod_line_request_output(line, kConsumer, 0);
  } else {
    // The buttons pull the line to ground; the SoC's pull-up keeps it high otherwise. Kernels
    // before 5.5 do not know bias flags: then an external pull-up has to do.
    rc = gpiod_line_request_both_edges_events_flags(line, kConsumer,
                                                    GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP);
    if (rc != 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
      rc = gpiod_line_request_both_edges_events(line, kConsumer);
    }
  }
  if (rc != 0) return tl::unexpected(line_error(name, "cannot request", errno));
  return GpioLine(line, std::move(name));
}

GpioLine::GpioLine(GpioLine&& other) noexcept
    : line_(std::exchange(other.line_, nullptr)), name_(std::move(other.name_)) {}

GpioLine& GpioLine::operator=(GpioLine&& other) noexcept {
  if (this != &other) {
    if (line_ != nullptr) gpiod_line_release(line_);
    line_ = std::exchange(other.line_, nullptr);
    name_ = std::move(other.name_);
  }
  return *this;
}

GpioLine::~GpioLine() {
  if (line_ != nullptr) gpiod_line_release(line_);
}

GpioIndicator::GpioIndicator(GpioLine red, GpioLine green, GpioLine blue, FaultLog& faults)
    : lines_{std::move(red), std::move(green), std::move(blue)}, faults_(faults) {}

GpioIndicator::~GpioIndicator() {
  for (const GpioLine& line : lines_) gpiod_line_set_value(line.get(), 0);
}

void GpioIndicator::show(IndicatorState state) {
  // Every channel is set on every call, so one that failed before is corrected by the next call.
  const LedColour c = led_colour(state);
  const std::array<bool, 3> on{c.red, c.green, c.blue};
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (gpiod_line_set_value(lines_[i].get(), on[i] ? 1 : 0) != 0) {
      faults_.record(line_error(lines_[i].name(), "cannot set", errno));
    }
  }
}

tl::expected<std::unique_ptr<GpioButtons>, std::string> GpioButtons::create(
    std::array<GpioLine, 3> lines, FaultLog& faults) {
  UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll) return tl::unexpected("buttons: epoll_create1 failed (" + errno_text(errno) + ")");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_fd = gpiod_line_event_get_fd(lines[i].get());
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    if (line_fd < 0 || ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, line_fd, &ev) != 0) {
      return tl::unexpected(line_error(lines[i].name(), "cannot watch for events", errno));
    }
  }
  return std::unique_ptr<GpioButtons>(new GpioButtons(std::move(lines), std::move(epoll), faults));
}

GpioButtons::GpioButtons(std::array<GpioLine, 3> lines, UniqueFd epoll, FaultLog& faults)
    : lines_(std::move(lines)), epoll_(std::move(epoll)), faults_(faults) {}

std::vector<ButtonPress> GpioButtons::read() {
  struct Edge {
    std::chrono::nanoseconds at;
    Button button;
    bool falling;
  };
  constexpr std::array<Button, 3> kButtons{Button::status, Button::test_call, Button::acknowledge};
  std::vector<Edge> edges;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    gpiod_line* line = lines_[i].get();
    const timespec no_wait{0, 0};
    // gpiod_line_event_read_multiple() blocks on an empty queue, so look first.
    for (int rounds = 0; rounds < 64; ++rounds) {
      const int ready = gpiod_line_event_wait(line, &no_wait);
      if (ready == 0) break;
      std::array<gpiod_line_event, 16> events{};
      const int n = ready < 0 ? -1
                              : gpiod_line_event_read_multiple(
                                    line, events.data(), static_cast<unsigned>(events.size()));
      if (n < 0) {
        faults_.record(line_error(lines_[i].name(), "cannot read events", errno));
        break;
      }
      for (int k = 0; k < n; ++k) {
        const gpiod_line_event& e = events[static_cast<std::size_t>(k)];
        const auto at = std::chrono::seconds(e.ts.tv_sec) + std::chrono::nanoseconds(e.ts.tv_nsec);
        edges.push_back({at, kButtons[i], e.event_type == GPIOD_LINE_EVENT_FALLING_EDGE});
      }
    }
  }
  // Each line's events come in order; merge the lines by timestamp so presses come oldest first.
  std::stable_sort(edges.begin(), edges.end(),
                   [](const Edge& a, const Edge& b) { return a.at < b.at; });
  std::vector<ButtonPress> presses;
  for (const Edge& e : edges) {
    const auto press =
        e.falling ? detector_.falling(e.button, e.at) : detector_.rising(e.button, e.at);
    if (press) presses.push_back(*press);
  }
  return presses;
}

}  // namespace samtel::board
