#include "samtel/zone.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <optional>

#include <date/date.h>
#include <date/tz.h>

// <date/ptz.h> is included in this file only: it defines a function that is not inline. Its
// Posix::time_zone::name() says `hh_mm_ss` after `using namespace date; using namespace
// std::chrono;`, which C++20's std::chrono::hh_mm_ss makes ambiguous; declared in namespace Posix,
// date's is found first.
namespace Posix {
using date::hh_mm_ss;
}
#include <date/ptz.h>

namespace samtel {
namespace {

using date::sys_days;
using date::sys_seconds;
using std::chrono::seconds;

constexpr sys_seconds kMin = sys_seconds::min();
constexpr sys_seconds kMax = sys_seconds::max();

// The footer's rule is evaluated in these years only (date's calendar holds years -32767 to
// 32767); before and after, the periods at the edges are extended.
constexpr sys_seconds kRuleFrom = sys_days{date::year{-32000} / date::January / 1};
constexpr sys_seconds kRuleUntil = sys_days{date::year{32000} / date::January / 1};
// The footer's changes from the last transition up to here are written out as transitions when
// the file is read (when that transition is after kWriteOutFrom), so that get_info() stays a
// binary search for the years that matter.
constexpr sys_seconds kWriteOutFrom = sys_days{date::year{1800} / date::January / 1};
constexpr sys_seconds kWriteOutUntil = sys_days{date::year{2200} / date::January / 1};

// RFC 8536: a UT offset should be more than -25 h and less than 26 h; the wall-clock search of
// get_info(local_seconds) relies on it.
constexpr std::int64_t kMinOffset = -89999;
constexpr std::int64_t kMaxOffset = 93599;
constexpr auto kSearch = std::chrono::hours{26};

sys_seconds add_saturated(sys_seconds t, seconds d) {
  seconds::rep r = 0;
  if (__builtin_add_overflow(t.time_since_epoch().count(), d.count(), &r)) {
    return d.count() > 0 ? kMax : kMin;
  }
  return sys_seconds{seconds{r}};
}

sys_seconds sub_saturated(sys_seconds t, seconds d) {
  seconds::rep r = 0;
  if (__builtin_sub_overflow(t.time_since_epoch().count(), d.count(), &r)) {
    return d.count() < 0 ? kMax : kMin;
  }
  return sys_seconds{seconds{r}};
}

bool holds(const date::sys_info& info, sys_seconds t) { return info.begin <= t && t < info.end; }

std::uint32_t be32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::int64_t be64(std::string_view b, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return static_cast<std::int64_t>(v);
}

std::int32_t be32_signed(std::string_view b, std::size_t at) {
  return static_cast<std::int32_t>(be32(b, at));
}

// The six counts of a TZif header.
struct Counts {
  std::uint64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;

  // The bytes of the data block that follows, with `time_size`-byte times.
  std::uint64_t block_size(std::uint64_t time_size) const {
    return time * (time_size + 1) + type * 6 + chars + leap * (time_size + 4) + isstd + isut;
  }
};

Counts read_counts(std::string_view b, std::size_t header) {
  Counts c;
  c.isut = be32(b, header + 20);
  c.isstd = be32(b, header + 24);
  c.leap = be32(b, header + 28);
  c.time = be32(b, header + 32);
  c.type = be32(b, header + 36);
  c.chars = be32(b, header + 40);
  return c;
}

// Walks the file's sections in order; each must be there in full.
class Cursor {
 public:
  Cursor(const std::string& name, std::string_view bytes) : name_(name), bytes_(bytes) {}

  // Takes `length` bytes for `what`; their offset, or an error saying the file stops short.
  tl::expected<std::size_t, std::string> take(std::uint64_t length, const char* what) {
    const std::uint64_t end = pos_ + length;
    if (length > bytes_.size() || end > bytes_.size()) {
      return tl::unexpected(name_ + ": TZif file truncated in " + what + " (expected " +
                            std::to_string(end) + " bytes, have " + std::to_string(bytes_.size()) +
                            ")");
    }
    const std::size_t at = pos_;
    pos_ = static_cast<std::size_t>(end);
    return at;
  }
  std::size_t pos() const { return pos_; }

 private:
  const std::string& name_;
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// The first line of Posix::time_zone's message ("Expecting ',' and then the ending rule").
std::string ptz_reason(const std::exception& e) {
  std::string_view text = e.what();
  const auto first = text.find('\n');
  if (first != std::string_view::npos) text.remove_prefix(first + 1);
  const auto colon = text.find(":\n");
  if (colon != std::string_view::npos) text = text.substr(0, colon);
  return std::string(text);
}

// Posix::time_zone reads the dates of a rule without checking their ranges; this does.
std::optional<std::string> check_rule_dates(std::string_view rule) {
  const auto comma = rule.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view rest = rule.substr(comma + 1);
  while (!rest.empty()) {
    const auto next = rest.find(',');
    std::string_view part = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    const std::string_view date_part = part.substr(0, part.find('/'));
    if (date_part.empty()) continue;  // left to the reader's own message
    // Unsigned decimal fields separated by '.', after the leading letter.
    std::vector<unsigned long> fields;
    std::string_view digits = date_part;
    const char kind = date_part.front();
    if (kind == 'M' || kind == 'J') digits.remove_prefix(1);
    unsigned long value = 0;
    bool any = false;
    for (const char c : digits) {
      if (c >= '0' && c <= '9') {
        value = std::min(value * 10 + static_cast<unsigned long>(c - '0'), 100000UL);
        any = true;
      } else if (c == '.' && any) {
        fields.push_back(value);
        value = 0;
        any = false;
      } else {
        return std::nullopt;  // not a date the reader accepts; it says why
      }
    }
    if (!any) return std::nullopt;
    fields.push_back(value);
    bool ok = true;
    if (kind == 'M') {
      ok = fields.size() == 3 && fields[0] >= 1 && fields[0] <= 12 && fields[1] >= 1 &&
           fields[1] <= 5 && fields[2] <= 6;
    } else if (kind == 'J') {
      ok = fields.size() == 1 && fields[0] >= 1 && fields[0] <= 365;
    } else {
      ok = fields.size() == 1 && fields[0] <= 365;
    }
    if (!ok) return "rule date '" + std::string(date_part) + "' out of range";
  }
  return std::nullopt;
}

}  // namespace

// The footer's rule. Posix::time_zone reads it, and keeps what it read to itself; so the rule is
// read a second time with the same readers of <date/ptz.h>, in the order its constructor uses
// them, and its changes are worked out with ptz's own rule dates. Which change comes before and
// after an instant is decided here over the changes of five years in order: Posix::time_zone's
// get_info() looks at the instant's UTC year only and misses a change of the next or the year
// before that falls in it (summer time from 1 January 00:00 at +14:00 begins on 31 December UTC).
struct Zone::Footer {
  std::string standard_abbrev, summer_abbrev;
  seconds standard{0};                       // the UT offset of standard time
  seconds save{std::chrono::hours{1}};       // summer time's, above it
  Posix::detail::rule start_rule, end_rule;  // both, or neither: no summer time

  struct Period {
    sys_seconds begin, end;
    bool summer = false;
  };

  // Throws what Posix::time_zone throws for a rule it does not accept.
  static Footer read(std::string_view s) {
    using Posix::detail::read_date;
    using Posix::detail::read_name;
    using Posix::detail::read_signed_time;
    const Posix::time_zone accepted{s};
    Footer f;
    unsigned i = read_name(s, 0, f.standard_abbrev);
    i = read_signed_time(s, i, f.standard);
    f.standard = -f.standard;
    if (i == s.size()) return f;
    i = read_name(s, i, f.summer_abbrev);
    if (i == s.size()) return f;
    if (s[i] != ',') {
      i = read_signed_time(s, i, f.save);
      f.save = -f.save - f.standard;
    }
    if (i == s.size()) return f;
    i = read_date(s, i + 1, f.start_rule);  // after ','
    read_date(s, i + 1, f.end_rule);        // after ','
    return f;
  }

  bool has_summer() const { return start_rule.ok(); }
  std::chrono::minutes summer_save() const {
    const auto m = date::ceil<std::chrono::minutes>(save);
    return m != std::chrono::minutes{0} ? m : std::chrono::minutes{1};
  }

  // The period holding t, for t within a year of [kRuleFrom, kRuleUntil).
  Period at(sys_seconds t) const {
    if (!has_summer()) return {kMin, kMax, false};
    const int y = static_cast<int>(date::year_month_day{date::floor<date::days>(t)}.year());
    // The changes of five years in time order; at one instant the start of summer time before its
    // end, so that summer time that starts and ends together does not happen.
    std::array<std::pair<sys_seconds, bool>, 10> changes;
    std::size_t k = 0;
    for (int v = y - 2; v <= y + 2; ++v) {
      const date::year year{v};
      changes[k++] = {sys_seconds{(start_rule(year) - standard).time_since_epoch()}, true};
      changes[k++] = {sys_seconds{(end_rule(year) - (standard + save)).time_since_epoch()}, false};
    }
    std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    Period p{kMin, kMax, !changes.front().second};
    for (const auto& [when, summer] : changes) {
      if (when > t) {
        p.end = when;
        break;
      }
      p.begin = when;
      p.summer = summer;
    }
    return p;
  }

  date::sys_info info(const Period& p) const {
    date::sys_info r;
    r.begin = p.begin;
    r.end = p.end;
    r.offset = p.summer ? standard + save : standard;
    r.save = p.summer ? summer_save() : std::chrono::minutes{0};
    r.abbrev = p.summer ? summer_abbrev : standard_abbrev;
    return r;
  }
};

tl::expected<Zone, std::string> Zone::from_tzif(std::string name, std::string_view bytes) {
  const auto fail = [&](const std::string& what) { return tl::unexpected(name + ": " + what); };
  if (bytes.empty()) return fail("empty file, not a TZif file");
  const std::size_t magic = std::min<std::size_t>(4, bytes.size());
  if (bytes.substr(0, magic) != std::string_view{"TZif"}.substr(0, magic)) {
    return fail("not a TZif file (it does not begin with 'TZif')");
  }
  Cursor cursor{name, bytes};
  auto header = cursor.take(44, "the header");
  if (!header) return tl::unexpected(header.error());
  const char version = bytes[4];
  if (version != '\0' && (version < '2' || version > '4')) {
    return fail("unsupported TZif version byte " +
                std::to_string(static_cast<unsigned char>(version)));
  }
  Counts counts = read_counts(bytes, *header);
  std::uint64_t time_size = 4;
  if (version != '\0') {
    // Version 2 and later: skip the 32-bit block, read the 64-bit one.
    if (auto v1 = cursor.take(counts.block_size(4), "the version 1 data block"); !v1) {
      return tl::unexpected(v1.error());
    }
    auto second = cursor.take(44, "the second header");
    if (!second) return tl::unexpected(second.error());
    if (bytes.substr(*second, 4) != "TZif") {
      return fail("the second header does not begin with 'TZif'");
    }
    counts = read_counts(bytes, *second);
    time_size = 8;
  }

  if (counts.type == 0) return fail("TZif file has no local time types");
  if (counts.type > 256) {
    return fail("TZif file has " + std::to_string(counts.type) +
                " local time types (at most 256 can be named)");
  }
  if (counts.chars == 0) return fail("TZif file has no time zone designations");
  if (counts.isstd != 0 && counts.isstd != counts.type) {
    return fail("TZif file has " + std::to_string(counts.isstd) + " standard/wall indicators for " +
                std::to_string(counts.type) + " local time types");
  }
  if (counts.isut != 0 && counts.isut != counts.type) {
    return fail("TZif file has " + std::to_string(counts.isut) + " UT/local indicators for " +
                std::to_string(counts.type) + " local time types");
  }

  const auto times_at = cursor.take(counts.time * time_size, "transition times");
  if (!times_at) return tl::unexpected(times_at.error());
  const auto indices_at = cursor.take(counts.time, "transition types");
  if (!indices_at) return tl::unexpected(indices_at.error());
  const auto types_at = cursor.take(counts.type * 6, "local time types");
  if (!types_at) return tl::unexpected(types_at.error());
  const auto chars_at = cursor.take(counts.chars, "time zone designations");
  if (!chars_at) return tl::unexpected(chars_at.error());
  if (auto r = cursor.take(counts.leap * (time_size + 4), "leap second records"); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = cursor.take(counts.isstd, "standard/wall indicators"); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = cursor.take(counts.isut, "UT/local indicators"); !r) {
    return tl::unexpected(r.error());
  }

  Zone zone;
  zone.name_ = name;

  const std::string_view chars = bytes.substr(*chars_at, static_cast<std::size_t>(counts.chars));
  const auto type_count = static_cast<std::size_t>(counts.type);
  zone.types_.reserve(type_count);
  for (std::size_t i = 0; i < type_count; ++i) {
    const std::size_t at = *types_at + i * 6;
    const std::int64_t offset = be32_signed(bytes, at);
    const auto is_dst = static_cast<unsigned char>(bytes[at + 4]);
    const auto designation = static_cast<unsigned char>(bytes[at + 5]);
    const std::string type = "local time type " + std::to_string(i);
    if (offset < kMinOffset || offset > kMaxOffset) {
      return fail(type + " has UT offset " + std::to_string(offset) +
                  " s, outside -89999 to 93599");
    }
    if (is_dst > 1) {
      return fail(type + " has DST indicator " + std::to_string(is_dst) + " (expected 0 or 1)");
    }
    if (designation >= chars.size()) {
      return fail(type + " names designation index " + std::to_string(designation) +
                  ", beyond the file's " + std::to_string(chars.size()) + " designation bytes");
    }
    const auto end = chars.find('\0', designation);
    if (end == std::string_view::npos) {
      return fail("the designation of " + type + " is not terminated");
    }
    zone.types_.push_back(Type{seconds{offset}, is_dst == 1,
                               std::string(chars.substr(designation, end - designation))});
  }

  const auto transition_count = static_cast<std::size_t>(counts.time);
  zone.transitions_.reserve(transition_count);
  zone.steps_.reserve(transition_count);
  for (std::size_t i = 0; i < transition_count; ++i) {
    const std::int64_t at =
        time_size == 8 ? be64(bytes, *times_at + i * 8) : be32_signed(bytes, *times_at + i * 4);
    const auto t = sys_seconds{seconds{at}};
    if (!zone.transitions_.empty() && t <= zone.transitions_.back()) {
      return fail("transition " + std::to_string(i) + " is not later than the one before it");
    }
    const auto type = static_cast<unsigned char>(bytes[*indices_at + i]);
    if (type >= type_count) {
      return fail("transition " + std::to_string(i) + " names local time type " +
                  std::to_string(type) + ", but the file has " + std::to_string(type_count));
    }
    zone.transitions_.push_back(t);
    zone.steps_.push_back(Step{type, {}});
  }

  // Summer time's save: the offset above the nearest standard time, looking back first. Position
  // 0 is the time before the first transition (type 0), position i + 1 transition i.
  {
    const std::size_t n = transition_count + 1;
    const auto type_at = [&](std::size_t p) -> const Type& {
      return zone.types_[p == 0 ? 0 : zone.steps_[p - 1].type];
    };
    std::vector<std::optional<seconds>> standard_before(n), standard_after(n);
    std::optional<seconds> seen;
    for (std::size_t p = 0; p < n; ++p) {
      standard_before[p] = seen;
      if (!type_at(p).is_dst) seen = type_at(p).offset;
    }
    seen.reset();
    for (std::size_t p = n; p-- > 0;) {
      standard_after[p] = seen;
      if (!type_at(p).is_dst) seen = type_at(p).offset;
    }
    for (std::size_t p = 0; p < n; ++p) {
      const Type& type = type_at(p);
      std::chrono::minutes save{0};
      if (type.is_dst) {
        const auto standard = standard_before[p] ? standard_before[p] : standard_after[p];
        if (standard) save = date::ceil<std::chrono::minutes>(type.offset - *standard);
        if (save == std::chrono::minutes{0}) save = std::chrono::minutes{1};
      }
      (p == 0 ? zone.initial_ : zone.steps_[p - 1]).save = save;
    }
  }

  if (time_size == 8) {
    // The footer: a newline, a POSIX TZ string (possibly empty), a newline.
    const std::size_t at = cursor.pos();
    if (at >= bytes.size()) {
      return fail("TZif file truncated in the footer (expected at least " + std::to_string(at + 2) +
                  " bytes, have " + std::to_string(bytes.size()) + ")");
    }
    if (bytes[at] != '\n') return fail("the footer does not begin with a newline");
    const auto end = bytes.find('\n', at + 1);
    if (end == std::string_view::npos) {
      return fail("TZif file truncated in the footer (its closing newline is missing; have " +
                  std::to_string(bytes.size()) + " bytes)");
    }
    const std::string_view rule = bytes.substr(at + 1, end - at - 1);
    if (!rule.empty()) {
      const auto bad = [&](const std::string& why) {
        return fail("the footer's TZ rule is not understood: " + why);
      };
      for (const char c : rule) {
        if (c < 0x20 || c > 0x7e) return bad("it holds a byte that is not printable ASCII");
      }
      const std::string quoted = "'" + std::string(rule) + "'";
      if (auto why = check_rule_dates(rule)) return bad(quoted + ": " + *why);
      try {
        zone.footer_ = std::make_shared<const Footer>(Footer::read(rule));
      } catch (const std::exception& e) {
        return bad(quoted + ": " + ptz_reason(e));
      }
      zone.rule_text_ = std::string(rule);
      // Every offset the rule gives must be one a file may hold.
      const Footer& f = *zone.footer_;
      for (const seconds offset : {f.standard, f.has_summer() ? f.standard + f.save : f.standard}) {
        if (offset.count() < kMinOffset || offset.count() > kMaxOffset) {
          return bad(quoted + ": UT offset " + std::to_string(offset.count()) +
                     " s, outside -89999 to 93599");
        }
      }
      if (f.has_summer() && !zone.transitions_.empty() &&
          zone.transitions_.back() >= kWriteOutFrom && zone.transitions_.back() < kWriteOutUntil) {
        zone.write_out_footer();
      }
    }
  }
  return zone;
}

date::sys_info Zone::info_of(const Step& step, sys_seconds begin, sys_seconds end) const {
  const Type& type = types_[step.type];
  date::sys_info info;
  info.begin = begin;
  info.end = end;
  info.offset = type.offset;
  info.save = step.save;
  info.abbrev = type.abbrev;
  return info;
}

date::sys_info Zone::footer_info(sys_seconds t, sys_seconds floor) const {
  const Footer& f = *footer_;
  Footer::Period p;
  if (t < kRuleFrom) {
    const Footer::Period edge = f.at(kRuleFrom);
    if (t >= edge.begin) {
      p = edge;
    } else {
      p = f.at(edge.begin - seconds{1});
      p.begin = kMin;
      p.end = edge.begin;
    }
  } else if (t >= kRuleUntil) {
    const Footer::Period edge = f.at(kRuleUntil - seconds{1});
    if (t < edge.end || edge.end == kMax) {
      p = edge;
    } else {
      p = f.at(edge.end);
      p.begin = edge.end;
      p.end = kMax;
    }
  } else {
    p = f.at(t);
  }
  if (p.begin < floor) p.begin = floor;
  return f.info(p);
}

void Zone::write_out_footer() {
  const Footer& f = *footer_;
  const auto standard = static_cast<std::uint16_t>(types_.size());
  types_.push_back(Type{f.standard, false, f.standard_abbrev});
  types_.push_back(Type{f.standard + f.save, true, f.summer_abbrev});
  const auto step_of = [&](const Footer::Period& p) {
    return p.summer ? Step{static_cast<std::uint16_t>(standard + 1), f.summer_save()}
                    : Step{standard, std::chrono::minutes{0}};
  };
  // From the last transition on, the rule holds.
  Footer::Period p = f.at(transitions_.back());
  steps_.back() = step_of(p);
  while (p.end < kWriteOutUntil) {
    const sys_seconds at = p.end;
    p = f.at(at);
    transitions_.push_back(at);
    steps_.push_back(step_of(p));
  }
}

date::sys_info Zone::get_info(sys_seconds t) const {
  if (transitions_.empty()) return footer_ ? footer_info(t, kMin) : info_of(initial_, kMin, kMax);
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  if (after == transitions_.begin()) return info_of(initial_, kMin, transitions_.front());
  const auto i = static_cast<std::size_t>(after - transitions_.begin()) - 1;
  if (i + 1 == transitions_.size()) {
    return footer_ ? footer_info(t, transitions_.back())
                   : info_of(steps_[i], transitions_[i], kMax);
  }
  return info_of(steps_[i], transitions_[i], transitions_[i + 1]);
}

date::local_info Zone::get_info(date::local_seconds t) const {
  // The periods around t read as UTC: every offset is within 26 hours, so the instants that can
  // show wall-clock time t are in there. t - offset in a period means the period shows t.
  const sys_seconds u{t.time_since_epoch()};
  const sys_seconds last = add_saturated(u, kSearch);
  date::local_info r{};
  int found = 0;
  bool gap = false;
  std::optional<date::sys_info> before;
  for (date::sys_info p = get_info(sub_saturated(u, kSearch));;) {
    const sys_seconds candidate = sub_saturated(u, p.offset);
    if (holds(p, candidate)) {
      if (found == 0) r.first = p;
      if (found == 1) r.second = p;
      ++found;
    } else if (found == 0 && !gap && before && candidate < p.begin &&
               sub_saturated(u, before->offset) >= p.begin) {
      // The wall clock jumps over t where `before` ends and p begins.
      gap = true;
      r.first = *before;
      r.second = p;
    }
    if (p.end >= last || p.end == kMax) break;
    before = std::move(p);
    p = get_info(before->end);
  }
  if (found >= 2) {
    r.result = date::local_info::ambiguous;
  } else if (found == 1) {
    r.result = date::local_info::unique;
    r.second = date::sys_info{};
  } else if (gap) {
    r.result = date::local_info::nonexistent;
  } else {
    // Only at the very ends of the time line, where the search was cut short.
    r.result = date::local_info::unique;
    r.first = get_info(u);
  }
  return r;
}

}  // namespace samtel
