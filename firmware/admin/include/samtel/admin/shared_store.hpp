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
//  * `published()` gives the schedule in force (samtel/store/published_schedule.hpp), loaded once
//    per publication: each call reads only the published versions' ids (one small query) and
//    loads the sites again only when they differ from those of the schedule it holds, whoever
//    published (this service, `samtel store`, another process). `forget_published()` makes the
//    next call load them again (new time-zone rules); what was given before stays as it was.
//
//   SharedStore shared(std::move(*ScheduleStore::open(path, wall)));
//   auto sites = shared.with([](ScheduleStore& s) { return s.sites(); });
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "samtel/store/published_schedule.hpp"
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

  tl::expected<store::PublishedSchedule, store::StoreError> published() {
    const std::lock_guard lock(mutex_);
    auto ids = store_.published_ids();
    if (!ids) return tl::unexpected(std::move(ids.error()));
    if (!loaded_ || *ids != loaded_ids_) {
      auto fresh = store::load_published(store_);
      if (!fresh) return tl::unexpected(std::move(fresh.error()));
      loaded_ = std::move(*fresh);
      loaded_ids_ = std::move(*ids);
    }
    return *loaded_;
  }

  void forget_published() {
    const std::lock_guard lock(mutex_);
    loaded_.reset();
    loaded_ids_.clear();
  }

 private:
  std::mutex mutex_;  // guards store_, loaded_ and loaded_ids_
  store::ScheduleStore store_;
  std::optional<store::PublishedSchedule> loaded_;
  std::vector<std::pair<std::string, store::VersionId>> loaded_ids_;
};

}  // namespace samtel::fw::admin
