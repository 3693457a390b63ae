#include "samtel/calls/admission.hpp"

namespace samtel::fw {

Refusal refusal(Verdict v) {
  switch (v) {
    case Verdict::admit: return {};
    case Verdict::untrusted: return {403, "Forbidden - untrusted source", {}};
    case Verdict::rate_limited:
      return {503, "Service Unavailable - rate limit", {{"Retry-After", "5"}}};
    case Verdict::oversized: return {513, {}, {}};
    case Verdict::unsupported_body: return {415, {}, {{"Accept", "application/sdp"}}};
  }
  return {};
}

void Admission::configure(const UnitConfig& unit) {
  unit_ = &unit;
  rate_.configure(unit.limits.requests_per_second, unit.limits.burst);
}

Verdict Admission::check(const asio::ip::address& source, bool request, std::size_t bytes,
                         bool multipart, RateLimiter::TimePoint now) {
  if (unit_ == nullptr || !unit_->trusted_source(source)) return Verdict::untrusted;
  if (!request) return Verdict::admit;
  if (!rate_.allow(source, now)) return Verdict::rate_limited;
  if (bytes > unit_->limits.max_message_bytes) return Verdict::oversized;
  if (multipart) return Verdict::unsupported_body;
  return Verdict::admit;
}

}  // namespace samtel::fw
