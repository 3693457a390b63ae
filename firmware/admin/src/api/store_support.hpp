#pragma once
// What the store-backed resources share: the store's refusals as answers, versions and audit
// entries as JSON, query parameters read with one message each, the caller as an audit actor.
// Internal to the admin part.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/api.hpp"
#include "samtel/admin/router.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/period.hpp"
#include "samtel/schedule.hpp"
#include "samtel/store/published_schedule.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::admin {

// 400 invalid, 404 not_found, 409 conflict (with "current" when known) and exists, 403 denied,
// 503 io and damaged.
ApiResponse store_failure(const store::StoreError& e, std::string pointer = {});

// {"id","site","parent","created","author","comment","content_hash","published"}.
nlohmann::json version_json(const store::VersionInfo& v, bool published);

// The content of a version as JSON (canonical, so it parses), or 503 when it does not.
tl::expected<nlohmann::ordered_json, ApiResponse> content_json(const store::Version& v);

// The content of a version loaded as a site (the core's loader), or 503 when it does not load.
tl::expected<Site, ApiResponse> content_site(const store::Version& v);

// The caller, for the audit trail: {session user, request source}.
store::Actor actor_of(const Call& call);

// The query parameter `name`, if given (the first, if given twice).
std::optional<std::string> query_value(const ApiRequest& request, std::string_view name);
// A whole-number parameter in [lo, hi], `fallback` when absent; 400 naming it otherwise.
tl::expected<long, ApiResponse> query_integer(const ApiRequest& request, std::string_view name,
                                              long lo, long hi, long fallback);
// Why the call log is read (`purpose`, for the audit trail): 1..200 characters, no control
// characters; `fallback` when absent; 400 naming it otherwise.
tl::expected<std::string, ApiResponse> query_purpose(const ApiRequest& request,
                                                     std::string_view fallback);
// An id (a version's, a calendar feed's) from a path segment or query; nullopt for anything but
// a positive integer.
std::optional<std::int64_t> parse_id(std::string_view text);
inline std::optional<store::VersionId> parse_version_id(std::string_view text) {
  return parse_id(text);
}

// The schedule of the published versions; 404 when nothing is published, 503 when unreadable.
tl::expected<store::PublishedSchedule, ApiResponse> published_schedule(SharedStore& store);

// The local days `from`..`to` (both included, dates YYYY-MM-DD in the site's zone), at most
// `max_days` of them; 400 naming the parameter or the length otherwise.
tl::expected<DateRange, ApiResponse> query_local_period(const ApiRequest& request, long max_days);

// The index of the site `id` in the published schedule; 404 "no site 'x'" otherwise.
tl::expected<std::size_t, ApiResponse> find_site(const Schedule& schedule, std::string_view id);

// A time parameter (`at`) in `zone` with the core's parse_time, `now` when absent.
tl::expected<Instant, ApiResponse> query_instant(const ApiRequest& request, std::string_view name,
                                                 const Zone& zone, Instant now);

}  // namespace samtel::fw::admin
