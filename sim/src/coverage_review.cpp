#include "samtel/sim/coverage_review.hpp"

#include <algorithm>

namespace samtel::sim {
namespace {

void sort_unique(std::vector<Instant>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string windows_text(const std::vector<Window>& ws) {
  if (ws.empty()) return "closed";
  std::string s;
  for (const Window& w : ws) s += (s.empty() ? "" : ", ") + format_window(w);
  return s;
}

}  // namespace

std::string treatment_text(const DeskDay& d) {
  const std::string hours = windows_text(d.windows);
  if (d.info.special != nullptr) {
    if (d.info.special->treat_as) {
      return "'" + d.info.special->name + "' treated as " +
             std::string(to_string(*d.info.special->treat_as)) + ": " + hours;
    }
    return "'" + d.info.special->name + "' with its own hours: " + hours;
  }
  return std::string(to_string(d.info.hours_type)) + " hours: " + hours;
}

CoverageReview review_coverage(const Site& site, Instant from, Instant to, Progress* progress) {
  CoverageReview out;
  out.site = &site;
  out.from = from;
  out.to = to;
  if (!(from < to)) return out;
  if (progress != nullptr) progress->update("coverage", 0.0);
  out.core = analyse_coverage(site, from, to);
  if (progress != nullptr) progress->update("coverage", 0.4);

  std::vector<DeskRef> all;
  for (const Line& line : site.lines) {
    for (const Desk& desk : line.desks) all.push_back(DeskRef{&site, &line, &desk});
  }

  // Open time and gap time per desk.
  for (const DeskRef& d : all) {
    DeskCoverage c{d, {}, {}};
    for (const Segment& s : timeline(site, *d.line, *d.desk, from, to)) {
      if (s.plan.open) c.open += s.end - s.start;
      if (s.plan.coverage_gap) c.gap += s.end - s.start;
    }
    out.desks.push_back(c);
  }
  if (progress != nullptr) progress->update("coverage", 0.6);

  // Duties that end while a desk of the rota is open, with nobody taking over.
  std::vector<Instant> points;
  for (const Rota& rota : site.rotas) {
    points.assign({from});
    rota.change_points(from, to, points);
    sort_unique(points);
    for (std::size_t r = 0; r < rota.roles.size(); ++r) {
      std::optional<OnDuty> prev = rota.on_duty(r, points[0]);
      for (std::size_t i = 1; i < points.size(); ++i) {
        std::optional<OnDuty> cur = rota.on_duty(r, points[i]);
        if (prev && !cur) {
          DutyLapse lapse{&rota, &rota.roles[r], &site.people[prev->person], points[i], {}, {}};
          for (const DeskRef& d : all) {
            if (&site.rotas[d.desk->rota] != &rota) continue;
            if (route(site, *d.line, *d.desk, points[i]).open) lapse.open_desks.push_back(d);
          }
          for (std::size_t j = i + 1; j < points.size(); ++j) {
            if (rota.on_duty(r, points[j])) {
              lapse.resumes = points[j];
              break;
            }
          }
          if (!lapse.open_desks.empty()) out.lapses.push_back(std::move(lapse));
        }
        prev = cur;
      }
    }
    // Overrides that replace a named person who is never on duty in that role meanwhile.
    for (const DutyOverride& o : rota.overrides) {
      if (!o.replaces || !(o.start < to) || !(from < o.end)) continue;
      std::vector<Instant> inside{std::max(o.start, from)};
      rota.change_points(std::max(o.start, from), std::min(o.end, to), inside);
      sort_unique(inside);
      bool applies = false;
      for (const Instant t : inside) {
        const auto base = rota.base_on_duty(o.role, t);
        if (base && base->person == *o.replaces) {
          applies = true;
          break;
        }
      }
      if (!applies) out.idle_overrides.push_back(IdleOverride{&rota, &o});
    }
  }
  std::sort(out.lapses.begin(), out.lapses.end(),
            [](const DutyLapse& a, const DutyLapse& b) { return a.at < b.at; });
  if (progress != nullptr) progress->update("coverage", 0.8);

  // Holidays, special days and clock changes, with each desk's treatment.
  const Zone& zone = *site.zone;
  const LocalDays first = local_day(zone, from);
  const LocalDays last = local_day(zone, to - std::chrono::seconds{1});
  for (LocalDays day = first; day <= last; day += date::days{1}) {
    NotableDay n;
    n.day = day;
    n.holiday = holiday_name(date::year_month_day{day});
    n.clock_change = clock_change_on(zone, day);
    for (const DeskRef& d : all) {
      const DayInfo info = classify_day(day, d.desk->special_days, site.special_days);
      const auto ws = windows_on(d.desk->hours, day, info);
      n.desks.push_back(DeskDay{d, info, std::vector<Window>(ws.begin(), ws.end())});
      if (info.special != nullptr && std::find(n.special_names.begin(), n.special_names.end(),
                                               info.special->name) == n.special_names.end()) {
        n.special_names.push_back(info.special->name);
      }
    }
    if (n.holiday || !n.special_names.empty() || n.clock_change) out.days.push_back(std::move(n));
  }
  if (progress != nullptr) progress->update("coverage", 1.0);
  return out;
}

}  // namespace samtel::sim
