#include "samtel/sim/heatmap.hpp"

#include "test_support.hpp"

namespace samtel::sim {
namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(Heatmap, DrawsOpenClosedAndGapInWallClockMinutes) {
  const Site& site = test::st_olavs().sites()[0];
  const Line& line = site.lines[0];
  const std::string svg = heatmap_svg(site, line, line.desks[0],
                                      DateRange{test::day("2028-01-01"), test::day("2028-01-04")});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  // Saturday 1 January (holiday): open 10-18 = x from 110+10*30 to 110+18*30.
  using L = HeatmapLayout;
  const std::string open_sat = "<rect x=\"" + std::to_string(L::grid_x + 10 * L::cell_width) +
                               "\" y=\"" + std::to_string(L::grid_y) +
                               "\" width=\"240\" height=\"18\" fill=\"" + kOpenColour + "\"/>";
  EXPECT_NE(svg.find(open_sat), std::string::npos) << svg;
  // Monday 3 January: the roster has ended, 08-23 is a gap.
  const std::string gap_mon = "<rect x=\"" + std::to_string(L::grid_x + 8 * L::cell_width) +
                              "\" y=\"" + std::to_string(L::grid_y + 2 * L::row_height) +
                              "\" width=\"450\" height=\"18\" fill=\"" + kGapColour + "\"/>";
  EXPECT_NE(svg.find(gap_mon), std::string::npos);
  EXPECT_NE(svg.find("1. nyttårsdag"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(Heatmap, SpringForwardLeavesTheMissingHourHatched) {
  const Site& site = test::st_olavs().sites()[0];
  const Line& line = site.lines[0];
  const std::string svg = heatmap_svg(site, line, line.desks[0],
                                      DateRange{test::day("2026-03-29"), test::day("2026-03-29")});
  using L = HeatmapLayout;
  // Closed 00:00-02:00 and 03:00-10:00 local, nothing drawn over 02:00-03:00.
  EXPECT_NE(
      svg.find("<rect x=\"" + std::to_string(L::grid_x) + "\" y=\"" + std::to_string(L::grid_y) +
               "\" width=\"60\" height=\"18\" fill=\"" + kClosedColour + "\"/>"),
      std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"" + std::to_string(L::grid_x + 90) + "\" y=\"" +
                     std::to_string(L::grid_y) + "\" width=\"210\" height=\"18\" fill=\"" +
                     kClosedColour + "\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find("clocks go forward 02:00 -&gt; 03:00 (a 23-hour day)"), std::string::npos);
}

TEST(Heatmap, FallBackDrawsTheRepeatedHourOverTheSameCells) {
  const Site& site = test::st_olavs().sites()[0];
  const Line& line = site.lines[0];
  const std::string svg = heatmap_svg(site, line, line.desks[0],
                                      DateRange{test::day("2026-10-25"), test::day("2026-10-25")});
  using L = HeatmapLayout;
  // 00:00-03:00 (first pass), then 02:00-10:00 (second pass), closed; open 10-18.
  EXPECT_NE(
      svg.find("<rect x=\"" + std::to_string(L::grid_x) + "\" y=\"" + std::to_string(L::grid_y) +
               "\" width=\"90\" height=\"18\" fill=\"" + kClosedColour + "\"/>"),
      std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"" + std::to_string(L::grid_x + 60) + "\" y=\"" +
                     std::to_string(L::grid_y) + "\" width=\"240\" height=\"18\" fill=\"" +
                     kClosedColour + "\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find("clocks go back 03:00 -&gt; 02:00 (a 25-hour day)"), std::string::npos);
}

TEST(Heatmap, ShadingByLoadWritesCounts) {
  auto s = parse_scenario(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-12-01T09:10"}, {"at": "2026-12-01T09:40"}, {"at": "2026-12-01T23:30"}]})",
                          "t.json", test::st_olavs());
  ASSERT_TRUE(s.has_value());
  const Span span = test::days("2026-12-01", "2026-12-01");
  const ReplayResult r = replay(*s, span.from, span.to);
  const Site& site = test::st_olavs().sites()[0];
  HeatmapOptions opt;
  opt.traffic = &r;
  opt.shade = Shade::load;
  const std::string load =
      heatmap_svg(site, site.lines[0], site.lines[0].desks[0],
                  DateRange{test::day("2026-12-01"), test::day("2026-12-01")}, opt);
  EXPECT_EQ(count(load, "fill=\"#000000\""), 2u);  // hours 09 and 23
  EXPECT_NE(load.find(">2</text>"), std::string::npos);
  opt.shade = Shade::unanswered;
  const std::string unanswered =
      heatmap_svg(site, site.lines[0], site.lines[0].desks[0],
                  DateRange{test::day("2026-12-01"), test::day("2026-12-01")}, opt);
  EXPECT_EQ(count(unanswered, "fill=\"#b71c1c\""), 1u);  // only the call while closed
}

}  // namespace
}  // namespace samtel::sim
