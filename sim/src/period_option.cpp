#include "samtel/sim/period_option.hpp"

namespace samtel::sim {

tl::expected<DateRange, std::string> parse_date_range(const std::string& from,
                                                      const std::string& to, const Zone& zone,
                                                      Instant now, long default_days) {
  const auto read = [&](const std::string& text,
                        const char* option) -> tl::expected<LocalDays, std::string> {
    if (text == "today") return local_day(zone, now);
    auto d = parse_date(text);
    if (!d) return tl::unexpected(std::string(option) + ": " + d.error());
    return LocalDays{*d};
  };
  auto first = read(from.empty() ? std::string("today") : from, "--from");
  if (!first) return tl::unexpected(first.error());
  LocalDays last = *first + date::days{default_days - 1};
  if (!to.empty()) {
    auto l = read(to, "--to");
    if (!l) return tl::unexpected(l.error());
    last = *l;
  }
  if (last < *first) return tl::unexpected(std::string("--to is before --from"));
  const DateRange range{*first, last};
  if (range.days() > kMaxRangeDays) {
    return tl::unexpected("--from/--to span " + std::to_string(range.days()) + " days; at most " +
                          std::to_string(kMaxRangeDays) + " (ten years)");
  }
  const int y0 = static_cast<int>(date::year_month_day{range.first}.year());
  const int y1 = static_cast<int>(date::year_month_day{range.last}.year());
  if (y0 < 1900 || y1 > 2200)
    return tl::unexpected(std::string("--from/--to must lie in 1900..2200"));
  return range;
}

}  // namespace samtel::sim
