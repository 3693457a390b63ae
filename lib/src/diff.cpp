#include "samtel/diff.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "samtel/coverage.hpp"

namespace samtel {
namespace {

struct LinePair {
  const Site* site_a = nullptr;
  const Line* a = nullptr;
  const Site* site_b = nullptr;
  const Line* b = nullptr;
};

std::vector<LinePair> pair_lines(const Schedule& a, const Schedule& b) {
  std::vector<LinePair> out;
  for (const Site& s : a.sites()) {
    for (const Line& l : s.lines) {
      const auto other = b.find_line(l.number);
      out.push_back(LinePair{&s, &l, other.site, other.line});
    }
  }
  for (const Site& s : b.sites()) {
    for (const Line& l : s.lines) {
      if (!a.find_line(l.number)) out.push_back(LinePair{nullptr, nullptr, &s, &l});
    }
  }
  return out;
}

std::vector<LinePair> pair_lines(const Site& a, const Site& b) {
  std::vector<LinePair> out;
  const auto find = [](const Site& s, const std::string& number) -> const Line* {
    for (const Line& l : s.lines) {
      if (l.number == number) return &l;
    }
    return nullptr;
  };
  for (const Line& l : a.lines) {
    const Line* other = find(b, l.number);
    out.push_back(LinePair{&a, &l, other != nullptr ? &b : nullptr, other});
  }
  for (const Line& l : b.lines) {
    if (find(a, l.number) == nullptr) out.push_back(LinePair{nullptr, nullptr, &b, &l});
  }
  return out;
}

std::string side_text(const std::optional<RoutePlan>& p, Detail d, const std::string& desk_id) {
  if (!p) return "no desk '" + desk_id + "'";
  return plan_text(*p, d);
}

void describe_interval(DiffInterval& iv) {
  for (Detail d : {Detail::roles, Detail::ring_times, Detail::people, Detail::addresses}) {
    iv.before_text = side_text(iv.before, d, iv.desk_id);
    iv.after_text = side_text(iv.after, d, iv.desk_id);
    if (iv.before_text != iv.after_text) return;
  }
  iv.after_text += " (differs in ids only)";
}

bool same_side(const std::optional<RoutePlan>& x, const std::optional<RoutePlan>& y) {
  if (x.has_value() != y.has_value()) return false;
  return !x || equivalent(*x, *y, false);
}

void diff_desk(const LinePair& lp, const Desk* da, const Desk* db, const Span& span,
               std::vector<DiffInterval>& out) {
  const Line& any_line = lp.a != nullptr ? *lp.a : *lp.b;
  std::vector<Segment> sa, sb;
  if (da != nullptr) sa = timeline(*lp.site_a, *lp.a, *da, span.from, span.to);
  if (db != nullptr) sb = timeline(*lp.site_b, *lp.b, *db, span.from, span.to);
  std::size_t i = 0, j = 0;
  Instant t = span.from;
  const std::size_t first_new = out.size();
  while (t < span.to) {
    while (i < sa.size() && sa[i].end <= t) ++i;
    while (j < sb.size() && sb[j].end <= t) ++j;
    Instant end = span.to;
    if (i < sa.size()) end = std::min(end, sa[i].end);
    if (j < sb.size()) end = std::min(end, sb[j].end);
    std::optional<RoutePlan> pa, pb;
    if (i < sa.size()) pa = sa[i].plan;
    if (j < sb.size()) pb = sb[j].plan;
    const bool differs = !same_side(pa, pb);
    if (differs) {
      if (out.size() > first_new && out.back().end == t && same_side(out.back().before, pa) &&
          same_side(out.back().after, pb)) {
        out.back().end = end;
      } else {
        const Desk& named = db != nullptr ? *db : *da;
        DiffInterval iv;
        iv.line_number = any_line.number;
        iv.line_name = (lp.b != nullptr ? lp.b : lp.a)->name;
        iv.desk_id = named.id;
        iv.desk_name = named.name;
        iv.zone = any_line.zone;
        iv.start = t;
        iv.end = end;
        iv.before = std::move(pa);
        iv.after = std::move(pb);
        out.push_back(std::move(iv));
      }
    }
    t = end;
  }
  for (std::size_t k = first_new; k < out.size(); ++k) describe_interval(out[k]);
}

// Order of day labels in the output.
int label_rank(const std::string& label) {
  static const char* const kOrder[] = {"Mondays",   "Tuesdays", "Wednesdays",
                                       "Thursdays", "Fridays",  "Weekdays",
                                       "Saturdays", "Sundays",  "Holidays"};
  for (int i = 0; i < 9; ++i) {
    if (label == kOrder[i]) return i;
  }
  return 9;  // special days, by name
}

std::string day_label(const DayInfo& info, LocalDays day) {
  if (info.special != nullptr) return "'" + info.special->name + "'";
  if (info.holiday) return "Holidays";
  static const char* const kNames[] = {"Sundays",   "Mondays", "Tuesdays", "Wednesdays",
                                       "Thursdays", "Fridays", "Saturdays"};
  return kNames[date::weekday{day}.c_encoding()];
}

struct PieceKey {
  std::size_t line_rank, desk_rank;
  std::string days;
  MinuteOfDay start, end;
  std::string before, after;
  auto tie() const { return std::tie(line_rank, desk_rank, days, start, end, before, after); }
  bool operator<(const PieceKey& o) const { return tie() < o.tie(); }
};

struct PieceValue {
  std::string line_number, line_name, desk_name;
  std::vector<LocalDays> dates;
};

std::string format_date_short(LocalDays d) { return format_date(date::year_month_day{d}); }

// The diff of paired lines, each looked at over the span `span_of` gives for its zone.
ConfigDiff diff_lines(const std::vector<LinePair>& lines, DateRange range,
                      const std::function<Span(const Zone&)>& span_of, Progress* progress) {
  ConfigDiff out;
  out.range = range;
  std::map<PieceKey, PieceValue> pieces;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    if (progress != nullptr)
      progress->update("diff", static_cast<double>(li) / static_cast<double>(lines.size()));
    const LinePair& lp = lines[li];
    const Line& any = lp.a != nullptr ? *lp.a : *lp.b;
    const Zone& zone = *any.zone;
    const Span span = span_of(zone);
    std::vector<std::pair<const Desk*, const Desk*>> desks;
    if (lp.a != nullptr) {
      for (const Desk& d : lp.a->desks)
        desks.emplace_back(&d, lp.b != nullptr ? lp.b->find_desk(d.id) : nullptr);
    }
    if (lp.b != nullptr) {
      for (const Desk& d : lp.b->desks) {
        if (lp.a == nullptr || lp.a->find_desk(d.id) == nullptr) desks.emplace_back(nullptr, &d);
      }
    }
    for (std::size_t di = 0; di < desks.size(); ++di) {
      const Desk* da = desks[di].first;
      const Desk* db = desks[di].second;
      if (da != nullptr && db != nullptr) {
        const auto note = [&](const std::string& which, const Fallback& x, const Fallback& y) {
          if (x.message == y.message) return;
          for (MessageChange& m : out.messages) {
            if (m.line_number == any.number && m.which == which && m.before == x.message &&
                m.after == y.message) {
              m.desks.push_back(db->name);
              return;
            }
          }
          out.messages.push_back(
              MessageChange{any.number, {db->name}, which, x.message, y.message});
        };
        note("closed", da->closed, db->closed);
        note("no answer", da->fallback, db->fallback);
      }
      const std::size_t first = out.intervals.size();
      diff_desk(lp, da, db, span, out.intervals);
      // Cut each interval at local midnights and gather the pieces by kind of day and times.
      const Site& site = db != nullptr ? *lp.site_b : *lp.site_a;
      const Desk& desk = db != nullptr ? *db : *da;
      for (std::size_t k = first; k < out.intervals.size(); ++k) {
        const DiffInterval& iv = out.intervals[k];
        for (LocalDays day = local_day(zone, iv.start);
             day <= local_day(zone, iv.end - std::chrono::seconds{1}); day += date::days{1}) {
          const Span ds = day_span(zone, day);
          const Instant s = std::max(iv.start, ds.from);
          const Instant e = std::min(iv.end, ds.to);
          if (!(s < e)) continue;
          const auto minutes = [&](Instant t) {
            return static_cast<MinuteOfDay>(std::chrono::duration_cast<std::chrono::minutes>(
                                                to_local(zone, t) - LocalSeconds{day})
                                                .count());
          };
          const DayInfo info = classify_day(day, desk.special_days, site.special_days);
          PieceKey key{li,
                       di,
                       day_label(info, day),
                       minutes(s),
                       e == ds.to ? 1440 : minutes(e),
                       iv.before_text,
                       iv.after_text};
          PieceValue& v = pieces[key];
          if (v.dates.empty()) {
            v.line_number = iv.line_number;
            v.line_name = iv.line_name;
            v.desk_name = iv.desk_name;
          }
          if (v.dates.empty() || v.dates.back() != day) v.dates.push_back(day);
        }
      }
    }
  }

  // Monday to Friday with the same change: one "Weekdays" group.
  static const char* const kWeekdays[] = {"Mondays", "Tuesdays", "Wednesdays", "Thursdays",
                                          "Fridays"};
  std::map<PieceKey, PieceValue> merged;
  for (auto& [key, value] : pieces) {
    if (label_rank(key.days) >= 5) {
      merged.emplace(key, value);
      continue;
    }
    bool all = true;
    for (const char* name : kWeekdays) {
      PieceKey k = key;
      k.days = name;
      all = all && pieces.count(k) != 0;
    }
    if (!all) {
      merged.emplace(key, value);
      continue;
    }
    PieceKey wk = key;
    wk.days = "Weekdays";
    PieceValue& v = merged[wk];
    if (v.dates.empty()) {
      v.line_number = value.line_number;
      v.line_name = value.line_name;
      v.desk_name = value.desk_name;
    }
    v.dates.insert(v.dates.end(), value.dates.begin(), value.dates.end());
  }

  // Order: line, desk, kind of day, time; then gather desks with identical changes.
  std::vector<std::pair<PieceKey, PieceValue>> ordered(merged.begin(), merged.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) {
    const auto rx = std::make_tuple(x.first.line_rank, label_rank(x.first.days), x.first.days,
                                    x.first.start, x.first.end);
    const auto ry = std::make_tuple(y.first.line_rank, label_rank(y.first.days), y.first.days,
                                    y.first.start, y.first.end);
    return rx != ry ? rx < ry : x.first.desk_rank < y.first.desk_rank;
  });
  for (auto& [key, value] : ordered) {
    std::sort(value.dates.begin(), value.dates.end());
    bool joined = false;
    for (DiffGroup& g : out.groups) {
      if (g.line_number == value.line_number && g.days == key.days && g.start == key.start &&
          g.end == key.end && g.before_text == key.before && g.after_text == key.after &&
          g.dates == value.dates) {
        g.desks.push_back(value.desk_name);
        joined = true;
        break;
      }
    }
    if (!joined) {
      out.groups.push_back(DiffGroup{value.line_number,
                                     value.line_name,
                                     {value.desk_name},
                                     key.days,
                                     key.start,
                                     key.end,
                                     key.before,
                                     key.after,
                                     value.dates});
    }
  }
  if (progress != nullptr) progress->update("diff", 1.0);
  return out;
}

}  // namespace

std::string DiffGroup::to_string() const {
  std::string s = days + " " + format_minute_of_day(start) + "–" + format_minute_of_day(end) +
                  ": " + before_text + " → " + after_text;
  if (dates.size() <= 4) {
    s += " (";
    for (std::size_t i = 0; i < dates.size(); ++i)
      s += (i ? ", " : "") + format_date_short(dates[i]);
    s += ")";
  } else {
    s += " (" + std::to_string(dates.size()) + " days, " + format_date_short(dates.front()) +
         " … " + format_date_short(dates.back()) + ")";
  }
  return s;
}

ConfigDiff diff_schedules(const Schedule& a, const Schedule& b, DateRange range,
                          Progress* progress) {
  return diff_lines(
      pair_lines(a, b), range, [&](const Zone& zone) { return to_span(zone, range); }, progress);
}

ConfigDiff diff_sites(const Site& a, const Site& b, Instant from, Instant to) {
  const Zone& zone = *(b.zone != nullptr ? b.zone : a.zone);
  const DateRange range{local_day(zone, from),
                        local_day(zone, std::max(from, to - std::chrono::seconds{1}))};
  return diff_lines(
      pair_lines(a, b), range,
      [&](const Zone&) {
        return Span{from, std::max(from, to)};
      },
      nullptr);
}

}  // namespace samtel
