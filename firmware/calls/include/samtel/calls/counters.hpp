#pragma once
// samtel/calls/counters.hpp — what the SIP core has done since it started, counted, for the
// daemon's summary lines and its stop line. Plain numbers; they only grow.
#include <cstdint>

namespace samtel::fw {

struct Counters {
  std::uint64_t received = 0, malformed = 0, untrusted = 0, rate_limited = 0, oversized = 0;
  std::uint64_t invites = 0, retransmissions = 0, redirected = 0, proxied = 0, answered = 0;
  std::uint64_t fallbacks = 0, closed = 0, caller_gave_up = 0, not_found = 0, options = 0;
  std::uint64_t clock_faults = 0, log_behind = 0;
};

}  // namespace samtel::fw
