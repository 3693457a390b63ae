// The shared JSON checks behind every file people write: syntax errors with line and column,
// duplicate keys with their pointer, and type and range checks that report and go on.
#include "samtel/json_check.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

std::vector<std::string> listed(const JsonChecker& c) {
  std::vector<std::string> out;
  for (const JsonProblem& p : c.problems()) out.push_back(p.pointer + ": " + p.message);
  return out;
}

TEST(JsonCheck, ASyntaxErrorGivesLineAndColumnAndNoDocument) {
  JsonChecker c;
  EXPECT_FALSE(parse_checked("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}", c));
  ASSERT_EQ(c.count(), 1u);
  EXPECT_EQ(c.problems()[0].pointer, "");
  EXPECT_EQ(c.problems()[0].message.rfind("not valid JSON at line 3, column 14: ", 0), 0u)
      << c.problems()[0].message;
}

TEST(JsonCheck, ASyntaxErrorsMessageIsOneLineOfUtf8WhateverTheTextHeld) {
  JsonChecker c;
  EXPECT_FALSE(parse_checked("{\"user\": \"ka\xF8ri\"}", c));
  ASSERT_EQ(c.count(), 1u);
  const std::string& m = c.problems()[0].message;
  EXPECT_EQ(m.rfind("not valid JSON at line 1, column 13: ", 0), 0u) << m;
  EXPECT_NE(m.find("\\xF8"), std::string::npos) << m;
  EXPECT_EQ(m.find('\xF8'), std::string::npos) << m;
  EXPECT_NO_THROW((void)nlohmann::json(m).dump());
}

TEST(JsonCheck, ANumberBeyondADoubleIsASyntaxErrorNotAnException) {
  JsonChecker c;
  EXPECT_FALSE(parse_checked(R"({"ratio": 1e999})", c));
  ASSERT_EQ(c.count(), 1u);
  EXPECT_EQ(c.problems()[0].message,
            "not valid JSON: the number '1e999' is too large (beyond a double)");
}

TEST(JsonCheck, ALongTokenIsCutInTheMessage) {
  JsonChecker c;
  EXPECT_FALSE(parse_checked("[\"" + std::string(5000, 'x'), c));
  ASSERT_EQ(c.count(), 1u);
  const std::string& m = c.problems()[0].message;
  EXPECT_EQ(m.rfind("not valid JSON at line 1, column ", 0), 0u) << m;
  EXPECT_LT(m.size(), 300u) << m;
  EXPECT_EQ(m.substr(m.size() - 3), "…");
}

TEST(JsonCheck, EveryDuplicateKeyIsReportedWithItsPointerAndCheckingGoesOn) {
  JsonChecker c;
  auto doc =
      parse_checked(R"({"a": {"x": 1, "x": 2}, "list": [{}, {"y/z": 1, "y/z": 2}], "a": 3})", c);
  ASSERT_TRUE(doc);  // syntax is fine: the caller can check the rest
  EXPECT_EQ(listed(c),
            (std::vector<std::string>{"/a/x: duplicate key 'x' (only one may be given)",
                                      "/list/1/y~1z: duplicate key 'y/z' (only one may be given)",
                                      "/a: duplicate key 'a' (only one may be given)"}));
  EXPECT_FALSE(c.ok());
}

TEST(JsonCheck, TypesRangesAndUnknownKeysAreReportedTogether) {
  JsonChecker c;
  const auto doc = parse_checked(
      R"({"name": "", "count": 12, "big": 18446744073709551615, "ratio": 1.5, "list": 7, "extra": true,
          "comment": "allowed everywhere"})",
      c);
  ASSERT_TRUE(doc);
  ASSERT_TRUE(c.object(*doc, "", {"name", "count", "big", "ratio", "list", "missing"}));
  EXPECT_FALSE(c.string(*doc, "", "name", true));
  EXPECT_EQ(c.integer(*doc, "", "count", true, 0, 10), std::nullopt);
  EXPECT_EQ(c.integer(*doc, "", "big", true, 0, 10), std::nullopt);
  EXPECT_EQ(c.number((*doc)["ratio"], "/ratio", 0.0, 1.0), std::nullopt);
  EXPECT_EQ(c.array(*doc, "", "list", true), nullptr);
  EXPECT_EQ(c.member(*doc, "", "missing", true), nullptr);
  EXPECT_EQ(c.integer(*doc, "", "count", true, 0, 20), 12);
  EXPECT_EQ(
      listed(c),
      (std::vector<std::string>{
          "/extra: unknown key 'extra' (allowed here: name, count, big, ratio, list, missing)",
          "/name: must not be empty", "/count: value 12 out of range 0..10",
          "/big: value 18446744073709551615 out of range 0..10",
          "/ratio: value 1.5 out of range 0..1", "/list: expected an array, found a number",
          ": missing required key 'missing'"}));
}

TEST(JsonCheck, ExpectationsInTheFilesOwnWordsNameTheValueFound) {
  JsonChecker c;
  const auto doc = parse_checked(
      R"({"red": 17, "low": -1, "high": 512, "text": "17", "half": 17.5, "none": null,
          "huge": 18446744073709551615, "columns": 20, "wide": 40, "kind": "desk-unit",
          "odd": "rasp\nberry", "number": 1, "device": "/dev/lcd", "relative": "lcd"})",
      c);
  ASSERT_TRUE(doc);
  const auto& d = *doc;
  const std::string_view offset = "a line offset 0..511";
  EXPECT_EQ(c.integer(d["red"], "/red", 0, 511, offset), 17);
  EXPECT_EQ(c.integer(d["low"], "/low", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer(d["high"], "/high", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer(d["text"], "/text", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer(d["half"], "/half", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer(d["none"], "/none", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer(d["huge"], "/huge", 0, 511, offset), std::nullopt);
  EXPECT_EQ(c.integer_one_of(d["columns"], "/columns", {16, 20}), 20);
  EXPECT_EQ(c.integer_one_of(d["wide"], "/wide", {16, 20}), std::nullopt);
  EXPECT_EQ(c.integer_one_of(d["text"], "/text", {1, 2, 3}), std::nullopt);
  EXPECT_EQ(c.string_one_of(d["kind"], "/kind", {"simulated", "desk-unit"}), "desk-unit");
  EXPECT_EQ(c.string_one_of(d["odd"], "/odd", {"simulated", "desk-unit"}), std::nullopt);
  EXPECT_EQ(c.string_one_of(d["number"], "/number", {"simulated", "desk-unit"}), std::nullopt);
  const std::string_view device = "an absolute device path such as \"/dev/lcd\"";
  EXPECT_EQ(c.absolute_path(d["device"], "/device", device), "/dev/lcd");
  EXPECT_EQ(c.absolute_path(d["relative"], "/relative", device), std::nullopt);
  EXPECT_EQ(c.absolute_path(d["none"], "/none", device), std::nullopt);
  EXPECT_EQ(listed(c),
            (std::vector<std::string>{
                "/low: expected a line offset 0..511, found the number -1",
                "/high: expected a line offset 0..511, found the number 512",
                "/text: expected a line offset 0..511, found a string",
                "/half: expected a line offset 0..511, found the number 17.5",
                "/none: expected a line offset 0..511, found null",
                "/huge: expected a line offset 0..511, found the number 18446744073709551615",
                "/wide: expected 16 or 20, found the number 40",
                "/text: expected 1, 2 or 3, found a string",
                "/odd: expected \"simulated\" or \"desk-unit\", found a string 'rasp\\nberry'",
                "/number: expected \"simulated\" or \"desk-unit\", found the number 1",
                "/relative: expected an absolute device path such as \"/dev/lcd\", found a string",
                "/none: expected an absolute device path such as \"/dev/lcd\", found null"}));
}

TEST(JsonCheck, TextRefusesEveryControlCharacterWithItsCodePoint) {
  JsonChecker c;
  const auto doc = parse_checked(
      R"({"lf": "Ring\nAMK 113", "cr": "a\rb", "tab": "\tx", "nul": "Per\u0000Eide",
          "esc": "\u001b[2J", "del": "x\u007f", "nel": "St\u0085Olav", "us": "\u001f",
          "fine": "Påskeuka – 17. mai",
          "empty": "", "list": ["ok", "a\nb"]})",
      c);
  ASSERT_TRUE(doc);
  EXPECT_EQ(c.text(*doc, "", "lf", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "cr", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "tab", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "nul", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "esc", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "del", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "nel", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "us", true), std::nullopt);
  EXPECT_EQ(c.text(*doc, "", "fine", true), "Påskeuka – 17. mai");
  EXPECT_EQ(c.text(*doc, "", "empty", false, false), "");
  EXPECT_TRUE(c.check_text((*doc)["list"][0].get<std::string>(), "/list/0"));
  EXPECT_FALSE(c.check_text((*doc)["list"][1].get<std::string>(), "/list/1"));
  // string() itself stays as it was: it accepts any string.
  EXPECT_EQ(c.string(*doc, "", "lf", true), "Ring\nAMK 113");
  EXPECT_EQ(listed(c),
            (std::vector<std::string>{"/lf: contains a control character (U+000A)",
                                      "/cr: contains a control character (U+000D)",
                                      "/tab: contains a control character (U+0009)",
                                      "/nul: contains a control character (U+0000)",
                                      "/esc: contains a control character (U+001B)",
                                      "/del: contains a control character (U+007F)",
                                      "/nel: contains a control character (U+0085)",
                                      "/us: contains a control character (U+001F)",
                                      "/list/1: contains a control character (U+000A)"}));
}

TEST(JsonCheck, KeysWithControlCharactersAreShownEscapedOnOneLine) {
  JsonChecker c;
  const auto doc = parse_checked(R"({"a\nb": 1, "t\tt": {"x": 1, "x": 2}})", c);
  ASSERT_TRUE(doc);
  c.object(*doc, "", {"name"});
  EXPECT_EQ(listed(c),
            (std::vector<std::string>{"/t\\tt/x: duplicate key 'x' (only one may be given)",
                                      "/a\\nb: unknown key 'a\\nb' (allowed here: name)",
                                      "/t\\tt: unknown key 't\\tt' (allowed here: name)"}));
}

TEST(QuoteValue, TheWholeValueOnOneLineAndALongOneCutVisibly) {
  struct Case {
    std::string value, quoted;
  };
  const std::string eighty(80, 'x');
  const Case cases[] = {
      {"half past nine", "'half past nine'"},
      {"", "''"},
      {"99999-01-01", "'99999-01-01'"},
      {"Påskeuka", "'Påskeuka'"},
      {"a\nb\rc\td", "'a\\nb\\rc\\td'"},
      {std::string("x\0y", 3), "'x\\u0000y'"},
      {"\x1b[31mred", "'\\u001B[31mred'"},
      {"del\x7f", "'del\\u007F'"},
      {"St\xC2\x85Olav", "'St\\u0085Olav'"},
      {"bad\xFFutf8", "'bad\\xFFutf8'"},
      {eighty, "'" + eighty + "'"},
      {eighty + "y", "'" + eighty + "\u2026' (81 characters)"},
      // Cut after 80 characters, not bytes: never inside a character.
      {std::string(79, 'x') + "øøø", "'" + std::string(79, 'x') + "ø\u2026' (82 characters)"},
  };
  for (const Case& c : cases) EXPECT_EQ(quote_value(c.value), c.quoted) << c.value;
}

TEST(CharacterCount, CountsCharactersNotBytes) {
  EXPECT_EQ(character_count(""), 0u);
  EXPECT_EQ(character_count("Øre-nese-hals"), 13u);
  EXPECT_EQ(character_count("\u2028x"), 2u);
}

TEST(FirstControlCharacter, FindsC0DeleteAndC1ButNotOtherText) {
  EXPECT_EQ(first_control_character("Sentralbord St. Olavs hospital"), std::nullopt);
  EXPECT_EQ(first_control_character("Øre-nese-hals – «akutt» \u00a0\u2028"), std::nullopt);
  EXPECT_EQ(first_control_character("a\tb\nc"), U'\t');
  EXPECT_EQ(first_control_character(std::string("\0", 1)), U'\0');
  EXPECT_EQ(first_control_character("x\x7f"), U'\x7f');
  EXPECT_EQ(first_control_character("x\xC2\x9B"
                                    "1m"),
            U'\x9b');
  EXPECT_EQ(code_point_name(U'\n'), "U+000A");
  EXPECT_EQ(code_point_name(U'\x85'), "U+0085");
}

TEST(XmlEscape, MakesTextSafeInContentAndAttributes) {
  EXPECT_EQ(xml_escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  EXPECT_EQ(xml_escape("Øre-nese-hals 08:00–23:00"), "Øre-nese-hals 08:00–23:00");
}

}  // namespace
}  // namespace samtel
