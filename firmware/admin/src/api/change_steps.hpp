#pragma once
// The steps a change goes through, shared by preview and changes: the request body read and
// checked, the caller's role for the change's kind, the base checked against the published
// version, the change applied and previewed. Internal to the admin part.
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/api.hpp"
#include "samtel/admin/router.hpp"
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

// Reads the body of a preview (`with_comment` false: no comment or confirm_gaps) or a change;
// 400 with the field's pointer for a bad one (a bad change: "/change" + its own pointer); 403
// when the caller's role may not make a change of its kind.
tl::expected<ChangeRequest, ApiResponse> read_change_request(const Call& call, bool with_comment);

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

// 404 for no such site, 409 with "current" for a stale base (naming what changed since), 400 for
// a change that does not apply.
tl::expected<EvaluatedChange, ApiResponse> evaluate_change(const store::ScheduleStore& s,
                                                           const std::string& site,
                                                           const ChangeRequest& request,
                                                           Instant now);

}  // namespace samtel::fw::admin
