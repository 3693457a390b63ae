#include "samtel/samteld/unit_watch.hpp"

#include <sys/statvfs.h>

namespace samtel::fw {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::string seconds_text(std::chrono::seconds s) { return std::to_string(s.count()) + " s"; }

}  // namespace

std::optional<DiskSpace> disk_space(const std::string& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0 || st.f_blocks == 0) return std::nullopt;
  const auto unit = static_cast<std::uint64_t>(st.f_frsize != 0 ? st.f_frsize : st.f_bsize);
  return DiskSpace{.total_bytes = static_cast<std::uint64_t>(st.f_blocks) * unit,
                   .available_bytes = static_cast<std::uint64_t>(st.f_bavail) * unit};
}

std::vector<UnitWatch::Change> UnitWatch::observe(const Sample& sample) {
  std::vector<Change> out;
  watch_disk(sample, out);
  watch_exchange(sample, out);
  watch_clock(sample, out);
  previous_ = sample;
  return out;
}

void UnitWatch::watch_disk(const Sample& s, std::vector<Change>& out) {
  if (!s.disk || s.disk->total_bytes == 0) return;
  const std::uint64_t limit = settings_.disk_min_free_mib * kMiB;
  const std::uint64_t available = s.disk->available_bytes;
  if (!disk_raised_ && available < limit) {
    disk_raised_ = true;
    const auto percent = available * 100 / s.disk->total_bytes;
    out.push_back(
        {Fault::disk_space, "the disk is nearly full: " + std::to_string(available / kMiB) +
                                " MiB (" + std::to_string(percent) + " %) free, the limit is " +
                                std::to_string(settings_.disk_min_free_mib) + " MiB"});
  } else if (disk_raised_ && available >= limit + limit / 4) {
    disk_raised_ = false;
    out.push_back({Fault::disk_space, std::nullopt});
  }
}

void UnitWatch::watch_exchange(const Sample& s, std::vector<Change>& out) {
  if (s.options_received != options_seen_) {
    options_seen_ = s.options_received;
    last_options_at_ = s.mono;
    last_options_wall_ = s.wall;
    if (exchange_raised_) {
      exchange_raised_ = false;
      out.push_back({Fault::exchange_silent, std::nullopt});
    }
    return;
  }
  if (!settings_.exchange_silence || exchange_raised_) return;
  const auto silent = std::chrono::duration_cast<std::chrono::seconds>(s.mono - last_options_at_);
  if (silent < *settings_.exchange_silence) return;
  exchange_raised_ = true;
  out.push_back({Fault::exchange_silent,
                 "no OPTIONS from the exchange for " + seconds_text(silent) +
                     (last_options_wall_ ? " (the last at " + format_utc(*last_options_wall_) + ")"
                                         : " (none since samteld started)")});
}

void UnitWatch::watch_clock(const Sample& s, std::vector<Change>& out) {
  if (previous_) {
    const auto wall_moved = s.wall - previous_->wall;
    const auto mono_moved =
        std::chrono::duration_cast<std::chrono::seconds>(s.mono - previous_->mono);
    const auto step = wall_moved - mono_moved;
    if (std::chrono::abs(step) >= settings_.clock_step) {
      stepped_at_ = s.mono;
      const std::string by = (step.count() > 0 ? "+" : "") + std::to_string(step.count()) + " s";
      // A second step while the first is held is told too: the message changes.
      out.push_back({Fault::clock_stepped, "the clock stepped by " + by + " (from " +
                                               format_utc(previous_->wall + mono_moved) + " to " +
                                               format_utc(s.wall) + ")"});
      return;
    }
  }
  if (stepped_at_ && s.mono - *stepped_at_ >= settings_.clock_step_hold) {
    stepped_at_.reset();
    out.push_back({Fault::clock_stepped, std::nullopt});
  }
}

}  // namespace samtel::fw
