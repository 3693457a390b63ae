// samtel's admin commands: `samtel admin ...` (samtel/admin/commands.hpp) against the admin
// service, on the process's own standard streams.
#include <iostream>
#include <memory>

#include <unistd.h>

#include "commands.hpp"
#include "samtel/admin/commands.hpp"

namespace samtel::cli {

Dispatch add_admin_commands(CLI::App& app) {
  namespace admin = samtel::fw::admin;
  auto options = std::make_shared<admin::AdminOptions>();
  auto chosen = std::make_shared<std::optional<admin::AdminCommand>>();
  admin::add_admin_commands(app, *options, *chosen);
  return [options, chosen]() -> std::optional<int> {
    if (!*chosen) return std::nullopt;
    admin::Terminal terminal{std::cin, std::cout, std::cerr, ::isatty(STDIN_FILENO) == 1};
    return admin::run_admin_command(**chosen, *options, terminal);
  };
}

}  // namespace samtel::cli
