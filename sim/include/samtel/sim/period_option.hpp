#pragma once
// samtel/sim/period_option.hpp — the simulated period as the command line gives it (--from/--to).
//
// Promises:
//  * Dates are `YYYY-MM-DD` or `today` (the local date at the `now` passed in: no hidden clock).
//  * Errors name the option and what is wrong; a range longer than ten years, ending before it
//    starts or outside 1900..2200 is refused.
//
//   auto range = parse_date_range("2027-01-01", "", *line.zone, clock.now(), 28);
#include <string>

#include <tl/expected.hpp>

#include "samtel/period.hpp"

namespace samtel::sim {

// The longest range the simulator accepts, in days (ten years).
inline constexpr long kMaxRangeDays = 3660;

// Reads --from/--to style dates: `YYYY-MM-DD` or `today` (the local date at `now`). An empty `to`
// means `default_days` days starting at `from`. Errors name the option and what is wrong.
tl::expected<DateRange, std::string> parse_date_range(const std::string& from,
                                                      const std::string& to, const Zone& zone,
                                                      Instant now, long default_days = 28);

}  // namespace samtel::sim
