// Instants, wall-clock time and daylight saving in Europe/Oslo.
#include "samtel/time.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace date;
using namespace std::chrono_literals;
using test::oslo;

LocalSeconds local(date::year_month_day d, std::chrono::seconds since_midnight) {
  return LocalSeconds{LocalDays{d}} + since_midnight;
}

TEST(FindZone, KnownAndUnknown) {
  auto z = find_zone("Europe/Oslo");
  ASSERT_TRUE(z);
  EXPECT_EQ((*z)->name(), "Europe/Oslo");
  auto bad = find_zone("Europe/Atlantis");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("'Europe/Atlantis'"), std::string::npos) << bad.error();
  EXPECT_NE(bad.error().find("unknown time zone"), std::string::npos) << bad.error();
}

TEST(FormatUtc, EdgesOfDaysYearsAndTheEpoch) {
  EXPECT_EQ(format_utc(Instant{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(Instant{-1s}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_utc(sys_days{2028_y / February / 29} + 23h + 59min + 59s),
            "2028-02-29T23:59:59Z");
  EXPECT_EQ(format_utc(sys_days{2026_y / December / 31} + 24h), "2027-01-01T00:00:00Z");
}

TEST(ResolveLocal, NormalWinterAndSummerTimes) {
  auto w = resolve_local(oslo(), local(2026_y / January / 15, 12h));
  ASSERT_TRUE(w);
  EXPECT_EQ(format_utc(w->instant), "2026-01-15T11:00:00Z");
  EXPECT_FALSE(w->ambiguous);
  auto s = resolve_local(oslo(), local(2026_y / July / 1, 12h + 34min + 56s));
  ASSERT_TRUE(s);
  EXPECT_EQ(format_utc(s->instant), "2026-07-01T10:34:56Z");
  EXPECT_FALSE(s->ambiguous);
  // The fold is irrelevant for a unique time.
  auto later = resolve_local(oslo(), local(2026_y / July / 1, 12h), Fold::later);
  ASSERT_TRUE(later);
  EXPECT_EQ(format_utc(later->instant), "2026-07-01T10:00:00Z");
}

TEST(ResolveLocal, NonexistentSpringForwardTimeIsAnError) {
  for (std::chrono::seconds t :
       {std::chrono::seconds{2h}, std::chrono::seconds{2h + 30min}, 2h + 59min + 59s}) {
    auto r = resolve_local(oslo(), local(2026_y / March / 29, t));
    ASSERT_FALSE(r) << t.count();
    EXPECT_NE(r.error().find("does not exist"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("Europe/Oslo"), std::string::npos) << r.error();
  }
  auto r = resolve_local(oslo(), local(2026_y / March / 29, 2h + 30min), Fold::later);
  EXPECT_FALSE(r);
  EXPECT_NE(r.error().find("2026-03-29 02:30:00"), std::string::npos) << r.error();
  // Either side of the gap is fine.
  auto before = resolve_local(oslo(), local(2026_y / March / 29, 1h + 59min + 59s));
  ASSERT_TRUE(before);
  EXPECT_EQ(format_utc(before->instant), "2026-03-29T00:59:59Z");
  auto after = resolve_local(oslo(), local(2026_y / March / 29, 3h));
  ASSERT_TRUE(after);
  EXPECT_EQ(format_utc(after->instant), "2026-03-29T01:00:00Z");
  EXPECT_FALSE(after->ambiguous);
}

TEST(ResolveLocal, AmbiguousFallBackTimeTakesTheRequestedFold) {
  const auto t = local(2026_y / October / 25, 2h + 30min);
  auto earlier = resolve_local(oslo(), t, Fold::earlier);
  auto later = resolve_local(oslo(), t, Fold::later);
  ASSERT_TRUE(earlier);
  ASSERT_TRUE(later);
  EXPECT_EQ(format_utc(earlier->instant), "2026-10-25T00:30:00Z");
  EXPECT_EQ(format_utc(later->instant), "2026-10-25T01:30:00Z");
  EXPECT_TRUE(earlier->ambiguous);
  EXPECT_TRUE(later->ambiguous);
  // Default fold is earlier.
  EXPECT_EQ(resolve_local(oslo(), t)->instant, earlier->instant);
  // The repeated hour is exactly 02:00:00..02:59:59.
  EXPECT_TRUE(resolve_local(oslo(), local(2026_y / October / 25, 2h))->ambiguous);
  EXPECT_TRUE(resolve_local(oslo(), local(2026_y / October / 25, 2h + 59min + 59s))->ambiguous);
  EXPECT_FALSE(resolve_local(oslo(), local(2026_y / October / 25, 1h + 59min + 59s))->ambiguous);
  EXPECT_FALSE(resolve_local(oslo(), local(2026_y / October / 25, 3h))->ambiguous);
  EXPECT_EQ(format_utc(resolve_local(oslo(), local(2026_y / October / 25, 3h))->instant),
            "2026-10-25T02:00:00Z");
}

TEST(ResolveLocalLenient, GapMapsToTheTransition) {
  EXPECT_EQ(format_utc(resolve_local_lenient(oslo(), local(2026_y / March / 29, 2h + 30min))),
            "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_utc(resolve_local_lenient(oslo(), local(2026_y / March / 29, 2h))),
            "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_utc(resolve_local_lenient(oslo(), local(2026_y / October / 25, 2h + 30min))),
            "2026-10-25T00:30:00Z");
  EXPECT_EQ(format_utc(resolve_local_lenient(oslo(), local(2026_y / October / 25, 2h + 30min),
                                             Fold::later)),
            "2026-10-25T01:30:00Z");
  EXPECT_EQ(format_utc(resolve_local_lenient(oslo(), local(2026_y / June / 1, 10h))),
            "2026-06-01T08:00:00Z");
}

TEST(ToLocal, AndUtcOffsetAcrossTransitions) {
  EXPECT_EQ(to_local(oslo(), test::at("2026-03-29T00:59:59Z")),
            local(2026_y / March / 29, 1h + 59min + 59s));
  EXPECT_EQ(to_local(oslo(), test::at("2026-03-29T01:00:00Z")), local(2026_y / March / 29, 3h));
  EXPECT_EQ(to_local(oslo(), test::at("2026-10-25T00:59:59Z")),
            local(2026_y / October / 25, 2h + 59min + 59s));
  EXPECT_EQ(to_local(oslo(), test::at("2026-10-25T01:00:00Z")), local(2026_y / October / 25, 2h));
  EXPECT_EQ(utc_offset(oslo(), test::at("2026-03-29T00:59:59Z")), 3600s);
  EXPECT_EQ(utc_offset(oslo(), test::at("2026-03-29T01:00:00Z")), 7200s);
  EXPECT_EQ(utc_offset(oslo(), test::at("2026-10-25T00:59:59Z")), 7200s);
  EXPECT_EQ(utc_offset(oslo(), test::at("2026-10-25T01:00:00Z")), 3600s);
}

TEST(ParseTime, LocalForms) {
  struct Case {
    const char* text;
    const char* utc;
  };
  const Case cases[] = {
      {"2026-06-01T12:00", "2026-06-01T10:00:00Z"},
      {"2026-06-01T12:00:30", "2026-06-01T10:00:30Z"},
      {"2026-06-01 12:00", "2026-06-01T10:00:00Z"},
      {"2026-06-01 12:00:59", "2026-06-01T10:00:59Z"},
      {"2026-06-01t12:00", "2026-06-01T10:00:00Z"},
      {"2026-01-01T00:00", "2025-12-31T23:00:00Z"},
      {"2026-12-31T23:59:59", "2026-12-31T22:59:59Z"},
      {"2028-02-29T08:00", "2028-02-29T07:00:00Z"},
  };
  for (const Case& c : cases) {
    auto r = parse_time(c.text, oslo());
    ASSERT_TRUE(r) << c.text << ": " << r.error();
    EXPECT_EQ(format_utc(r->instant), c.utc) << c.text;
    EXPECT_FALSE(r->ambiguous) << c.text;
  }
}

TEST(ParseTime, ExplicitOffsetsIgnoreTheZone) {
  struct Case {
    const char* text;
    const char* utc;
  };
  const Case cases[] = {
      {"2026-06-01T10:00Z", "2026-06-01T10:00:00Z"},
      {"2026-06-01T10:00:05Z", "2026-06-01T10:00:05Z"},
      {"2026-06-01T10:00z", "2026-06-01T10:00:00Z"},
      {"2026-01-15T12:00+01:00", "2026-01-15T11:00:00Z"},
      {"2026-01-15T12:00:00+02:00", "2026-01-15T10:00:00Z"},
      {"2026-01-15 12:00-05:30", "2026-01-15T17:30:00Z"},
      {"2026-01-15T00:30+01:00", "2026-01-14T23:30:00Z"},
      // A wall-clock time that does not exist in Oslo is fine with an explicit offset.
      {"2026-03-29T02:30+01:00", "2026-03-29T01:30:00Z"},
      // The two readings of an ambiguous time, spelled out.
      {"2026-10-25T02:30+02:00", "2026-10-25T00:30:00Z"},
      {"2026-10-25T02:30+01:00", "2026-10-25T01:30:00Z"},
  };
  for (const Case& c : cases) {
    auto r = parse_time(c.text, oslo());
    ASSERT_TRUE(r) << c.text << ": " << r.error();
    EXPECT_EQ(format_utc(r->instant), c.utc) << c.text;
    EXPECT_FALSE(r->ambiguous) << c.text;
  }
}

TEST(ParseTime, DaylightSavingOfLocalTimes) {
  auto gap = parse_time("2026-03-29T02:30", oslo());
  ASSERT_FALSE(gap);
  EXPECT_NE(gap.error().find("does not exist"), std::string::npos) << gap.error();
  auto amb = parse_time("2026-10-25T02:30", oslo());
  ASSERT_TRUE(amb);
  EXPECT_TRUE(amb->ambiguous);
  EXPECT_EQ(format_utc(amb->instant), "2026-10-25T00:30:00Z");
  auto amb2 = parse_time("2026-10-25 02:30:00", oslo(), Fold::later);
  ASSERT_TRUE(amb2);
  EXPECT_TRUE(amb2->ambiguous);
  EXPECT_EQ(format_utc(amb2->instant), "2026-10-25T01:30:00Z");
}

TEST(ParseTime, GarbageIsRejectedWithAClearMessage) {
  const char* bad_format[] = {
      "",
      "now",
      "2026-06-01",
      "2026-06-01T",
      "2026-06-01T12",
      "2026-06-01T1200",
      "2026-06-01X12:00",
      "2026-06-01T12:0",
      "2026-06-01T12:00:",
      "2026-06-01T12:00:5",
      "2026-06-01T12:00Zjunk",
      "2026-06-01T12:00 ",
      "2026-06-01T12:00+1",
      "2026-06-01T12:00+0100",
      "2026-06-01T12:00+01:00:00",
      "2026-06-01T12:00+24:00",
      "2026-06-01T12:00CET",
      "2026-06-01T12:00:00.5",
      "20260601T12:00:00Z  ",
  };
  for (const char* text : bad_format) {
    auto r = parse_time(text, oslo());
    ASSERT_FALSE(r) << "'" << text << "' was accepted";
    EXPECT_FALSE(r.error().empty());
    // The message quotes the date part or the whole input.
    EXPECT_TRUE(r.error().find("bad time") != std::string::npos ||
                r.error().find("bad date") != std::string::npos)
        << text << ": " << r.error();
  }
  auto r = parse_time("2026-06-01T12:00+1", oslo());
  EXPECT_NE(r.error().find("'2026-06-01T12:00+1'"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("YYYY-MM-DDTHH:MM"), std::string::npos) << r.error();
}

TEST(ParseTime, OutOfRangeFieldsAreRejected) {
  auto h = parse_time("2026-06-01T24:00", oslo());
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().find("out of range"), std::string::npos) << h.error();
  auto m = parse_time("2026-06-01T12:60", oslo());
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().find("out of range"), std::string::npos) << m.error();
  auto s = parse_time("2026-06-01T12:00:60", oslo());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("out of range"), std::string::npos) << s.error();
  auto d = parse_time("2026-02-30T12:00", oslo());
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().find("no such date '2026-02-30'"), std::string::npos) << d.error();
  auto mo = parse_time("2026-13-01T12:00Z", oslo());
  ASSERT_FALSE(mo);
  EXPECT_NE(mo.error().find("no such date"), std::string::npos) << mo.error();
  auto leap = parse_time("2027-02-29T12:00", oslo());
  ASSERT_FALSE(leap);
  EXPECT_NE(leap.error().find("no such date"), std::string::npos) << leap.error();
}

TEST(ParseTime, MessagesEchoTheWholeValueAsGiven) {
  const std::string expected =
      " (expected YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or +HH:MM)";
  struct Case {
    std::string text, error;
  };
  const Case cases[] = {
      // A five-digit year: the date part is not cut to its first ten characters.
      {"99999-01-01T09:30", "bad time '99999-01-01T09:30'" + expected},
      {"2026-1-01T09:30:00", "bad time '2026-1-01T09:30:00'" + expected},
      {"2026-02-30T09:30", "no such date '2026-02-30' in '2026-02-30T09:30'"},
      {"2026-13-01T12:00Z", "no such date '2026-13-01' in '2026-13-01T12:00Z'"},
      {"2026-06-01T25:00", "time out of range in '2026-06-01T25:00'"},
      {"2026-06-01\n12:00", "bad time '2026-06-01\\n12:00'" + expected},
      {"2026-06-01T12:00\x1b[2J", "bad time '2026-06-01T12:00\\u001B[2J'" + expected},
      {std::string(100, '9'),
       "bad time '" + std::string(80, '9') + "\u2026' (100 characters)" + expected},
  };
  for (const Case& c : cases) {
    auto r = parse_time(c.text, oslo());
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error(), c.error);
  }
}

TEST(ParseDate, MessagesEchoTheWholeValueAsGiven) {
  EXPECT_EQ(parse_date("99999-01-01").error(), "bad date '99999-01-01' (expected YYYY-MM-DD)");
  EXPECT_EQ(parse_date("2027-02-29").error(), "no such date '2027-02-29'");
  EXPECT_EQ(parse_date("2027-01-01\n").error(), "bad date '2027-01-01\\n' (expected YYYY-MM-DD)");
  EXPECT_EQ(parse_minute_of_day("8:00").error(), "bad time of day '8:00' (expected HH:MM)");
  EXPECT_EQ(parse_minute_of_day("24:30").error(),
            "time of day out of range '24:30' (00:00 to 24:00)");
  EXPECT_EQ(find_zone("Europe/\nOslo").error(),
            "unknown time zone 'Europe/\\nOslo' (expected an IANA name such as 'Europe/Oslo')");
}

TEST(ParseDate, FormsAndErrors) {
  auto d = parse_date("2027-05-17");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, 2027_y / May / 17);
  EXPECT_EQ(*parse_date("2028-02-29"), 2028_y / February / 29);
  for (const char* bad :
       {"2027-5-17", "27-05-17", "2027/05/17", "2027-05-17T", " 2027-05-17", "", "2027-05-1x"}) {
    auto r = parse_date(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("bad date"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("YYYY-MM-DD"), std::string::npos) << r.error();
  }
  for (const char* bad : {"2027-02-29", "2027-13-01", "2027-00-10", "2027-04-31", "2027-01-00"}) {
    auto r = parse_date(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("no such date"), std::string::npos) << r.error();
  }
}

TEST(ParseMinuteOfDay, RangeAndFormat) {
  EXPECT_EQ(*parse_minute_of_day("00:00"), 0);
  EXPECT_EQ(*parse_minute_of_day("08:00"), 480);
  EXPECT_EQ(*parse_minute_of_day("23:59"), 1439);
  EXPECT_EQ(*parse_minute_of_day("24:00"), 1440);
  for (const char* bad : {"24:01", "25:00", "12:60"}) {
    auto r = parse_minute_of_day(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("out of range"), std::string::npos) << r.error();
  }
  for (const char* bad : {"8:00", "08:0", "0800", "08.00", "", "08:00 ", "-1:00"}) {
    auto r = parse_minute_of_day(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("expected HH:MM"), std::string::npos) << r.error();
  }
}

TEST(FormatRfc3339, OffsetsOnBothSidesOfDaylightSaving) {
  struct Case {
    const char* utc;
    const char* local;
  };
  const Case cases[] = {
      {"2026-01-15T11:00:00Z", "2026-01-15T12:00:00+01:00"},
      {"2026-07-01T10:00:00Z", "2026-07-01T12:00:00+02:00"},
      {"2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00"},
      {"2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00"},
      {"2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00"},
      {"2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00"},
      {"2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00"},
      {"2026-10-25T01:30:00Z", "2026-10-25T02:30:00+01:00"},
      {"2026-12-31T23:00:00Z", "2027-01-01T00:00:00+01:00"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_rfc3339(oslo(), test::at(c.utc)), c.local) << c.utc;
    // And back again: the formatted text parses to the same instant.
    EXPECT_EQ(test::at(c.local), test::at(c.utc)) << c.local;
  }
  const Zone& ny = *find_zone("America/New_York").value();
  EXPECT_EQ(format_rfc3339(ny, test::at("2026-01-15T12:00:00Z")), "2026-01-15T07:00:00-05:00");
  const Zone& kolkata = *find_zone("Asia/Kolkata").value();
  EXPECT_EQ(format_rfc3339(kolkata, test::at("2026-01-15T12:00:00Z")), "2026-01-15T17:30:00+05:30");
}

TEST(Format, UtcMinuteOfDayAndDate) {
  EXPECT_EQ(format_utc(test::at("2026-03-29T03:00:00+02:00")), "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_minute_of_day(0), "00:00");
  EXPECT_EQ(format_minute_of_day(485), "08:05");
  EXPECT_EQ(format_minute_of_day(1439), "23:59");
  EXPECT_EQ(format_minute_of_day(1440), "24:00");
  EXPECT_EQ(format_date(2027_y / May / 7), "2027-05-07");
}

TEST(ParseUtc, ReadsBackWhatFormatUtcWritesAndNeedsAnOffset) {
  for (const char* text :
       {"1970-01-01T00:00:00Z", "2026-03-29T01:00:00Z", "2028-02-29T23:59:59Z"}) {
    auto t = parse_utc(text);
    ASSERT_TRUE(t) << t.error();
    EXPECT_EQ(format_utc(*t), text);
  }
  EXPECT_EQ(format_utc(parse_utc("2026-03-29T03:00:00+02:00").value()), "2026-03-29T01:00:00Z");
  EXPECT_EQ(parse_utc("2026-03-29T03:00:00").error(),
            "bad time '2026-03-29T03:00:00' (expected YYYY-MM-DDTHH:MM[:SS] followed by Z or "
            "+HH:MM)");
  EXPECT_FALSE(parse_utc("2026-02-30T03:00:00Z"));
  EXPECT_FALSE(parse_utc(""));
}

TEST(Clock, ManualClockStandsStillUntilMoved) {
  ManualClock clock{test::at("2026-01-01T00:00:00Z")};
  const Clock& c = clock;
  EXPECT_EQ(format_utc(c.now()), "2026-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(c.now()), "2026-01-01T00:00:00Z");
  clock.advance(90s);
  EXPECT_EQ(format_utc(c.now()), "2026-01-01T00:01:30Z");
  clock.set(test::at("2027-05-17T10:00:00+02:00"));
  EXPECT_EQ(format_utc(c.now()), "2027-05-17T08:00:00Z");
}

TEST(Clock, SystemClockIsRecent) {
  const Instant now = SystemClock{}.now();
  EXPECT_GT(now, test::at("2024-01-01T00:00:00Z"));
  EXPECT_LT(now, test::at("2200-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace samtel
