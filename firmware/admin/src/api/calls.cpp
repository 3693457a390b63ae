// GET /api/v1/calls?from=DATE&to=DATE[&after=ID&limit=N&purpose=TEXT]: the call log, read-only,
// each read audited (`call_log_read`: the period, the count, the format and the purpose, "view"
// unless given). Dates are UTC calendar dates, both inclusive: [from 00:00Z, to + 1 day 00:00Z).
#include <limits>

#include "resources.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// How many days one read may span.
constexpr long kMaxSpanDays = 366;

tl::expected<date::sys_days, ApiResponse> query_date(const ApiRequest& request,
                                                     std::string_view name) {
  const auto text = query_value(request, name);
  if (!text) {
    return tl::unexpected(error_response(
        400, "the query parameter " + std::string(name) + " is required: a date YYYY-MM-DD"));
  }
  auto d = parse_date(*text);
  if (!d) {
    return tl::unexpected(
        error_response(400, "the query parameter " + std::string(name) + ": " + d.error()));
  }
  return date::sys_days{*d};
}

}  // namespace

void add_calls_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/calls", {.role = Role::viewer}, [r](const Call& call) {
    if (r.call_log.empty()) {
      return error_response(503,
                            "the call log is not available: samtel-admind was started without "
                            "--call-log");
    }
    auto from = query_date(call.request, "from");
    if (!from) return std::move(from.error());
    auto to = query_date(call.request, "to");
    if (!to) return std::move(to.error());
    if (*to < *from) return error_response(400, "the query parameter to is before from");
    if ((*to - *from).count() >= kMaxSpanDays) {
      return error_response(400, "from and to span more than " + std::to_string(kMaxSpanDays) +
                                     " days; read a shorter range");
    }
    auto after = query_integer(call.request, "after", 0, std::numeric_limits<long>::max(), 0);
    if (!after) return std::move(after.error());
    auto limit = query_integer(call.request, "limit", 1, store::CallLogReader::kMaxLimit, 100);
    if (!limit) return std::move(limit.error());
    auto purpose = query_purpose(call.request, "view");
    if (!purpose) return std::move(purpose.error());

    auto reader = store::CallLogReader::open(r.call_log);
    if (!reader) return error_response(503, "the call log cannot be read: " + reader.error());
    const Instant begin{from->time_since_epoch()};
    const Instant end{(*to + date::days{1}).time_since_epoch()};
    auto page = reader->calls(begin, end, *after, static_cast<int>(*limit));
    if (!page) return error_response(503, "the call log cannot be read: " + page.error());

    const std::string from_text = format_date(date::year_month_day{*from});
    const std::string to_text = format_date(date::year_month_day{*to});
    // No record is shown unless its reading is in the audit trail.
    auto audited = r.store.with([&](store::ScheduleStore& s) {
      return s.append_audit(actor_of(call), store::AuditAction::call_log_read,
                            {{"from", from_text},
                             {"to", to_text},
                             {"count", page->calls.size()},
                             {"format", "json"},
                             {"purpose", *purpose}});
    });
    if (!audited) return store_failure(audited.error());

    nlohmann::json calls = nlohmann::json::array();
    for (const auto& c : page->calls) {
      auto j = nlohmann::json::parse(to_json(c.record), nullptr, false);
      if (j.is_discarded()) j = nlohmann::json::object();
      j["id"] = c.id;
      calls.push_back(std::move(j));
    }
    ApiResponse out;
    out.body = {{"calls", calls},
                {"next", page->next ? nlohmann::json(*page->next) : nlohmann::json(nullptr)}};
    return out;
  });
}

}  // namespace samtel::fw::admin
