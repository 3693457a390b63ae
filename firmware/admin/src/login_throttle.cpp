#include "samtel/admin/login_throttle.hpp"

#include <algorithm>

#include "samtel/limits/rate_limiter.hpp"

namespace samtel::fw::admin {

std::chrono::seconds LoginThrottle::delay_after(int failures) const {
  const int over = failures - policy_.free_failures;
  if (over <= 0) return std::chrono::seconds(0);
  std::chrono::seconds delay = policy_.first_delay;
  for (int i = 1; i < over && delay < policy_.max_delay; ++i) delay *= 2;
  return std::min(delay, policy_.max_delay);
}

bool LoginThrottle::forgotten(const Record& r, MonoTime now) const {
  return now - r.last_failure >= policy_.forget_after;
}

std::chrono::seconds LoginThrottle::wait(const asio::ip::address& source, MonoTime now) {
  const auto it = sources_.find(address_key(source));
  if (it == sources_.end()) return std::chrono::seconds(0);
  if (forgotten(it->second, now)) {
    sources_.erase(it);
    return std::chrono::seconds(0);
  }
  const MonoTime until = it->second.last_failure + delay_after(it->second.failures);
  if (until <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

void LoginThrottle::failed(const asio::ip::address& source, MonoTime now) {
  std::string key = address_key(source);
  auto it = sources_.find(key);
  if (it == sources_.end()) {
    if (sources_.size() >= policy_.max_sources) {
      std::erase_if(sources_, [&](const auto& entry) { return forgotten(entry.second, now); });
    }
    if (sources_.size() >= policy_.max_sources && !sources_.empty()) {
      sources_.erase(
          std::min_element(sources_.begin(), sources_.end(), [](const auto& a, const auto& b) {
            return a.second.last_failure < b.second.last_failure;
          }));
    }
    it = sources_.emplace(std::move(key), Record{}).first;
  } else if (forgotten(it->second, now)) {
    it->second = Record{};
  }
  // The delay stops growing at max_delay long before this bound; it only keeps the count finite.
  it->second.failures = std::min(it->second.failures + 1, 1'000'000);
  it->second.last_failure = now;
}

void LoginThrottle::succeeded(const asio::ip::address& source) {
  sources_.erase(address_key(source));
}

}  // namespace samtel::fw::admin
