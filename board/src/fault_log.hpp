#pragma once
// The board's most recent hardware error, shared by its elements. An element that fails records
// what failed and carries on; the daemon reads it through `Board::fault()`.
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace samtel::board {

class FaultLog {
 public:
  void record(std::string what) {
    last_ = std::move(what);
    if (on_record_) on_record_();
  }
  const std::optional<std::string>& last() const { return last_; }
  // Called after each record(); the simulated board rewrites its state file from here.
  void on_record(std::function<void()> listener) { on_record_ = std::move(listener); }

 private:
  std::optional<std::string> last_;
  std::function<void()> on_record_;
};

}  // namespace samtel::board
