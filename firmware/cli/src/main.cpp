// samtel — the administrators' command line: questions about a configuration (route, who, hours,
// holidays, check), the schedule store (store ...), its accounts (user ...), the call log
// (call-log import) and the admin service (admin ...; its exit statuses are
// samtel/admin/client.hpp's, the same). This file only parses the command line and runs the command
// given; each group of commands is in a file of its own.
//
// Exit status: 0 ok, 1 usage error, 2 invalid input (a configuration, a time, a name, a
// password), 3 the schedule store refused or failed. Errors go to standard error; nothing here
// may crash on bad input.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace samtel::cli;
  CLI::App app{"samtel: the samhandlingstelefon schedule and routing, from the command line"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "samtel " SAMTEL_VERSION);
  const Dispatch groups[] = {add_schedule_commands(app), add_store_commands(app),
                             add_user_commands(app), add_admin_commands(app),
                             add_call_log_commands(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  try {
    for (const Dispatch& run : groups) {
      if (const auto status = run()) return *status;
    }
  } catch (const InvalidInput& e) {
    std::cerr << "samtel: " << e.message << "\n";
    return kInvalid;
  } catch (const StoreFailure& e) {
    std::cerr << "samtel: " << e.message << "\n";
    return kStoreError;
  } catch (const std::exception& e) {
    std::cerr << "samtel: internal error: " << e.what() << "\n";
    return kInvalid;
  }
  return kUsage;
}
