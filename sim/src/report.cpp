#include "samtel/sim/report.hpp"

#include <cstdio>

#include "samtel/sim/render.hpp"
#include "samtel/text.hpp"

namespace samtel::sim {
namespace {

std::string esc(std::string_view s) { return xml_escape(s); }

std::string date_text(LocalDays d) { return format_date(date::year_month_day{d}); }

std::string table_html(const std::vector<std::vector<std::string>>& rows,
                       const std::string& cls = "") {
  std::string out = "<table" + (cls.empty() ? "" : " class=\"" + cls + "\"") + ">\n<thead><tr>";
  for (const auto& h : rows.front()) out += "<th>" + esc(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 1; r < rows.size(); ++r) {
    out += "<tr>";
    for (const auto& c : rows[r]) out += "<td>" + esc(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string wait_text(const TrafficStats& s, bool median) {
  if (s.open_calls == 0) return "-";
  char buf[32];
  if (median)
    std::snprintf(buf, sizeof buf, "%.1f s", s.median_wait);
  else
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s.worst_wait));
  return buf;
}

const char* kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; color: #212121; margin: 16px; }
h1 { font-size: 20px; margin: 0 0 4px 0; }
h2 { font-size: 17px; margin: 24px 0 8px 0; border-bottom: 1px solid #bdbdbd; }
h3 { font-size: 15px; margin: 16px 0 6px 0; }
p.meta { color: #555555; margin: 0 0 8px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; }
.figure { border: 1px solid #bdbdbd; border-radius: 4px; padding: 6px 10px; min-width: 120px; }
.figure b { display: block; font-size: 18px; }
table { border-collapse: collapse; margin: 4px 0 8px 0; }
th, td { border: 1px solid #e0e0e0; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.open { background: #c8e6c9; } td.closed { background: #eceff1; } td.gap { background: #ffcdd2; }
ul { margin: 4px 0; }
.heatmap { margin: 0 0 12px 0; }
.heatmap svg { display: block; }
)";

}  // namespace

std::string html_report(const ReportInput& in) {
  const Site& site = *in.line.site;
  const Line& line = *in.line.line;
  const Zone& zone = *line.zone;
  const std::string period = date_text(in.range.first) + " – " + date_text(in.range.last);
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>" + esc(line.name + " (" + line.number + "): simulation report " + period) +
       "</title>\n";
  h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  h += "<h1>" + esc(line.name + " (" + line.number + ")") + " — simulation report</h1>\n";
  std::string meta = site.name + ". Period " + period + " (" + std::to_string(in.range.days()) +
                     " days), local time " + zone.name() + ". Configuration: " + in.configuration +
                     ".";
  if (in.replay != nullptr) {
    const Scenario& s = *in.replay->scenario;
    meta += " Scenario: " + s.name + " (" + s.source + "), seed " + std::to_string(s.seed) + ".";
  }
  h += "<p class=\"meta\">" + esc(meta) + "</p>\n";

  // Summary.
  h += "<h2>Summary</h2>\n<div class=\"figures\">\n";
  const auto figure = [&](const std::string& value, const std::string& label) {
    h += "<div class=\"figure\"><b>" + esc(value) + "</b>" + esc(label) + "</div>\n";
  };
  if (in.summary != nullptr) {
    const TrafficStats& t = in.summary->total;
    figure(std::to_string(t.calls), "calls");
    figure(percent(t.answered, t.open_calls), "answered while open");
    figure(std::to_string(t.escalated), "escalated to backup");
    figure(std::to_string(t.fallback + t.gap), "reached the fallback");
    figure(std::to_string(t.closed), "arrived while closed");
    figure(wait_text(t, true), "median wait");
    figure(wait_text(t, false), "worst wait");
  }
  if (in.coverage != nullptr) {
    std::chrono::seconds open{0}, gap{0};
    for (const DeskCoverage& d : in.coverage->desks) {
      if (d.desk.line != &line) continue;
      open += d.open;
      gap += d.gap;
    }
    figure(format_hours(open) + " h", "desk-hours open");
    figure(format_hours(gap) + " h", "open with nobody on duty");
    figure(std::to_string(in.coverage->findings()), "coverage findings");
  }
  h += "</div>\n";

  // Heatmaps.
  h += "<h2>Heatmaps</h2>\n";
  for (const DeskRef& d : in.desks) {
    HeatmapOptions opt;
    if (in.replay != nullptr) {
      opt.traffic = in.replay;
      opt.shade = in.shade;
    }
    h += "<div class=\"heatmap\">\n" + heatmap_svg(site, line, *d.desk, in.range, opt) + "</div>\n";
  }

  // Traffic.
  if (in.summary != nullptr) {
    const TrafficSummary& s = *in.summary;
    h += "<h2>Traffic by day type</h2>\n";
    std::vector<std::vector<std::string>> t{{"day type", "days", "calls", "answered", "rate",
                                             "escalated", "fallback", "gap", "closed",
                                             "median wait", "worst wait"}};
    const auto row = [&](const std::string& name, const std::string& days, const TrafficStats& st) {
      t.push_back({name, days, std::to_string(st.calls), std::to_string(st.answered),
                   percent(st.answered, st.open_calls), std::to_string(st.escalated),
                   std::to_string(st.fallback), std::to_string(st.gap), std::to_string(st.closed),
                   wait_text(st, true), wait_text(st, false)});
    };
    for (DayType ty : kAllDayTypes) {
      const TrafficStats& st = s.by_day_type[index_of(ty)];
      if (st.calls == 0 && s.days[index_of(ty)] == 0) continue;
      row(std::string(to_string(ty)), std::to_string(s.days[index_of(ty)]), st);
    }
    row("all", "", s.total);
    h += table_html(t);
    h += "<h3>By local hour (all day types)</h3>\n";
    std::vector<std::vector<std::string>> hours{{"hour", "calls", "answered", "rate", "escalated",
                                                 "fallback", "gap", "closed", "median wait",
                                                 "worst wait"}};
    for (std::size_t hr = 0; hr < 24; ++hr) {
      const TrafficStats& st = s.by_hour[hr];
      if (st.calls == 0) continue;
      hours.push_back({format_minute_of_day(static_cast<MinuteOfDay>(hr * 60)),
                       std::to_string(st.calls), std::to_string(st.answered),
                       percent(st.answered, st.open_calls), std::to_string(st.escalated),
                       std::to_string(st.fallback), std::to_string(st.gap),
                       std::to_string(st.closed), wait_text(st, true), wait_text(st, false)});
    }
    h += table_html(hours);
    if (!s.people.empty()) {
      h += "<h3>Who answered</h3>\n";
      std::vector<std::vector<std::string>> p{{"person", "answered", "talk (h)"}};
      for (const auto& pl : s.people)
        p.push_back({pl.person->name, std::to_string(pl.answered), format_hours(pl.talk)});
      h += table_html(p);
    }
  }

  // Coverage.
  if (in.coverage != nullptr) {
    const CoverageReview& c = *in.coverage;
    const auto when = [&](Instant t) { return format_local_offset(zone, t); };
    h += "<h2>Coverage</h2>\n";
    h += "<h3>Open with nobody on duty (" + std::to_string(c.core.gaps.size()) + ")</h3>\n<ul>\n";
    for (const CoverageGap& g : c.core.gaps) {
      h += "<li>" +
           esc(g.line->number + " " + g.desk->name + ": " + when(g.start) + " – " + when(g.end)) +
           "</li>\n";
    }
    if (c.core.gaps.empty()) h += "<li>none</li>\n";
    h += "</ul>\n<h3>Overlapping or conflicting assignments (" +
         std::to_string(c.core.overlaps.size() + c.idle_overrides.size()) + ")</h3>\n<ul>\n";
    for (const AssignmentOverlap& o : c.core.overlaps) {
      h += "<li>" + esc(when(o.start) + " – " + when(o.end) + ": " + o.description) + "</li>\n";
    }
    for (const IdleOverride& o : c.idle_overrides) {
      h += "<li>" +
           esc("rota " + o.rota->id + ": override by " + site.people[o.entry->person].name +
               " replacing " + site.people[*o.entry->replaces].name + " " + when(o.entry->start) +
               " never applies") +
           "</li>\n";
    }
    if (c.core.overlaps.empty() && c.idle_overrides.empty()) h += "<li>none</li>\n";
    h += "</ul>\n<h3>Duties that end while open with nobody taking over (" +
         std::to_string(c.lapses.size()) + ")</h3>\n<ul>\n";
    for (const DutyLapse& l : c.lapses) {
      h += "<li>" +
           esc(when(l.at) + ": " + l.role->name + " (" + l.person->name +
               ") ends; nobody takes over " +
               (l.resumes ? "until " + when(*l.resumes)
                          : std::string("for the rest of the period"))) +
           "</li>\n";
    }
    if (c.lapses.empty()) h += "<li>none</li>\n";
    h += "</ul>\n<h3>Holidays, special days and clock changes (" + std::to_string(c.days.size()) +
         ")</h3>\n";
    std::vector<std::vector<std::string>> t{{"date", "what", "treatment"}};
    for (const NotableDay& n : c.days) {
      std::string what;
      if (n.holiday) what += std::string(*n.holiday);
      for (const auto& s : n.special_names) what += (what.empty() ? "" : ", ") + s;
      if (n.clock_change) what += (what.empty() ? "" : ", ") + describe(*n.clock_change);
      std::string treat;
      for (const DeskDay& d : n.desks) {
        if (d.desk.line != &line) continue;
        treat += (treat.empty() ? "" : "; ") + d.desk.desk->name + ": " + treatment_text(d);
      }
      t.push_back({format_day(n.day), what, treat});
    }
    if (c.days.empty())
      h += "<p>none</p>\n";
    else
      h += table_html(t);
  }

  // Timeline.
  if (in.sweep != nullptr) {
    h += "<h2>Routing timeline</h2>\n";
    for (const DeskRef& d : in.desks) {
      h += "<h3>" + esc(d.desk->name + " (" + d.desk->id + ")") + "</h3>\n";
      h += "<table>\n<thead><tr><th>from</th><th>to</th><th>hours</th><th>state</th><th>day</th>"
           "<th>first</th><th>backup</th><th>fallback</th><th>note</th></tr></thead>\n<tbody>\n";
      for (const SweepRow& r : *in.sweep) {
        if (r.desk.desk != d.desk) continue;
        const std::string state{to_string(state_of(r.plan))};
        const auto who = [&](std::size_t i) {
          return i < r.plan.attempts.size() ? r.plan.attempts[i].person->name + " (" +
                                                  r.plan.attempts[i].role_info->name + ")"
                                            : std::string();
        };
        h += "<tr><td>" +
             esc(format_day(local_day(zone, r.start)) + " " +
                 format_local(zone, r.start).substr(11)) +
             "</td><td>" + esc(format_local(zone, r.end)) + "</td><td>" +
             format_hours(r.end - r.start) + "</td><td class=\"" + state + "\">" + state +
             "</td><td>" + esc(day_text(r.plan)) + "</td><td>" + esc(who(0)) + "</td><td>" +
             esc(who(1)) + "</td><td>" + esc(r.plan.fallback->name) + "</td><td>" +
             esc(clock_note(r)) + "</td></tr>\n";
      }
      h += "</tbody></table>\n";
    }
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace samtel::sim
