#pragma once
// samtel/bar_chart.hpp — bar charts as SVG text, drawn from numbers alone: what the printable
// statistics report shows (calls by hour, by day type, by desk, waits, ...), with no script and
// no outside resource, so that a strict Content-Security-Policy and a PDF printer both take it.
//
// Promises:
//  * `bar_chart_svg()` is a pure function of the chart: the same chart gives the same bytes.
//  * The scale runs from 0 to `scale_top()` of the largest value: the least 1, 2, 2.5 or 5 × 10^k
//    at or above it (1 when every value is 0), so that the axis's 0, half and top are round.
//  * The plot is `kPlotHeight` px high; a bar's height is its value's share of the top, rounded
//    to 0.1 px, its top edge at `kPlotBottom` minus its height (a value of 0 has height 0).
//  * One group a label along the bottom, in the order given; in each, one bar a series in the
//    order given (a period, then the period before); the series' names make a legend when there
//    are two or more. Bars of series i have class "series-i" and a fill of their own.
//  * A `withheld` bar (a count the disclosure rule does not show) is drawn at its `value` as a
//    dashed outline without fill (class "withheld"), so its height tells no more than its text;
//    its text (e.g. "<5") is written over it as any other bar's text.
//  * Every text (title, unit, labels, series names, bar texts) is XML-escaped with
//    samtel/text.hpp's `xml_escape()`. Colours are presentation attributes: no style attribute
//    and no <style> element, so a policy allowing no inline style still shows it.
//
//   BarChart c{.title = "Calls by day type", .unit = "calls", .labels = {"weekday", "saturday"},
//              .series = {{"2027-03", {{132, "132"}, {5, "<5", true}}}}};
//   html += bar_chart_svg(c);
#include <string>
#include <vector>

namespace samtel {

struct ChartBar {
  double value = 0;       // the height, in the chart's unit (>= 0)
  std::string text;       // written over the bar: "132", "<5", "83 %", "" for none
  bool withheld = false;  // a count not shown: an outline at `value`
};

struct ChartSeries {
  std::string name;            // in the legend: "2027-03"
  std::vector<ChartBar> bars;  // one a label; missing ones are drawn as 0 without text
};

struct BarChart {
  std::string title;                // the SVG's <title>, for screen readers
  std::string unit;                 // over the axis: "calls", "%", "s"
  std::vector<std::string> labels;  // along the bottom, one a group: "08", "weekday"
  std::vector<ChartSeries> series;
};

inline constexpr int kChartWidth = 720;
inline constexpr int kChartHeight = 250;
inline constexpr int kPlotLeft = 48;
inline constexpr int kPlotRight = 712;
inline constexpr int kPlotTop = 36;
inline constexpr int kPlotHeight = 180;
inline constexpr int kPlotBottom = kPlotTop + kPlotHeight;  // 216

// The top of the scale for values up to `largest` (see above): 132 → 200, 7 → 10, 0.4 → 0.5.
double scale_top(double largest);

// "<svg ...>...</svg>" (see above).
std::string bar_chart_svg(const BarChart& chart);

}  // namespace samtel
