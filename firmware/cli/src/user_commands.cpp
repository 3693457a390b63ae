// samtel's user commands: the schedule store's accounts (docs/store.md). A password is never an
// argument (arguments are visible to every user of the machine): it is read from standard input,
// one line, or asked for twice without echo on a terminal.
#include <iostream>
#include <memory>
#include <string>

#include <termios.h>
#include <unistd.h>

#include "commands.hpp"
#include "samtel/output.hpp"
#include "samtel/text.hpp"
#include "store_access.hpp"

namespace samtel::cli {
namespace {

using fw::store::Role;
using fw::store::ScheduleStore;

Role parse_role(const std::string& text) {
  if (auto r = fw::store::role_from_string(text)) return *r;
  throw InvalidInput{"--role must be viewer, scheduler or administrator, not " + quote_value(text)};
}

// One line from standard input, without its line end; nullopt at the end of input.
std::optional<std::string> read_line() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Asks on the terminal with echo off; the terminal's settings come back whatever happens.
std::string ask_without_echo(const std::string& prompt) {
  termios before{};
  const bool terminal = tcgetattr(STDIN_FILENO, &before) == 0;
  if (terminal) {
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::cerr << prompt << std::flush;
  const auto line = read_line();
  if (terminal) tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
  std::cerr << "\n";
  if (!line) throw InvalidInput{"no password given"};
  return *line;
}

std::string read_password(const std::string& name) {
  if (isatty(STDIN_FILENO) == 0) {
    const auto line = read_line();
    if (!line) throw InvalidInput{"no password on standard input (one line expected)"};
    return *line;
  }
  std::string first = ask_without_echo("Password for " + name + ": ");
  const std::string again = ask_without_echo("The same again: ");
  if (first != again) throw InvalidInput{"the two passwords differ; nothing was changed"};
  return first;
}

int cmd_add(const std::string& path, const std::string& name, const std::string& role_text) {
  const Role role = parse_role(role_text);
  ScheduleStore store = open_store(path, false);
  const std::string password = read_password(name);
  if (auto r = store.add_user(name, role, password, console_actor()); !r) fail(r.error());
  std::cout << "user " << name << " added (" << fw::store::to_string(role) << ")\n";
  return kOk;
}

int cmd_list(const std::string& path) {
  const ScheduleStore store = open_store(path, false);
  const SystemClock clock;
  std::vector<std::vector<std::string>> rows{{"name", "role", "state", "failed passwords"}};
  for (const fw::store::User& u : store.users()) {
    std::string state = "active";
    if (!u.active)
      state = "removed";
    else if (u.locked_until && *u.locked_until > clock.now())
      state = "locked until " + format_utc(*u.locked_until);
    rows.push_back({escape_control_characters(u.name), std::string(fw::store::to_string(u.role)),
                    state, std::to_string(u.failures)});
  }
  if (rows.size() == 1) {
    std::cout << "no users yet ('samtel user add' adds one)\n";
    return kOk;
  }
  std::cout << render_table(rows, TableStyle::one_rule);
  return kOk;
}

int cmd_passwd(const std::string& path, const std::string& name) {
  ScheduleStore store = open_store(path, false);
  if (auto u = store.user(name); !u) fail(u.error());
  const std::string password = read_password(name);
  if (auto r = store.set_password(name, password, console_actor()); !r) fail(r.error());
  std::cout << "password of " << name << " changed; their sessions are ended\n";
  return kOk;
}

int cmd_role(const std::string& path, const std::string& name, const std::string& role_text) {
  const Role role = parse_role(role_text);
  ScheduleStore store = open_store(path, false);
  if (auto r = store.set_role(name, role, console_actor()); !r) fail(r.error());
  std::cout << "user " << name << " is " << fw::store::to_string(role) << "\n";
  return kOk;
}

int cmd_remove(const std::string& path, const std::string& name) {
  ScheduleStore store = open_store(path, false);
  if (auto r = store.remove_user(name, console_actor()); !r) fail(r.error());
  std::cout << "user " << name << " removed\n";
  return kOk;
}

// What the user commands were given.
struct UserArgs {
  std::string store, name, role;
};

}  // namespace

Dispatch add_user_commands(CLI::App& app) {
  auto a = std::make_shared<UserArgs>();
  auto* group = app.add_subcommand("user", "the schedule store's accounts");
  group->require_subcommand(1);
  const auto add_store = [&](CLI::App* sub) {
    sub->add_option("--store", a->store, "the schedule store (schedule.db)")->required();
  };
  const auto add_name = [&](CLI::App* sub) {
    sub->add_option("--name", a->name, "the user's name")->required();
  };
  const char* roles = "viewer, scheduler or administrator";

  auto* add = group->add_subcommand(
      "add", "add an account; the password from stdin (one line), or asked for twice");
  add_store(add);
  add_name(add);
  add->add_option("--role", a->role, roles)->required();

  auto* list = group->add_subcommand("list", "list the accounts");
  add_store(list);

  auto* passwd = group->add_subcommand("passwd", "set an account's password (as `add` reads it)");
  add_store(passwd);
  add_name(passwd);

  auto* role = group->add_subcommand("role", "change an account's role");
  add_store(role);
  add_name(role);
  role->add_option("--role", a->role, roles)->required();

  auto* remove = group->add_subcommand("remove", "remove an account (its name stays in the audit)");
  add_store(remove);
  add_name(remove);

  return [=]() -> std::optional<int> {
    if (!*group) return std::nullopt;
    if (*add) return cmd_add(a->store, a->name, a->role);
    if (*list) return cmd_list(a->store);
    if (*passwd) return cmd_passwd(a->store, a->name);
    if (*role) return cmd_role(a->store, a->name, a->role);
    if (*remove) return cmd_remove(a->store, a->name);
    return std::nullopt;
  };
}

}  // namespace samtel::cli
