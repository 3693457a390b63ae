#pragma once
// samtel/samteld/store_follower.hpp — the schedule samteld routes by when it runs from the schedule
// store (`--store`): the version published for each site, and each new publication as soon as the
// admin service (or `samtel store`) commits it.
//
// Promises:
//  * `open()` opens the store (creating and migrating it if needed). When the store has no
//    published site and `bootstrap` names site files, those files become the sites' first
//    versions (`samtel store init`'s way, by "samteld" from "--config"): all of them or none, after
//    every file has loaded and the sites fit together. Once the store has sites, `bootstrap` is not
//    read again (a note says so): the store, not the file, is the schedule.
//  * `poll()` costs one `PRAGMA data_version` when nothing changed, so it can run every few hundred
//    milliseconds. When another connection has committed, it reads every published version in one
//    statement (never half of a publication) and gives `true` if any site's version differs from
//    `current()`, which then holds the new schedule. A schedule that cannot be loaded (a store
//    edited by hand) is an error with the loader's messages, and `current()` stays as it was.
//  * `describe()` names the versions in force: "st-olavs@12, ahus@3".
//  * One thread: the follower and its connection are used by the thread that polls.
//
//   auto follower = StoreFollower::open("/var/lib/samtel/schedule.db", {"st-olavs.json"}, notes);
//   if (auto changed = (*follower)->poll(); changed && *changed) configure((*follower)->current());
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/store/published_schedule.hpp"
#include "samtel/store/schedule_store.hpp"
#include "samtel/time.hpp"

namespace samtel::fw {

class StoreFollower {
 public:
  // `notes` gets one line for what was done at the open (sites bootstrapped, files not read).
  static tl::expected<std::unique_ptr<StoreFollower>, std::vector<std::string>> open(
      const std::string& path, const std::vector<std::string>& bootstrap,
      std::vector<std::string>& notes);

  const store::PublishedSchedule& current() const { return current_; }
  tl::expected<bool, std::string> poll();
  // Loads the publication in force again whether or not it changed (new time-zone rules).
  tl::expected<void, std::string> reload();
  std::string describe() const;
  const std::string& path() const { return store_.path(); }

  StoreFollower(store::ScheduleStore store, store::PublishedSchedule current,
                std::unique_ptr<Clock> clock);

 private:
  std::unique_ptr<Clock> clock_;  // the store's, for what it writes at a bootstrap
  store::ScheduleStore store_;
  store::PublishedSchedule current_;
  std::int64_t data_version_ = 0;
};

}  // namespace samtel::fw
