#pragma once
// samtel/progress.hpp — how long computations tell the caller how far they are.
//
// Promises:
//  * Long computations (the simulator's sweeps and replays, a diff over months) call `update()`
//    now and then (per day, per line or per batch of calls, never per second of simulated time)
//    with a fraction in [0, 1] that does not decrease within one task.
//  * Passing no Progress (nullptr) costs nothing; the computation's result never depends on it.
//
//   struct Quiet : Progress { void update(std::string_view, double) override {} };
#include <string_view>

namespace samtel {

class Progress {
 public:
  virtual ~Progress() = default;
  // `task` names the work ("sweep", "replay", "diff", ...); `fraction` is how much of it is done.
  virtual void update(std::string_view task, double fraction) = 0;
};

}  // namespace samtel
