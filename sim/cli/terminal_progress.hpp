#pragma once
// Progress on a terminal: a single line on standard error, redrawn at most ten times a second,
// shown only when standard error is a terminal and the work has taken more than a moment.
#include <chrono>
#include <string>

#include "samtel/progress.hpp"

namespace samtel::sim::cli {

class TerminalProgress final : public Progress {
 public:
  TerminalProgress();  // enabled when stderr is a TTY
  ~TerminalProgress() override;
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void update(std::string_view task, double fraction) override;
  // Removes the progress line, if one is shown.
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_ = false;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::string task_;
};

}  // namespace samtel::sim::cli
