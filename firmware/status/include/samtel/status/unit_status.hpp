#pragma once
// samtel/status/unit_status.hpp — what samteld says of itself in `STATE_DIR/status.json`, for the
// admin service (and operators) to read: routing, routing with faults, or stopped; since when;
// which faults, each since when. samteld writes the file with `to_json()`; the admin service reads
// it with `parse_unit_status()`: one format, one piece of code (docs/firmware.md).
//
// Promises:
//  * `Fault` is the one vocabulary of samteld's faults; `to_string()` gives the name the file and
//    the API use ("clock", "call-log", "call-log-damaged", "disk-space", "exchange-silent",
//    "clock-stepped") and `parse_fault()` takes it back.
//    `UnitState` likewise ("routing", "fault", "stopped").
//  * `to_json()` writes schema 1 (`kUnitStatusSchema`), times as UTC RFC 3339 (`...Z`):
//        {"faults": [{"kind": "clock", "message": "clock is unset (...)", "since": "..."}],
//         "pid": 4242, "schema": 1, "started": "...", "state": "fault", "updated": "...",
//         "version": "0.1.0"}
//    and `parse_unit_status(to_json(s)) == s` for every status that parse can give (a pid in
//    range, non-empty texts, the state agreeing with the faults). A control character in a
//    message is written escaped (a line feed as the two characters "\n"), so the admin service
//    can always read what samteld wrote.
//  * `parse_unit_status()` reads outside input and never throws. It refuses, with one line naming
//    the place (a JSON Pointer) and what is wrong: text that is not JSON (line and column), more
//    than `kMaxUnitStatusBytes`, another schema, a missing or mistyped member, a pid outside
//    1..2147483647 (so that nobody signals a process group by it), an unknown state or fault kind,
//    a time without its offset, a fault listed twice, "routing" with faults or "fault" without.
//    Members it does not know are ignored: a later samteld may add some; what an older reader
//    would misread comes with a new schema.
//  * `read_unit_status()` is reading the file and parsing it; its errors begin with the path.
//
//   UnitStatus s{.pid = ::getpid(), .started = t0, .updated = now, .state = UnitState::routing,
//                .version = "0.1.0"};
//   write_file_atomically(state_dir + "/status.json", to_json(s));
//   auto back = read_unit_status(state_dir + "/status.json");  // back->state == UnitState::routing
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/time.hpp"

namespace samtel::fw {

// What is wrong with the unit, as samteld raises and clears it.
enum class Fault {
  clock,             // the clock is unset: calls go to the fallback
  call_log,          // the call log cannot be written (records held, or in the journal only)
  call_log_damaged,  // the call log was found damaged and moved aside; until acknowledged
  disk_space,        // the state directory's disk is nearly full
  exchange_silent,   // no OPTIONS from the exchange for the configured time
  clock_stepped,     // the wall clock jumped; for a while after
};
inline constexpr std::array kAllFaults{
    Fault::clock,      Fault::call_log,        Fault::call_log_damaged,
    Fault::disk_space, Fault::exchange_silent, Fault::clock_stepped};
std::string_view to_string(Fault fault);
std::optional<Fault> parse_fault(std::string_view text);

enum class UnitState {
  routing,  // routing calls, no fault
  fault,    // running with at least one fault
  stopped,  // stopped cleanly
};
std::string_view to_string(UnitState state);
std::optional<UnitState> parse_unit_state(std::string_view text);

struct UnitFault {
  Fault kind = Fault::clock;
  std::string message;  // for people, one line
  Instant since;        // when it was raised

  bool operator==(const UnitFault&) const = default;
};

inline constexpr int kUnitStatusSchema = 1;
inline constexpr std::size_t kMaxUnitStatusBytes = 64 * 1024;

struct UnitStatus {
  long pid = 0;     // samteld's process
  Instant started;  // when this samteld started, by its clock
  Instant updated;  // when the file was written
  UnitState state = UnitState::routing;
  std::vector<UnitFault> faults;  // in the order of `Fault`
  std::string version;            // samteld's

  bool operator==(const UnitStatus&) const = default;
};

// The faults as the file and the admin service's API list them.
nlohmann::json faults_json(const std::vector<UnitFault>& faults);
// The file's text: JSON, two-space indented, ending in a newline.
std::string to_json(const UnitStatus& status);
tl::expected<UnitStatus, std::string> parse_unit_status(std::string_view text);
tl::expected<UnitStatus, std::string> read_unit_status(const std::string& path);

// Whether no process `pid` exists (a status that says routing or fault for it is stale: samteld
// died without writing its stop). EPERM means one does, run by another user (samteld's own).
bool process_gone(long pid);

}  // namespace samtel::fw
