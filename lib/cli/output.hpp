#pragma once
// Rendering of library results for the `samtel` command line: JSON objects and plain tables.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/coverage.hpp"
#include "samtel/routing.hpp"

namespace samtel::cli {

nlohmann::json plan_to_json(const RoutePlan& plan);

// A plain text table: the first row is the header; columns are padded to their widest cell.
std::string render_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace samtel::cli
