#include "samtel/call_record.hpp"

#include <nlohmann/json.hpp>

namespace samtel {
namespace {

template <typename E, std::size_t N>
std::optional<E> from_text(std::string_view s, const std::array<E, N>& all) {
  for (E e : all) {
    if (to_string(e) == s) return e;
  }
  return std::nullopt;
}

nlohmann::json opt(const std::optional<Instant>& t) {
  return t ? nlohmann::json(format_utc(*t)) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

std::string_view to_string(RoutingMode m) { return m == RoutingMode::proxy ? "proxy" : "redirect"; }

std::string_view to_string(CallOutcome o) {
  switch (o) {
    case CallOutcome::redirected: return "redirected";
    case CallOutcome::answered: return "answered";
    case CallOutcome::escalated_answered: return "escalated-answered";
    case CallOutcome::fallback: return "fallback";
    case CallOutcome::gap: return "gap";
    case CallOutcome::closed: return "closed";
    case CallOutcome::caller_gave_up: return "caller-gave-up";
    case CallOutcome::failed: return "failed";
    case CallOutcome::maintenance: return "maintenance";
  }
  return "failed";
}

std::string_view to_string(AttemptResult r) {
  switch (r) {
    case AttemptResult::redirected: return "redirected";
    case AttemptResult::answered: return "answered";
    case AttemptResult::no_answer: return "no-answer";
    case AttemptResult::busy: return "busy";
    case AttemptResult::declined: return "declined";
    case AttemptResult::unavailable: return "unavailable";
    case AttemptResult::cancelled: return "cancelled";
    case AttemptResult::error: return "error";
  }
  return "error";
}

std::optional<RoutingMode> routing_mode_from_string(std::string_view s) {
  return from_text(s, std::array{RoutingMode::redirect, RoutingMode::proxy});
}
std::optional<CallOutcome> call_outcome_from_string(std::string_view s) {
  return from_text(s, kAllCallOutcomes);
}
std::optional<AttemptResult> attempt_result_from_string(std::string_view s) {
  return from_text(s, kAllAttemptResults);
}

std::string to_json(const CallRecord& r) {
  nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
  for (const AttemptRecord& a : r.attempts) {
    attempts.push_back({{"role", a.role},
                        {"person", a.person},
                        {"address", a.address},
                        {"started_utc", format_utc(a.started)},
                        {"ended_utc", format_utc(a.ended)},
                        {"response", a.response},
                        {"result", to_string(a.result)}});
  }
  const nlohmann::ordered_json j = {{"call_id", r.call_id},
                                    {"arrived_utc", format_utc(r.arrived)},
                                    {"answered_utc", opt(r.answered)},
                                    {"ended_utc", opt(r.ended)},
                                    {"line", r.line},
                                    {"desk", r.desk},
                                    {"mode", to_string(r.mode)},
                                    {"caller", r.caller},
                                    {"caller_category", to_string(r.caller_category)},
                                    {"municipality", r.municipality},
                                    {"open", r.open},
                                    {"day_type", r.day_type},
                                    {"coverage_gap", r.coverage_gap},
                                    {"clock_fault", r.clock_fault},
                                    {"outcome", to_string(r.outcome)},
                                    {"answered_role", opt(r.answered_role)},
                                    {"answered_person", opt(r.answered_person)},
                                    {"wait_ms", opt(r.wait_ms)},
                                    {"duration_s", opt(r.duration_s)},
                                    {"fallback", opt(r.fallback)},
                                    {"reason", r.reason},
                                    {"attempts", attempts}};
  // Replacement instead of an exception for invalid UTF-8: a record is never lost to its text.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace samtel
