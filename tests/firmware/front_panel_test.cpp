// What the front panel shows, as a pure function of the line's plan and the daemon's state.
#include "samtel/samteld/front_panel.hpp"

#include <string>

#include <gtest/gtest.h>

#include "samtel/config.hpp"
#include "samtel/routing.hpp"

namespace samtel::fw {
namespace {

class FrontPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_site_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json");
    ASSERT_TRUE(loaded);
    site = std::make_unique<Site>(std::move(*loaded));
    line = &site->lines.front();
  }
  RoutePlan plan_at(const std::string& local) {
    const Instant t = parse_time(local, *site->zone)->instant;
    return route(*site, *line, line->desks[line->default_desk], t);
  }
  std::unique_ptr<Site> site;
  const Line* line = nullptr;
};

TEST_F(FrontPanelTest, OpenLineShowsWhoIsOnDutyThenTheBackupThenTheCount) {
  const RoutePlan plan = plan_at("2026-11-24T10:00");  // a Tuesday, open
  ASSERT_TRUE(plan.open);
  ASSERT_GE(plan.attempts.size(), 2u);
  PanelState state;
  state.calls_taken = 12;
  PanelView v = present(*line, plan, state);
  EXPECT_EQ(v.indicator, board::IndicatorState::open);
  EXPECT_EQ(v.line1, line->number + " APEN");
  EXPECT_EQ(v.line2, "Vakt: " + plan.attempts[0].person->name);
  state.page = 1;
  EXPECT_EQ(present(*line, plan, state).line2, "Bakvakt: " + plan.attempts[1].person->name);
  state.page = 2;
  EXPECT_EQ(present(*line, plan, state).line2, "Samtaler: 12");
}

TEST_F(FrontPanelTest, ClosedLineShowsTheFallback) {
  const RoutePlan plan = plan_at("2026-11-24T03:00");
  ASSERT_FALSE(plan.open);
  const PanelView v = present(*line, plan, PanelState{});
  EXPECT_EQ(v.indicator, board::IndicatorState::closed);
  EXPECT_EQ(v.line1, line->number + " STENGT");
  EXPECT_EQ(v.line2, "-> " + plan.fallback->name);
}

TEST_F(FrontPanelTest, AFaultOutranksACallInProgressWhichOutranksOpen) {
  const RoutePlan plan = plan_at("2026-11-24T10:00");
  PanelState state;
  state.calls_in_progress = 1;
  EXPECT_EQ(present(*line, plan, state).indicator, board::IndicatorState::ringing);
  state.fault = "clock is unset";
  const PanelView v = present(*line, plan, state);
  EXPECT_EQ(v.indicator, board::IndicatorState::fault);
  EXPECT_EQ(v.line1, "FEIL");
  EXPECT_EQ(v.line2, "clock is unset");
}

TEST_F(FrontPanelTest, TestCallShowsWhomACallNowWouldRing) {
  const RoutePlan open = plan_at("2026-11-24T10:00");
  PanelView v = test_call_view(*line, open);
  EXPECT_EQ(v.line1, "Test " + line->number);
  EXPECT_EQ(v.line2, "-> " + open.attempts[0].person->name);
  const RoutePlan closed = plan_at("2026-11-24T03:00");
  EXPECT_EQ(test_call_view(*line, closed).line2, "-> " + closed.fallback->name);
}

}  // namespace
}  // namespace samtel::fw
