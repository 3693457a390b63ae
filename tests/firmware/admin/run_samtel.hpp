#pragma once
// One run of `samtel admin ...` as the samtel command line does it: parsed by CLI11 (a parse
// error is exit status 1), then run with standard input, output and error as strings.
#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "samtel/admin/client.hpp"
#include "samtel/admin/commands.hpp"

namespace samtel::fw::admin::test_support {

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline Outcome samtel(std::vector<std::string> args, const std::string& input = {}) {
  CLI::App app{"samtel"};
  AdminOptions options;
  std::optional<AdminCommand> chosen;
  add_admin_commands(app, options, chosen);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  Outcome run;
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    run.code = kExitUsage;
    run.err = e.what();
    return run;
  }
  std::istringstream in(input);
  std::ostringstream out, err;
  Terminal terminal{in, out, err, false};
  run.code = chosen ? run_admin_command(*chosen, options, terminal) : -1;
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace samtel::fw::admin::test_support
