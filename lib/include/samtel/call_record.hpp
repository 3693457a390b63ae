#pragma once
// samtel/call_record.hpp — the shared vocabulary of what became of a call: how a line routes
// (redirect or proxy), the outcome of a call, the result of each attempt to ring someone, and the
// record the unit's call log keeps of it. The daemon writes these records; the simulator's replay
// and the reports read and produce the same values, so none of them needs the daemon's code.
//
// Promises:
//  * Every enum value has one text form (`to_string`), the one stored in the call log's columns
//    and written in JSON; `*_from_string` is its exact inverse and returns nullopt for any other
//    text. The text forms never change: call logs written by earlier versions stay readable.
//  * A `CallRecord` holds only metadata: times, line, desk, the caller's number as minimised by
//    the unit's policy, the caller's category and municipality (decided from the full number when
//    the call arrived, samtel/caller_directory.hpp), who was rung and who answered, the outcome.
//    Never call content.
//  * `to_json()` gives one line of JSON with the call log's column names (docs/firmware.md),
//    never throws, and replaces invalid UTF-8 rather than losing the record.
//
//   CallRecord r;
//   r.outcome = CallOutcome::escalated_answered;
//   std::cout << to_string(r.outcome);  // "escalated-answered"
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/caller_category.hpp"
#include "samtel/time.hpp"

namespace samtel {

// How the unit routes the calls of a line.
enum class RoutingMode : std::uint8_t {
  redirect,  // answers the INVITE with a 302 listing whom to ring; the exchange rings them
  proxy,     // rings each person on duty itself, in order, escalating when nobody answers
};

// What became of a call.
enum class CallOutcome : std::uint8_t {
  redirected,          // redirect mode: the exchange was told whom to ring
  answered,            // a person on duty picked up (the simulator: at any attempt)
  escalated_answered,  // proxy mode: picked up by an attempt after the first
  fallback,            // open, nobody answered (or nobody on duty): sent to the desk's fallback
  gap,                 // the simulator: open, nobody on duty at all, sent straight to the fallback
  closed,              // arrived outside service hours: sent to the closed fallback
  caller_gave_up,      // the caller hung up (CANCEL) before anyone answered
  failed,              // the unit could not route the call
  maintenance,         // arrived during planned maintenance: sent to the maintenance fallback
};
inline constexpr std::array<CallOutcome, 9> kAllCallOutcomes{
    CallOutcome::redirected,     CallOutcome::answered, CallOutcome::escalated_answered,
    CallOutcome::fallback,       CallOutcome::gap,      CallOutcome::closed,
    CallOutcome::caller_gave_up, CallOutcome::failed,   CallOutcome::maintenance};

// What became of one attempt to ring a person.
enum class AttemptResult : std::uint8_t {
  redirected,   // redirect mode: listed in the 302 (the exchange rang them)
  answered,     // 2xx
  no_answer,    // rang out its ring timeout, or 408
  busy,         // 486 or 600
  declined,     // 603
  unavailable,  // 480
  cancelled,    // the caller gave up while this attempt rang (or 487)
  error,        // any other failure, or an address the unit cannot reach
};
inline constexpr std::array<AttemptResult, 8> kAllAttemptResults{
    AttemptResult::redirected, AttemptResult::answered, AttemptResult::no_answer,
    AttemptResult::busy,       AttemptResult::declined, AttemptResult::unavailable,
    AttemptResult::cancelled,  AttemptResult::error};

std::string_view to_string(RoutingMode m);
std::string_view to_string(CallOutcome o);
std::string_view to_string(AttemptResult r);
std::optional<RoutingMode> routing_mode_from_string(std::string_view s);
std::optional<CallOutcome> call_outcome_from_string(std::string_view s);
std::optional<AttemptResult> attempt_result_from_string(std::string_view s);

struct AttemptRecord {
  std::string role, person, address;
  Instant started, ended;
  int response = 0;  // final SIP status from that branch; 0 if none (timed out, cancelled)
  AttemptResult result = AttemptResult::error;
};

struct CallRecord {
  std::string call_id;  // the SIP Call-ID, to match the exchange's own records
  Instant arrived;
  std::optional<Instant> answered, ended;
  std::string line, desk;
  RoutingMode mode = RoutingMode::redirect;
  std::string caller;  // minimised (see the unit's caller policy)
  CallerCategory caller_category = CallerCategory::unknown;  // from the full number, at arrival
  std::string municipality;                                  // the caller's; empty if unknown
  bool open = false;
  std::string day_type;
  bool coverage_gap = false;
  bool clock_fault = false;
  CallOutcome outcome = CallOutcome::failed;
  std::string answered_role, answered_person;
  std::optional<std::int64_t> wait_ms;     // arrival to answer
  std::optional<std::int64_t> duration_s;  // answer to BYE
  std::string fallback;                    // where the caller was sent, if anywhere
  std::string reason;                      // the routing decision in plain language
  std::vector<AttemptRecord> attempts;
};

// The record as one line of JSON (the call log's columns, attempts as an array).
std::string to_json(const CallRecord& r);

}  // namespace samtel
