// samtel-board: exercise a board by hand, with the daemon stopped (GPIO lines, /dev/lcd and
// /dev/watchdog can each be held by one process only).
//
//   samtel-board --board /etc/samtel/board.json show gap            # until Ctrl-C
//   samtel-board --board /etc/samtel/board.json display "Linje 1" "Linje 2"  # text stays
//   samtel-board --board /etc/samtel/board.json buttons             # prints presses
//   samtel-board --board /etc/samtel/board.json watchdog-test
//
// Only watchdog-test opens the watchdog; the other commands leave it alone, so they cannot
// reboot the unit.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "samtel/board/board.hpp"

namespace {

using namespace samtel::board;

// SIGINT and SIGTERM arrive through a descriptor, so waiting for a press or for Ctrl-C is one poll.
int signal_fd() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  return signalfd(-1, &set, SFD_CLOEXEC);
}

enum class Woken { readable, signal, timeout };

// Waits for `fd` (if not -1) to become readable, for SIGINT/SIGTERM, or for `timeout_ms` (-1:
// none).
Woken wait_for(int fd, int signals, int timeout_ms) {
  pollfd fds[2] = {{signals, POLLIN, 0}, {fd, POLLIN, 0}};
  const nfds_t count = fd >= 0 ? 2 : 1;
  while (true) {
    const int n = poll(fds, count, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || (fds[0].revents & POLLIN) != 0) return Woken::signal;
    return n == 0 ? Woken::timeout : Woken::readable;
  }
}

void report_fault(const Board& board) {
  if (auto fault = board.fault()) std::cerr << "fault: " << *fault << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Exercise the desk unit's board: indicator, display, buttons, watchdog."};
  std::string board_file;
  app.add_option("--board", board_file, "Board file (see board/boards/)")->required();
  app.require_subcommand(1);

  const std::map<std::string, IndicatorState> states{
      {"fault", IndicatorState::fault},     {"ringing", IndicatorState::ringing},
      {"in_call", IndicatorState::in_call}, {"open", IndicatorState::open},
      {"gap", IndicatorState::gap},         {"closed", IndicatorState::closed},
      {"off", IndicatorState::off}};
  std::string state;
  auto* show = app.add_subcommand("show", "Show an indicator state until Ctrl-C");
  show->add_option("state", state, "fault|ringing|in_call|open|gap|closed|off")
      ->required()
      ->check(CLI::IsMember(states));

  std::string line1, line2;
  auto* display = app.add_subcommand("display", "Show two lines on the display (they stay)");
  display->add_option("line1", line1)->required();
  display->add_option("line2", line2);

  auto* buttons = app.add_subcommand("buttons", "Print button presses until Ctrl-C");

  int kicks = 3;
  auto* watchdog_test =
      app.add_subcommand("watchdog-test", "Arm the watchdog, kick it a few times, disarm it");
  watchdog_test->add_option("--kicks", kicks, "Kicks, one a second")->check(CLI::Range(1, 100));

  CLI11_PARSE(app, argc, argv);

  std::ifstream in(board_file);
  if (!in) {
    std::cerr << board_file << ": cannot read\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto config = parse_board_config(text.str());
  if (!config) {
    std::istringstream errors(config.error());
    for (std::string line; std::getline(errors, line);) {
      std::cerr << board_file << ": " << line << '\n';
    }
    return 1;
  }
  config->arm_watchdog = watchdog_test->parsed();

  const int signals = signal_fd();
  if (signals < 0) {
    std::perror("signalfd");
    return 1;
  }
  auto opened = open_board(*config);
  if (!opened) {
    std::cerr << opened.error() << '\n';
    return 1;
  }
  Board& board = **opened;

  if (show->parsed()) {
    board.indicator().show(states.at(state));
    report_fault(board);
    std::cout << "showing " << state << " on the " << board.kind() << " board; Ctrl-C to stop\n";
    wait_for(-1, signals, -1);
    return board.fault() ? 1 : 0;
  } else if (display->parsed()) {
    board.display().show(line1, line2);
    std::cout << "written to the " << board.kind() << " board's display ("
              << board.display().columns() << " columns)\n";
  } else if (buttons->parsed()) {
    std::cout << "waiting for presses on the " << board.kind() << " board; Ctrl-C to stop\n";
    std::optional<std::string> reported = board.fault();
    while (wait_for(board.buttons().fd(), signals, -1) == Woken::readable) {
      for (const ButtonPress& p : board.buttons().read()) {
        std::cout << to_string(p.button) << (p.long_press ? " long" : "") << std::endl;
      }
      if (board.fault() != reported) {
        reported = board.fault();
        report_fault(board);
      }
    }
    return 0;
  } else if (watchdog_test->parsed()) {
    Watchdog& watchdog = board.watchdog();
    std::cout << "watchdog armed, timeout " << watchdog.timeout_seconds() << " s\n";
    for (int i = 1; i <= kicks; ++i) {
      watchdog.kick();
      std::cout << "kick " << i << std::endl;
      if (i < kicks && wait_for(-1, signals, 1000) == Woken::signal) break;
    }
    watchdog.disarm();
    std::cout << "watchdog disarmed\n";
    report_fault(board);
    return board.fault() ? 1 : 0;
  }
  report_fault(board);
  return board.fault() ? 1 : 0;
}
