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

Role role_for(ChangeKind kind) {
  return authority(kind) == ChangeAuthority::administrator ? Role::administrator : Role::scheduler;
}

void read_change_settings(JsonChecker& check, const nlohmann::json& body, bool with_comment,
                          ChangeRequest& out) {
  const auto base = check.integer(body, "", "base", true, 1, std::numeric_limits<long>::max());
  const auto horizon = check.integer(body, "", "horizon_days", false, 1, 366);
  if (with_comment) {
    out.comment = check.text(body, "", "comment", false, false).value_or("");
    out.confirm_gaps = check.boolean(body, "", "confirm_gaps", false).value_or(false);
  }
  out.base = base.value_or(0);
  out.horizon_days = static_cast<int>(horizon.value_or(90));
}

tl::expected<ChangeRequest, ApiResponse> read_change_request(const Call& call, bool with_comment) {
  JsonChecker check;
  ChangeRequest out;
  const auto& body = call.body;
  const bool object =
      with_comment
          ? check.object(body, "", {"base", "change", "comment", "confirm_gaps", "horizon_days"})
          : check.object(body, "", {"base", "change", "horizon_days"});
  if (!object) return tl::unexpected(body_problem(check));
  read_change_settings(check, body, with_comment, out);
  const auto* change = check.member(body, "", "change", true);
  if (change != nullptr && !change->is_object()) {
    check.error("/change",
                "expected an object {\"kind\": ..., ...}, found " + json_value_name(*change));
  }
  if (!check.ok()) return tl::unexpected(body_problem(check));
  // The change again, keeping its keys' order (a whole site replaced keeps the file's order).
  auto ordered = nlohmann::ordered_json::parse(call.request.body, nullptr, false);
  if (ordered.is_discarded() || !ordered.contains("change")) {
    return tl::unexpected(error_response(400, "the body cannot be read as JSON", "/change"));
  }
  auto parsed = parse_change(ordered["change"]);
  if (!parsed) return tl::unexpected(change_problems(parsed.error()));
  out.change = std::move(*parsed);
  const Role needed = role_for(out.change.kind);
  if (!store::permits(call.session->role, needed)) {
    return tl::unexpected(error_response(
        403, "a change of kind " + std::string(to_string(out.change.kind)) + " needs the role " +
                 std::string(store::to_string(needed)) + "; " + call.session->user + " is " +
                 std::string(store::to_string(call.session->role))));
  }
  return out;
}

tl::expected<store::Version, ApiResponse> published_base(const store::ScheduleStore& s,
                                                         const std::string& site,
                                                         store::VersionId base) {
  auto published = s.published(site);
  if (!published) return tl::unexpected(store_failure(published.error()));
  const store::VersionId current = published->id;
  if (base == current) return std::move(*published);
  std::string since;
  auto newer = s.versions(site, 50);
  std::reverse(newer.begin(), newer.end());
  for (const auto& v : newer) {
    if (v.id <= base) continue;
    since += (since.empty() ? "" : "; ") + std::string("version ") + std::to_string(v.id) + " by " +
             v.author + ": " + quote_value(v.comment);
  }
  ApiResponse r = error_response(
      409, "the change was made from version " + std::to_string(base) + " of " + site +
               ", but version " + std::to_string(current) + " is published now" +
               (since.empty() ? std::string{} : "; changed since: " + since) +
               "; look at the current version and make the change again from it");
  r.body["current"] = current;
  return tl::unexpected(std::move(r));
}

tl::expected<EvaluatedChange, ApiResponse> evaluate_change(const store::ScheduleStore& s,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now) {
  auto published = published_base(s, site, request.base);
  if (!published) return tl::unexpected(std::move(published.error()));
  return evaluate_change(std::move(*published), site, request, now);
}

tl::expected<EvaluatedChange, ApiResponse> evaluate_change(store::Version published,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now) {
  EvaluatedChange out;
  out.published = std::move(published);
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
  auto before = content_site(out.published);
  if (!before) return tl::unexpected(std::move(before.error()));
  auto after = parse_site(out.content, kChangedSiteSource);
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

ApiResponse preview_answer(const ChangeRequest& request, const EvaluatedChange& evaluated) {
  ApiResponse out;
  out.body = {{"base", request.base},
              {"summary", evaluated.summary},
              {"detail", evaluated.detail},
              {"preview", evaluated.preview},
              {"preview_text", evaluated.preview_text},
              {"gaps_opened", evaluated.gaps_opened},
              {"gaps_closed", evaluated.gaps_closed}};
  return out;
}

ApiResponse publish_change(store::ScheduleStore& s, const Call& call, const std::string& site,
                           const ChangeRequest& request, const EvaluatedChange& evaluated) {
  if (evaluated.gaps_opened > 0 && !request.confirm_gaps) {
    return error_response(409,
                          "the change opens " + std::to_string(evaluated.gaps_opened) +
                              " coverage gap(s), times when a desk is open with nobody on duty: " +
                              evaluated.gaps_text +
                              "; send \"confirm_gaps\": true to publish it anyway",
                          "/confirm_gaps");
  }
  const bool replace = request.change.kind == ChangeKind::site_replace;
  auto version = s.publish({
      .site = site,
      .base = request.base,
      .content = evaluated.content,
      .actor = actor_of(call),
      .comment = request.comment.empty() ? evaluated.summary : request.comment,
      .action = replace ? store::AuditAction::site_replaced : store::AuditAction::version_published,
      .detail = evaluated.detail,
      .routing_effect = evaluated.preview_text,
      .confirmed_gaps = evaluated.gaps_opened > 0 && request.confirm_gaps,
  });
  if (!version) return store_failure(version.error(), "/change");
  ApiResponse out;
  out.status = 201;
  out.body = {{"version", *version},
              {"base", request.base},
              {"summary", evaluated.summary},
              {"preview_text", evaluated.preview_text},
              {"gaps_opened", evaluated.gaps_opened}};
  return out;
}

}  // namespace samtel::fw::admin
