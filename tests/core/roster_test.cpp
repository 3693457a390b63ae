// Who is on duty: patterns, one-off shifts, overrides and swaps, and their precedence.
#include "samtel/roster.hpp"

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::base_site;
using test::day;
using test::json;
using test::must_parse;

// Who holds `role` (0 primary, 1 backup) of the site's first rota at local time `t` ("-" nobody).
std::string who(const Site& site, std::size_t role, std::string_view t) {
  const auto d = site.rotas.at(0).on_duty(role, at(t));
  return d ? site.people[d->person].id : std::string("-");
}

json shift(const char* role, const char* person, const char* start, const char* end) {
  return {{"role", role}, {"person", person}, {"start", start}, {"end", end}};
}

json override_(const char* role, const char* person, const char* start, const char* end) {
  return {{"role", role}, {"person", person}, {"start", start}, {"end", end}};
}

// ---------------------------------------------------------------------------------------------
// DutyPattern arithmetic

TEST(DutyPattern, OccurrenceArithmetic) {
  DutyPattern p;
  p.from = day("2026-01-05");
  p.handover = 480;
  p.period_days = 7;
  p.rotation = {0, 1, 2};
  EXPECT_EQ(p.occurrence_start(0), LocalSeconds{day("2026-01-05")} + 8h);
  EXPECT_EQ(p.occurrence_start(3), LocalSeconds{day("2026-01-26")} + 8h);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-05")} + 8h - 1s), std::nullopt);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-05")} + 8h), 0);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-12")} + 8h - 1s), 0);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-12")} + 8h), 1);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2036-01-12")} + 8h), 522);
  EXPECT_EQ(p.occurrence_count(), std::nullopt);

  p.until = day("2026-01-20");  // a Tuesday: the third occurrence is cut short
  EXPECT_EQ(p.occurrence_count(), 3);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-20")} + 8h - 1s), 2);
  EXPECT_EQ(p.occurrence_at(LocalSeconds{day("2026-01-20")} + 8h), std::nullopt);
  p.until = day("2026-01-26");
  EXPECT_EQ(p.occurrence_count(), 3);
  p.until = day("2026-01-27");
  EXPECT_EQ(p.occurrence_count(), 4);

  DutyPattern daily;
  daily.from = day("2026-01-05");
  daily.handover = 510;
  daily.period_days = 1;
  daily.until = day("2026-01-08");
  EXPECT_EQ(daily.occurrence_count(), 3);
  EXPECT_EQ(daily.occurrence_at(LocalSeconds{day("2026-01-07")} + 8h + 29min), 1);
  EXPECT_EQ(daily.occurrence_at(LocalSeconds{day("2026-01-07")} + 8h + 30min), 2);
}

// ---------------------------------------------------------------------------------------------
// Patterns through the loaded roster

TEST(Patterns, WeeklyRotationOrder) {
  const Site site = must_parse(base_site());
  // Weekly from Monday 2026-01-05 08:00: primary a, b, c, a, ...; backup d, e, d, ...
  const char* primary[] = {"a", "b", "c", "a", "b", "c", "a", "b"};
  const char* backup[] = {"d", "e", "d", "e", "d", "e", "d", "e"};
  for (int week = 0; week < 8; ++week) {
    // Wednesday noon of each week.
    const LocalDays wed = day("2026-01-07") + date::days{7 * week};
    const std::string t = format_date(date::year_month_day{wed}) + "T12:00";
    EXPECT_EQ(who(site, 0, t), primary[week]) << t;
    EXPECT_EQ(who(site, 1, t), backup[week]) << t;
  }
  // Before the first occurrence nobody is on duty.
  EXPECT_EQ(who(site, 0, "2026-01-05T07:59:59"), "-");
  EXPECT_EQ(who(site, 0, "2026-01-05T08:00:00"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-12T07:59:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-12T08:00:00"), "b");
  // Unbounded: still rotating ten years on (occurrence 522 from 2036-01-07: 522 % 3 == 0).
  EXPECT_EQ(who(site, 0, "2036-01-09T12:00"), "a");
  EXPECT_EQ(who(site, 0, "2036-01-16T12:00"), "b");
  const auto d = site.rotas[0].on_duty(0, at("2026-01-14T12:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, DutySource::pattern);
  EXPECT_EQ(d->start, at("2026-01-12T08:00"));
  EXPECT_EQ(d->end, at("2026-01-19T08:00"));
  EXPECT_FALSE(d->address);
}

TEST(Patterns, DailyRotationAndExclusiveUntil) {
  json j = base_site();
  j["rotas"][0]["patterns"] = {{{"role", "primary"},
                                {"from", "2026-02-02"},
                                {"until", "2026-02-06"},
                                {"handover", "08:30"},
                                {"period_days", 1},
                                {"rotation", {"a", "b", "c"}}},
                               {{"role", "primary"},
                                {"from", "2026-02-09"},
                                {"handover", "07:00"},
                                {"period_days", 7},
                                {"rotation", {"f"}}}};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-02-02T08:29:59"), "-");
  EXPECT_EQ(who(site, 0, "2026-02-02T08:30:00"), "a");
  EXPECT_EQ(who(site, 0, "2026-02-03T08:29:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-02-03T08:30:00"), "b");
  EXPECT_EQ(who(site, 0, "2026-02-04T12:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-02-05T12:00"), "a");
  // until 2026-02-06 is exclusive at the handover time.
  EXPECT_EQ(who(site, 0, "2026-02-06T08:29:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-02-06T08:30:00"), "-");
  EXPECT_EQ(who(site, 0, "2026-02-08T12:00"), "-");
  // The next pattern of the same role takes over on its own date and time.
  EXPECT_EQ(who(site, 0, "2026-02-09T06:59:59"), "-");
  EXPECT_EQ(who(site, 0, "2026-02-09T07:00:00"), "f");
  EXPECT_EQ(who(site, 0, "2027-02-09T07:00:00"), "f");
  // Backup has no pattern now: nobody.
  EXPECT_EQ(who(site, 1, "2026-02-04T12:00"), "-");
  const auto last = site.rotas[0].on_duty(0, at("2026-02-05T12:00"));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->end, at("2026-02-06T08:30"));
}

TEST(Patterns, UntilNotOnAHandoverDayCutsTheLastOccurrenceShort) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["until"] = "2026-01-21";  // a Wednesday
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-01-21T07:59:59"), "c");
  EXPECT_EQ(who(site, 0, "2026-01-21T08:00:00"), "-");
  const auto d = site.rotas[0].on_duty(0, at("2026-01-20T12:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->start, at("2026-01-19T08:00"));
  EXPECT_EQ(d->end, at("2026-01-21T08:00"));
}

// ---------------------------------------------------------------------------------------------
// Shifts, overrides and their precedence

TEST(Shifts, OneOffShiftBeatsThePattern) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {shift("primary", "f", "2026-02-10T12:00", "2026-02-10T20:00")};
  const Site site = must_parse(j);
  // Week of 2026-02-09 (week 5): c is primary.
  EXPECT_EQ(who(site, 0, "2026-02-10T11:59:59"), "c");
  EXPECT_EQ(who(site, 0, "2026-02-10T12:00:00"), "f");
  EXPECT_EQ(who(site, 0, "2026-02-10T19:59:59"), "f");
  EXPECT_EQ(who(site, 0, "2026-02-10T20:00:00"), "c");
  EXPECT_EQ(who(site, 1, "2026-02-10T13:00"), "e");  // other roles unaffected
  const auto d = site.rotas[0].on_duty(0, at("2026-02-10T13:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, DutySource::shift);
  EXPECT_EQ(d->start, at("2026-02-10T12:00"));
  EXPECT_EQ(d->end, at("2026-02-10T20:00"));
  EXPECT_FALSE(d->address);
}

TEST(Shifts, OverlappingShiftsTheEarliestStartWins) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {shift("primary", "e", "2026-02-10T12:00", "2026-02-10T14:00"),
                             shift("primary", "f", "2026-02-10T10:00", "2026-02-10T18:00"),
                             shift("primary", "d", "2026-02-11T10:00", "2026-02-11T12:00"),
                             shift("primary", "e", "2026-02-11T10:00", "2026-02-11T12:00"),
                             // A long one far back must still be found.
                             shift("backup", "a", "2026-03-01T00:00", "2026-03-31T00:00"),
                             shift("backup", "b", "2026-03-10T00:00", "2026-03-11T00:00")};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-02-10T11:00"), "f");
  EXPECT_EQ(who(site, 0, "2026-02-10T13:00"), "f");
  EXPECT_EQ(who(site, 0, "2026-02-10T17:00"), "f");
  // Equal starts: the one given first in the file.
  EXPECT_EQ(who(site, 0, "2026-02-11T11:00"), "d");
  EXPECT_EQ(who(site, 1, "2026-03-10T12:00"), "a");
  EXPECT_EQ(who(site, 1, "2026-03-30T23:59:59"), "a");
  EXPECT_EQ(who(site, 1, "2026-03-31T00:00"), "d");  // pattern (week 12: d)
}

TEST(Shifts, ShiftAddressLabelChoosesTheAddress) {
  json j = base_site();
  json s = shift("backup", "e", "2026-02-10T12:00", "2026-02-10T20:00");
  s["address"] = "dect";
  j["rotas"][0]["shifts"] = {s};
  const Site site = must_parse(j);
  const auto d = site.rotas[0].on_duty(1, at("2026-02-10T13:00"));
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->address);
  EXPECT_EQ(*d->address, 1u);
  EXPECT_EQ(site.people[d->person].addresses[*d->address].uri, test::dect(5));
}

TEST(Overrides, BeatShiftsAndPatterns) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {shift("primary", "f", "2026-02-10T12:00", "2026-02-10T20:00")};
  j["rotas"][0]["overrides"] = {override_("primary", "d", "2026-02-10T13:00", "2026-02-10T15:00"),
                                override_("primary", "e", "2026-02-10T07:00", "2026-02-10T09:00")};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-02-10T06:59:59"), "c");
  EXPECT_EQ(who(site, 0, "2026-02-10T07:00:00"), "e");  // over the pattern
  EXPECT_EQ(who(site, 0, "2026-02-10T09:00:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-02-10T12:30:00"), "f");
  EXPECT_EQ(who(site, 0, "2026-02-10T13:00:00"), "d");  // over the shift
  EXPECT_EQ(who(site, 0, "2026-02-10T14:59:59"), "d");
  EXPECT_EQ(who(site, 0, "2026-02-10T15:00:00"), "f");
  const auto d = site.rotas[0].on_duty(0, at("2026-02-10T14:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, DutySource::override_);
  EXPECT_EQ(d->start, at("2026-02-10T13:00"));
  EXPECT_EQ(d->end, at("2026-02-10T15:00"));
  // base_on_duty ignores overrides.
  const auto base = site.rotas[0].base_on_duty(0, at("2026-02-10T14:00"));
  ASSERT_TRUE(base);
  EXPECT_EQ(site.people[base->person].id, "f");
  EXPECT_EQ(base->source, DutySource::shift);
}

TEST(Overrides, CoverARoleWithNobodyOnDuty) {
  json j = base_site();
  j["rotas"][0]["patterns"][1]["until"] = "2026-02-02";
  j["rotas"][0]["overrides"] = {override_("backup", "f", "2026-02-03T00:00", "2026-02-04T00:00")};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 1, "2026-02-02T12:00"), "-");
  EXPECT_EQ(who(site, 1, "2026-02-03T12:00"), "f");
  EXPECT_EQ(who(site, 1, "2026-02-04T12:00"), "-");
}

TEST(Overrides, ReplacesAppliesOnlyWhileThatPersonIsOnDutyInThatRole) {
  json j = base_site();
  json o = override_("primary", "f", "2026-01-12T00:00", "2026-01-26T00:00");
  o["replaces"] = "b";
  j["rotas"][0]["overrides"] = {o};
  const Site site = must_parse(j);
  // b is primary from 2026-01-12 08:00 to 2026-01-19 08:00.
  EXPECT_EQ(who(site, 0, "2026-01-12T07:59:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-12T08:00:00"), "f");
  EXPECT_EQ(who(site, 0, "2026-01-19T07:59:59"), "f");
  EXPECT_EQ(who(site, 0, "2026-01-19T08:00:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-01-25T23:59:59"), "c");
  // Not in another role, and not for b's next week after the override ends.
  EXPECT_EQ(who(site, 1, "2026-01-14T12:00"), "e");
  EXPECT_EQ(who(site, 0, "2026-02-04T12:00"), "b");
}

TEST(Overrides, ReplacesFollowsAPersonOnAShift) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {shift("backup", "b", "2026-01-07T10:00", "2026-01-07T14:00")};
  json o = override_("backup", "f", "2026-01-07T00:00", "2026-01-08T00:00");
  o["replaces"] = "b";
  j["rotas"][0]["overrides"] = {o};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 1, "2026-01-07T09:59:59"), "d");
  EXPECT_EQ(who(site, 1, "2026-01-07T10:00:00"), "f");
  EXPECT_EQ(who(site, 1, "2026-01-07T13:59:59"), "f");
  EXPECT_EQ(who(site, 1, "2026-01-07T14:00:00"), "d");
}

TEST(Overrides, SeveralCoveringTheEarliestApplicableStartWins) {
  json j = base_site();
  json replaces_b = override_("primary", "e", "2026-01-13T00:00", "2026-01-14T00:00");
  replaces_b["replaces"] = "b";
  json replaces_a = override_("primary", "d", "2026-01-12T00:00", "2026-01-15T00:00");
  replaces_a["replaces"] = "a";  // a is not on duty that week: never applies
  j["rotas"][0]["overrides"] = {replaces_b, replaces_a,
                                override_("primary", "f", "2026-01-13T12:00", "2026-01-13T13:00")};
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-01-12T12:00"), "b");
  EXPECT_EQ(who(site, 0, "2026-01-13T11:00"), "e");
  EXPECT_EQ(who(site, 0, "2026-01-13T12:30"), "e");  // e's override started earlier than f's
  EXPECT_EQ(who(site, 0, "2026-01-14T12:00"), "b");
}

TEST(Overrides, ManyCoveringTheSameInstantTheEarliestStillWins) {
  json j = base_site();
  json list = json::array();
  // Twenty overrides covering 2026-02-10 12:00, starting a minute apart from midnight.
  for (int i = 0; i < 20; ++i) {
    char start[32];
    std::snprintf(start, sizeof start, "2026-02-10T00:%02d", i);
    list.push_back(override_("primary", i % 2 == 0 ? "e" : "f", start, "2026-02-11T00:00"));
  }
  list[0]["person"] = "d";
  j["rotas"][0]["overrides"] = list;
  const Site site = must_parse(j);
  EXPECT_EQ(who(site, 0, "2026-02-10T12:00"), "d");
  EXPECT_EQ(site.rotas[0].on_duty(0, at("2026-02-10T12:00"))->start, at("2026-02-10T00:00"));
  EXPECT_EQ(who(site, 0, "2026-02-10T00:00:30"), "d");
  // With the first one replacing someone who is not on duty, the second applies.
  j["rotas"][0]["overrides"][0]["replaces"] = "a";
  const Site second = must_parse(j);
  EXPECT_EQ(who(second, 0, "2026-02-10T12:00"), "f");
  EXPECT_EQ(second.rotas[0].on_duty(0, at("2026-02-10T12:00"))->start, at("2026-02-10T00:01"));
}

// ---------------------------------------------------------------------------------------------
// Swaps

TEST(Swaps, StayAttachedToTheSwappedOccurrences) {
  json j = base_site();
  j["rotas"][0]["swaps"] = {
      {{"role", "primary"}, {"occurrences", {"2026-01-12T08:00", "2026-01-26T08:00"}}}};
  const Site site = must_parse(j);
  ASSERT_EQ(site.rotas[0].swaps.size(), 1u);
  EXPECT_EQ(site.rotas[0].swaps[0].first, 1);
  EXPECT_EQ(site.rotas[0].swaps[0].second, 3);
  // Week 1 (b) and week 3 (a) exchange people; week 2 and all other weeks are unchanged.
  EXPECT_EQ(who(site, 0, "2026-01-07T12:00"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-12T07:59:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-12T08:00:00"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-19T07:59:59"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-19T08:00:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-01-26T08:00:00"), "b");
  EXPECT_EQ(who(site, 0, "2026-02-02T07:59:59"), "b");
  EXPECT_EQ(who(site, 0, "2026-02-02T08:00:00"), "b");  // week 4 is b's anyway
  EXPECT_EQ(who(site, 0, "2026-02-09T12:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-02-16T12:00"), "a");
  EXPECT_EQ(who(site, 0, "2027-01-13T12:00"), "c");  // week 53
  // Backup is a different role: untouched.
  EXPECT_EQ(who(site, 1, "2026-01-14T12:00"), "e");
  const auto d = site.rotas[0].on_duty(0, at("2026-01-14T12:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, DutySource::swap);
  EXPECT_EQ(d->start, at("2026-01-12T08:00"));
  EXPECT_EQ(d->end, at("2026-01-19T08:00"));
  EXPECT_EQ(site.rotas[0].on_duty(0, at("2026-01-21T12:00"))->source, DutySource::pattern);
}

TEST(Swaps, OverrideThatReplacesAPersonFollowsTheSwap) {
  json j = base_site();
  j["rotas"][0]["swaps"] = {
      {{"role", "primary"}, {"occurrences", {"2026-01-12T08:00", "2026-01-26T08:00"}}}};
  json o = override_("primary", "f", "2026-01-12T08:00", "2026-02-02T08:00");
  o["replaces"] = "b";
  j["rotas"][0]["overrides"] = {o};
  const Site site = must_parse(j);
  // After the swap b is on duty in week 3, not week 1: the override applies in week 3 only.
  EXPECT_EQ(who(site, 0, "2026-01-14T12:00"), "a");
  EXPECT_EQ(who(site, 0, "2026-01-21T12:00"), "c");
  EXPECT_EQ(who(site, 0, "2026-01-28T12:00"), "f");
}

TEST(Swaps, BetweenDailyOccurrences) {
  json j = base_site();
  j["rotas"][0]["patterns"][1] = {{"role", "backup"},
                                  {"from", "2026-03-02"},
                                  {"handover", "16:00"},
                                  {"period_days", 1},
                                  {"rotation", {"d", "e", "f"}}};
  j["rotas"][0]["swaps"] = {
      {{"role", "backup"}, {"occurrences", {"2026-03-03 16:00", "2026-03-07T16:00:00"}}}};
  const Site site = must_parse(j);
  // Days: 02 d, 03 e, 04 f, 05 d, 06 e, 07 f -> 03 and 07 exchanged: 03 f, 07 e.
  EXPECT_EQ(who(site, 1, "2026-03-03T15:59:59"), "d");
  EXPECT_EQ(who(site, 1, "2026-03-03T16:00:00"), "f");
  EXPECT_EQ(who(site, 1, "2026-03-04T16:00:00"), "f");
  EXPECT_EQ(who(site, 1, "2026-03-06T20:00"), "e");
  EXPECT_EQ(who(site, 1, "2026-03-07T20:00"), "e");
  EXPECT_EQ(who(site, 1, "2026-03-08T20:00"), "d");
}

// ---------------------------------------------------------------------------------------------
// Change points

TEST(ChangePoints, PatternHandoversShiftsAndOverrides) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["until"] = "2026-02-02";
  j["rotas"][0]["patterns"][1]["until"] = "2026-01-19";
  j["rotas"][0]["shifts"] = {shift("primary", "f", "2026-01-20T12:00", "2026-01-20T20:00")};
  j["rotas"][0]["overrides"] = {override_("backup", "f", "2026-01-21T06:00", "2026-01-21T09:00")};
  const Site site = must_parse(j);
  std::vector<Instant> points;
  site.rotas[0].change_points(at("2026-01-10T00:00"), at("2026-03-01T00:00"), points);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<std::string> text;
  for (Instant t : points) text.push_back(format_rfc3339(test::oslo(), t));
  const std::vector<std::string> expected = {
      "2026-01-12T08:00:00+01:00", "2026-01-19T08:00:00+01:00", "2026-01-20T12:00:00+01:00",
      "2026-01-20T20:00:00+01:00", "2026-01-21T06:00:00+01:00", "2026-01-21T09:00:00+01:00",
      "2026-01-26T08:00:00+01:00", "2026-02-02T08:00:00+01:00",
  };
  EXPECT_EQ(text, expected);
}

}  // namespace
}  // namespace samtel
