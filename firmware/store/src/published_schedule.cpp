#include "samtel/store/published_schedule.hpp"

#include <string>
#include <utility>

#include "samtel/config.hpp"

namespace samtel::fw::store {

tl::expected<PublishedSchedule, StoreError> load_published(const ScheduleStore& store) {
  auto versions = store.published_all();
  if (!versions) return tl::unexpected(std::move(versions.error()));
  if (versions->empty()) {
    return tl::unexpected(StoreError{StoreError::Kind::not_found,
                                     "no site is published in " + store.path() +
                                         " (samtel store init --config FILE, or samteld --config)",
                                     {},
                                     {}});
  }
  std::vector<Site> sites;
  PublishedSchedule out;
  std::string problems;
  for (Version& v : *versions) {
    const std::string source = "store: site " + v.site + " version " + std::to_string(v.id);
    auto site = parse_site(v.content, source);
    if (!site) {
      for (const ConfigError& e : site.error()) problems += e.to_string() + '\n';
      continue;
    }
    sites.push_back(std::move(*site));
    v.content.clear();
    out.versions.push_back(static_cast<VersionInfo&&>(std::move(v)));
  }
  if (problems.empty()) {
    auto schedule = assemble_schedule(std::move(sites));
    if (schedule) {
      out.schedule = std::make_shared<const Schedule>(std::move(*schedule));
      return out;
    }
    for (const ConfigError& e : schedule.error()) problems += e.to_string() + '\n';
  }
  problems.pop_back();
  return tl::unexpected(StoreError{StoreError::Kind::invalid, std::move(problems), {}, {}});
}

}  // namespace samtel::fw::store
