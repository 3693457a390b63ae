// Benchmarks of the core library: the cost of one routing decision, of a minute-by-minute year and
// of a year's timeline. Figures and how to reproduce them: docs/performance.md.
//
//  * BM_RouteSynthetic   route() on a generated site with a year of roster: three roles with
//                        rotations, hundreds of one-off shifts and overrides, swaps, special days,
//                        two hours versions; random instants over the year. Arg: desk (0 = day
//                        desk with the line's hours, 1 = night desk whose window crosses midnight).
//  * BM_RouteStOlavs     route() on docs/examples/st-olavs.json, default desk, random instants.
//  * BM_YearSweepStOlavs route() for every minute of a year (525,600 calls) on the St. Olavs
//                        default desk; one iteration is one sweep.
//  * BM_Timeline*        timeline() over a year.
//
// All people, numbers and addresses in the generated site are synthetic.
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "samtel/call_statistics.hpp"
#include "samtel/config.hpp"
#include "samtel/coverage.hpp"
#include "samtel/deviation_counts.hpp"
#include "samtel/deviations.hpp"
#include "samtel/routing.hpp"

namespace {

using namespace samtel;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kPeople = 48;
constexpr int kShifts = 400;
constexpr int kOverrides = 300;
constexpr int kSwaps = 24;
constexpr std::size_t kInstants = 1 << 16;

// The pattern every generated rotation starts from: Monday 2025-12-29.
const LocalDays kPatternFrom{date::year{2025} / date::December / 29};

std::string person_id(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "p%02d", i);
  return buf;
}

// "YYYY-MM-DDTHH:MM", wall-clock.
std::string local_text(LocalDays day, int hour, int minute) {
  char buf[32];
  const date::year_month_day ymd{day};
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hour, minute);
  return buf;
}

std::string date_text(LocalDays day) { return local_text(day, 0, 0).substr(0, 10); }

// A one-off assignment of `hours` hours starting at `hour` on `day`, written as local times.
// Start and end avoid 02:00-02:59, which may not exist or happen twice on daylight-saving days.
std::pair<std::string, std::string> local_span(LocalDays day, int hour, int hours) {
  int end_hour = hour + hours;
  if (end_hour % 24 == 2) ++end_hour;
  const LocalDays end_day = day + date::days{end_hour / 24};
  return {local_text(day, hour, 0), local_text(end_day, end_hour % 24, 0)};
}

// The generated site: one line, three desks, one rota with three roles.
json synthetic_site_json() {
  std::mt19937 rng{20260101u};
  const auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>{lo, hi}(rng);
  };

  json people = json::array();
  for (int i = 0; i < kPeople; ++i) {
    people.push_back({{"id", person_id(i)},
                      {"name", "Lege " + person_id(i)},
                      {"addresses",
                       {{{"label", "dect"},
                         {"uri", "sip:" + std::to_string(6000 + i) + "@pbx.synthetic.example"}},
                        {{"label", "mobil"}, {"uri", "tel:+4799" + std::to_string(100000 + i)}}}}});
  }

  // Rotations: primary weekly (people 0-11), backup daily (12-21), senior weekly (22-27).
  const auto rotation = [](int first, int count) {
    json r = json::array();
    for (int i = first; i < first + count; ++i) r.push_back(person_id(i));
    return r;
  };
  json patterns = json::array({
      {{"role", "primary"},
       {"from", date_text(kPatternFrom)},
       {"until", "2027-01-11"},
       {"handover", "08:00"},
       {"period_days", 7},
       {"rotation", rotation(0, 12)}},
      {{"role", "backup"},
       {"from", date_text(kPatternFrom)},
       {"until", "2027-01-11"},
       {"handover", "08:30"},
       {"period_days", 1},
       {"rotation", rotation(12, 10)}},
      {{"role", "senior"},
       {"from", date_text(kPatternFrom)},
       {"until", "2027-01-11"},
       {"handover", "15:00"},
       {"period_days", 7},
       {"rotation", rotation(22, 6)}},
  });

  const char* roles[] = {"primary", "backup", "senior"};
  const LocalDays year_start{date::year{2026} / date::January / 1};

  json shifts = json::array();
  for (int i = 0; i < kShifts; ++i) {
    const LocalDays day = year_start + date::days{uniform(0, 364)};
    const auto [start, end] = local_span(day, uniform(6, 20), uniform(4, 24));
    json s{{"role", roles[uniform(0, 2)]},
           {"person", person_id(uniform(28, kPeople - 1))},
           {"start", start},
           {"end", end},
           {"note", "Ekstravakt " + std::to_string(i)}};
    if (i % 3 == 0) s["address"] = "mobil";
    shifts.push_back(std::move(s));
  }

  json overrides = json::array();
  for (int i = 0; i < kOverrides; ++i) {
    const int offset = uniform(0, 364);
    const LocalDays day = year_start + date::days{offset};
    const int hour = uniform(9, 20);
    const auto [start, end] = local_span(day, hour, uniform(2, 12));
    json o{{"role", "primary"},
           {"person", person_id(uniform(28, kPeople - 1))},
           {"start", start},
           {"end", end},
           {"reason", "Fravær " + std::to_string(i)}};
    if (i % 2 == 0) {
      // Replace whoever the weekly rotation has on duty at the start (handover Mondays 08:00).
      const long k = (day - kPatternFrom).count() / 7;
      o["replaces"] = person_id(static_cast<int>(k % 12));
    }
    overrides.push_back(std::move(o));
  }

  json swaps = json::array();
  for (int i = 0; i < kSwaps; ++i) {
    const LocalDays a = kPatternFrom + date::days{7 * (2 * i)};
    const LocalDays b = kPatternFrom + date::days{7 * (2 * i + 1)};
    swaps.push_back({{"role", "primary"},
                     {"occurrences", {local_text(a, 8, 0), local_text(b, 8, 0)}},
                     {"reason", "Bytte " + std::to_string(i)}});
  }

  json rota{{"id", "akutt"},
            {"name", "Akuttmedisin (syntetisk)"},
            {"roles",
             {{{"id", "primary"}, {"name", "Vakthavende overlege"}, {"ring_seconds", 25}},
              {{"id", "backup"}, {"name", "Bakvakt"}, {"ring_seconds", 20}},
              {{"id", "senior"}, {"name", "Seksjonsoverlege"}, {"ring_seconds", 30}}}},
            {"patterns", patterns},
            {"shifts", shifts},
            {"overrides", overrides},
            {"swaps", swaps}};

  const json fallback{{"name", "Sentralbord (syntetisk)"},
                      {"address", "sip:sentralbord@pbx.synthetic.example"},
                      {"message", "Ved behov for akutt innleggelse: ring AMK 113."}};
  json line{
      {"number", "10000001"},
      {"name", "Samhandlingstelefon (syntetisk)"},
      {"hours",
       {{{"from", "2020-01-01"},
         {"weekday", {"08:00-23:00"}},
         {"weekend", {"10:00-18:00"}},
         {"holiday", {"10:00-18:00"}}},
        {{"from", "2026-06-01"}, {"weekday", {"08:00-15:00", "16:00-22:00"}}}}},
      {"fallback", fallback},
      {"default_desk", "dag"},
      {"special_days", {{{"name", "Påskeuka"}, {"easter", {-6, -4}}, {"hours", {"10:00-14:00"}}}}},
      {"desks",
       {{{"id", "dag"}, {"name", "Dag"}, {"rota", "akutt"}},
        {{"id", "natt"},
         {"name", "Natt"},
         {"rota", "akutt"},
         {"hours",
          {{{"from", "2020-01-01"},
            {"weekday", {"20:00-08:00"}},
            {"weekend", {"18:00-10:00"}},
            {"holiday", {"18:00-10:00"}}}}},
         {"special_days",
          {{{"name", "Romjul"}, {"yearly", {"12-27", "01-02"}}, {"treat_as", "holiday"}}}}},
        {{"id", "poliklinikk"},
         {"name", "Poliklinikk"},
         {"rota", "akutt"},
         {"hours",
          {{{"from", "2020-01-01"},
            {"weekday", {"08:00-16:00"}},
            {"weekend", json::array()},
            {"holiday", json::array()}}}}}}}};

  return json{
      {"$comment", "Generated for benchmarks; every name and address is synthetic."},
      {"site", {{"id", "synthetic"}, {"name", "Syntetisk sykehus"}, {"zone", "Europe/Oslo"}}},
      {"people", people},
      {"rotas", {rota}},
      {"special_days",
       {{{"name", "Julaften"}, {"yearly", "12-24"}, {"treat_as", "holiday"}},
        {{"name", "Nyttårsaften"}, {"yearly", "12-31"}, {"treat_as", "holiday"}}}},
      {"lines", {line}}};
}

struct Loaded {
  std::optional<Site> site;
  std::string error;
};

Loaded load(tl::expected<Site, ConfigErrors> result) {
  Loaded out;
  if (result) {
    out.site = std::move(*result);
  } else {
    for (const ConfigError& e : result.error()) out.error += e.to_string() + "; ";
  }
  return out;
}

const Loaded& synthetic_site() {
  static const Loaded site = load(parse_site(synthetic_site_json().dump(), "<synthetic>"));
  return site;
}

const Loaded& st_olavs() {
  static const Loaded site = load(load_site_file(SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json"));
  return site;
}

Instant utc(int y, unsigned m, unsigned d) {
  return Instant{date::sys_days{date::year{y} / date::month{m} / date::day{d}}};
}

// Uniformly random instants (whole seconds) in [from, to), fixed seed.
std::vector<Instant> random_instants(Instant from, Instant to) {
  std::mt19937_64 rng{42};
  std::uniform_int_distribution<long> dist{0, (to - from).count() - 1};
  std::vector<Instant> out(kInstants);
  for (Instant& t : out) t = from + std::chrono::seconds{dist(rng)};
  return out;
}

void route_random(benchmark::State& state, const Loaded& loaded, std::size_t desk_index,
                  Instant from, Instant to) {
  if (!loaded.site) {
    state.SkipWithError(("configuration does not load: " + loaded.error).c_str());
    return;
  }
  const Site& site = *loaded.site;
  const Line& line = site.lines.front();
  const Desk& desk = line.desks.at(desk_index);
  const std::vector<Instant> instants = random_instants(from, to);
  std::size_t i = 0, open = 0, attempts = 0;
  for (auto _ : state) {
    const RoutePlan plan = route(site, line, desk, instants[i]);
    open += plan.open;
    attempts += plan.attempts.size();
    benchmark::DoNotOptimize(plan.fallback);
    i = (i + 1) % instants.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["open_share"] = static_cast<double>(open) /
                                 static_cast<double>(std::max<std::int64_t>(state.iterations(), 1));
  state.counters["attempts_per_call"] =
      static_cast<double>(attempts) /
      static_cast<double>(std::max<std::int64_t>(state.iterations(), 1));
}

void BM_RouteSynthetic(benchmark::State& state) {
  route_random(state, synthetic_site(), static_cast<std::size_t>(state.range(0)), utc(2026, 1, 1),
               utc(2027, 1, 1));
}
BENCHMARK(BM_RouteSynthetic)->Arg(0)->Arg(1)->Unit(benchmark::kNanosecond);

void BM_RouteStOlavs(benchmark::State& state) {
  const Loaded& loaded = st_olavs();
  const std::size_t desk = loaded.site ? loaded.site->lines.front().default_desk : 0;
  route_random(state, loaded, desk, utc(2027, 1, 1), utc(2028, 1, 1));
}
BENCHMARK(BM_RouteStOlavs)->Unit(benchmark::kNanosecond);

void BM_YearSweepStOlavs(benchmark::State& state) {
  const Loaded& loaded = st_olavs();
  if (!loaded.site) {
    state.SkipWithError(("configuration does not load: " + loaded.error).c_str());
    return;
  }
  const Site& site = *loaded.site;
  const Line& line = site.lines.front();
  const Desk& desk = line.desks[line.default_desk];
  // 2027-01-01T00:00 local (Europe/Oslo, +01:00), then every minute for 365 days.
  const Instant start = utc(2026, 12, 31) + 23h;
  constexpr long kMinutes = 365L * 24 * 60;
  std::size_t open_minutes = 0;
  for (auto _ : state) {
    open_minutes = 0;
    for (long m = 0; m < kMinutes; ++m) {
      const RoutePlan plan = route(site, line, desk, start + std::chrono::minutes{m});
      open_minutes += plan.open;
      benchmark::DoNotOptimize(plan.attempts.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * kMinutes);
  state.counters["open_minutes"] = static_cast<double>(open_minutes);
}
BENCHMARK(BM_YearSweepStOlavs)->Unit(benchmark::kMillisecond);

void timeline_year(benchmark::State& state, const Loaded& loaded, std::size_t desk_index,
                   Instant from, Instant to) {
  if (!loaded.site) {
    state.SkipWithError(("configuration does not load: " + loaded.error).c_str());
    return;
  }
  const Site& site = *loaded.site;
  const Line& line = site.lines.front();
  const Desk& desk = line.desks.at(desk_index);
  std::size_t segments = 0;
  for (auto _ : state) {
    const std::vector<Segment> t = timeline(site, line, desk, from, to);
    segments = t.size();
    benchmark::DoNotOptimize(t.data());
  }
  state.counters["segments"] = static_cast<double>(segments);
}

void BM_TimelineStOlavs(benchmark::State& state) {
  const Loaded& loaded = st_olavs();
  const std::size_t desk = loaded.site ? loaded.site->lines.front().default_desk : 0;
  timeline_year(state, loaded, desk, utc(2027, 1, 1), utc(2028, 1, 1));
}
BENCHMARK(BM_TimelineStOlavs)->Unit(benchmark::kMillisecond);

void BM_TimelineSynthetic(benchmark::State& state) {
  timeline_year(state, synthetic_site(), 0, utc(2026, 1, 1), utc(2027, 1, 1));
}
BENCHMARK(BM_TimelineSynthetic)->Unit(benchmark::kMillisecond);

// The partners' statistics and the deviation candidates (counted with the decisions on them) over N
// synthetic call records spread over ten years (state.range(0): 40,000 is a year of the line's
// traffic, 400,000 ten years), for one year and the year before, and for ten and the ten before.
void BM_CallStatistics(benchmark::State& state) {
  const Zone& zone = **find_zone("Europe/Oslo");
  std::mt19937_64 rnd(11);
  const Instant first = utc(2017, 1, 1), last = utc(2027, 1, 1);
  const auto span = std::chrono::duration_cast<std::chrono::seconds>(last - first).count();
  std::vector<CallRecord> records(static_cast<std::size_t>(state.range(0)));
  for (CallRecord& r : records) {
    r.arrived =
        first + std::chrono::seconds(static_cast<long>(rnd() % static_cast<unsigned long>(span)));
    r.outcome = kAllCallOutcomes[rnd() % kAllCallOutcomes.size()];
    r.open = r.outcome != CallOutcome::closed;
    r.desk = "medisin";
    r.day_type = "weekday";
    r.wait_ms = static_cast<std::int64_t>(rnd() % 90000);
    r.caller = "********" + std::to_string(rnd() % 100);
    r.call_id = std::to_string(rnd());
  }
  // The records of the period and of the period before, as the call log's reader would give
  // them.
  std::vector<CallRecord> in_period, in_before;
  const LocalDays from{date::year{state.range(1) == 1 ? 2026 : 2017} / 1 / 1};
  const DateRange period{from, LocalDays{date::year{2026} / 12 / 31}};
  const Span window = to_span(zone, period), before = to_span(zone, previous_period(period));
  for (const CallRecord& r : records) {
    if (r.arrived >= window.from && r.arrived < window.to) in_period.push_back(r);
    if (r.arrived >= before.from && r.arrived < before.to) in_before.push_back(r);
  }
  // A decision on every tenth record's key, as a store of reviews would hold them.
  DecisionsByKey decisions;
  for (std::size_t i = 0; i < in_period.size(); i += 10) {
    decisions.emplace("unanswered_while_open:" + in_period[i].call_id,
                      kReviewDecisions[i % kReviewDecisions.size()]);
  }
  for (auto _ : state) {
    CallStatistics s = call_statistics(records, zone, period);
    CallStatistics p = call_statistics(records, zone, previous_period(period));
    s.deviations = count_deviations(find_call_deviations(in_period, zone, {}), decisions);
    p.deviations = count_deviations(find_call_deviations(in_before, zone, {}), decisions);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_CallStatistics)->Args({40000, 1})->Args({400000, 10})->Unit(benchmark::kMillisecond);

}  // namespace
