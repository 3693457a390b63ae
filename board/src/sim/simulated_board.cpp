#include "samtel/board/simulated_board.hpp"

#include <cerrno>
#include <filesystem>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "display_text.hpp"
#include "fault_log.hpp"
#include "posix.hpp"
#include "sim/button_line.hpp"

namespace samtel::board {
namespace {

// The state file holds one value per line, so a fault text must not break a line.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

class SimulatedBoard::Impl {
 public:
  // The elements keep their state where the board can write it out; the board owns them.
  class SimIndicator final : public Indicator {
   public:
    explicit SimIndicator(Impl& board) : board_(board) {}
    void show(IndicatorState state) override {
      if (state == state_) return;
      state_ = state;
      board_.write_state();
    }

    Impl& board_;
    IndicatorState state_ = IndicatorState::off;
  };

  class SimDisplay final : public Display {
   public:
    SimDisplay(Impl& board, int columns) : board_(board), columns_(columns) {}
    void show(std::string_view line1, std::string_view line2) override {
      std::string l1 = display_line(line1, columns_);
      std::string l2 = display_line(line2, columns_);
      if (l1 == line1_ && l2 == line2_) return;
      line1_ = std::move(l1);
      line2_ = std::move(l2);
      board_.write_state();
    }
    int columns() const override { return columns_; }

    Impl& board_;
    int columns_;
    std::string line1_, line2_;
  };

  class SimButtons final : public Buttons {
   public:
    explicit SimButtons(Impl& board) : board_(board) {}
    int fd() const override { return board_.fifo_read_.get(); }
    std::vector<ButtonPress> read() override {
      std::vector<ButtonPress> presses;
      char chunk[512];
      // Bounded, so a flood of writes cannot hold the event loop; the rest stays readable.
      for (int rounds = 0; rounds < 64; ++rounds) {
        const ssize_t n = ::read(board_.fifo_read_.get(), chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) {
          board_.faults_.record("buttons: cannot read " + board_.fifo_ + ": " + errno_text(errno));
        }
        if (n <= 0) break;  // EAGAIN: nothing more pending (the board's own writer means no EOF)
        for (const ButtonLineReader::Line& line :
             reader_.feed(std::string_view(chunk, static_cast<std::size_t>(n)))) {
          if (line.press) {
            presses.push_back(*line.press);
          } else {
            board_.faults_.record("buttons: ignored " + line.error);
          }
        }
      }
      return presses;
    }

   private:
    Impl& board_;
    ButtonLineReader reader_;
  };

  class SimWatchdog final : public Watchdog {
   public:
    SimWatchdog(Impl& board, bool armed, int timeout)
        : board_(board), timeout_(armed ? timeout : 0), armed_(armed) {}
    void kick() override {
      if (!armed_) return;  // as on the desk unit: after disarm() the device is closed
      ++kicks_;
      board_.write_state();
    }
    void disarm() override {
      if (!armed_) return;
      armed_ = false;
      board_.write_state();
    }
    int timeout_seconds() const override { return timeout_; }

    Impl& board_;
    int timeout_;
    bool armed_;
    int kicks_ = 0;
  };

  Impl(const BoardConfig& config, std::string state_file, std::string fifo)
      : state_file_(std::move(state_file)),
        fifo_(std::move(fifo)),
        dir_(config.state_dir),
        indicator_(*this),
        display_(*this, config.lcd_columns),
        buttons_(*this),
        watchdog_(*this, config.arm_watchdog, config.watchdog_timeout) {
    faults_.on_record([this] { write_state(); });
  }

  // Rewrites the state file: a temporary file in the same directory, renamed over the old one.
  // Returns the error, if any, and records it as the board's fault.
  std::optional<std::string> write_state() {
    std::string text;
    text += "indicator=" + std::string(to_string(indicator_.state_)) + "\n";
    text += "display.1=" + display_.line1_ + "\n";
    text += "display.2=" + display_.line2_ + "\n";
    text += "watchdog.armed=" + std::string(watchdog_.armed_ ? "1" : "0") + "\n";
    text += "watchdog.kicks=" + std::to_string(watchdog_.kicks_) + "\n";
    text += "watchdog.timeout=" + std::to_string(watchdog_.timeout_seconds()) + "\n";
    text += "fault=" + one_line(faults_.last().value_or("")) + "\n";

    std::string temp = dir_ + "/.board.state.XXXXXX";
    const int fd = ::mkstemp(temp.data());
    std::optional<std::string> error;
    if (fd < 0) {
      error = "cannot create a temporary file in " + dir_ + ": " + errno_text(errno);
    } else {
      // mkstemp creates the file 0600; the state is for operators to read.
      const bool ok = ::fchmod(fd, 0644) == 0 && write_all(fd, text);
      const int write_errno = errno;
      if (::close(fd) != 0 || !ok) {
        error = "cannot write " + temp + ": " + errno_text(ok ? errno : write_errno);
      } else if (::rename(temp.c_str(), state_file_.c_str()) != 0) {
        error = "cannot rename " + temp + " to " + state_file_ + ": " + errno_text(errno);
      }
      if (error) ::unlink(temp.c_str());
    }
    // Record the failure without writing again: the next write would fail the same way.
    if (error && !writing_fault_) {
      writing_fault_ = true;
      faults_.record("state file: " + *error);
      writing_fault_ = false;
    }
    return error;
  }

  std::string state_file_;
  std::string fifo_;
  std::string dir_;
  UniqueFd fifo_read_;
  UniqueFd fifo_write_;  // keeps the FIFO open for writing, so reads never see end-of-file
  FaultLog faults_;
  SimIndicator indicator_;
  SimDisplay display_;
  SimButtons buttons_;
  SimWatchdog watchdog_;

 private:
  bool writing_fault_ = false;
};

tl::expected<std::unique_ptr<SimulatedBoard>, std::string> SimulatedBoard::create(
    const BoardConfig& config) {
  if (config.state_dir.empty()) return tl::unexpected(std::string("simulated board: no state_dir"));
  const std::string& dir = config.state_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return tl::unexpected("simulated board: cannot create state_dir " + dir + ": " + ec.message());
  }
  const std::string fifo = dir + "/buttons";
  if (::mkfifo(fifo.c_str(), 0660) != 0 && errno != EEXIST) {
    return tl::unexpected("simulated board: cannot create FIFO " + fifo + ": " + errno_text(errno));
  }
  struct stat st {};
  if (::stat(fifo.c_str(), &st) != 0 || !S_ISFIFO(st.st_mode)) {
    return tl::unexpected("simulated board: " + fifo +
                          " exists and is not a FIFO; remove it and start again");
  }

  auto impl = std::make_unique<Impl>(config, dir + "/board.state", fifo);
  impl->fifo_read_ = UniqueFd(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (impl->fifo_read_.get() < 0) {
    return tl::unexpected("simulated board: cannot open FIFO " + fifo + ": " + errno_text(errno));
  }
  impl->fifo_write_ = UniqueFd(::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
  if (impl->fifo_write_.get() < 0) {
    return tl::unexpected("simulated board: cannot open FIFO " + fifo +
                          " for writing: " + errno_text(errno));
  }
  if (auto error = impl->write_state()) return tl::unexpected("simulated board: " + *error);
  return std::unique_ptr<SimulatedBoard>(new SimulatedBoard(std::move(impl)));
}

SimulatedBoard::SimulatedBoard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SimulatedBoard::~SimulatedBoard() {
  // As on the desk unit: the LED goes dark with its GPIO lines, the display keeps its text.
  if (impl_->indicator_.state_ == IndicatorState::off) return;
  impl_->indicator_.state_ = IndicatorState::off;
  impl_->write_state();
}

Indicator& SimulatedBoard::indicator() { return impl_->indicator_; }
Display& SimulatedBoard::display() { return impl_->display_; }
Buttons& SimulatedBoard::buttons() { return impl_->buttons_; }
Watchdog& SimulatedBoard::watchdog() { return impl_->watchdog_; }
std::optional<std::string> SimulatedBoard::fault() const { return impl_->faults_.last(); }

IndicatorState SimulatedBoard::indicator_state() const { return impl_->indicator_.state_; }
const std::string& SimulatedBoard::display_line1() const { return impl_->display_.line1_; }
const std::string& SimulatedBoard::display_line2() const { return impl_->display_.line2_; }
int SimulatedBoard::watchdog_kicks() const { return impl_->watchdog_.kicks_; }
bool SimulatedBoard::watchdog_armed() const { return impl_->watchdog_.armed_; }
const std::string& SimulatedBoard::state_file() const { return impl_->state_file_; }
const std::string& SimulatedBoard::buttons_fifo() const { return impl_->fifo_; }

void SimulatedBoard::press(ButtonPress press) {
  const std::string line =
      std::string(to_string(press.button)) + (press.long_press ? " long" : "") + "\n";
  // Short lines written to a FIFO arrive whole, never interleaved with an operator's echo.
  if (!write_all(impl_->fifo_write_.get(), line)) {
    impl_->faults_.record("buttons: cannot inject a press into " + impl_->fifo_ + ": " +
                          errno_text(errno));
  }
}

}  // namespace samtel::board
