// libFuzzer target: arbitrary bytes as samteld's status file for parse_unit_status()
// (samtel/status/unit_status.hpp), the admin service's reader of it.
//
// Findings, besides crashes, leaks and undefined behaviour: a refusal without a message or on more
// than one line; a status taken with a pid outside 1..2147483647 (kill() would take it for a
// process group), "routing" with faults or "fault" without, or a fault kind twice; a status taken
// whose text, as samteld writes it (to_json()), is not read back to the same status.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "samtel/status/unit_status.hpp"

namespace {

using namespace samtel::fw;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "unit_status_fuzz: violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto status = parse_unit_status(text);
  if (!status) {
    check(!status.error().empty(), "a refused status says why");
    check(status.error().find('\n') == std::string::npos, "the reason is one line");
    return 0;
  }
  check(status->pid >= 1 && status->pid <= 2147483647, "the pid names one process");
  check((status->state == UnitState::routing) == status->faults.empty() ||
            status->state == UnitState::stopped,
        "routing has no fault, and a fault state has one");
  for (std::size_t i = 0; i < status->faults.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      check(status->faults[i].kind != status->faults[j].kind, "each fault kind is listed once");
    }
  }
  const auto again = parse_unit_status(to_json(*status));
  check(again.has_value(), "what samteld writes is read back");
  check(*again == *status, "what samteld writes is read back the same");
  return 0;
}
