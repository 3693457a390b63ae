#include "samtel/limits/rate_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace samtel::fw {

std::string address_key(const asio::ip::address& address) {
  std::string key;
  if (address.is_v4()) {
    const auto b = address.to_v4().to_bytes();
    key.assign(b.begin(), b.end());
  } else {
    const auto b = address.to_v6().to_bytes();
    key.assign(b.begin(), b.end());
  }
  return key;
}

bool RateLimiter::allow(const asio::ip::address& source, TimePoint now) {
  constexpr std::size_t kMaxSources = 4096;
  std::string key = address_key(source);
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

}  // namespace samtel::fw
