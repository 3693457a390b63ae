#pragma once
// samtel/sim/report.hpp — a self-contained HTML report of a run, for a person to open in a
// browser: summary, traffic tables, heatmaps, coverage findings and the routing timeline.
//
// Promises:
//  * One file, no scripts, no external styles, fonts or images: it renders the same offline and
//    can be mailed or archived as it is. Every text from the configuration is HTML-escaped.
//  * The heatmaps come right after the summary, in desk order, drawn by `heatmap_svg()` with its
//    fixed layout and colours (the rendering test relies on this).
//  * The output depends only on its inputs; no date of generation is written.
//
//   ReportInput in{...};
//   std::ofstream("report.html") << html_report(in);
#include <string>
#include <vector>

#include "samtel/sim/coverage_review.hpp"
#include "samtel/sim/heatmap.hpp"
#include "samtel/sim/replay.hpp"
#include "samtel/sim/sweep.hpp"

namespace samtel::sim {

struct ReportInput {
  std::string configuration;   // file name(s), as given
  DeskRef line;                // the site and line reported on (desk unused)
  std::vector<DeskRef> desks;  // desks of that line to show
  DateRange range;
  const CoverageReview* coverage = nullptr;
  const std::vector<SweepRow>* sweep = nullptr;
  const ReplayResult* replay = nullptr;  // optional
  const TrafficSummary* summary = nullptr;
  Shade shade = Shade::load;  // used when a replay is given
};

std::string html_report(const ReportInput& in);

}  // namespace samtel::sim
