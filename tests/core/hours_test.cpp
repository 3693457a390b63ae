// Service hours: windows, day types, special days, crossing midnight and effective-dated versions.
#include "samtel/hours.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace date;
using test::at;
using test::base_site;
using test::day;
using test::json;
using test::must_parse;
using test::route_at;

// ---------------------------------------------------------------------------------------------
// parse_window and friends

TEST(ParseWindow, ValidForms) {
  struct Case {
    const char* text;
    MinuteOfDay start, end;
    bool crosses;
    MinuteOfDay minutes;
  };
  const Case cases[] = {
      {"08:00-23:00", 480, 1380, false, 900},  {"10:00-18:00", 600, 1080, false, 480},
      {"22:00-02:00", 1320, 120, true, 240},   {"20:00-00:00", 1200, 1440, false, 240},
      {"20:00-24:00", 1200, 1440, false, 240}, {"00:00-24:00", 0, 1440, false, 1440},
      {"23:59-00:01", 1439, 1, true, 2},       {"00:00-00:01", 0, 1, false, 1},
      {"12:00-11:59", 720, 719, true, 1439},
  };
  for (const Case& c : cases) {
    auto w = parse_window(c.text);
    ASSERT_TRUE(w) << c.text << ": " << w.error();
    EXPECT_EQ(w->start, c.start) << c.text;
    EXPECT_EQ(w->end, c.end) << c.text;
    EXPECT_EQ(w->crosses_midnight(), c.crosses) << c.text;
    EXPECT_EQ(w->minutes(), c.minutes) << c.text;
  }
  EXPECT_EQ(format_window(*parse_window("08:00-23:00")), "08:00-23:00");
  EXPECT_EQ(format_window(*parse_window("22:00-02:00")), "22:00-02:00");
  EXPECT_EQ(format_window(*parse_window("20:00-00:00")), "20:00-24:00");
  EXPECT_EQ(*parse_window("20:00-00:00"), *parse_window("20:00-24:00"));
}

TEST(ParseWindow, Errors) {
  struct Case {
    const char* text;
    const char* message_part;
  };
  const Case cases[] = {
      {"08:00", "expected HH:MM-HH:MM"},
      {"08:00 to 23:00", "expected HH:MM-HH:MM"},
      {"", "expected HH:MM-HH:MM"},
      {"08:00\xE2\x80\x93"
       "23:00",
       "expected HH:MM-HH:MM"},  // an en dash
      {"08:00-08:00", "starts and ends at the same time"},
      {"00:00-00:00", "starts and ends at the same time"},
      {"24:00-24:00", "starts at 24:00"},
      {"24:00-02:00", "starts at 24:00"},
      {"8:00-23:00", "bad time of day '8:00'"},
      {"08:00-23", "bad time of day '23'"},
      {"08:00-23:00-24:00", "bad time of day '23:00-24:00'"},
      {"08:00 -23:00", "bad time of day '08:00 '"},
      {"08:00-25:00", "out of range '25:00'"},
      {"07:60-08:00", "out of range '07:60'"},
      {"-08:00", "bad time of day ''"},
  };
  for (const Case& c : cases) {
    auto w = parse_window(c.text);
    ASSERT_FALSE(w) << "'" << c.text << "' was accepted";
    EXPECT_NE(w.error().find(c.message_part), std::string::npos) << c.text << ": " << w.error();
  }
}

TEST(ParseWindow, MessagesNameTheWholeWindow) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"8:00-23:00", "window '8:00-23:00': bad time of day '8:00' (expected HH:MM)"},
      {"08:00-23", "window '08:00-23': bad time of day '23' (expected HH:MM)"},
      {"08:00-25:00", "window '08:00-25:00': time of day out of range '25:00' (00:00 to 24:00)"},
      {"08:00\n23:00", "bad window '08:00\\n23:00' (expected HH:MM-HH:MM)"},
      {"24:00-02:00", "window '24:00-02:00' starts at 24:00; write 00:00 instead"},
      {"08:00-08:00",
       "window '08:00-08:00' starts and ends at the same time; write 00:00-24:00 for a whole day"},
  };
  for (const Case& c : cases) {
    auto w = parse_window(c.text);
    ASSERT_FALSE(w) << c.text;
    EXPECT_EQ(w.error(), c.error);
  }
}

TEST(HoursIndex, FourDayTypes) {
  EXPECT_EQ(hours_index(DayType::weekday), 0u);
  EXPECT_EQ(hours_index(DayType::saturday), 1u);
  EXPECT_EQ(hours_index(DayType::sunday), 2u);
  EXPECT_EQ(hours_index(DayType::holiday), 3u);
  for (std::size_t i = 0; i < kHoursDayTypes.size(); ++i)
    EXPECT_EQ(hours_index(kHoursDayTypes[i]), i);
}

// ---------------------------------------------------------------------------------------------
// ServiceHours, SpecialDay, classify_day, windows_on (unit level)

HoursVersion version(const char* from, std::vector<Window> weekday, std::vector<Window> saturday,
                     std::vector<Window> sunday, std::vector<Window> holiday) {
  HoursVersion v;
  v.effective_from = day(from);
  v.windows = {std::move(weekday), std::move(saturday), std::move(sunday), std::move(holiday)};
  return v;
}

TEST(ServiceHours, VersionsAreSortedAndChosenByDay) {
  const Window w1{480, 1380}, w2{480, 1320}, we{600, 1080};
  // Given out of order on purpose.
  ServiceHours h{{version("2027-01-01", {w2}, {we}, {we}, {we}),
                  version("2020-01-01", {w1}, {we}, {we}, {we})}};
  ASSERT_EQ(h.versions().size(), 2u);
  EXPECT_EQ(h.versions()[0].effective_from, day("2020-01-01"));
  EXPECT_EQ(h.version_on(day("2019-12-31")), nullptr);
  EXPECT_TRUE(h.windows(day("2019-12-31"), DayType::weekday).empty());
  EXPECT_EQ(h.version_on(day("2020-01-01")), &h.versions()[0]);
  EXPECT_EQ(h.version_on(day("2026-12-31")), &h.versions()[0]);
  EXPECT_EQ(h.version_on(day("2027-01-01")), &h.versions()[1]);
  EXPECT_EQ(h.version_on(day("2300-01-01")), &h.versions()[1]);
  ASSERT_EQ(h.windows(day("2026-12-31"), DayType::weekday).size(), 1u);
  EXPECT_EQ(h.windows(day("2026-12-31"), DayType::weekday)[0], w1);
  EXPECT_EQ(h.windows(day("2027-01-04"), DayType::weekday)[0], w2);
  EXPECT_EQ(h.windows(day("2027-01-04"), DayType::holiday)[0], we);
  EXPECT_EQ(ServiceHours{}.version_on(day("2026-01-01")), nullptr);
}

SpecialDay yearly(const char* name, unsigned fm, unsigned fd, unsigned tm, unsigned td) {
  SpecialDay s;
  s.name = name;
  s.when = SpecialDay::When::yearly;
  s.from_month = fm;
  s.from_day = fd;
  s.to_month = tm;
  s.to_day = td;
  s.treat_as = DayType::holiday;
  return s;
}

TEST(SpecialDay, Matching) {
  SpecialDay fixed;
  fixed.when = SpecialDay::When::date;
  fixed.first = day("2026-07-01");
  fixed.last = day("2026-07-03");
  EXPECT_FALSE(fixed.matches(2026_y / June / 30));
  EXPECT_TRUE(fixed.matches(2026_y / July / 1));
  EXPECT_TRUE(fixed.matches(2026_y / July / 3));
  EXPECT_FALSE(fixed.matches(2026_y / July / 4));
  EXPECT_FALSE(fixed.matches(2027_y / July / 2));

  const SpecialDay eve = yearly("Julaften", 12, 24, 12, 24);
  EXPECT_TRUE(eve.matches(2026_y / December / 24));
  EXPECT_TRUE(eve.matches(2091_y / December / 24));
  EXPECT_FALSE(eve.matches(2026_y / December / 25));
  EXPECT_FALSE(eve.matches(2026_y / November / 24));

  const SpecialDay romjul = yearly("Romjul", 12, 27, 1, 2);  // wraps over New Year
  EXPECT_FALSE(romjul.matches(2026_y / December / 26));
  EXPECT_TRUE(romjul.matches(2026_y / December / 27));
  EXPECT_TRUE(romjul.matches(2026_y / December / 31));
  EXPECT_TRUE(romjul.matches(2027_y / January / 1));
  EXPECT_TRUE(romjul.matches(2027_y / January / 2));
  EXPECT_FALSE(romjul.matches(2027_y / January / 3));
  EXPECT_FALSE(romjul.matches(2027_y / June / 15));

  const SpecialDay leap = yearly("Skuddag", 2, 29, 2, 29);
  EXPECT_TRUE(leap.matches(2028_y / February / 29));
  EXPECT_FALSE(leap.matches(2027_y / February / 28));
  EXPECT_FALSE(leap.matches(2027_y / March / 1));

  SpecialDay easter_week;
  easter_week.when = SpecialDay::When::easter;
  easter_week.easter_from = -6;
  easter_week.easter_to = 1;
  // Easter 2026-04-05: Monday 2026-03-30 .. Easter Monday 2026-04-06.
  EXPECT_FALSE(easter_week.matches(2026_y / March / 29));
  EXPECT_TRUE(easter_week.matches(2026_y / March / 30));
  EXPECT_TRUE(easter_week.matches(2026_y / April / 6));
  EXPECT_FALSE(easter_week.matches(2026_y / April / 7));
  // Easter 2027-03-28: Monday 2027-03-22 .. 2027-03-29.
  EXPECT_TRUE(easter_week.matches(2027_y / March / 22));
  EXPECT_FALSE(easter_week.matches(2027_y / March / 30));
  EXPECT_FALSE(easter_week.matches(2027_y / April / 5));
}

TEST(ClassifyDay, StatutoryTypesAndRuleOrder) {
  const std::vector<SpecialDay> none;
  auto info = classify_day(day("2026-06-10"), none, none);
  EXPECT_EQ(info.type, DayType::weekday);
  EXPECT_EQ(info.hours_type, DayType::weekday);
  EXPECT_FALSE(info.holiday);
  EXPECT_EQ(info.special, nullptr);
  EXPECT_EQ(classify_day(day("2026-06-13"), none, none).type, DayType::saturday);
  EXPECT_EQ(classify_day(day("2026-06-14"), none, none).type, DayType::sunday);
  info = classify_day(day("2027-05-17"), none, none);
  EXPECT_EQ(info.type, DayType::holiday);
  EXPECT_EQ(info.hours_type, DayType::holiday);
  EXPECT_EQ(info.holiday, "17. mai (Grunnlovsdag)");

  std::vector<SpecialDay> site{yearly("Site eve", 12, 24, 12, 24),
                               yearly("Site late", 12, 20, 12, 31)};
  site[1].treat_as = DayType::saturday;
  SpecialDay own = yearly("Desk eve", 12, 24, 12, 24);
  own.treat_as.reset();
  own.own_windows = {Window{480, 720}};
  std::vector<SpecialDay> desk{own};

  // Site rules only: the first matching rule wins.
  info = classify_day(day("2026-12-24"), none, site);
  EXPECT_EQ(info.type, DayType::special);
  EXPECT_EQ(info.hours_type, DayType::holiday);
  EXPECT_EQ(info.special, &site[0]);
  info = classify_day(day("2026-12-23"), none, site);
  EXPECT_EQ(info.special, &site[1]);
  EXPECT_EQ(info.hours_type, DayType::saturday);
  // Desk rules come before the site's.
  info = classify_day(day("2026-12-24"), desk, site);
  EXPECT_EQ(info.special, &desk[0]);
  EXPECT_EQ(info.type, DayType::special);
  EXPECT_EQ(info.hours_type, DayType::special);
  // A special day that is also a public holiday keeps the holiday's name.
  info =
      classify_day(day("2026-12-25"), none, std::vector<SpecialDay>{yearly("Jul", 12, 24, 12, 26)});
  EXPECT_EQ(info.type, DayType::special);
  EXPECT_EQ(info.holiday, "1. juledag");
}

TEST(WindowsOn, SpecialOwnWindowsTreatAsAndBeforeFirstVersion) {
  const Window wd{480, 1380}, we{600, 1080};
  ServiceHours h{{version("2026-01-01", {wd}, {we}, {}, {we})}};
  const std::vector<SpecialDay> none;
  SpecialDay own = yearly("Own", 12, 24, 12, 24);
  own.treat_as.reset();
  own.own_windows = {Window{480, 720}, Window{1320, 120}};
  SpecialDay closed = yearly("Closed", 12, 31, 12, 31);
  closed.treat_as.reset();
  std::vector<SpecialDay> rules{own, closed, yearly("As sunday", 12, 23, 12, 23)};
  rules[2].treat_as = DayType::sunday;

  auto on = [&](const char* d) {
    const DayInfo info = classify_day(day(d), none, rules);
    const auto span = windows_on(h, day(d), info);
    return std::vector<Window>(span.begin(), span.end());
  };
  EXPECT_EQ(on("2026-12-22"), (std::vector<Window>{wd}));
  EXPECT_EQ(on("2026-12-23"), (std::vector<Window>{}));  // sunday hours: closed
  EXPECT_EQ(on("2026-12-24"), (std::vector<Window>{Window{480, 720}, Window{1320, 120}}));
  EXPECT_EQ(on("2026-12-26"), (std::vector<Window>{we}));  // 2. juledag, a Saturday: holiday
  EXPECT_EQ(on("2026-12-31"), (std::vector<Window>{}));
  // Before the first version there are no hours at all, special day or not.
  EXPECT_EQ(on("2025-12-24"), (std::vector<Window>{}));
  EXPECT_EQ(on("2025-12-22"), (std::vector<Window>{}));
}

// ---------------------------------------------------------------------------------------------
// Through route(): the St. Olavs line 73553888, medisin desk.

class StOlavsHours : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = new Site(test::load_example("st-olavs.json")); }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }
  static RoutePlan plan(std::string_view local, std::size_t desk = 0) {
    return route_at(*site_, at(local), desk);
  }
  static bool open(std::string_view local, std::size_t desk = 0) { return plan(local, desk).open; }
  static Site* site_;
};
Site* StOlavsHours::site_ = nullptr;

TEST_F(StOlavsHours, WeekdayBoundarySeconds) {
  // Winter and summer weekdays.
  for (const char* d : {"2026-01-13", "2026-06-09", "2027-11-03"}) {
    const std::string s = d;
    EXPECT_FALSE(open(s + "T00:00:00")) << d;
    EXPECT_FALSE(open(s + "T07:59:59")) << d;
    EXPECT_TRUE(open(s + "T08:00:00")) << d;
    EXPECT_TRUE(open(s + "T12:00:00")) << d;
    EXPECT_TRUE(open(s + "T22:59:59")) << d;
    EXPECT_FALSE(open(s + "T23:00:00")) << d;
    EXPECT_FALSE(open(s + "T23:59:59")) << d;
  }
  const RoutePlan p = plan("2026-06-09T08:00:00");
  EXPECT_EQ(p.day_type, DayType::weekday);
  EXPECT_EQ(p.hours_type, DayType::weekday);
  ASSERT_TRUE(p.window);
  EXPECT_EQ(format_window(*p.window), "08:00-23:00");
  EXPECT_EQ(p.service_day, day("2026-06-09"));
  EXPECT_FALSE(p.holiday);
  EXPECT_FALSE(p.special_day);
}

TEST_F(StOlavsHours, WeekendBoundarySeconds) {
  for (const char* d : {"2026-06-13", "2026-06-14", "2026-01-17", "2026-01-18"}) {
    const std::string s = d;
    EXPECT_FALSE(open(s + "T08:00:00")) << d;
    EXPECT_FALSE(open(s + "T09:59:59")) << d;
    EXPECT_TRUE(open(s + "T10:00:00")) << d;
    EXPECT_TRUE(open(s + "T17:59:59")) << d;
    EXPECT_FALSE(open(s + "T18:00:00")) << d;
    EXPECT_FALSE(open(s + "T22:00:00")) << d;
  }
  EXPECT_EQ(plan("2026-06-13T12:00").day_type, DayType::saturday);
  EXPECT_EQ(plan("2026-06-14T12:00").day_type, DayType::sunday);
  EXPECT_EQ(plan("2026-06-14T12:00").hours_type, DayType::sunday);
}

TEST_F(StOlavsHours, SeventeenthOfMay2027IsAMondayWithHolidayHours) {
  EXPECT_FALSE(open("2027-05-17T08:00:00"));
  EXPECT_FALSE(open("2027-05-17T09:59:59"));
  EXPECT_TRUE(open("2027-05-17T10:00:00"));
  EXPECT_TRUE(open("2027-05-17T17:59:59"));
  EXPECT_FALSE(open("2027-05-17T18:00:00"));
  EXPECT_FALSE(open("2027-05-17T22:00:00"));
  const RoutePlan p = plan("2027-05-17T12:00");
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.day_type, DayType::holiday);
  EXPECT_EQ(p.hours_type, DayType::holiday);
  EXPECT_EQ(p.holiday, "17. mai (Grunnlovsdag)");
  EXPECT_FALSE(p.special_day);
  EXPECT_EQ(format_window(*p.window), "10:00-18:00");
  // Closed that morning: the plan still names the holiday and the reason says so.
  const RoutePlan closed = plan("2027-05-17T08:30");
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.day_type, DayType::holiday);
  EXPECT_EQ(closed.holiday, "17. mai (Grunnlovsdag)");
  EXPECT_NE(closed.reason().find("public holiday '17. mai (Grunnlovsdag)' hours 10:00-18:00"),
            std::string::npos)
      << closed.reason();
  // The next day is an ordinary Tuesday.
  EXPECT_TRUE(open("2027-05-18T08:00"));
  EXPECT_EQ(plan("2027-05-18T08:00").day_type, DayType::weekday);
  // Ascension Day 2027 (Thursday 6 May).
  EXPECT_FALSE(open("2027-05-06T09:00"));
  EXPECT_EQ(plan("2027-05-06T11:00").holiday, "Kristi himmelfartsdag");
}

TEST_F(StOlavsHours, ChristmasEveIsConfiguredAsHoliday) {
  // Thursday 2026-12-24: "Julaften" treated as holiday -> 10-18.
  EXPECT_FALSE(open("2026-12-24T08:00:00"));
  EXPECT_FALSE(open("2026-12-24T09:59:59"));
  EXPECT_TRUE(open("2026-12-24T10:00:00"));
  EXPECT_TRUE(open("2026-12-24T17:59:59"));
  EXPECT_FALSE(open("2026-12-24T18:00:00"));
  EXPECT_FALSE(open("2026-12-24T22:00:00"));
  const RoutePlan p = plan("2026-12-24T12:00");
  EXPECT_EQ(p.day_type, DayType::special);
  EXPECT_EQ(p.hours_type, DayType::holiday);
  EXPECT_EQ(p.special_day, "Julaften");
  EXPECT_FALSE(p.holiday);
  EXPECT_NE(p.reason().find("Open (special day 'Julaften' treated as holiday hours 10:00-18:00)."),
            std::string::npos)
      << p.reason();
  EXPECT_EQ(p.reason().find("hours hours"), std::string::npos) << p.reason();
  // New Year's Eve too; the desks with their own hours have no holiday hours: closed.
  EXPECT_FALSE(open("2026-12-31T09:00"));
  EXPECT_EQ(plan("2026-12-31T12:00").special_day, "Nyttårsaften");
  EXPECT_FALSE(open("2026-12-24T12:00", 2));  // kardiologi
  EXPECT_TRUE(open("2026-12-23T12:00", 2));
  EXPECT_FALSE(open("2026-12-23T20:00", 2));
  EXPECT_TRUE(open("2026-12-23T19:59:59", 2));
}

TEST(UnconfiguredSite, ChristmasEveIsAnOrdinaryWeekday) {
  const Site site = must_parse(base_site());
  const RoutePlan p = route_at(site, at("2026-12-24T08:00"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.day_type, DayType::weekday);
  EXPECT_FALSE(p.special_day);
  EXPECT_FALSE(p.holiday);
  EXPECT_TRUE(route_at(site, at("2026-12-24T22:59:59")).open);
  EXPECT_FALSE(route_at(site, at("2026-12-24T23:00")).open);
  EXPECT_TRUE(route_at(site, at("2026-12-31T22:00")).open);
  // 25 December is a holiday everywhere.
  EXPECT_FALSE(route_at(site, at("2026-12-25T09:00")).open);
  EXPECT_EQ(route_at(site, at("2026-12-25T10:00")).holiday, "1. juledag");
}

// ---------------------------------------------------------------------------------------------
// Windows crossing midnight

json night_site() {
  json j = base_site();
  j["lines"][0]["hours"][0]["weekday"] = {"08:00-16:00", "22:00-02:00"};
  return j;
}

TEST(CrossingMidnight, BelongsToTheDayItStarts) {
  const Site site = must_parse(night_site());
  // Friday 2026-06-12 22:00 -> Saturday 02:00.
  EXPECT_FALSE(route_at(site, at("2026-06-12T21:59:59")).open);
  const RoutePlan fri = route_at(site, at("2026-06-12T22:00:00"));
  EXPECT_TRUE(fri.open);
  EXPECT_EQ(fri.service_day, day("2026-06-12"));
  const RoutePlan sat = route_at(site, at("2026-06-13T01:59:59"));
  EXPECT_TRUE(sat.open);
  EXPECT_EQ(sat.day_type, DayType::weekday);
  EXPECT_EQ(sat.hours_type, DayType::weekday);
  EXPECT_EQ(sat.service_day, day("2026-06-12"));
  ASSERT_TRUE(sat.window);
  EXPECT_EQ(format_window(*sat.window), "22:00-02:00");
  const RoutePlan closed = route_at(site, at("2026-06-13T02:00:00"));
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.day_type, DayType::saturday);
  EXPECT_EQ(closed.service_day, day("2026-06-13"));
  EXPECT_EQ(closed.fallback, &site.lines[0].desks[0].closed);
  // Saturday night has weekend hours: nothing crosses into Sunday.
  EXPECT_FALSE(route_at(site, at("2026-06-14T01:00")).open);
  // Sunday has no night window, so Monday 00:30 is closed; Monday night crosses into Tuesday.
  EXPECT_FALSE(route_at(site, at("2026-06-15T00:30")).open);
  EXPECT_TRUE(route_at(site, at("2026-06-16T00:30")).open);
}

TEST(CrossingMidnight, IntoAHolidayKeepsTheStartDaysType) {
  const Site site = must_parse(night_site());
  // Wednesday 2026-04-01 22:00 -> Skjærtorsdag 02:00: open with weekday type, no holiday name.
  const RoutePlan p = route_at(site, at("2026-04-02T01:00"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.day_type, DayType::weekday);
  EXPECT_EQ(p.service_day, day("2026-04-01"));
  EXPECT_FALSE(p.holiday);
  // Skjærtorsdag itself has holiday hours: its night (into Good Friday) is closed.
  EXPECT_FALSE(route_at(site, at("2026-04-02T22:30")).open);
  const RoutePlan gf = route_at(site, at("2026-04-03T01:00"));
  EXPECT_FALSE(gf.open);
  EXPECT_EQ(gf.day_type, DayType::holiday);
  EXPECT_EQ(gf.holiday, "Langfredag");
  // A holiday evening does not open the next morning either; Easter Monday night is closed.
  EXPECT_FALSE(route_at(site, at("2026-04-07T01:00")).open);
  EXPECT_TRUE(route_at(site, at("2026-04-08T01:00")).open);
}

TEST(CrossingMidnight, SpecialDayOwnWindowCarriesItsName) {
  json j = base_site();
  j["special_days"] = {{{"name", "Nattåpent"}, {"date", "2026-09-09"}, {"hours", {"20:00-03:00"}}}};
  const Site site = must_parse(j);
  const RoutePlan p = route_at(site, at("2026-09-10T02:59:59"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.special_day, "Nattåpent");
  EXPECT_EQ(p.day_type, DayType::special);
  EXPECT_EQ(p.hours_type, DayType::special);
  EXPECT_EQ(p.service_day, day("2026-09-09"));
  EXPECT_FALSE(route_at(site, at("2026-09-10T03:00")).open);
  // The special day's own hours replace the weekday's: closed at 12:00, open from 20:00.
  EXPECT_FALSE(route_at(site, at("2026-09-09T12:00")).open);
  EXPECT_TRUE(route_at(site, at("2026-09-09T20:00")).open);
  EXPECT_TRUE(route_at(site, at("2026-09-10T08:00")).open);
  EXPECT_EQ(route_at(site, at("2026-09-10T08:00")).day_type, DayType::weekday);
}

// ---------------------------------------------------------------------------------------------
// Effective-dated versions

TEST(HoursVersions, LaterVersionTakesEffectOnItsDate) {
  json j = base_site();
  j["lines"][0]["hours"].push_back({{"from", "2027-01-01"}, {"weekday", {"08:00-22:00"}}});
  const Site site = must_parse(j);
  const Desk& desk = site.lines[0].desks[0];
  ASSERT_EQ(desk.hours.versions().size(), 2u);
  // The restated version is complete: weekend and holiday carry over.
  EXPECT_EQ(desk.hours.versions()[1].windows[hours_index(DayType::saturday)],
            (std::vector<Window>{Window{600, 1080}}));
  EXPECT_EQ(desk.hours.versions()[1].windows[hours_index(DayType::holiday)],
            (std::vector<Window>{Window{600, 1080}}));

  EXPECT_TRUE(route_at(site, at("2026-12-31T22:30")).open);  // Thursday, old hours
  EXPECT_TRUE(route_at(site, at("2026-12-31T22:59:59")).open);
  EXPECT_FALSE(route_at(site, at("2027-01-04T22:30")).open);  // Monday, new hours
  EXPECT_TRUE(route_at(site, at("2027-01-04T21:59:59")).open);
  EXPECT_FALSE(route_at(site, at("2027-01-04T22:00:00")).open);
  EXPECT_EQ(format_window(*route_at(site, at("2027-01-04T12:00")).window), "08:00-22:00");
  // Holiday and weekend hours carry over from the first version.
  EXPECT_FALSE(route_at(site, at("2027-01-01T09:59:59")).open);
  EXPECT_TRUE(route_at(site, at("2027-01-01T10:00")).open);
  EXPECT_TRUE(route_at(site, at("2027-01-02T17:59:59")).open);
  EXPECT_FALSE(route_at(site, at("2027-01-02T18:00")).open);
}

TEST(HoursVersions, PartialRestatementsInheritFromTheVersionBefore) {
  json j = base_site();
  // Out of date order in the file on purpose.
  j["lines"][0]["hours"].push_back({{"from", "2027-06-01"}, {"saturday", json::array()}});
  j["lines"][0]["hours"].push_back({{"from", "2027-01-01"}, {"weekday", {"08:00-22:00"}}});
  const Site site = must_parse(j);
  const auto& versions = site.lines[0].desks[0].hours.versions();
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[2].effective_from, day("2027-06-01"));
  EXPECT_EQ(versions[2].windows[0], (std::vector<Window>{Window{480, 1320}}));  // from version 2
  EXPECT_TRUE(versions[2].windows[1].empty());                                  // restated
  EXPECT_EQ(versions[2].windows[2], (std::vector<Window>{Window{600, 1080}}));  // from version 1
  EXPECT_EQ(versions[2].windows[3], (std::vector<Window>{Window{600, 1080}}));

  EXPECT_TRUE(route_at(site, at("2027-05-29T12:00")).open);   // Saturday before
  EXPECT_FALSE(route_at(site, at("2027-06-05T12:00")).open);  // Saturday after: closed
  EXPECT_TRUE(route_at(site, at("2027-06-06T12:00")).open);   // Sunday still 10-18
  EXPECT_FALSE(route_at(site, at("2027-06-07T22:30")).open);  // weekday still 08-22
  EXPECT_TRUE(route_at(site, at("2027-06-07T21:30")).open);
}

TEST(HoursVersions, CrossingWindowUsesTheVersionOfItsStartDay) {
  json j = base_site();
  j["lines"][0]["hours"][0]["weekday"] = {"08:00-16:00", "22:00-02:00"};
  j["lines"][0]["hours"].push_back({{"from", "2027-01-05"}, {"weekday", {"08:00-16:00"}}});
  const Site site = must_parse(j);
  // Monday 2027-01-04 22:00 (old version) runs into Tuesday, the new version's first day.
  EXPECT_TRUE(route_at(site, at("2027-01-05T01:30")).open);
  EXPECT_EQ(route_at(site, at("2027-01-05T01:30")).service_day, day("2027-01-04"));
  EXPECT_FALSE(route_at(site, at("2027-01-05T02:00")).open);
  // Tuesday's own night is gone in the new version.
  EXPECT_FALSE(route_at(site, at("2027-01-05T22:30")).open);
  EXPECT_FALSE(route_at(site, at("2027-01-06T01:30")).open);
}

TEST(HoursVersions, BeforeTheFirstVersionTheDeskIsClosed) {
  json j = base_site();
  j["lines"][0]["hours"][0]["from"] = "2026-03-01";
  const Site site = must_parse(j);
  EXPECT_FALSE(route_at(site, at("2026-02-27T12:00")).open);
  EXPECT_TRUE(route_at(site, at("2026-03-02T12:00")).open);
  const RoutePlan p = route_at(site, at("2026-02-27T12:00"));
  EXPECT_NE(p.reason().find("no service hours that day"), std::string::npos) << p.reason();
}

// ---------------------------------------------------------------------------------------------
// Helse Nord-Trøndelag: the ENT desk is closed in Easter week and at Christmas.

TEST(HelseNordTrondelag, EntDeskSpecialDays) {
  const Site site = test::load_example("helse-nord-trondelag.json");
  const Line& levanger = site.lines.at(0);
  ASSERT_EQ(levanger.number, "74098800");
  const Desk* ent = levanger.find_desk("ore-nese-hals");
  ASSERT_NE(ent, nullptr);
  const auto plan = [&](std::string_view t) { return route(site, levanger, *ent, at(t)); };
  EXPECT_TRUE(plan("2026-03-27T10:00").open);  // Friday before Easter week
  EXPECT_TRUE(plan("2026-03-27T15:29:59").open);
  EXPECT_FALSE(plan("2026-03-27T15:30").open);
  const RoutePlan easter = plan("2026-03-30T10:00");  // Monday of Easter week
  EXPECT_FALSE(easter.open);
  EXPECT_EQ(easter.special_day, "Påskeuka");
  EXPECT_EQ(easter.day_type, DayType::special);
  EXPECT_EQ(easter.fallback->name, "Øre-nese-hals St. Olavs hospital");
  EXPECT_EQ(easter.fallback->address, "sip:ore-nese-hals@pbx.stolav.example");
  EXPECT_FALSE(plan("2026-04-06T10:00").open);  // Easter Monday (inside the range)
  EXPECT_TRUE(plan("2026-04-07T10:00").open);   // Tuesday after
  EXPECT_TRUE(plan("2026-12-23T10:00").open);
  const RoutePlan romjul = plan("2026-12-28T10:00");
  EXPECT_FALSE(romjul.open);
  EXPECT_EQ(romjul.special_day, "Romjul");
  EXPECT_NE(romjul.reason().find("no service hours that day"), std::string::npos)
      << romjul.reason();
  EXPECT_TRUE(plan("2027-01-04T08:00").open);
  // The medicine desk on the same line is not affected by the ENT desk's rules.
  EXPECT_TRUE(route(site, levanger, levanger.desks[0], at("2026-03-30T10:00")).open);
  EXPECT_FALSE(route(site, levanger, levanger.desks[0], at("2026-03-30T10:00")).special_day);
}

}  // namespace
}  // namespace samtel
