#pragma once
// samtel/time.hpp — instants, civil (wall-clock) time and the clock seam.
//
// Promises:
//  * An `Instant` is a UTC second (`std::chrono::sys_seconds`); everything that is stored or
//  compared
//    across days is an Instant.
//  * Civil time is only ever derived from an Instant and a time zone (Europe/Oslo for every bundled
//    site) through this module; nothing adds "hours since midnight" to an Instant.
//  * Converting a wall-clock time to an Instant is explicit about daylight saving: a local time
//    that does not exist (spring forward) is an error, one that happens twice (fall back) resolves
//    to the earlier or the later instant as the caller asks, and says that it was ambiguous.
//  * The clock is injected (`Clock`); the core never reads the system clock by itself.
//  * A parse error quotes the whole text it was given (samtel/text.hpp `quote_value()`), never a
//    part cut from it.
//
//   const Zone* oslo = find_zone("Europe/Oslo").value();
//   auto r = resolve_local(*oslo, local_minutes(2026y/October/25d, 2h, 30min), Fold::earlier);
//   // r->instant == 2026-10-25T00:30:00Z, r->ambiguous == true
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>
#include <tl/expected.hpp>

#include "samtel/zone.hpp"

namespace samtel {

using Instant = std::chrono::sys_seconds;
using LocalSeconds = date::local_seconds;
using LocalDays = date::local_days;

// Minutes since local midnight, 0..1440 (1440 is the end of the day, "24:00").
using MinuteOfDay = std::int32_t;

// Which of two instants to take when a wall-clock time happens twice (the fall-back hour).
enum class Fold { earlier, later };

// Looks up an IANA zone in the time-zone rules in force (samtel/zone_database.hpp: $TZDIR or
// /usr/share/zoneinfo, reloadable). Error: a message naming the zone.
tl::expected<const Zone*, std::string> find_zone(std::string_view name);

struct ResolvedInstant {
  Instant instant;
  bool ambiguous = false;  // the wall-clock time happened twice; `fold` chose which
};

// Wall-clock time in `zone` -> Instant. Error if the local time does not exist (spring-forward
// gap).
tl::expected<ResolvedInstant, std::string> resolve_local(const Zone& zone, LocalSeconds local,
                                                         Fold fold = Fold::earlier);

// Like resolve_local, but never fails: a nonexistent time maps to the instant the gap ends (the
// transition), an ambiguous one to `fold`. Used for boundaries of opening windows.
Instant resolve_local_lenient(const Zone& zone, LocalSeconds local, Fold fold = Fold::earlier);

// Instant -> wall-clock time in `zone`.
LocalSeconds to_local(const Zone& zone, Instant t);

// The UTC offset in force in `zone` at `t`.
std::chrono::seconds utc_offset(const Zone& zone, Instant t);

// Parses a time given by a person: `YYYY-MM-DDTHH:MM[:SS]` (wall-clock in `zone`), or the same
// followed by `Z` or `±HH:MM` (an instant). A space may replace the `T`. Errors name what is wrong.
tl::expected<ResolvedInstant, std::string> parse_time(std::string_view text, const Zone& zone,
                                                      Fold fold = Fold::earlier);

// Parses an instant written with its offset, as `format_utc()` writes it (`...Z`) or with
// `±HH:MM`; a time without an offset is an error. For instants read back from storage.
tl::expected<Instant, std::string> parse_utc(std::string_view text);

// Parses `YYYY-MM-DD`.
tl::expected<date::year_month_day, std::string> parse_date(std::string_view text);

// Parses `HH:MM` with 00:00 <= value <= 24:00.
tl::expected<MinuteOfDay, std::string> parse_minute_of_day(std::string_view text);

// RFC 3339 with the zone's offset at that instant, e.g. `2026-03-29T03:00:00+02:00`.
std::string format_rfc3339(const Zone& zone, Instant t);
// RFC 3339 in UTC, e.g. `2026-03-29T01:00:00Z`.
std::string format_utc(Instant t);
// `HH:MM` for a minute of the day (1440 -> `24:00`).
std::string format_minute_of_day(MinuteOfDay m);
// `YYYY-MM-DD`.
std::string format_date(date::year_month_day d);

// The clock seam. The daemon injects a real clock; tests and the simulator inject their own.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that starts at a given instant and runs forward with the monotonic clock, whole seconds
// (the daemons' `--start-at`, for tests and demonstrations). Safe to read from several threads.
class StartAtClock final : public Clock {
 public:
  explicit StartAtClock(Instant start) : start_(start), origin_(std::chrono::steady_clock::now()) {}
  Instant now() const override {
    return start_ + std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::steady_clock::now() - origin_);
  }

 private:
  Instant start_;
  std::chrono::steady_clock::time_point origin_;
};

// A clock that stands still at a given instant until moved; for tests and what-if runs.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant t) : now_(t) {}
  Instant now() const override { return now_; }
  void set(Instant t) { now_ = t; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  Instant now_;
};

}  // namespace samtel
