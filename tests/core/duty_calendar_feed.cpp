// Writes duty calendars of the St. Olavs example (with its two added night shifts, see
// duty_calendar_example.hpp) for check_ical.py, which reads them with a real iCalendar parser:
//   lund.ics    Overlege Siri Lund's duty, 2026-03-01 to 2026-11-01: her weeks of
//               gastroenterology and the two AMM backup shifts across the clock changes
//   gastro.ics  the gastroenterology desk of 73553888 over the same months: its weeks, two of them
//               across the clock changes
// Usage: samtel_duty_calendar_feed DIRECTORY
#include <fstream>
#include <iostream>
#include <string>

#include "duty_calendar_example.hpp"
#include "samtel/config.hpp"
#include "samtel/duty_calendar.hpp"

namespace {

bool write(const std::string& path, const tl::expected<std::string, std::string>& feed) {
  if (!feed) {
    std::cerr << path << ": " << feed.error() << '\n';
    return false;
  }
  std::ofstream out(path, std::ios::binary);
  out << *feed;
  out.close();
  if (!out) {
    std::cerr << path << ": cannot write\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: samtel_duty_calendar_feed DIRECTORY\n";
    return 2;
  }
  const std::string dir = argv[1];
  auto site = samtel::parse_site(samtel::test::st_olavs_with_night_shifts().dump(), "st-olavs");
  if (!site) {
    for (const samtel::ConfigError& e : site.error()) std::cerr << e.to_string() << '\n';
    return 1;
  }
  const samtel::Schedule schedule({std::move(*site)});
  const samtel::Zone& oslo = *schedule.sites()[0].zone;
  // The local days 2026-03-01 to 2026-10-31: [2026-03-01 00:00, 2026-11-01 00:00) in Oslo.
  const samtel::Span window =
      samtel::to_span(oslo, samtel::DateRange{date::local_days{date::year{2026} / 3 / 1},
                                              date::local_days{date::year{2026} / 10 / 31}});
  const samtel::Instant stamp = date::sys_days{date::year{2026} / 3 / 1};
  const bool ok =
      write(dir + "/lund.ics",
            samtel::duty_calendar_for_person(schedule, "st-olavs", "lund", window, stamp)) &&
      write(dir + "/gastro.ics",
            samtel::duty_calendar_for_desk(schedule, "73553888", "gastro", window, stamp));
  return ok ? 0 : 1;
}
