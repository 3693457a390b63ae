#include "samtel/coverage.hpp"

#include <algorithm>
#include <map>

namespace samtel {
namespace {

void sort_unique(std::vector<Instant>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Instants in [from, to) where a desk's opening state can change: local midnights and window
// boundaries of every day touching the span.
void hours_change_points(const Site& site, const Line& line, const Desk& desk, Instant from,
                         Instant to, std::vector<Instant>& out) {
  const Zone& zone = *line.zone;
  const LocalDays first = date::floor<date::days>(to_local(zone, from)) - date::days{1};
  const LocalDays last = date::floor<date::days>(to_local(zone, to)) + date::days{1};
  const auto add_instant = [&](Instant t) {
    if (from <= t && t < to) out.push_back(t);
  };
  // A wall-clock time in the repeated hour happens twice; route() decides by the wall clock, so
  // both instants can be boundaries, and so can the transitions themselves.
  const auto add = [&](LocalSeconds local) {
    add_instant(resolve_local_lenient(zone, local, Fold::earlier));
    add_instant(resolve_local_lenient(zone, local, Fold::later));
  };
  for (date::sys_info info = zone.get_info(from); info.end < to; info = zone.get_info(info.end)) {
    add_instant(info.end);
  }
  for (const MaintenanceWindow& w : site.maintenance) {
    add_instant(w.start);
    add_instant(w.end);
  }
  for (LocalDays day = first; day <= last; day += date::days{1}) {
    add(LocalSeconds{day});
    const DayInfo info = classify_day(day, desk.special_days, site.special_days);
    for (const Window& w : windows_on(desk.hours, day, info)) {
      add(LocalSeconds{day} + std::chrono::minutes{w.start});
      const auto end_day = w.crosses_midnight() ? day + date::days{1} : day;
      add(LocalSeconds{end_day} + std::chrono::minutes{w.end});
    }
  }
}

struct DutySpan {
  Instant start, end;
  std::size_t person;
};

// Who holds `role` of `rota` over [from, to), as merged spans (gaps where nobody does).
std::vector<DutySpan> duty_spans(const Rota& rota, std::size_t role, Instant from, Instant to) {
  std::vector<Instant> points{from};
  rota.change_points(from, to, points);
  sort_unique(points);
  std::vector<DutySpan> out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Instant end = i + 1 < points.size() ? points[i + 1] : to;
    const auto duty = rota.on_duty(role, points[i]);
    if (!duty) continue;
    if (!out.empty() && out.back().end == points[i] && out.back().person == duty->person) {
      out.back().end = end;
    } else {
      out.push_back({points[i], end, duty->person});
    }
  }
  return out;
}

std::string span_text(Instant a, Instant b) { return format_utc(a) + " - " + format_utc(b); }

}  // namespace

std::vector<Segment> timeline(const Site& site, const Line& line, const Desk& desk, Instant from,
                              Instant to) {
  return timeline(site, line, desk, from, to,
                  [](const RoutePlan& a, const RoutePlan& b) { return a.same_decision(b); });
}

std::vector<Segment> timeline(const Site& site, const Line& line, const Desk& desk, Instant from,
                              Instant to, SamePlan same) {
  std::vector<Segment> out;
  if (!(from < to)) return out;
  std::vector<Instant> points{from};
  hours_change_points(site, line, desk, from, to, points);
  site.rotas[desk.rota].change_points(from, to, points);
  sort_unique(points);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Instant end = i + 1 < points.size() ? points[i + 1] : to;
    RoutePlan plan = route(site, line, desk, points[i]);
    if (!out.empty() && same(out.back().plan, plan)) {
      out.back().end = end;
    } else {
      out.push_back(Segment{points[i], end, std::move(plan)});
    }
  }
  return out;
}

CoverageReport analyse_coverage(const Site& site, Instant from, Instant to) {
  CoverageReport report;
  for (const Line& line : site.lines) {
    for (const Desk& desk : line.desks) {
      for (const Segment& s : timeline(site, line, desk, from, to)) {
        if (s.plan.coverage_gap) report.gaps.push_back(CoverageGap{&line, &desk, s.start, s.end});
      }
    }
  }

  const auto overlap_of = [&](Instant a0, Instant a1, Instant b0, Instant b1, std::string text) {
    const Instant s = std::max({a0, b0, from});
    const Instant e = std::min({a1, b1, to});
    if (s < e) report.overlaps.push_back(AssignmentOverlap{s, e, std::move(text)});
  };

  struct Holder {
    const Rota* rota;
    std::size_t role;
    std::vector<DutySpan> spans;
  };
  std::vector<Holder> holders;
  for (const Rota& rota : site.rotas) {
    // One-off shifts and overrides of the same role that overlap: the roster says two things.
    for (std::size_t i = 0; i < rota.shifts.size(); ++i) {
      for (std::size_t j = i + 1; j < rota.shifts.size(); ++j) {
        const DutyShift& a = rota.shifts[i];
        const DutyShift& b = rota.shifts[j];
        if (a.role != b.role) continue;
        overlap_of(a.start, a.end, b.start, b.end,
                   "rota '" + rota.id + "', role '" + rota.roles[a.role].id + "': shifts of " +
                       site.people[a.person].name + " (" + span_text(a.start, a.end) + ") and " +
                       site.people[b.person].name + " (" + span_text(b.start, b.end) +
                       ") overlap; the earlier-starting one is used");
      }
    }
    for (std::size_t i = 0; i < rota.overrides.size(); ++i) {
      for (std::size_t j = i + 1; j < rota.overrides.size(); ++j) {
        const DutyOverride& a = rota.overrides[i];
        const DutyOverride& b = rota.overrides[j];
        if (a.role != b.role || a.replaces != b.replaces) continue;
        overlap_of(a.start, a.end, b.start, b.end,
                   "rota '" + rota.id + "', role '" + rota.roles[a.role].id + "': overrides for " +
                       site.people[a.person].name + " and " + site.people[b.person].name +
                       " overlap; the earlier-starting one is used");
      }
    }
    for (std::size_t r = 0; r < rota.roles.size(); ++r) {
      holders.push_back(Holder{&rota, r, duty_spans(rota, r, from, to)});
    }
  }

  // One person holding two duties at once (two roles of a rota, or two rotas).
  for (std::size_t a = 0; a < holders.size(); ++a) {
    for (std::size_t b = a + 1; b < holders.size(); ++b) {
      const Holder& ha = holders[a];
      const Holder& hb = holders[b];
      std::size_t j = 0;
      for (const DutySpan& sa : ha.spans) {
        while (j < hb.spans.size() && hb.spans[j].end <= sa.start) ++j;
        for (std::size_t k = j; k < hb.spans.size() && hb.spans[k].start < sa.end; ++k) {
          const DutySpan& sb = hb.spans[k];
          if (sa.person != sb.person) continue;
          overlap_of(sa.start, sa.end, sb.start, sb.end,
                     site.people[sa.person].name + " is on duty as '" +
                         ha.rota->roles[ha.role].name + "' (rota '" + ha.rota->id + "') and as '" +
                         hb.rota->roles[hb.role].name + "' (rota '" + hb.rota->id +
                         "') at the same time");
        }
      }
    }
  }
  std::sort(
      report.overlaps.begin(), report.overlaps.end(),
      [](const AssignmentOverlap& x, const AssignmentOverlap& y) { return x.start < y.start; });
  return report;
}

}  // namespace samtel
