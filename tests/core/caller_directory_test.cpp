// The caller directory: categories and municipalities decided from a caller's number (exact
// numbers, prefixes, the longest prefix, unknown numbers, +47 / 0047), the configuration's
// `callers` section and its errors, and the bundled example's directory.
#include "samtel/caller_directory.hpp"

#include <gtest/gtest.h>

#include "samtel/config.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using test::base_site;
using test::errors_of;
using test::join_errors;
using test::json;
using test::must_parse;

TEST(CallerCategory, TextFormsRoundTrip) {
  EXPECT_EQ(to_string(CallerCategory::legevakt), "legevakt");
  EXPECT_EQ(to_string(CallerCategory::nursing_home), "nursing-home");
  EXPECT_EQ(to_string(CallerCategory::gp_office), "gp-office");
  EXPECT_EQ(to_string(CallerCategory::hospital), "hospital");
  EXPECT_EQ(to_string(CallerCategory::other), "other");
  EXPECT_EQ(to_string(CallerCategory::unknown), "unknown");
  for (CallerCategory c : kAllCallerCategories) {
    EXPECT_EQ(caller_category_from_string(to_string(c)), c);
  }
  EXPECT_EQ(caller_category_from_string("nursing_home"), std::nullopt);
  EXPECT_EQ(caller_category_from_string("Legevakt"), std::nullopt);
  EXPECT_EQ(caller_category_from_string(""), std::nullopt);
}

TEST(NationalNumber, RemovesTheNorwegianCountryCodeOnly) {
  EXPECT_EQ(national_number("+4773001234"), "73001234");
  EXPECT_EQ(national_number("004773001234"), "73001234");
  EXPECT_EQ(national_number("73001234"), "73001234");
  EXPECT_EQ(national_number("+4687654321"), "+4687654321");  // Sweden stays as it is
  EXPECT_EQ(national_number("+47"), "");
  EXPECT_EQ(national_number(""), "");
}

CallerDirectory directory() {
  CallerDirectory d;
  EXPECT_TRUE(d.add({"+4773001000", false, CallerCategory::legevakt, "Trondheim", "Legevakt"}));
  EXPECT_TRUE(d.add({"+477300", true, CallerCategory::nursing_home, "Trondheim", ""}));
  EXPECT_TRUE(d.add({"004773005", true, CallerCategory::gp_office, "Trondheim", ""}));
  EXPECT_TRUE(d.add({"7397", true, CallerCategory::gp_office, "Malvik", ""}));
  return d;
}

TEST(CallerDirectory, ExactNumberPrefixLongestPrefixAndUnknown) {
  const CallerDirectory d = directory();
  struct Case {
    const char* number;
    CallerCategory category;
    const char* municipality;
  } cases[] = {
      {"+4773001000", CallerCategory::legevakt, "Trondheim"},  // exact beats the prefix 7300
      {"73001000", CallerCategory::legevakt, "Trondheim"},
      {"004773001000", CallerCategory::legevakt, "Trondheim"},
      {"+4773001001", CallerCategory::nursing_home, "Trondheim"},  // prefix 7300
      {"73009999", CallerCategory::nursing_home, "Trondheim"},
      {"+4773005123", CallerCategory::gp_office, "Trondheim"},  // 73005 is longer than 7300
      {"73005", CallerCategory::gp_office, "Trondheim"},        // the prefix itself
      {"+4773971234", CallerCategory::gp_office, "Malvik"},
      {"+4773101234", CallerCategory::unknown, ""},
      {"7300", CallerCategory::nursing_home, "Trondheim"},
      {"730", CallerCategory::unknown, ""},
      {"+4673001000", CallerCategory::unknown, ""},  // a Swedish number is not ours
      {"", CallerCategory::unknown, ""},
      {"+47", CallerCategory::unknown, ""},
  };
  for (const Case& c : cases) {
    const CallerClass got = classify_caller(d, c.number);
    EXPECT_EQ(got.category, c.category) << c.number;
    EXPECT_EQ(got.municipality, c.municipality) << c.number;
  }
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.find("73001000")->name, "Legevakt");
}

TEST(CallerDirectory, RefusesTheSameNumberTwiceAndEmptyNumbers) {
  CallerDirectory d = directory();
  EXPECT_FALSE(d.add({"73001000", false, CallerCategory::other, "Malvik", ""}));
  EXPECT_FALSE(d.add({"00477300", true, CallerCategory::other, "X", ""}));
  EXPECT_FALSE(d.add({"", false, CallerCategory::other, "X", ""}));
  EXPECT_FALSE(d.add({"0047", true, CallerCategory::other, "X", ""}));
  EXPECT_TRUE(d.add({"7300", false, CallerCategory::other, "X", ""}));  // a number, not a prefix
  EXPECT_EQ(classify_caller(d, "73001000").category, CallerCategory::legevakt);
  EXPECT_EQ(classify_caller(d, "7300").category, CallerCategory::other);
}

// Some error has exactly `pointer` and a message containing `part`.
::testing::AssertionResult has_error(const ConfigErrors& errors, std::string_view pointer,
                                     std::string_view part) {
  for (const ConfigError& e : errors) {
    if (e.pointer == pointer && e.message.find(part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no error at '" << pointer << "' containing \"" << part << "\"; the errors were:\n"
         << join_errors(errors);
}

TEST(ConfigCallers, TheSectionIsOptionalAndLoads) {
  EXPECT_TRUE(must_parse(base_site()).callers.empty());
  json j = base_site();
  j["callers"] = json::array(
      {{{"number", "+4773001000"}, {"category", "legevakt"}, {"municipality", "Trondheim"}},
       {{"prefix", "+477300"},
        {"category", "nursing-home"},
        {"municipality", "Trondheim"},
        {"name", "Sykehjem"}}});
  const Site site = must_parse(j);
  EXPECT_EQ(site.callers.size(), 2u);
  EXPECT_EQ(classify_caller(site.callers, "004773001000").category, CallerCategory::legevakt);
  EXPECT_EQ(classify_caller(site.callers, "73001234").category, CallerCategory::nursing_home);
}

TEST(ConfigCallers, Errors) {
  json j = base_site();
  j["callers"] = json::array({
      {{"number", "+4773001000"}, {"category", "legevakt"}, {"municipality", "Trondheim"}},
      {{"number", "004773001000"}, {"category", "other"}, {"municipality", "Trondheim"}},
      {{"prefix", ""}, {"category", "other"}, {"municipality", "Malvik"}},
      {{"prefix", "+47"}, {"category", "other"}, {"municipality", "Malvik"}},
      {{"number", "73 00 10 00"}, {"category", "other"}, {"municipality", "Malvik"}},
      {{"number", "73001001"}, {"category", "pharmacy"}, {"municipality", "Malvik"}},
      {{"number", "73001002"}, {"category", 3}, {"municipality", "Malvik"}},
      {{"number", "73001003"}, {"prefix", "7300"}, {"category", "other"}, {"municipality", "M"}},
      {{"category", "other"}, {"municipality", "Malvik"}},
      {{"number", "73001004"}, {"category", "other"}},
      {{"number", "73001005"}, {"category", "other"}, {"municipality", "Malvik"}, {"zip", "1"}},
      {{"prefix", "+477397"}, {"category", "gp-office"}, {"municipality", "Malvik"}},
      {{"prefix", "7397"}, {"category", "gp-office"}, {"municipality", "Malvik"}},
  });
  const ConfigErrors errors = errors_of(j);
  EXPECT_TRUE(has_error(errors, "/callers/1/number",
                        "duplicate number '004773001000' (the same as /callers/0)"));
  EXPECT_TRUE(has_error(errors, "/callers/2/prefix", "a prefix must not be empty"));
  EXPECT_TRUE(has_error(errors, "/callers/3/prefix", "only the country code"));
  EXPECT_TRUE(has_error(errors, "/callers/4/number", "is not a phone number"));
  EXPECT_TRUE(has_error(errors, "/callers/5/category",
                        "expected one of legevakt, nursing-home, gp-office, hospital, other, "
                        "unknown, found 'pharmacy'"));
  EXPECT_TRUE(has_error(errors, "/callers/6/category", "found the number 3"));
  EXPECT_TRUE(has_error(errors, "/callers/7", "either \"number\""));
  EXPECT_TRUE(has_error(errors, "/callers/8", "either \"number\""));
  EXPECT_TRUE(has_error(errors, "/callers/9", "missing required key 'municipality'"));
  EXPECT_TRUE(has_error(errors, "/callers/10/zip", ""));
  EXPECT_TRUE(
      has_error(errors, "/callers/12/prefix", "duplicate prefix '7397' (the same as /callers/11)"));
  EXPECT_EQ(errors.size(), 11u) << join_errors(errors);
}

TEST(ConfigCallers, TheBundledExampleHasASyntheticDirectory) {
  const Site site = test::load_example("st-olavs.json");
  EXPECT_EQ(site.callers.size(), 11u);
  struct Case {
    const char* number;
    CallerCategory category;
    const char* municipality;
  } cases[] = {
      {"+4773001000", CallerCategory::legevakt, "Trondheim"},
      {"+4773001234", CallerCategory::nursing_home, "Trondheim"},
      {"+4773005555", CallerCategory::gp_office, "Trondheim"},
      {"+4773970000", CallerCategory::legevakt, "Malvik"},
      {"+4773971111", CallerCategory::gp_office, "Malvik"},
      {"+4772870000", CallerCategory::gp_office, "Melhus"},
      {"+4772871111", CallerCategory::nursing_home, "Melhus"},
      {"+4772861111", CallerCategory::gp_office, "Skaun"},
      {"+4772480000", CallerCategory::legevakt, "Orkland"},
      {"+4772481111", CallerCategory::nursing_home, "Orkland"},
      {"+4772411111", CallerCategory::hospital, "Orkland"},
      {"+4790000001", CallerCategory::unknown, ""},
  };
  for (const Case& c : cases) {
    const CallerClass got = classify_caller(site.callers, c.number);
    EXPECT_EQ(got.category, c.category) << c.number;
    EXPECT_EQ(got.municipality, c.municipality) << c.number;
  }
}

}  // namespace
}  // namespace samtel
