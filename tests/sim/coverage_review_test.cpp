#include "samtel/sim/coverage_review.hpp"

#include "test_support.hpp"

namespace samtel::sim {
namespace {

TEST(CoverageReview, RosterThatRunsOutIsAGapAndALapse) {
  const Site& site = test::st_olavs().sites()[0];
  const Span span = test::days("2027-12-27", "2028-01-09");
  const CoverageReview r = review_coverage(site, span.from, span.to);
  // The AMM rotas end on Monday 2028-01-03 at 08:00, just as the line opens.
  ASSERT_FALSE(r.core.gaps.empty());
  EXPECT_EQ(r.core.gaps.front().start, test::at("2028-01-03T08:00"));
  std::vector<std::string> lapsed;
  for (const DutyLapse& l : r.lapses) {
    EXPECT_EQ(l.at, test::at("2028-01-03T08:00"));
    EXPECT_FALSE(l.resumes.has_value());
    lapsed.push_back(l.rota->id + "/" + l.role->id);
  }
  EXPECT_EQ(lapsed, (std::vector<std::string>{"amm/primary", "amm/backup", "kardiologi/primary",
                                              "gastro/primary", "lunge/primary"}));
  // Medicine: 4 days x 15 h open before, then 5 x 15 h + 2 x 8 h with nobody on duty.
  ASSERT_EQ(r.desks.front().desk.desk->id, "medisin");
  EXPECT_EQ(r.desks.front().gap, std::chrono::hours{5 * 15 + 2 * 8});
}

TEST(CoverageReview, HolidaysAndSpecialDaysAndTheirTreatment) {
  const Site& site = test::st_olavs().sites()[0];
  const Span span = test::days("2026-12-20", "2027-01-03");
  const CoverageReview r = review_coverage(site, span.from, span.to);
  std::vector<std::string> days;
  for (const NotableDay& n : r.days) days.push_back(format_date(date::year_month_day{n.day}));
  EXPECT_EQ(days, (std::vector<std::string>{"2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
                                            "2027-01-01"}));
  const NotableDay& julaften = r.days[0];
  EXPECT_FALSE(julaften.holiday.has_value());
  EXPECT_EQ(julaften.special_names, std::vector<std::string>{"Julaften"});
  EXPECT_EQ(treatment_text(julaften.desks[0]), "'Julaften' treated as holiday: 10:00-18:00");
  EXPECT_EQ(treatment_text(julaften.desks[2]),
            "'Julaften' treated as holiday: closed");  // kardiologi
  EXPECT_EQ(treatment_text(r.days[1].desks[0]), "holiday hours: 10:00-18:00");
  EXPECT_EQ(r.findings(), 0u);
}

TEST(CoverageReview, ClockChangesAreListed) {
  const Site& site = test::st_olavs().sites()[0];
  const Span span = test::days("2026-03-23", "2026-03-31");
  const CoverageReview r = review_coverage(site, span.from, span.to);
  ASSERT_EQ(r.days.size(), 1u);
  ASSERT_TRUE(r.days[0].clock_change.has_value());
  EXPECT_EQ(describe(*r.days[0].clock_change), "clocks go forward 02:00 -> 03:00 (a 23-hour day)");
  const Span autumn = test::days("2026-10-25", "2026-10-25");
  const CoverageReview a = review_coverage(site, autumn.from, autumn.to);
  ASSERT_EQ(a.days.size(), 1u);
  EXPECT_EQ(describe(*a.days[0].clock_change), "clocks go back 03:00 -> 02:00 (a 25-hour day)");
}

TEST(CoverageReview, AnOverrideForSomeoneNotOnDutyIsFlagged) {
  // docs/examples/st-olavs.json: on 2026-12-02 Tor Nes replaces Ola Berg, but that week the
  // consultant on duty is Nils Gran, so the override never applies.
  const Site& site = test::st_olavs().sites()[0];
  const Span span = test::days("2026-11-30", "2026-12-06");
  const CoverageReview r = review_coverage(site, span.from, span.to);
  ASSERT_EQ(r.idle_overrides.size(), 1u);
  EXPECT_EQ(r.idle_overrides[0].entry->reason, "Kurs");
  EXPECT_EQ(site.people[*r.idle_overrides[0].entry->replaces].id, "berg");
}

TEST(CoverageReview, SmallSiteFindsTheBackupLapseAndTheOverlap) {
  const Site& site = test::small_site().sites()[0];
  const Span span = test::days("2027-01-11", "2027-01-29");
  const CoverageReview r = review_coverage(site, span.from, span.to);
  EXPECT_TRUE(r.core.gaps.empty());  // the primary still answers
  ASSERT_EQ(r.lapses.size(), 1u);
  EXPECT_EQ(r.lapses[0].role->id, "backup");
  EXPECT_EQ(r.lapses[0].person->id, "d");
  EXPECT_EQ(r.lapses[0].at, test::at("2027-01-18T08:00"));
  EXPECT_EQ(r.lapses[0].resumes, test::at("2027-01-20T10:00"));
  ASSERT_EQ(r.core.overlaps.size(), 1u);
  EXPECT_EQ(r.core.overlaps[0].start, test::at("2027-01-20T12:00"));
  ASSERT_EQ(r.idle_overrides.size(), 1u);
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_EQ(treatment_text(r.days[0].desks[0]), "'Fagdag' with its own hours: 10:00-12:00");
  EXPECT_EQ(r.findings(), 3u);
}

TEST(CoverageReview, EmptyPeriodHasNothing) {
  const Site& site = test::st_olavs().sites()[0];
  const Instant t = test::at("2026-12-01T08:00");
  const CoverageReview r = review_coverage(site, t, t);
  EXPECT_EQ(r.findings(), 0u);
  EXPECT_TRUE(r.days.empty());
}

}  // namespace
}  // namespace samtel::sim
