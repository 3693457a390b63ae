#include "samtel/sim/desks.hpp"

namespace samtel::sim {

tl::expected<std::vector<DeskRef>, std::string> select_desks(const Schedule& schedule,
                                                             std::string_view line,
                                                             std::string_view desk) {
  std::vector<DeskRef> out;
  if (line.empty()) {
    for (const Site& s : schedule.sites()) {
      for (const Line& l : s.lines) {
        for (const Desk& d : l.desks) {
          if (desk.empty() || d.id == desk) out.push_back(DeskRef{&s, &l, &d});
        }
      }
    }
    if (out.empty() && !desk.empty()) {
      return tl::unexpected("no line has a desk '" + std::string(desk) + "'");
    }
    if (out.empty()) return tl::unexpected(std::string("the configuration has no lines"));
    return out;
  }
  const auto ref = schedule.find_line(line);
  if (!ref) {
    std::string known;
    for (const Site& s : schedule.sites()) {
      for (const Line& l : s.lines) known += (known.empty() ? "" : ", ") + l.number;
    }
    return tl::unexpected("no line with number '" + std::string(line) + "' (lines: " + known + ")");
  }
  for (const Desk& d : ref.line->desks) {
    if (desk.empty() || d.id == desk) out.push_back(DeskRef{ref.site, ref.line, &d});
  }
  if (out.empty()) {
    std::string known;
    for (const Desk& d : ref.line->desks) known += (known.empty() ? "" : ", ") + d.id;
    return tl::unexpected("line " + ref.line->number + " has no desk '" + std::string(desk) +
                          "' (desks: " + known + ")");
  }
  return out;
}

}  // namespace samtel::sim
