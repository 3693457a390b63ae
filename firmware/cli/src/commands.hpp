#pragma once
// commands.hpp (internal) — how samtel's command groups plug into main(): each group adds its
// subcommands to the app and gives back a function that runs the one given, if it is one of its
// own; every group reports failures the same way, as the exit status says.
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace samtel::cli {

// Exit status: 0 ok, 1 usage error, 2 invalid input, 3 the schedule store refused or failed.
inline constexpr int kOk = 0;
inline constexpr int kUsage = 1;
inline constexpr int kInvalid = 2;
inline constexpr int kStoreError = 3;

// Input that is wrong (a file, a time, a name, a password): exit 2 with the message.
struct InvalidInput {
  std::string message;
};

// The schedule store refused (no such site, a conflict, a damaged file) or failed: exit 3.
struct StoreFailure {
  std::string message;
};

// Runs the group's command given on the command line and returns its exit status; nullopt when
// the command given is another group's.
using Dispatch = std::function<std::optional<int>()>;

Dispatch add_schedule_commands(CLI::App& app);  // route, who, hours, holidays, check
Dispatch add_store_commands(CLI::App& app);     // store init|export|versions|verify|...
Dispatch add_user_commands(CLI::App& app);      // user add|list|passwd|role|remove
Dispatch add_admin_commands(CLI::App& app);     // admin ... against samtel-admind
Dispatch add_call_log_commands(CLI::App& app);  // call-log purge|import

}  // namespace samtel::cli
