#include "samtel/routing.hpp"

#include <algorithm>

#include "samtel/period.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using std::chrono::seconds;

struct WindowHit {
  LocalDays day;
  DayInfo info;
  Window window;
};

// Finds the window open at local time `local`, if any: first among windows starting today, then
// among yesterday's windows that cross midnight.
std::optional<WindowHit> open_window(const Site& site, const Desk& desk, LocalSeconds local,
                                     DayInfo& today_info) {
  const LocalDays today = date::floor<date::days>(local);
  const auto minute_x60 = (local - today).count();  // seconds since local midnight

  today_info = classify_day(today, desk.special_days, site.special_days);
  for (const Window& w : windows_on(desk.hours, today, today_info)) {
    const long start = w.start * 60L;
    const long end = w.crosses_midnight() ? 86400L : w.end * 60L;
    if (start <= minute_x60 && minute_x60 < end) return WindowHit{today, today_info, w};
  }
  const LocalDays yesterday = today - date::days{1};
  const DayInfo prev = classify_day(yesterday, desk.special_days, site.special_days);
  for (const Window& w : windows_on(desk.hours, yesterday, prev)) {
    if (w.crosses_midnight() && minute_x60 < w.end * 60L) return WindowHit{yesterday, prev, w};
  }
  return std::nullopt;
}

std::string describe_day(const RoutePlan& p) {
  std::string s;
  if (p.special_day) {
    s += "special day '" + std::string(*p.special_day) + "'";
    // The caller appends " hours ...": "special day 'Julaften' treated as holiday hours
    // 10:00-18:00".
    if (p.hours_type != DayType::special)
      s += " treated as " + std::string(to_string(p.hours_type));
  } else if (p.holiday) {
    s += "public holiday '" + std::string(*p.holiday) + "'";
  } else {
    s += to_string(p.day_type);
  }
  if (p.special_day && p.holiday) s += ", public holiday '" + std::string(*p.holiday) + "'";
  return s;
}

}  // namespace

std::string_view to_string(DutySource s) {
  switch (s) {
    case DutySource::pattern: return "rotation";
    case DutySource::swap: return "swap";
    case DutySource::shift: return "shift";
    case DutySource::override_: return "override";
  }
  return "rotation";
}

const MaintenanceWindow* maintenance_at(const Site& site, const Line& line, Instant t) {
  if (site.maintenance.empty() || site.lines.empty() || &line < site.lines.data() ||
      &line >= site.lines.data() + site.lines.size()) {
    return nullptr;
  }
  const auto index = static_cast<std::size_t>(&line - site.lines.data());
  for (const MaintenanceWindow& w : site.maintenance) {
    if (w.start > t) break;  // sorted by start
    if (w.contains(t) && w.covers_line(index)) return &w;
  }
  return nullptr;
}

RoutePlan route(const Site& site, const Line& line, const Desk& desk, Instant t) {
  RoutePlan plan;
  plan.instant = t;
  plan.site = &site;
  plan.line = &line;
  plan.desk = &desk;
  plan.local = to_local(*line.zone, t);

  DayInfo today;
  const auto hit = open_window(site, desk, plan.local, today);
  const DayInfo& info = hit ? hit->info : today;
  plan.open = hit.has_value();
  plan.service_day = hit ? hit->day : date::floor<date::days>(plan.local);
  plan.day_type = info.type;
  plan.hours_type = info.hours_type;
  plan.holiday = info.holiday;
  if (info.special != nullptr) plan.special_day = info.special->name;
  if (hit) plan.window = hit->window;

  plan.maintenance = maintenance_at(site, line, t);
  if (plan.maintenance != nullptr && line.maintenance_fallback) {
    plan.open = false;
    plan.window.reset();
    plan.fallback = &*line.maintenance_fallback;
    return plan;
  }
  plan.maintenance = nullptr;

  if (!plan.open) {
    plan.fallback = &desk.closed;
    return plan;
  }

  const Rota& rota = site.rotas[desk.rota];
  plan.attempts.reserve(rota.roles.size());
  for (std::size_t r = 0; r < rota.roles.size(); ++r) {
    const auto duty = rota.on_duty(r, t);
    if (!duty) {
      plan.skipped_roles |= 1u << r;
      continue;
    }
    const Person& person = site.people[duty->person];
    const bool repeated = std::any_of(plan.attempts.begin(), plan.attempts.end(),
                                      [&](const Attempt& a) { return a.person == &person; });
    if (repeated) {
      plan.repeated_roles |= 1u << r;
      continue;
    }
    const std::size_t address = duty->address.value_or(0);
    plan.attempts.push_back(Attempt{r, &rota.roles[r], &person, person.addresses[address].uri,
                                    rota.roles[r].ring_timeout, duty->source});
  }
  plan.coverage_gap = plan.attempts.empty();
  plan.fallback = &desk.fallback;
  return plan;
}

tl::expected<RoutePlan, std::string> route(const Schedule& schedule, std::string_view line_number,
                                           std::string_view desk_id, Instant t) {
  const auto ref = schedule.find_line(line_number);
  if (!ref) return tl::unexpected("no line with number " + quote_value(line_number));
  const Desk* desk =
      desk_id.empty() ? &ref.line->desks[ref.line->default_desk] : ref.line->find_desk(desk_id);
  if (desk == nullptr) {
    std::string known;
    for (const Desk& d : ref.line->desks) known += (known.empty() ? "" : ", ") + d.id;
    return tl::unexpected("line " + ref.line->number + " has no desk " + quote_value(desk_id) +
                          " (desks: " + known + ")");
  }
  return route(*ref.site, *ref.line, *desk, t);
}

std::optional<Instant> next_opening(const Site& site, const Line& line, const Desk& desk, Instant t,
                                    int horizon_days) {
  const LocalSeconds local = to_local(*line.zone, t);
  const LocalDays today = date::floor<date::days>(local);
  for (int i = 0; i <= horizon_days; ++i) {
    const LocalDays day = today + date::days{i};
    const DayInfo info = classify_day(day, desk.special_days, site.special_days);
    for (const Window& w : windows_on(desk.hours, day, info)) {
      const Instant start =
          resolve_local_lenient(*line.zone, LocalSeconds{day} + std::chrono::minutes{w.start});
      if (start > t) return start;
    }
  }
  return std::nullopt;
}

bool RoutePlan::same_decision(const RoutePlan& o) const {
  if (open != o.open || fallback != o.fallback || coverage_gap != o.coverage_gap ||
      maintenance != o.maintenance || attempts.size() != o.attempts.size()) {
    return false;
  }
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const Attempt& a = attempts[i];
    const Attempt& b = o.attempts[i];
    if (a.role != b.role || a.person != b.person || a.address != b.address ||
        a.ring_timeout != b.ring_timeout) {
      return false;
    }
  }
  return true;
}

std::string RoutePlan::reason() const {
  std::string s;
  if (maintenance != nullptr) {
    const Zone& zone = *line->zone;
    s = "Planned maintenance '" + maintenance->id + "' (" + format_local(zone, maintenance->start) +
        " - " + format_local(zone, maintenance->end) + "): " + maintenance->reason +
        ". Send every caller to " + fallback->name + " (" + fallback->address + ")";
    if (!fallback->message.empty()) s += " with the message: " + fallback->message;
    return s;
  }
  if (!open) {
    s = "Closed (" + describe_day(*this);
    const auto windows =
        windows_on(desk->hours, service_day,
                   classify_day(service_day, desk->special_days, site->special_days));
    if (windows.empty()) {
      s += ": no service hours that day";
    } else {
      s += " hours ";
      for (std::size_t i = 0; i < windows.size(); ++i) {
        s += (i ? ", " : "") + format_window(windows[i]);
      }
    }
    s += "). Send the caller to " + fallback->name + " (" + fallback->address + ")";
    if (!fallback->message.empty()) s += " with the message: " + fallback->message;
    return s;
  }
  s = "Open (" + describe_day(*this) + " hours " + format_window(*window) + ").";
  const Rota& rota = site->rotas[desk->rota];
  if (coverage_gap) {
    s += " COVERAGE GAP: nobody is on duty in any role of rota '" + rota.name +
         "'. Send the caller straight to " + fallback->name + " (" + fallback->address + ").";
    return s;
  }
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const Attempt& a = attempts[i];
    s += i == 0 ? " Ring " : " Then ";
    s += a.role_info->name + ": " + a.person->name + " (" + std::string(a.address) + ") for " +
         std::to_string(a.ring_timeout.count()) + " s";
    if (a.source != DutySource::pattern) s += " [" + std::string(to_string(a.source)) + "]";
    s += ".";
  }
  for (std::size_t r = 0; r < rota.roles.size(); ++r) {
    if (skipped_roles & (1u << r)) s += " No " + rota.roles[r].name + " on duty: skipped.";
    if (repeated_roles & (1u << r)) {
      s += " " + rota.roles[r].name + " is the same person as above: not rung twice.";
    }
  }
  s += " If nobody answers: " + fallback->name + " (" + fallback->address + ").";
  return s;
}

}  // namespace samtel
