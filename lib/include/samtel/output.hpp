#pragma once
// samtel/output.hpp — results as text for the command lines (`samtel` and `samtel-sim`): plain
// tables for people, CSV for spreadsheets, and a route plan as JSON.
//
// Promises:
//  * Output depends only on what is passed in (no clock, no locale, no environment), so it can be
//    kept as golden files.
//  * Tables pad columns by characters, not bytes: a UTF-8 sequence counts once, so "Øre-nese-hals"
//    is 13 wide. The first row is the header, underlined; columns are two spaces apart.
//  * CSV follows RFC 4180: every row ends in CRLF; a field holding a comma, a double quote, CR or
//    LF is put in double quotes, with its quotes doubled; other fields are written as they are.
//  * `plan_json()` is a plan's decision as one JSON object, in this order: the kind of day
//    (`day_type`, `hours_type`, `holiday`, `special_day`, `window`, null when absent), the
//    `attempts` in the order they ring, and the `fallback`. A command adds its own members to it
//    (the instant, the line, the state).
//  * `route_json()` is what `samtel route --json` prints and what the admin service's
//    `GET /api/v1/route` answers: `plan_json()` with the instant (local and UTC), the site, line,
//    desk, whether open, the service day, a coverage gap and the reason; members in alphabetical
//    order. `who_json()` is `samtel who --json` and `GET /api/v1/who`: the instant in the first
//    line's zone and, for every desk of every line, whether it is open, a gap, and who holds each
//    role until when. One builder each, so the command line and the service never differ.
//
//   std::cout << render_table({{"desk", "on duty"}, {"medisin", "Overlege Kari Aas"}});
//   // desk     on duty
//   // -------  -----------------
//   // medisin  Overlege Kari Aas
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/routing.hpp"
#include "samtel/schedule.hpp"

namespace samtel {

// How a table underlines its header and ends its lines.
enum class TableStyle {
  column_rules,  // a rule under each column; no spaces at the end of a line (samtel-sim)
  one_rule,      // one rule across the table; empty last cells still padded (samtel)
};

std::string render_table(const std::vector<std::vector<std::string>>& rows,
                         TableStyle style = TableStyle::column_rules);

std::string render_csv(const std::vector<std::vector<std::string>>& rows);

nlohmann::ordered_json plan_json(const RoutePlan& plan);

nlohmann::json route_json(const RoutePlan& plan);
nlohmann::json who_json(const Schedule& schedule, Instant t);

}  // namespace samtel
