#pragma once
// samtel/statistics_aggregate.hpp — the statistics of a month kept after its call records are
// deleted for retention: the call log stores each (site, local month) as `statistics_json()`
// with every count (samtel/store/call_log_purge.hpp); here they are read back and added to the
// statistics of other months, so that a period reaching into deleted months counts the same.
//
// Promises:
//  * `parse_statistics_json()` reads what `statistics_json(s, nullptr, Disclosure::internal)`
//    wrote back into the same `CallStatistics` (every count, the period, the waits to the tenth
//    of a second they were written with; "unknown" municipalities as ""; "previous",
//    "answered_share" and "deviations" are not read). It never throws: text that is not such a
//    document gives one line naming the member, e.g. "by_hour[3]: expected a count (a whole
//    number from 0), found string". Members written later than an old aggregate are optional.
//  * `add_statistics(total, part)` adds every count of `part` to `total` (by hour, by key),
//    keeping `total`'s period and deviations, and appends `part`'s `from_aggregates`. A median
//    or a 90th percentile cannot be made from two others: the sum keeps the waits of whichever
//    side had calls when only one had, else has none (unknown).
//  * Pure: no clock, no I/O.
//
//   CallStatistics quarter = records_statistics;  // the months still in the records
//   auto january = parse_statistics_json(stored_text);
//   if (!january) return january.error();
//   january->from_aggregates = {"2027-01"};
//   add_statistics(quarter, *january);
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "samtel/call_statistics.hpp"

namespace samtel {

tl::expected<CallStatistics, std::string> parse_statistics_json(std::string_view text);

void add_statistics(CallStatistics& total, const CallStatistics& part);

}  // namespace samtel
