#pragma once
// samtel/routing.hpp — the one question everything asks: a call arrives on line L for desk D at
// instant T; is the line open, whom do we ring, in what order, for how long, and then what?
//
// Promises:
//  * `route()` is a pure function of the published schedule and the instant: no clock is read, no
//    state is kept, the same arguments give the same plan. It does not allocate beyond the plan's
//    attempt list and is cheap enough to call for every minute of a year.
//  * Open or closed is decided in the line's wall-clock time with half-open windows; a window that
//    crosses midnight belongs to the day it starts on, and the plan reports that day's type.
//  * Attempts follow the desk's rota roles in order (primary, then backup, ...). A role with nobody
//    on duty is skipped at once (never rung into the void); a person already in the list is not
//    rung twice. Open with nobody rostered at all: no attempts, the desk's fallback, and
//    `coverage_gap` set. Closed: no attempts and the desk's closed fallback.
//  * Planned maintenance (maintenance.hpp) comes before everything else: while a window covers the
//    line, the plan is closed for every desk, with no attempts, the line's maintenance fallback and
//    `maintenance` pointing at the window (its reason is in `reason()`).
//  * `reason()` explains the plan in plain language for logs, the CLI and the simulator.
//
//   RoutePlan plan = route(site, line, desk, clock.now());
//   for (const Attempt& a : plan.attempts) ring(a.address, a.ring_timeout);
//   if (nobody_answered) redirect(plan.fallback->address);
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/schedule.hpp"

namespace samtel {

struct Attempt {
  std::size_t role = 0;
  const Role* role_info = nullptr;
  const Person* person = nullptr;
  std::string_view address;
  std::chrono::seconds ring_timeout{0};
  DutySource source = DutySource::pattern;
};

struct RoutePlan {
  Instant instant;
  LocalSeconds local;
  const Site* site = nullptr;
  const Line* line = nullptr;
  const Desk* desk = nullptr;

  bool open = false;
  LocalDays service_day{};                  // the day whose hours decided (the window's start day)
  DayType day_type = DayType::weekday;      // of service_day
  DayType hours_type = DayType::weekday;    // whose hours applied (special: the day's own)
  std::optional<std::string_view> holiday;  // statutory holiday name of service_day
  std::optional<std::string_view> special_day;  // hospital special-day name of service_day
  std::optional<Window> window;                 // the open window, when open

  std::vector<Attempt> attempts;
  const Fallback* fallback = nullptr;              // never null for a plan from route()
  bool coverage_gap = false;                       // open, but nobody on duty in any role
  std::uint32_t skipped_roles = 0;                 // bit r: role r had nobody on duty
  std::uint32_t repeated_roles = 0;                // bit r: role r's person was already in the list
  const MaintenanceWindow* maintenance = nullptr;  // the planned maintenance in force, if any

  // A plain-language explanation, e.g. "Open (weekday hours 08:00-23:00). Ring Vakthavende
  // overlege AMM: Dr. A (tel:+47...) for 25 s, then ... Then fall back to Sentralbord (...)."
  std::string reason() const;

  // Same routing decision (open/closed, attempts, fallback), ignoring the instant.
  bool same_decision(const RoutePlan& other) const;
};

RoutePlan route(const Site& site, const Line& line, const Desk& desk, Instant t);

// Looks up the line by number and the desk by id (the line's default desk when empty).
tl::expected<RoutePlan, std::string> route(const Schedule& schedule, std::string_view line_number,
                                           std::string_view desk_id, Instant t);

// The start of the next opening window strictly after `t` within `horizon_days`, or nullopt.
std::optional<Instant> next_opening(const Site& site, const Line& line, const Desk& desk, Instant t,
                                    int horizon_days = 400);

// The planned maintenance window covering `line` (one of `site`'s lines) at `t`, or nullptr.
const MaintenanceWindow* maintenance_at(const Site& site, const Line& line, Instant t);

std::string_view to_string(DutySource s);

}  // namespace samtel
