// Time-zone rules read from TZif files (samtel/zone.hpp): against date's own reader of the same
// files as the oracle, against the rules written out by hand where date's reader stops (it ignores
// the footer, so its answers end with the files' transitions in 2037), on the edges of Oslo's
// daylight saving, and on files that are broken in every way a file can be.
#include "samtel/zone.hpp"

#include <cstring>
#include <filesystem>
#include <optional>
#include <ostream>

#include <gtest/gtest.h>

#include "samtel/file.hpp"
#include "samtel/period.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using namespace date;
using namespace std::chrono_literals;
using std::chrono::seconds;

const std::string kSystemZones = "/usr/share/zoneinfo";

std::string system_file(const std::string& name) {
  auto bytes = read_text_file(kSystemZones + "/" + name);
  if (!bytes) throw std::runtime_error("test setup: " + bytes.error());
  return *bytes;
}

Zone system_zone(const std::string& name) {
  auto zone = Zone::from_tzif(name, system_file(name));
  if (!zone) throw std::runtime_error("test setup: " + zone.error());
  return std::move(*zone);
}

// A change of offset, abbreviation or summer time; the first entry is the state at the start.
struct Change {
  sys_seconds at;
  seconds offset{0};
  std::string abbrev;
  bool dst = false;
  bool operator==(const Change&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Change& c) {
  return os << format_utc(c.at) << " " << c.offset.count() << "s " << c.abbrev
            << (c.dst ? " dst" : "");
}

Change change_of(sys_seconds at, const sys_info& info) {
  return {at, info.offset, info.abbrev, info.save != 0min};
}

// The changes in [from, to), consecutive periods that differ in nothing merged.
template <class AnyZone>
std::vector<Change> changes(const AnyZone& zone, sys_seconds from, sys_seconds to) {
  sys_info p = zone.get_info(from);
  std::vector<Change> out{change_of(from, p)};
  while (p.end < to) {
    const sys_info next = zone.get_info(p.end);
    const Change c = change_of(p.end, next);
    const Change& last = out.back();
    if (c.offset != last.offset || c.abbrev != last.abbrev || c.dst != last.dst) out.push_back(c);
    p = next;
  }
  return out;
}

// Every period holds the instant asked for and begins where the one before ends.
void expect_chain(const Zone& zone, sys_seconds from, sys_seconds to) {
  sys_info p = zone.get_info(from);
  ASSERT_LE(p.begin, from);
  ASSERT_LT(from, p.end);
  while (p.end < to) {
    const sys_info next = zone.get_info(p.end);
    ASSERT_EQ(next.begin, p.end) << zone.name() << " after " << format_utc(p.begin);
    ASSERT_LT(next.begin, next.end) << zone.name();
    // Any instant inside gets the same period.
    const sys_info mid = zone.get_info(next.begin + (next.end - next.begin) / 2);
    ASSERT_EQ(mid.begin, next.begin);
    ASSERT_EQ(mid.end, next.end);
    p = next;
  }
}

// The wall-clock answers around a change from `before` to `after` at `c.at`, every 30 minutes.
struct LocalAnswer {
  int result;
  seconds first, second;
  bool operator==(const LocalAnswer&) const = default;
};

std::ostream& operator<<(std::ostream& os, const LocalAnswer& a) {
  return os << "result " << a.result << " first " << a.first.count() << " second "
            << a.second.count();
}

template <class AnyZone>
LocalAnswer answer(const AnyZone& zone, local_seconds t) {
  const local_info i = zone.get_info(t);
  return {i.result, i.first.offset, i.result == local_info::unique ? seconds{0} : i.second.offset};
}

// What a change from offset a to offset b at `at` makes of wall-clock time t.
LocalAnswer expected_answer(sys_seconds at, seconds a, seconds b, local_seconds t) {
  const local_seconds before_end{at.time_since_epoch() + a};
  const local_seconds after_begin{at.time_since_epoch() + b};
  if (b > a && t >= before_end && t < after_begin) return {local_info::nonexistent, a, b};
  if (b < a && t >= after_begin && t < before_end) return {local_info::ambiguous, a, b};
  return {local_info::unique, t < before_end ? a : b, seconds{0}};
}

template <class Visit>
void around(const Change& c, seconds before, Visit visit) {
  const seconds lo = std::min(before, c.offset), hi = std::max(before, c.offset);
  const local_seconds from{c.at.time_since_epoch() + lo - 3h};
  const local_seconds to{c.at.time_since_epoch() + hi + 3h};
  for (local_seconds t = from; t <= to; t += 30min) visit(t);
}

constexpr sys_seconds kFrom = sys_days{1970_y / January / 1};
constexpr sys_seconds kDataEnd = sys_days{2038_y / January / 1};
constexpr sys_seconds kTo = sys_days{2100_y / January / 1};

// Against date::locate_zone() over 1970-2037, where both read the same transitions. The number of
// changes compared.
std::size_t compare_with_date(const std::string& name) {
  SCOPED_TRACE(name);
  const Zone ours = system_zone(name);
  const time_zone& theirs = *locate_zone(name);
  const auto want = changes(theirs, kFrom, kDataEnd);
  EXPECT_EQ(changes(ours, kFrom, kDataEnd), want);
  expect_chain(ours, kFrom, kTo);
  int checked = 0;
  for (std::size_t i = 1; i < want.size(); ++i) {
    around(want[i], want[i - 1].offset, [&](local_seconds t) {
      EXPECT_EQ(answer(ours, t), answer(theirs, t)) << date::format("%F %T", t);
      ++checked;
    });
  }
  EXPECT_GE(checked, 13 * static_cast<int>(want.size() - 1));  // 6 hours or more each
  return want.size() - 1;
}

// The rule a zone follows after 2037, written out: the UTC instants summer time starts and ends.
struct YearlyRule {
  seconds standard, summer;
  std::string standard_abbrev, summer_abbrev;
  sys_seconds (*start)(year);
  sys_seconds (*end)(year);
};

std::vector<Change> rule_changes(const YearlyRule& rule, sys_seconds from, sys_seconds to) {
  std::vector<std::pair<sys_seconds, bool>> edges;  // instant, summer time from then on
  for (int y = static_cast<int>(year_month_day{floor<days>(from)}.year()) - 1;
       y <= static_cast<int>(year_month_day{floor<days>(to)}.year()); ++y) {
    edges.emplace_back(rule.start(year{y}), true);
    edges.emplace_back(rule.end(year{y}), false);
  }
  std::sort(edges.begin(), edges.end());
  bool summer = false;
  for (const auto& [at, s] : edges) {
    if (at <= from) summer = s;
  }
  const auto state = [&](sys_seconds at, bool s) {
    return Change{at, s ? rule.summer : rule.standard,
                  s ? rule.summer_abbrev : rule.standard_abbrev, s};
  };
  std::vector<Change> out{state(from, summer)};
  for (const auto& [at, s] : edges) {
    if (at > from && at < to) out.push_back(state(at, s));
  }
  return out;
}

void compare_with_rule(const std::string& name, const YearlyRule& rule) {
  SCOPED_TRACE(name);
  const Zone ours = system_zone(name);
  const auto want = rule_changes(rule, kDataEnd, kTo);
  EXPECT_EQ(changes(ours, kDataEnd, kTo), want);
  for (std::size_t i = 1; i < want.size(); ++i) {
    around(want[i], want[i - 1].offset, [&](local_seconds t) {
      EXPECT_EQ(answer(ours, t), expected_answer(want[i].at, want[i - 1].offset, want[i].offset, t))
          << date::format("%F %T", t);
    });
  }
}

// A zone that keeps one offset after 2037.
void compare_constant(const std::string& name, seconds offset, const std::string& abbrev) {
  SCOPED_TRACE(name);
  const Zone ours = system_zone(name);
  EXPECT_EQ(changes(ours, kDataEnd, kTo), (std::vector<Change>{{kDataEnd, offset, abbrev, false}}));
  EXPECT_EQ(ours.get_info(kTo).end, sys_seconds::max());
}

TEST(ZoneAgainstDate, EuropeOslo) {
  EXPECT_GT(compare_with_date("Europe/Oslo"), 110u);
  compare_with_rule(
      "Europe/Oslo",
      {1h, 2h, "CET", "CEST",
       [](year y) { return sys_seconds{sys_days{y / March / Sunday[last]} + 1h}; },
       [](year y) { return sys_seconds{sys_days{y / October / Sunday[last]} + 1h}; }});
}

TEST(ZoneAgainstDate, AmericaNewYork) {
  EXPECT_GT(compare_with_date("America/New_York"), 130u);
  // 02:00 local standard time (-05:00) and 02:00 local summer time (-04:00).
  compare_with_rule("America/New_York",
                    {-5h, -4h, "EST", "EDT",
                     [](year y) { return sys_seconds{sys_days{y / March / Sunday[2]} + 7h}; },
                     [](year y) { return sys_seconds{sys_days{y / November / Sunday[1]} + 6h}; }});
}

TEST(ZoneAgainstDate, AustraliaLordHoweWithHalfAnHourOfSummerTime) {
  EXPECT_GT(compare_with_date("Australia/Lord_Howe"), 100u);
  // 02:00 local at +10:30 (October) and at +11:00 (April): the day before in UTC.
  compare_with_rule(
      "Australia/Lord_Howe",
      {10h + 30min, 11h, "+1030", "+11",
       [](year y) { return sys_seconds{sys_days{y / October / Sunday[1]} - 8h - 30min}; },
       [](year y) { return sys_seconds{sys_days{y / April / Sunday[1]} - 9h}; }});
}

TEST(ZoneAgainstDate, AmericaSaoPauloWithoutSummerTimeSince2019) {
  EXPECT_GT(compare_with_date("America/Sao_Paulo"), 60u);
  compare_constant("America/Sao_Paulo", -3h, "-03");
  // The last change was in February 2019; what the file says after it (a repeated type at the end
  // of 32-bit time included) is -03:00 for ever.
  const Zone z = system_zone("America/Sao_Paulo");
  sys_info p = z.get_info(sys_days{2030_y / January / 1});
  EXPECT_EQ(format_utc(p.begin), "2019-02-17T02:00:00Z");
  for (int i = 0; i < 5 && p.end != sys_seconds::max(); ++i) {
    p = z.get_info(p.end);
    EXPECT_EQ(p.offset, -3h);
  }
  EXPECT_EQ(p.end, sys_seconds::max());
}

TEST(ZoneAgainstDate, EuropeDublinWhoseWinterIsTheSummerTime) {
  // Irish Standard Time (+01:00) in summer; GMT in winter is the file's daylight-saving type, an
  // hour below.
  EXPECT_GT(compare_with_date("Europe/Dublin"), 100u);
  const Zone z = system_zone("Europe/Dublin");
  for (const sys_seconds t : {sys_seconds{sys_days{2026_y / January / 15}},
                              sys_seconds{sys_days{2050_y / January / 15}}}) {
    const sys_info winter = z.get_info(t);
    EXPECT_EQ(winter.offset, 0s);
    EXPECT_EQ(winter.save, -60min);
    EXPECT_EQ(winter.abbrev, "GMT");
  }
  EXPECT_EQ(z.get_info(sys_days{2050_y / July / 15}).save, 0min);
  EXPECT_EQ(z.get_info(sys_days{2050_y / July / 15}).offset, 1h);
}

TEST(ZoneAgainstDate, AsiaKolkata) {
  EXPECT_EQ(compare_with_date("Asia/Kolkata"), 0u);
  compare_constant("Asia/Kolkata", 5h + 30min, "IST");
}

TEST(ZoneAgainstDate, Utc) {
  EXPECT_EQ(compare_with_date("UTC"), 0u);
  compare_constant("UTC", 0s, "UTC");
  const Zone z = system_zone("UTC");
  EXPECT_EQ(z.get_info(sys_days{1900_y / January / 1}).offset, 0s);
  EXPECT_EQ(z.get_info(local_seconds{}).result, local_info::unique);
}

// The same rules written the slim way: transitions only until 1996, the footer's rule after.
TEST(ZoneAgainstDate, EuropeOsloFromASlimFile) {
  auto bytes = read_text_file(std::string(SAMTEL_SOURCE_DIR) +
                              "/tests/core/zone-corpus/europe-oslo-slim.tzif");
  ASSERT_TRUE(bytes) << bytes.error();
  const auto slim = Zone::from_tzif("Europe/Oslo", *bytes);
  ASSERT_TRUE(slim) << slim.error();
  EXPECT_EQ(slim->rule(), "CET-1CEST,M3.5.0,M10.5.0/3");
  const time_zone& theirs = *locate_zone("Europe/Oslo");
  const auto want = changes(theirs, kFrom, kDataEnd);
  EXPECT_EQ(changes(*slim, kFrom, kDataEnd), want);
  EXPECT_EQ(changes(*slim, kDataEnd, kTo), changes(system_zone("Europe/Oslo"), kDataEnd, kTo));
  expect_chain(*slim, kFrom, kTo);
  for (std::size_t i = 1; i < want.size(); ++i) {
    around(want[i], want[i - 1].offset, [&](local_seconds t) {
      EXPECT_EQ(answer(*slim, t), answer(theirs, t)) << date::format("%F %T", t);
    });
  }
}

// Every zone date knows: the same offset at the start and the middle of every year 1970-2037.
// The one kind of file that cannot be read is a footer in RFC 8536 version 3's extended form (a
// rule time below zero, as Greenland's "M3.5.0/-1" in 2025b: America/Nuuk, America/Godthab and
// America/Scoresbysund), which <date/ptz.h> does not accept.
TEST(ZoneAgainstDate, EveryZoneOfTheSystemAtTwiceAYear) {
  int zones = 0, refused = 0;
  for (const time_zone& theirs : get_tzdb().zones) {
    const std::string name{theirs.name()};
    if (name.starts_with("right/") || name.starts_with("posix/")) continue;
    auto bytes = read_text_file(kSystemZones + "/" + name);
    if (!bytes) continue;
    auto ours = Zone::from_tzif(name, *bytes);
    if (!ours) {
      EXPECT_NE(ours.error().find("footer"), std::string::npos) << ours.error();
      EXPECT_NE(bytes->find("/-"), std::string::npos) << ours.error();
      ++refused;
      continue;
    }
    ++zones;
    for (int y = 1970; y <= 2037; ++y) {
      for (const auto m : {January, July}) {
        const sys_seconds t = sys_days{year{y} / m / 1};
        ASSERT_EQ(ours->get_info(t).offset, theirs.get_info(t).offset)
            << name << " " << format_utc(t);
      }
    }
  }
  EXPECT_GT(zones, 300);
  EXPECT_LT(refused, 10);
}

// --- Europe/Oslo's edges, through the rules in force ---

TEST(ZoneOslo, SpringForwardHasNoHalfPastTwo) {
  const Zone& oslo = test::oslo();
  const local_info i = oslo.get_info(local_days{2026_y / March / 29} + 2h + 30min);
  EXPECT_EQ(i.result, local_info::nonexistent);
  EXPECT_EQ(i.first.offset, 1h);
  EXPECT_EQ(i.second.offset, 2h);
  EXPECT_EQ(format_utc(i.first.end), "2026-03-29T01:00:00Z");
  EXPECT_EQ(i.second.begin, i.first.end);
  EXPECT_EQ(oslo.get_info(local_days{2026_y / March / 29} + 2h - 1s).result, local_info::unique);
  EXPECT_EQ(oslo.get_info(local_days{2026_y / March / 29} + 3h).result, local_info::unique);
}

TEST(ZoneOslo, FallBackHasHalfPastTwoTwice) {
  const Zone& oslo = test::oslo();
  const local_seconds t = local_days{2026_y / October / 25} + 2h + 30min;
  const local_info i = oslo.get_info(t);
  EXPECT_EQ(i.result, local_info::ambiguous);
  EXPECT_EQ(i.first.offset, 2h);
  EXPECT_EQ(i.second.offset, 1h);
  EXPECT_EQ(format_utc(sys_seconds{t.time_since_epoch() - i.first.offset}), "2026-10-25T00:30:00Z");
  EXPECT_EQ(format_utc(resolve_local(oslo, t, Fold::earlier)->instant), "2026-10-25T00:30:00Z");
  EXPECT_EQ(format_utc(resolve_local(oslo, t, Fold::later)->instant), "2026-10-25T01:30:00Z");
  EXPECT_EQ(oslo.get_info(local_days{2026_y / October / 25} + 3h).result, local_info::unique);
  EXPECT_EQ(oslo.get_info(local_days{2026_y / October / 25} + 2h - 1s).result, local_info::unique);
}

TEST(ZoneOslo, TheShortAndTheLongDay) {
  const Zone& oslo = test::oslo();
  const Span spring = day_span(oslo, test::day("2026-03-29"));
  const Span autumn = day_span(oslo, test::day("2026-10-25"));
  const Span plain = day_span(oslo, test::day("2026-06-01"));
  EXPECT_EQ(spring.to - spring.from, 23h);
  EXPECT_EQ(autumn.to - autumn.from, 25h);
  EXPECT_EQ(plain.to - plain.from, 24h);
}

TEST(ZoneOslo, SummerTimeSavesAnHourAndIsNamed) {
  const Zone& oslo = test::oslo();
  const sys_info summer = oslo.get_info(test::at("2026-07-01T12:00:00Z"));
  EXPECT_EQ(summer.save, 60min);
  EXPECT_EQ(summer.abbrev, "CEST");
  const sys_info winter = oslo.get_info(test::at("2026-01-01T12:00:00Z"));
  EXPECT_EQ(winter.save, 0min);
  EXPECT_EQ(winter.abbrev, "CET");
  EXPECT_EQ(oslo.rule(), "CET-1CEST,M3.5.0,M10.5.0/3");
}

// --- Files made here ---

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
void put64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

// A TZif file: version 2 with an empty version 1 block unless `version` is '\0'.
struct Tzif {
  char version = '2';
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> indices;
  struct Type {
    std::int32_t offset;
    std::uint8_t dst, designation;
  };
  std::vector<Type> types;
  std::string chars;
  std::string footer;  // between the newlines
  std::optional<std::uint32_t> time_count, type_count, char_count;

  std::string header(std::uint32_t times_n, std::uint32_t types_n, std::uint32_t chars_n) const {
    std::string h = "TZif";
    h.push_back(version);
    h.append(15, '\0');
    for (const std::uint32_t c : {0U, 0U, 0U, times_n, types_n, chars_n}) put32(h, c);
    return h;
  }

  std::string bytes() const {
    const auto n_times = time_count.value_or(static_cast<std::uint32_t>(times.size()));
    const auto n_types = type_count.value_or(static_cast<std::uint32_t>(types.size()));
    const auto n_chars = char_count.value_or(static_cast<std::uint32_t>(chars.size()));
    std::string out;
    if (version != '\0') out += header(0, 0, 0);
    out += header(n_times, n_types, n_chars);
    for (const std::int64_t t : times) {
      if (version == '\0') {
        put32(out, static_cast<std::uint32_t>(t));
      } else {
        put64(out, static_cast<std::uint64_t>(t));
      }
    }
    for (const std::uint8_t i : indices) out.push_back(static_cast<char>(i));
    for (const Type& t : types) {
      put32(out, static_cast<std::uint32_t>(t.offset));
      out.push_back(static_cast<char>(t.dst));
      out.push_back(static_cast<char>(t.designation));
    }
    out += chars;
    if (version != '\0') out += "\n" + footer + "\n";
    return out;
  }
};

// LMT +00:30, then AAA +01:00 and BBB +02:00 (summer) by turns.
Tzif small_zone() {
  Tzif f;
  f.times = {1000000000, 1100000000, 1200000000};
  f.indices = {1, 2, 1};
  f.types = {{1800, 0, 0}, {3600, 0, 4}, {7200, 1, 8}};
  f.chars = std::string("LMT\0AAA\0BBB\0", 12);
  return f;
}

tl::expected<Zone, std::string> parse(const Tzif& f) {
  return Zone::from_tzif("Test/Zone", f.bytes());
}

TEST(ZoneFile, TransitionsTypesAndTheTimeBeforeThem) {
  const auto z = parse(small_zone());
  ASSERT_TRUE(z) << z.error();
  const sys_seconds t0{1000000000s}, t1{1100000000s}, t2{1200000000s};
  const sys_info before = z->get_info(t0 - 1s);
  EXPECT_EQ(before.begin, sys_seconds::min());
  EXPECT_EQ(before.end, t0);
  EXPECT_EQ(before.offset, 30min);
  EXPECT_EQ(before.abbrev, "LMT");
  const sys_info summer = z->get_info(t1);
  EXPECT_EQ(summer.begin, t1);
  EXPECT_EQ(summer.end, t2);
  EXPECT_EQ(summer.offset, 2h);
  EXPECT_EQ(summer.save, 60min);
  EXPECT_EQ(summer.abbrev, "BBB");
  // An empty footer: the last type for ever.
  const sys_info last = z->get_info(t2 + days{365 * 100});
  EXPECT_EQ(last.begin, t2);
  EXPECT_EQ(last.end, sys_seconds::max());
  EXPECT_EQ(last.abbrev, "AAA");
  EXPECT_EQ(z->rule(), "");
  expect_chain(*z, sys_days{1990_y / January / 1}, sys_days{2050_y / January / 1});
}

TEST(ZoneFile, VersionOneFilesHaveThirtyTwoBitTimesAndNoFooter) {
  Tzif f = small_zone();
  f.version = '\0';
  const auto z = parse(f);
  ASSERT_TRUE(z) << z.error();
  EXPECT_EQ(z->get_info(sys_seconds{1150000000s}).offset, 2h);
  EXPECT_EQ(z->get_info(sys_seconds{2000000000s}).end, sys_seconds::max());
}

TEST(ZoneFile, TheFooterRuleTakesOverAtTheLastTransition) {
  // A slim file: one transition in the middle of a winter, the rest in the footer.
  Tzif f;
  f.times = {sys_seconds{sys_days{2020_y / January / 1}}.time_since_epoch().count()};
  f.indices = {1};
  f.types = {{3600, 0, 0}, {3600, 0, 0}};
  f.chars = std::string("CET\0", 4);
  f.footer = "CET-1CEST,M3.5.0,M10.5.0/3";
  const auto z = parse(f);
  ASSERT_TRUE(z) << z.error();
  const sys_info first = z->get_info(sys_days{2020_y / February / 1});
  EXPECT_EQ(format_utc(first.begin), "2020-01-01T00:00:00Z");  // not 2019-10-27
  EXPECT_EQ(format_utc(first.end), "2020-03-29T01:00:00Z");
  const sys_info summer = z->get_info(first.end);
  EXPECT_EQ(summer.offset, 2h);
  EXPECT_EQ(summer.save, 60min);
  EXPECT_EQ(summer.abbrev, "CEST");
  EXPECT_EQ(format_utc(summer.end), "2020-10-25T01:00:00Z");
  // Across 2200, where the changes written out when the file was read give way to the rule.
  expect_chain(*z, sys_days{2019_y / January / 1}, sys_days{2300_y / January / 1});
  const sys_info late = z->get_info(sys_days{2250_y / July / 1});
  EXPECT_EQ(late.offset, 2h);
  EXPECT_EQ(format_utc(late.begin), "2250-03-31T01:00:00Z");
  // Far out, the periods still hold the instant and meet.
  expect_chain(*z, sys_days{31990_y / January / 1}, sys_days{32010_y / January / 1});
  const sys_info end = z->get_info(sys_days{32500_y / January / 1});
  EXPECT_LE(end.begin, sys_seconds{sys_days{32500_y / January / 1}});
  EXPECT_EQ(end.end, sys_seconds::max());
}

TEST(ZoneFile, ARuleWhoseChangesCrossTheUtcNewYearStillHoldsEveryInstant) {
  // +14:00, summer +15:00 from 1 January 00:00 local (31 December 10:00Z) to 31 December 23:00
  // local summer time (08:00Z): Posix::time_zone's own answer misses the instant near the end of
  // the UTC year.
  Tzif f;
  f.times = {0};
  f.indices = {0};
  f.types = {{14 * 3600, 0, 0}};
  f.chars = std::string("AAA\0", 4);
  f.footer = "AAA-14BBB,J1/0,J365/23";
  const auto z = parse(f);
  ASSERT_TRUE(z) << z.error();
  expect_chain(*z, sys_days{2020_y / January / 1}, sys_days{2030_y / January / 1});
  const sys_info late = z->get_info(sys_days{2024_y / December / 31} + 11h);
  EXPECT_EQ(late.offset, 15h);
  EXPECT_EQ(format_utc(late.begin), "2024-12-31T10:00:00Z");
}

TEST(ZoneFile, SummerTimeThatBeginsAndEndsInTheUtcYearBefore) {
  // +14:00, summer time on 1 January from 00:00 to 01:00 local: 31 December 10:00Z-11:00Z.
  Tzif f;
  f.times = {0};
  f.indices = {0};
  f.types = {{14 * 3600, 0, 0}};
  f.chars = std::string("AAA\0", 4);
  f.footer = "AAA-14BBB,J1/0,J1/2";
  const auto z = parse(f);
  ASSERT_TRUE(z) << z.error();
  const sys_info summer = z->get_info(sys_days{2024_y / December / 31} + 10h + 30min);
  EXPECT_EQ(summer.offset, 15h);
  EXPECT_EQ(summer.abbrev, "BBB");
  EXPECT_EQ(format_utc(summer.begin), "2024-12-31T10:00:00Z");
  EXPECT_EQ(format_utc(summer.end), "2024-12-31T11:00:00Z");
  expect_chain(*z, sys_days{2020_y / January / 1}, sys_days{2030_y / January / 1});
}

TEST(ZoneFile, WallClockAnswersMatchTheTransitions) {
  const auto z = parse(small_zone());
  ASSERT_TRUE(z) << z.error();
  const sys_seconds t1{1100000000s};
  // Forward by an hour at t1: [t1 + 1h, t1 + 2h) local does not exist.
  const local_seconds gap{t1.time_since_epoch() + 1h + 30min};
  const local_info g = z->get_info(gap);
  EXPECT_EQ(g.result, local_info::nonexistent);
  EXPECT_EQ(g.first.offset, 1h);
  EXPECT_EQ(g.second.offset, 2h);
  const sys_seconds t2{1200000000s};
  const local_seconds twice{t2.time_since_epoch() + 1h + 30min};
  const local_info a = z->get_info(twice);
  EXPECT_EQ(a.result, local_info::ambiguous);
  EXPECT_EQ(a.first.offset, 2h);
  EXPECT_EQ(a.second.offset, 1h);
  // At the ends of the time line, nothing overflows.
  EXPECT_EQ(z->get_info(local_seconds{seconds::min()}).result, local_info::unique);
  EXPECT_EQ(z->get_info(local_seconds{seconds::max()}).result, local_info::unique);
}

// --- Broken files ---

std::string error_of(std::string_view bytes, const std::string& name = "Test/Zone") {
  auto z = Zone::from_tzif(name, bytes);
  if (z) return "(no error)";
  return z.error();
}

TEST(ZoneFileErrors, EmptyAndNotTzif) {
  EXPECT_EQ(error_of(""), "Test/Zone: empty file, not a TZif file");
  EXPECT_EQ(error_of("TZxf2"), "Test/Zone: not a TZif file (it does not begin with 'TZif')");
  EXPECT_EQ(error_of("# tzdata.zi\n"),
            "Test/Zone: not a TZif file (it does not begin with 'TZif')");
  EXPECT_EQ(error_of("TZ"),
            "Test/Zone: TZif file truncated in the header (expected 44 bytes, have 2)");
}

TEST(ZoneFileErrors, EveryPrefixOfOslosFileIsAnError) {
  const std::string whole = system_file("Europe/Oslo");
  ASSERT_TRUE(Zone::from_tzif("Europe/Oslo", whole));
  for (std::size_t n = 0; n < whole.size(); ++n) {
    const auto z = Zone::from_tzif("Europe/Oslo", std::string_view{whole}.substr(0, n));
    ASSERT_FALSE(z) << "a prefix of " << n << " bytes was taken";
    ASSERT_TRUE(z.error().starts_with("Europe/Oslo: ")) << z.error();
  }
  // Where the version 1 block and the 64-bit transition times end, from the file's own counts.
  const std::string_view v = whole;
  const auto count = [&](std::size_t header, int i) {
    std::uint32_t c = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      c = (c << 8) |
          static_cast<unsigned char>(whole[header + 20 + 4 * static_cast<std::size_t>(i) + k]);
    }
    return std::size_t{c};
  };
  const std::size_t v1_end = 44 + count(0, 3) * 5 + count(0, 4) * 6 + count(0, 5) +
                             count(0, 2) * 8 + count(0, 1) + count(0, 0);
  const std::size_t times_end = v1_end + 44 + count(v1_end, 3) * 8;
  const std::size_t cut = (v1_end + 44 + times_end) / 2;
  EXPECT_EQ(error_of(v.substr(0, 100), "Europe/Oslo"),
            "Europe/Oslo: TZif file truncated in the version 1 data block (expected " +
                std::to_string(v1_end) + " bytes, have 100)");
  EXPECT_EQ(error_of(v.substr(0, cut), "Europe/Oslo"),
            "Europe/Oslo: TZif file truncated in transition times (expected " +
                std::to_string(times_end) + " bytes, have " + std::to_string(cut) + ")");
  EXPECT_NE(error_of(v.substr(0, whole.size() - 1), "Europe/Oslo").find("footer"),
            std::string::npos);
}

TEST(ZoneFileErrors, CountsBeyondTheData) {
  Tzif f = small_zone();
  f.time_count = 1000000;
  const std::size_t size = f.bytes().size();
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: TZif file truncated in transition times (expected 8000088 bytes, have " +
                std::to_string(size) + ")");
  f = small_zone();
  f.char_count = 4000000000U;
  EXPECT_NE(error_of(f.bytes()).find("truncated in time zone designations (expected 4000000"),
            std::string::npos)
      << error_of(f.bytes());
  f = small_zone();
  f.type_count = 0;
  EXPECT_EQ(error_of(f.bytes()), "Test/Zone: TZif file has no local time types");
  f.type_count = 300;
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: TZif file has 300 local time types (at most 256 can be named)");
}

TEST(ZoneFileErrors, IndicesAndValuesOutOfRange) {
  Tzif f = small_zone();
  f.indices = {1, 5, 1};
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: transition 1 names local time type 5, but the file has 3");
  f = small_zone();
  f.types[2].designation = 40;
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: local time type 2 names designation index 40, beyond the file's 12 "
            "designation bytes");
  f = small_zone();
  f.chars = "LMTAAABBB";
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: the designation of local time type 0 is not terminated");
  f = small_zone();
  f.types[1].offset = 100000;
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: local time type 1 has UT offset 100000 s, outside -89999 to 93599");
  f = small_zone();
  f.types[1].dst = 7;
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: local time type 1 has DST indicator 7 (expected 0 or 1)");
  f = small_zone();
  f.times = {1000000000, 900000000, 1200000000};
  EXPECT_EQ(error_of(f.bytes()), "Test/Zone: transition 1 is not later than the one before it");
  f = small_zone();
  f.version = '5';
  EXPECT_EQ(error_of(f.bytes()), "Test/Zone: unsupported TZif version byte 53");
}

TEST(ZoneFileErrors, FootersThatAreNotRules) {
  Tzif f = small_zone();
  f.footer = "CET-1CEST,M3.5.0";
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: the footer's TZ rule is not understood: 'CET-1CEST,M3.5.0': Expecting ',' "
            "and then the ending rule");
  f.footer = "CET-1CEST,M13.5.0,M10.5.0/3";
  EXPECT_EQ(error_of(f.bytes()),
            "Test/Zone: the footer's TZ rule is not understood: 'CET-1CEST,M13.5.0,M10.5.0/3': "
            "rule date 'M13.5.0' out of range");
  f.footer = "C";
  EXPECT_NE(error_of(f.bytes()).find("shorter than 3 characters"), std::string::npos);
  f.footer = "CET-1\x01";
  EXPECT_NE(error_of(f.bytes()).find("not printable ASCII"), std::string::npos);
  f.footer = "<+99>-99";
  EXPECT_NE(error_of(f.bytes()).find("UT offset 356400 s"), std::string::npos)
      << error_of(f.bytes());
  // No newline before or after the rule.
  std::string bytes = small_zone().bytes();
  bytes.back() = 'X';
  EXPECT_NE(error_of(bytes).find("truncated in the footer"), std::string::npos) << error_of(bytes);
  bytes = small_zone().bytes();
  bytes[bytes.size() - 2] = 'X';
  EXPECT_EQ(error_of(bytes), "Test/Zone: the footer does not begin with a newline");
}

}  // namespace
}  // namespace samtel
