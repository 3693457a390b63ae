// libFuzzer target: arbitrary bytes as a TZif file for samtel::Zone::from_tzif(). A file that is
// refused must say why; one that is taken must answer for every instant with a period that holds
// it (begin <= t < end, so end > begin), from the ends of the time line to the years of the
// footer's rule, and following each period to the next must move forward; the wall-clock answers
// around those instants must be one of unique, ambiguous or nonexistent, a unique or ambiguous
// answer's periods holding the instant it names. Any violation aborts, as do crashes and
// undefined behaviour.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "samtel/zone.hpp"

namespace {

using date::local_info;
using date::sys_info;
using date::sys_seconds;
using std::chrono::seconds;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "zone_fuzz: violated: %s\n", what);
  std::abort();
}

bool holds(const sys_info& info, sys_seconds t) { return info.begin <= t && t < info.end; }

void check_local(const samtel::Zone& zone, date::local_seconds t) {
  const local_info i = zone.get_info(t);
  const auto instant = [&](const sys_info& p) {
    return sys_seconds{t.time_since_epoch() - p.offset};
  };
  switch (i.result) {
    case local_info::unique:
      check(holds(i.first, instant(i.first)), "a unique wall-clock time's period holds it");
      break;
    case local_info::ambiguous:
      check(holds(i.first, instant(i.first)), "an ambiguous time's first period holds it");
      check(holds(i.second, instant(i.second)), "an ambiguous time's second period holds it");
      check(i.first.begin < i.second.begin, "an ambiguous time's periods are in order");
      break;
    case local_info::nonexistent:
      check(i.first.end <= i.second.begin, "a gap's periods are in order");
      break;
    default: check(false, "a wall-clock answer is unique, ambiguous or nonexistent");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  const auto zone = samtel::Zone::from_tzif("Fuzz/Zone", bytes);
  if (!zone) {
    check(!zone.error().empty(), "a refused file says why");
    return 0;
  }
  check(zone->name() == "Fuzz/Zone", "the zone keeps its name");

  std::vector<sys_seconds> instants = {
      sys_seconds::min(),
      sys_seconds{seconds{-(std::int64_t{1} << 59)}},
      sys_seconds{seconds{-(std::int64_t{1} << 40)}},
      sys_seconds{seconds{-2208988800}},  // 1900
      sys_seconds{},
      sys_seconds{seconds{1774746000}},  // 2026-03-29T01:00:00Z
      sys_seconds{seconds{1792890000}},  // 2026-10-25T01:00:00Z
      sys_seconds{seconds{2147483647}},
      sys_seconds{seconds{4102444800}},  // 2100
      sys_seconds{seconds{std::int64_t{1} << 40}},
      sys_seconds{seconds{std::int64_t{1} << 59}},
      sys_seconds::max() - seconds{1},
  };
  // And an instant the input chooses.
  if (size >= 8) {
    std::uint64_t v = 0;
    for (std::size_t i = size - 8; i < size; ++i) v = (v << 8) | data[i];
    instants.push_back(sys_seconds{seconds{static_cast<std::int64_t>(v >> 22) - (1LL << 41)}});
  }

  const sys_seconds near_from{seconds{-(std::int64_t{1} << 40)}};
  const sys_seconds near_until{seconds{std::int64_t{1} << 40}};
  for (const sys_seconds t : instants) {
    sys_info p = zone->get_info(t);
    check(holds(p, t), "the period holds the instant asked for");
    check(p.end > p.begin, "a period is not empty");
    // The next periods, each holding its own first instant.
    for (int i = 0; i < 8 && p.end != sys_seconds::max(); ++i) {
      const sys_info next = zone->get_info(p.end);
      check(holds(next, p.end), "the next period holds the end of the one before");
      check(next.end > p.end, "periods move forward");
      p = next;
    }
    if (t > near_from && t < near_until) {
      const date::local_seconds local{t.time_since_epoch() + zone->get_info(t).offset};
      for (const auto d : {seconds{-3600}, seconds{0}, seconds{1800}, seconds{3600}}) {
        check_local(*zone, local + d);
      }
    }
  }
  return 0;
}
