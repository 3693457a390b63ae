// Norwegian public holidays: Easter computus and the statutory list.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "samtel/calendar.hpp"
#include "samtel/time.hpp"

namespace samtel {
namespace {

using namespace date;

TEST(EasterSunday, MatchesPublishedDates) {
  // Gregorian Easter, from published tables.
  struct Case { int year; date::year_month_day easter; };
  const std::vector<Case> cases = {
      {1583, 1583_y / April / 10},  {1700, 1700_y / April / 11}, {1818, 1818_y / March / 22},
      {1886, 1886_y / April / 25},  {1943, 1943_y / April / 25}, {1946, 1946_y / April / 21},
      {1947, 1947_y / April / 6},   {2000, 2000_y / April / 23}, {2008, 2008_y / March / 23},
      {2019, 2019_y / April / 21},  {2024, 2024_y / March / 31}, {2025, 2025_y / April / 20},
      {2026, 2026_y / April / 5},   {2027, 2027_y / March / 28}, {2028, 2028_y / April / 16},
      {2038, 2038_y / April / 25},  {2100, 2100_y / March / 28}, {2285, 2285_y / March / 22},
      {3000, 3000_y / April / 13},
  };
  for (const auto& c : cases) EXPECT_EQ(easter_sunday(c.year), c.easter) << c.year;
}

std::vector<std::string> listing(int year) {
  std::vector<std::string> out;
  for (const Holiday& h : public_holidays(year)) out.push_back(format_date(h.date) + " " + std::string(h.name));
  return out;
}

TEST(PublicHolidays, Year2026) {
  const std::vector<std::string> expected = {
      "2026-01-01 1. nyttårsdag",       "2026-04-02 Skjærtorsdag",
      "2026-04-03 Langfredag",          "2026-04-05 1. påskedag",
      "2026-04-06 2. påskedag",         "2026-05-01 1. mai (Offentlig høytidsdag)",
      "2026-05-14 Kristi himmelfartsdag", "2026-05-17 17. mai (Grunnlovsdag)",
      "2026-05-24 1. pinsedag",         "2026-05-25 2. pinsedag",
      "2026-12-25 1. juledag",          "2026-12-26 2. juledag",
  };
  EXPECT_EQ(listing(2026), expected);
}

TEST(PublicHolidays, FirstAndSeventeenthOfMayOnlyFrom1947) {
  const auto y1946 = listing(1946);
  const auto y1947 = listing(1947);
  EXPECT_EQ(y1946.size(), 10u);
  EXPECT_EQ(y1947.size(), 12u);
  EXPECT_FALSE(holiday_name(1946_y / May / 17));
  EXPECT_EQ(holiday_name(1947_y / May / 17), "17. mai (Grunnlovsdag)");
  EXPECT_EQ(statutory_day_type(1946_y / May / 1), DayType::weekday);  // a Wednesday
  EXPECT_EQ(statutory_day_type(1947_y / May / 1), DayType::holiday);
}

TEST(PublicHolidays, ChristmasEveAndNewYearsEveAreOrdinaryDays) {
  EXPECT_EQ(statutory_day_type(2026_y / December / 24), DayType::weekday);  // Thursday
  EXPECT_EQ(statutory_day_type(2026_y / December / 31), DayType::weekday);
  EXPECT_EQ(statutory_day_type(2026_y / April / 4), DayType::saturday);  // Easter Eve
  EXPECT_EQ(statutory_day_type(2026_y / November / 22), DayType::sunday);
}

TEST(PublicHolidays, OutsideGregorianRangeIsEmpty) {
  EXPECT_TRUE(public_holidays(1582).empty());
  EXPECT_TRUE(public_holidays(10000).empty());
  EXPECT_EQ(public_holidays(9999).size(), 12u);
}

}  // namespace
}  // namespace samtel
