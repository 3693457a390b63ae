#include "samtel/samteld/front_panel.hpp"

namespace samtel::fw {
namespace {

std::string first_on_duty(const RoutePlan& plan) {
  if (!plan.attempts.empty() && plan.attempts.front().person != nullptr) {
    return plan.attempts.front().person->name;
  }
  return {};
}

std::string fallback_name(const RoutePlan& plan) {
  return plan.fallback != nullptr ? plan.fallback->name : std::string("?");
}

}  // namespace

PanelView present(const Line& line, const RoutePlan& plan, const PanelState& state) {
  PanelView v;
  if (state.fault)
    v.indicator = board::IndicatorState::fault;
  else if (state.calls_in_progress > 0)
    v.indicator = board::IndicatorState::ringing;
  else if (plan.open && plan.coverage_gap)
    v.indicator = board::IndicatorState::gap;
  else if (plan.open)
    v.indicator = board::IndicatorState::open;
  else
    v.indicator = board::IndicatorState::closed;

  v.line1 = line.number + (plan.open ? " APEN" : " STENGT");
  if (state.fault) {
    v.line1 = "FEIL";
    v.line2 = *state.fault;
  } else if (state.page == 0) {
    v.line2 = plan.attempts.empty() ? "-> " + fallback_name(plan) : "Vakt: " + first_on_duty(plan);
  } else if (state.page == 1) {
    v.line2 = plan.attempts.size() > 1 && plan.attempts[1].person != nullptr
                  ? "Bakvakt: " + plan.attempts[1].person->name
                  : "Ingen bakvakt";
  } else {
    v.line2 = "Samtaler: " + std::to_string(state.calls_taken);
  }
  return v;
}

PanelView test_call_view(const Line& line, const RoutePlan& plan) {
  PanelView v = present(line, plan, PanelState{});
  v.line1 = "Test " + line.number;
  v.line2 = plan.attempts.empty() ? "-> " + fallback_name(plan) : "-> " + first_on_duty(plan);
  return v;
}

}  // namespace samtel::fw
