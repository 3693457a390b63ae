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
  EXPECT_EQ(c.problems()[0].message.rfind("not valid JSON at line 3, column 14: ", 0), 0u) << c.problems()[0].message;
}

TEST(JsonCheck, EveryDuplicateKeyIsReportedWithItsPointerAndCheckingGoesOn) {
  JsonChecker c;
  auto doc = parse_checked(R"({"a": {"x": 1, "x": 2}, "list": [{}, {"y/z": 1, "y/z": 2}], "a": 3})", c);
  ASSERT_TRUE(doc);  // syntax is fine: the caller can check the rest
  EXPECT_EQ(listed(c), (std::vector<std::string>{
                           "/a/x: duplicate key 'x' (only one may be given)",
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
  EXPECT_EQ(listed(c), (std::vector<std::string>{
                           "/extra: unknown key 'extra' (allowed here: name, count, big, ratio, list, missing)",
                           "/name: must not be empty",
                           "/count: value 12 out of range 0..10",
                           "/big: value 18446744073709551615 out of range 0..10",
                           "/ratio: value 1.5 out of range 0..1",
                           "/list: expected an array, found a number",
                           ": missing required key 'missing'"}));
}

}  // namespace
}  // namespace samtel
