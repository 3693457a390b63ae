#pragma once
// samtel/preview.hpp — what a change to a site would do before it is published: where calls would
// be routed differently over the coming months, and which coverage gaps it opens or closes.
//
// Promises:
//  * `preview_change()` looks at the instants [from, from + horizon) only, with the same diff as
//    the simulator (samtel/diff.hpp): every instant at which the two versions route a call
//    differently lies in exactly one interval of `diff`, gathered into plain-language groups.
//  * A coverage gap (a desk open with nobody on duty, samtel/coverage.hpp) is matched by line
//    number, desk id and time, not by identity: `gaps_opened` holds exactly the instants that are
//    a gap after the change and were not before (a gap that grows reports only its new part), and
//    `gaps_closed` the reverse; adjacent pieces of one desk are merged.
//  * `summary()` says it in plain words, one finding a line, or "No routing changes in the next
//    90 days." when nothing differs; `to_json()` gives the same as data for the HTTP API, times
//    in RFC 3339 with the site's offset.
//  * The plans and gaps borrow from `before` and `after`: keep both alive while using a Preview.
//    It is a pure function of its arguments (no clock is read).
//
//   const Preview p = preview_change(current, proposed, clock.now());
//   std::cout << p.summary();
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/coverage.hpp"
#include "samtel/diff.hpp"
#include "samtel/period.hpp"

namespace samtel {

struct Preview {
  Instant from, to;                      // the horizon looked at, [from, to)
  std::chrono::days horizon{};           // to - from, as asked
  const Zone* zone = nullptr;            // the site's, for the texts
  ConfigDiff diff;                       // diff.range: the local days of the horizon
  std::vector<CoverageGap> gaps_opened;  // line and desk point into `after`
  std::vector<CoverageGap> gaps_closed;  // line and desk point into `before`

  bool changes_routing() const;
  std::string summary() const;
  nlohmann::json to_json() const;
};

Preview preview_change(const Site& before, const Site& after, Instant from,
                       std::chrono::days horizon = std::chrono::days{90});

}  // namespace samtel
