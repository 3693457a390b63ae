// timeline() and analyse_coverage(): segments, coverage gaps and overlapping assignments.
#include "samtel/coverage.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::base_site;
using test::json;
using test::must_parse;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Timeline, StOlavsEveryDeskOverTwoYears) {
  const Site site = test::load_example("st-olavs.json");
  const Line& line = site.lines[0];
  for (const Desk& desk : line.desks) {
    test::check_timeline(site, line, desk, at("2025-12-20T00:00"), at("2028-01-10T00:00"), 3000);
  }
}

TEST(Timeline, HelseNordTrondelagEveryDesk) {
  const Site site = test::load_example("helse-nord-trondelag.json");
  for (const Line& line : site.lines) {
    for (const Desk& desk : line.desks) {
      test::check_timeline(site, line, desk, at("2026-01-01T00:00"), at("2027-03-01T00:00"), 3000);
    }
  }
}

TEST(Timeline, OddBoundsAreCoveredExactly) {
  const Site site = test::load_example("st-olavs.json");
  const Line& line = site.lines[0];
  const Desk& desk = line.desks[0];
  // Bounds in the middle of segments, one second long, and across a DST change.
  test::check_timeline(site, line, desk, at("2026-06-09T12:34:56"), at("2026-06-09T12:34:57"), 1);
  test::check_timeline(site, line, desk, at("2026-03-28T17:59:59"), at("2026-03-30T08:00:01"), 500);
  test::check_timeline(site, line, desk, at("2026-10-24T03:00"), at("2026-10-27T03:00"), 500);
  const auto one = timeline(site, line, desk, at("2026-06-09T12:34:56"), at("2026-06-09T12:34:57"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_TRUE(one[0].plan.open);
  EXPECT_TRUE(timeline(site, line, desk, at("2026-06-09T12:00"), at("2026-06-09T12:00")).empty());
  EXPECT_TRUE(timeline(site, line, desk, at("2026-06-09T13:00"), at("2026-06-09T12:00")).empty());
}

TEST(Timeline, SegmentsOfAnOrdinaryMonday) {
  const Site site = test::load_example("st-olavs.json");
  const Line& line = site.lines[0];
  // Monday 2026-06-08: closed until 08:00, when the line opens and the new week's people take
  // over together; open until 23:00.
  const auto s =
      timeline(site, line, line.desks[0], at("2026-06-08T00:00"), at("2026-06-09T00:00"));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_FALSE(s[0].plan.open);
  EXPECT_EQ(format_utc(s[0].end), "2026-06-08T06:00:00Z");
  EXPECT_TRUE(s[1].plan.open);
  EXPECT_EQ(format_utc(s[1].end), "2026-06-08T21:00:00Z");
  EXPECT_EQ(test::attempt_ids(s[1].plan), (std::vector<std::string>{"fjeld", "ruud"}));  // week 22
  EXPECT_FALSE(s[2].plan.open);
}

TEST(Timeline, AFinerRuleSplitsWhereOnlyTheKindOfDayChanges) {
  const Site site = test::load_example("st-olavs.json");
  const Line& line = site.lines[0];
  // The weekend desk hours are 10:00-18:00: closed from Saturday 18:00 CEST to Sunday 10:00 CET,
  // across the autumn change.
  const Instant from = at("2026-10-24T12:00");
  const Instant to = at("2026-10-25T12:00");
  const auto by_decision = timeline(site, line, line.desks[0], from, to);
  ASSERT_EQ(by_decision.size(), 3u);
  EXPECT_EQ(format_utc(by_decision[1].start), "2026-10-24T16:00:00Z");
  EXPECT_EQ(format_utc(by_decision[1].end), "2026-10-25T09:00:00Z");
  const auto by_day =
      timeline(site, line, line.desks[0], from, to, [](const RoutePlan& a, const RoutePlan& b) {
        return a.same_decision(b) && a.day_type == b.day_type;
      });
  ASSERT_EQ(by_day.size(), 4u);
  EXPECT_EQ(by_day[1].plan.day_type, DayType::saturday);
  EXPECT_EQ(format_utc(by_day[2].start), "2026-10-24T22:00:00Z");  // Sunday 00:00 CEST
  EXPECT_EQ(format_utc(by_day[2].end), "2026-10-25T09:00:00Z");
  EXPECT_EQ(by_day[2].plan.day_type, DayType::sunday);
}

TEST(Timeline, HandoverInsideAnOpenWindowSplitsIt) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["handover"] = "12:00";
  const Site site = must_parse(j);
  const Line& line = site.lines[0];
  const auto s =
      timeline(site, line, line.desks[0], at("2026-01-12T00:00"), at("2026-01-13T00:00"));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_FALSE(s[0].plan.open);
  EXPECT_EQ(s[1].start, at("2026-01-12T08:00"));
  EXPECT_EQ(test::attempt_ids(s[1].plan),
            (std::vector<std::string>{"a", "e"}));  // backup changed at 08:00
  EXPECT_EQ(s[2].start, at("2026-01-12T12:00"));
  EXPECT_EQ(test::attempt_ids(s[2].plan), (std::vector<std::string>{"b", "e"}));
  EXPECT_EQ(s[3].start, at("2026-01-12T23:00"));
  EXPECT_FALSE(s[3].plan.open);
  // 2026-01-11 is a Sunday: closed from 18:00 until Monday 08:00. The timeline starts at midnight.
  EXPECT_EQ(s[0].start, at("2026-01-12T00:00"));
  EXPECT_EQ(s[0].end, at("2026-01-12T08:00"));
  test::check_timeline(site, line, line.desks[0], at("2026-01-01T00:00"), at("2026-04-01T00:00"),
                       2000);
}

TEST(Timeline, ShiftsOverridesAndSwapsInsideWindows) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {{{"role", "primary"},
                              {"person", "f"},
                              {"start", "2026-01-07T09:15"},
                              {"end", "2026-01-07T10:45"}}};
  j["rotas"][0]["overrides"] = {{{"role", "backup"},
                                 {"person", "c"},
                                 {"start", "2026-01-07T10:00"},
                                 {"end", "2026-01-07T11:00"},
                                 {"replaces", "d"}}};
  j["rotas"][0]["swaps"] = {
      {{"role", "primary"}, {"occurrences", {"2026-01-12T08:00", "2026-01-19T08:00"}}}};
  const Site site = must_parse(j);
  const Line& line = site.lines[0];
  const auto s =
      timeline(site, line, line.desks[0], at("2026-01-07T08:00"), at("2026-01-07T12:00"));
  std::vector<std::string> text;
  for (const Segment& seg : s) {
    std::string ids;
    for (const auto& id : test::attempt_ids(seg.plan)) ids += id;
    text.push_back(format_rfc3339(test::oslo(), seg.start).substr(11, 5) + " " + ids);
  }
  EXPECT_EQ(text,
            (std::vector<std::string>{"08:00 ad", "09:15 fd", "10:00 fc", "10:45 ac", "11:00 ad"}));
  test::check_timeline(site, line, line.desks[0], at("2026-01-01T00:00"), at("2026-02-01T00:00"),
                       2000);
}

// ---------------------------------------------------------------------------------------------
// analyse_coverage

TEST(Coverage, GapsHaveExactBounds) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["until"] = "2026-03-02";
  j["rotas"][0]["patterns"][1]["until"] = "2026-03-02";
  j["rotas"][0]["shifts"] = {{{"role", "backup"},
                              {"person", "f"},
                              {"start", "2026-03-02T12:00"},
                              {"end", "2026-03-02T14:00"}}};
  const Site site = must_parse(j);
  const auto report = analyse_coverage(site, at("2026-03-01T00:00"), at("2026-03-04T00:00"));
  std::vector<std::pair<std::string, std::string>> gaps;
  for (const CoverageGap& g : report.gaps) {
    EXPECT_EQ(g.line, &site.lines[0]);
    EXPECT_EQ(g.desk, &site.lines[0].desks[0]);
    gaps.emplace_back(format_utc(g.start), format_utc(g.end));
  }
  // Sunday 1 March is covered (the patterns end Monday 08:00); Monday 08:00-23:00 is a gap except
  // while the backup's one-off shift runs; Tuesday 08:00-23:00 is a gap.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"2026-03-02T07:00:00Z", "2026-03-02T11:00:00Z"},
      {"2026-03-02T13:00:00Z", "2026-03-02T22:00:00Z"},
      {"2026-03-03T07:00:00Z", "2026-03-03T22:00:00Z"},
  };
  EXPECT_EQ(gaps, expected);
  EXPECT_TRUE(report.overlaps.empty());
}

TEST(Coverage, GapsAreClippedToTheSpan) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["until"] = "2026-03-02";
  j["rotas"][0]["patterns"][1]["until"] = "2026-03-02";
  const Site site = must_parse(j);
  const auto report = analyse_coverage(site, at("2026-03-02T12:00"), at("2026-03-02T13:00"));
  ASSERT_EQ(report.gaps.size(), 1u);
  EXPECT_EQ(report.gaps[0].start, at("2026-03-02T12:00"));
  EXPECT_EQ(report.gaps[0].end, at("2026-03-02T13:00"));
}

TEST(Coverage, OverlappingShiftsOfTheSameRole) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {
      {{"role", "primary"},
       {"person", "f"},
       {"start", "2026-02-10T10:00"},
       {"end", "2026-02-10T18:00"}},
      {{"role", "primary"},
       {"person", "e"},
       {"start", "2026-02-10T16:00"},
       {"end", "2026-02-10T20:00"}},
      // Same time, other role: not an overlap of shifts (and e is backup anyway that week).
      {{"role", "backup"},
       {"person", "d"},
       {"start", "2026-02-10T10:00"},
       {"end", "2026-02-10T18:00"}}};
  const Site site = must_parse(j);
  const auto report = analyse_coverage(site, at("2026-02-09T00:00"), at("2026-02-12T00:00"));
  EXPECT_TRUE(report.gaps.empty());
  const AssignmentOverlap* shifts = nullptr;
  for (const AssignmentOverlap& o : report.overlaps) {
    if (contains(o.description, "shifts of")) {
      EXPECT_EQ(shifts, nullptr) << "reported twice: " << o.description;
      shifts = &o;
    }
  }
  ASSERT_NE(shifts, nullptr);
  EXPECT_EQ(format_utc(shifts->start), "2026-02-10T15:00:00Z");
  EXPECT_EQ(format_utc(shifts->end), "2026-02-10T17:00:00Z");
  EXPECT_TRUE(contains(shifts->description, "rota 'med'")) << shifts->description;
  EXPECT_TRUE(contains(shifts->description, "role 'primary'")) << shifts->description;
  EXPECT_TRUE(contains(shifts->description, "Lege F")) << shifts->description;
  EXPECT_TRUE(contains(shifts->description, "Lege E")) << shifts->description;
  // e is backup by rotation (week 5) except during d's backup shift (10-18), and primary from
  // 18:00 (until then f's earlier-starting shift wins) to 20:00: one person in two roles 18-20.
  bool two_roles = false;
  for (const AssignmentOverlap& o : report.overlaps) {
    if (contains(o.description,
                 "Lege E is on duty as 'Primærvakt' (rota 'med') and as 'Bakvakt' (rota 'med')")) {
      two_roles = true;
      EXPECT_EQ(format_utc(o.start), "2026-02-10T17:00:00Z");
      EXPECT_EQ(format_utc(o.end), "2026-02-10T19:00:00Z");
    }
  }
  EXPECT_TRUE(two_roles);
  // Sorted by start.
  for (std::size_t i = 1; i < report.overlaps.size(); ++i) {
    EXPECT_LE(report.overlaps[i - 1].start, report.overlaps[i].start);
  }
}

TEST(Coverage, OverlappingOverridesAndOnePersonInTwoRotas) {
  json j = base_site();
  j["rotas"][0]["overrides"] = {{{"role", "primary"},
                                 {"person", "f"},
                                 {"start", "2026-02-10T10:00"},
                                 {"end", "2026-02-10T18:00"}},
                                {{"role", "primary"},
                                 {"person", "e"},
                                 {"start", "2026-02-10T17:00"},
                                 {"end", "2026-02-10T20:00"}}};
  j["rotas"].push_back({{"id", "kir"},
                        {"name", "Kirurgi"},
                        {"roles", {{{"id", "primary"}, {"name", "Kirurgvakt"}}}},
                        {"shifts",
                         {{{"role", "primary"},
                           {"person", "a"},
                           {"start", "2026-02-16T06:00"},
                           {"end", "2026-02-16T10:00"}}}}});
  j["lines"][0]["desks"].push_back({{"id", "kir"}, {"name", "Kirurgi"}, {"rota", "kir"}});
  const Site site = must_parse(j);
  const auto report = analyse_coverage(site, at("2026-02-09T00:00"), at("2026-02-20T00:00"));
  std::vector<std::string> found;
  for (const AssignmentOverlap& o : report.overlaps) {
    found.push_back(format_utc(o.start) + " " + format_utc(o.end) + " " + o.description);
  }
  // The two overrides, 16:00Z-17:00Z.
  bool overrides = false, rotas = false;
  for (const AssignmentOverlap& o : report.overlaps) {
    if (contains(o.description, "overrides for Lege F and Lege E overlap")) {
      overrides = true;
      EXPECT_EQ(format_utc(o.start), "2026-02-10T16:00:00Z");
      EXPECT_EQ(format_utc(o.end), "2026-02-10T17:00:00Z");
    }
    // a is primary of 'med' from 2026-02-16 08:00 (week 6) and on the 'kir' shift until 10:00.
    if (contains(
            o.description,
            "Lege A is on duty as 'Primærvakt' (rota 'med') and as 'Kirurgvakt' (rota 'kir')")) {
      rotas = true;
      EXPECT_EQ(o.start, at("2026-02-16T08:00"));
      EXPECT_EQ(o.end, at("2026-02-16T10:00"));
    }
  }
  EXPECT_TRUE(overrides) << ::testing::PrintToString(found);
  EXPECT_TRUE(rotas) << ::testing::PrintToString(found);
  // The kir desk (open weekdays 08-23 from the line) has nobody outside the shift: gaps.
  std::size_t kir_gaps = 0;
  for (const CoverageGap& g : report.gaps) {
    if (g.desk->id == "kir") ++kir_gaps;
  }
  EXPECT_EQ(kir_gaps, 11u);  // 9..19 Feb: 11 open days (on 16 Feb only after the shift ends)
}

TEST(Coverage, StOlavsIsCoveredWhileTheRosterRuns) {
  const Site site = test::load_example("st-olavs.json");
  const auto covered = analyse_coverage(site, at("2026-01-05T08:00"), at("2028-01-03T08:00"));
  EXPECT_TRUE(covered.gaps.empty());
  std::vector<std::string> overlaps;
  for (const AssignmentOverlap& o : covered.overlaps) overlaps.push_back(o.description);
  EXPECT_TRUE(covered.overlaps.empty()) << ::testing::PrintToString(overlaps);
}

TEST(Coverage, StOlavsBeforeTheRosterStarts) {
  const Site site = test::load_example("st-olavs.json");
  const auto report = analyse_coverage(site, at("2026-01-01T00:00"), at("2026-01-05T08:00"));
  std::vector<std::string> gaps;
  for (const CoverageGap& g : report.gaps) {
    gaps.push_back(g.desk->id + " " + format_utc(g.start) + " " + format_utc(g.end));
  }
  // 1 Jan (holiday, 10-18), Friday 2 Jan (weekday), the weekend 3-4 Jan: medisin and kirurgi;
  // the specialist desks only on Friday (closed on holidays and weekends).
  const std::vector<std::string> expected = {
      "medisin 2026-01-01T09:00:00Z 2026-01-01T17:00:00Z",
      "medisin 2026-01-02T07:00:00Z 2026-01-02T22:00:00Z",
      "medisin 2026-01-03T09:00:00Z 2026-01-03T17:00:00Z",
      "medisin 2026-01-04T09:00:00Z 2026-01-04T17:00:00Z",
      "kirurgi 2026-01-01T09:00:00Z 2026-01-01T17:00:00Z",
      "kirurgi 2026-01-02T07:00:00Z 2026-01-02T22:00:00Z",
      "kirurgi 2026-01-03T09:00:00Z 2026-01-03T17:00:00Z",
      "kirurgi 2026-01-04T09:00:00Z 2026-01-04T17:00:00Z",
      "kardiologi 2026-01-02T07:00:00Z 2026-01-02T19:00:00Z",
      "gastro 2026-01-02T07:00:00Z 2026-01-02T17:00:00Z",
      "lunge 2026-01-02T07:00:00Z 2026-01-02T16:00:00Z",
  };
  EXPECT_EQ(gaps, expected);
  EXPECT_TRUE(report.overlaps.empty());
}

}  // namespace
}  // namespace samtel
