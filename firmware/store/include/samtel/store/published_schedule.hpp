#pragma once
// published_schedule.hpp — the schedule in force on the unit: every site's published version in
// the schedule store, loaded as one `Schedule`. samteld routes by it; the admin service answers
// "who is on duty" and "the plan at an instant" from it.
//
// Promises:
//  * `load_published()` loads each published version with the core's loader (`parse_site`) and
//    assembles them (`assemble_schedule`), so what it gives is exactly what the files would give.
//    `versions` names the version of each site, in the schedule's site order.
//  * A store with no published site gives `not_found`; a version the loader refuses (which the
//    store's own checks keep out, so only a damaged or hand-edited file) gives `invalid` with the
//    loader's messages, one per line, each naming the site and the version.
//  * It reads within one transaction, so it never mixes two publications: a change published while
//    it reads is either wholly in what it gives or wholly not.
//
//   auto published = load_published(store);
//   if (published) server.configure(published->schedule, unit);
#include <memory>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/schedule.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::store {

struct PublishedSchedule {
  std::shared_ptr<const Schedule> schedule;
  std::vector<VersionInfo> versions;  // one per site, in the schedule's site order
};

tl::expected<PublishedSchedule, StoreError> load_published(const ScheduleStore& store);

}  // namespace samtel::fw::store
