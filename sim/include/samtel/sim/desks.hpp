#pragma once
// samtel/sim/desks.hpp — choosing which desks of a schedule the simulator looks at.
//
// Promises:
//  * `select_desks()` never throws; an unknown line or desk is an error naming the known ones.
//  * A `DeskRef` borrows from the schedule it was chosen from; keep the schedule alive.
//
//   for (const DeskRef& d : select_desks(schedule, "", "").value()) ...
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/schedule.hpp"

namespace samtel::sim {

struct DeskRef {
  const Site* site = nullptr;
  const Line* line = nullptr;
  const Desk* desk = nullptr;
};

// Every desk of every line (empty `line`), or of one line; one desk when `desk` is given.
tl::expected<std::vector<DeskRef>, std::string> select_desks(const Schedule& schedule,
                                                             std::string_view line,
                                                             std::string_view desk);

}  // namespace samtel::sim
