#pragma once
// samtel/calls/admission.hpp — whether the SIP core takes a received message at all: trust, rate
// and size, decided before anything is routed.
//
// Promises:
//  * `Admission::check()` decides in this order, and the first refusal wins: a source outside the
//    unit's trusted networks (`untrusted`: requests are answered 403, responses dropped); a source
//    beyond its rate (`rate_limited`: 503 with Retry-After); a message larger than
//    `limits.max_message_bytes` (`oversized`: 513); a multipart body (`unsupported_body`: 415,
//    samteld carries only SDP). Responses are checked for trust only.
//  * The rate is a token bucket per source address (`limits.requests_per_second` with
//    `limits.burst`, samtel/limits/rate_limiter.hpp), on the monotonic time the caller passes in;
//    memory is bounded (4,096 sources; quiet sources are forgotten first).
//  * `refusal()` gives the answer for each verdict, so every refusal reads the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/ip/address.hpp>

#include "samtel/limits/rate_limiter.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

enum class Verdict : std::uint8_t { admit, untrusted, rate_limited, oversized, unsupported_body };

struct Refusal {
  int code = 0;
  std::string_view reason;  // empty: the standard phrase
  std::vector<std::pair<const char*, std::string>> headers;
};
// The answer to a refused request; `code` 0 for `admit`.
Refusal refusal(Verdict v);

class Admission {
 public:
  // The settings in force (trust and limits); again at every reload.
  void configure(const UnitConfig& unit);
  // `bytes`: the message's size as received; `multipart`: it declared a multipart body.
  Verdict check(const asio::ip::address& source, bool request, std::size_t bytes, bool multipart,
                RateLimiter::TimePoint now);

 private:
  const UnitConfig* unit_ = nullptr;
  RateLimiter rate_;
};

}  // namespace samtel::fw
