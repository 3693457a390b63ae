#pragma once
// samtel/calendar.hpp — Norway's public holidays and the day types that opening hours are keyed by.
//
// Promises:
//  * `public_holidays(y)` lists the statutory public holidays of year `y` (Gregorian calendar,
//    1583..9999) in date order, each with its Norwegian name: 1. nyttårsdag, Skjærtorsdag,
//    Langfredag, 1. and 2. påskedag, Kristi himmelfartsdag, 1. and 2. pinsedag, 25. and 26.
//    desember, and from 1947 on 1. mai and 17. mai. Ordinary Sundays are not listed (they are
//    `DayType::sunday`).
//  * Easter is the Gregorian (western) Easter.
//  * 24 and 31 December, Easter Eve and Whitsun Eve are not holidays here; a site that treats them
//    specially says so with special days (see schedule.hpp).
//
//   for (const Holiday& h : public_holidays(2027)) std::cout << format_date(h.date) << h.name;
//   holiday_name(2027y/May/17d) == "17. mai (Grunnlovsdag)"
#include <optional>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace samtel {

// What kind of day a calendar date is, for choosing opening hours.
enum class DayType { weekday, saturday, sunday, holiday, special };

std::string_view to_string(DayType t);
std::optional<DayType> day_type_from_string(std::string_view s);

struct Holiday {
  date::year_month_day date;
  std::string_view name;  // Norwegian name, static storage
};

// Gregorian Easter Sunday of `year`.
date::year_month_day easter_sunday(int year);

// Statutory public holidays of `year`, in date order. Empty outside 1583..9999.
std::vector<Holiday> public_holidays(int year);

// The holiday's name if `day` is a statutory public holiday (not counting ordinary Sundays).
std::optional<std::string_view> holiday_name(date::year_month_day day);

// The statutory day type of `day`: holiday, sunday, saturday or weekday (never special).
DayType statutory_day_type(date::year_month_day day);

}  // namespace samtel
