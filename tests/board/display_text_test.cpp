#include "display_text.hpp"

#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace samtel::board {
namespace {

struct Case {
  const char* name;
  std::string input;
  int columns;
  std::string expected;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DisplayLineTest : public ::testing::TestWithParam<Case> {};

TEST_P(DisplayLineTest, MapsAndCuts) {
  const Case& c = GetParam();
  EXPECT_EQ(display_line(c.input, c.columns), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DisplayLineTest,
    ::testing::Values(
        Case{"ascii_fits", "Vakt: Dr. Hansen", 16, "Vakt: Dr. Hansen"},
        Case{"ascii_cut_16", "Samhandlingstelefon", 16, "Samhandlingstele"},
        Case{"ascii_cut_20", "Samhandlingstelefon AMM", 20, "Samhandlingstelefon "},
        Case{"empty", "", 16, ""}, Case{"zero_columns", "abc", 0, ""},
        Case{"negative_columns", "abc", -3, ""},
        Case{"lower_aeoeaa", "smær, brød, på", 20, "smaer, brod, paa"},
        Case{"capital_before_lower", "Ås Ærlig Øye", 20, "Aas Aerlig Oye"},
        Case{"capital_before_capital", "ÅPEN ÆRE", 16, "AAPEN AERE"},
        Case{"capital_at_end", "Dr. Å", 16, "Dr. Aa"},
        Case{"name_on_duty", "Vakt: Dr. Ås", 16, "Vakt: Dr. Aas"},
        Case{"place", "Tromsø / Bodø", 16, "Tromso / Bodo"},
        Case{"expansion_counts_columns", "æææææææææ", 16, "aeaeaeaeaeaeaeae"},
        Case{"expansion_split_at_cut", "123456789012345å", 16, "123456789012345a"},
        Case{"swedish_german", "Söderström Müller", 20, "Soderstrom Muller"},
        Case{"eszett", "Straße", 16, "Strasse"}, Case{"accents", "éèêàñç", 16, "eeeanc"},
        Case{"sami", "Čđŋšŧž", 16, "Cdnstz"},
        Case{"dashes_quotes_ellipsis", "08–23 “ja” «nei» it’s…", 40,
             "08-23 \"ja\" \"nei\" it's..."},
        Case{"nbsp_and_controls", "a\u00a0b\tc\nd\re\x1b[LI", 16, "a b c d e [LI"},
        Case{"form_feed_is_blank", "\fx", 16, " x"}, Case{"backslash_tilde", "a\\b~c", 16, "a/b-c"},
        Case{"unmapped_bmp", "€5", 16, "?5"}, Case{"emoji_four_bytes", "ok 👍", 16, "ok ?"},
        // Not UTF-8 (octal escapes, which end after three digits): each bad byte is one '?'.
        Case{"invalid_lead_byte", "a\377b", 16, "a?b"},            // 0xFF
        Case{"lone_continuation", "a\200b", 16, "a?b"},            // 0x80
        Case{"truncated_sequence_at_end", "ab\303", 16, "ab?"},    // 0xC3
        Case{"truncated_sequence_mid", "a\342\202b", 16, "a??b"},  // 0xE2 0x82
        Case{"overlong_encoding", "\300\257", 16, "??"},           // 0xC0 0xAF, '/'
        Case{"surrogate", "\355\240\200", 16, "???"},              // 0xED 0xA0 0x80, U+D800
        Case{"c1_control", "a\u0085b", 16, "a b"},
        Case{"long_input_is_bounded", std::string(100000, 'x'), 20, std::string(20, 'x')}),
    [](const ::testing::TestParamInfo<Case>& test) { return std::string(test.param.name); });

std::string utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Whatever comes in, only bytes the LCD shows as written go out: never a driver command.
void expect_printable(const std::string& input) {
  for (const char c : display_line(input, 20)) {
    ASSERT_TRUE(c >= 0x20 && c < 0x7F && c != '\\' && c != '~')
        << "byte " << static_cast<int>(c) << " for input of " << input.size() << " bytes";
  }
}

TEST(DisplayLine, EveryByteGivesPrintableAscii) {
  for (int b = 0; b < 256; ++b) expect_printable(std::string(1, static_cast<char>(b)) + "x");
}

TEST(DisplayLine, EveryCodePointGivesPrintableAscii) {
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += cp < 0x3000 ? 1 : 61) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    expect_printable(utf8(cp) + utf8(cp) + "x");
  }
}

}  // namespace
}  // namespace samtel::board
