#include "terminal_progress.hpp"

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace samtel::sim::cli {
namespace {
constexpr auto kQuietFor = std::chrono::milliseconds{250};  // short runs draw nothing
constexpr auto kRedrawEvery = std::chrono::milliseconds{100};
}  // namespace

TerminalProgress::TerminalProgress()
    : enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_draw_(start_) {}

TerminalProgress::~TerminalProgress() { clear(); }

void TerminalProgress::update(std::string_view task, double fraction) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (task != task_) {
    task_ = std::string(task);
  } else if (now - last_draw_ < kRedrawEvery) {
    return;
  }
  if (now - start_ < kQuietFor) return;
  const int percent = static_cast<int>(std::lround(fraction * 100.0));
  std::fprintf(stderr, "\rsamtel-sim: %-10s %3d%%", task_.c_str(),
               percent < 0     ? 0
               : percent > 100 ? 100
                               : percent);
  std::fflush(stderr);
  shown_ = true;
  last_draw_ = now;
}

void TerminalProgress::clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r%30s\r", "");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace samtel::sim::cli
