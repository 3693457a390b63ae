// Norwegian public holidays: Easter computus and the statutory list.
#include "samtel/calendar.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "samtel/time.hpp"

namespace samtel {
namespace {

using namespace date;

TEST(EasterSunday, MatchesPublishedDates) {
  // Gregorian Easter, from published tables.
  struct Case {
    int year;
    date::year_month_day easter;
  };
  const std::vector<Case> cases = {
      {1583, 1583_y / April / 10}, {1700, 1700_y / April / 11}, {1818, 1818_y / March / 22},
      {1886, 1886_y / April / 25}, {1943, 1943_y / April / 25}, {1946, 1946_y / April / 21},
      {1947, 1947_y / April / 6},  {2000, 2000_y / April / 23}, {2008, 2008_y / March / 23},
      {2019, 2019_y / April / 21}, {2024, 2024_y / March / 31}, {2025, 2025_y / April / 20},
      {2026, 2026_y / April / 5},  {2027, 2027_y / March / 28}, {2028, 2028_y / April / 16},
      {2038, 2038_y / April / 25}, {2100, 2100_y / March / 28}, {2285, 2285_y / March / 22},
      {3000, 3000_y / April / 13},
  };
  for (const auto& c : cases) EXPECT_EQ(easter_sunday(c.year), c.easter) << c.year;
}

std::vector<std::string> listing(int year) {
  std::vector<std::string> out;
  for (const Holiday& h : public_holidays(year))
    out.push_back(format_date(h.date) + " " + std::string(h.name));
  return out;
}

TEST(PublicHolidays, Year2026) {
  const std::vector<std::string> expected = {
      "2026-01-01 1. nyttårsdag",
      "2026-04-02 Skjærtorsdag",
      "2026-04-03 Langfredag",
      "2026-04-05 1. påskedag",
      "2026-04-06 2. påskedag",
      "2026-05-01 1. mai (Offentlig høytidsdag)",
      "2026-05-14 Kristi himmelfartsdag",
      "2026-05-17 17. mai (Grunnlovsdag)",
      "2026-05-24 1. pinsedag",
      "2026-05-25 2. pinsedag",
      "2026-12-25 1. juledag",
      "2026-12-26 2. juledag",
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

// ---------------------------------------------------------------------------------------------
// More years, coinciding holidays and day types.

namespace samtel {
namespace {

using namespace date;

TEST(EasterSunday, SixtyConsecutiveYearsAndDistantCenturies) {
  // Western Easter Sunday, cross-checked against an independent computus.
  struct Case {
    int year;
    unsigned month, day;
  };
  const Case cases[] = {
      {1990, 4, 15}, {1991, 3, 31}, {1992, 4, 19}, {1993, 4, 11}, {1994, 4, 3},  {1995, 4, 16},
      {1996, 4, 7},  {1997, 3, 30}, {1998, 4, 12}, {1999, 4, 4},  {2000, 4, 23}, {2001, 4, 15},
      {2002, 3, 31}, {2003, 4, 20}, {2004, 4, 11}, {2005, 3, 27}, {2006, 4, 16}, {2007, 4, 8},
      {2008, 3, 23}, {2009, 4, 12}, {2010, 4, 4},  {2011, 4, 24}, {2012, 4, 8},  {2013, 3, 31},
      {2014, 4, 20}, {2015, 4, 5},  {2016, 3, 27}, {2017, 4, 16}, {2018, 4, 1},  {2019, 4, 21},
      {2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},  {2024, 3, 31}, {2025, 4, 20},
      {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2029, 4, 1},  {2030, 4, 21}, {2031, 4, 13},
      {2032, 3, 28}, {2033, 4, 17}, {2034, 4, 9},  {2035, 3, 25}, {2036, 4, 13}, {2037, 4, 5},
      {2038, 4, 25}, {2039, 4, 10}, {2040, 4, 1},  {2041, 4, 21}, {2042, 4, 6},  {2043, 3, 29},
      {2044, 4, 17}, {2045, 4, 9},  {2046, 3, 25}, {2047, 4, 14}, {2048, 4, 5},  {2049, 4, 18},
      {2050, 4, 10}, {1583, 4, 10}, {1600, 4, 2},  {1700, 4, 11}, {1800, 4, 13}, {1900, 4, 15},
      {2100, 3, 28}, {2200, 4, 6},  {2300, 4, 8},  {2400, 4, 16}, {2500, 4, 18}, {3000, 4, 13},
      {4000, 4, 9},  {5000, 3, 30}, {9999, 3, 28},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(easter_sunday(c.year), date::year{c.year} / date::month{c.month} / date::day{c.day})
        << c.year;
  }
}

TEST(PublicHolidays, FullTablesForManyYears) {
  struct Year {
    int year;
    std::vector<std::string> expected;
  };
  const std::vector<Year> years = {
      {1583,
       {
           "1583-01-01 1. nyttårsdag",
           "1583-04-07 Skjærtorsdag",
           "1583-04-08 Langfredag",
           "1583-04-10 1. påskedag",
           "1583-04-11 2. påskedag",
           "1583-05-19 Kristi himmelfartsdag",
           "1583-05-29 1. pinsedag",
           "1583-05-30 2. pinsedag",
           "1583-12-25 1. juledag",
           "1583-12-26 2. juledag",
       }},
      {1900,
       {
           "1900-01-01 1. nyttårsdag",
           "1900-04-12 Skjærtorsdag",
           "1900-04-13 Langfredag",
           "1900-04-15 1. påskedag",
           "1900-04-16 2. påskedag",
           "1900-05-24 Kristi himmelfartsdag",
           "1900-06-03 1. pinsedag",
           "1900-06-04 2. pinsedag",
           "1900-12-25 1. juledag",
           "1900-12-26 2. juledag",
       }},
      {1946,
       {
           "1946-01-01 1. nyttårsdag",
           "1946-04-18 Skjærtorsdag",
           "1946-04-19 Langfredag",
           "1946-04-21 1. påskedag",
           "1946-04-22 2. påskedag",
           "1946-05-30 Kristi himmelfartsdag",
           "1946-06-09 1. pinsedag",
           "1946-06-10 2. pinsedag",
           "1946-12-25 1. juledag",
           "1946-12-26 2. juledag",
       }},
      {1947,
       {
           "1947-01-01 1. nyttårsdag",
           "1947-04-03 Skjærtorsdag",
           "1947-04-04 Langfredag",
           "1947-04-06 1. påskedag",
           "1947-04-07 2. påskedag",
           "1947-05-01 1. mai (Offentlig høytidsdag)",
           "1947-05-15 Kristi himmelfartsdag",
           "1947-05-17 17. mai (Grunnlovsdag)",
           "1947-05-25 1. pinsedag",
           "1947-05-26 2. pinsedag",
           "1947-12-25 1. juledag",
           "1947-12-26 2. juledag",
       }},
      {1948,
       {
           "1948-01-01 1. nyttårsdag",
           "1948-03-25 Skjærtorsdag",
           "1948-03-26 Langfredag",
           "1948-03-28 1. påskedag",
           "1948-03-29 2. påskedag",
           "1948-05-01 1. mai (Offentlig høytidsdag)",
           "1948-05-06 Kristi himmelfartsdag",
           "1948-05-16 1. pinsedag",
           "1948-05-17 17. mai (Grunnlovsdag)",
           "1948-05-17 2. pinsedag",
           "1948-12-25 1. juledag",
           "1948-12-26 2. juledag",
       }},
      {2008,
       {
           "2008-01-01 1. nyttårsdag",
           "2008-03-20 Skjærtorsdag",
           "2008-03-21 Langfredag",
           "2008-03-23 1. påskedag",
           "2008-03-24 2. påskedag",
           "2008-05-01 1. mai (Offentlig høytidsdag)",
           "2008-05-01 Kristi himmelfartsdag",
           "2008-05-11 1. pinsedag",
           "2008-05-12 2. pinsedag",
           "2008-05-17 17. mai (Grunnlovsdag)",
           "2008-12-25 1. juledag",
           "2008-12-26 2. juledag",
       }},
      {2012,
       {
           "2012-01-01 1. nyttårsdag",
           "2012-04-05 Skjærtorsdag",
           "2012-04-06 Langfredag",
           "2012-04-08 1. påskedag",
           "2012-04-09 2. påskedag",
           "2012-05-01 1. mai (Offentlig høytidsdag)",
           "2012-05-17 17. mai (Grunnlovsdag)",
           "2012-05-17 Kristi himmelfartsdag",
           "2012-05-27 1. pinsedag",
           "2012-05-28 2. pinsedag",
           "2012-12-25 1. juledag",
           "2012-12-26 2. juledag",
       }},
      {2025,
       {
           "2025-01-01 1. nyttårsdag",
           "2025-04-17 Skjærtorsdag",
           "2025-04-18 Langfredag",
           "2025-04-20 1. påskedag",
           "2025-04-21 2. påskedag",
           "2025-05-01 1. mai (Offentlig høytidsdag)",
           "2025-05-17 17. mai (Grunnlovsdag)",
           "2025-05-29 Kristi himmelfartsdag",
           "2025-06-08 1. pinsedag",
           "2025-06-09 2. pinsedag",
           "2025-12-25 1. juledag",
           "2025-12-26 2. juledag",
       }},
      {2027,
       {
           "2027-01-01 1. nyttårsdag",
           "2027-03-25 Skjærtorsdag",
           "2027-03-26 Langfredag",
           "2027-03-28 1. påskedag",
           "2027-03-29 2. påskedag",
           "2027-05-01 1. mai (Offentlig høytidsdag)",
           "2027-05-06 Kristi himmelfartsdag",
           "2027-05-16 1. pinsedag",
           "2027-05-17 17. mai (Grunnlovsdag)",
           "2027-05-17 2. pinsedag",
           "2027-12-25 1. juledag",
           "2027-12-26 2. juledag",
       }},
      {2028,
       {
           "2028-01-01 1. nyttårsdag",
           "2028-04-13 Skjærtorsdag",
           "2028-04-14 Langfredag",
           "2028-04-16 1. påskedag",
           "2028-04-17 2. påskedag",
           "2028-05-01 1. mai (Offentlig høytidsdag)",
           "2028-05-17 17. mai (Grunnlovsdag)",
           "2028-05-25 Kristi himmelfartsdag",
           "2028-06-04 1. pinsedag",
           "2028-06-05 2. pinsedag",
           "2028-12-25 1. juledag",
           "2028-12-26 2. juledag",
       }},
      {2032,
       {
           "2032-01-01 1. nyttårsdag",
           "2032-03-25 Skjærtorsdag",
           "2032-03-26 Langfredag",
           "2032-03-28 1. påskedag",
           "2032-03-29 2. påskedag",
           "2032-05-01 1. mai (Offentlig høytidsdag)",
           "2032-05-06 Kristi himmelfartsdag",
           "2032-05-16 1. pinsedag",
           "2032-05-17 17. mai (Grunnlovsdag)",
           "2032-05-17 2. pinsedag",
           "2032-12-25 1. juledag",
           "2032-12-26 2. juledag",
       }},
      {2038,
       {
           "2038-01-01 1. nyttårsdag",
           "2038-04-22 Skjærtorsdag",
           "2038-04-23 Langfredag",
           "2038-04-25 1. påskedag",
           "2038-04-26 2. påskedag",
           "2038-05-01 1. mai (Offentlig høytidsdag)",
           "2038-05-17 17. mai (Grunnlovsdag)",
           "2038-06-03 Kristi himmelfartsdag",
           "2038-06-13 1. pinsedag",
           "2038-06-14 2. pinsedag",
           "2038-12-25 1. juledag",
           "2038-12-26 2. juledag",
       }},
      {2091,
       {
           "2091-01-01 1. nyttårsdag",
           "2091-04-05 Skjærtorsdag",
           "2091-04-06 Langfredag",
           "2091-04-08 1. påskedag",
           "2091-04-09 2. påskedag",
           "2091-05-01 1. mai (Offentlig høytidsdag)",
           "2091-05-17 17. mai (Grunnlovsdag)",
           "2091-05-17 Kristi himmelfartsdag",
           "2091-05-27 1. pinsedag",
           "2091-05-28 2. pinsedag",
           "2091-12-25 1. juledag",
           "2091-12-26 2. juledag",
       }},
      {2100,
       {
           "2100-01-01 1. nyttårsdag",
           "2100-03-25 Skjærtorsdag",
           "2100-03-26 Langfredag",
           "2100-03-28 1. påskedag",
           "2100-03-29 2. påskedag",
           "2100-05-01 1. mai (Offentlig høytidsdag)",
           "2100-05-06 Kristi himmelfartsdag",
           "2100-05-16 1. pinsedag",
           "2100-05-17 17. mai (Grunnlovsdag)",
           "2100-05-17 2. pinsedag",
           "2100-12-25 1. juledag",
           "2100-12-26 2. juledag",
       }},
      {2285,
       {
           "2285-01-01 1. nyttårsdag",
           "2285-03-19 Skjærtorsdag",
           "2285-03-20 Langfredag",
           "2285-03-22 1. påskedag",
           "2285-03-23 2. påskedag",
           "2285-04-30 Kristi himmelfartsdag",
           "2285-05-01 1. mai (Offentlig høytidsdag)",
           "2285-05-10 1. pinsedag",
           "2285-05-11 2. pinsedag",
           "2285-05-17 17. mai (Grunnlovsdag)",
           "2285-12-25 1. juledag",
           "2285-12-26 2. juledag",
       }},
      {2500,
       {
           "2500-01-01 1. nyttårsdag",
           "2500-04-15 Skjærtorsdag",
           "2500-04-16 Langfredag",
           "2500-04-18 1. påskedag",
           "2500-04-19 2. påskedag",
           "2500-05-01 1. mai (Offentlig høytidsdag)",
           "2500-05-17 17. mai (Grunnlovsdag)",
           "2500-05-27 Kristi himmelfartsdag",
           "2500-06-06 1. pinsedag",
           "2500-06-07 2. pinsedag",
           "2500-12-25 1. juledag",
           "2500-12-26 2. juledag",
       }},
      {9999,
       {
           "9999-01-01 1. nyttårsdag",
           "9999-03-25 Skjærtorsdag",
           "9999-03-26 Langfredag",
           "9999-03-28 1. påskedag",
           "9999-03-29 2. påskedag",
           "9999-05-01 1. mai (Offentlig høytidsdag)",
           "9999-05-06 Kristi himmelfartsdag",
           "9999-05-16 1. pinsedag",
           "9999-05-17 17. mai (Grunnlovsdag)",
           "9999-05-17 2. pinsedag",
           "9999-12-25 1. juledag",
           "9999-12-26 2. juledag",
       }},
  };
  for (const Year& y : years) EXPECT_EQ(listing(y.year), y.expected) << y.year;
}

TEST(PublicHolidays, EveryYearIsSortedCompleteAndConsistentWithHolidayName) {
  for (int year = 1583; year <= 9999; year += (year < 2200 ? 1 : 37)) {
    const auto list = public_holidays(year);
    ASSERT_EQ(list.size(), year >= 1947 ? 12u : 10u) << year;
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(static_cast<int>(list[i].date.year()), year);
      EXPECT_TRUE(list[i].date.ok());
      if (i > 0) {
        EXPECT_LE(sys_days{list[i - 1].date}, sys_days{list[i].date}) << year;
      }
      const auto name = holiday_name(list[i].date);
      ASSERT_TRUE(name) << format_date(list[i].date);
      EXPECT_EQ(statutory_day_type(list[i].date), DayType::holiday) << format_date(list[i].date);
    }
    // 1. and 2. påskedag are the fourth and fifth entries, one day apart.
    EXPECT_EQ(sys_days{list[4].date} - sys_days{list[3].date}, days{1}) << year;
  }
}

TEST(PublicHolidays, NoOtherDayIsAHoliday) {
  // Every day of 2020..2030: a holiday exactly when it is listed.
  for (int year = 2020; year <= 2030; ++year) {
    std::set<int> listed;
    for (const Holiday& h : public_holidays(year))
      listed.insert(sys_days{h.date}.time_since_epoch().count());
    for (sys_days d = sys_days{date::year{year} / January / 1};
         d <= sys_days{date::year{year} / December / 31}; d += days{1}) {
      const bool is_listed = listed.count(d.time_since_epoch().count()) > 0;
      EXPECT_EQ(holiday_name(year_month_day{d}).has_value(), is_listed)
          << format_date(year_month_day{d});
    }
  }
}

TEST(PublicHolidays, WhitMondayOnSeventeenthOfMayIn2027KeepsBothNames) {
  std::vector<std::string_view> names;
  for (const Holiday& h : public_holidays(2027)) {
    if (h.date == 2027_y / May / 17) names.push_back(h.name);
  }
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "17. mai (Grunnlovsdag)");
  EXPECT_EQ(names[1], "2. pinsedag");
  // As calendar.hpp promises: the day is reported as Constitution Day.
  EXPECT_EQ(holiday_name(2027_y / May / 17), "17. mai (Grunnlovsdag)");
  EXPECT_EQ(statutory_day_type(2027_y / May / 17), DayType::holiday);
  EXPECT_EQ(weekday{sys_days{2027_y / May / 17}}, Monday);
  // The Sunday before is Whit Sunday.
  EXPECT_EQ(holiday_name(2027_y / May / 16), "1. pinsedag");
  // The same in 2032 and 2100.
  EXPECT_EQ(holiday_name(2032_y / May / 17), "17. mai (Grunnlovsdag)");
  EXPECT_EQ(holiday_name(2100_y / May / 17), "17. mai (Grunnlovsdag)");
  EXPECT_EQ(holiday_name(2100_y / May / 16), "1. pinsedag");
}

TEST(PublicHolidays, AscensionOnSeventeenthOfMayAndOnFirstOfMay) {
  // Easter 2012-04-08 and 2091-04-08: Ascension (Easter + 39) is 17 May.
  for (int year : {2012, 2091}) {
    const date::year y{year};
    std::vector<std::string_view> names;
    for (const Holiday& h : public_holidays(year)) {
      if (h.date == y / May / 17) names.push_back(h.name);
    }
    ASSERT_EQ(names.size(), 2u) << year;
    EXPECT_EQ(names[0], "17. mai (Grunnlovsdag)");
    EXPECT_EQ(names[1], "Kristi himmelfartsdag");
    EXPECT_EQ(holiday_name(y / May / 17), "17. mai (Grunnlovsdag)") << year;
    EXPECT_EQ(weekday{sys_days{y / May / 17}}, Thursday) << year;
  }
  // Easter 2008-03-23 and 2160-03-23: Ascension is 1 May.
  for (int year : {2008, 2160}) {
    const date::year y{year};
    std::vector<std::string_view> names;
    for (const Holiday& h : public_holidays(year)) {
      if (h.date == y / May / 1) names.push_back(h.name);
    }
    ASSERT_EQ(names.size(), 2u) << year;
    EXPECT_EQ(names[0], "1. mai (Offentlig høytidsdag)");
    EXPECT_EQ(names[1], "Kristi himmelfartsdag");
    EXPECT_EQ(holiday_name(y / May / 1), "1. mai (Offentlig høytidsdag)") << year;
  }
  // Before 1947 the same coincidence names only the church holiday (1917: Ascension on 17 May).
  EXPECT_EQ(holiday_name(1917_y / May / 17), "Kristi himmelfartsdag");
  EXPECT_EQ(holiday_name(1913_y / May / 1), "Kristi himmelfartsdag");
}

TEST(HolidayName, EachKindOfHoliday) {
  EXPECT_EQ(holiday_name(2026_y / January / 1), "1. nyttårsdag");
  EXPECT_EQ(holiday_name(2026_y / April / 2), "Skjærtorsdag");
  EXPECT_EQ(holiday_name(2026_y / April / 3), "Langfredag");
  EXPECT_EQ(holiday_name(2026_y / April / 5), "1. påskedag");
  EXPECT_EQ(holiday_name(2026_y / April / 6), "2. påskedag");
  EXPECT_EQ(holiday_name(2026_y / May / 1), "1. mai (Offentlig høytidsdag)");
  EXPECT_EQ(holiday_name(2026_y / May / 14), "Kristi himmelfartsdag");
  EXPECT_EQ(holiday_name(2026_y / May / 17), "17. mai (Grunnlovsdag)");
  EXPECT_EQ(holiday_name(2026_y / May / 24), "1. pinsedag");
  EXPECT_EQ(holiday_name(2026_y / May / 25), "2. pinsedag");
  EXPECT_EQ(holiday_name(2026_y / December / 25), "1. juledag");
  EXPECT_EQ(holiday_name(2026_y / December / 26), "2. juledag");
  // Not holidays: the eves, an ordinary Sunday, a day outside the Gregorian range.
  EXPECT_FALSE(holiday_name(2026_y / April / 4));  // Easter Eve
  EXPECT_FALSE(holiday_name(2026_y / May / 23));   // Whitsun Eve
  EXPECT_FALSE(holiday_name(2026_y / December / 24));
  EXPECT_FALSE(holiday_name(2026_y / December / 31));
  EXPECT_FALSE(holiday_name(2026_y / March / 1));  // a Sunday
  EXPECT_FALSE(holiday_name(1500_y / January / 1));
  EXPECT_FALSE(holiday_name(10000_y / January / 1));
}

TEST(StatutoryDayType, WeekdaysSaturdaysSundaysAndHolidays) {
  struct Case {
    date::year_month_day d;
    DayType t;
  };
  const Case cases[] = {
      {2026_y / March / 27, DayType::weekday},  // Friday
      {2026_y / March / 28, DayType::saturday},
      {2026_y / March / 29, DayType::sunday},      // the 23-hour Sunday
      {2026_y / October / 25, DayType::sunday},    // the 25-hour Sunday
      {2026_y / April / 5, DayType::holiday},      // Easter Sunday is a holiday, not "sunday"
      {2026_y / May / 17, DayType::holiday},       // 17 May on a Sunday
      {2026_y / December / 26, DayType::holiday},  // Saturday
      {2027_y / May / 17, DayType::holiday},       // Monday
      {2027_y / May / 15, DayType::saturday},      // Whitsun Eve
      {2027_y / January / 4, DayType::weekday},
      {1946_y / May / 17, DayType::weekday},    // Friday, before the 1947 law
      {2100_y / March / 26, DayType::holiday},  // Good Friday 2100
      {2500_y / June / 7, DayType::holiday},    // Whit Monday 2500
      {2500_y / June / 8, DayType::weekday},    // Tuesday
  };
  for (const Case& c : cases) EXPECT_EQ(statutory_day_type(c.d), c.t) << format_date(c.d);
}

TEST(DayTypeNames, RoundTrip) {
  for (DayType t :
       {DayType::weekday, DayType::saturday, DayType::sunday, DayType::holiday, DayType::special}) {
    EXPECT_EQ(day_type_from_string(to_string(t)), t);
  }
  EXPECT_EQ(to_string(DayType::holiday), "holiday");
  EXPECT_EQ(to_string(DayType::special), "special");
  EXPECT_FALSE(day_type_from_string("Weekday"));
  EXPECT_FALSE(day_type_from_string("weekend"));
  EXPECT_FALSE(day_type_from_string(""));
}

}  // namespace
}  // namespace samtel
