#include "samtel/calendar.hpp"

#include <algorithm>
#include <array>

namespace samtel {

std::string_view to_string(DayType t) {
  switch (t) {
    case DayType::weekday: return "weekday";
    case DayType::saturday: return "saturday";
    case DayType::sunday: return "sunday";
    case DayType::holiday: return "holiday";
    case DayType::special: return "special";
  }
  return "weekday";
}

std::optional<DayType> day_type_from_string(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, DayType>, 5> kNames{{
      {"weekday", DayType::weekday},
      {"saturday", DayType::saturday},
      {"sunday", DayType::sunday},
      {"holiday", DayType::holiday},
      {"special", DayType::special},
  }};
  for (const auto& [name, type] : kNames) {
    if (name == s) return type;
  }
  return std::nullopt;
}

date::year_month_day easter_sunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return date::year_month_day{date::year{year}, date::month{static_cast<unsigned>(month)},
                              date::day{static_cast<unsigned>(day)}};
}

std::vector<Holiday> public_holidays(int year_number) {
  std::vector<Holiday> out;
  if (year_number < 1583 || year_number > 9999) return out;
  using namespace date;
  const int year = year_number;
  const date::year y{year};
  const sys_days easter{easter_sunday(year)};
  const auto rel = [&](int offset) { return year_month_day{easter + days{offset}}; };

  out.push_back({y / January / 1, "1. nyttårsdag"});
  out.push_back({rel(-3), "Skjærtorsdag"});
  out.push_back({rel(-2), "Langfredag"});
  out.push_back({rel(0), "1. påskedag"});
  out.push_back({rel(1), "2. påskedag"});
  if (year >= 1947) out.push_back({y / May / 1, "1. mai (Offentlig høytidsdag)"});
  if (year >= 1947) out.push_back({y / May / 17, "17. mai (Grunnlovsdag)"});
  out.push_back({rel(39), "Kristi himmelfartsdag"});
  out.push_back({rel(49), "1. pinsedag"});
  out.push_back({rel(50), "2. pinsedag"});
  out.push_back({y / December / 25, "1. juledag"});
  out.push_back({y / December / 26, "2. juledag"});

  // Ascension or Whit Monday can fall on 1 or 17 May: keep date order, and keep both names
  // (they are separate entries for the same date).
  std::stable_sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) {
    return sys_days{a.date} < sys_days{b.date};
  });
  return out;
}

std::optional<std::string_view> holiday_name(date::year_month_day day) {
  using namespace date;
  const int y = static_cast<int>(day.year());
  if (y < 1583 || y > 9999) return std::nullopt;
  // Fast path: fixed-date holidays, then Easter-relative ones, without building the list.
  const auto m = static_cast<unsigned>(day.month());
  const auto d = static_cast<unsigned>(day.day());
  if (m == 1 && d == 1) return "1. nyttårsdag";
  if (m == 12 && d == 25) return "1. juledag";
  if (m == 12 && d == 26) return "2. juledag";
  // 1 and 17 May before the Easter-relative days: when Ascension or Whit Monday falls on one of
  // them, the day is named as the first entry public_holidays() lists for it.
  if (y >= 1947 && m == 5 && d == 1) return "1. mai (Offentlig høytidsdag)";
  if (y >= 1947 && m == 5 && d == 17) return "17. mai (Grunnlovsdag)";
  const auto offset = (sys_days{day} - sys_days{easter_sunday(y)}).count();
  switch (offset) {
    case -3: return "Skjærtorsdag";
    case -2: return "Langfredag";
    case 0: return "1. påskedag";
    case 1: return "2. påskedag";
    case 39: return "Kristi himmelfartsdag";
    case 49: return "1. pinsedag";
    case 50: return "2. pinsedag";
    default: break;
  }
  return std::nullopt;
}

DayType statutory_day_type(date::year_month_day day) {
  if (holiday_name(day)) return DayType::holiday;
  const date::weekday wd{date::sys_days{day}};
  if (wd == date::Sunday) return DayType::sunday;
  if (wd == date::Saturday) return DayType::saturday;
  return DayType::weekday;
}

}  // namespace samtel
