#include "samtel/bar_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "samtel/text.hpp"

namespace samtel {
namespace {

// Fills of the series: the period dark, the period before light; more series repeat them.
constexpr const char* kFills[] = {"#1f4e79", "#9db9d5"};

// `v` with at most `decimals` decimals, trailing zeros dropped: 12.50 → "12.5", 90.0 → "90".
std::string number(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string px(double v) { return number(std::round(v * 10.0) / 10.0, 1); }

std::string text_element(double x, double y, const char* anchor, int size, std::string_view text,
                         const char* extra = "") {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor +
         "\" font-size=\"" + std::to_string(size) + "\"" + extra + ">" + xml_escape(text) +
         "</text>";
}

}  // namespace

double scale_top(double largest) {
  if (!(largest > 0)) return 1;
  const double base = std::pow(10.0, std::floor(std::log10(largest)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * base >= largest * (1 - 1e-12)) return m * base;
  }
  return 10 * base;
}

std::string bar_chart_svg(const BarChart& chart) {
  double largest = 0;
  for (const ChartSeries& s : chart.series) {
    for (const ChartBar& b : s.bars) largest = std::max(largest, b.value);
  }
  const double top = scale_top(largest);
  const auto height_of = [&](double value) {
    return std::round(std::clamp(value, 0.0, top) / top * kPlotHeight * 10.0) / 10.0;
  };

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(kChartWidth) + "\" height=\"" + std::to_string(kChartHeight) +
                    "\" viewBox=\"0 0 " + std::to_string(kChartWidth) + " " +
                    std::to_string(kChartHeight) + "\" font-family=\"sans-serif\">";
  svg += "<title>" + xml_escape(chart.title) + "</title>";
  svg += text_element(4, 14, "start", 11, chart.unit, " fill=\"#333\"");

  // The axis: 0, half and the top, with lines across the plot.
  for (const double tick : {0.0, top / 2, top}) {
    const double y = kPlotBottom - height_of(tick);
    svg += "<line x1=\"" + std::to_string(kPlotLeft) + "\" y1=\"" + px(y) + "\" x2=\"" +
           std::to_string(kPlotRight) + "\" y2=\"" + px(y) + "\" stroke=\"" +
           (tick == 0 ? "#333" : "#ccc") + "\" stroke-width=\"1\"/>";
    svg += text_element(kPlotLeft - 4, y + 4, "end", 10, number(tick, 2), " fill=\"#333\"");
  }

  // The legend, top right, when there is more than one series.
  if (chart.series.size() > 1) {
    double x = kPlotRight;
    for (std::size_t i = chart.series.size(); i-- > 0;) {
      const std::string& name = chart.series[i].name;
      x -= 8.0 * static_cast<double>(character_count(name)) + 26;
      svg += "<rect class=\"legend series-" + std::to_string(i) + "\" x=\"" + px(x) +
             "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kFills[i % 2] + "\"/>";
      svg += text_element(x + 16, 16, "start", 11, name);
    }
  }

  const std::size_t groups = chart.labels.size();
  const std::size_t per_group = std::max<std::size_t>(chart.series.size(), 1);
  const double group_width =
      groups == 0 ? 0 : static_cast<double>(kPlotRight - kPlotLeft) / static_cast<double>(groups);
  const double bar_width = group_width * 0.8 / static_cast<double>(per_group);
  const int bar_font = bar_width < 14 ? 8 : 10;
  for (std::size_t g = 0; g < groups; ++g) {
    const double group_x = kPlotLeft + group_width * static_cast<double>(g);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const auto& bars = chart.series[s].bars;
      const ChartBar bar = g < bars.size() ? bars[g] : ChartBar{};
      const double h = height_of(bar.value);
      const double x = group_x + group_width * 0.1 + bar_width * static_cast<double>(s);
      const std::string fill = kFills[s % 2];
      svg += "<rect class=\"series-" + std::to_string(s) + (bar.withheld ? " withheld" : "") +
             "\" x=\"" + px(x) + "\" y=\"" + px(kPlotBottom - h) + "\" width=\"" + px(bar_width) +
             "\" height=\"" + px(h) + "\"" +
             (bar.withheld ? " fill=\"none\" stroke=\"" + fill + "\" stroke-dasharray=\"3 2\""
                           : " fill=\"" + fill + "\"") +
             "/>";
      if (!bar.text.empty()) {
        svg += text_element(x + bar_width / 2, kPlotBottom - h - 3, "middle", bar_font, bar.text);
      }
    }
    svg += text_element(group_x + group_width / 2, kPlotBottom + 16, "middle", 10, chart.labels[g]);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace samtel
