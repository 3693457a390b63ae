#pragma once
// samtel/calls/record_builder.hpp — the one place where the call log's record of a call is begun
// and where SIP answers become attempt results, for redirected and proxied calls alike.
//
// Promises:
//  * `begin_record()` fills what is known when the INVITE arrives: Call-ID, arrival instant (the
//    plan's), line, desk, mode, the caller's category and municipality from the site's caller
//    directory (looked up with the full number, before it is minimised), the caller's number
//    minimised by the unit's policy, open, day
//    type, coverage gap, clock fault and the reason in plain language. Routed by an unset clock,
//    the reason says so instead of describing service hours it did not look at.
//  * `finish_redirect()` completes a redirected call's record: ended at arrival, outcome
//    `redirected` (`maintenance` during planned maintenance, `closed` when closed, `fallback` when
//    nobody was listed or the clock was unset), the fallback, and one `redirected` attempt
//    (response 302) per person listed.
//  * `attempt_result()` maps a branch's final SIP status: 2xx answered, 486/600 busy, 603
//    declined, 480 unavailable, 408 no-answer, 487 cancelled, anything else error.
#include <string_view>

#include "samtel/call_record.hpp"
#include "samtel/routing.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

CallRecord begin_record(std::string_view call_id, std::string_view caller, const NumberMatch& match,
                        const RoutePlan& plan, RoutingMode mode, const CallerPolicy& policy,
                        bool clock_fault);

void finish_redirect(CallRecord& record, const RoutePlan& plan, bool clock_fault);

// An attempt to ring `attempt` starting at `now` (result to be set when it ends).
AttemptRecord begin_attempt(const Attempt& attempt, Instant now);

AttemptResult attempt_result(int sip_status);

}  // namespace samtel::fw
