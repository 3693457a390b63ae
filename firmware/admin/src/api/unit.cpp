// GET /api/v1/unit: whether samteld is routing calls, routing with faults, or stopped, from the
// status file it writes (samtel/status/unit_status.hpp). Never an error status: a file that was
// not given or cannot be read is the state "unknown" with the reason, and a file that says
// routing or fault for a process that is gone is "stopped" and stale (samteld died without
// writing its stop).
#include "resources.hpp"
#include "samtel/status/unit_status.hpp"

namespace samtel::fw::admin {
namespace {

nlohmann::json unknown(const std::string& message) {
  return {{"state", "unknown"}, {"faults", nlohmann::json::array()},
          {"started", nullptr}, {"updated", nullptr},
          {"stale", false},     {"message", message}};
}

std::string faults_message(const std::vector<UnitFault>& faults) {
  std::string out = faults.size() == 1
                        ? "samteld reports a fault: "
                        : "samteld reports " + std::to_string(faults.size()) + " faults: ";
  for (std::size_t i = 0; i < faults.size(); ++i) out += (i > 0 ? " | " : "") + faults[i].message;
  return out;
}

nlohmann::json unit_answer(const std::string& path) {
  if (path.empty()) {
    return unknown(
        "the unit's state is not known: samtel-admind was started without --unit-status");
  }
  auto status = read_unit_status(path);
  if (!status) return unknown("samteld's status cannot be read: " + status.error());
  UnitState state = status->state;
  bool stale = false;
  std::string message;
  if (state != UnitState::stopped && process_gone(status->pid)) {
    state = UnitState::stopped;
    stale = true;
    message = "samteld is not running: process " + std::to_string(status->pid) +
              " is gone without writing its stop (its status said " +
              std::string(to_string(status->state)) + " at " + format_utc(status->updated) + ")";
  } else if (state == UnitState::stopped) {
    message = "samteld stopped at " + format_utc(status->updated);
  } else if (state == UnitState::fault) {
    message = faults_message(status->faults);
  } else {
    message = "samteld is routing calls";
  }
  return {{"state", to_string(state)},
          {"faults", faults_json(status->faults)},
          {"started", format_utc(status->started)},
          {"updated", format_utc(status->updated)},
          {"stale", stale},
          {"message", message}};
}

}  // namespace

void add_unit_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/unit", {.role = Role::viewer},
             [path = r.unit_status](const Call&) {
               ApiResponse out;
               out.body = unit_answer(path);
               return out;
             });
}

}  // namespace samtel::fw::admin
