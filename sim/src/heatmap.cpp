#include "samtel/sim/heatmap.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "samtel/coverage.hpp"
#include "samtel/describe.hpp"
#include "samtel/text.hpp"

namespace samtel::sim {
namespace {

using L = HeatmapLayout;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

const char* colour_of(const RoutePlan& p) {
  switch (state_of(p)) {
    case LineState::open: return kOpenColour;
    case LineState::gap: return kGapColour;
    case LineState::closed: break;
  }
  return kClosedColour;
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& extra = "") {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
         num(h) + "\" fill=\"" + fill + "\"" + extra + "/>\n";
}

std::string text(double x, double y, const std::string& s, const std::string& attrs = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + attrs + ">" + xml_escape(s) +
         "</text>\n";
}

}  // namespace

std::string heatmap_svg(const Site& site, const Line& line, const Desk& desk, DateRange range,
                        const HeatmapOptions& options) {
  const Zone& zone = *line.zone;
  const Span span = to_span(zone, range);
  const auto days = static_cast<int>(range.days());
  const bool shading = options.shade != Shade::none && options.traffic != nullptr;
  const int legend_height = shading ? 44 : 28;
  const int width = L::grid_x + 24 * L::cell_width + L::notes_width + L::margin;
  const int height = L::grid_y + days * L::row_height + legend_height + L::margin;

  std::string svg;
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) +
         "\" shape-rendering=\"crispEdges\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
         "font-size=\"11\">\n";
  svg +=
      "<defs><pattern id=\"nohour\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
      "<path d=\"M0,6 L6,0\" stroke=\"#9e9e9e\" stroke-width=\"1\"/></pattern></defs>\n";
  svg += rect(0, 0, width, height, "#ffffff");
  const std::string title = options.title.empty()
                                ? line.name + " (" + line.number + ") — " + desk.name + ", " +
                                      format_date(date::year_month_day{range.first}) + " – " +
                                      format_date(date::year_month_day{range.last})
                                : options.title;
  svg += text(L::margin, L::margin + 16, title, " font-size=\"14\" font-weight=\"bold\"");
  for (int h = 0; h < 24; ++h) {
    // "08", like format_minute_of_day() without the minutes.
    svg += text(L::grid_x + h * L::cell_width + 2, L::grid_y - 5,
                format_minute_of_day(h * 60).substr(0, 2), " fill=\"#555555\"");
  }

  // Calls per (day, hour) for shading.
  std::map<std::pair<long, int>, std::pair<int, int>> cells;  // -> calls, unanswered
  int max_count = 0;
  if (shading) {
    const Scenario& s = *options.traffic->scenario;
    for (const CallResult& r : options.traffic->calls) {
      if (s.line != &line || &s.line->desks[r.call.desk] != &desk) continue;
      if (r.day < range.first || r.day > range.last) continue;
      auto& c = cells[{(r.day - range.first).count(), r.hour}];
      ++c.first;
      if (r.outcome != CallOutcome::answered) ++c.second;
    }
    for (const auto& [key, c] : cells) {
      max_count = std::max(max_count, options.shade == Shade::load ? c.first : c.second);
    }
  }

  const auto segments = timeline(site, line, desk, span.from, span.to);
  std::size_t seg = 0;
  for (int d = 0; d < days; ++d) {
    const LocalDays day = range.first + date::days{d};
    const Span ds = day_span(zone, day);
    const double y = L::grid_y + d * L::row_height;
    svg += text(L::margin, y + 13, format_day(day));
    svg += rect(L::grid_x, y, 24 * L::cell_width, L::bar_height, "url(#nohour)");
    // Wall-clock minutes since the day's midnight. An instant at which the clocks change ends the
    // piece before it at the old wall-clock time (02:00 in spring, 03:00 in autumn).
    const auto day_changes = clock_changes(zone, ds.from, ds.to);
    const auto minutes_of = [&](LocalSeconds local) {
      return static_cast<double>(
          std::chrono::duration_cast<std::chrono::minutes>(local - LocalSeconds{day}).count());
    };
    const auto x_start = [&](Instant t) {
      return L::grid_x + minutes_of(to_local(zone, t)) * L::cell_width / 60.0;
    };
    const auto x_end = [&](Instant t) {
      if (t >= ds.to) return static_cast<double>(L::grid_x + 24 * L::cell_width);
      for (const ClockChange& c : day_changes) {
        if (c.at == t) return L::grid_x + minutes_of(c.wall_before()) * L::cell_width / 60.0;
      }
      return x_start(t);
    };
    while (seg < segments.size() && segments[seg].end <= ds.from) ++seg;
    for (std::size_t k = seg; k < segments.size() && segments[k].start < ds.to; ++k) {
      const Instant s = std::max(segments[k].start, ds.from);
      const Instant e = std::min(segments[k].end, ds.to);
      // Cut at the clock change, so that in autumn the repeated hour is drawn where its wall-clock
      // time is (twice over the same cells) and in spring the missing hour stays hatched.
      std::vector<Instant> cuts{s};
      for (const ClockChange& c : day_changes) {
        if (s < c.at && c.at < e) cuts.push_back(c.at);
      }
      cuts.push_back(e);
      for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        const double x0 = x_start(cuts[c]);
        const double x1 = x_end(cuts[c + 1]);
        if (x1 > x0) svg += rect(x0, y, x1 - x0, L::bar_height, colour_of(segments[k].plan));
      }
    }
    if (shading) {
      for (int h = 0; h < 24; ++h) {
        const auto it = cells.find({d, h});
        if (it == cells.end()) continue;
        const int n = options.shade == Shade::load ? it->second.first : it->second.second;
        if (n == 0 || max_count == 0) continue;
        const double share = static_cast<double>(n) / max_count;
        const double x = L::grid_x + h * L::cell_width;
        svg += rect(x, y, L::cell_width, L::bar_height,
                    options.shade == Shade::load ? "#000000" : "#b71c1c",
                    " fill-opacity=\"" + num(0.15 + 0.5 * share) + "\"");
        svg += text(x + L::cell_width / 2.0, y + 13, std::to_string(n),
                    " text-anchor=\"middle\" fill=\"#ffffff\" font-size=\"10\"");
      }
    }
    // Notes: holiday, special day, clock change.
    std::string note;
    const DayInfo info = classify_day(day, desk.special_days, site.special_days);
    if (info.holiday) note += std::string(*info.holiday);
    if (info.special != nullptr) note += (note.empty() ? "" : "; ") + info.special->name;
    if (const auto change = clock_change_on(zone, day))
      note += (note.empty() ? "" : "; ") + describe(*change);
    if (!note.empty())
      svg += text(L::grid_x + 24 * L::cell_width + 8, y + 13, note, " fill=\"#333333\"");
  }
  // Hour lines.
  for (int h = 1; h < 24; ++h) {
    const int x = L::grid_x + h * L::cell_width;
    svg += "<line x1=\"" + std::to_string(x) + "\" y1=\"" + std::to_string(L::grid_y) + "\" x2=\"" +
           std::to_string(x) + "\" y2=\"" + std::to_string(L::grid_y + days * L::row_height) +
           "\" stroke=\"#ffffff\" stroke-width=\"1\" stroke-opacity=\"0.7\"/>\n";
  }
  // Legend.
  const double ly = L::grid_y + days * L::row_height + 10;
  double lx = L::grid_x;
  const auto swatch = [&](const std::string& fill, const std::string& label) {
    svg += rect(lx, ly, 14, 12, fill);
    svg += text(lx + 18, ly + 10, label);
    lx += 24 + 7.0 * static_cast<double>(label.size());
  };
  swatch(kOpenColour, "open");
  swatch(kClosedColour, "closed");
  swatch(kGapColour, "open, nobody on duty");
  swatch("url(#nohour)", "no such hour (clocks forward)");
  if (shading) {
    svg += text(
        L::grid_x, ly + 28,
        options.shade == Shade::load
            ? "darker: more simulated calls in that hour (busiest: " + std::to_string(max_count) +
                  "); number = calls"
            : "redder: more calls nobody on duty answered (most: " + std::to_string(max_count) +
                  "); number = such calls");
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace samtel::sim
