#pragma once
// samtel/sim/replay.hpp — call traffic on a virtual clock: calls are generated from a scenario
// (or taken from its explicit list), routed with the core's `route()`, and played out in time
// order against a model of each person on duty.
//
// Promises:
//  * Reproducible: the same scenario, seed and period give the same calls and the same outcomes.
//    Arrivals come from one std::mt19937_64 seeded with the scenario's seed: for every UTC hour of
//    the period and every desk with rates, a Poisson count (mean = the rate of the local hour and
//    the statutory day type), then that many uniform seconds within the hour. Each call also draws
//    a 64-bit stream seed; everything about how its attempts go is drawn from that stream
//    (SplitMix64), so one call's luck does not depend on how other calls went.
//  * The route plan is followed exactly: the plan at the call's arrival gives the attempts in
//    order with their ring timeouts, then `plan.fallback`. Closed: the call goes to the closed
//    fallback at once. Open with nobody on duty: straight to the fallback.
//  * A person on a call cannot take another: a ring to a busy person rings out its full timeout
//    and escalates to the next attempt. A free person answers with the model's probability after
//    the model's answer time, if that is shorter than the ring timeout; if in the meantime they
//    picked up another call, this one rings out. An answered call keeps the person busy for the
//    call's length.
//  * Waits are seconds from arrival until a person on duty answered or the caller was passed to
//    the fallback. Calls arriving while closed have no wait; they are the unmet demand.
//  * Calls are grouped by the day type that `route()` reports (special days included) and by the
//    local hour of arrival.
//
//   ReplayResult r = replay(scenario, span.from, span.to);
//   TrafficSummary s = summarise(r);
//   std::cout << s.total.answered << " of " << s.total.calls;
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "samtel/progress.hpp"
#include "samtel/routing.hpp"
#include "samtel/sim/scenario.hpp"

namespace samtel::sim {

struct Call {
  std::size_t id = 0;  // 1, 2, ... in arrival order
  Instant arrival;
  std::size_t desk = 0;  // index into the scenario line's desks
  std::uint64_t stream = 0;
  const ScriptedCall* script = nullptr;  // set for calls from the scenario's explicit list
};

// The scenario's generated arrivals in [from, to) and its explicit calls in [from, to), merged in
// time order and numbered.
std::vector<Call> generate_calls(const Scenario& scenario, Instant from, Instant to);

struct CallResult {
  Call call;
  CallOutcome outcome = CallOutcome::closed;
  DayType day_type = DayType::weekday;  // as route() reports it
  int hour = 0;                         // local hour of arrival
  LocalDays day{};                      // local date of arrival
  std::size_t attempts_rung = 0;        // attempts that rang (1 + escalations)
  std::size_t busy_rings = 0;           // of those, rings to a person already on a call
  std::optional<std::size_t> answered_attempt;
  const Person* answered_by = nullptr;
  const Role* answered_role = nullptr;
  std::chrono::seconds wait{0};        // until answered or passed to the fallback
  std::chrono::seconds talk{0};        // length of the answered call
  const Fallback* fallback = nullptr;  // where an unanswered call went
  bool escalated() const { return attempts_rung > 1; }
};

struct ReplayResult {
  const Scenario* scenario = nullptr;
  Instant from, to;
  std::vector<CallResult> calls;  // in arrival order
};

ReplayResult replay(const Scenario& scenario, Instant from, Instant to,
                    Progress* progress = nullptr);
// Replays a given list of calls (in arrival order) instead of generating them.
ReplayResult replay_calls(const Scenario& scenario, std::vector<Call> calls, Instant from,
                          Instant to, Progress* progress = nullptr);

struct TrafficStats {
  std::size_t calls = 0;
  std::size_t open_calls = 0;  // arrived while open (answered + fallback + gap)
  std::size_t answered = 0;
  std::size_t answered_first = 0;  // by the first attempt
  std::size_t escalated = 0;       // rang more than one attempt
  std::size_t fallback = 0;        // every attempt rang out
  std::size_t gap = 0;             // nobody on duty
  std::size_t closed = 0;          // arrived while closed: unmet demand
  double median_wait = 0.0;        // over calls that arrived while open, seconds
  std::int64_t worst_wait = 0;
  double answer_rate() const;  // answered / open_calls (1 when no open calls)
};

struct TrafficSummary {
  TrafficStats total;
  std::array<TrafficStats, 5> by_day_type;                   // index: DayType
  std::array<std::array<TrafficStats, 24>, 5> by_type_hour;  // [DayType][local hour]
  std::array<TrafficStats, 24> by_hour;                      // all day types together
  std::array<std::size_t, 5> days{};  // days of each type in the period (line's default desk)
  struct PersonLoad {
    const Person* person = nullptr;
    std::size_t answered = 0;
    std::chrono::seconds talk{0};
  };
  std::vector<PersonLoad> people;  // who answered, most calls first
};

TrafficSummary summarise(const ReplayResult& result);

// Each explicit call whose `expect` did not come true, in words ("/calls/2: expected answered by
// berg, got fallback after 45 s"). Empty when all came true.
std::vector<std::string> unmet_expectations(const ReplayResult& result);

inline constexpr std::array<DayType, 5> kAllDayTypes{
    DayType::weekday, DayType::saturday, DayType::sunday, DayType::holiday, DayType::special};
inline std::size_t index_of(DayType t) { return static_cast<std::size_t>(t); }

}  // namespace samtel::sim
