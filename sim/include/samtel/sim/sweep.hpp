#pragma once
// samtel/sim/sweep.hpp — the routing timeline of desks over a period, as merged intervals.
//
// Promises:
//  * `sweep_desk()` returns consecutive rows [start, end) covering [from, to) exactly. Within a
//    row `route()` gives the same decision at every second and the same kind of day (day type,
//    holiday, special day, opening window); adjacent rows differ in one of these. So a change
//    of day type at midnight is a row boundary even when the line stays closed through it:
//    holidays, special days and daylight-saving days show up in the table.
//  * It is the core's `timeline()` with `same_row()` as its rule, so it evaluates routing only
//    where something can change (local midnights, window boundaries, daylight-saving transitions,
//    roster boundaries): a year of one desk costs a few thousand routing decisions. A window
//    boundary in the repeated hour of autumn is a row boundary both times the wall clock shows it.
//  * `sweep_desk_by_minute()` is the plain reference: `route()` at every minute. Both give the
//    same rows whenever all boundaries lie on whole minutes (they do for every configuration the
//    loader accepts); the tests compare them.
//
//   for (const SweepRow& r : sweep_desk(site, line, desk, span.from, span.to))
//     std::cout << format_local(zone, r.start) << " " << to_string(state_of(r.plan));
#include <vector>

#include "samtel/describe.hpp"
#include "samtel/progress.hpp"
#include "samtel/sim/desks.hpp"

namespace samtel::sim {

struct SweepRow {
  DeskRef desk;
  Instant start, end;
  RoutePlan plan;  // the plan at `start`
};

// Same routing decision and same kind of day.
bool same_row(const RoutePlan& a, const RoutePlan& b);

std::vector<SweepRow> sweep_desk(const Site& site, const Line& line, const Desk& desk, Instant from,
                                 Instant to);
std::vector<SweepRow> sweep_desk_by_minute(const Site& site, const Line& line, const Desk& desk,
                                           Instant from, Instant to);

// Rows of several desks, desk after desk, each desk's rows in time order.
std::vector<SweepRow> sweep(const std::vector<DeskRef>& desks, Instant from, Instant to,
                            Progress* progress = nullptr);

// The daylight-saving change inside a row, as a note ("" when none).
std::string clock_note(const SweepRow& row);

}  // namespace samtel::sim
