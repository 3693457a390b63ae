// `samtel admin login|logout|health`: signing in and out, and whether the service answers.
#include <cerrno>
#include <cstring>
#include <istream>
#include <ostream>

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "command_support.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// One line of `in`, without its line end; with the terminal's echo off when interactive.
std::optional<std::string> read_password(Terminal& t, const std::string& user) {
  std::string line;
  if (t.interactive) {
    t.err << "Password for " << user << ": " << std::flush;
    termios saved{};
    const bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    const bool got = static_cast<bool>(std::getline(t.in, line));
    if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    t.err << '\n';
    if (!got) return std::nullopt;
  } else if (!std::getline(t.in, line)) {
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Writes `token` and a line end to `path`, readable and writable by its owner only.
std::string write_token_file(const std::string& path, const std::string& token) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return std::strerror(errno);
  std::string why;
  if (::fchmod(fd, 0600) != 0) why = std::strerror(errno);
  const std::string text = token + "\n";
  if (why.empty() && ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    why = errno != 0 ? std::strerror(errno) : "short write";
  if (::close(fd) != 0 && why.empty()) why = std::strerror(errno);
  return why;
}

std::string text_member(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? escape_control_characters(it->get<std::string>())
                                             : std::string("?");
}

int login(AdminClient& client, const AdminOptions& o, Terminal& t) {
  if (o.user.empty()) return fail(t, kExitUsage, "login: give the account with --user NAME");
  const auto password = read_password(t, o.user);
  if (!password || password->empty()) return fail(t, kExitInvalid, "login: no password given");
  auto answer = client.post("/api/v1/session", {{"user", o.user}, {"password", *password}});
  if (!answer) return fail(t, answer.error().exit_code, answer.error().message);
  const auto token = answer->find("token");
  if (token == answer->end() || !token->is_string()) {
    return fail(t, kExitUnavailable, "login: the service's answer holds no token");
  }
  if (!o.token_file.empty()) {
    if (std::string why = write_token_file(o.token_file, token->get<std::string>()); !why.empty())
      return fail(t, kExitInvalid, "login: cannot write --token-file " + o.token_file + ": " + why);
  } else {
    t.out << token->get<std::string>() << '\n';
  }
  t.err << "signed in as " << text_member(*answer, "user") << " (" << text_member(*answer, "role")
        << ") until " << text_member(*answer, "expires")
        << (o.token_file.empty() ? "" : "; token written to " + o.token_file) << '\n';
  return kExitOk;
}

// commands.cpp has refused to run it without a token.
int logout(AdminClient& client, Terminal& t) {
  auto answer = client.remove("/api/v1/session");
  if (!answer) return fail(t, answer.error().exit_code, answer.error().message);
  t.err << "signed out\n";
  return kExitOk;
}

int health(AdminClient& client, Terminal& t) {
  auto answer = client.get("/api/v1/health");
  if (!answer) return fail(t, answer.error().exit_code, answer.error().message);
  t.out << text_member(*answer, "status") << " (samtel-admind " << text_member(*answer, "version")
        << ")\n";
  return kExitOk;
}

}  // namespace

int run_session_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  switch (c) {
    case AdminCommand::login: return login(client, o, t);
    case AdminCommand::logout: return logout(client, t);
    case AdminCommand::health: return health(client, t);
    default: return fail(t, kExitUsage, std::string(to_string(c)) + ": not a session command");
  }
}

}  // namespace samtel::fw::admin
