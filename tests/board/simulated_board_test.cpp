#include "samtel/board/simulated_board.hpp"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temp_dir.hpp"

namespace samtel::board {
namespace {

using test_support::read_file;
using test_support::TempDir;

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

// Writes to the FIFO the way an operator's `echo ... > buttons` does.
void write_fifo(const std::string& fifo, const std::string& text) {
  const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  ASSERT_GE(fd, 0) << fifo;
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
}

// The state file's text: one "key=value" line per entry.
std::string state_lines(std::initializer_list<std::string_view> lines) {
  std::string out;
  for (const auto line : lines) (out += line) += '\n';
  return out;
}

class SimulatedBoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto created = SimulatedBoard::create(BoardConfig::simulated(dir_.path()));
    ASSERT_TRUE(created) << created.error();
    board_ = std::move(*created);
  }
  std::string state() const { return read_file(dir_ / "board.state"); }

  TempDir dir_;
  std::unique_ptr<SimulatedBoard> board_;
};

TEST_F(SimulatedBoardTest, WritesTheInitialState) {
  EXPECT_EQ(state(), state_lines({"indicator=off", "display.1=", "display.2=", "watchdog.armed=1",
                                  "watchdog.kicks=0", "watchdog.timeout=30", "fault="}));
  EXPECT_EQ(board_->kind(), "simulated");
  EXPECT_EQ(board_->state_file(), dir_ / "board.state");
  EXPECT_EQ(board_->buttons_fifo(), dir_ / "buttons");
  EXPECT_FALSE(board_->fault());
}

TEST_F(SimulatedBoardTest, StateFileFollowsEveryChange) {
  board_->indicator().show(IndicatorState::open);
  board_->display().show("Samhandlingstlf.", "Vakt: Dr. Ås");
  board_->watchdog().kick();
  board_->watchdog().kick();
  EXPECT_EQ(state(),
            state_lines({"indicator=open", "display.1=Samhandlingstlf.", "display.2=Vakt: Dr. Aas",
                         "watchdog.armed=1", "watchdog.kicks=2", "watchdog.timeout=30", "fault="}));
  EXPECT_EQ(board_->indicator_state(), IndicatorState::open);
  EXPECT_EQ(board_->display_line2(), "Vakt: Dr. Aas");
  EXPECT_EQ(board_->watchdog_kicks(), 2);

  board_->indicator().show(IndicatorState::ringing);
  board_->watchdog().disarm();
  board_->watchdog().kick();  // after disarm: nothing
  EXPECT_EQ(state(), state_lines({"indicator=ringing", "display.1=Samhandlingstlf.",
                                  "display.2=Vakt: Dr. Aas", "watchdog.armed=0", "watchdog.kicks=2",
                                  "watchdog.timeout=30", "fault="}));
  EXPECT_FALSE(board_->watchdog_armed());
}

TEST_F(SimulatedBoardTest, EveryIndicatorStateIsNamed) {
  for (const auto s :
       {IndicatorState::fault, IndicatorState::ringing, IndicatorState::in_call,
        IndicatorState::open, IndicatorState::gap, IndicatorState::closed, IndicatorState::off}) {
    board_->indicator().show(s);
    EXPECT_NE(state().find("indicator=" + std::string(to_string(s)) + "\n"), std::string::npos);
  }
}

TEST_F(SimulatedBoardTest, DisplayIsCutAndMappedLikeTheLcd) {
  EXPECT_EQ(board_->display().columns(), 16);
  board_->display().show("Samhandlingstelefonen", "Blå øks…\nx");
  EXPECT_EQ(board_->display_line1(), "Samhandlingstele");
  EXPECT_EQ(board_->display_line2(), "Blaa oks... x");
  EXPECT_NE(state().find("display.1=Samhandlingstele\ndisplay.2=Blaa oks... x\n"),
            std::string::npos);
}

TEST(SimulatedBoard, TwentyColumnBoard) {
  TempDir dir;
  BoardConfig config = BoardConfig::simulated(dir.path());
  config.lcd_columns = 20;
  config.watchdog_timeout = 12;
  auto board = SimulatedBoard::create(config);
  ASSERT_TRUE(board) << board.error();
  (*board)->display().show("Samhandlingstelefonen", "");
  EXPECT_EQ((*board)->display_line1(), "Samhandlingstelefone");
  EXPECT_EQ((*board)->watchdog().timeout_seconds(), 12);
}

TEST_F(SimulatedBoardTest, LeavesNoTemporaryFilesAndIsReadableByOperators) {
  board_->indicator().show(IndicatorState::gap);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"board.state", "buttons"}));
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "board.state").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644U);
  ASSERT_EQ(::stat((dir_ / "buttons").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(SimulatedBoardTest, NothingPendingMeansNotReadableAndAnEmptyRead) {
  EXPECT_GE(board_->buttons().fd(), 0);
  EXPECT_FALSE(readable(board_->buttons().fd()));
  EXPECT_TRUE(board_->buttons().read().empty());
}

TEST_F(SimulatedBoardTest, FifoPressesAreReadThroughTheDescriptor) {
  write_fifo(board_->buttons_fifo(), "test_call\nacknowledge long\n  status  \n");
  ASSERT_TRUE(readable(board_->buttons().fd()));
  const auto presses = board_->buttons().read();
  EXPECT_EQ(presses,
            (std::vector<ButtonPress>{
                {Button::test_call, false}, {Button::acknowledge, true}, {Button::status, false}}));
  EXPECT_FALSE(readable(board_->buttons().fd()));
  EXPECT_FALSE(board_->fault());
}

TEST_F(SimulatedBoardTest, WritersComingAndGoingNeverLookLikeEndOfFile) {
  write_fifo(board_->buttons_fifo(), "status\n");
  EXPECT_EQ(board_->buttons().read().size(), 1U);
  // The writer has closed; without the board's own write end, poll would now report POLLHUP.
  EXPECT_FALSE(readable(board_->buttons().fd()));
  write_fifo(board_->buttons_fifo(), "status long\n");
  EXPECT_EQ(board_->buttons().read(), (std::vector<ButtonPress>{{Button::status, true}}));
}

TEST_F(SimulatedBoardTest, GarbageIsIgnoredAndBecomesTheFault) {
  write_fifo(board_->buttons_fifo(), "test_call\nreboot now\nstatus\n");
  const auto presses = board_->buttons().read();
  EXPECT_EQ(presses,
            (std::vector<ButtonPress>{{Button::test_call, false}, {Button::status, false}}));
  ASSERT_TRUE(board_->fault());
  EXPECT_NE(board_->fault()->find("'reboot now'"), std::string::npos) << *board_->fault();
  EXPECT_NE(state().find("fault=buttons: ignored unknown line 'reboot now'"), std::string::npos)
      << state();
}

TEST_F(SimulatedBoardTest, APartialLineWaitsForItsNewline) {
  write_fifo(board_->buttons_fifo(), "acknow");
  EXPECT_TRUE(board_->buttons().read().empty());
  write_fifo(board_->buttons_fifo(), "ledge long\n");
  EXPECT_EQ(board_->buttons().read(), (std::vector<ButtonPress>{{Button::acknowledge, true}}));
}

TEST_F(SimulatedBoardTest, InjectedPressesMakeTheDescriptorReadable) {
  board_->press({Button::test_call});
  board_->press({Button::status, true});
  EXPECT_TRUE(readable(board_->buttons().fd()));
  EXPECT_EQ(board_->buttons().read(),
            (std::vector<ButtonPress>{{Button::test_call, false}, {Button::status, true}}));
  EXPECT_FALSE(readable(board_->buttons().fd()));
}

TEST_F(SimulatedBoardTest, IndicatorGoesDarkWhenDestroyedAndTheDisplayKeepsItsText) {
  board_->indicator().show(IndicatorState::open);
  board_->display().show("samteld", "stopped");
  board_->watchdog().kick();
  board_.reset();
  EXPECT_EQ(state(),
            state_lines({"indicator=off", "display.1=samteld", "display.2=stopped",
                         "watchdog.armed=1", "watchdog.kicks=1", "watchdog.timeout=30", "fault="}));
}

TEST(SimulatedBoard, ReusesAnExistingFifoAndCreatesMissingDirectories) {
  TempDir dir;
  const std::string state_dir = dir / "run/samtel";
  {
    auto first = SimulatedBoard::create(BoardConfig::simulated(state_dir));
    ASSERT_TRUE(first) << first.error();
  }
  auto second = SimulatedBoard::create(BoardConfig::simulated(state_dir));
  ASSERT_TRUE(second) << second.error();
  (*second)->press({Button::acknowledge});
  EXPECT_EQ((*second)->buttons().read().size(), 1U);
}

TEST(SimulatedBoard, RefusesARegularFileWhereTheFifoBelongs) {
  TempDir dir;
  { std::ofstream(dir / "buttons") << "test_call\n"; }
  auto board = SimulatedBoard::create(BoardConfig::simulated(dir.path()));
  ASSERT_FALSE(board);
  EXPECT_NE(board.error().find(dir / "buttons"), std::string::npos) << board.error();
  EXPECT_NE(board.error().find("not a FIFO"), std::string::npos) << board.error();
}

TEST(SimulatedBoard, NeedsAStateDir) {
  auto board = open_board(BoardConfig::simulated(""));
  ASSERT_FALSE(board);
  EXPECT_NE(board.error().find("state_dir"), std::string::npos) << board.error();
}

TEST(SimulatedBoard, OpenBoardGivesASimulatedBoard) {
  TempDir dir;
  auto board = open_board(BoardConfig::simulated(dir.path()));
  ASSERT_TRUE(board) << board.error();
  EXPECT_EQ((*board)->kind(), "simulated");
  EXPECT_NE(dynamic_cast<SimulatedBoard*>(board->get()), nullptr);
  (*board)->indicator().show(IndicatorState::in_call);
  EXPECT_NE(read_file(dir / "board.state").find("indicator=in_call\n"), std::string::npos);
}

TEST(SimulatedBoard, WithoutTheWatchdog) {
  TempDir dir;
  BoardConfig config = BoardConfig::simulated(dir.path());
  config.arm_watchdog = false;
  auto board = SimulatedBoard::create(config);
  ASSERT_TRUE(board) << board.error();
  (*board)->watchdog().kick();
  EXPECT_EQ((*board)->watchdog().timeout_seconds(), 0);
  EXPECT_EQ((*board)->watchdog_kicks(), 0);
  EXPECT_NE(read_file(dir / "board.state").find("watchdog.armed=0\n"), std::string::npos);
}

TEST(SimulatedBoard, AStateFileThatCannotBeWrittenIsAFaultNotACrash) {
  TempDir dir;
  auto board = SimulatedBoard::create(BoardConfig::simulated(dir.path()));
  ASSERT_TRUE(board) << board.error();
  // Replace the state file by a directory: rename() over it fails.
  std::filesystem::remove(dir / "board.state");
  std::filesystem::create_directory(dir / "board.state");
  std::ofstream(dir / "board.state/keep") << "x";
  (*board)->indicator().show(IndicatorState::fault);
  EXPECT_EQ((*board)->indicator_state(), IndicatorState::fault);
  ASSERT_TRUE((*board)->fault());
  EXPECT_NE((*board)->fault()->find("state file"), std::string::npos) << *(*board)->fault();
}

}  // namespace
}  // namespace samtel::board
