// Property test: route() against a deliberately simple reference written here, on random instants
// over 2026-2028, for the St. Olavs example and for a synthetic site full of awkward cases
// (overrides with and without `replaces`, swaps, crossing-midnight windows, windows and handovers
// inside the daylight-saving hours, effective-dated hours versions, special days of every kind).
//
// The reference reads the loaded Site but none of the library's logic: it converts instants with
// date::zoned_time over date's own zone of the same name (date::locate_zone(), its own reader of
// the system's files, not the library's Zone), classifies days from a literal table of Easter
// dates, enumerates windows of the day and the day before, expands every pattern occurrence to
// instants up front (looking the instant up in that sorted list) and scans all shifts and
// overrides linearly.
#include <algorithm>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using namespace date;
using namespace std::chrono_literals;
using test::json;

namespace ref {

const std::map<int, year_month_day> kEaster = {
    {2025, 2025_y / April / 20}, {2026, 2026_y / April / 5}, {2027, 2027_y / March / 28},
    {2028, 2028_y / April / 16}, {2029, 2029_y / April / 1},
};

long days_from_easter(LocalDays day) {
  const year_month_day ymd{day};
  return (sys_days{ymd} - sys_days{kEaster.at(static_cast<int>(ymd.year()))}).count();
}

bool is_holiday(LocalDays day) {
  const year_month_day ymd{day};
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  if ((m == 1 && d == 1) || (m == 5 && (d == 1 || d == 17)) || (m == 12 && (d == 25 || d == 26))) {
    return true;
  }
  const long e = days_from_easter(day);
  return e == -3 || e == -2 || e == 0 || e == 1 || e == 39 || e == 49 || e == 50;
}

bool matches(const SpecialDay& rule, LocalDays day) {
  const year_month_day ymd{day};
  switch (rule.when) {
    case SpecialDay::When::date: return rule.first <= day && day <= rule.last;
    case SpecialDay::When::yearly: {
      const auto md =
          std::pair{static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
      const auto lo = std::pair{rule.from_month, rule.from_day};
      const auto hi = std::pair{rule.to_month, rule.to_day};
      return lo <= hi ? (lo <= md && md <= hi) : (md >= lo || md <= hi);
    }
    case SpecialDay::When::easter: {
      const long e = days_from_easter(day);
      return rule.easter_from <= e && e <= rule.easter_to;
    }
  }
  return false;
}

struct Day {
  DayType type = DayType::weekday;
  DayType hours_type = DayType::weekday;
  const SpecialDay* rule = nullptr;
};

Day classify(const Site& site, const Desk& desk, LocalDays day) {
  Day out;
  const weekday wd{day};
  out.type = is_holiday(day)  ? DayType::holiday
             : wd == Sunday   ? DayType::sunday
             : wd == Saturday ? DayType::saturday
                              : DayType::weekday;
  out.hours_type = out.type;
  for (const auto* rules : {&desk.special_days, &site.special_days}) {
    for (const SpecialDay& rule : *rules) {
      if (matches(rule, day)) {
        out.type = DayType::special;
        out.hours_type = rule.treat_as ? *rule.treat_as : DayType::special;
        out.rule = &rule;
        return out;
      }
    }
  }
  return out;
}

std::vector<Window> windows(const Desk& desk, LocalDays day, const Day& info) {
  const HoursVersion* version = nullptr;
  for (const HoursVersion& v : desk.hours.versions()) {
    if (v.effective_from <= day &&
        (version == nullptr || version->effective_from < v.effective_from)) {
      version = &v;
    }
  }
  if (version == nullptr) return {};
  if (info.rule != nullptr && !info.rule->treat_as) return info.rule->own_windows;
  switch (info.hours_type) {
    case DayType::weekday: return version->windows[0];
    case DayType::saturday: return version->windows[1];
    case DayType::sunday: return version->windows[2];
    case DayType::holiday: return version->windows[3];
    case DayType::special: break;
  }
  ADD_FAILURE() << "no hours for a special day without windows";
  return {};
}

struct Occurrence {
  Instant start, end;
  long k;
};

class Reference {
 public:
  Reference(const Site& site, LocalDays horizon)
      : site_(site), zone_(*date::locate_zone(site.zone->name())) {
    for (const Rota& rota : site.rotas) {
      auto& per_pattern = occurrences_.emplace_back();
      for (const DutyPattern& p : rota.patterns) {
        auto& list = per_pattern.emplace_back();
        const LocalSeconds stop = p.until
                                      ? LocalSeconds{*p.until} + std::chrono::minutes{p.handover}
                                      : LocalSeconds{horizon};
        for (long k = 0;; ++k) {
          const LocalSeconds s =
              LocalSeconds{p.from + days{p.period_days * k}} + std::chrono::minutes{p.handover};
          if (s >= stop || s > LocalSeconds{horizon}) break;
          const LocalSeconds e = std::min(LocalSeconds{p.from + days{p.period_days * (k + 1)}} +
                                              std::chrono::minutes{p.handover},
                                          stop);
          list.push_back({zone_.to_sys(s, choose::earliest), zone_.to_sys(e, choose::earliest), k});
        }
      }
    }
  }

  struct Duty {
    std::size_t person;
    std::optional<std::size_t> address;
  };

  std::optional<Duty> base(std::size_t rota_index, std::size_t role, Instant t) const {
    const Rota& rota = site_.rotas[rota_index];
    const DutyShift* best = nullptr;
    for (const DutyShift& s : rota.shifts) {
      if (s.role == role && s.start <= t && t < s.end && (best == nullptr || s.start < best->start))
        best = &s;
    }
    if (best != nullptr) return Duty{best->person, best->address};
    for (std::size_t pi = 0; pi < rota.patterns.size(); ++pi) {
      const DutyPattern& p = rota.patterns[pi];
      if (p.role != role) continue;
      // The occurrences are in time order: the last one starting at or before t is the only
      // candidate.
      const auto& list = occurrences_[rota_index][pi];
      const auto after = std::upper_bound(
          list.begin(), list.end(), t, [](Instant v, const Occurrence& o) { return v < o.start; });
      if (after == list.begin()) continue;
      {
        const Occurrence& o = *std::prev(after);
        if (t < o.end) {
          long k = o.k;
          for (const DutySwap& s : rota.swaps) {
            if (s.pattern != pi) continue;
            if (s.first == o.k) k = s.second;
            if (s.second == o.k) k = s.first;
          }
          return Duty{p.rotation[static_cast<std::size_t>(k) % p.rotation.size()], std::nullopt};
        }
      }
    }
    return std::nullopt;
  }

  std::optional<Duty> on_duty(std::size_t rota_index, std::size_t role, Instant t) const {
    const Rota& rota = site_.rotas[rota_index];
    std::vector<const DutyOverride*> covering;
    for (const DutyOverride& o : rota.overrides) {
      if (o.role == role && o.start <= t && t < o.end) covering.push_back(&o);
    }
    std::stable_sort(
        covering.begin(), covering.end(),
        [](const DutyOverride* a, const DutyOverride* b) { return a->start < b->start; });
    for (const DutyOverride* o : covering) {
      if (o->replaces) {
        const auto b = base(rota_index, role, t);
        if (!b || b->person != *o->replaces) continue;
      }
      return Duty{o->person, std::nullopt};
    }
    return base(rota_index, role, t);
  }

  struct Plan {
    bool open = false;
    LocalDays service_day;
    DayType day_type = DayType::weekday;
    std::vector<std::pair<std::size_t, std::string>> attempts;  // person, address
    const Fallback* fallback = nullptr;
  };

  Plan route(const Line& line, const Desk& desk, Instant t) const {
    Plan plan;
    const LocalSeconds local =
        date::make_zoned(date::locate_zone(line.zone->name()), t).get_local_time();
    const LocalDays today = floor<days>(local);
    const long sec = (local - LocalSeconds{today}).count();
    const Day today_info = classify(site_, desk, today);
    plan.service_day = today;
    plan.day_type = today_info.type;
    for (const Window& w : windows(desk, today, today_info)) {
      const long end = w.end <= w.start ? 86400 : w.end * 60L;
      if (w.start * 60L <= sec && sec < end) plan.open = true;
    }
    if (!plan.open) {
      const LocalDays yesterday = today - days{1};
      const Day info = classify(site_, desk, yesterday);
      for (const Window& w : windows(desk, yesterday, info)) {
        if (w.end <= w.start && sec < w.end * 60L) {
          plan.open = true;
          plan.service_day = yesterday;
          plan.day_type = info.type;
        }
      }
    }
    if (!plan.open) {
      plan.fallback = &desk.closed;
      return plan;
    }
    const Rota& rota = site_.rotas[desk.rota];
    for (std::size_t r = 0; r < rota.roles.size(); ++r) {
      const auto duty = on_duty(desk.rota, r, t);
      if (!duty) continue;
      const bool seen = std::any_of(plan.attempts.begin(), plan.attempts.end(),
                                    [&](const auto& a) { return a.first == duty->person; });
      if (seen) continue;
      plan.attempts.emplace_back(
          duty->person, site_.people[duty->person].addresses[duty->address.value_or(0)].uri);
    }
    plan.fallback = &desk.fallback;
    return plan;
  }

 private:
  const Site& site_;
  const date::time_zone& zone_;
  std::vector<std::vector<std::vector<Occurrence>>> occurrences_;  // [rota][pattern]
};

}  // namespace ref

// ---------------------------------------------------------------------------------------------
// The synthetic site

json person(int n) {
  json addresses = {{{"label", "mobile"}, {"uri", "tel:+47910000" + std::to_string(10 + n)}},
                    {{"label", "dect"}, {"uri", "sip:7" + std::to_string(100 + n) + "@pbx.test"}}};
  if (n % 2 == 0)
    addresses.push_back(
        {{"label", "kontor"}, {"uri", "sip:8" + std::to_string(100 + n) + "@pbx.test"}});
  return {{"id", "p" + std::to_string(n)},
          {"name", "Testlege " + std::to_string(n)},
          {"addresses", addresses}};
}

json synthetic_site() {
  json j;
  j["site"] = {{"id", "prop"}, {"name", "Eiendomstest"}, {"zone", "Europe/Oslo"}};
  for (int n = 1; n <= 8; ++n) j["people"].push_back(person(n));
  j["special_days"] = json::parse(R"json([
    {"name": "Julaften", "yearly": "12-24", "hours": ["09:00-14:00"]},
    {"name": "Romjul", "yearly": ["12-27", "01-02"], "treat_as": "sunday"},
    {"name": "Påskeaften", "easter": -1, "treat_as": "holiday"},
    {"name": "Sommer", "date": ["2027-07-01", "2027-07-31"], "hours": ["09:00-15:00"]},
    {"name": "Nattåpent", "date": "2026-11-11", "hours": ["20:00-02:00"]},
    {"name": "Stengt", "date": "2028-03-25", "hours": []}
  ])json");

  json a;
  a["id"] = "a";
  a["name"] = "Rota A";
  a["roles"] = json::parse(R"json([
    {"id": "primary", "name": "Primærvakt", "ring_seconds": 25},
    {"id": "backup", "name": "Bakvakt", "ring_seconds": 20},
    {"id": "third", "name": "Tredjevakt", "ring_seconds": 30}
  ])json");
  a["patterns"] = json::parse(R"json([
    {"role": "primary", "from": "2026-01-05", "until": "2027-03-01", "handover": "08:00", "period_days": 7,
     "rotation": ["p1", "p2", "p3"]},
    {"role": "primary", "from": "2027-03-01", "until": "2028-06-01", "handover": "07:30", "period_days": 1,
     "rotation": ["p4", "p5", "p1"]},
    {"role": "backup", "from": "2026-01-02", "handover": "02:30", "period_days": 3, "rotation": ["p6", "p7"]},
    {"role": "third", "from": "2026-06-01", "until": "2028-06-01", "handover": "02:30", "period_days": 1,
     "rotation": ["p7", "p8", "p2"]}
  ])json");
  // Swaps: weekly primary around both DST changes and Christmas; 3-day backup around occurrence
  // 150, which starts in the spring-forward gap of 2027-03-28; daily third on the fall-back day
  // 2026-10-25 (02:30 happens twice; the occurrence starts at the first).
  a["swaps"] = json::parse(R"json([
    {"role": "primary", "occurrences": ["2026-03-23T08:00", "2026-04-13T08:00"]},
    {"role": "primary", "occurrences": ["2026-10-19T08:00", "2026-10-26T08:00"]},
    {"role": "primary", "occurrences": ["2026-12-21T08:00", "2027-01-04T08:00"]},
    {"role": "primary", "occurrences": ["2027-06-01T07:30", "2027-06-03T07:30"]},
    {"role": "backup", "occurrences": ["2026-02-01T02:30", "2026-02-04T02:30"]},
    {"role": "backup", "occurrences": ["2027-03-25T02:30", "2027-04-06T02:30"]},
    {"role": "third", "occurrences": ["2026-10-25T02:30", "2026-10-27T02:30"]}
  ])json");

  // One-off shifts and overrides: a few by hand around DST, more from a fixed seed.
  json shifts = json::parse(R"json([
    {"role": "third", "person": "p4", "start": "2026-03-28T22:00", "end": "2026-03-29T05:00", "address": "dect"},
    {"role": "primary", "person": "p8", "start": "2026-10-25T01:00", "end": "2026-10-25T02:30+01:00",
     "address": "kontor"},
    {"role": "backup", "person": "p1", "start": "2026-10-25T02:15+02:00", "end": "2026-10-25T04:00"}
  ])json");
  json overrides = json::parse(R"json([
    {"role": "backup", "person": "p5", "start": "2026-10-24T20:00", "end": "2026-10-25T02:45+01:00",
     "replaces": "p7"},
    {"role": "primary", "person": "p6", "start": "2027-03-28T01:00", "end": "2027-03-28T12:00"},
    {"role": "primary", "person": "p7", "start": "2026-02-01T00:00", "end": "2026-03-01T00:00", "replaces": "p2"}
  ])json");
  std::mt19937 rng{4711};
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* roles[] = {"primary", "backup", "third"};
  const char* labels[] = {"mobile", "dect", "kontor"};
  const Instant first = test::at("2026-01-01T00:00:00Z");
  for (int i = 0; i < 60; ++i) {
    const Instant start = first + std::chrono::minutes{15 * pick(3 * 365 * 96)};
    const Instant end = start + std::chrono::minutes{15 * (1 + pick(48 * 4))};
    const int who = 1 + pick(8);
    json s = {{"role", roles[pick(3)]},
              {"person", "p" + std::to_string(who)},
              {"start", format_utc(start)},
              {"end", format_utc(end)}};
    if (i % 2 == 0) {
      shifts.push_back(s);
      const char* label = labels[pick(3)];
      if (std::string(label) != "kontor" || who % 2 == 0) shifts.back()["address"] = label;
    } else {
      if (i % 3 == 0) s["replaces"] = "p" + std::to_string(1 + pick(8));
      overrides.push_back(s);
    }
  }
  a["shifts"] = shifts;
  a["overrides"] = overrides;

  json b = json::parse(R"json({"id": "b", "name": "Rota B",
    "roles": [{"id": "primary", "name": "Vakt B", "ring_seconds": 40}],
    "patterns": [{"role": "primary", "from": "2026-01-05", "handover": "00:00", "period_days": 14,
                  "rotation": ["p8", "p1"]}]})json");
  j["rotas"] = {a, b};

  j["lines"] = json::parse(R"json([
    {"number": "22220001", "name": "Linje 1",
     "hours": [
       {"from": "2025-01-01", "weekday": ["07:30-16:00", "22:00-02:00"], "saturday": ["10:00-18:00"],
        "sunday": ["01:00-04:00", "10:00-18:00"], "holiday": ["10:00-18:00"]},
       {"from": "2027-01-01", "weekday": ["08:00-22:00"]},
       {"from": "2027-09-15", "saturday": ["23:00-03:00"], "sunday": ["10:00-18:00"]}
     ],
     "fallback": {"name": "Sentralbord", "address": "tel:+4722000000", "message": "Du settes over."},
     "closed": {"name": "Stengt", "address": "tel:+4722000001", "message": "Ring AMK 113."},
     "desks": [
       {"id": "a", "name": "Desk A", "rota": "a"},
       {"id": "b", "name": "Desk B", "rota": "b",
        "hours": [{"from": "2026-02-01", "weekday": ["08:00-12:00", "13:00-15:00"], "weekend": [],
                   "holiday": []}],
        "special_days": [{"name": "Påskeuka", "easter": [-7, 1], "hours": []},
                         {"name": "Sankthans", "yearly": "06-23", "hours": ["08:00-10:00", "18:00-01:00"]}],
        "closed": {"name": "Desk B stengt", "address": "tel:+4722000002"}}
     ]},
    {"number": "22220002", "name": "Linje 2 (døgnåpen)",
     "hours": [{"from": "2026-01-01", "weekday": ["00:00-24:00"], "weekend": ["00:00-24:00"],
                "holiday": ["00:00-24:00"]}],
     "special_days": [{"name": "Grunnlovsdag-eve", "yearly": "05-16", "treat_as": "holiday"}],
     "fallback": {"name": "Sentralbord 2", "address": "tel:+4722000003"},
     "desks": [{"id": "a", "name": "Desk A døgn", "rota": "a"}]}
  ])json");
  return j;
}

// ---------------------------------------------------------------------------------------------
// The comparison

std::string describe(const Site& site, const RoutePlan& p) {
  std::string s = std::string(p.open ? "open" : "closed") + " " +
                  std::string(to_string(p.day_type)) + " " +
                  format_date(year_month_day{p.service_day}) + " [";
  for (const Attempt& a : p.attempts) s += a.person->id + " " + std::string(a.address) + "; ";
  s += "] -> " + p.fallback->name;
  (void)site;
  return s;
}

std::string describe(const Site& site, const ref::Reference::Plan& p) {
  std::string s = std::string(p.open ? "open" : "closed") + " " +
                  std::string(to_string(p.day_type)) + " " +
                  format_date(year_month_day{p.service_day}) + " [";
  for (const auto& [person, address] : p.attempts)
    s += site.people[person].id + " " + address + "; ";
  s += "] -> " + p.fallback->name;
  return s;
}

bool agree(const Site& site, const RoutePlan& got, const ref::Reference::Plan& want) {
  if (got.open != want.open || got.day_type != want.day_type ||
      got.service_day != want.service_day || got.fallback != want.fallback ||
      got.attempts.size() != want.attempts.size() ||
      got.coverage_gap != (want.open && want.attempts.empty())) {
    return false;
  }
  for (std::size_t i = 0; i < got.attempts.size(); ++i) {
    if (got.attempts[i].person != &site.people[want.attempts[i].first] ||
        got.attempts[i].address != want.attempts[i].second) {
      return false;
    }
  }
  return true;
}

// Instants to try: `uniform` uniformly random seconds over [2026-01-01, 2029-01-01) (UTC), and
// `near_boundaries` random picks of {either reading of a local boundary time} +- 1 s, plus every
// shift and override boundary +- 1 s.
std::vector<Instant> instants(const Site& site, std::mt19937_64& rng, int uniform,
                              int near_boundaries) {
  std::vector<Instant> out;
  const Instant from = test::at("2026-01-01T00:00:00Z");
  const Instant to = test::at("2029-01-01T00:00:00Z");
  std::uniform_int_distribution<long> any(0, (to - from).count() - 1);
  for (int i = 0; i < uniform; ++i) out.push_back(from + std::chrono::seconds{any(rng)});

  std::vector<int> minutes{0,   60,  120, 150, 180,  240,  450,  480,  540,  600, 720,
                           780, 840, 900, 960, 1020, 1080, 1200, 1320, 1380, 1440};
  const date::time_zone& zone = *date::locate_zone(site.zone->name());
  std::uniform_int_distribution<int> day_pick(0, 3 * 366);
  std::uniform_int_distribution<std::size_t> minute_pick(0, minutes.size() - 1);
  std::uniform_int_distribution<int> offset(-1, 1);
  for (int i = 0; i < near_boundaries; ++i) {
    // Every fourth pick lands on a daylight-saving weekend.
    LocalDays d = LocalDays{2026_y / January / 1} + days{day_pick(rng)};
    if (i % 4 == 0) {
      const LocalDays dst[] = {LocalDays{2026_y / March / 28}, LocalDays{2026_y / October / 24},
                               LocalDays{2027_y / March / 27}, LocalDays{2027_y / October / 30},
                               LocalDays{2028_y / March / 25}, LocalDays{2028_y / October / 28}};
      d = dst[static_cast<std::size_t>(i / 4) % 6] + days{(i / 24) % 3};
    }
    const LocalSeconds local = LocalSeconds{d} + std::chrono::minutes{minutes[minute_pick(rng)]};
    const choose c = i % 2 == 0 ? choose::earliest : choose::latest;
    out.push_back(zone.to_sys(local, c) + std::chrono::seconds{offset(rng)});
  }
  for (const Rota& rota : site.rotas) {
    for (const DutyShift& s : rota.shifts) {
      for (Instant t : {s.start, s.end}) {
        for (auto o : {-1s, 0s, 1s}) out.push_back(t + o);
      }
    }
    for (const DutyOverride& v : rota.overrides) {
      for (Instant t : {v.start, v.end}) {
        for (auto o : {-1s, 0s, 1s}) out.push_back(t + o);
      }
    }
  }
  return out;
}

void compare_all(const Site& site, std::uint64_t seed, int uniform, int near_boundaries) {
  const ref::Reference reference{site, LocalDays{2029_y / January / 10}};
  std::vector<std::pair<const Line*, const Desk*>> desks;
  for (const Line& line : site.lines) {
    for (const Desk& desk : line.desks) desks.emplace_back(&line, &desk);
  }
  std::mt19937_64 rng{seed};
  const auto ts = instants(site, rng, uniform, near_boundaries);
  std::uniform_int_distribution<std::size_t> desk_pick(0, desks.size() - 1);
  std::vector<std::pair<Instant, std::size_t>> cases;  // instant, desk
  for (const Instant t : ts) cases.emplace_back(t, desk_pick(rng));
  // Densely around every daylight-saving change, on every desk: each minute from three hours
  // before to three hours after.
  for (date::sys_info info = site.zone->get_info(test::at("2026-01-01T00:00:00Z"));
       info.end < test::at("2029-01-01T00:00:00Z"); info = site.zone->get_info(info.end)) {
    for (Instant t = info.end - 3h; t < info.end + 3h; t += 1min) {
      for (std::size_t d = 0; d < desks.size(); ++d) cases.emplace_back(t, d);
    }
  }
  int mismatches = 0, opened = 0, gaps = 0;
  for (const auto& [t, desk_index] : cases) {
    const auto [line, desk] = desks[desk_index];
    const RoutePlan got = route(site, *line, *desk, t);
    const auto want = reference.route(*line, *desk, t);
    opened += got.open ? 1 : 0;
    gaps += got.coverage_gap ? 1 : 0;
    if (!agree(site, got, want)) {
      if (++mismatches <= 10) {
        ADD_FAILURE() << "line " << line->number << " desk " << desk->id << " at " << format_utc(t)
                      << " (" << format_rfc3339(*line->zone, t)
                      << ")\n  route():   " << describe(site, got)
                      << "\n  reference: " << describe(site, want);
      }
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << cases.size() << " cases";
  // The sample is not degenerate: both open and closed plans.
  EXPECT_GT(opened, static_cast<int>(cases.size()) / 10);
  EXPECT_LT(opened, static_cast<int>(cases.size()) * 9 / 10);
  ::testing::Test::RecordProperty("cases", static_cast<int>(cases.size()));
  ::testing::Test::RecordProperty("coverage_gaps", gaps);
}

TEST(RouteProperty, StOlavsMatchesTheReference) {
  const Site site = test::load_example("st-olavs.json");
  compare_all(site, 20260101, 20000, 6000);
}

TEST(RouteProperty, HelseNordTrondelagMatchesTheReference) {
  const Site site = test::load_example("helse-nord-trondelag.json");
  compare_all(site, 74098800, 5000, 2000);
}

TEST(RouteProperty, SyntheticSiteMatchesTheReference) {
  const Site site = test::must_parse(synthetic_site());
  ASSERT_EQ(site.rotas[0].shifts.size(), 33u);
  ASSERT_EQ(site.rotas[0].overrides.size(), 33u);
  ASSERT_EQ(site.rotas[0].swaps.size(), 7u);
  compare_all(site, 1234567, 20000, 8000);
}

TEST(TimelineProperty, SyntheticSiteSegmentsAgreeWithRoute) {
  const Site site = test::must_parse(synthetic_site());
  for (const Line& line : site.lines) {
    for (const Desk& desk : line.desks) {
      test::check_timeline(site, line, desk, test::at("2026-01-01T00:00:00Z"),
                           test::at("2029-01-01T00:00:00Z"), 4000);
    }
  }
}

TEST(RouteProperty, ReferenceSanity) {
  // The reference itself, on hand-checked cases, so that agreement means something.
  const Site site = test::load_example("st-olavs.json");
  const ref::Reference reference{site, LocalDays{2029_y / January / 10}};
  const Line& line = site.lines[0];
  auto p = reference.route(line, line.desks[0], test::at("2026-12-24T12:00"));
  EXPECT_TRUE(p.open);
  EXPECT_EQ(p.day_type, DayType::special);
  ASSERT_EQ(p.attempts.size(), 2u);
  EXPECT_EQ(site.people[p.attempts[0].first].id, "eide");
  EXPECT_EQ(p.attempts[1].second, "sip:4601@pbx.stolav.example");
  p = reference.route(line, line.desks[0], test::at("2027-05-17T09:59:59"));
  EXPECT_FALSE(p.open);
  EXPECT_EQ(p.day_type, DayType::holiday);
  EXPECT_EQ(p.fallback, &line.desks[0].closed);
  EXPECT_TRUE(ref::is_holiday(LocalDays{2027_y / May / 6}));
  EXPECT_FALSE(ref::is_holiday(LocalDays{2027_y / May / 7}));
}

}  // namespace
}  // namespace samtel
