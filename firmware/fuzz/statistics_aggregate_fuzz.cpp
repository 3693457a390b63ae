// libFuzzer target: the reader of the monthly statistics the retention purge stores in the call
// log (samtel/statistics_aggregate.hpp, parse_statistics_json) and their adding up.
//
// Input: the stored text. Findings, besides crashes, exceptions and undefined behaviour: an error
// message empty or of more than one line, and statistics read that do not read back the same
// once written again (statistics_json with every count), or whose sum with themselves does not
// count every call twice.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "samtel/statistics_aggregate.hpp"

namespace {

void finding(const char* what, std::string_view input) {
  std::fprintf(stderr, "statistics_aggregate_fuzz: %s for %.*s\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace samtel;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto read = parse_statistics_json(text);
  if (!read) {
    if (read.error().empty() || read.error().find('\n') != std::string::npos) {
      finding("an error message empty or of more than one line", text);
    }
    return 0;
  }
  const std::string written = statistics_json(*read, nullptr, Disclosure::internal).dump();
  const auto again = parse_statistics_json(written);
  if (!again) finding("statistics written that do not read back", text);
  if (statistics_json(*again, nullptr, Disclosure::internal).dump() != written) {
    finding("statistics that read back otherwise", text);
  }
  CallStatistics twice = *read;
  add_statistics(twice, *read);
  if (twice.calls != read->calls * 2 || twice.by_hour[0] != read->by_hour[0] * 2) {
    finding("a sum that does not count every call twice", text);
  }
  return 0;
}
