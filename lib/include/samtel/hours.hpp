#pragma once
// samtel/hours.hpp — service hours: opening windows in local wall-clock time, by day type, with
// effective-dated versions and hospital-defined special days.
//
// Promises:
//  * A `Window` is half-open in wall-clock time: "08:00-23:00" is open at 08:00:00 and closed at
//    23:00:00. A window whose end is not after its start ("22:00-02:00") crosses midnight and
//    belongs to the day it starts on (its hours, its version, its special day).
//  * `ServiceHours` holds versions effective from a local date; the version in force on the day a
//    window starts decides that window. A later version may restate only some day types; the rest
//    carry over from the version before it.
//  * `SpecialDay` rules (a fixed date, a yearly date or range, a range around Easter) map a date to
//    another day type's hours or to hours of their own. The first matching rule wins; rules of a
//    desk are consulted before the site's.
//  * Nothing here converts to instants: callers decide in civil time (see time.hpp).
//
//   ServiceHours h;  // weekdays 08-23, weekends and holidays 10-18, from 2020-01-01
//   h.windows(day, DayType::holiday)  -> {{600, 1080}}
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "samtel/calendar.hpp"
#include "samtel/time.hpp"

namespace samtel {

struct Window {
  MinuteOfDay start = 0;  // 0..1439
  MinuteOfDay end = 0;    // 1..1440; end <= start means the window ends on the next day
  bool crosses_midnight() const { return end <= start; }
  // Length in wall-clock minutes.
  MinuteOfDay minutes() const { return crosses_midnight() ? 1440 - start + end : end - start; }
  friend bool operator==(const Window&, const Window&) = default;
};

// "HH:MM-HH:MM". Errors name what is wrong; "08:00-08:00" (empty or 24 h, unclear) is an error.
tl::expected<Window, std::string> parse_window(std::string_view text);
std::string format_window(const Window& w);

// The four statutory day types that carry their own hours.
inline constexpr std::array<DayType, 4> kHoursDayTypes{DayType::weekday, DayType::saturday,
                                                       DayType::sunday, DayType::holiday};
std::size_t hours_index(DayType t);  // weekday 0, saturday 1, sunday 2, holiday 3

struct HoursVersion {
  LocalDays effective_from;
  // Windows per day type (index by hours_index), sorted by start, non-overlapping. Always complete
  // after loading: types the version did not restate are copied from the previous version.
  std::array<std::vector<Window>, 4> windows;
};

class ServiceHours {
 public:
  ServiceHours() = default;
  explicit ServiceHours(std::vector<HoursVersion> versions);  // sorted by effective_from

  // Windows that start on `day` for a day of type `type` (one of kHoursDayTypes). Empty before the
  // first version takes effect.
  std::span<const Window> windows(LocalDays day, DayType type) const;
  // The version in force on `day`, or nullptr before the first one.
  const HoursVersion* version_on(LocalDays day) const;
  const std::vector<HoursVersion>& versions() const { return versions_; }

 private:
  std::vector<HoursVersion> versions_;
};

// A hospital-owned rule for days that are treated specially (Christmas Eve, Easter week, ...).
struct SpecialDay {
  enum class When { date, yearly, easter };
  std::string name;
  When when = When::date;
  LocalDays first{}, last{};              // When::date: inclusive range of dates
  unsigned from_month = 0, from_day = 0;  // When::yearly: inclusive month-day range,
  unsigned to_month = 0, to_day = 0;      //   may wrap over New Year ("12-27".."01-02")
  int easter_from = 0, easter_to = 0;     // When::easter: inclusive offsets from Easter Sunday
  // Treatment: either the hours of another day type, or windows of its own (empty = closed).
  std::optional<DayType> treat_as;
  std::vector<Window> own_windows;

  bool matches(date::year_month_day day) const;
};

// What a calendar date is, for one desk.
struct DayInfo {
  DayType type = DayType::weekday;          // statutory type, or special when a rule matched
  DayType hours_type = DayType::weekday;    // whose hours apply (special: own windows)
  std::optional<std::string_view> holiday;  // statutory holiday name, if any
  const SpecialDay* special = nullptr;      // the rule that matched, if any
};

// Classifies `day` with the desk's rules first, then the site's.
DayInfo classify_day(LocalDays day, std::span<const SpecialDay> desk_rules,
                     std::span<const SpecialDay> site_rules);

// The windows that start on `day` given its classification.
std::span<const Window> windows_on(const ServiceHours& hours, LocalDays day, const DayInfo& info);

}  // namespace samtel
