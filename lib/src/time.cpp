#include "samtel/time.hpp"

#include <charconv>
#include <cstdio>

#include "samtel/text.hpp"
#include "samtel/zone_database.hpp"

namespace samtel {
namespace {

// Reads exactly `width` decimal digits at `pos`; advances `pos`.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect_char(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// `YYYY-MM-DD` at `pos`, not yet checked to exist; advances `pos`.
struct DateFields {
  int year, month, day;
  date::year_month_day ymd() const {
    return date::year_month_day{date::year{year}, date::month{static_cast<unsigned>(month)},
                                date::day{static_cast<unsigned>(day)}};
  }
};

std::optional<DateFields> read_date(std::string_view s, std::size_t& pos) {
  const auto y = read_digits(s, pos, 4);
  if (!y || !expect_char(s, pos, '-')) return std::nullopt;
  const auto m = read_digits(s, pos, 2);
  if (!m || !expect_char(s, pos, '-')) return std::nullopt;
  const auto d = read_digits(s, pos, 2);
  if (!d) return std::nullopt;
  return DateFields{*y, *m, *d};
}

}  // namespace

tl::expected<const Zone*, std::string> find_zone(std::string_view name) { return load_zone(name); }

tl::expected<ResolvedInstant, std::string> resolve_local(const Zone& zone, LocalSeconds local,
                                                         Fold fold) {
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return ResolvedInstant{Instant{local.time_since_epoch() - info.first.offset}, false};
    case date::local_info::ambiguous: {
      const auto& chosen = fold == Fold::earlier ? info.first : info.second;
      return ResolvedInstant{Instant{local.time_since_epoch() - chosen.offset}, true};
    }
    case date::local_info::nonexistent:
    default: break;
  }
  return tl::unexpected("local time " + date::format("%F %T", local) + " does not exist in " +
                        zone.name() + " (clocks are put forward at that moment)");
}

Instant resolve_local_lenient(const Zone& zone, LocalSeconds local, Fold fold) {
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
    case date::local_info::unique: return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::ambiguous: {
      const auto& chosen = fold == Fold::earlier ? info.first : info.second;
      return Instant{local.time_since_epoch() - chosen.offset};
    }
    default:
      // In the gap: the wall clock jumps from the gap's start to its end at the transition.
      return info.second.begin;
  }
}

LocalSeconds to_local(const Zone& zone, Instant t) {
  const date::sys_info info = zone.get_info(t);
  return LocalSeconds{t.time_since_epoch() + info.offset};
}

std::chrono::seconds utc_offset(const Zone& zone, Instant t) { return zone.get_info(t).offset; }

tl::expected<date::year_month_day, std::string> parse_date(std::string_view text) {
  std::size_t pos = 0;
  const auto fields = read_date(text, pos);
  if (!fields || pos != text.size()) {
    return tl::unexpected("bad date " + quote_value(text) + " (expected YYYY-MM-DD)");
  }
  const date::year_month_day ymd = fields->ymd();
  if (!ymd.ok()) return tl::unexpected("no such date " + quote_value(text));
  return ymd;
}

tl::expected<MinuteOfDay, std::string> parse_minute_of_day(std::string_view text) {
  std::size_t pos = 0;
  const auto h = read_digits(text, pos, 2);
  const bool colon = expect_char(text, pos, ':');
  const auto m = read_digits(text, pos, 2);
  if (!h || !colon || !m || pos != text.size()) {
    return tl::unexpected("bad time of day " + quote_value(text) + " (expected HH:MM)");
  }
  if (*m > 59 || *h > 24 || (*h == 24 && *m != 0)) {
    return tl::unexpected("time of day out of range " + quote_value(text) + " (00:00 to 24:00)");
  }
  return *h * 60 + *m;
}

namespace {

// parse_time() and parse_utc(): without a zone, a time must carry its offset.
tl::expected<ResolvedInstant, std::string> parse_time_in(std::string_view text, const Zone* zone,
                                                         Fold fold) {
  const auto bad = [&] {
    return tl::unexpected(
        "bad time " + quote_value(text) +
        (zone != nullptr ? " (expected YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or +HH:MM)"
                         : " (expected YYYY-MM-DDTHH:MM[:SS] followed by Z or +HH:MM)"));
  };
  if (text.size() < 16) return bad();
  // The date part is read in place, so that every message names the whole text as given (a
  // message about a fixed-length prefix would show '99999-01-0' for '99999-01-01T09:30').
  std::size_t pos = 0;
  const auto fields = read_date(text, pos);
  if (!fields) return bad();
  const date::year_month_day day = fields->ymd();
  if (!day.ok()) {
    return tl::unexpected("no such date " + quote_value(text.substr(0, pos)) + " in " +
                          quote_value(text));
  }
  if (!(expect_char(text, pos, 'T') || expect_char(text, pos, 't') ||
        expect_char(text, pos, ' '))) {
    return bad();
  }
  const auto h = read_digits(text, pos, 2);
  if (!h || !expect_char(text, pos, ':')) return bad();
  const auto mi = read_digits(text, pos, 2);
  if (!mi) return bad();
  int s = 0;
  if (expect_char(text, pos, ':')) {
    const auto sec = read_digits(text, pos, 2);
    if (!sec) return bad();
    s = *sec;
  }
  if (*h > 23 || *mi > 59 || s > 59) {
    return tl::unexpected("time out of range in " + quote_value(text));
  }
  const auto local = LocalSeconds{LocalDays{day}} + std::chrono::hours{*h} +
                     std::chrono::minutes{*mi} + std::chrono::seconds{s};
  if (pos == text.size()) {
    if (zone == nullptr) return bad();
    return resolve_local(*zone, local, fold);
  }

  // An explicit offset makes it an instant; the zone no longer matters.
  std::chrono::seconds offset{0};
  if (expect_char(text, pos, 'Z') || expect_char(text, pos, 'z')) {
    offset = std::chrono::seconds{0};
  } else {
    int sign = 0;
    if (expect_char(text, pos, '+'))
      sign = 1;
    else if (expect_char(text, pos, '-'))
      sign = -1;
    else
      return bad();
    const auto oh = read_digits(text, pos, 2);
    if (!oh || !expect_char(text, pos, ':')) return bad();
    const auto om = read_digits(text, pos, 2);
    if (!om || *oh > 23 || *om > 59) return bad();
    offset = sign * (std::chrono::hours{*oh} + std::chrono::minutes{*om});
  }
  if (pos != text.size()) return bad();
  return ResolvedInstant{Instant{local.time_since_epoch() - offset}, false};
}

}  // namespace

tl::expected<ResolvedInstant, std::string> parse_time(std::string_view text, const Zone& zone,
                                                      Fold fold) {
  return parse_time_in(text, &zone, fold);
}

tl::expected<Instant, std::string> parse_utc(std::string_view text) {
  auto r = parse_time_in(text, nullptr, Fold::earlier);
  if (!r) return tl::unexpected(r.error());
  return r->instant;
}

std::string format_rfc3339(const Zone& zone, Instant t) {
  const auto offset = utc_offset(zone, t);
  const auto local = LocalSeconds{t.time_since_epoch() + offset};
  const auto total_min = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  const char sign = total_min < 0 ? '-' : '+';
  const auto abs_min = total_min < 0 ? -total_min : total_min;
  char tail[16];
  std::snprintf(tail, sizeof tail, "%c%02d:%02d", sign, static_cast<int>(abs_min / 60),
                static_cast<int>(abs_min % 60));
  return date::format("%FT%T", local) + tail;
}

std::string format_utc(Instant t) {
  // By hand rather than date::format: this runs for every call-log record.
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_minute_of_day(MinuteOfDay m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

std::string format_date(date::year_month_day d) { return date::format("%F", d); }

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace samtel
