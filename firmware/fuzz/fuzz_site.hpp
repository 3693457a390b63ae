#pragma once
// fuzz_site.hpp — the schedule the SIP fuzz targets route by: the St. Olavs example site
// (SAMTEL_FUZZ_SITE, docs/examples/st-olavs.json). A target that cannot load it aborts at once
// rather than fuzzing without a schedule.
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "samtel/config.hpp"
#include "samtel/schedule.hpp"

namespace samtel::fuzz {

inline std::shared_ptr<const Schedule> st_olavs() {
  auto site = load_site_file(SAMTEL_FUZZ_SITE);
  if (!site) std::abort();
  std::vector<Site> sites;
  sites.push_back(std::move(*site));
  return std::make_shared<const Schedule>(std::move(sites));
}

}  // namespace samtel::fuzz
