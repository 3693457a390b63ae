#pragma once
// samtel/period.hpp — a period of local days: dates to instants, and the daylight-saving changes
// that fall inside it (the span a diff, a preview or a simulation looks at).
//
// Promises:
//  * A `DateRange` is a run of whole local days, both ends inclusive; `to_span()` turns it into
//    the half-open span of instants [first 00:00, day after last 00:00) in the zone, so a range
//    that contains the spring change is one hour shorter than 24 h times its days.
//  * `clock_changes()` lists every change of the UTC offset in a span, in order, with the
//    wall-clock times before and after ("02:00 -> 03:00" in spring, "03:00 -> 02:00" in autumn).
//  * Formatting is civil time derived from the instant and the zone, never "midnight + N hours".
//
//   const Span s = to_span(*line.zone, DateRange{first, last});
//   for (const ClockChange& c : clock_changes(*line.zone, s.from, s.to)) std::cout << describe(c);
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "samtel/time.hpp"

namespace samtel {

struct DateRange {
  LocalDays first{}, last{};  // inclusive
  long days() const { return (last - first).count() + 1; }
};

struct Span {
  Instant from, to;  // [from, to)
};

Span to_span(const Zone& zone, DateRange range);
// The instants of one local day.
Span day_span(const Zone& zone, LocalDays day);
// The local date an instant falls on.
LocalDays local_day(const Zone& zone, Instant t);

struct ClockChange {
  Instant at;
  std::chrono::seconds offset_before{0}, offset_after{0};
  bool forward() const { return offset_after > offset_before; }
  LocalSeconds wall_before() const { return LocalSeconds{at.time_since_epoch() + offset_before}; }
  LocalSeconds wall_after() const { return LocalSeconds{at.time_since_epoch() + offset_after}; }
};

std::vector<ClockChange> clock_changes(const Zone& zone, Instant from, Instant to);
// The change during local day `day`, if any.
std::optional<ClockChange> clock_change_on(const Zone& zone, LocalDays day);
// "clocks go forward 02:00 -> 03:00 (a 23-hour day)".
std::string describe(const ClockChange& change);

// "2026-03-29 10:00" (seconds only when not zero).
std::string format_local(const Zone& zone, Instant t);
// "2026-03-29 10:00+02:00".
std::string format_local_offset(const Zone& zone, Instant t);
// "Sun 2026-03-29".
std::string format_day(LocalDays day);
// Hours between two instants with one decimal, "8.0".
std::string format_hours(std::chrono::seconds d);

}  // namespace samtel
