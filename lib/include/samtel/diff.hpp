#pragma once
// samtel/diff.hpp — what-if: where two configurations route differently over a period.
//
// Promises:
//  * Lines are matched by number and desks by id. Every instant of the period at which the two
//    routing plans differ (open or closed, whom to ring in what order, ring times, addresses,
//    where the call falls back to) lies in exactly one `DiffInterval`; nothing else does. A desk
//    or line present in only one configuration differs throughout.
//  * What a fallback tells the caller is not routing: a changed message is one entry in
//    `messages` per desk and fallback, not an interval every night.
//  * Plans are compared by content, so the two configurations are loaded independently. The plans
//    in `intervals` borrow from the two configurations: keep both alive while reading them.
//  * Each interval is described with the least detail that tells the two plans apart (roles,
//    then ring times, then people, then addresses and fallback texts).
//  * `groups` says the same in plain language: intervals are cut at local midnight, and pieces
//    with the same wall-clock times and the same change on the same kind of day are gathered
//    ("Saturdays 18:00–20:00: closed → open: Vakthavende overlege AMM, then Bakvakt AMM"),
//    Monday to Friday together as "Weekdays" when all five have it; desks with identical changes
//    are named together.
//
//  * `diff_sites()` compares two versions of one site over a span of instants (the horizon of an
//    edit's preview, starting now rather than at midnight); nothing outside the span is reported.
//
//   ConfigDiff d = diff_schedules(current, proposed, DateRange{first, last});
//   for (const DiffGroup& g : d.groups) std::cout << g.to_string() << '\n';
#include <optional>
#include <string>
#include <vector>

#include "samtel/describe.hpp"
#include "samtel/period.hpp"
#include "samtel/progress.hpp"

namespace samtel {

struct DiffInterval {
  std::string line_number, line_name;
  std::string desk_id, desk_name;
  const Zone* zone = nullptr;
  Instant start, end;
  std::optional<RoutePlan> before, after;  // nullopt: no such desk in that configuration
  std::string before_text, after_text;
};

struct DiffGroup {
  std::string line_number, line_name;
  std::vector<std::string> desks;  // names
  std::string days;                // "Saturdays", "Weekdays", "Holidays", "'Julaften'"
  MinuteOfDay start = 0, end = 0;  // wall clock; end 1440 = midnight
  std::string before_text, after_text;
  std::vector<LocalDays> dates;
  // "Saturdays 18:00–20:00: closed (to ...) → open: ... (13 days, 2027-01-09 … 2027-04-03)"
  std::string to_string() const;
};

// A changed message of a desk's fallback ("closed" or "no answer").
struct MessageChange {
  std::string line_number;
  std::vector<std::string> desks;  // names
  std::string which;               // "closed" or "no answer"
  std::string before, after;
};

struct ConfigDiff {
  DateRange range;  // the local days looked at (in the site's zone for diff_sites())
  std::vector<DiffInterval> intervals;  // by line, desk, time
  std::vector<DiffGroup> groups;
  std::vector<MessageChange> messages;
};

ConfigDiff diff_schedules(const Schedule& before, const Schedule& after, DateRange range,
                          Progress* progress = nullptr);

// Two versions of one site over the instants [from, to); lines matched by number.
ConfigDiff diff_sites(const Site& before, const Site& after, Instant from, Instant to);

}  // namespace samtel
