#pragma once
// samtel/admin/commands.hpp — `samtel admin ...`: the administrators' commands against
// samtel-admind, as a library the `samtel` command line registers (and tests call directly).
//
// Promises:
//  * `add_admin_commands()` adds the subcommand `admin` with `login`, `logout` and `health` to a
//    CLI11 app, with `--url` (or SAMTEL_URL; default http://127.0.0.1:8443), `--token` (or
//    SAMTEL_TOKEN) and `--ca-cert` (or SAMTEL_CA_CERT); an option given wins over the environment.
//    After parsing, `chosen` says which command was asked for.
//  * `run_admin_command()` does it and gives the exit status of client.hpp: 0 ok, 1 usage (a bad
//    URL, no token where one is needed), 2 invalid input or a refusal (4xx), 3 the service cannot
//    be reached or failed (5xx). Every error is one line on `err`, beginning "samtel admin: ".
//  * `login` asks for the password without echo when standard input is a terminal, else reads
//    one line from it (for scripts); it prints only the token on `out` (so that
//    `SAMTEL_TOKEN=$(samtel admin login --user kari)` works), or with `--token-file FILE` writes
//    it there, readable by its owner only, and prints nothing on `out`. Who signed in, with which
//    role and until when, goes to `err`.
//  * `health` prints the service's status and version; `logout` ends the token's session.
//
//   AdminOptions options;
//   std::optional<AdminCommand> chosen;
//   add_admin_commands(app, options, chosen);
//   app.parse(argc, argv);
//   if (chosen) return run_admin_command(*chosen, options, terminal);
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace samtel::fw::admin {

enum class AdminCommand { login, logout, health };
std::string_view to_string(AdminCommand c);

struct AdminOptions {
  std::string url = "http://127.0.0.1:8443";
  std::string token;
  std::string ca_cert;
  std::string user;        // login
  std::string token_file;  // login: write the token here instead of printing it
  int timeout_seconds = 10;
};

// Where a command reads and writes; `interactive`: `in` is a terminal (prompt without echo).
struct Terminal {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool interactive = false;
};

// Adds `admin` and its subcommands to `app`; returns the `admin` subcommand.
CLI::App* add_admin_commands(CLI::App& app, AdminOptions& options,
                             std::optional<AdminCommand>& chosen);

int run_admin_command(AdminCommand command, const AdminOptions& options, Terminal& terminal);

}  // namespace samtel::fw::admin
