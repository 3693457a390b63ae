#pragma once
// samtel/statistics_report.hpp — the statistics for the partners as one printable HTML page, to
// share with the municipalities: the site and the period in the title, the period compared with
// the period before, charts drawn here (samtel/bar_chart.hpp) and the deviation candidates
// counted by category with what became of them.
//
// Promises:
//  * `statistics_report_html()` is a pure function of the report: a whole HTML document, with
//    its style in one <style> element and its charts as inline SVG; no script, no link, no image
//    and no other resource, so it prints the same from a file with no network. A <meta> policy
//    (`kReportContentSecurityPolicy`) allows inline style and nothing else.
//  * It shows no caller number (it is given none) and writes every count by the statistics'
//    disclosure rule (`disclosed_count()`): under Disclosure::shared, 1 to 4 is "<5", in the
//    tables, in the bars' texts and in the charts, where such a bar is drawn withheld at the
//    height of 5. The change from the period before is given only where both counts are shown.
//  * Charts, each with the period and the period before: calls by local hour of arrival; calls
//    that arrived while closed by hour (the unmet demand); by day type; by desk (its name when
//    the report knows it); the share answered while open; the median and 90th-percentile wait;
//    escalations, calls sent to the fallback and coverage gaps.
//  * Deviation candidates (`CallStatistics::deviations`, samtel/deviation_counts.hpp): one row a
//    category and period (the period, then the period before), in the order of
//    `DeviationCategory`, with how many were found, filed, dismissed, explained and not yet
//    reviewed; "not recorded" where the decisions are unknown, and "not counted" for a period
//    whose candidates were not counted.
//  * Months whose counts come from the call log's stored aggregates (`from_aggregates`, their
//    records deleted after their retention) are named in a note under the title, for each
//    period: their waits cannot be combined with other months', and their deviation candidates
//    are gone with their records.
//  * Every text from outside (site name, desk names, day types, the `generated` line) is
//    XML-escaped (samtel/text.hpp).
//
//   now.deviations = count_deviations(find_call_deviations(records, zone, {}));
//   StatisticsReport r{.site_name = site.name, .now = now, .previous = before};
//   std::string page = statistics_report_html(r);
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/call_statistics.hpp"

namespace samtel {

inline constexpr std::string_view kReportContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

struct StatisticsReport {
  std::string site_id;
  std::string site_name;
  std::map<std::string, std::string> desk_names;  // desk id → name, for the desk chart
  CallStatistics now, previous;
  Disclosure disclosure = Disclosure::shared;
  std::string generated;  // "2027-04-02 10:15", the local time the caller made it
};

std::string statistics_report_html(const StatisticsReport& report);

}  // namespace samtel
