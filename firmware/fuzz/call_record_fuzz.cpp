// libFuzzer target: arbitrary bytes as a file of call records in JSON lines for
// call_records_from_json_lines() (samtel/call_record_json.hpp), the reader behind `samtel
// call-log import`.
//
// Findings, besides crashes, leaks and undefined behaviour: a refusal without a message, or with
// a message that does not name its line; records taken whose JSON, as to_json() writes it, is not
// read back to the same JSON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "samtel/call_record_json.hpp"

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "call_record_fuzz: violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto records = samtel::call_records_from_json_lines(text);
  if (!records) {
    check(!records.error().empty(), "refused without a message");
    for (const std::string& e : records.error()) {
      check(e.starts_with("line ") && e.size() > 7, "a message that does not name its line");
    }
    return 0;
  }
  for (const samtel::CallRecord& r : *records) {
    const std::string json = samtel::to_json(r);
    const auto again = samtel::call_record_from_json(json);
    check(static_cast<bool>(again), "to_json() of a record read is refused");
    check(samtel::to_json(*again) == json, "to_json() of a record read does not round-trip");
  }
  return 0;
}
