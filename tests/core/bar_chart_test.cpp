// Bar charts as SVG text: the scale's top, bar heights and positions to a tenth of a pixel, the
// legend of two series, a withheld count drawn as an outline with its "<5", and escaped text.
#include "samtel/bar_chart.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BarChart, TheScaleEndsAtARoundNumber) {
  const std::pair<double, double> cases[] = {{0, 1},     {0.4, 0.5},  {1, 1},      {7, 10},
                                             {20, 20},   {21, 25},    {83.3, 100}, {132, 200},
                                             {250, 250}, {1001, 2000}};
  for (const auto& [largest, top] : cases) EXPECT_DOUBLE_EQ(scale_top(largest), top) << largest;
}

TEST(BarChart, BarsAreTheirValuesShareOfThePlot) {
  const BarChart c{"Calls by desk",
                   "calls",
                   {"medisin", "kirurgi"},
                   {{"2027-03", {{100, "100", false}, {50, "50", false}}}}};
  const std::string svg = bar_chart_svg(c);
  EXPECT_TRUE(
      svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                      "width=\"720\" height=\"250\" viewBox=\"0 0 720 250\""))
      << svg;
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_TRUE(contains(svg, "<title>Calls by desk</title>"));
  // Two groups of 332 px; a bar is 80 % of its group, starting 10 % in.
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-0\" x=\"81.2\" y=\"36\" width=\"265.6\" "
                       "height=\"180\" fill=\"#1f4e79\"/>"))
      << svg;
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-0\" x=\"413.2\" y=\"126\" width=\"265.6\" "
                       "height=\"90\" fill=\"#1f4e79\"/>"))
      << svg;
  // The value over the bar, the label under its group, the axis at 0, 50 and 100.
  EXPECT_TRUE(contains(svg, ">100</text>"));
  EXPECT_TRUE(contains(svg,
                       "<text x=\"214\" y=\"232\" text-anchor=\"middle\" "
                       "font-size=\"10\">medisin</text>"))
      << svg;
  EXPECT_TRUE(contains(svg, "text-anchor=\"end\" font-size=\"10\" fill=\"#333\">50</text>"));
  // One series: no legend.
  EXPECT_FALSE(contains(svg, "legend"));
}

TEST(BarChart, TwoSeriesShareEachGroupAndHaveALegend) {
  const BarChart c{"Calls",
                   "calls",
                   {"weekday"},
                   {{"2027-03", {{20, "20", false}}}, {"2027-02", {{10, "10", false}}}}};
  const std::string svg = bar_chart_svg(c);
  // One group of 664 px; two bars of 265.6 px side by side.
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-0\" x=\"114.4\" y=\"36\" width=\"265.6\" "
                       "height=\"180\" fill=\"#1f4e79\"/>"))
      << svg;
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-1\" x=\"380\" y=\"126\" width=\"265.6\" "
                       "height=\"90\" fill=\"#9db9d5\"/>"))
      << svg;
  EXPECT_TRUE(contains(svg, "<rect class=\"legend series-0\""));
  EXPECT_TRUE(contains(svg, ">2027-02</text>"));
}

TEST(BarChart, AWithheldCountIsAnOutlineWithItsText) {
  const BarChart c{
      "Closed", "calls", {"22", "23"}, {{"2027-03", {{132, "132", false}, {5, "<5", true}}}}};
  const std::string svg = bar_chart_svg(c);
  // Top 200: 5 is 4.5 px high.
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-0 withheld\" x=\"413.2\" y=\"211.5\" "
                       "width=\"265.6\" height=\"4.5\" fill=\"none\" stroke=\"#1f4e79\" "
                       "stroke-dasharray=\"3 2\"/>"))
      << svg;
  EXPECT_TRUE(contains(svg,
                       "<text x=\"546\" y=\"208.5\" text-anchor=\"middle\" "
                       "font-size=\"10\">&lt;5</text>"))
      << svg;
  EXPECT_FALSE(contains(svg, "<5"));
}

TEST(BarChart, EveryTextIsEscaped) {
  const BarChart c{"A & <B>", "\"x\"", {"<script>"}, {{"a&b", {{1, "1 < 2", false}}}, {"c", {}}}};
  const std::string svg = bar_chart_svg(c);
  EXPECT_TRUE(contains(svg, "<title>A &amp; &lt;B&gt;</title>"));
  EXPECT_TRUE(contains(svg, ">&quot;x&quot;</text>"));
  EXPECT_TRUE(contains(svg, ">&lt;script&gt;</text>"));
  EXPECT_TRUE(contains(svg, ">a&amp;b</text>"));
  EXPECT_TRUE(contains(svg, ">1 &lt; 2</text>"));
  EXPECT_FALSE(contains(svg, "<script"));
  // A series without a bar for a label draws it as 0, without text.
  EXPECT_TRUE(contains(svg,
                       "<rect class=\"series-1\" x=\"380\" y=\"216\" width=\"265.6\" "
                       "height=\"0\" fill=\"#9db9d5\"/>"))
      << svg;
}

}  // namespace
}  // namespace samtel
