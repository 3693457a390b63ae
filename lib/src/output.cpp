#include "samtel/output.hpp"

#include <algorithm>

#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::ordered_json;

std::size_t display_width(const std::string& s) { return character_count(s); }

std::string header_rule(const std::vector<std::size_t>& widths, TableStyle style) {
  std::string rule;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const bool last = i + 1 == widths.size();
    rule += std::string(widths[i], '-');
    if (!last) rule += style == TableStyle::one_rule ? "--" : "  ";
  }
  return rule;
}

ordered_json optional_text(std::optional<std::string_view> s) {
  return s ? ordered_json(std::string(*s)) : ordered_json(nullptr);
}

ordered_json attempt_json(const Attempt& a) {
  return ordered_json{{"role", a.role_info->id},
                      {"role_name", a.role_info->name},
                      {"person", a.person->id},
                      {"name", a.person->name},
                      {"address", std::string(a.address)},
                      {"ring_seconds", a.ring_timeout.count()},
                      {"source", std::string(to_string(a.source))}};
}

ordered_json fallback_json(const Fallback* f) {
  if (f == nullptr) return nullptr;
  return ordered_json{{"name", f->name}, {"address", f->address}, {"message", f->message}};
}

}  // namespace

std::string render_table(const std::vector<std::vector<std::string>>& rows, TableStyle style) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      line += rows[r][i];
      if (i + 1 < rows[r].size())
        line += std::string(widths[i] - display_width(rows[r][i]) + 2, ' ');
    }
    if (style == TableStyle::column_rules) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
    }
    out += line + "\n";
    if (r == 0) out += header_rule(widths, style) + "\n";
  }
  return out;
}

std::string render_csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string& f = row[i];
      if (i) out += ',';
      if (f.find_first_of(",\"\r\n") == std::string::npos) {
        out += f;
      } else {
        out += '"';
        for (char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
      }
    }
    out += "\r\n";
  }
  return out;
}

ordered_json plan_json(const RoutePlan& p) {
  ordered_json attempts = ordered_json::array();
  for (const Attempt& a : p.attempts) attempts.push_back(attempt_json(a));
  return ordered_json{
      {"day_type", std::string(to_string(p.day_type))},
      {"hours_type", std::string(to_string(p.hours_type))},
      {"holiday", optional_text(p.holiday)},
      {"special_day", optional_text(p.special_day)},
      {"window", p.window ? ordered_json(format_window(*p.window)) : ordered_json(nullptr)},
      {"attempts", attempts},
      {"fallback", fallback_json(p.fallback)}};
}

nlohmann::json route_json(const RoutePlan& plan) {
  using nlohmann::json;
  const Zone& zone = *plan.line->zone;
  json out = plan_json(plan);
  out["instant"] = format_rfc3339(zone, plan.instant);
  out["instant_utc"] = format_utc(plan.instant);
  out["site"] = plan.site->id;
  out["line"] = plan.line->number;
  out["desk"] = plan.desk->id;
  out["open"] = plan.open;
  out["service_day"] = format_date(date::year_month_day{plan.service_day});
  out["coverage_gap"] = plan.coverage_gap;
  if (plan.maintenance != nullptr) {
    out["maintenance"] = {{"id", plan.maintenance->id},
                          {"reason", plan.maintenance->reason},
                          {"start", format_rfc3339(zone, plan.maintenance->start)},
                          {"end", format_rfc3339(zone, plan.maintenance->end)}};
  }
  out["reason"] = plan.reason();
  return out;
}

nlohmann::json who_json(const Schedule& schedule, Instant t) {
  using nlohmann::json;
  json desks = json::array();
  for (const Site& site : schedule.sites()) {
    for (const Line& line : site.lines) {
      for (const Desk& desk : line.desks) {
        const RoutePlan plan = route(site, line, desk, t);
        const Rota& rota = site.rotas[desk.rota];
        json jdesk{{"line", line.number},
                   {"desk", desk.id},
                   {"open", plan.open},
                   {"coverage_gap", plan.coverage_gap},
                   {"roles", json::array()}};
        for (std::size_t r = 0; r < rota.roles.size(); ++r) {
          const auto duty = rota.on_duty(r, t);
          json name = nullptr, address = nullptr, until = nullptr;
          if (duty) {
            const Person& p = site.people[duty->person];
            name = p.name;
            address = p.addresses[duty->address.value_or(0)].uri;
            until = format_rfc3339(*line.zone, duty->end);
          }
          jdesk["roles"].push_back(
              {{"role", rota.roles[r].id}, {"name", name}, {"address", address}, {"until", until}});
        }
        desks.push_back(std::move(jdesk));
      }
    }
  }
  const auto first = schedule.first_line();
  const std::string instant = first ? format_rfc3339(*first.line->zone, t) : format_utc(t);
  return json{{"instant", instant}, {"desks", desks}};
}

}  // namespace samtel
