#include "sim/button_line.hpp"

#include <optional>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace samtel::board {
namespace {

struct LineCase {
  std::string line;
  std::optional<ButtonPress> expected;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const LineCase& c, std::ostream* os) { *os << '\'' << c.line << '\''; }

class ParseButtonLineTest : public ::testing::TestWithParam<LineCase> {};

TEST_P(ParseButtonLineTest, Parses) {
  EXPECT_EQ(parse_button_line(GetParam().line), GetParam().expected)
      << "'" << GetParam().line << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseButtonLineTest,
    ::testing::Values(LineCase{"status", ButtonPress{Button::status, false}},
                      LineCase{"test_call", ButtonPress{Button::test_call, false}},
                      LineCase{"acknowledge", ButtonPress{Button::acknowledge, false}},
                      LineCase{"status long", ButtonPress{Button::status, true}},
                      LineCase{"  test_call\tlong \r", ButtonPress{Button::test_call, true}},
                      LineCase{"acknowledge long", ButtonPress{Button::acknowledge, true}},
                      LineCase{"", std::nullopt}, LineCase{"   ", std::nullopt},
                      LineCase{"Status", std::nullopt}, LineCase{"test-call", std::nullopt},
                      LineCase{"status short", std::nullopt},
                      LineCase{"status long long", std::nullopt}, LineCase{"long", std::nullopt},
                      LineCase{"statuslong", std::nullopt}));

TEST(ButtonLineReader, SplitsLinesAcrossFeedsAndSkipsBlankOnes) {
  ButtonLineReader reader;
  EXPECT_TRUE(reader.feed("sta").empty());
  auto lines = reader.feed("tus\n\n  \nacknowledge long\nfoo\ntest_");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].press, (ButtonPress{Button::status, false}));
  EXPECT_EQ(lines[1].press, (ButtonPress{Button::acknowledge, true}));
  EXPECT_FALSE(lines[2].press);
  EXPECT_NE(lines[2].error.find("unknown line 'foo'"), std::string::npos) << lines[2].error;
  lines = reader.feed("call\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].press, (ButtonPress{Button::test_call, false}));
}

TEST(ButtonLineReader, DropsAnOverlongLineOnceAndRecovers) {
  ButtonLineReader reader;
  auto lines = reader.feed(std::string(1000, 'x'));
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_FALSE(lines[0].press);
  EXPECT_NE(lines[0].error.find("longer than 128"), std::string::npos) << lines[0].error;
  EXPECT_TRUE(reader.feed(std::string(1000, 'y')).empty());
  lines = reader.feed("zzz\nstatus\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].press, (ButtonPress{Button::status, false}));
}

TEST(ButtonLineReader, QuotesGarbageSafely) {
  ButtonLineReader reader;
  const auto lines = reader.feed(std::string("\x1b[2J\x01 ") + std::string(60, 'a') + "\n");
  ASSERT_EQ(lines.size(), 1U);
  const std::string& e = lines[0].error;
  for (const char c : e) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << static_cast<int>(c);
  EXPECT_NE(e.find("'?[2J? aaaa"), std::string::npos) << e;
  EXPECT_NE(e.find("...'"), std::string::npos) << e;
}

}  // namespace
}  // namespace samtel::board
