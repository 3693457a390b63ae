#pragma once
// samtel/sim/coverage_review.hpp — the coverage report over a period: where the line is open with
// nobody on duty, where assignments overlap or conflict, where a duty ends while the line is open
// and nobody takes over, and which holidays, special days and clock changes fall in the period
// and how each desk treats them.
//
// Promises:
//  * Gaps and overlapping assignments are the core's `analyse_coverage()`, unchanged.
//  * A lapse is an instant at which a role of a rota goes from someone to nobody while a desk
//    served by that rota is open, whether or not another role still answers (a backup that runs
//    out is a lapse, not yet a gap). It names who went off duty and when someone is back.
//  * An idle override is one that names the person it replaces but never applies within the
//    period (that person is not on duty in the role then): the roster says two things.
//  * Notable days are the statutory holidays (not ordinary Sundays), the days any desk treats
//    as special, and the days the clocks change, each with every desk's hours that day.
//  * Per desk: hours open and hours open with nobody on duty, in real (UTC) time.
//
//   CoverageReview r = review_coverage(site, span.from, span.to);
//   for (const DutyLapse& l : r.lapses) std::cout << l.role->name;
#include <optional>
#include <string>
#include <vector>

#include "samtel/coverage.hpp"
#include "samtel/period.hpp"
#include "samtel/progress.hpp"
#include "samtel/sim/desks.hpp"

namespace samtel::sim {

struct DutyLapse {
  const Rota* rota = nullptr;
  const Role* role = nullptr;
  const Person* person = nullptr;   // who went off duty
  Instant at;                       // when
  std::optional<Instant> resumes;   // when someone holds the role again (within the period)
  std::vector<DeskRef> open_desks;  // desks of this rota open at that instant
};

struct IdleOverride {
  const Rota* rota = nullptr;
  const DutyOverride* entry = nullptr;
};

struct DeskDay {
  DeskRef desk;
  DayInfo info;
  std::vector<Window> windows;  // that start on the day
};

struct NotableDay {
  LocalDays day{};
  std::optional<std::string_view> holiday;
  std::vector<std::string> special_names;  // special-day rules that matched, any desk
  std::optional<ClockChange> clock_change;
  std::vector<DeskDay> desks;
};

struct DeskCoverage {
  DeskRef desk;
  std::chrono::seconds open{0};
  std::chrono::seconds gap{0};
};

struct CoverageReview {
  const Site* site = nullptr;
  Instant from, to;
  CoverageReport core;  // gaps and overlapping assignments
  std::vector<DutyLapse> lapses;
  std::vector<IdleOverride> idle_overrides;
  std::vector<NotableDay> days;
  std::vector<DeskCoverage> desks;
  std::size_t findings() const {
    return core.gaps.size() + core.overlaps.size() + lapses.size() + idle_overrides.size();
  }
};

CoverageReview review_coverage(const Site& site, Instant from, Instant to,
                               Progress* progress = nullptr);

// "treated as holiday: 10:00-18:00", "own hours: closed", "weekday hours 08:00-23:00".
std::string treatment_text(const DeskDay& d);

}  // namespace samtel::sim
