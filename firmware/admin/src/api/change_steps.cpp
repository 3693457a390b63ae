#include "change_steps.hpp"

#include <algorithm>
#include <limits>

#include "samtel/admin/json_body.hpp"
#include "samtel/config.hpp"
#include "samtel/json_check.hpp"
#include "samtel/preview.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// At most this many problems or gaps named in one message.
constexpr std::size_t kMaxNamed = 5;

// One answer for a list of problems: the first's pointer (a request field's under "/change"),
// every message on one line.
ApiResponse change_problems(const ConfigErrors& errors) {
  std::string message;
  std::string pointer = "/change";
  for (std::size_t i = 0; i < errors.size() && i < kMaxNamed; ++i) {
    const ConfigError& e = errors[i];
    const bool in_request = e.source == kChangeSource;
    if (i == 0 && in_request) pointer += e.pointer;
    if (!message.empty()) message += "; ";
    message +=
        in_request ? (e.pointer.empty() ? e.message : e.pointer + ": " + e.message) : e.to_string();
  }
  if (errors.size() > kMaxNamed) {
    message += "; and " + std::to_string(errors.size() - kMaxNamed) + " more";
  }
  if (message.empty()) message = "the change cannot be applied";
  return error_response(400, "change refused: " + message, pointer);
}

}  // namespace

tl::expected<ChangeRequest, ApiResponse> read_change_request(const Call& call, bool with_comment) {
  JsonChecker check;
  ChangeRequest out;
  const auto& body = call.body;
  const bool object =
      with_comment
          ? check.object(body, "", {"base", "change", "comment", "confirm_gaps", "horizon_days"})
          : check.object(body, "", {"base", "change", "horizon_days"});
  if (!object) return tl::unexpected(body_problem(check));
  const auto base = check.integer(body, "", "base", true, 1, std::numeric_limits<long>::max());
  const auto horizon = check.integer(body, "", "horizon_days", false, 1, 366);
  std::optional<std::string> comment;
  if (with_comment) {
    comment = check.text(body, "", "comment", false, false);
    out.confirm_gaps = check.boolean(body, "", "confirm_gaps", false).value_or(false);
  }
  const auto* change = check.member(body, "", "change", true);
  if (change != nullptr && !change->is_object()) {
    check.error("/change",
                "expected an object {\"kind\": ..., ...}, found " + json_value_name(*change));
  }
  if (!check.ok()) return tl::unexpected(body_problem(check));
  out.base = *base;
  out.horizon_days = static_cast<int>(horizon.value_or(90));
  out.comment = comment.value_or("");
  // The change again, keeping its keys' order (a whole site replaced keeps the file's order).
  auto ordered = nlohmann::ordered_json::parse(call.request.body, nullptr, false);
  if (ordered.is_discarded() || !ordered.contains("change")) {
    return tl::unexpected(error_response(400, "the body cannot be read as JSON", "/change"));
  }
  auto parsed = parse_change(ordered["change"]);
  if (!parsed) return tl::unexpected(change_problems(parsed.error()));
  out.change = std::move(*parsed);
  const Role needed = authority(out.change.kind) == ChangeAuthority::administrator
                          ? Role::administrator
                          : Role::scheduler;
  if (!store::permits(call.session->role, needed)) {
    return tl::unexpected(error_response(
        403, "a change of kind " + std::string(to_string(out.change.kind)) + " needs the role " +
                 std::string(store::to_string(needed)) + "; " + call.session->user + " is " +
                 std::string(store::to_string(call.session->role))));
  }
  return out;
}

tl::expected<EvaluatedChange, ApiResponse> evaluate_change(const store::ScheduleStore& s,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now) {
  EvaluatedChange out;
  auto published = s.published(site);
  if (!published) return tl::unexpected(store_failure(published.error()));
  out.published = std::move(*published);
  const store::VersionId current = out.published.id;
  if (request.base != current) {
    std::string since;
    auto newer = s.versions(site, 50);
    std::reverse(newer.begin(), newer.end());
    for (const auto& v : newer) {
      if (v.id <= request.base) continue;
      since += (since.empty() ? "" : "; ") + std::string("version ") + std::to_string(v.id) +
               " by " + v.author + ": " + quote_value(v.comment);
    }
    ApiResponse r = error_response(
        409, "the change was made from version " + std::to_string(request.base) + " of " + site +
                 ", but version " + std::to_string(current) + " is published now" +
                 (since.empty() ? std::string{} : "; changed since: " + since) +
                 "; look at the current version and make the change again from it");
    r.body["current"] = current;
    return tl::unexpected(std::move(r));
  }
  auto document = content_json(out.published);
  if (!document) return tl::unexpected(std::move(document.error()));
  auto applied = apply_change(*document, request.change);
  if (!applied) return tl::unexpected(change_problems(applied.error()));
  if (applied->site.contains("site") && applied->site["site"].is_object() &&
      applied->site["site"].value("id", "") != site) {
    return tl::unexpected(error_response(
        400,
        "the site's id would change from " + quote_value(site) + " to " +
            quote_value(applied->site["site"].value("id", "")) + "; a site keeps its id",
        "/change/site/site/id"));
  }
  out.content = applied->site.dump(2) + "\n";
  out.summary = applied->summary;
  out.detail = applied->detail;
  auto before = parse_site(out.published.content, "published version");
  auto after = parse_site(out.content, kChangedSiteSource);
  if (!before) return tl::unexpected(change_problems(before.error()));
  if (!after) return tl::unexpected(change_problems(after.error()));
  const Preview preview =
      preview_change(*before, *after, now, std::chrono::days{request.horizon_days});
  out.preview = preview.to_json();
  out.preview_text = preview.summary();
  out.gaps_opened = static_cast<int>(preview.gaps_opened.size());
  out.gaps_closed = static_cast<int>(preview.gaps_closed.size());
  const Zone& zone = *preview.zone;
  for (std::size_t i = 0; i < preview.gaps_opened.size() && i < kMaxNamed; ++i) {
    const CoverageGap& g = preview.gaps_opened[i];
    out.gaps_text += (i == 0 ? "" : "; ") + std::string("line ") + g.line->number + " desk " +
                     g.desk->id + " from " + format_rfc3339(zone, g.start) + " to " +
                     format_rfc3339(zone, g.end);
  }
  if (preview.gaps_opened.size() > kMaxNamed) {
    out.gaps_text += "; and " + std::to_string(preview.gaps_opened.size() - kMaxNamed) + " more";
  }
  return out;
}

}  // namespace samtel::fw::admin
