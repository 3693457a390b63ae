#include "samtel/calls/record_builder.hpp"

namespace samtel::fw {

CallRecord begin_record(std::string_view call_id, std::string_view caller, const NumberMatch& match,
                        const RoutePlan& plan, RoutingMode mode, const CallerPolicy& policy,
                        bool clock_fault) {
  CallRecord rec;
  rec.call_id = std::string(call_id);
  rec.arrived = plan.instant;
  rec.line = match.line.line->number;
  rec.desk = match.desk->id;
  rec.mode = mode;
  // Decided from the full number before it is minimised: the record keeps only the category and
  // the municipality beside what the policy leaves of the number.
  CallerClass from = match.line.site != nullptr ? classify_caller(match.line.site->callers, caller)
                                                : CallerClass{};
  rec.caller_category = from.category;
  rec.municipality = std::move(from.municipality);
  rec.caller = policy.minimise(caller);
  rec.open = plan.open;
  rec.day_type = std::string(to_string(plan.day_type));
  rec.coverage_gap = plan.coverage_gap;
  rec.clock_fault = clock_fault;
  // Routed by an unset clock, the plan's words about service hours would be wrong: say why.
  rec.reason = clock_fault ? "The unit's clock is unset (it reads " + format_utc(plan.instant) +
                                 "): the call was sent to the fallback without looking at the "
                                 "schedule."
                           : plan.reason();
  return rec;
}

void finish_redirect(CallRecord& rec, const RoutePlan& plan, bool clock_fault) {
  rec.ended = plan.instant;
  rec.outcome = clock_fault                   ? CallOutcome::fallback
                : plan.maintenance != nullptr ? CallOutcome::maintenance
                : !plan.open                  ? CallOutcome::closed
                : plan.attempts.empty()       ? CallOutcome::fallback
                                              : CallOutcome::redirected;
  rec.fallback = plan.fallback != nullptr ? plan.fallback->address : "";
  for (const Attempt& a : plan.attempts) {
    AttemptRecord ar = begin_attempt(a, plan.instant);
    ar.response = 302;
    ar.result = AttemptResult::redirected;
    rec.attempts.push_back(std::move(ar));
  }
}

AttemptRecord begin_attempt(const Attempt& a, Instant now) {
  return AttemptRecord{a.role_info != nullptr ? a.role_info->id : "",
                       a.person != nullptr ? a.person->id : "",
                       std::string(a.address),
                       now,
                       now,
                       0,
                       AttemptResult::error};
}

AttemptResult attempt_result(int code) {
  switch (code) {
    case 486:
    case 600: return AttemptResult::busy;
    case 603: return AttemptResult::declined;
    case 480: return AttemptResult::unavailable;
    case 408: return AttemptResult::no_answer;
    case 487: return AttemptResult::cancelled;
    default: return code >= 200 && code < 300 ? AttemptResult::answered : AttemptResult::error;
  }
}

}  // namespace samtel::fw
