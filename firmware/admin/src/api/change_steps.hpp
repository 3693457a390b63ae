#pragma once
// The steps a change goes through, shared by preview, changes and roster-import: the request body
// read and checked, the caller's role for the change's kind, the base checked against the
// published version, the change applied and previewed, the preview answered or the change
// published. Internal to the admin part.
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/api.hpp"
#include "samtel/admin/router.hpp"
#include "samtel/json_check.hpp"
#include "samtel/site_change.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::admin {

struct ChangeRequest {
  store::VersionId base = 0;
  SiteChange change;
  std::string comment;  // "" when not given
  bool confirm_gaps = false;
  int horizon_days = 90;
};

// The least access role that may make a change of `kind` (samtel::authority()).
Role role_for(ChangeKind kind);

// Reads the body of a preview (`with_comment` false: no comment or confirm_gaps) or a change;
// 400 with the field's pointer for a bad one (a bad change: "/change" + its own pointer); 403
// when the caller's role may not make a change of its kind.
tl::expected<ChangeRequest, ApiResponse> read_change_request(const Call& call, bool with_comment);

// What every request that makes a change has besides the change itself: "base" (required),
// "horizon_days" and, `with_comment`, "comment" and "confirm_gaps"; read into `out`, problems
// reported to `check`.
void read_change_settings(JsonChecker& check, const nlohmann::json& body, bool with_comment,
                          ChangeRequest& out);

// The published version of `site` when it is `base`: 404 for no such site, 409 with "current"
// (naming what was published since) for a stale base.
tl::expected<store::Version, ApiResponse> published_base(const store::ScheduleStore& s,
                                                         const std::string& site,
                                                         store::VersionId base);

// What a change would do to the published version, as checked within one store step.
struct EvaluatedChange {
  store::Version published;
  std::string content;  // the new site file
  std::string summary;
  nlohmann::json detail;
  nlohmann::json preview;  // Preview::to_json()
  std::string preview_text;
  int gaps_opened = 0, gaps_closed = 0;
  std::string gaps_text;  // the gaps opened, for a message
};

// published_base(), then the change applied to that version and previewed: 400 for a change that
// does not apply.
tl::expected<EvaluatedChange, ApiResponse> evaluate_change(const store::ScheduleStore& s,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now);
// The same on the version published_base() gave.
tl::expected<EvaluatedChange, ApiResponse> evaluate_change(store::Version published,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now);

// 200 {"base", "summary", "detail", "preview", "preview_text", "gaps_opened", "gaps_closed"}: what
// a preview answers.
ApiResponse preview_answer(const ChangeRequest& request, const EvaluatedChange& evaluated);

// Publishes an evaluated change in the store step that evaluated it: 409 (pointer
// /confirm_gaps, the gaps named) when it opens gaps not confirmed, the store's refusal, or 201
// {"version", "base", "summary", "preview_text", "gaps_opened"}, audited with the caller, the
// change's detail and the preview's text.
ApiResponse publish_change(store::ScheduleStore& s, const Call& call, const std::string& site,
                           const ChangeRequest& request, const EvaluatedChange& evaluated);

}  // namespace samtel::fw::admin
