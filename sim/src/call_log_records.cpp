#include "samtel/sim/call_log_records.hpp"

#include "samtel/caller_directory.hpp"
#include "samtel/sim/random.hpp"

namespace samtel::sim {
namespace {

using std::chrono::seconds;

constexpr std::uint64_t kCallerSalt = 0x63616c6c6572ULL;  // "caller": apart from the call's luck
constexpr std::size_t kNationalDigits = 8;

std::string digits(SplitMix64& rng, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + rng.next() % 10);
  return out;
}

// A synthetic caller for a call: mostly from the directory, some from outside it.
std::string caller_number(const CallerDirectory& directory, std::uint64_t stream) {
  SplitMix64 rng(mix_seed(stream, kCallerSalt));
  const std::vector<const CallerEntry*> entries = directory.entries();
  if (entries.empty() || rng.uniform01() >= 0.8) return "+479" + digits(rng, kNationalDigits - 1);
  const CallerEntry& e = *entries[rng.next() % entries.size()];
  if (!e.prefix) return e.number;
  const std::string national = national_number(e.number);
  // A foreign prefix keeps its '+': four more digits; a Norwegian one makes eight.
  const std::size_t want = national.starts_with('+') ? national.size() + 4 : kNationalDigits;
  return e.number + digits(rng, want > national.size() ? want - national.size() : 0);
}

}  // namespace

std::vector<CallRecord> call_log_records(const ReplayResult& result) {
  std::vector<CallRecord> out;
  if (result.scenario == nullptr) return out;
  const Scenario& s = *result.scenario;
  out.reserve(result.calls.size());
  for (const CallResult& c : result.calls) {
    const Desk& desk = s.line->desks[c.call.desk];
    const RoutePlan plan = route(*s.site, *s.line, desk, c.call.arrival);
    CallRecord r;
    r.call_id = "sim-" + std::to_string(s.seed) + "-" + std::to_string(c.call.id) + "@samtel-sim";
    r.arrived = c.call.arrival;
    r.line = s.line->number;
    r.desk = desk.id;
    r.mode = RoutingMode::proxy;
    const std::string number = caller_number(s.site->callers, c.call.stream);
    CallerClass from = classify_caller(s.site->callers, number);
    r.caller_category = from.category;
    r.municipality = std::move(from.municipality);
    r.caller = keep_last_digits(number, 2);
    r.open = plan.open;
    r.day_type = std::string(to_string(plan.day_type));
    r.coverage_gap = c.outcome == CallOutcome::gap;
    r.reason = plan.reason();
    switch (c.outcome) {
      case CallOutcome::answered:
        r.outcome = c.answered_attempt.value_or(0) > 0 ? CallOutcome::escalated_answered
                                                       : CallOutcome::answered;
        break;
      case CallOutcome::gap: r.outcome = CallOutcome::fallback; break;
      default: r.outcome = c.outcome; break;
    }
    Instant at = c.call.arrival;
    for (std::size_t i = 0; i < c.attempts_rung && i < plan.attempts.size(); ++i) {
      const Attempt& a = plan.attempts[i];
      const bool answered = c.answered_attempt == i;
      const Instant end = answered ? c.call.arrival + c.wait : at + a.ring_timeout;
      r.attempts.push_back({a.role_info != nullptr ? a.role_info->id : "",
                            a.person != nullptr ? a.person->id : "", std::string(a.address), at,
                            end, answered ? 200 : 0,
                            answered ? AttemptResult::answered : AttemptResult::no_answer});
      at = end;
    }
    if (c.answered_by != nullptr) {
      r.answered = c.call.arrival + c.wait;
      r.ended = *r.answered + c.talk;
      r.answered_person = c.answered_by->id;
      r.answered_role = c.answered_role != nullptr ? c.answered_role->id : "";
      r.wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.wait).count();
      r.duration_s = c.talk.count();
    } else {
      r.ended = c.call.arrival + c.wait;
      r.fallback = c.fallback != nullptr ? c.fallback->address : "";
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string call_log_lines(const ReplayResult& result) {
  std::string out;
  for (const CallRecord& r : call_log_records(result)) out += to_json(r) + "\n";
  return out;
}

}  // namespace samtel::sim
