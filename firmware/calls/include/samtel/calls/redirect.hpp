#pragma once
// samtel/calls/redirect.hpp — the 302 that sends a caller on: in redirect mode to everyone the
// route plan would ring, in proxy mode to the fallback once nobody answered.
//
// Promises:
//  * One Contact per attempt, in the plan's order, with q-values falling from 1.0 by 0.1 (never
//    below 0.1), then the fallback last (q 1.0 when it is the only one); RFC 3261 §8.3, §20.10.
//  * With `warn`, and when the fallback carries a message for the caller ("the line is closed;
//    call the out-of-hours clinic"), a `Warning: 399 <unit> "<message>"` header with the message
//    (quotes and backslashes escaped, line breaks dropped).
//  * A `Server` header names the unit; everything else is `make_response()`'s (sip/message.hpp).
#include <string_view>
#include <vector>

#include "samtel/routing.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw {

struct RedirectTarget {
  std::vector<std::string_view> contacts;  // in order; the fallback is passed apart
  const Fallback* fallback = nullptr;
  bool warn = false;  // add the fallback's message as a Warning
};

// The contacts of a route plan: its attempts, then its fallback; warns when nobody is listed.
RedirectTarget redirect_target(const RoutePlan& plan);

Message make_redirect(const osip_message_t& invite, std::string_view tag,
                      const RedirectTarget& target, std::string_view unit_host,
                      std::string_view user_agent);

}  // namespace samtel::fw
