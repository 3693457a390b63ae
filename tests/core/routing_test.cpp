// route(): whom to ring, in what order, for how long, and what then.
#include "samtel/routing.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::attempt_ids;
using test::base_site;
using test::day;
using test::dect;
using test::json;
using test::mobile;
using test::must_parse;
using test::route_at;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Route, OpenRingsPrimaryThenBackup) {
  const Site site = must_parse(base_site());
  const Desk& desk = site.lines[0].desks[0];
  const Instant t = at("2026-01-07T12:00");
  const RoutePlan p = route_at(site, t);
  EXPECT_EQ(p.instant, t);
  EXPECT_EQ(p.local, LocalSeconds{day("2026-01-07")} + 12h);
  EXPECT_EQ(p.site, &site);
  EXPECT_EQ(p.line, &site.lines[0]);
  EXPECT_EQ(p.desk, &desk);
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.service_day, day("2026-01-07"));
  EXPECT_EQ(p.day_type, DayType::weekday);
  EXPECT_EQ(p.hours_type, DayType::weekday);
  EXPECT_FALSE(p.holiday);
  EXPECT_FALSE(p.special_day);
  ASSERT_TRUE(p.window);
  EXPECT_EQ(*p.window, (Window{480, 1380}));
  ASSERT_EQ(p.attempts.size(), 2u);
  EXPECT_EQ(p.attempts[0].role, 0u);
  EXPECT_EQ(p.attempts[0].role_info, &site.rotas[0].roles[0]);
  EXPECT_EQ(p.attempts[0].person, &site.people[0]);
  EXPECT_EQ(p.attempts[0].address, mobile(1));
  EXPECT_EQ(p.attempts[0].ring_timeout, 25s);
  EXPECT_EQ(p.attempts[0].source, DutySource::pattern);
  EXPECT_EQ(p.attempts[1].role, 1u);
  EXPECT_EQ(p.attempts[1].person->id, "d");
  EXPECT_EQ(p.attempts[1].address, mobile(4));
  EXPECT_EQ(p.attempts[1].ring_timeout, 20s);
  EXPECT_EQ(p.fallback, &desk.fallback);
  EXPECT_EQ(p.fallback->name, "Sentralbord");
  EXPECT_FALSE(p.coverage_gap);
  EXPECT_EQ(p.skipped_roles, 0u);
  EXPECT_EQ(p.repeated_roles, 0u);
  EXPECT_EQ(p.reason(), "Open (weekday hours 08:00-23:00). Ring Primærvakt: Lege A (" + mobile(1) +
                            ") for 25 s. Then Bakvakt: Lege D (" + mobile(4) +
                            ") for 20 s. If nobody answers: Sentralbord (tel:+4711111111).");
}

TEST(Route, ShiftAddressLabelChoosesThePersonsAddress) {
  json j = base_site();
  j["rotas"][0]["shifts"] = {{{"role", "backup"},
                              {"person", "f"},
                              {"start", "2026-01-07T10:00"},
                              {"end", "2026-01-07T14:00"},
                              {"address", "dect"}},
                             {{"role", "primary"},
                              {"person", "c"},
                              {"start", "2026-01-07T10:00"},
                              {"end", "2026-01-07T14:00"},
                              {"address", "mobile"}}};
  const Site site = must_parse(j);
  const RoutePlan p = route_at(site, at("2026-01-07T12:00"));
  ASSERT_EQ(p.attempts.size(), 2u);
  EXPECT_EQ(p.attempts[0].person->id, "c");
  EXPECT_EQ(p.attempts[0].address, mobile(3));
  EXPECT_EQ(p.attempts[0].source, DutySource::shift);
  EXPECT_EQ(p.attempts[1].person->id, "f");
  EXPECT_EQ(p.attempts[1].address, dect(6));
  EXPECT_EQ(p.attempts[1].source, DutySource::shift);
  EXPECT_TRUE(contains(p.reason(), "Bakvakt: Lege F (" + dect(6) + ") for 20 s [shift]."))
      << p.reason();
  // Outside the shift the pattern's people ring on their first address.
  const RoutePlan later = route_at(site, at("2026-01-07T14:00"));
  EXPECT_EQ(attempt_ids(later), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(later.attempts[1].address, mobile(4));
}

TEST(Route, RoleWithNobodyIsSkipped) {
  json j = base_site();
  j["rotas"][0]["patterns"][1]["until"] = "2026-02-02";
  const Site site = must_parse(j);
  const RoutePlan p = route_at(site, at("2026-02-03T12:00"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(attempt_ids(p), (std::vector<std::string>{"b"}));
  EXPECT_EQ(p.skipped_roles, 0b10u);
  EXPECT_EQ(p.repeated_roles, 0u);
  EXPECT_FALSE(p.coverage_gap);
  EXPECT_EQ(p.fallback, &site.lines[0].desks[0].fallback);
  EXPECT_TRUE(contains(p.reason(), "No Bakvakt on duty: skipped.")) << p.reason();
}

TEST(Route, PrimaryMissingBackupStillRung) {
  json j = base_site();
  j["rotas"][0]["patterns"][0]["until"] = "2026-02-02";
  const Site site = must_parse(j);
  const RoutePlan p = route_at(site, at("2026-02-03T12:00"));
  ASSERT_EQ(p.attempts.size(), 1u);
  EXPECT_EQ(p.attempts[0].person->id, "d");
  EXPECT_EQ(p.attempts[0].role, 1u);
  EXPECT_EQ(p.attempts[0].ring_timeout, 20s);
  EXPECT_EQ(p.skipped_roles, 0b01u);
  EXPECT_TRUE(contains(p.reason(), "Ring Bakvakt: Lege D")) << p.reason();
  EXPECT_TRUE(contains(p.reason(), "No Primærvakt on duty: skipped.")) << p.reason();
}

TEST(Route, SamePersonInTwoRolesIsNotRungTwice) {
  json j = base_site();
  j["rotas"][0]["overrides"] = {{{"role", "backup"},
                                 {"person", "a"},
                                 {"start", "2026-01-07T00:00"},
                                 {"end", "2026-01-08T00:00"}}};
  const Site site = must_parse(j);
  const RoutePlan p = route_at(site, at("2026-01-07T12:00"));
  EXPECT_EQ(attempt_ids(p), (std::vector<std::string>{"a"}));
  EXPECT_EQ(p.attempts[0].role, 0u);
  EXPECT_EQ(p.repeated_roles, 0b10u);
  EXPECT_EQ(p.skipped_roles, 0u);
  EXPECT_FALSE(p.coverage_gap);
  EXPECT_TRUE(contains(p.reason(), "Bakvakt is the same person as above: not rung twice."))
      << p.reason();
}

TEST(Route, ThreeRolesOrderAndRingTimes) {
  json j = base_site();
  j["rotas"][0]["roles"].push_back({{"id", "third"}, {"name", "Tredjevakt"}, {"ring_seconds", 45}});
  j["rotas"][0]["patterns"].push_back({{"role", "third"},
                                       {"from", "2026-01-01"},
                                       {"handover", "00:00"},
                                       {"period_days", 1},
                                       {"rotation", {"f", "a"}}});
  const Site site = must_parse(j);
  // 2026-01-07 is day 6 of the third pattern: f.
  RoutePlan p = route_at(site, at("2026-01-07T12:00"));
  EXPECT_EQ(attempt_ids(p), (std::vector<std::string>{"a", "d", "f"}));
  EXPECT_EQ(p.attempts[2].ring_timeout, 45s);
  EXPECT_EQ(p.attempts[2].role, 2u);
  // Day 7: a is third as well as primary; only rung once.
  p = route_at(site, at("2026-01-08T12:00"));
  EXPECT_EQ(attempt_ids(p), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(p.repeated_roles, 0b100u);
}

TEST(Route, OpenWithNobodyOnDutyIsACoverageGap) {
  const Site site = must_parse(base_site());  // the roster starts 2026-01-05 08:00
  const RoutePlan p = route_at(site, at("2026-01-02T12:00"));
  EXPECT_TRUE(p.open);
  EXPECT_TRUE(p.attempts.empty());
  EXPECT_TRUE(p.coverage_gap);
  EXPECT_EQ(p.skipped_roles, 0b11u);
  EXPECT_EQ(p.fallback, &site.lines[0].desks[0].fallback);
  EXPECT_EQ(p.reason(),
            "Open (weekday hours 08:00-23:00). COVERAGE GAP: nobody is on duty in any role of rota "
            "'Medisin'. Send the caller straight to Sentralbord (tel:+4711111111).");
  // On the Monday the roster starts: a gap until 08:00, then covered.
  EXPECT_FALSE(route_at(site, at("2026-01-05T07:59:59")).open);
  EXPECT_FALSE(route_at(site, at("2026-01-05T08:00")).coverage_gap);
}

TEST(Route, ClosedUsesTheClosedFallbackAndMessage) {
  const Site site = must_parse(base_site());
  const RoutePlan p = route_at(site, at("2026-01-07T23:30"));
  EXPECT_FALSE(p.open);
  EXPECT_TRUE(p.attempts.empty());
  EXPECT_FALSE(p.coverage_gap);
  EXPECT_FALSE(p.window);
  EXPECT_EQ(p.fallback, &site.lines[0].desks[0].closed);
  EXPECT_EQ(p.fallback->address, "tel:+4722222222");
  EXPECT_EQ(p.fallback->message, "Linjen er stengt. Ved akutt behov: ring AMK 113.");
  EXPECT_EQ(p.reason(),
            "Closed (weekday hours 08:00-23:00). Send the caller to Stengt-linje (tel:+4722222222) "
            "with the message: Linjen er stengt. Ved akutt behov: ring AMK 113.");
  // A desk without a `closed` fallback uses its `fallback` when closed.
  json j = base_site();
  j["lines"][0].erase("closed");
  const Site plain = must_parse(j);
  const RoutePlan q = route_at(plain, at("2026-01-07T23:30"));
  EXPECT_EQ(q.fallback->name, "Sentralbord");
  EXPECT_EQ(q.fallback, &plain.lines[0].desks[0].closed);
}

TEST(Route, ReasonNamesHolidaysSpecialDaysAndSources) {
  json j = base_site();
  j["special_days"] = {{{"name", "Julaften"}, {"yearly", "12-24"}, {"hours", {"08:00-12:00"}}},
                       {{"name", "Stengt dag"}, {"date", "2026-06-10"}, {"hours", json::array()}}};
  j["rotas"][0]["overrides"] = {{{"role", "primary"},
                                 {"person", "f"},
                                 {"start", "2027-05-17T00:00"},
                                 {"end", "2027-05-18T00:00"}}};
  j["rotas"][0]["swaps"] = {
      {{"role", "backup"}, {"occurrences", {"2026-12-21T08:00", "2026-12-28T08:00"}}}};
  const Site site = must_parse(j);
  const std::string holiday = route_at(site, at("2027-05-17T12:00")).reason();
  EXPECT_TRUE(
      contains(holiday, "Open (public holiday '17. mai (Grunnlovsdag)' hours 10:00-18:00)."))
      << holiday;
  EXPECT_TRUE(contains(holiday, "Ring Primærvakt: Lege F (" + mobile(6) + ") for 25 s [override]."))
      << holiday;
  const std::string eve = route_at(site, at("2026-12-24T09:00")).reason();
  EXPECT_TRUE(contains(eve, "Open (special day 'Julaften' hours 08:00-12:00).")) << eve;
  EXPECT_TRUE(contains(eve, "[swap]")) << eve;
  const std::string eve_closed = route_at(site, at("2026-12-24T13:00")).reason();
  EXPECT_TRUE(contains(eve_closed, "Closed (special day 'Julaften' hours 08:00-12:00)."))
      << eve_closed;
  const std::string none = route_at(site, at("2026-06-10T12:00")).reason();
  EXPECT_TRUE(contains(none, "Closed (special day 'Stengt dag': no service hours that day)."))
      << none;
  EXPECT_TRUE(contains(none, "ring AMK 113")) << none;
  const std::string sunday = route_at(site, at("2026-06-14T09:00")).reason();
  EXPECT_TRUE(contains(sunday, "Closed (sunday hours 10:00-18:00).")) << sunday;
  // A special day on a public holiday names both.
  json k = base_site();
  k["special_days"] = {{{"name", "Jul"}, {"yearly", {"12-24", "12-26"}}, {"treat_as", "saturday"}}};
  const Site jul = must_parse(k);
  const std::string both = route_at(jul, at("2026-12-25T12:00")).reason();
  EXPECT_TRUE(contains(both, "special day 'Jul' treated as saturday")) << both;
  EXPECT_TRUE(contains(both, "public holiday '1. juledag'")) << both;
}

TEST(Route, ByLineNumberAndDeskId) {
  auto schedule = load_schedule(
      {test::example_path("st-olavs.json"), test::example_path("helse-nord-trondelag.json")});
  ASSERT_TRUE(schedule) << test::join_errors(schedule.error());
  const Instant t = at("2026-06-09T12:00");
  auto p = route(*schedule, "73553888", "", t);
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->desk->id, "medisin");  // the line's default desk
  EXPECT_EQ(p->site->id, "st-olavs");
  auto k = route(*schedule, "73553888", "kardiologi", t);
  ASSERT_TRUE(k) << k.error();
  EXPECT_EQ(k->desk->id, "kardiologi");
  ASSERT_EQ(k->attempts.size(), 1u);
  auto n = route(*schedule, "74215800", "", t);
  ASSERT_TRUE(n) << n.error();
  EXPECT_EQ(n->site->id, "hnt");
  EXPECT_EQ(n->desk->id, "medisin");  // no default_desk given: the first desk

  auto unknown_line = route(*schedule, "12345678", "", t);
  ASSERT_FALSE(unknown_line);
  EXPECT_EQ(unknown_line.error(), "no line with number '12345678'");
  auto unknown_desk = route(*schedule, "73553888", "ortopedi", t);
  ASSERT_FALSE(unknown_desk);
  EXPECT_EQ(
      unknown_desk.error(),
      "line 73553888 has no desk 'ortopedi' (desks: medisin, kirurgi, kardiologi, gastro, lunge)");
  auto other_lines_desk = route(*schedule, "74215800", "ore-nese-hals", t);
  ASSERT_FALSE(other_lines_desk);
  EXPECT_TRUE(contains(other_lines_desk.error(), "(desks: medisin)")) << other_lines_desk.error();
}

TEST(Route, StOlavsChristmasEveWithSwapAndExtraBackup) {
  const Site site = test::load_example("st-olavs.json");
  const RoutePlan p = route_at(site, at("2026-12-24T12:00"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.special_day, "Julaften");
  // Week 50 (dahl) and week 51 (eide) are swapped; aas is the extra backup on the office phone.
  ASSERT_EQ(p.attempts.size(), 2u);
  EXPECT_EQ(p.attempts[0].person->id, "eide");
  EXPECT_EQ(p.attempts[0].address, "sip:4104@pbx.stolav.example");
  EXPECT_EQ(p.attempts[0].source, DutySource::swap);
  EXPECT_EQ(p.attempts[0].ring_timeout, 25s);
  EXPECT_EQ(p.attempts[1].person->id, "aas");
  EXPECT_EQ(p.attempts[1].address, "sip:4601@pbx.stolav.example");
  EXPECT_EQ(p.attempts[1].source, DutySource::shift);
  EXPECT_EQ(p.attempts[1].ring_timeout, 20s);
  // The week after: dahl, and backup nes by rotation.
  const RoutePlan q = route_at(site, at("2026-12-29T12:00"));
  EXPECT_EQ(attempt_ids(q), (std::vector<std::string>{"dahl", "nes"}));
  EXPECT_EQ(q.attempts[0].source, DutySource::swap);
  // The override for 'berg' on 2026-12-02 does not apply: gran is on duty that week.
  EXPECT_EQ(attempt_ids(route_at(site, at("2026-12-02T12:00"))),
            (std::vector<std::string>{"gran", "sand"}));
  // The sick-leave override on 2027-02-15 from 12:00 replaces whoever is on duty.
  EXPECT_EQ(attempt_ids(route_at(site, at("2027-02-15T11:59:59"))),
            (std::vector<std::string>{"fjeld", "ruud"}));
  const RoutePlan sick = route_at(site, at("2027-02-15T12:00"));
  EXPECT_EQ(attempt_ids(sick), (std::vector<std::string>{"sand", "ruud"}));
  EXPECT_EQ(sick.attempts[0].source, DutySource::override_);
  EXPECT_EQ(attempt_ids(route_at(site, at("2027-02-16T08:00"))),
            (std::vector<std::string>{"fjeld", "ruud"}));
  // After the roster ends (2028-01-03 08:00) the open line is a coverage gap.
  EXPECT_FALSE(route_at(site, at("2028-01-03T07:59:59")).open);
  EXPECT_TRUE(route_at(site, at("2028-01-03T08:00")).coverage_gap);
}

TEST(Route, IsAPureFunction) {
  const Site site = test::load_example("st-olavs.json");
  const Instant t = at("2026-12-24T12:00");
  const RoutePlan a = route_at(site, t);
  const RoutePlan b = route_at(site, t);
  EXPECT_TRUE(a.same_decision(b));
  EXPECT_EQ(a.reason(), b.reason());
  EXPECT_EQ(a.instant, b.instant);
}

TEST(SameDecision, ComparesOpenAttemptsAndFallbackOnly) {
  const Site site = must_parse(base_site());
  const RoutePlan mon = route_at(site, at("2026-01-07T09:00"));
  const RoutePlan mon_later = route_at(site, at("2026-01-07T22:00"));
  EXPECT_TRUE(mon.same_decision(mon_later));  // different instants, same decision
  const RoutePlan next_week = route_at(site, at("2026-01-14T09:00"));
  EXPECT_FALSE(mon.same_decision(next_week));  // other people
  const RoutePlan closed = route_at(site, at("2026-01-07T23:00"));
  EXPECT_FALSE(mon.same_decision(closed));
  const RoutePlan closed2 = route_at(site, at("2026-01-08T07:00"));
  EXPECT_TRUE(closed.same_decision(closed2));
  // Saturday: open with the same people, but a different day type: the decision is the same.
  EXPECT_TRUE(mon.same_decision(route_at(site, at("2026-01-10T12:00"))));
}

TEST(NextOpening, FindsTheNextWindowStart) {
  const Site site = must_parse(base_site());
  const Line& line = site.lines[0];
  const Desk& desk = line.desks[0];
  const auto next = [&](std::string_view t, int horizon = 400) {
    const auto n = next_opening(site, line, desk, at(t), horizon);
    return n ? format_rfc3339(test::oslo(), *n) : std::string("-");
  };
  EXPECT_EQ(next("2026-06-09T07:00"), "2026-06-09T08:00:00+02:00");
  EXPECT_EQ(next("2026-06-09T07:59:59"), "2026-06-09T08:00:00+02:00");
  EXPECT_EQ(next("2026-06-09T08:00"), "2026-06-10T08:00:00+02:00");  // strictly after
  EXPECT_EQ(next("2026-06-09T12:00"), "2026-06-10T08:00:00+02:00");
  EXPECT_EQ(next("2026-06-12T23:30"), "2026-06-13T10:00:00+02:00");  // Friday night -> Saturday
  EXPECT_EQ(next("2026-06-14T19:00"), "2026-06-15T08:00:00+02:00");
  EXPECT_EQ(next("2027-05-16T19:00"), "2027-05-17T10:00:00+02:00");  // into 17 May
  EXPECT_EQ(next("2026-03-28T19:00"), "2026-03-29T10:00:00+02:00");  // across spring forward
  EXPECT_EQ(next("2026-10-24T19:00"), "2026-10-25T10:00:00+01:00");
  EXPECT_EQ(next("2026-06-09T23:30", 0), "-");  // nothing left today
  EXPECT_EQ(next("2026-06-09T23:30", 1), "2026-06-10T08:00:00+02:00");

  // The ENT desk in Levanger over Christmas: closed 24 Dec .. 1 Jan and the weekend after.
  const Site hnt = test::load_example("helse-nord-trondelag.json");
  const Desk& ent = *hnt.lines[0].find_desk("ore-nese-hals");
  const auto n = next_opening(hnt, hnt.lines[0], ent, at("2026-12-23T16:00"));
  ASSERT_TRUE(n);
  EXPECT_EQ(format_rfc3339(test::oslo(), *n), "2027-01-04T08:00:00+01:00");

  // A desk that never opens.
  json j = base_site();
  j["lines"][0]["hours"][0] = {{"from", "2020-01-01"},
                               {"weekday", json::array()},
                               {"weekend", json::array()},
                               {"holiday", json::array()}};
  const Site never = must_parse(j);
  EXPECT_FALSE(
      next_opening(never, never.lines[0], never.lines[0].desks[0], at("2026-06-09T12:00")));
}

TEST(DutySourceNames, Text) {
  EXPECT_EQ(to_string(DutySource::pattern), "rotation");
  EXPECT_EQ(to_string(DutySource::swap), "swap");
  EXPECT_EQ(to_string(DutySource::shift), "shift");
  EXPECT_EQ(to_string(DutySource::override_), "override");
}

}  // namespace
}  // namespace samtel
