#include "samtel/sim/sweep.hpp"

#include "test_support.hpp"

namespace samtel::sim {
namespace {

using test::days;

struct SweepCase {
  const char* name;
  const Schedule& (*schedule)();
  const char* first;
  const char* last;
  friend void PrintTo(const SweepCase& c, std::ostream* os) { *os << c.name; }
};

// The event-driven sweep equals route() evaluated at every minute, on days that stress it.
class SweepMatchesMinuteByMinute : public ::testing::TestWithParam<SweepCase> {};

TEST_P(SweepMatchesMinuteByMinute, ForEveryDesk) {
  const SweepCase& c = GetParam();
  const Span span = days(c.first, c.last);
  const auto desks = select_desks(c.schedule(), "", "").value();
  for (const DeskRef& d : desks) {
    const auto fast = sweep_desk(*d.site, *d.line, *d.desk, span.from, span.to);
    const auto slow = sweep_desk_by_minute(*d.site, *d.line, *d.desk, span.from, span.to);
    ASSERT_EQ(fast.size(), slow.size()) << d.desk->id;
    for (std::size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].start, slow[i].start) << d.desk->id << " row " << i;
      EXPECT_EQ(fast[i].end, slow[i].end) << d.desk->id << " row " << i;
      EXPECT_TRUE(same_row(fast[i].plan, slow[i].plan)) << d.desk->id << " row " << i;
    }
    // Consecutive, covering the span exactly, adjacent rows differ.
    ASSERT_FALSE(fast.empty());
    EXPECT_EQ(fast.front().start, span.from);
    EXPECT_EQ(fast.back().end, span.to);
    for (std::size_t i = 1; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i - 1].end, fast[i].start);
      EXPECT_FALSE(same_row(fast[i - 1].plan, fast[i].plan));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Days, SweepMatchesMinuteByMinute,
    ::testing::Values(
        SweepCase{"spring", &test::st_olavs, "2026-03-27", "2026-03-31"},
        SweepCase{"autumn", &test::st_olavs, "2026-10-23", "2026-10-27"},
        SweepCase{"christmas", &test::st_olavs, "2026-12-20", "2027-01-03"},
        SweepCase{"override", &test::st_olavs, "2027-02-14", "2027-02-17"},
        SweepCase{"roster_ends", &test::st_olavs, "2028-01-01", "2028-01-05"},
        SweepCase{"easter_week", &test::hnt, "2027-03-20", "2027-03-30"},
        SweepCase{"new_year", &test::hnt, "2026-12-22", "2027-01-03"},
        SweepCase{"night_window", &test::small_site, "2027-01-14", "2027-01-30"},
        SweepCase{"boundary_in_skipped_hour", &test::dst_site, "2026-03-28", "2026-03-30"},
        SweepCase{"boundary_in_repeated_hour", &test::dst_site, "2026-10-24", "2026-10-26"}),
    [](const auto& tc) { return std::string(tc.param.name); });

TEST(Sweep, SpringForwardSundayIsShorterAndSaysSo) {
  const auto& s = test::st_olavs();
  const auto d = select_desks(s, "73553888", "medisin").value();
  const Span span = days("2026-03-29", "2026-03-29");
  const auto rows = sweep(d, span.from, span.to);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(state_of(rows[0].plan), LineState::closed);
  EXPECT_EQ(rows[0].end - rows[0].start, std::chrono::hours{9});  // 00:00-10:00 local, 9 real hours
  EXPECT_EQ(clock_note(rows[0]), "clocks go forward 02:00 -> 03:00 (a 23-hour day)");
  EXPECT_EQ(state_of(rows[1].plan), LineState::open);
  EXPECT_EQ(rows[1].start, test::at("2026-03-29T10:00"));
  EXPECT_EQ(rows[1].end - rows[1].start, std::chrono::hours{8});
  EXPECT_EQ(rows[1].plan.day_type, DayType::sunday);
}

TEST(Sweep, FallBackSundayIsLongerAndSaysSo) {
  const auto& s = test::st_olavs();
  const auto d = select_desks(s, "73553888", "medisin").value();
  const Span span = days("2026-10-25", "2026-10-25");
  EXPECT_EQ(span.to - span.from, std::chrono::hours{25});
  const auto rows = sweep(d, span.from, span.to);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(state_of(rows[0].plan), LineState::closed);
  EXPECT_EQ(rows[0].end - rows[0].start, std::chrono::hours{11});  // 00:00-10:00 local
  EXPECT_EQ(clock_note(rows[0]), "clocks go back 03:00 -> 02:00 (a 25-hour day)");
  EXPECT_EQ(state_of(rows[1].plan), LineState::open);
  EXPECT_EQ(format_utc(rows[1].start), "2026-10-25T09:00:00Z");  // 10:00 CET
  EXPECT_EQ(format_utc(rows[1].end), "2026-10-25T17:00:00Z");
  EXPECT_EQ(rows[1].plan.day_type, DayType::sunday);
  EXPECT_EQ(clock_note(rows[1]), "");
  EXPECT_EQ(rows[2].end - rows[2].start, std::chrono::hours{6});  // 18:00-24:00 local
}

// A Saturday night window ending at 02:30 and a Sunday window starting there, with one person on
// duty throughout, so only the kind of day changes at 02:30 (tests/sim/data/dst-site.json).
struct ExpectedRow {
  const char* from_utc;
  const char* to_utc;
  LineState state;
  DayType day_type;
  const char* window;
};

struct ClockChangeSunday {
  const char* name;
  const char* day;
  std::chrono::hours length;
  std::vector<ExpectedRow> rows;
  friend void PrintTo(const ClockChangeSunday& c, std::ostream* os) { *os << c.name; }
};

class SweepOnAClockChangeSunday : public ::testing::TestWithParam<ClockChangeSunday> {};

TEST_P(SweepOnAClockChangeSunday, RowsFollowTheWallClock) {
  const ClockChangeSunday& c = GetParam();
  const auto d = select_desks(test::dst_site(), "", "").value();
  const Span span = days(c.day, c.day);
  EXPECT_EQ(span.to - span.from, c.length);
  const auto rows = sweep(d, span.from, span.to);
  ASSERT_EQ(rows.size(), c.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ExpectedRow& e = c.rows[i];
    const RoutePlan& p = rows[i].plan;
    EXPECT_EQ(format_utc(rows[i].start), e.from_utc) << "row " << i;
    EXPECT_EQ(format_utc(rows[i].end), e.to_utc) << "row " << i;
    EXPECT_EQ(state_of(p), e.state) << "row " << i;
    EXPECT_EQ(p.day_type, e.day_type) << "row " << i;
    EXPECT_EQ(p.window ? format_window(*p.window) : "", e.window) << "row " << i;
    // The change falls on a row boundary, so it is inside no row.
    EXPECT_EQ(clock_note(rows[i]), "") << "row " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Oslo, SweepOnAClockChangeSunday,
    ::testing::Values(
        // 02:30 does not exist: at 03:00 CEST (01:00Z) the Saturday window has ended and the
        // Sunday window has begun.
        ClockChangeSunday{"spring",
                          "2026-03-29",
                          std::chrono::hours{23},
                          {{"2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z", LineState::open,
                            DayType::saturday, "22:00-02:30"},
                           {"2026-03-29T01:00:00Z", "2026-03-29T10:00:00Z", LineState::open,
                            DayType::sunday, "02:30-12:00"},
                           {"2026-03-29T10:00:00Z", "2026-03-29T22:00:00Z", LineState::closed,
                            DayType::sunday, ""}}},
        // The wall clock shows 02:00-02:30 twice, in the Saturday window both times (00:00Z CEST
        // and 01:00Z CET), and twice the Sunday window begins at 02:30.
        ClockChangeSunday{"autumn",
                          "2026-10-25",
                          std::chrono::hours{25},
                          {{"2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z", LineState::open,
                            DayType::saturday, "22:00-02:30"},
                           {"2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", LineState::open,
                            DayType::sunday, "02:30-12:00"},
                           {"2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", LineState::open,
                            DayType::saturday, "22:00-02:30"},
                           {"2026-10-25T01:30:00Z", "2026-10-25T11:00:00Z", LineState::open,
                            DayType::sunday, "02:30-12:00"},
                           {"2026-10-25T11:00:00Z", "2026-10-25T23:00:00Z", LineState::closed,
                            DayType::sunday, ""}}}),
    [](const auto& tc) { return std::string(tc.param.name); });

TEST(Sweep, HolidayAndSpecialDaysAreRowsOfTheirOwn) {
  const auto& s = test::st_olavs();
  const auto d = select_desks(s, "73553888", "kardiologi").value();
  const Span span = days("2026-12-23", "2026-12-26");
  const auto rows = sweep(d, span.from, span.to);
  // Wednesday: closed, open 08-20, closed; then Julaften, 1. and 2. juledag closed all day, one
  // row each although the desk stays closed throughout.
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(day_text(rows[3].plan), "special: Julaften (holiday hours)");
  EXPECT_EQ(day_text(rows[4].plan), "holiday: 1. juledag");
  EXPECT_EQ(day_text(rows[5].plan), "holiday: 2. juledag");
  for (std::size_t i = 3; i < 6; ++i) EXPECT_EQ(state_of(rows[i].plan), LineState::closed);
}

TEST(Sweep, RowsNameFirstBackupAndFallback) {
  const auto& s = test::st_olavs();
  const auto d = select_desks(s, "73553888", "medisin").value();
  const Span span = days("2026-12-01", "2026-12-01");
  const auto rows = sweep(d, span.from, span.to);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].start, test::at("2026-12-01T08:00"));
  EXPECT_EQ(rows[1].end, test::at("2026-12-01T23:00"));
  EXPECT_EQ(first_text(rows[1].plan),
            "Vakthavende overlege AMM: Overlege Nils Gran <sip:4106@pbx.stolav.example> 25 s");
  EXPECT_EQ(backup_text(rows[1].plan),
            "Bakvakt AMM: Overlege Lars Sand <sip:4112@pbx.stolav.example> 20 s");
  EXPECT_EQ(rows[1].plan.fallback->name, "Sentralbord St. Olavs hospital");
  EXPECT_EQ(first_text(rows[0].plan), "");
}

TEST(Sweep, SelectDesksNamesWhatExists) {
  const auto& s = test::st_olavs();
  EXPECT_EQ(select_desks(s, "", "").value().size(), 5u);
  EXPECT_EQ(select_desks(s, "", "gastro").value().size(), 1u);
  EXPECT_EQ(select_desks(s, "999", "").error(), "no line with number '999' (lines: 73553888)");
  EXPECT_EQ(select_desks(s, "73553888", "x").error(),
            "line 73553888 has no desk 'x' (desks: medisin, kirurgi, kardiologi, gastro, lunge)");
}

}  // namespace
}  // namespace samtel::sim
