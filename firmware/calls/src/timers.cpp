#include "samtel/calls/timers.hpp"

namespace samtel::fw {

AsioTimers::~AsioTimers() {
  alive_.reset();
  for (auto& [id, timer] : timers_) timer->cancel();
}

Timers::Id AsioTimers::start(std::chrono::milliseconds after, std::function<void()> fire) {
  const Id id = ++next_;
  auto timer = std::make_unique<asio::steady_timer>(io_, after);
  // A handler already queued when the timers go away must not touch them.
  timer->async_wait([this, id, alive = std::weak_ptr<int>(alive_),
                     fire = std::move(fire)](const asio::error_code& ec) {
    if (ec || alive.expired()) return;  // cancelled (the entry is gone already)
    timers_.erase(id);
    fire();
  });
  timers_.emplace(id, std::move(timer));
  return id;
}

void AsioTimers::cancel(Id id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  it->second->cancel();
  timers_.erase(it);
}

Timers::Id SteppedTimers::start(std::chrono::milliseconds after, std::function<void()> fire) {
  const Id id = ++next_;
  const MonoTime at = now_ + after;
  due_.emplace(std::pair{at, id}, std::move(fire));
  deadline_of_.emplace(id, at);
  return id;
}

void SteppedTimers::cancel(Id id) {
  auto it = deadline_of_.find(id);
  if (it == deadline_of_.end()) return;
  due_.erase(std::pair{it->second, id});
  deadline_of_.erase(it);
}

std::size_t SteppedTimers::advance(std::chrono::milliseconds by) {
  const MonoTime until = now_ + by;
  std::size_t fired = 0;
  while (!due_.empty() && due_.begin()->first.first <= until) {
    auto node = due_.extract(due_.begin());
    deadline_of_.erase(node.key().second);
    now_ = node.key().first;
    ++fired;
    node.mapped()();
  }
  now_ = until;
  return fired;
}

}  // namespace samtel::fw
