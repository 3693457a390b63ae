#include "output.hpp"

#include <algorithm>

namespace samtel::cli {

using nlohmann::json;

nlohmann::json plan_to_json(const RoutePlan& plan) {
  const Zone& zone = *plan.line->zone;
  json attempts = json::array();
  for (const Attempt& a : plan.attempts) {
    attempts.push_back({{"role", a.role_info->id},
                        {"role_name", a.role_info->name},
                        {"person", a.person->id},
                        {"name", a.person->name},
                        {"address", std::string(a.address)},
                        {"ring_seconds", a.ring_timeout.count()},
                        {"source", std::string(to_string(a.source))}});
  }
  const auto opt = [](const std::optional<std::string_view>& s) -> json {
    return s ? json(std::string(*s)) : json(nullptr);
  };
  json window = nullptr;
  if (plan.window) window = format_window(*plan.window);
  return json{{"instant", format_rfc3339(zone, plan.instant)},
              {"instant_utc", format_utc(plan.instant)},
              {"site", plan.site->id},
              {"line", plan.line->number},
              {"desk", plan.desk->id},
              {"open", plan.open},
              {"service_day", format_date(date::year_month_day{plan.service_day})},
              {"day_type", std::string(to_string(plan.day_type))},
              {"hours_type", std::string(to_string(plan.hours_type))},
              {"holiday", opt(plan.holiday)},
              {"special_day", opt(plan.special_day)},
              {"window", window},
              {"attempts", attempts},
              {"fallback",
               {{"name", plan.fallback->name},
                {"address", plan.fallback->address},
                {"message", plan.fallback->message}}},
              {"coverage_gap", plan.coverage_gap},
              {"reason", plan.reason()}};
}

namespace {
// Display width in characters, counting each UTF-8 sequence once (names carry æ, ø, å).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

std::string render_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      line += rows[r][i];
      if (i + 1 < rows[r].size()) line += std::string(widths[i] - display_width(rows[r][i]) + 2, ' ');
    }
    out += line + "\n";
    if (r == 0) {
      std::size_t total = 0;
      for (std::size_t i = 0; i < widths.size(); ++i) total += widths[i] + (i + 1 < widths.size() ? 2 : 0);
      out += std::string(total, '-') + "\n";
    }
  }
  return out;
}

}  // namespace samtel::cli
