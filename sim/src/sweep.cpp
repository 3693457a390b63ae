#include "samtel/sim/sweep.hpp"

#include <algorithm>

#include "samtel/coverage.hpp"
#include "samtel/period.hpp"

namespace samtel::sim {
namespace {

bool same_name(std::optional<std::string_view> a, std::optional<std::string_view> b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

}  // namespace

bool same_row(const RoutePlan& a, const RoutePlan& b) {
  return a.same_decision(b) && a.day_type == b.day_type && a.hours_type == b.hours_type &&
         same_name(a.holiday, b.holiday) && same_name(a.special_day, b.special_day) &&
         a.window == b.window;
}

std::vector<SweepRow> sweep_desk(const Site& site, const Line& line, const Desk& desk, Instant from,
                                 Instant to) {
  std::vector<SweepRow> rows;
  const DeskRef ref{&site, &line, &desk};
  for (Segment& seg : timeline(site, line, desk, from, to, same_row)) {
    rows.push_back(SweepRow{ref, seg.start, seg.end, std::move(seg.plan)});
  }
  return rows;
}

std::vector<SweepRow> sweep_desk_by_minute(const Site& site, const Line& line, const Desk& desk,
                                           Instant from, Instant to) {
  std::vector<SweepRow> rows;
  const DeskRef ref{&site, &line, &desk};
  for (Instant t = from; t < to; t += std::chrono::minutes{1}) {
    RoutePlan plan = route(site, line, desk, t);
    const Instant end = std::min(Instant{t + std::chrono::minutes{1}}, to);
    if (!rows.empty() && same_row(rows.back().plan, plan)) {
      rows.back().end = end;
    } else {
      rows.push_back(SweepRow{ref, t, end, std::move(plan)});
    }
  }
  return rows;
}

std::vector<SweepRow> sweep(const std::vector<DeskRef>& desks, Instant from, Instant to,
                            Progress* progress) {
  std::vector<SweepRow> rows;
  for (std::size_t i = 0; i < desks.size(); ++i) {
    if (progress != nullptr)
      progress->update("sweep", static_cast<double>(i) / static_cast<double>(desks.size()));
    auto part = sweep_desk(*desks[i].site, *desks[i].line, *desks[i].desk, from, to);
    rows.insert(rows.end(), std::make_move_iterator(part.begin()),
                std::make_move_iterator(part.end()));
  }
  if (progress != nullptr) progress->update("sweep", 1.0);
  return rows;
}

std::string clock_note(const SweepRow& row) {
  const auto changes = clock_changes(*row.desk.line->zone, row.start, row.end);
  std::string s;
  for (const ClockChange& c : changes) s += (s.empty() ? "" : "; ") + describe(c);
  return s;
}

}  // namespace samtel::sim
