#pragma once
// samtel/roster.hpp — who is on duty: people, roles, rotating patterns, one-off shifts, overrides
// and swaps, for one rota (the on-duty team behind one or more desks).
//
// Promises:
//  * `Rota::on_duty(role, t)` answers, for one instant, who holds that role, from what source, and
//    for which half-open span [start, end) that answer holds at most. Precedence, highest first:
//      1. an override covering t (one that `replaces` a named person applies only while that
//         person would otherwise be on duty in that role);
//      2. a one-off shift covering t (the earliest-starting one if several overlap);
//      3. a pattern occurrence covering t, with swaps applied.
//  * Patterns are wall-clock rules in the site's zone: occurrence k starts at
//    `from + k * period_days` at the handover time, local. A weekly rotation handing over on
//    Mondays at 08:00 does so at 08:00 on both sides of a daylight-saving change.
//  * A swap exchanges the people of two pattern occurrences (named by their local start times);
//    it stays attached to those occurrences.
//  * Everything is a pure function of the loaded roster and the instant; nothing is expanded over
//    a horizon, so queries far in the future cost the same as today's (O(log n)).
//
//   auto duty = rota.on_duty(0 /*primary*/, now);
//   if (duty) std::cout << people[duty->person].name;
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samtel/time.hpp"

namespace samtel {

struct Address {
  std::string label;  // "mobile", "dect", "desk", ...
  std::string uri;    // "sip:5101@pbx.example", "tel:+4790000001" (sip:, sips: or tel:)
};

struct Person {
  std::string id;
  std::string name;
  std::vector<Address> addresses;  // in order of preference; at least one
  // From this local date (00:00 in the site's zone) on the person holds no duty: the loader
  // refuses any pattern occurrence, shift or override of theirs that lasts past it.
  std::optional<LocalDays> retired;
};

struct Role {
  std::string id;    // "primary", "backup"
  std::string name;  // "Vakthavende overlege AMM"
  std::chrono::seconds ring_timeout{25};
};

struct DutyShift {  // a one-off shift with fixed instants
  std::size_t role = 0;
  std::size_t person = 0;
  Instant start, end;                  // [start, end)
  std::optional<std::size_t> address;  // index into the person's addresses; default the first
  std::string note;
};

struct DutyPattern {  // a rotation repeating on the wall clock
  std::size_t role = 0;
  LocalDays from{};                   // first occurrence starts on this date at `handover`
  std::optional<LocalDays> until;     // coverage ends on this date at `handover` (exclusive)
  MinuteOfDay handover = 480;         // local time of day of every handover
  int period_days = 7;                // 1 = daily, 7 = weekly, ...
  std::vector<std::size_t> rotation;  // people in turn; occurrence k -> rotation[k % size]

  // Local start of occurrence k.
  LocalSeconds occurrence_start(long k) const;
  // The occurrence covering local time `t`, if any.
  std::optional<long> occurrence_at(LocalSeconds t) const;
  // Number of occurrences (nullopt = unbounded).
  std::optional<long> occurrence_count() const;
};

struct DutyOverride {  // a replacement for [start, end), optionally only for one named person
  std::size_t role = 0;
  std::size_t person = 0;
  Instant start, end;
  std::optional<std::size_t> replaces;
  std::string reason;
};

struct DutySwap {  // resolved at load: occurrences of one pattern whose people are exchanged
  std::size_t pattern = 0;
  long first = 0, second = 0;
};

enum class DutySource { pattern, swap, shift, override_ };

struct OnDuty {
  std::size_t person = 0;
  std::optional<std::size_t> address;  // preferred address index, if the source names one
  DutySource source = DutySource::pattern;
  Instant start, end;  // the span of the assignment that produced the answer
};

class Rota {
 public:
  std::string id;
  std::string name;
  std::vector<Role> roles;
  std::vector<DutyPattern> patterns;
  std::vector<DutyShift> shifts;
  std::vector<DutyOverride> overrides;
  std::vector<DutySwap> swaps;
  const Zone* zone = nullptr;

  // Sorts and indexes; call once after filling the members (the loader does).
  void finalize();

  std::optional<OnDuty> on_duty(std::size_t role, Instant t) const;

  // The same question without overrides: the base assignment an override may replace.
  std::optional<OnDuty> base_on_duty(std::size_t role, Instant t) const;

  // Every instant in [from, to) at which some answer of on_duty() for this rota may change
  // (pattern handovers, shift and override boundaries), unsorted, possibly repeated.
  void change_points(Instant from, Instant to, std::vector<Instant>& out) const;

  // Who holds occurrence k of pattern `pattern`, swaps applied (needs no finalize()).
  std::optional<std::size_t> pattern_person(std::size_t pattern, long k) const;

 private:
  // Per role: indices into shifts / overrides / patterns, shifts and overrides sorted by start.
  struct RoleIndex {
    std::vector<std::size_t> shifts, overrides, patterns;
    std::chrono::seconds longest_shift{0}, longest_override{0};
  };
  std::vector<RoleIndex> index_;
};

}  // namespace samtel
