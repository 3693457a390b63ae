#pragma once
// role.hpp — what an administrator's account may do, in one vocabulary for the schedule store,
// the admin service and `samtel admin`.
//
// Promises:
//  * Roles are ordered: each may do everything the ones before it may. `viewer` reads;
//    `scheduler` also changes rosters (overrides, swaps, one-off shifts, people's addresses);
//    `administrator` also changes hours, special days, lines and users.
//  * `to_string()` and `role_from_string()` are exact inverses over the three names; any other
//    text gives nullopt.
#include <optional>
#include <string_view>

namespace samtel::fw::store {

enum class Role { viewer = 0, scheduler = 1, administrator = 2 };

constexpr std::string_view to_string(Role r) {
  switch (r) {
    case Role::viewer: return "viewer";
    case Role::scheduler: return "scheduler";
    case Role::administrator: return "administrator";
  }
  return "viewer";
}

constexpr std::optional<Role> role_from_string(std::string_view s) {
  for (Role r : {Role::viewer, Role::scheduler, Role::administrator})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

// Whether `held` may do what needs `needed`.
constexpr bool permits(Role held, Role needed) {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace samtel::fw::store
