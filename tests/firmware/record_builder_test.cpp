// What a redirected call's record says became of it (samtel/calls/record_builder.hpp), from the
// plan alone.
#include "samtel/calls/record_builder.hpp"

#include <gtest/gtest.h>

#include "samtel/maintenance.hpp"

namespace samtel::fw {
namespace {

struct Case {
  const char* what;
  bool open;
  bool listed;  // the plan rings someone
  bool maintenance;
  bool clock_fault;
  CallOutcome outcome;
};

TEST(FinishRedirect, TheOutcomeFollowsThePlan) {
  const Fallback fallback{"Reservelinje", "sip:reserve@pbx.stolav.example", ""};
  const MaintenanceWindow window{"sentralbord-2027",
                                 Instant{},
                                 Instant{} + std::chrono::hours(4),
                                 "Oppgradering av sentralbordet",
                                 {}};
  for (const Case& c : {
           Case{"open, someone listed", true, true, false, false, CallOutcome::redirected},
           Case{"open, nobody listed", true, false, false, false, CallOutcome::fallback},
           Case{"closed", false, false, false, false, CallOutcome::closed},
           Case{"planned maintenance", false, false, true, false, CallOutcome::maintenance},
           Case{"unset clock", false, false, true, true, CallOutcome::fallback},
       }) {
    RoutePlan plan;
    plan.open = c.open;
    plan.fallback = &fallback;
    if (c.listed) plan.attempts.emplace_back();
    if (c.maintenance) plan.maintenance = &window;
    CallRecord rec;
    finish_redirect(rec, plan, c.clock_fault);
    EXPECT_EQ(rec.outcome, c.outcome) << c.what;
    EXPECT_EQ(rec.fallback, "sip:reserve@pbx.stolav.example") << c.what;
    EXPECT_EQ(rec.attempts.size(), c.listed ? 1U : 0U) << c.what;
  }
}

}  // namespace
}  // namespace samtel::fw
