#include "samtel/statistics_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "samtel/bar_chart.hpp"
#include "samtel/text.hpp"
#include "samtel/time.hpp"

namespace samtel {
namespace {

std::string_view category_words(DeviationCategory c) {
  switch (c) {
    case DeviationCategory::unanswered_while_open:
      return "A call while open reached nobody (fallback, or the caller gave up)";
    case DeviationCategory::coverage_gap: return "A call while open found nobody on duty";
    case DeviationCategory::long_wait: return "A call was answered after a long wait";
    case DeviationCategory::repeat_caller:
      return "The same caller called again after reaching nobody";
    case DeviationCategory::refused_while_failing:
      return "The unit could not route a call, or routed it with its clock in doubt";
    case DeviationCategory::unit_not_running: return "The unit was not running while open";
    case DeviationCategory::gap_confirmed: return "A change was published with a coverage gap";
  }
  return "";
}

constexpr const char* kStyle =
    "@page{size:A4;margin:14mm}"
    "body{font-family:sans-serif;color:#111;max-width:760px;margin:1.5em auto;line-height:1.4}"
    "h1{font-size:1.5em;margin:0}h2{font-size:1.15em;margin:1.4em 0 .4em;"
    "border-bottom:1px solid #1f4e79;color:#1f4e79}"
    ".period{font-size:1.05em;margin:.3em 0 1em}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{border-bottom:1px solid #ccc;padding:.25em .5em;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "section{break-inside:avoid;page-break-inside:avoid}"
    "svg{max-width:100%;height:auto}"
    ".note{font-size:.85em;color:#444}"
    "footer{margin-top:2em;font-size:.8em;color:#555}";

std::string html(std::string_view text) { return xml_escape(text); }

std::string range_text(DateRange r) {
  return format_date(date::year_month_day{r.first}) + " to " +
         format_date(date::year_month_day{r.last});
}

// A count as shown, and whether it is shown in full (not withheld).
struct Shown {
  std::string text;
  bool exact = true;
};

Shown shown(std::size_t n, Disclosure d) {
  std::string text = disclosed_count(n, d);
  const bool exact = text == std::to_string(n);
  return {std::move(text), exact};
}

ChartBar count_bar(std::size_t n, Disclosure d) {
  const Shown s = shown(n, d);
  if (!s.exact) return {static_cast<double>(kSharedCountThreshold), s.text, true};
  return {static_cast<double>(n), s.text, false};
}

std::string signed_text(double v, int decimals, std::string_view unit) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
  std::string s = buf;
  if (s == "+0" || s == "-0" || s == "+0.0" || s == "-0.0") s.erase(0, 1);
  return s + std::string(unit);
}

std::string percent_text(std::optional<double> share) {
  if (!share) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", *share * 100.0);
  return buf;
}

std::string seconds_text(std::optional<std::int64_t> ms) {
  if (!ms) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(*ms) / 1000.0);
  return buf;
}

struct Row {
  std::string measure, now, before, change;
};

Row count_row(std::string measure, std::size_t now, std::size_t before, Disclosure d) {
  const Shown a = shown(now, d), b = shown(before, d);
  std::string change = "–";
  if (a.exact && b.exact) {
    change = signed_text(static_cast<double>(now) - static_cast<double>(before), 0, "");
  }
  return {std::move(measure), a.text, b.text, std::move(change)};
}

std::string table(const std::vector<std::string>& head, const std::vector<Row>& rows) {
  std::string out = "<table><thead><tr>";
  for (std::size_t i = 0; i < head.size(); ++i) {
    out += std::string(i == 0 ? "<th>" : "<th class=\"n\">") + html(head[i]) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const Row& r : rows) {
    out += "<tr><td>" + html(r.measure) + "</td><td class=\"n\">" + html(r.now) +
           "</td><td class=\"n\">" + html(r.before) + "</td><td class=\"n\">" + html(r.change) +
           "</td></tr>";
  }
  return out + "</tbody></table>";
}

// Two series (the period, the period before) of counts under `labels`, read by `get`.
template <typename Get>
BarChart counts_chart(std::string title, std::vector<std::string> labels, const StatisticsReport& r,
                      Get get) {
  BarChart c{std::move(title), "calls", std::move(labels), {}};
  for (const CallStatistics* s : {&r.now, &r.previous}) {
    ChartSeries series{period_name(s->period), {}};
    for (std::size_t i = 0; i < c.labels.size(); ++i) {
      series.bars.push_back(count_bar(get(*s, i), r.disclosure));
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

// The keys of a map-valued measure in both periods, in order.
std::vector<std::string> keys_of(const std::map<std::string, std::size_t>& a,
                                 const std::map<std::string, std::size_t>& b) {
  std::set<std::string> keys;
  for (const auto& [k, n] : a) keys.insert(k);
  for (const auto& [k, n] : b) keys.insert(k);
  return {keys.begin(), keys.end()};
}

std::size_t value_at(const std::map<std::string, std::size_t>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

std::string section(std::string_view heading, std::string_view note, const std::string& body) {
  std::string out = "<section><h2>" + html(heading) + "</h2>";
  if (!note.empty()) out += "<p class=\"note\">" + html(note) + "</p>";
  return out + body + "</section>";
}

}  // namespace

std::string statistics_report_html(const StatisticsReport& r) {
  const CallStatistics& now = r.now;
  const CallStatistics& before = r.previous;
  const Disclosure d = r.disclosure;
  const std::string name = r.site_name.empty() ? r.site_id : r.site_name;
  const std::string now_name = period_name(now.period);
  const std::string before_name = period_name(before.period);

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
         html(kReportContentSecurityPolicy) + "\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>" + html("Call statistics " + name + " " + now_name) + "</title>";
  out += "<style>" + std::string(kStyle) + "</style></head><body>";
  out += "<header><h1>" + html("Call statistics: " + name) + "</h1>";
  out += "<p class=\"period\">" +
         html("Period " + now_name + " (" + range_text(now.period) + "), compared with " +
              before_name + " (" + range_text(before.period) + ")") +
         "</p>";
  out += "<p class=\"note\">";
  out += d == Disclosure::shared
             ? "Counts from 1 to 4 are shown as &lt;5, so that no single caller can be singled "
               "out; such bars are drawn as dashed outlines at the height of 5. "
             : "Internal: every count is shown in full; not to be shared as it is. ";
  out += "No caller numbers are included. Times are local to the site.</p>";
  for (const CallStatistics* s : {&now, &before}) {
    if (s->from_aggregates.empty()) continue;
    std::string months;
    for (const std::string& m : s->from_aggregates) months += (months.empty() ? "" : ", ") + m;
    out += "<p class=\"note\">" +
           html("Months of " + period_name(s->period) +
                " counted from the call log's monthly aggregates (their records are deleted "
                "after their retention): " +
                months +
                ". Wait percentiles cannot be combined across such months, and their deviation "
                "candidates are not counted.") +
           "</p>";
  }
  out += "</header>";

  // The comparison with the period before.
  std::vector<Row> rows{
      count_row("Calls", now.calls, before.calls, d),
      count_row("Arrived while open", now.open_calls, before.open_calls, d),
      count_row("Reached a doctor", now.reached, before.reached, d),
      count_row("Handed to the exchange (redirect mode)", now.redirected, before.redirected, d),
      count_row("Escalated to a later attempt", now.escalated, before.escalated, d),
      count_row("Sent to the fallback while open", now.to_fallback, before.to_fallback, d),
      count_row("of these, nobody on duty (coverage gap)", now.coverage_gap, before.coverage_gap,
                d),
      count_row("Reached nobody (gave up, or the unit failed)", now.reached_nobody,
                before.reached_nobody, d),
      count_row("Arrived while closed", now.closed, before.closed, d),
  };
  const auto share_now = now.answered_share(), share_before = before.answered_share();
  rows.push_back({"Share answered while open", percent_text(share_now), percent_text(share_before),
                  share_now && share_before
                      ? signed_text((*share_now - *share_before) * 100.0, 1, " pp")
                      : "–"});
  const auto wait_row = [](std::string measure, std::optional<std::int64_t> a,
                           std::optional<std::int64_t> b) {
    return Row{std::move(measure), seconds_text(a), seconds_text(b),
               a && b ? signed_text(static_cast<double>(*a - *b) / 1000.0, 1, " s") : "–"};
  };
  rows.push_back(wait_row("Median wait", now.median_wait_ms, before.median_wait_ms));
  rows.push_back(wait_row("90th percentile wait", now.p90_wait_ms, before.p90_wait_ms));
  out += section("Compared with the period before",
                 "Change: this period minus the period before, where both counts are shown.",
                 table({"Measure", now_name, before_name, "Change"}, rows));

  // Charts.
  std::vector<std::string> hours;
  for (int h = 0; h < 24; ++h) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02d", h);
    hours.emplace_back(buf);
  }
  out += section("Calls by hour of day", "Local hour of arrival.",
                 bar_chart_svg(counts_chart(
                     "Calls by hour of day", hours, r,
                     [](const CallStatistics& s, std::size_t i) { return s.by_hour[i]; })));
  out += section("Calls while the line was closed, by hour",
                 "The unmet demand: calls that arrived outside the opening hours.",
                 bar_chart_svg(counts_chart(
                     "Calls while closed by hour of day", hours, r,
                     [](const CallStatistics& s, std::size_t i) { return s.closed_by_hour[i]; })));
  const auto day_types = keys_of(now.by_day_type, before.by_day_type);
  out += section("Calls by day type", "",
                 bar_chart_svg(counts_chart("Calls by day type", day_types, r,
                                            [&](const CallStatistics& s, std::size_t i) {
                                              return value_at(s.by_day_type, day_types[i]);
                                            })));
  const auto desks = keys_of(now.by_desk, before.by_desk);
  std::vector<std::string> desk_labels;
  for (const std::string& id : desks) {
    const auto it = r.desk_names.find(id);
    desk_labels.push_back(it == r.desk_names.end() ? id : it->second);
  }
  out += section("Calls by desk", "",
                 bar_chart_svg(counts_chart("Calls by desk", desk_labels, r,
                                            [&](const CallStatistics& s, std::size_t i) {
                                              return value_at(s.by_desk, desks[i]);
                                            })));

  BarChart share{"Share answered while open", "%", {"answered while open"}, {}};
  for (const CallStatistics* s : {&now, &before}) {
    const auto a = s->answered_share();
    share.series.push_back(
        {period_name(s->period), {{a ? *a * 100.0 : 0.0, percent_text(a), false}}});
  }
  out += section("Share answered while open",
                 "Calls that reached a doctor, of the calls while open whose outcome the unit "
                 "knows (calls handed to the exchange are left out).",
                 bar_chart_svg(share));

  BarChart waits{"Wait until answered", "s", {"median", "90th percentile"}, {}};
  for (const CallStatistics* s : {&now, &before}) {
    ChartSeries series{period_name(s->period), {}};
    for (const auto ms : {s->median_wait_ms, s->p90_wait_ms}) {
      series.bars.push_back(
          {ms ? static_cast<double>(*ms) / 1000.0 : 0.0, seconds_text(ms), false});
    }
    waits.series.push_back(std::move(series));
  }
  out += section("Wait until answered",
                 "From arrival to answer, for the calls the unit rang itself (proxy mode).",
                 bar_chart_svg(waits));

  out += section(
      "Escalations and fallback", "",
      bar_chart_svg(counts_chart(
          "Escalations and fallback", {"escalated", "sent to the fallback", "nobody on duty"}, r,
          [](const CallStatistics& s, std::size_t i) {
            return i == 0 ? s.escalated : i == 1 ? s.to_fallback : s.coverage_gap;
          })));

  // Deviation candidates by category, and what became of them.
  std::string devs = "<table><thead><tr><th>Category</th><th>Period</th><th class=\"n\">Found</th>";
  for (const ReviewDecision decision : kReviewDecisions) {
    std::string head(to_string(decision));
    head[0] = static_cast<char>(head[0] - 'a' + 'A');
    devs += "<th class=\"n\">" + html(head) + "</th>";
  }
  devs += "<th class=\"n\">Not yet reviewed</th></tr></thead><tbody>";
  const auto known = [&](std::optional<std::size_t> n) {
    return n ? html(disclosed_count(*n, d)) : std::string("not recorded");
  };
  for (const DeviationCategory category : kCallDeviationCategories) {
    for (const CallStatistics* s : {&now, &before}) {
      devs += "<tr><td>" + html(category_words(category)) + " <span class=\"note\">(" +
              html(to_string(category)) + ")</span></td><td>" + html(period_name(s->period)) +
              "</td>";
      const auto row = std::find_if(s->deviations.begin(), s->deviations.end(),
                                    [&](const DeviationRow& x) { return x.category == category; });
      if (row == s->deviations.end()) {
        devs += "<td class=\"n\" colspan=\"" + std::to_string(kReviewDecisions.size() + 2) +
                "\">not counted</td></tr>";
        continue;
      }
      devs += "<td class=\"n\">" + html(disclosed_count(row->candidates, d)) + "</td>";
      for (const ReviewDecision decision : kReviewDecisions) {
        devs += "<td class=\"n\">" + known(row->decided_as(decision)) + "</td>";
      }
      devs += "<td class=\"n\">" + known(row->not_reviewed()) + "</td></tr>";
    }
  }
  devs += "</tbody></table>";
  out += section("Deviation candidates",
                 "Found in the call log of each period, for a person to review, and what became "
                 "of them: filed in the deviation system, dismissed, explained, or not yet "
                 "reviewed. Calls of one category close together make one candidate.",
                 devs);

  out += "<footer>" +
         html("Made by samtel for " + name + " (" + r.site_id + ")" +
              (r.generated.empty() ? "" : ", " + r.generated) + ".") +
         "</footer></body></html>\n";
  return out;
}

}  // namespace samtel
