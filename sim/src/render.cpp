#include "samtel/sim/render.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "samtel/output.hpp"

namespace samtel::sim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string seconds_text(double s) {
  char buf[32];
  if (s == static_cast<double>(static_cast<long long>(s))) {
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  }
  return buf;
}

std::string date_text(LocalDays d) { return format_date(date::year_month_day{d}); }

ordered_json optional_text(std::optional<std::string_view> s) {
  return s ? ordered_json(std::string(*s)) : ordered_json(nullptr);
}

// The core's plan JSON with the simulator's state in front.
ordered_json plan_with_state_json(const RoutePlan& p) {
  ordered_json out{{"state", std::string(to_string(state_of(p)))}};
  const ordered_json plan = plan_json(p);
  for (const auto& [key, value] : plan.items()) out[key] = value;
  return out;
}

// "Overlege Kari Aas (25 s)".
std::string person_cell(const RoutePlan& p, std::size_t i) {
  if (i >= p.attempts.size()) return p.open && !p.coverage_gap ? "-" : "";
  const Attempt& a = p.attempts[i];
  std::string s = a.person->name + " (" + std::to_string(a.ring_timeout.count()) + " s)";
  if (a.source != DutySource::pattern) s += " [" + std::string(to_string(a.source)) + "]";
  return s;
}

std::string window_cell(const RoutePlan& p) { return p.window ? format_window(*p.window) : ""; }

std::string stats_wait(const TrafficStats& s, bool median) {
  if (s.open_calls == 0) return "-";
  return median ? seconds_text(s.median_wait) : seconds_text(static_cast<double>(s.worst_wait));
}

ordered_json stats_json(const TrafficStats& s) {
  return ordered_json{
      {"calls", s.calls},
      {"open_calls", s.open_calls},
      {"answered", s.answered},
      {"answered_first", s.answered_first},
      {"answer_rate", s.open_calls == 0 ? ordered_json(nullptr) : ordered_json(s.answer_rate())},
      {"escalated", s.escalated},
      {"fallback", s.fallback},
      {"gap", s.gap},
      {"closed", s.closed},
      {"median_wait_seconds",
       s.open_calls == 0 ? ordered_json(nullptr) : ordered_json(s.median_wait)},
      {"worst_wait_seconds",
       s.open_calls == 0 ? ordered_json(nullptr) : ordered_json(s.worst_wait)}};
}

std::vector<std::string> stats_cells(const TrafficStats& s) {
  return {
      std::to_string(s.calls),     std::to_string(s.answered), percent(s.answered, s.open_calls),
      std::to_string(s.escalated), std::to_string(s.fallback), std::to_string(s.gap),
      std::to_string(s.closed),    stats_wait(s, true),        stats_wait(s, false)};
}

const std::vector<std::string> kStatsHeader{"calls",     "answered",    "rate",
                                            "escalated", "fallback",    "gap",
                                            "closed",    "median wait", "worst wait"};

std::string period_text(const Zone& zone, Instant from, Instant to) {
  return date_text(local_day(zone, from)) + " – " +
         date_text(local_day(zone, to - std::chrono::seconds{1}));
}

}  // namespace

std::optional<Format> format_from_string(std::string_view s) {
  if (s == "table" || s == "text") return Format::table;
  if (s == "csv") return Format::csv;
  if (s == "json") return Format::json;
  return std::nullopt;
}

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "-";
  return fixed1(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + " %";
}

std::string sweep_output(const std::vector<SweepRow>& rows, Format format) {
  if (format == Format::json) {
    ordered_json out = ordered_json::array();
    for (const SweepRow& r : rows) {
      const Zone& zone = *r.desk.line->zone;
      ordered_json row{{"line", r.desk.line->number},           {"desk", r.desk.desk->id},
                       {"from", format_rfc3339(zone, r.start)}, {"to", format_rfc3339(zone, r.end)},
                       {"from_utc", format_utc(r.start)},       {"to_utc", format_utc(r.end)},
                       {"seconds", (r.end - r.start).count()}};
      const ordered_json plan = plan_with_state_json(r.plan);
      for (const auto& [k, v] : plan.items()) row[k] = v;
      const std::string note = clock_note(r);
      row["note"] = note.empty() ? ordered_json(nullptr) : ordered_json(note);
      out.push_back(std::move(row));
    }
    return ordered_json{{"rows", out}}.dump(2) + "\n";
  }
  if (format == Format::csv) {
    std::vector<std::vector<std::string>> t{
        {"line",          "desk",        "from",          "to",
         "from_utc",      "to_utc",      "hours",         "state",
         "day_type",      "hours_type",  "holiday",       "special_day",
         "window",        "first_role",  "first_person",  "first_address",
         "first_ring_s",  "backup_role", "backup_person", "backup_address",
         "backup_ring_s", "others",      "fallback",      "fallback_address",
         "note"}};
    for (const SweepRow& r : rows) {
      const Zone& zone = *r.desk.line->zone;
      const RoutePlan& p = r.plan;
      std::vector<std::string> row{r.desk.line->number,
                                   r.desk.desk->id,
                                   format_rfc3339(zone, r.start),
                                   format_rfc3339(zone, r.end),
                                   format_utc(r.start),
                                   format_utc(r.end),
                                   format_hours(r.end - r.start),
                                   std::string(to_string(state_of(p))),
                                   std::string(to_string(p.day_type)),
                                   std::string(to_string(p.hours_type)),
                                   p.holiday ? std::string(*p.holiday) : "",
                                   p.special_day ? std::string(*p.special_day) : "",
                                   window_cell(p)};
      for (std::size_t i = 0; i < 2; ++i) {
        if (i < p.attempts.size()) {
          const Attempt& a = p.attempts[i];
          row.insert(row.end(), {a.role_info->id, a.person->name, std::string(a.address),
                                 std::to_string(a.ring_timeout.count())});
        } else {
          row.insert(row.end(), {"", "", "", ""});
        }
      }
      row.push_back(others_text(p));
      row.push_back(p.fallback->name);
      row.push_back(p.fallback->address);
      row.push_back(clock_note(r));
      t.push_back(std::move(row));
    }
    return render_csv(t);
  }
  // Table: one section per desk.
  std::string out;
  std::size_t i = 0;
  while (i < rows.size()) {
    const DeskRef& d = rows[i].desk;
    const Zone& zone = *d.line->zone;
    out += (out.empty() ? "" : "\n") + d.line->name + " (" + d.line->number + "), desk " +
           d.desk->name + " (" + d.desk->id + "), " + zone.name() + "\n";
    bool others = false;
    std::size_t j = i;
    for (; j < rows.size() && rows[j].desk.desk == d.desk; ++j)
      others = others || rows[j].plan.attempts.size() > 2;
    std::vector<std::vector<std::string>> t;
    std::vector<std::string> header{"from", "to",     "hours", "state",
                                    "day",  "window", "first", "backup"};
    if (others) header.push_back("then");
    header.insert(header.end(), {"fallback", "note"});
    t.push_back(header);
    for (std::size_t k = i; k < j; ++k) {
      const SweepRow& r = rows[k];
      const RoutePlan& p = r.plan;
      std::vector<std::string> row{
          format_day(local_day(zone, r.start)) + " " + format_local(zone, r.start).substr(11),
          format_local(zone, r.end),
          format_hours(r.end - r.start),
          std::string(to_string(state_of(p))),
          day_text(p),
          window_cell(p),
          person_cell(p, 0),
          person_cell(p, 1)};
      if (others) row.push_back(others_text(p));
      row.push_back(p.fallback->name);
      row.push_back(clock_note(r));
      t.push_back(std::move(row));
    }
    out += render_table(t);
    i = j;
  }
  return out;
}

std::string summary_output(const ReplayResult& result, const TrafficSummary& s, Format format) {
  const Scenario& sc = *result.scenario;
  const Zone& zone = *sc.line->zone;
  if (format == Format::json) {
    ordered_json by_type = ordered_json::array();
    ordered_json by_hour = ordered_json::array();
    for (DayType t : kAllDayTypes) {
      const TrafficStats& st = s.by_day_type[index_of(t)];
      if (st.calls == 0 && s.days[index_of(t)] == 0) continue;
      ordered_json row{{"day_type", std::string(to_string(t))}, {"days", s.days[index_of(t)]}};
      const ordered_json stats = stats_json(st);
      for (const auto& [k, v] : stats.items()) row[k] = v;
      by_type.push_back(row);
      for (int h = 0; h < 24; ++h) {
        const TrafficStats& hs = s.by_type_hour[index_of(t)][static_cast<std::size_t>(h)];
        if (hs.calls == 0) continue;
        ordered_json hr{{"day_type", std::string(to_string(t))}, {"hour", h}};
        const ordered_json hour_stats = stats_json(hs);
        for (const auto& [k, v] : hour_stats.items()) hr[k] = v;
        by_hour.push_back(hr);
      }
    }
    ordered_json people = ordered_json::array();
    for (const auto& p : s.people) {
      people.push_back({{"person", p.person->id},
                        {"name", p.person->name},
                        {"answered", p.answered},
                        {"talk_seconds", p.talk.count()}});
    }
    ordered_json out{{"scenario", sc.name},
                     {"source", sc.source},
                     {"seed", sc.seed},
                     {"line", sc.line->number},
                     {"from", format_rfc3339(zone, result.from)},
                     {"to", format_rfc3339(zone, result.to)},
                     {"total", stats_json(s.total)},
                     {"by_day_type", by_type},
                     {"by_day_type_and_hour", by_hour},
                     {"answered_by", people}};
    return out.dump(2) + "\n";
  }
  if (format == Format::csv) {
    std::vector<std::vector<std::string>> t{{"day_type", "hour", "calls", "open_calls", "answered",
                                             "answered_first", "escalated", "fallback", "gap",
                                             "closed", "median_wait_s", "worst_wait_s"}};
    const auto row = [&](const std::string& type, const std::string& hour, const TrafficStats& st) {
      t.push_back({type, hour, std::to_string(st.calls), std::to_string(st.open_calls),
                   std::to_string(st.answered), std::to_string(st.answered_first),
                   std::to_string(st.escalated), std::to_string(st.fallback),
                   std::to_string(st.gap), std::to_string(st.closed),
                   st.open_calls ? fixed1(st.median_wait) : "",
                   st.open_calls ? std::to_string(st.worst_wait) : ""});
    };
    row("all", "all", s.total);
    for (DayType ty : kAllDayTypes) {
      const std::string name{to_string(ty)};
      if (s.by_day_type[index_of(ty)].calls == 0) continue;
      row(name, "all", s.by_day_type[index_of(ty)]);
      for (int h = 0; h < 24; ++h) {
        const TrafficStats& hs = s.by_type_hour[index_of(ty)][static_cast<std::size_t>(h)];
        if (hs.calls > 0) row(name, format_minute_of_day(h * 60).substr(0, 2), hs);
      }
    }
    return render_csv(t);
  }
  const TrafficStats& t = s.total;
  std::string out;
  out += "Scenario: " + sc.name + " (" + sc.source + "), seed " + std::to_string(sc.seed) + "\n";
  out += sc.line->name + " (" + sc.line->number + "), " +
         period_text(zone, result.from, result.to) + ", " + zone.name() + "\n\n";
  out += "Calls: " + std::to_string(t.calls) + ", of which " + std::to_string(t.open_calls) +
         " while open and " + std::to_string(t.closed) + " while closed (unmet demand).\n";
  out += "Answered: " + std::to_string(t.answered) + " (" + percent(t.answered, t.open_calls) +
         " of calls while open), " + std::to_string(t.answered_first) +
         " by the first person rung.\n";
  out += "Escalated: " + std::to_string(t.escalated) +
         ". Reached the fallback: " + std::to_string(t.fallback) +
         " after every attempt rang out, " + std::to_string(t.gap) + " with nobody on duty.\n";
  out += "Wait (arrival to answer or fallback, calls while open): median " + stats_wait(t, true) +
         ", worst " + stats_wait(t, false) + ".\n\n";
  out += "By day type\n";
  std::vector<std::vector<std::string>> bt;
  std::vector<std::string> head{"day type", "days"};
  head.insert(head.end(), kStatsHeader.begin(), kStatsHeader.end());
  bt.push_back(head);
  for (DayType ty : kAllDayTypes) {
    const TrafficStats& st = s.by_day_type[index_of(ty)];
    if (st.calls == 0 && s.days[index_of(ty)] == 0) continue;
    std::vector<std::string> row{std::string(to_string(ty)), std::to_string(s.days[index_of(ty)])};
    const auto cells = stats_cells(st);
    row.insert(row.end(), cells.begin(), cells.end());
    bt.push_back(row);
  }
  std::vector<std::string> all{"all", ""};
  const auto cells = stats_cells(t);
  all.insert(all.end(), cells.begin(), cells.end());
  bt.push_back(all);
  out += render_table(bt);
  out += "\nBy day type and local hour (hours with calls)\n";
  std::vector<std::vector<std::string>> bh;
  std::vector<std::string> hh{"day type", "hour"};
  hh.insert(hh.end(), kStatsHeader.begin(), kStatsHeader.end());
  bh.push_back(hh);
  for (DayType ty : kAllDayTypes) {
    for (int h = 0; h < 24; ++h) {
      const TrafficStats& hs = s.by_type_hour[index_of(ty)][static_cast<std::size_t>(h)];
      if (hs.calls == 0) continue;
      std::vector<std::string> row{std::string(to_string(ty)), format_minute_of_day(h * 60)};
      const auto c = stats_cells(hs);
      row.insert(row.end(), c.begin(), c.end());
      bh.push_back(row);
    }
  }
  out += render_table(bh);
  if (!s.people.empty()) {
    out += "\nWho answered\n";
    std::vector<std::vector<std::string>> bp{{"person", "answered", "talk (h)"}};
    for (const auto& p : s.people) {
      bp.push_back({p.person->name, std::to_string(p.answered), format_hours(p.talk)});
    }
    out += render_table(bp);
  }
  return out;
}

std::string calls_output(const ReplayResult& result, Format format) {
  const Scenario& sc = *result.scenario;
  const Zone& zone = *sc.line->zone;
  if (format == Format::json) {
    ordered_json calls = ordered_json::array();
    for (const CallResult& r : result.calls) {
      calls.push_back(
          {{"id", r.call.id},
           {"arrival", format_rfc3339(zone, r.call.arrival)},
           {"arrival_utc", format_utc(r.call.arrival)},
           {"desk", sc.line->desks[r.call.desk].id},
           {"scripted", r.call.script != nullptr},
           {"day_type", std::string(to_string(r.day_type))},
           {"hour", r.hour},
           {"outcome", std::string(to_string(r.outcome))},
           {"answered_by", r.answered_by ? ordered_json(r.answered_by->id) : ordered_json(nullptr)},
           {"answered_role",
            r.answered_role ? ordered_json(r.answered_role->id) : ordered_json(nullptr)},
           {"attempts_rung", r.attempts_rung},
           {"busy_rings", r.busy_rings},
           {"escalated", r.escalated()},
           {"wait_seconds", r.wait.count()},
           {"talk_seconds", r.talk.count()},
           {"fallback", r.fallback ? ordered_json(r.fallback->name) : ordered_json(nullptr)}});
    }
    return ordered_json{{"calls", calls}}.dump(2) + "\n";
  }
  std::vector<std::vector<std::string>> t{{"id", "arrival", "desk", "day type", "outcome",
                                           "answered by", "role", "rung", "busy", "wait s",
                                           "talk s", "fallback"}};
  for (const CallResult& r : result.calls) {
    t.push_back({std::to_string(r.call.id),
                 format == Format::csv ? format_rfc3339(zone, r.call.arrival)
                                       : format_local_offset(zone, r.call.arrival),
                 sc.line->desks[r.call.desk].id, std::string(to_string(r.day_type)),
                 std::string(to_string(r.outcome)), r.answered_by ? r.answered_by->name : "",
                 r.answered_role ? r.answered_role->id : "", std::to_string(r.attempts_rung),
                 std::to_string(r.busy_rings), std::to_string(r.wait.count()),
                 std::to_string(r.talk.count()), r.fallback ? r.fallback->name : ""});
  }
  return format == Format::csv ? render_csv(t) : render_table(t);
}

std::string coverage_output(const CoverageReview& r, Format format) {
  const Site& site = *r.site;
  const Zone& zone = *site.zone;
  const auto when = [&](Instant t) { return format_local_offset(zone, t); };
  const auto lapse_text = [&](const DutyLapse& l) {
    std::string s = l.role->name + " (rota " + l.rota->id + "): " + l.person->name +
                    " goes off duty and nobody takes over ";
    s += l.resumes ? "until " + when(*l.resumes) : std::string("for the rest of the period");
    s += "; open then: ";
    for (std::size_t i = 0; i < l.open_desks.size(); ++i)
      s += (i ? ", " : "") + l.open_desks[i].desk->name;
    return s;
  };
  const auto idle_text = [&](const IdleOverride& o) {
    const DutyOverride& e = *o.entry;
    return "rota " + o.rota->id + ", " + o.rota->roles[e.role].name + ": override by " +
           site.people[e.person].name + " replacing " + site.people[*e.replaces].name + " " +
           when(e.start) + " – " + when(e.end) + (e.reason.empty() ? "" : " (" + e.reason + ")") +
           " never applies: " + site.people[*e.replaces].name + " is not on duty in that role then";
  };
  // Desks with the same treatment on a day, together.
  const auto treatments = [](const NotableDay& n) {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const DeskDay& d : n.desks) {
      const std::string t = treatment_text(d);
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == t; });
      if (it == groups.end()) it = groups.insert(groups.end(), {t, {}});
      it->second.push_back(d.desk.desk->name);
    }
    return groups;
  };
  const auto day_title = [](const NotableDay& n) {
    std::string s;
    if (n.holiday) s += "holiday '" + std::string(*n.holiday) + "'";
    for (const std::string& name : n.special_names)
      s += (s.empty() ? "" : ", ") + ("special day '" + name + "'");
    if (n.clock_change) s += (s.empty() ? "" : ", ") + describe(*n.clock_change);
    return s;
  };

  if (format == Format::json) {
    ordered_json desks = ordered_json::array();
    for (const DeskCoverage& d : r.desks) {
      desks.push_back({{"line", d.desk.line->number},
                       {"desk", d.desk.desk->id},
                       {"open_seconds", d.open.count()},
                       {"gap_seconds", d.gap.count()}});
    }
    ordered_json gaps = ordered_json::array();
    for (const CoverageGap& g : r.core.gaps) {
      gaps.push_back({{"line", g.line->number},
                      {"desk", g.desk->id},
                      {"from", format_rfc3339(zone, g.start)},
                      {"to", format_rfc3339(zone, g.end)},
                      {"seconds", (g.end - g.start).count()}});
    }
    ordered_json overlaps = ordered_json::array();
    for (const AssignmentOverlap& o : r.core.overlaps) {
      overlaps.push_back({{"from", format_rfc3339(zone, o.start)},
                          {"to", format_rfc3339(zone, o.end)},
                          {"description", o.description}});
    }
    ordered_json lapses = ordered_json::array();
    for (const DutyLapse& l : r.lapses) {
      ordered_json open = ordered_json::array();
      for (const DeskRef& d : l.open_desks) open.push_back(d.line->number + "/" + d.desk->id);
      lapses.push_back({{"at", format_rfc3339(zone, l.at)},
                        {"rota", l.rota->id},
                        {"role", l.role->id},
                        {"person", l.person->id},
                        {"resumes", l.resumes ? ordered_json(format_rfc3339(zone, *l.resumes))
                                              : ordered_json(nullptr)},
                        {"open_desks", open},
                        {"description", lapse_text(l)}});
    }
    ordered_json idle = ordered_json::array();
    for (const IdleOverride& o : r.idle_overrides) {
      idle.push_back({{"rota", o.rota->id},
                      {"from", format_rfc3339(zone, o.entry->start)},
                      {"to", format_rfc3339(zone, o.entry->end)},
                      {"description", idle_text(o)}});
    }
    ordered_json days = ordered_json::array();
    for (const NotableDay& n : r.days) {
      ordered_json ds = ordered_json::array();
      for (const DeskDay& d : n.desks) {
        ordered_json ws = ordered_json::array();
        for (const Window& w : d.windows) ws.push_back(format_window(w));
        ds.push_back({{"line", d.desk.line->number},
                      {"desk", d.desk.desk->id},
                      {"day_type", std::string(to_string(d.info.type))},
                      {"hours_type", std::string(to_string(d.info.hours_type))},
                      {"special_day",
                       d.info.special ? ordered_json(d.info.special->name) : ordered_json(nullptr)},
                      {"windows", ws},
                      {"treatment", treatment_text(d)}});
      }
      days.push_back({{"date", date_text(n.day)},
                      {"holiday", optional_text(n.holiday)},
                      {"special_days", n.special_names},
                      {"clock_change", n.clock_change ? ordered_json(describe(*n.clock_change))
                                                      : ordered_json(nullptr)},
                      {"desks", ds}});
    }
    return ordered_json{{"site", site.id},
                        {"from", format_rfc3339(zone, r.from)},
                        {"to", format_rfc3339(zone, r.to)},
                        {"findings", r.findings()},
                        {"desks", desks},
                        {"gaps", gaps},
                        {"overlaps", overlaps},
                        {"lapses", lapses},
                        {"idle_overrides", idle},
                        {"days", days}}
               .dump(2) +
           "\n";
  }
  if (format == Format::csv) {
    std::vector<std::vector<std::string>> t{{"kind", "from", "to", "line", "desk", "description"}};
    for (const CoverageGap& g : r.core.gaps) {
      t.push_back({"gap", format_rfc3339(zone, g.start), format_rfc3339(zone, g.end),
                   g.line->number, g.desk->id, "open with nobody on duty"});
    }
    for (const AssignmentOverlap& o : r.core.overlaps) {
      t.push_back({"overlap", format_rfc3339(zone, o.start), format_rfc3339(zone, o.end), "", "",
                   o.description});
    }
    for (const DutyLapse& l : r.lapses) {
      t.push_back({"lapse", format_rfc3339(zone, l.at),
                   l.resumes ? format_rfc3339(zone, *l.resumes) : "", "", "", lapse_text(l)});
    }
    for (const IdleOverride& o : r.idle_overrides) {
      t.push_back({"idle_override", format_rfc3339(zone, o.entry->start),
                   format_rfc3339(zone, o.entry->end), "", "", idle_text(o)});
    }
    for (const NotableDay& n : r.days) {
      for (const auto& [text, names] : treatments(n)) {
        std::string desks;
        for (const auto& d : names) desks += (desks.empty() ? "" : " ") + d;
        t.push_back({"day", date_text(n.day), "", "", desks, day_title(n) + ": " + text});
      }
    }
    return render_csv(t);
  }

  std::string out = "Coverage of " + site.name + ", " + period_text(zone, r.from, r.to) + ", " +
                    zone.name() + "\n\n";
  std::vector<std::vector<std::string>> t{
      {"line", "desk", "open (h)", "nobody on duty (h)", "covered"}};
  for (const DeskCoverage& d : r.desks) {
    t.push_back({d.desk.line->number, d.desk.desk->id, format_hours(d.open), format_hours(d.gap),
                 d.open.count() == 0 ? "-"
                                     : percent(static_cast<std::size_t>((d.open - d.gap).count()),
                                               static_cast<std::size_t>(d.open.count()))});
  }
  out += render_table(t);
  const auto section = [&](const std::string& title, std::size_t n) {
    out += "\n" + title + " (" + std::to_string(n) + ")" + (n == 0 ? ": none\n" : ":\n");
  };
  section("Open with nobody on duty", r.core.gaps.size());
  for (const CoverageGap& g : r.core.gaps) {
    out += "  " + g.line->number + " " + g.desk->id + ": " + when(g.start) + " – " + when(g.end) +
           " (" + format_hours(g.end - g.start) + " h)\n";
  }
  section("Overlapping or conflicting assignments",
          r.core.overlaps.size() + r.idle_overrides.size());
  for (const AssignmentOverlap& o : r.core.overlaps) {
    out += "  " + when(o.start) + " – " + when(o.end) + ": " + o.description + "\n";
  }
  for (const IdleOverride& o : r.idle_overrides) out += "  " + idle_text(o) + "\n";
  section("Duties that end while open with nobody taking over", r.lapses.size());
  for (const DutyLapse& l : r.lapses) out += "  " + when(l.at) + ": " + lapse_text(l) + "\n";
  section("Holidays, special days and clock changes", r.days.size());
  for (const NotableDay& n : r.days) {
    out += "  " + format_day(n.day) + ": " + day_title(n) + "\n";
    for (const auto& [text, names] : treatments(n)) {
      std::string desks;
      for (const auto& d : names) desks += (desks.empty() ? "" : ", ") + d;
      out += "      " + desks + ": " + text + "\n";
    }
  }
  out += "\n" +
         (r.findings() == 0 ? std::string("No findings.")
                            : std::to_string(r.findings()) + " finding(s) to look at.") +
         "\n";
  return out;
}

std::string diff_output(const ConfigDiff& d, const std::string& before_name,
                        const std::string& after_name, Format format) {
  const auto side_state = [](const std::optional<RoutePlan>& p) {
    return p ? std::string(to_string(state_of(*p))) : std::string("absent");
  };
  if (format == Format::json) {
    ordered_json groups = ordered_json::array();
    for (const DiffGroup& g : d.groups) {
      ordered_json dates = ordered_json::array();
      for (LocalDays day : g.dates) dates.push_back(date_text(day));
      groups.push_back({{"line", g.line_number},
                        {"desks", g.desks},
                        {"days", g.days},
                        {"start", format_minute_of_day(g.start)},
                        {"end", format_minute_of_day(g.end)},
                        {"before", g.before_text},
                        {"after", g.after_text},
                        {"dates", dates},
                        {"text", g.to_string()}});
    }
    ordered_json intervals = ordered_json::array();
    for (const DiffInterval& iv : d.intervals) {
      intervals.push_back(
          {{"line", iv.line_number},
           {"desk", iv.desk_id},
           {"from", format_rfc3339(*iv.zone, iv.start)},
           {"to", format_rfc3339(*iv.zone, iv.end)},
           {"seconds", (iv.end - iv.start).count()},
           {"before",
            {{"state", side_state(iv.before)},
             {"text", iv.before_text},
             {"plan", iv.before ? plan_with_state_json(*iv.before) : ordered_json(nullptr)}}},
           {"after",
            {{"state", side_state(iv.after)},
             {"text", iv.after_text},
             {"plan", iv.after ? plan_with_state_json(*iv.after) : ordered_json(nullptr)}}}});
    }
    ordered_json messages = ordered_json::array();
    for (const MessageChange& m : d.messages) {
      messages.push_back({{"line", m.line_number},
                          {"desks", m.desks},
                          {"fallback", m.which},
                          {"before", m.before},
                          {"after", m.after}});
    }
    return ordered_json{{"before", before_name},
                        {"after", after_name},
                        {"first", date_text(d.range.first)},
                        {"last", date_text(d.range.last)},
                        {"groups", groups},
                        {"intervals", intervals},
                        {"messages", messages}}
               .dump(2) +
           "\n";
  }
  if (format == Format::csv) {
    std::vector<std::vector<std::string>> t{
        {"line", "desk", "from", "to", "hours", "before_state", "after_state", "before", "after"}};
    for (const DiffInterval& iv : d.intervals) {
      t.push_back({iv.line_number, iv.desk_id, format_rfc3339(*iv.zone, iv.start),
                   format_rfc3339(*iv.zone, iv.end), format_hours(iv.end - iv.start),
                   side_state(iv.before), side_state(iv.after), iv.before_text, iv.after_text});
    }
    return render_csv(t);
  }
  std::string out = "What-if: " + before_name + " → " + after_name + ", " +
                    date_text(d.range.first) + " – " + date_text(d.range.last) + "\n";
  std::string messages;
  for (const MessageChange& m : d.messages) {
    std::string desks;
    for (const auto& n : m.desks) desks += (desks.empty() ? "" : ", ") + n;
    messages += "  " + m.line_number + " " + desks + ", message " +
                (m.which == "closed" ? "while closed" : "when nobody answers") + ":\n    \"" +
                m.before + "\"\n  → \"" + m.after + "\"\n";
  }
  if (!messages.empty()) messages = "\nWhat callers are told changes:\n" + messages;
  if (d.intervals.empty())
    return out + "\nNo differences in routing: both send every call to the same place.\n" +
           messages;
  std::string line;
  for (const DiffGroup& g : d.groups) {
    if (g.line_number != line) {
      line = g.line_number;
      out += "\nLine " + g.line_number + " " + g.line_name + "\n";
    }
    std::string desks;
    for (const auto& n : g.desks) desks += (desks.empty() ? "" : ", ") + n;
    out += "  " + desks + " — " + g.to_string() + "\n";
  }
  out += "\nEvery interval that differs (" + std::to_string(d.intervals.size()) + "):\n";
  for (const DiffInterval& iv : d.intervals) {
    const Zone& zone = *iv.zone;
    const std::string end = local_day(zone, iv.end) == local_day(zone, iv.start)
                                ? format_local(zone, iv.end).substr(11)
                                : format_local(zone, iv.end);
    out += "  " + iv.line_number + " " + iv.desk_id + "  " + format_day(local_day(zone, iv.start)) +
           " " + format_local(zone, iv.start).substr(11) + " – " + end + "  " + iv.before_text +
           " → " + iv.after_text + "\n";
  }
  return out + messages;
}

}  // namespace samtel::sim
