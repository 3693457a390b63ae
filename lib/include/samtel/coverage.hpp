#pragma once
// samtel/coverage.hpp — the schedule over a span of time: merged routing timelines, coverage gaps
// and overlapping assignments.
//
// Promises:
//  * `timeline()` returns consecutive, non-overlapping segments [start, end) covering [from, to)
//    exactly; within a segment `route()` gives the same decision at every second, and adjacent
//    segments differ. It evaluates routing only where something can change (window boundaries in
//    local time, local midnights, daylight-saving transitions, roster boundaries), so a year costs
//    a few thousand decisions. A window boundary in the repeated hour of autumn is evaluated at
//    both instants the wall clock shows it, one in the skipped hour of spring where the gap ends.
//  * Given a finer rule `same`, `timeline()` keeps plans in one segment only while `same` holds,
//    and gives the same guarantees for it, provided it looks at nothing but the decision and the
//    kind of day (day type, holiday, special day, opening window): these change only at the
//    instants above.
//  * `analyse_coverage()` lists every span in which a desk is open with nobody on duty (a coverage
//    gap), and every overlapping assignment: two one-off shifts or two overrides of the same role
//    at once, one person in two roles of a rota at once, or one person on duty in two rotas at
//    once.
//
//   for (const Segment& s : timeline(site, line, desk, from, to))
//     std::cout << format_utc(s.start) << (s.plan.open ? " open" : " closed");
#include <string>
#include <vector>

#include "samtel/routing.hpp"

namespace samtel {

struct Segment {
  Instant start, end;
  RoutePlan plan;  // the plan at `start`
};

std::vector<Segment> timeline(const Site& site, const Line& line, const Desk& desk, Instant from,
                              Instant to);
// Whether two plans, one after the other, belong in one segment.
using SamePlan = bool (*)(const RoutePlan& earlier, const RoutePlan& later);
std::vector<Segment> timeline(const Site& site, const Line& line, const Desk& desk, Instant from,
                              Instant to, SamePlan same);

struct CoverageGap {
  const Line* line = nullptr;
  const Desk* desk = nullptr;
  Instant start, end;
};

struct AssignmentOverlap {
  Instant start, end;
  std::string description;  // plain language, names the rota, roles and people
};

struct CoverageReport {
  std::vector<CoverageGap> gaps;
  std::vector<AssignmentOverlap> overlaps;
};

CoverageReport analyse_coverage(const Site& site, Instant from, Instant to);

}  // namespace samtel
