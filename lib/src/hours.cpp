#include "samtel/hours.hpp"

#include <algorithm>

#include "samtel/text.hpp"

namespace samtel {

tl::expected<Window, std::string> parse_window(std::string_view text) {
  const std::string shown = quote_value(text);
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    return tl::unexpected("bad window " + shown + " (expected HH:MM-HH:MM)");
  }
  // A message about one end names the whole window too, as it was written.
  auto start = parse_minute_of_day(text.substr(0, dash));
  if (!start) return tl::unexpected("window " + shown + ": " + start.error());
  auto end = parse_minute_of_day(text.substr(dash + 1));
  if (!end) return tl::unexpected("window " + shown + ": " + end.error());
  if (*start == 1440) {
    return tl::unexpected("window " + shown + " starts at 24:00; write 00:00 instead");
  }
  if (*start == *end) {
    return tl::unexpected("window " + shown +
                          " starts and ends at the same time; write 00:00-24:00 for a whole day");
  }
  if (*end == 0) *end = 1440;  // "20:00-00:00" ends at midnight
  return Window{*start, *end};
}

std::string format_window(const Window& w) {
  return format_minute_of_day(w.start) + "-" + format_minute_of_day(w.end);
}

std::size_t hours_index(DayType t) {
  switch (t) {
    case DayType::weekday: return 0;
    case DayType::saturday: return 1;
    case DayType::sunday: return 2;
    case DayType::holiday: return 3;
    case DayType::special: break;
  }
  return 0;
}

ServiceHours::ServiceHours(std::vector<HoursVersion> versions) : versions_(std::move(versions)) {
  std::stable_sort(versions_.begin(), versions_.end(),
                   [](const HoursVersion& a, const HoursVersion& b) {
                     return a.effective_from < b.effective_from;
                   });
}

const HoursVersion* ServiceHours::version_on(LocalDays day) const {
  // Last version with effective_from <= day.
  auto it =
      std::upper_bound(versions_.begin(), versions_.end(), day,
                       [](LocalDays d, const HoursVersion& v) { return d < v.effective_from; });
  if (it == versions_.begin()) return nullptr;
  return &*std::prev(it);
}

std::span<const Window> ServiceHours::windows(LocalDays day, DayType type) const {
  const HoursVersion* v = version_on(day);
  if (v == nullptr) return {};
  return v->windows[hours_index(type)];
}

bool SpecialDay::matches(date::year_month_day day) const {
  switch (when) {
    case When::date: {
      const LocalDays d{day};
      return first <= d && d <= last;
    }
    case When::yearly: {
      const unsigned md =
          static_cast<unsigned>(day.month()) * 100 + static_cast<unsigned>(day.day());
      const unsigned lo = from_month * 100 + from_day;
      const unsigned hi = to_month * 100 + to_day;
      return lo <= hi ? (lo <= md && md <= hi) : (md >= lo || md <= hi);
    }
    case When::easter: {
      // The Easter of the same year; a range can reach from Easter-7 to Easter+50 at most.
      const auto offset =
          (date::sys_days{day} - date::sys_days{easter_sunday(static_cast<int>(day.year()))})
              .count();
      return easter_from <= offset && offset <= easter_to;
    }
  }
  return false;
}

DayInfo classify_day(LocalDays day, std::span<const SpecialDay> desk_rules,
                     std::span<const SpecialDay> site_rules) {
  const date::year_month_day ymd{day};
  DayInfo info;
  info.holiday = holiday_name(ymd);
  if (info.holiday) {
    info.type = DayType::holiday;
  } else {
    const date::weekday wd{day};
    info.type = wd == date::Sunday     ? DayType::sunday
                : wd == date::Saturday ? DayType::saturday
                                       : DayType::weekday;
  }
  info.hours_type = info.type;
  for (auto rules : {desk_rules, site_rules}) {
    for (const SpecialDay& rule : rules) {
      if (rule.matches(ymd)) {
        info.special = &rule;
        info.type = DayType::special;
        info.hours_type = rule.treat_as.value_or(DayType::special);
        return info;
      }
    }
  }
  return info;
}

std::span<const Window> windows_on(const ServiceHours& hours, LocalDays day, const DayInfo& info) {
  // Before the first version takes effect the desk has no hours at all, special day or not.
  if (hours.version_on(day) == nullptr) return {};
  if (info.special != nullptr && !info.special->treat_as) return info.special->own_windows;
  return hours.windows(day, info.hours_type);
}

}  // namespace samtel
