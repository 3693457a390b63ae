// libFuzzer target: arbitrary bytes as the unit's settings file for parse_unit_config()
// (samtel/unit/settings.hpp), which samteld, samtel-admind and `samtel call-log purge` read.
//
// Findings, besides crashes, leaks and undefined behaviour: a refusal with no problem or with a
// problem that is not "POINTER: message" on one line; settings taken whose retention breaks its
// own rules (a day count outside 1..36525, a caller's number kept longer than its record, a
// record longer than its month's aggregate).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "samtel/unit/settings.hpp"

namespace {

using namespace samtel::fw;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "unit_config_fuzz: violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto unit = parse_unit_config(text);
  if (!unit) {
    check(!unit.error().empty(), "a refusal names a problem");
    for (const std::string& e : unit.error()) {
      check(!e.empty() && e.front() == '/', "a problem starts with its JSON Pointer");
      check(e.find(": ") != std::string::npos, "a problem says what is wrong");
      check(e.find('\n') == std::string::npos, "a problem is one line");
    }
    return 0;
  }
  const Retention& r = unit->retention;
  const auto in_range = [](std::chrono::days d) { return d.count() >= 1 && d.count() <= 36525; };
  check(in_range(r.caller_number) && in_range(r.call_records), "retention days in 1..36525");
  check(r.caller_number <= r.call_records, "a number is not kept longer than its record");
  check(!r.aggregates || (in_range(*r.aggregates) && *r.aggregates >= r.call_records),
        "a record is not kept longer than its month's aggregate");
  return 0;
}
