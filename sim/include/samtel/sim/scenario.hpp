#pragma once
// samtel/sim/scenario.hpp — a traffic scenario: how calls arrive, how the people on duty behave,
// and optionally an explicit list of calls for regression cases.
//
// Promises:
//  * `parse_scenario()` checks the whole file against the loaded schedule and reports every
//    problem, each with the JSON Pointer of the offending value and a plain message (syntax
//    errors with line and column; unknown or duplicate keys; wrong types; rates that are not 24
//    non-negative numbers; probabilities outside 0..1; unknown line, desk or person; a call time
//    that does not exist or happens twice on a daylight-saving day). All or nothing: on any error
//    there is no Scenario. Nothing throws.
//  * Demand follows the statutory calendar: arrival rates are given per desk, per statutory day
//    type (weekday, saturday, sunday, holiday; "weekend" sets saturday and sunday) and per local
//    hour 00..23, in calls per hour. The callers' calendar does not know the hospital's special
//    days; the line's answer to them does.
//  * Person models are looked up by person id; "default" applies to everyone not named, and a
//    named person's model starts from the default and changes only the keys given.
//  * The format is documented in docs/simulator.md.
//
//   auto scenario = load_scenario_file("sim/scenarios/st-olavs.json", schedule);
//   if (!scenario) for (const auto& e : scenario.error()) std::cerr << e.to_string() << '\n';
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/schedule.hpp"

namespace samtel::sim {

// What became of a simulated call, in the shared vocabulary (samtel/call_record.hpp): the replay
// produces these four (answered counts an answer at any attempt; escalation is in the result).
inline constexpr std::array<CallOutcome, 4> kSimulatedOutcomes{
    CallOutcome::answered, CallOutcome::fallback, CallOutcome::gap, CallOutcome::closed};
// One of kSimulatedOutcomes by its text form; nullopt for any other text.
std::optional<CallOutcome> simulated_outcome_from_string(std::string_view s);

// A distribution of seconds, sampled by inversion from one uniform number in [0, 1).
struct Distribution {
  enum class Kind { fixed, uniform, exponential };
  Kind kind = Kind::fixed;
  double a = 0.0, b = 0.0;  // fixed: a; uniform: [a, b]; exponential: mean a
  double min = 0.0, max = std::numeric_limits<double>::infinity();  // clamp
  // Whole seconds, rounded half up, within [min, max].
  std::chrono::seconds sample(double u) const;
  std::string to_string() const;  // "uniform 3..15 s"
};

struct PersonModel {
  double answer_probability = 0.95;  // picks up when free and rung
  Distribution answer_seconds{Distribution::Kind::uniform, 3.0, 15.0};
  Distribution call_seconds{Distribution::Kind::exponential, 300.0, 0.0, 60.0, 1800.0};
};

// Calls per hour, by statutory day type (index by hours_index) and local hour.
using HourlyRates = std::array<std::array<double, 24>, 4>;

// How one attempt of a scripted call goes: no answer, or an answer after so many seconds (if the
// person is free then; a busy person never answers).
struct ScriptedAnswer {
  bool answers = false;
  std::chrono::seconds after{0};
};

struct Expectation {
  std::optional<CallOutcome> outcome;
  std::optional<std::size_t> answered_by;  // person index
  std::optional<std::chrono::seconds> wait;
  bool any() const { return outcome || answered_by || wait; }
};

struct ScriptedCall {
  Instant at;
  std::size_t desk = 0;  // index into the line's desks
  std::optional<std::chrono::seconds> length;
  std::vector<std::optional<ScriptedAnswer>> answers;  // per attempt; nullopt: the person's model
  std::string note;
  Expectation expect;
  std::string pointer;  // where it is in the file, for messages
};

struct Scenario {
  std::string source;  // file name
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  const Site* site = nullptr;
  const Line* line = nullptr;
  std::optional<LocalDays> from, to;                 // default range, inclusive
  std::vector<std::optional<HourlyRates>> arrivals;  // per desk of the line; nullopt: no traffic
  std::vector<PersonModel> people;                   // per person of the site
  std::vector<ScriptedCall> calls;                   // in file order

  double expected_calls_per_day(DayType statutory) const;
};

struct ScenarioError {
  std::string source;
  std::string pointer;  // JSON Pointer; "" for the whole document
  std::string message;
  std::string to_string() const;  // "FILE: /arrivals/medisin/weekday/3: expected a number ..."
};
using ScenarioErrors = std::vector<ScenarioError>;

tl::expected<Scenario, ScenarioErrors> parse_scenario(std::string_view json_text,
                                                      std::string_view source,
                                                      const Schedule& schedule);
tl::expected<Scenario, ScenarioErrors> load_scenario_file(const std::string& path,
                                                          const Schedule& schedule);

}  // namespace samtel::sim
