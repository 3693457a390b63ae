#include "samtel/calls/admission.hpp"

#include <algorithm>
#include <iterator>

namespace samtel::fw {

bool RateLimiter::allow(const asio::ip::address& source, TimePoint now) {
  constexpr std::size_t kMaxSources = 4096;
  // The address's bytes (4 or 16) are the key: no text form per request.
  std::string key;
  if (source.is_v4()) {
    const auto b = source.to_v4().to_bytes();
    key.assign(b.begin(), b.end());
  } else {
    const auto b = source.to_v6().to_bytes();
    key.assign(b.begin(), b.end());
  }
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxSources) {
      // Forget sources that have been quiet long enough to have a full bucket again.
      for (auto b = buckets_.begin(); b != buckets_.end();) {
        const double idle = std::chrono::duration<double>(now - b->second.last).count();
        b = (b->second.tokens + idle * rate_ >= burst_) ? buckets_.erase(b) : std::next(b);
      }
      if (buckets_.size() >= kMaxSources) return false;
    }
    it = buckets_.emplace(std::move(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.last = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

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
