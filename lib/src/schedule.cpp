#include "samtel/schedule.hpp"

namespace samtel {

const Desk* Line::find_desk(std::string_view id) const {
  for (const Desk& d : desks) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

Schedule::LineRef Schedule::find_line(std::string_view number) const {
  for (const Site& site : sites_) {
    for (const Line& line : site.lines) {
      if (line.number == number) return {&site, &line};
    }
  }
  return {};
}

Schedule::LineRef Schedule::first_line() const {
  for (const Site& site : sites_) {
    if (!site.lines.empty()) return {&site, &site.lines.front()};
  }
  return {};
}

}  // namespace samtel
