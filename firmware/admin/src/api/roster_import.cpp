// POST /api/v1/sites/{site}/roster-import: a roster file (CSV or iCalendar) read against the
// published version and turned into one shifts_import change, then previewed or published through
// the same steps as /preview and /changes (change_steps.hpp). A file with problems is refused
// with every problem by its line, and nothing is written.
#include "samtel/roster_import.hpp"

#include <string>

#include "change_steps.hpp"
#include "resources.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/json_check.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

struct RosterImportRequest {
  ChangeRequest change;  // base, comment, confirm_gaps, horizon_days; the change once read
  RosterFormat format = RosterFormat::csv;
  RosterImportOptions options;  // the file's name, the rota and (iCalendar) the default role
  std::string text;             // the file's content
  bool publish = false;
};

tl::expected<RosterImportRequest, ApiResponse> read_request(const nlohmann::json& body) {
  JsonChecker check;
  if (!check.object(body, "",
                    {"base", "format", "source", "rota", "role", "text", "publish", "comment",
                     "confirm_gaps", "horizon_days"})) {
    return tl::unexpected(body_problem(check));
  }
  RosterImportRequest out;
  read_change_settings(check, body, true, out.change);
  std::optional<std::string> format;
  if (const auto* value = check.member(body, "", "format", true)) {
    format = check.string_one_of(*value, "/format",
                                 {to_string(RosterFormat::csv), to_string(RosterFormat::ical)});
  }
  auto source = check.text(body, "", "source", true);
  auto rota = check.text(body, "", "rota", true);
  auto role = check.text(body, "", "role", false);
  auto text = check.string(body, "", "text", true, false);
  const auto publish = check.boolean(body, "", "publish", true);
  if (!check.ok()) return tl::unexpected(body_problem(check));
  out.format = roster_format_from_string(*format).value_or(RosterFormat::csv);
  if (role && out.format == RosterFormat::csv) {
    return tl::unexpected(error_response(
        400,
        "a CSV file gives each row's role in its role column; \"role\" is taken only for an "
        "iCalendar file (\"format\": \"ical\"), for events whose SUMMARY names none",
        "/role"));
  }
  out.options.source = std::move(*source);
  out.options.rota = std::move(*rota);
  out.options.role = std::move(role).value_or("");
  out.text = std::move(*text);
  out.publish = *publish;
  return out;
}

// 400 for a file with problems: how many and the first in the message, each in "problems".
ApiResponse file_problems(const std::string& source, const ImportProblems& problems) {
  const std::size_t n = problems.size();
  std::string message = "the roster file " + quote_value(source) + " has " + std::to_string(n) +
                        (n == 1 ? " problem" : " problems") +
                        " (each in \"problems\"), so nothing was imported";
  if (!problems.empty()) message += "; the first: " + problems.front().to_string();
  ApiResponse r = error_response(400, escape_control_characters(message), "/text");
  nlohmann::json list = nlohmann::json::array();
  for (const ImportProblem& p : problems) {
    list.push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
  }
  r.body["problems"] = std::move(list);
  return r;
}

// The file read against the published version's site into the one shifts_import change; the
// number of shifts it adds.
tl::expected<std::size_t, ApiResponse> read_file(const store::Version& published,
                                                 RosterImportRequest& request) {
  auto site = content_site(published);
  if (!site) return tl::unexpected(std::move(site.error()));
  auto roster = read_roster(request.format, *site, request.text, request.options);
  if (!roster) return tl::unexpected(file_problems(request.options.source, roster.error()));
  auto change = parse_change(nlohmann::ordered_json(roster_import_change(*site, *roster)));
  if (!change) {
    const std::string first =
        change.error().empty() ? std::string("no reason given") : change.error().front().message;
    return tl::unexpected(error_response(
        400,
        "the roster of " + quote_value(request.options.source) +
            " does not make a change the site takes: " + escape_control_characters(first),
        "/text"));
  }
  request.change.change = std::move(*change);
  return roster->shifts.size();
}

// What the change's own checks refuse (pointer "/change/..." in a change's body) is the file's:
// this body has no "change".
ApiResponse file_at_fault(ApiResponse answer) {
  if (answer.status != 400) return answer;
  auto& error = answer.body["error"];
  if (error.contains("pointer") && error["pointer"].get<std::string>().rfind("/change", 0) == 0) {
    error["pointer"] = "/text";
  }
  return answer;
}

}  // namespace

void add_roster_import_resource(Router& router, const ScheduleResources& r) {
  router.add(
      Method::post, "/api/v1/sites/{site}/roster-import",
      {.role = role_for(ChangeKind::shifts_import), .json_body = true}, [r](const Call& call) {
        auto request = read_request(call.body);
        if (!request) return std::move(request.error());
        const std::string& site = call.params.at("site");
        const Instant now = r.wall.now();
        // Read, checked and (when asked) published in one step: the file is read against
        // the version it is published on.
        return r.store.with([&](store::ScheduleStore& s) {
          auto published = published_base(s, site, request->change.base);
          if (!published) return std::move(published.error());
          auto shifts = read_file(*published, *request);
          if (!shifts) return std::move(shifts.error());
          auto evaluated = evaluate_change(std::move(*published), site, request->change, now);
          if (!evaluated) return file_at_fault(std::move(evaluated.error()));
          if (request->publish) {
            return file_at_fault(publish_change(s, call, site, request->change, *evaluated));
          }
          ApiResponse out = preview_answer(request->change, *evaluated);
          out.body["shifts"] = *shifts;
          return out;
        });
      });
}

}  // namespace samtel::fw::admin
