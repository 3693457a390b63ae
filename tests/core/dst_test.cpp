// Daylight saving: opening hours and roster handovers are wall-clock rules in Europe/Oslo.
// 2026-03-29 has 23 hours (02:00 -> 03:00), 2026-10-25 has 25 hours (03:00 -> 02:00).
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
using test::route_at;

class StOlavsDst : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = new Site(test::load_example("st-olavs.json")); }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }
  static bool open(std::string_view t) { return route_at(*site_, at(t)).open; }
  static const Rota& amm() { return site_->rotas.at(0); }
  static std::string primary(std::string_view t) {
    const auto duty = amm().on_duty(0, at(t));
    return duty ? site_->people[duty->person].id : "-";
  }
  static Site* site_;
};
Site* StOlavsDst::site_ = nullptr;

TEST_F(StOlavsDst, SpringForwardSundayOpensTenToEighteenLocal) {
  // 10:00-18:00 CEST = 08:00Z-16:00Z.
  EXPECT_FALSE(open("2026-03-29T07:59:59Z"));
  EXPECT_TRUE(open("2026-03-29T08:00:00Z"));
  EXPECT_TRUE(open("2026-03-29T15:59:59Z"));
  EXPECT_FALSE(open("2026-03-29T16:00:00Z"));
  // Midnight plus ten hours would be 09:00Z in local terms 11:00: make sure 10:00 local is used.
  EXPECT_TRUE(open("2026-03-29T10:00"));
  EXPECT_EQ(format_utc(at("2026-03-29T10:00")), "2026-03-29T08:00:00Z");
  // The Saturday before still has winter time: 10:00-18:00 CET = 09:00Z-17:00Z.
  EXPECT_FALSE(open("2026-03-28T08:59:59Z"));
  EXPECT_TRUE(open("2026-03-28T09:00:00Z"));
  EXPECT_FALSE(open("2026-03-28T17:00:00Z"));
}

TEST_F(StOlavsDst, FallBackSundayOpensTenToEighteenLocal) {
  // 10:00-18:00 CET = 09:00Z-17:00Z.
  EXPECT_FALSE(open("2026-10-25T08:59:59Z"));
  EXPECT_TRUE(open("2026-10-25T09:00:00Z"));
  EXPECT_TRUE(open("2026-10-25T16:59:59Z"));
  EXPECT_FALSE(open("2026-10-25T17:00:00Z"));
  // The Saturday before: CEST, 08:00Z-16:00Z.
  EXPECT_FALSE(open("2026-10-24T07:59:59Z"));
  EXPECT_TRUE(open("2026-10-24T08:00:00Z"));
  EXPECT_FALSE(open("2026-10-24T16:00:00Z"));
}

TEST_F(StOlavsDst, TimelineOfTheShortAndTheLongSunday) {
  const Line& line = site_->lines[0];
  const Desk& desk = line.desks[0];
  struct Case {
    const char* day;
    const char* next_day;
    const char* open_from;
    const char* open_to;
    std::chrono::hours length;
  };
  const Case cases[] = {
      {"2026-03-29T00:00", "2026-03-30T00:00", "2026-03-29T08:00:00Z", "2026-03-29T16:00:00Z", 23h},
      {"2026-10-25T00:00", "2026-10-26T00:00", "2026-10-25T09:00:00Z", "2026-10-25T17:00:00Z", 25h},
  };
  for (const Case& c : cases) {
    const Instant from = at(c.day);
    const Instant to = at(c.next_day);
    EXPECT_EQ(to - from, c.length) << c.day;
    const auto segments = timeline(*site_, line, desk, from, to);
    ASSERT_EQ(segments.size(), 3u) << c.day;
    EXPECT_FALSE(segments[0].plan.open);
    EXPECT_EQ(segments[0].start, from);
    EXPECT_TRUE(segments[1].plan.open);
    EXPECT_EQ(format_utc(segments[1].start), c.open_from) << c.day;
    EXPECT_EQ(format_utc(segments[1].end), c.open_to) << c.day;
    EXPECT_EQ(segments[1].end - segments[1].start, 8h) << c.day;  // 8 local hours, 8 real hours
    EXPECT_FALSE(segments[2].plan.open);
    EXPECT_EQ(segments[2].end, to);
  }
}

TEST_F(StOlavsDst, WeeklyHandoverStaysAtEightLocal) {
  // Winter: Monday 2026-03-23 08:00 CET = 07:00Z (fjeld -> gran).
  EXPECT_EQ(primary("2026-03-23T06:59:59Z"), "fjeld");
  EXPECT_EQ(primary("2026-03-23T07:00:00Z"), "gran");
  // Summer: Monday 2026-03-30 08:00 CEST = 06:00Z (gran -> aas).
  EXPECT_EQ(primary("2026-03-30T05:59:59Z"), "gran");
  EXPECT_EQ(primary("2026-03-30T06:00:00Z"), "aas");
  // And back: Monday 2026-10-19 08:00 CEST = 06:00Z, Monday 2026-10-26 08:00 CET = 07:00Z.
  EXPECT_EQ(primary("2026-10-19T05:59:59Z"), "fjeld");
  EXPECT_EQ(primary("2026-10-19T06:00:00Z"), "gran");
  EXPECT_EQ(primary("2026-10-26T06:59:59Z"), "gran");
  EXPECT_EQ(primary("2026-10-26T07:00:00Z"), "aas");

  // The week containing the spring change lasts 167 hours, the autumn one 169.
  const auto spring = amm().on_duty(0, at("2026-03-25T12:00"));
  ASSERT_TRUE(spring);
  EXPECT_EQ(format_utc(spring->start), "2026-03-23T07:00:00Z");
  EXPECT_EQ(format_utc(spring->end), "2026-03-30T06:00:00Z");
  EXPECT_EQ(spring->end - spring->start, 167h);
  EXPECT_EQ(spring->source, DutySource::pattern);
  const auto autumn = amm().on_duty(0, at("2026-10-25T12:00"));
  ASSERT_TRUE(autumn);
  EXPECT_EQ(format_utc(autumn->start), "2026-10-19T06:00:00Z");
  EXPECT_EQ(format_utc(autumn->end), "2026-10-26T07:00:00Z");
  EXPECT_EQ(autumn->end - autumn->start, 169h);
}

TEST(DailyRotaDst, NamsosHandoverAtHalfPastEightLocal) {
  const Site site = test::load_example("helse-nord-trondelag.json");
  const Rota* namsos = nullptr;
  for (const Rota& r : site.rotas) {
    if (r.id == "med-namsos") namsos = &r;
  }
  ASSERT_NE(namsos, nullptr);
  const auto who = [&](std::string_view t) {
    const auto d = namsos->on_duty(0, at(t));
    return d ? site.people[d->person].id : std::string("-");
  };
  // Daily from 2026-01-05 (aune, roen, saether): day n -> rotation[n % 3].
  // 2026-03-28 is day 82 (roen), 2026-03-29 day 83 (saether).
  EXPECT_EQ(who("2026-03-28T07:29:59Z"), "aune");
  EXPECT_EQ(who("2026-03-28T07:30:00Z"), "roen");  // 08:30 CET
  EXPECT_EQ(who("2026-03-29T06:29:59Z"), "roen");
  EXPECT_EQ(who("2026-03-29T06:30:00Z"), "saether");  // 08:30 CEST
  const auto d = namsos->on_duty(0, at("2026-03-29T03:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->end - d->start, 23h);
  const auto e = namsos->on_duty(0, at("2026-10-25T03:00"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->end - e->start, 25h);
  EXPECT_EQ(format_utc(e->start), "2026-10-24T06:30:00Z");
  EXPECT_EQ(format_utc(e->end), "2026-10-25T07:30:00Z");
}

// A site whose Sunday hours are `sunday` (and Saturday `saturday`).
Site night_site(std::vector<std::string> saturday, std::vector<std::string> sunday) {
  json j = base_site();
  json& h = j["lines"][0]["hours"][0];
  h.erase("weekend");
  h["saturday"] = saturday;
  h["sunday"] = sunday;
  return must_parse(j);
}

// The open spans of the first desk in [from, to), from the timeline.
std::vector<std::pair<std::string, std::string>> open_spans(const Site& site, Instant from,
                                                            Instant to) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Segment& s : timeline(site, site.lines[0], site.lines[0].desks[0], from, to)) {
    if (s.plan.open) out.emplace_back(format_utc(s.start), format_utc(s.end));
  }
  return out;
}

using Spans = std::vector<std::pair<std::string, std::string>>;

TEST(WindowAcrossTheGap, OneToFourOnTheShortSundayIsTwoRealHours) {
  const Site site = night_site({}, {"01:00-04:00"});
  EXPECT_FALSE(route_at(site, at("2026-03-28T23:59:59Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-03-29T00:00:00Z")).open);  // 01:00 CET
  EXPECT_TRUE(route_at(site, at("2026-03-29T00:59:59Z")).open);  // 01:59:59 CET
  EXPECT_TRUE(route_at(site, at("2026-03-29T01:00:00Z")).open);  // 03:00 CEST
  EXPECT_TRUE(route_at(site, at("2026-03-29T01:59:59Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-03-29T02:00:00Z")).open);  // 04:00 CEST
  EXPECT_EQ(open_spans(site, at("2026-03-28T12:00"), at("2026-03-30T00:00")),
            (Spans{{"2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"}}));
  // A normal Sunday: three hours.
  EXPECT_EQ(open_spans(site, at("2026-03-21T12:00"), at("2026-03-23T00:00")),
            (Spans{{"2026-03-22T00:00:00Z", "2026-03-22T03:00:00Z"}}));
}

TEST(WindowAcrossTheRepeatedHour, OneToFourOnTheLongSundayIsFourRealHours) {
  const Site site = night_site({}, {"01:00-04:00"});
  EXPECT_FALSE(route_at(site, at("2026-10-24T22:59:59Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-24T23:00:00Z")).open);  // 01:00 CEST
  EXPECT_TRUE(route_at(site, at("2026-10-25T00:30:00Z")).open);  // 02:30 CEST
  EXPECT_TRUE(route_at(site, at("2026-10-25T01:30:00Z")).open);  // 02:30 CET
  EXPECT_TRUE(route_at(site, at("2026-10-25T02:59:59Z")).open);  // 03:59:59 CET
  EXPECT_FALSE(route_at(site, at("2026-10-25T03:00:00Z")).open);
  EXPECT_EQ(open_spans(site, at("2026-10-24T12:00"), at("2026-10-26T00:00")),
            (Spans{{"2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z"}}));
}

TEST(WindowAcrossTheGap, StartingOrEndingInsideTheGap) {
  const Site starts = night_site({}, {"02:30-05:00"});
  EXPECT_FALSE(route_at(starts, at("2026-03-29T00:59:59Z")).open);  // 01:59:59 CET
  EXPECT_TRUE(route_at(starts, at("2026-03-29T01:00:00Z")).open);   // 03:00 CEST
  EXPECT_FALSE(route_at(starts, at("2026-03-29T03:00:00Z")).open);  // 05:00 CEST
  EXPECT_EQ(open_spans(starts, at("2026-03-28T12:00"), at("2026-03-30T00:00")),
            (Spans{{"2026-03-29T01:00:00Z", "2026-03-29T03:00:00Z"}}));
  const auto next =
      next_opening(starts, starts.lines[0], starts.lines[0].desks[0], at("2026-03-28T20:00"));
  ASSERT_TRUE(next);
  EXPECT_EQ(format_utc(*next), "2026-03-29T01:00:00Z");

  const Site ends = night_site({}, {"00:00-02:30"});
  EXPECT_TRUE(route_at(ends, at("2026-03-28T23:00:00Z")).open);   // 00:00 CET
  EXPECT_TRUE(route_at(ends, at("2026-03-29T00:59:59Z")).open);   // 01:59:59 CET
  EXPECT_FALSE(route_at(ends, at("2026-03-29T01:00:00Z")).open);  // 03:00 CEST
  EXPECT_EQ(open_spans(ends, at("2026-03-28T12:00"), at("2026-03-30T00:00")),
            (Spans{{"2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z"}}));
}

TEST(WindowInTheRepeatedHour, OpenWheneverTheWallClockIsInside) {
  // 02:15-02:45 happens twice on 2026-10-25: 00:15Z-00:45Z (CEST) and 01:15Z-01:45Z (CET).
  const Site site = night_site({}, {"02:15-02:45"});
  EXPECT_FALSE(route_at(site, at("2026-10-25T00:14:59Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-25T00:15:00Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-25T00:44:59Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-10-25T00:45:00Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-10-25T01:14:59Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-25T01:15:00Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-25T01:44:59Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-10-25T01:45:00Z")).open);
  // The timeline says the same.
  EXPECT_EQ(open_spans(site, at("2026-10-24T12:00"), at("2026-10-26T00:00")),
            (Spans{{"2026-10-25T00:15:00Z", "2026-10-25T00:45:00Z"},
                   {"2026-10-25T01:15:00Z", "2026-10-25T01:45:00Z"}}));
}

TEST(CrossingMidnightDst, SaturdayNightIntoTheChangeOfTime) {
  const Site site = night_site({"22:00-02:00"}, {});
  // Spring: 22:00 CET (21:00Z) until the wall clock would show 02:00, which it skips: 01:00Z.
  EXPECT_FALSE(route_at(site, at("2026-03-28T20:59:59Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-03-28T21:00:00Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-03-29T00:59:59Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-03-29T01:00:00Z")).open);
  // Autumn: 22:00 CEST (20:00Z) until 02:00 CEST (00:00Z), the first time 02:00 comes round.
  EXPECT_TRUE(route_at(site, at("2026-10-24T20:00:00Z")).open);
  EXPECT_TRUE(route_at(site, at("2026-10-24T23:59:59Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-10-25T00:00:00Z")).open);
  EXPECT_FALSE(route_at(site, at("2026-10-25T01:00:00Z")).open);  // 02:00 CET
  const RoutePlan p = route_at(site, at("2026-10-24T23:30:00Z"));
  EXPECT_EQ(p.service_day, day("2026-10-24"));
  EXPECT_EQ(p.day_type, DayType::saturday);
  EXPECT_EQ(open_spans(site, at("2026-10-24T12:00"), at("2026-10-26T00:00")),
            (Spans{{"2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z"}}));
}

TEST(TimelineDst, AgreesWithRouteEveryMinuteNearTheChanges) {
  // Several awkward window sets; every minute over both DST weekends of 2026 (all boundaries are
  // on whole minutes) the timeline's segment must hold route()'s decision.
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> configs = {
      {{"22:00-02:00"}, {"01:00-04:00"}},
      {{"22:00-02:30"}, {"02:15-02:45"}},
      {{"23:00-03:00"}, {"02:00-03:00", "05:00-06:00"}},
      {{}, {"02:30-02:31"}},
      {{"10:00-18:00"}, {"00:00-24:00"}},
  };
  for (const auto& [saturday, sunday] : configs) {
    const Site site = night_site(saturday, sunday);
    const Line& line = site.lines[0];
    const Desk& desk = line.desks[0];
    for (const char* weekend : {"2026-03-28T00:00", "2026-10-24T00:00"}) {
      const Instant from = at(weekend);
      const Instant to = from + 72h;
      const auto segments = timeline(site, line, desk, from, to);
      ASSERT_FALSE(segments.empty());
      std::size_t i = 0;
      for (Instant t = from; t < to; t += 60s) {
        while (segments[i].end <= t) ++i;
        ASSERT_LE(segments[i].start, t);
        const RoutePlan plan = route(site, line, desk, t);
        ASSERT_TRUE(segments[i].plan.same_decision(plan))
            << "saturday " << (saturday.empty() ? "-" : saturday[0]) << ", sunday "
            << (sunday.empty() ? "-" : sunday[0]) << ": timeline segment "
            << format_utc(segments[i].start) << " - " << format_utc(segments[i].end) << " says "
            << (segments[i].plan.open ? "open" : "closed") << ", route at " << format_utc(t)
            << " says " << (plan.open ? "open" : "closed");
      }
    }
  }
}

TEST(RosterDst, HandoverInsideTheRepeatedHourHappensOnce) {
  json j = base_site();
  j["rotas"][0]["patterns"] = {{{"role", "primary"},
                                {"from", "2026-10-20"},
                                {"handover", "02:30"},
                                {"period_days", 1},
                                {"rotation", {"a", "b"}}}};
  const Site site = must_parse(j);
  const Rota& rota = site.rotas[0];
  const auto who = [&](std::string_view t) {
    const auto d = rota.on_duty(0, at(t));
    return d ? site.people[d->person].id : std::string("-");
  };
  // Occurrence 4 (a) starts 2026-10-24 02:30 CEST, occurrence 5 (b) 2026-10-25 at the first 02:30.
  EXPECT_EQ(who("2026-10-25T00:29:59Z"), "a");
  EXPECT_EQ(who("2026-10-25T00:30:00Z"), "b");
  // 01:00Z-01:30Z: the wall clock shows 02:00-02:30 again, but the handover has happened.
  EXPECT_EQ(who("2026-10-25T01:10:00Z"), "b");
  EXPECT_EQ(who("2026-10-25T01:30:00Z"), "b");
  EXPECT_EQ(who("2026-10-26T01:29:59Z"), "b");  // 02:29:59 CET
  EXPECT_EQ(who("2026-10-26T01:30:00Z"), "a");
  // Every answer's span contains the instant asked about, every minute of the weekend.
  for (Instant t = at("2026-10-24T00:00"); t < at("2026-10-27T00:00"); t += 60s) {
    const auto d = rota.on_duty(0, t);
    ASSERT_TRUE(d);
    ASSERT_LE(d->start, t) << format_utc(t);
    ASSERT_LT(t, d->end) << format_utc(t);
  }
  // Spring: 02:30 does not exist on 2026-03-29; the handover is at the jump, 01:00Z.
  j["rotas"][0]["patterns"][0]["from"] = "2026-03-25";
  const Site spring = must_parse(j);
  const auto who_spring = [&](std::string_view t) {
    const auto d = spring.rotas[0].on_duty(0, at(t));
    return d ? spring.people[d->person].id : std::string("-");
  };
  // Occurrence 3 (b) starts 2026-03-28 02:30 CET, occurrence 4 (a) on 2026-03-29 at 01:00Z.
  EXPECT_EQ(who_spring("2026-03-29T00:59:59Z"), "b");
  EXPECT_EQ(who_spring("2026-03-29T01:00:00Z"), "a");
  for (Instant t = at("2026-03-28T00:00"); t < at("2026-03-31T00:00"); t += 60s) {
    const auto d = spring.rotas[0].on_duty(0, t);
    ASSERT_TRUE(d);
    ASSERT_LE(d->start, t) << format_utc(t);
    ASSERT_LT(t, d->end) << format_utc(t);
  }
}

}  // namespace
}  // namespace samtel
