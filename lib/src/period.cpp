#include "samtel/period.hpp"

#include <cstdio>

namespace samtel {

Span to_span(const Zone& zone, DateRange range) {
  return Span{resolve_local_lenient(zone, LocalSeconds{range.first}),
              resolve_local_lenient(zone, LocalSeconds{range.last + date::days{1}})};
}

Span day_span(const Zone& zone, LocalDays day) { return to_span(zone, DateRange{day, day}); }

LocalDays local_day(const Zone& zone, Instant t) {
  return date::floor<date::days>(to_local(zone, t));
}

std::vector<ClockChange> clock_changes(const Zone& zone, Instant from, Instant to) {
  std::vector<ClockChange> out;
  Instant t = from;
  while (t < to) {
    const date::sys_info info = zone.get_info(t);
    if (!(info.end < to)) break;
    const date::sys_info next = zone.get_info(info.end);
    if (next.offset != info.offset) out.push_back(ClockChange{info.end, info.offset, next.offset});
    if (!(info.end > t)) break;  // defensive: never loop in place
    t = info.end;
  }
  return out;
}

std::optional<ClockChange> clock_change_on(const Zone& zone, LocalDays day) {
  const Span s = day_span(zone, day);
  const auto changes = clock_changes(zone, s.from, s.to);
  if (changes.empty()) return std::nullopt;
  return changes.front();
}

std::string describe(const ClockChange& c) {
  const auto wall = [](LocalSeconds t) {
    return date::format("%H:%M", date::floor<std::chrono::minutes>(t));
  };
  const auto shift =
      std::chrono::duration_cast<std::chrono::minutes>(c.offset_after - c.offset_before);
  const long hours = 24 - shift.count() / 60;
  return std::string("clocks go ") + (c.forward() ? "forward " : "back ") + wall(c.wall_before()) +
         " -> " + wall(c.wall_after()) + " (a " + std::to_string(hours) + "-hour day)";
}

std::string format_local(const Zone& zone, Instant t) {
  const LocalSeconds local = to_local(zone, t);
  const auto secs = (local - date::floor<std::chrono::minutes>(local)).count();
  return secs == 0 ? date::format("%F %H:%M", date::floor<std::chrono::minutes>(local))
                   : date::format("%F %T", local);
}

std::string format_local_offset(const Zone& zone, Instant t) {
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(utc_offset(zone, t)).count();
  char tail[32];
  const long a = offset < 0 ? -offset : offset;
  std::snprintf(tail, sizeof tail, "%c%02ld:%02ld", offset < 0 ? '-' : '+', a / 60, a % 60);
  return format_local(zone, t) + tail;
}

std::string format_day(LocalDays day) { return date::format("%a %F", day); }

std::string format_hours(std::chrono::seconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(d.count()) / 3600.0);
  return buf;
}

}  // namespace samtel
