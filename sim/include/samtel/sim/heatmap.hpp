#pragma once
// samtel/sim/heatmap.hpp — an SVG picture of one desk over a period: a row per local day, a
// column per local hour, coloured by whether the line is open, closed, or open with nobody on
// duty; optionally shaded by simulated load or by calls nobody on duty answered.
//
// Promises:
//  * Each row is drawn from the core's `timeline()` in wall-clock minutes, so an opening at 08:30
//    fills half a cell and the picture matches `route()` to the minute.
//  * Daylight-saving days are visible: the hour that does not exist in spring is left hatched,
//    and both days carry a note at the end of the row, as do holidays and special days.
//  * The colours are fixed (`kOpenColour`, ...) and the layout is fixed by `HeatmapLayout`, so a
//    test can find a cell's pixels in a screenshot. The SVG is self-contained (no scripts, no
//    external fonts or images) and drawn with crisp edges.
//  * Shading (when a replay is given) darkens an hour's cell by its share of the busiest hour's
//    calls, or reddens it by its share of unanswered calls (fallback, gap or closed), and writes
//    the count in the cell; cells without calls keep their plain colour.
//
//   std::ofstream("week.svg") << heatmap_svg(site, line, desk, DateRange{monday, sunday}, {});
#include <string>

#include "samtel/period.hpp"
#include "samtel/schedule.hpp"
#include "samtel/sim/replay.hpp"

namespace samtel::sim {

inline constexpr const char* kOpenColour = "#43a047";    // rgb(67, 160, 71)
inline constexpr const char* kClosedColour = "#cfd8dc";  // rgb(207, 216, 220)
inline constexpr const char* kGapColour = "#e53935";     // rgb(229, 57, 53)

struct HeatmapLayout {
  static constexpr int margin = 10;
  static constexpr int title_height = 28;
  static constexpr int header_height = 18;
  static constexpr int label_width = 110;
  static constexpr int cell_width = 30;  // one hour
  static constexpr int row_height = 20;  // one day, including a 2 px gap below
  static constexpr int bar_height = 18;
  static constexpr int notes_width = 300;
  // Top-left corner of the cell for local hour 0 of the first day.
  static constexpr int grid_x = margin + label_width;
  static constexpr int grid_y = margin + title_height + header_height;
};

enum class Shade { none, load, unanswered };

struct HeatmapOptions {
  Shade shade = Shade::none;
  const ReplayResult* traffic = nullptr;  // needed for shading; calls of other desks are ignored
  std::string title;                      // default: line, desk and period
};

std::string heatmap_svg(const Site& site, const Line& line, const Desk& desk, DateRange range,
                        const HeatmapOptions& options = {});

}  // namespace samtel::sim
