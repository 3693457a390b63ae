#pragma once
// samtel/samteld/unit_watch.hpp — the faults samteld finds by watching rather than by failing:
// the disk nearly full, the exchange silent (no SIP OPTIONS for a configured time), and the wall
// clock stepped. samteld samples them every status tick and raises and clears the faults the
// watch says (samtel/status/unit_status.hpp), so the admin service tells the contacts.
//
// Promises:
//  * `disk-space` is raised when the state directory's file system has less than
//    `disk_min_free_mib` free for samteld (statvfs's f_bavail), and cleared only when it has a
//    quarter more than that, so a disk hovering at the limit does not raise and clear it at every
//    tick. A sample without the disk's figures (statvfs failed) changes nothing.
//  * `exchange-silent` is raised when `exchange_silence` is set and no OPTIONS has arrived for
//    that long on the monotonic clock (counted from samteld's start, so the exchange has as long
//    to send its first); it is cleared by the next OPTIONS. Without the setting it is never raised.
//  * `clock-stepped` is raised when the wall clock moved against the monotonic clock by
//    `clock_step` or more between two samples (forward or back), naming the step; it is cleared
//    `clock_step_hold` later on the monotonic clock (a new step starts the hold again).
//  * Pure: the samples carry the times and the figures; nothing is read here.
//
//   UnitWatch watch{unit.watch, mono.now()};
//   for (const UnitWatch::Change& c : watch.observe({.wall = clock.now(), .mono = mono.now(),
//                                                    .disk = disk_space(state_dir),
//                                                    .options_received = counters.options}))
//     c.message ? raise_fault(c.kind, *c.message) : clear_fault(c.kind);
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "samtel/status/unit_status.hpp"
#include "samtel/time.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

// A file system's size and what is free of it for an unprivileged writer.
struct DiskSpace {
  std::uint64_t total_bytes = 0;
  std::uint64_t available_bytes = 0;
};
// statvfs() of the path; nullopt when it fails.
std::optional<DiskSpace> disk_space(const std::string& path);

class UnitWatch {
 public:
  using MonoTime = std::chrono::steady_clock::time_point;

  struct Sample {
    Instant wall{};
    MonoTime mono{};
    std::optional<DiskSpace> disk;
    std::uint64_t options_received = 0;  // OPTIONS received since samteld started
  };
  struct Change {
    Fault kind = Fault::disk_space;
    std::optional<std::string> message;  // raised with this text; nullopt: cleared
    bool operator==(const Change&) const = default;
  };

  UnitWatch(WatchSettings settings, MonoTime started)
      : settings_(settings), last_options_at_(started) {}
  // New settings (samteld reloaded unit.json); what was raised stays until it clears.
  void configure(WatchSettings settings) { settings_ = settings; }

  std::vector<Change> observe(const Sample& sample);

 private:
  void watch_disk(const Sample& s, std::vector<Change>& out);
  void watch_exchange(const Sample& s, std::vector<Change>& out);
  void watch_clock(const Sample& s, std::vector<Change>& out);

  WatchSettings settings_;
  bool disk_raised_ = false;
  std::uint64_t options_seen_ = 0;
  MonoTime last_options_at_;
  std::optional<Instant> last_options_wall_;
  bool exchange_raised_ = false;
  std::optional<Sample> previous_;
  std::optional<MonoTime> stepped_at_;
};

}  // namespace samtel::fw
