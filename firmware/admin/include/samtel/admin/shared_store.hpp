#pragma once
// samtel/admin/shared_store.hpp — the schedule store shared by the admin service's threads: the
// store's one connection (samtel/store/schedule_store.hpp: one thread at a time) behind a mutex.
// The accounts (store_accounts.hpp) and every resource reach the store only through `with()`.
//
// Promises:
//  * `with(f)` runs `f(store)` with the mutex held and gives what `f` returns; nothing else
//    touches the store meanwhile, so what `f` reads and writes is one consistent step (a change
//    checked against the published version and published without another change in between).
//  * `f` must not call `with()` again (the mutex is not recursive) and should be short: requests
//    wait for it in turn.
//
//   SharedStore shared(std::move(*ScheduleStore::open(path, wall)));
//   auto sites = shared.with([](ScheduleStore& s) { return s.sites(); });
#include <mutex>
#include <utility>

#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::admin {

class SharedStore {
 public:
  explicit SharedStore(store::ScheduleStore store) : store_(std::move(store)) {}
  SharedStore(const SharedStore&) = delete;
  SharedStore& operator=(const SharedStore&) = delete;

  template <typename F>
  decltype(auto) with(F&& f) {
    const std::lock_guard lock(mutex_);
    return std::forward<F>(f)(store_);
  }

 private:
  std::mutex mutex_;  // guards store_
  store::ScheduleStore store_;
};

}  // namespace samtel::fw::admin
