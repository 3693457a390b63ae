// libFuzzer target: the period a statistics request names (samtel/call_statistics.hpp,
// parse_period) and the printable report's escaping (samtel/statistics_report.hpp).
//
// Input: byte 0 chooses the kind (month, quarter, year); the rest is the text asked for. Findings,
// besides crashes and undefined behaviour: a period accepted that is not whole local days in
// order, a period whose name does not read back as the text given (a month is named "2027-03",
// so "2027-03" must be what was given), an error message of more than one line, and a report
// whose site name (the same text) reaches the page unescaped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "samtel/statistics_report.hpp"

namespace {

void finding(const char* what, std::string_view input) {
  std::fprintf(stderr, "statistics_period_fuzz: %s for %.*s\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace samtel;
  if (size == 0) return 0;
  const PeriodKind kind = static_cast<PeriodKind>(data[0] % 3);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto period = parse_period(kind, text);
  if (!period) {
    if (period.error().empty() || period.error().find('\n') != std::string::npos) {
      finding("an error message empty or of more than one line", text);
    }
  } else {
    if (period->days() < 28 || period->days() > 366) finding("a period of odd length", text);
    if (period_name(*period) != text) finding("a name that is not the text given", text);
    if (previous_period(*period).last + date::days{1} != period->first) {
      finding("a period before that does not end the day before", text);
    }
  }
  if (size > 256) return 0;
  StatisticsReport report;
  report.site_id = "fuzz";
  report.site_name = std::string(text);
  report.now.period = period ? *period : DateRange{LocalDays{}, LocalDays{}};
  report.previous.period = previous_period(report.now.period);
  const std::string page = statistics_report_html(report);
  if (text.find('<') != std::string_view::npos &&
      page.find("<h1>Call statistics: " + std::string(text)) != std::string::npos) {
    finding("a site name not escaped", text);
  }
  return 0;
}
