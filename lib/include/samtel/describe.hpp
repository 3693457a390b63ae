#pragma once
// samtel/describe.hpp — plain words for routing plans, and comparing plans by what they say.
//
// Promises:
//  * `state_of()` sorts every plan into open, closed or gap (open with nobody on duty).
//  * The texts name what a person reading a table needs: role, person, address, ring time,
//    fallback, and the kind of day (with the holiday's or special day's name).
//  * `equivalent()` compares two plans by content (names, addresses, ring times, fallback text),
//    so plans from two separately loaded configurations can be compared; `route()`'s own
//    `same_decision()` compares pointers and only works within one configuration.
//
//   std::cout << to_string(state_of(plan)) << " " << first_text(plan);
//   if (!equivalent(a, b))
//     std::cout << plan_text(a, Detail::people) << " → " << plan_text(b, Detail::people);
#include <string>
#include <string_view>

#include "samtel/routing.hpp"

namespace samtel {

enum class LineState { open, closed, gap };
std::string_view to_string(LineState s);
LineState state_of(const RoutePlan& plan);

// "weekday", "holiday: 1. juledag", "special: Julaften (holiday hours)".
std::string day_text(const RoutePlan& plan);
// "Vakthavende overlege AMM: Overlege Kari Aas <sip:4101@...> 25 s".
std::string attempt_text(const Attempt& a);
// The first attempt, the second, and the rest ("" when there is none).
std::string first_text(const RoutePlan& plan);
std::string backup_text(const RoutePlan& plan);
std::string others_text(const RoutePlan& plan);
// "Sentralbord St. Olavs hospital <sip:sentralbord@...>".
std::string fallback_text(const Fallback& f);

// With `messages` false, the fallbacks' messages to the caller are not compared: where the call
// goes is the same, only what the caller is told differs.
bool equivalent(const Fallback& a, const Fallback& b, bool messages = true);
bool equivalent(const RoutePlan& a, const RoutePlan& b, bool messages = true);

// How much detail tells two plans apart, least first (messages are not part of it).
enum class Detail { roles, ring_times, people, addresses };
// The plan in words at a level of detail, e.g. at `roles`:
// "open: Vakthavende overlege AMM, then Bakvakt AMM" or "closed (to Sentralbord St. Olavs
// hospital)".
std::string plan_text(const RoutePlan& plan, Detail detail);

}  // namespace samtel
