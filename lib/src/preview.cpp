#include "samtel/preview.hpp"

#include <algorithm>
#include <utility>

#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::json;

// A desk's coverage gaps, merged where they touch, in time order; desks in the order first met.
struct DeskGaps {
  std::string line_number, desk_id;
  std::vector<CoverageGap> gaps;
};

std::vector<DeskGaps> by_desk(const std::vector<CoverageGap>& gaps) {
  std::vector<DeskGaps> out;
  for (const CoverageGap& g : gaps) {
    auto it = std::find_if(out.begin(), out.end(), [&](const DeskGaps& d) {
      return d.line_number == g.line->number && d.desk_id == g.desk->id;
    });
    if (it == out.end()) {
      out.push_back(DeskGaps{g.line->number, g.desk->id, {}});
      it = std::prev(out.end());
    }
    it->gaps.push_back(g);
  }
  for (DeskGaps& d : out) {
    std::sort(d.gaps.begin(), d.gaps.end(),
              [](const CoverageGap& a, const CoverageGap& b) { return a.start < b.start; });
    std::vector<CoverageGap> merged;
    for (const CoverageGap& g : d.gaps) {
      if (!merged.empty() && g.start <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, g.end);
      } else {
        merged.push_back(g);
      }
    }
    d.gaps = std::move(merged);
  }
  return out;
}

// The instants of `a`'s gaps that are not in a gap of the same desk in `b`.
std::vector<CoverageGap> minus(const std::vector<DeskGaps>& a, const std::vector<DeskGaps>& b) {
  std::vector<CoverageGap> out;
  for (const DeskGaps& d : a) {
    const auto other = std::find_if(b.begin(), b.end(), [&](const DeskGaps& x) {
      return x.line_number == d.line_number && x.desk_id == d.desk_id;
    });
    for (const CoverageGap& g : d.gaps) {
      Instant t = g.start;
      if (other != b.end()) {
        for (const CoverageGap& h : other->gaps) {  // sorted and disjoint
          if (h.end <= t || !(h.start < g.end)) continue;
          if (t < h.start) out.push_back(CoverageGap{g.line, g.desk, t, h.start});
          t = std::max(t, h.end);
        }
      }
      if (t < g.end) out.push_back(CoverageGap{g.line, g.desk, t, g.end});
    }
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string line_words(const std::string& name, const std::string& number) {
  return name + " (" + number + ")";
}

std::string horizon_words(std::chrono::days horizon) {
  return "in the next " + std::to_string(horizon.count()) + " days";
}

json gap_json(const Zone& zone, const CoverageGap& g) {
  return {{"line", g.line->number},
          {"line_name", g.line->name},
          {"desk", g.desk->id},
          {"desk_name", g.desk->name},
          {"start", format_rfc3339(zone, g.start)},
          {"end", format_rfc3339(zone, g.end)}};
}

}  // namespace

bool Preview::changes_routing() const { return !diff.intervals.empty(); }

std::string Preview::summary() const {
  const Zone& z = *zone;
  std::string out;
  if (!changes_routing()) {
    out += "No routing changes " + horizon_words(horizon) + ".\n";
  } else {
    out += "Routing changes " + horizon_words(horizon) + " (" + format_local(z, from) + " to " +
           format_local(z, to) + "):\n";
    for (const DiffGroup& g : diff.groups) {
      out += "  " + line_words(g.line_name, g.line_number) + ", " + join_names(g.desks) + ": " +
             g.to_string() + "\n";
    }
  }
  for (const MessageChange& m : diff.messages) {
    out += "Message " + std::string(m.which == "closed" ? "when closed" : "when nobody answers") +
           " for " + join_names(m.desks) + " (line " + m.line_number +
           "): " + quote_value(m.before) + " → " + quote_value(m.after) + "\n";
  }
  const auto gap_line = [&](const char* what, const CoverageGap& g) {
    return std::string(what) + line_words(g.line->name, g.line->number) + ", " + g.desk->name +
           ": " + format_local(z, g.start) + " – " + format_local(z, g.end) + "\n";
  };
  for (const CoverageGap& g : gaps_opened) out += gap_line("Coverage gap opened: ", g);
  for (const CoverageGap& g : gaps_closed) out += gap_line("Coverage gap closed: ", g);
  if (changes_routing() && gaps_opened.empty() && gaps_closed.empty()) {
    out += "No coverage gaps opened or closed.\n";
  }
  return out;
}

json Preview::to_json() const {
  const Zone& z = *zone;
  json groups = json::array();
  for (const DiffGroup& g : diff.groups) {
    json dates = json::array();
    for (LocalDays d : g.dates) dates.push_back(format_date(date::year_month_day{d}));
    groups.push_back({{"line", g.line_number},
                      {"line_name", g.line_name},
                      {"desks", g.desks},
                      {"days", g.days},
                      {"start", format_minute_of_day(g.start)},
                      {"end", format_minute_of_day(g.end)},
                      {"before", g.before_text},
                      {"after", g.after_text},
                      {"dates", std::move(dates)},
                      {"text", g.to_string()}});
  }
  json intervals = json::array();
  for (const DiffInterval& iv : diff.intervals) {
    intervals.push_back({{"line", iv.line_number},
                         {"desk", iv.desk_id},
                         {"desk_name", iv.desk_name},
                         {"start", format_rfc3339(z, iv.start)},
                         {"end", format_rfc3339(z, iv.end)},
                         {"before", iv.before_text},
                         {"after", iv.after_text}});
  }
  json messages = json::array();
  for (const MessageChange& m : diff.messages) {
    messages.push_back({{"line", m.line_number},
                        {"desks", m.desks},
                        {"which", m.which},
                        {"before", m.before},
                        {"after", m.after}});
  }
  json opened = json::array(), closed = json::array();
  for (const CoverageGap& g : gaps_opened) opened.push_back(gap_json(z, g));
  for (const CoverageGap& g : gaps_closed) closed.push_back(gap_json(z, g));
  return {{"from", format_rfc3339(z, from)},
          {"to", format_rfc3339(z, to)},
          {"horizon_days", horizon.count()},
          {"changes_routing", changes_routing()},
          {"summary", summary()},
          {"groups", std::move(groups)},
          {"intervals", std::move(intervals)},
          {"messages", std::move(messages)},
          {"gaps_opened", std::move(opened)},
          {"gaps_closed", std::move(closed)}};
}

Preview preview_change(const Site& before, const Site& after, Instant from,
                       std::chrono::days horizon) {
  Preview p;
  p.from = from;
  p.to = from + std::max(horizon, std::chrono::days{0});
  p.horizon = horizon;
  p.zone = after.zone != nullptr ? after.zone : before.zone;
  if (p.zone == nullptr) p.zone = find_zone("UTC").value_or(nullptr);  // a Site not from the loader
  p.diff = diff_sites(before, after, p.from, p.to);
  const auto gaps_before = by_desk(analyse_coverage(before, p.from, p.to).gaps);
  const auto gaps_after = by_desk(analyse_coverage(after, p.from, p.to).gaps);
  p.gaps_opened = minus(gaps_after, gaps_before);
  p.gaps_closed = minus(gaps_before, gaps_after);
  return p;
}

}  // namespace samtel
