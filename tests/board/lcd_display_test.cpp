#include "desk_unit/lcd_display.hpp"

#include <fstream>
#include <string>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temp_dir.hpp"

namespace samtel::board {
namespace {

using test_support::read_file;
using test_support::TempDir;

const std::string kInit(LcdDisplay::kInit);

// Reads everything currently in a non-blocking FIFO.
std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

class LcdFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    std::ofstream{device_};  // a regular file stands in for /dev/lcd
  }
  std::unique_ptr<LcdDisplay> open(int columns = 16) {
    auto lcd = LcdDisplay::open(device_, columns, faults_);
    EXPECT_TRUE(lcd) << lcd.error();
    return lcd ? std::move(*lcd) : nullptr;
  }
  std::string written() const { return read_file(device_); }

  TempDir dir_;
  std::string device_ = dir_ / "lcd";
  FaultLog faults_;
};

TEST_F(LcdFileTest, InitialisesOnOpen) {
  auto lcd = open();
  EXPECT_EQ(written(), "\x1b[LI\x1b[Lc\x1b[Lb\x1b[L+");
  EXPECT_EQ(lcd->columns(), 16);
  EXPECT_FALSE(faults_.last());
}

TEST_F(LcdFileTest, EachUpdateClearsThenWritesBothLines) {
  auto lcd = open();
  lcd->show("Samhandlingstlf.", "Vakt: Dr. Ås");
  EXPECT_EQ(written(), kInit + "\fSamhandlingstlf.\nVakt: Dr. Aas");
  lcd->show("Stengt", "");
  EXPECT_EQ(written(), kInit + "\fSamhandlingstlf.\nVakt: Dr. Aas" + "\fStengt\n");
  EXPECT_FALSE(faults_.last());
}

TEST_F(LcdFileTest, AnUnchangedUpdateIsNotWrittenAgain) {
  auto lcd = open();
  lcd->show("Apen", "Dr. Østrem");
  lcd->show("Apen", "Dr. Østrem");
  lcd->show("Apen", "Dr. Ostrem");  // maps to the same bytes
  EXPECT_EQ(written(), kInit + "\fApen\nDr. Ostrem");
}

TEST_F(LcdFileTest, CutsAndMapsToTheColumns) {
  auto lcd = open(16);
  lcd->show("Samhandlingstelefonen", "Neste: Dr. Ærlig-Åsheim");
  EXPECT_EQ(written(), kInit + "\fSamhandlingstele\nNeste: Dr. Aerli");
}

TEST_F(LcdFileTest, TwentyColumns) {
  auto lcd = open(20);
  lcd->show("Samhandlingstelefonen", "Neste: Dr. Ærlig-Åsheim");
  EXPECT_EQ(written(), kInit + "\fSamhandlingstelefone\nNeste: Dr. Aerlig-Aa");
}

TEST_F(LcdFileTest, TextCannotInjectDriverCommands) {
  auto lcd = open();
  lcd->show("\x1b[LI\fx", "a\nb");
  EXPECT_EQ(written(), kInit + "\f [LI x\na b");
}

TEST_F(LcdFileTest, LeavesTheTextWhenClosed) {
  auto lcd = open();
  lcd->show("samteld", "stopped");
  lcd.reset();
  EXPECT_EQ(written(), kInit + "\fsamteld\nstopped");
}

TEST(LcdDisplay, MissingDeviceIsAnErrorNamingIt) {
  FaultLog faults;
  auto lcd = LcdDisplay::open("/nonexistent/lcd0", 16, faults);
  ASSERT_FALSE(lcd);
  EXPECT_EQ(lcd.error(), "LCD /nonexistent/lcd0: cannot open (No such file or directory)");
}

TEST(LcdDisplay, WritesThroughAFifo) {
  TempDir dir;
  const std::string fifo = dir / "lcd";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  FaultLog faults;
  {
    auto lcd = LcdDisplay::open(fifo, 16, faults);
    ASSERT_TRUE(lcd) << lcd.error();
    EXPECT_EQ(drain(reader), kInit);
    (*lcd)->show("Linje 1", "Linje 2");
    EXPECT_EQ(drain(reader), "\fLinje 1\nLinje 2");
  }
  EXPECT_FALSE(faults.last());
  ::close(reader);
}

TEST(LcdDisplay, AFifoWithoutReaderCannotBeOpened) {
  TempDir dir;
  const std::string fifo = dir / "lcd";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  FaultLog faults;
  auto lcd = LcdDisplay::open(fifo, 16, faults);  // must fail, not block
  ASSERT_FALSE(lcd);
  EXPECT_NE(lcd.error().find("LCD " + fifo + ": cannot open"), std::string::npos) << lcd.error();
}

TEST(LcdDisplay, AFailedWriteIsAFaultAndTheNextUpdateStartsAfresh) {
  TempDir dir;
  const std::string fifo = dir / "lcd";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  FaultLog faults;
  auto lcd = LcdDisplay::open(fifo, 16, faults);
  ASSERT_TRUE(lcd) << lcd.error();
  (*lcd)->show("eins", "zwei");
  drain(reader);

  // Fill the pipe from another writer, so the display's next write finds no room.
  const int filler = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  ASSERT_GE(filler, 0);
  const std::string block(4096, '#');
  while (::write(filler, block.data(), block.size()) > 0) {
  }
  ::close(filler);
  (*lcd)->show("drei", "vier");
  ASSERT_TRUE(faults.last());
  EXPECT_EQ(*faults.last(), "LCD " + fifo + ": write failed (Resource temporarily unavailable)");

  drain(reader);
  (*lcd)->show("drei", "vier");
  EXPECT_EQ(drain(reader), kInit + "\fdrei\nvier");
  ::close(reader);
}

TEST(LcdDisplay, AFullDeviceIsAFaultNotACrash) {
  struct stat st {};
  if (::stat("/dev/full", &st) != 0) GTEST_SKIP() << "/dev/full is not available here";
  FaultLog faults;
  auto lcd = LcdDisplay::open("/dev/full", 16, faults);
  ASSERT_TRUE(lcd) << lcd.error();
  ASSERT_TRUE(faults.last());
  EXPECT_EQ(*faults.last(), "LCD /dev/full: write failed (No space left on device)");
  (*lcd)->show("a", "b");
  (*lcd)->show("a", "b");
  EXPECT_EQ(*faults.last(), "LCD /dev/full: write failed (No space left on device)");
}

}  // namespace
}  // namespace samtel::board
