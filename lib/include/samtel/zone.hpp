#pragma once
// samtel/zone.hpp — one time zone's rules, read from a TZif file (RFC 8536) as the system's
// tzdata package installs them under /usr/share/zoneinfo.
//
// Promises:
//  * `Zone::from_tzif()` reads TZif versions 1 to 4 (the 64-bit block when there is one, leap
//    second records skipped) and never trusts the file: every count, index and offset is checked
//    against the bytes given, and a file that is truncated or says something impossible is an
//    error naming the zone and what is wrong ("Europe/Oslo: TZif file truncated in transition
//    times (expected 1234 bytes, have 200)"), never undefined behaviour. A footer rule that
//    date's POSIX TZ reader (<date/ptz.h>) does not accept is an error too: it does not read
//    RFC 8536 version 3's rule times below zero or of 100 hours and more, so America/Nuuk's
//    "<-02>2<-01>,M3.5.0/-1,M10.5.0/0" is refused. Nothing throws.
//  * A Zone is immutable once made, and a value (copy it, move it, share it between threads).
//  * `get_info(sys_seconds)` gives the period of constant offset holding `t` (begin <= t < end)
//    with its offset, whether it is summer time (`save` not zero) and its abbreviation: from the
//    file's transitions; before the first, the file's local time type 0; from the last transition
//    on, the footer's POSIX TZ rule (no period begins before the last transition), or, without a
//    footer, the last type for ever (end = sys_seconds::max()). Consecutive periods meet: the
//    `end` of one is the `begin` of the next (they are not merged when nothing changes). This
//    holds for every instant below sys_seconds::max(), and for every rule ptz reads, including
//    those whose changes fall across the UTC new year (Posix::time_zone::get_info() itself
//    misses those; the rule's changes are put in order here from ptz's rule dates).
//  * `get_info(local_seconds)` says whether a wall-clock time is unique, ambiguous (`first` the
//    earlier period, `second` the later) or nonexistent (`first` the period before the gap,
//    `second` the one after), with the same meaning as date::time_zone's.
//  * Both cost a binary search over the transitions: the footer's changes up to 2200 are written
//    out as transitions when the file is read; only instants after that evaluate the rule.
//  * `save` is zero for standard time and never zero for summer time: the offset above the
//    nearest standard time around it (below it for Europe/Dublin, whose winter is the "summer"
//    time), or one minute when the two are the same. TZif files do not record it.
//
//   auto zone = Zone::from_tzif("Europe/Oslo", bytes);
//   if (!zone) return tl::unexpected(zone.error());
//   date::sys_info now = zone->get_info(clock.now());  // now.offset == 1h in winter
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>
#include <tl/expected.hpp>

namespace samtel {

class Zone {
 public:
  // Reads the bytes of a TZif file; `name` is the zone's name (`name()`, and the start of every
  // error message).
  static tl::expected<Zone, std::string> from_tzif(std::string name, std::string_view bytes);

  const std::string& name() const { return name_; }
  date::sys_info get_info(date::sys_seconds t) const;
  date::local_info get_info(date::local_seconds t) const;

  // The footer's POSIX TZ rule as written in the file ("CET-1CEST,M3.5.0,M10.5.0/3"), empty when
  // there is none.
  const std::string& rule() const { return rule_text_; }

 private:
  // One local time type of the file (and the footer's two, when its rule is written out).
  struct Type {
    std::chrono::seconds offset{0};
    bool is_dst = false;
    std::string abbrev;
  };
  // What holds from a transition on (or before the first one).
  struct Step {
    std::uint16_t type = 0;
    std::chrono::minutes save{0};
  };
  struct Footer;  // the footer's rule, read by <date/ptz.h>

  Zone() = default;
  date::sys_info info_of(const Step& step, date::sys_seconds begin, date::sys_seconds end) const;
  date::sys_info footer_info(date::sys_seconds t, date::sys_seconds floor) const;
  void write_out_footer();

  std::string name_;
  std::vector<Type> types_;
  std::vector<date::sys_seconds> transitions_;  // ascending
  std::vector<Step> steps_;                     // steps_[i] holds from transitions_[i] on
  Step initial_;                                // before the first transition
  std::string rule_text_;
  std::shared_ptr<const Footer> footer_;  // null: no footer rule
};

}  // namespace samtel
