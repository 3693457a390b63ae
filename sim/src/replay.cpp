#include "samtel/sim/replay.hpp"

#include <algorithm>
#include <queue>

#include "samtel/period.hpp"
#include "samtel/sim/random.hpp"

namespace samtel::sim {
namespace {

using std::chrono::seconds;

constexpr std::uint64_t kScriptSalt = 0x5eedca11ULL;

enum class EventKind { answer, timeout };

struct Event {
  Instant t;
  std::uint64_t seq;  // order of scheduling: ties resolve first come, first served
  std::size_t call;
  EventKind kind;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

struct CallState {
  RoutePlan plan;
  SplitMix64 rng{0};
  double length_u = 0.0;
  std::size_t attempt = 0;
  Instant ring_start;
};

class Replayer {
 public:
  Replayer(const Scenario& s, std::vector<Call> calls, Instant from, Instant to, Progress* progress)
      : s_(s), progress_(progress), busy_until_(s.site->people.size(), Instant::min()) {
    result_.scenario = &s;
    result_.from = from;
    result_.to = to;
    result_.calls.resize(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) result_.calls[i].call = calls[i];
    states_.resize(calls.size());
  }

  ReplayResult run() {
    const std::size_t n = result_.calls.size();
    for (std::size_t i = 0; i < n; ++i) {
      const Instant arrival = result_.calls[i].call.arrival;
      drain(arrival);
      arrive(i);
      if (progress_ != nullptr && (i % 4096) == 0) {
        progress_->update("replay", static_cast<double>(i) / static_cast<double>(n));
      }
    }
    drain(Instant::max());
    if (progress_ != nullptr) progress_->update("replay", 1.0);
    return std::move(result_);
  }

 private:
  // Handles every pending event at or before `until` (a ring that times out at the very second a
  // call arrives frees its line first).
  void drain(Instant until) {
    while (!events_.empty() && events_.top().t <= until) {
      const Event e = events_.top();
      events_.pop();
      if (e.kind == EventKind::answer)
        answer(e.call, e.t);
      else
        ring_out(e.call, e.t);
    }
  }

  void push(Instant t, std::size_t call, EventKind kind) {
    events_.push(Event{t, seq_++, call, kind});
  }

  std::size_t person_index(const Attempt& a) const {
    return static_cast<std::size_t>(a.person - s_.site->people.data());
  }

  void arrive(std::size_t i) {
    CallResult& r = result_.calls[i];
    CallState& st = states_[i];
    const Desk& desk = s_.line->desks[r.call.desk];
    st.plan = route(*s_.site, *s_.line, desk, r.call.arrival);
    st.rng = SplitMix64{r.call.stream};
    st.length_u = st.rng.uniform01();
    const LocalSeconds local = to_local(*s_.line->zone, r.call.arrival);
    r.day = date::floor<date::days>(local);
    r.hour =
        static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(local - r.day).count());
    r.day_type = st.plan.day_type;
    if (!st.plan.open) {
      r.outcome = CallOutcome::closed;
      r.fallback = st.plan.fallback;
      return;
    }
    if (st.plan.attempts.empty()) {
      r.outcome = CallOutcome::gap;
      r.fallback = st.plan.fallback;
      return;
    }
    start_attempt(i, 0, r.call.arrival);
  }

  void start_attempt(std::size_t i, std::size_t k, Instant start) {
    CallResult& r = result_.calls[i];
    CallState& st = states_[i];
    const Attempt& a = st.plan.attempts[k];
    const std::size_t p = person_index(a);
    st.attempt = k;
    st.ring_start = start;
    ++r.attempts_rung;
    // Two draws per attempt, always, so the stream stays aligned whatever happens.
    const double u_answer = st.rng.uniform01();
    const double u_delay = st.rng.uniform01();
    const PersonModel& model = s_.people[p];
    bool answers = u_answer < model.answer_probability;
    seconds delay = model.answer_seconds.sample(u_delay);
    if (r.call.script != nullptr && k < r.call.script->answers.size() &&
        r.call.script->answers[k]) {
      answers = r.call.script->answers[k]->answers;
      delay = r.call.script->answers[k]->after;
    }
    if (busy_until_[p] > start) {
      ++r.busy_rings;
      push(start + a.ring_timeout, i, EventKind::timeout);
    } else if (answers && delay < a.ring_timeout) {
      push(start + delay, i, EventKind::answer);
    } else {
      push(start + a.ring_timeout, i, EventKind::timeout);
    }
  }

  void answer(std::size_t i, Instant t) {
    CallResult& r = result_.calls[i];
    CallState& st = states_[i];
    const Attempt& a = st.plan.attempts[st.attempt];
    const std::size_t p = person_index(a);
    if (busy_until_[p] > t) {  // picked up another call while this one was ringing
      ++r.busy_rings;
      push(st.ring_start + a.ring_timeout, i, EventKind::timeout);
      return;
    }
    seconds length = r.call.script != nullptr && r.call.script->length
                         ? *r.call.script->length
                         : s_.people[p].call_seconds.sample(st.length_u);
    length = std::max(length, seconds{1});
    busy_until_[p] = t + length;
    r.outcome = CallOutcome::answered;
    r.answered_attempt = st.attempt;
    r.answered_by = a.person;
    r.answered_role = a.role_info;
    r.wait = t - r.call.arrival;
    r.talk = length;
    st.plan.attempts.clear();
    st.plan.attempts.shrink_to_fit();
  }

  void ring_out(std::size_t i, Instant t) {
    CallResult& r = result_.calls[i];
    CallState& st = states_[i];
    if (st.attempt + 1 < st.plan.attempts.size()) {
      start_attempt(i, st.attempt + 1, t);
      return;
    }
    r.outcome = CallOutcome::fallback;
    r.fallback = st.plan.fallback;
    r.wait = t - r.call.arrival;
    st.plan.attempts.clear();
    st.plan.attempts.shrink_to_fit();
  }

  const Scenario& s_;
  Progress* progress_;
  ReplayResult result_;
  std::vector<CallState> states_;
  std::vector<Instant> busy_until_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t seq_ = 0;
};

double median_of(std::vector<std::int64_t>& v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  if (n % 2 == 1) return static_cast<double>(v[n / 2]);
  return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2.0;
}

}  // namespace

std::vector<Call> generate_calls(const Scenario& s, Instant from, Instant to) {
  std::vector<Call> calls;
  const Zone& zone = *s.line->zone;
  Random rng{s.seed};
  bool any_rates = false;
  for (const auto& r : s.arrivals) any_rates = any_rates || r.has_value();
  if (any_rates) {
    for (Instant h = date::floor<std::chrono::hours>(from); h < to; h += std::chrono::hours{1}) {
      const Instant lo = std::max(h, from);
      const Instant hi = std::min(Instant{h + std::chrono::hours{1}}, to);
      if (!(lo < hi)) continue;
      // The local hour at the start of this UTC hour decides the rate (whole-hour zone offsets
      // make the two coincide; the repeated autumn hour gets its rate twice, as it happens twice).
      const LocalSeconds local = to_local(zone, lo);
      const LocalDays day = date::floor<date::days>(local);
      const auto hour = static_cast<std::size_t>(
          std::chrono::duration_cast<std::chrono::hours>(local - day).count());
      const DayType type = statutory_day_type(date::year_month_day{day});
      const auto span = static_cast<std::uint64_t>((hi - lo).count());
      for (std::size_t d = 0; d < s.arrivals.size(); ++d) {
        if (!s.arrivals[d]) continue;
        const double rate = (*s.arrivals[d])[hours_index(type)][hour];
        const std::uint64_t n = rng.poisson(rate * static_cast<double>(span) / 3600.0);
        for (std::uint64_t k = 0; k < n; ++k) {
          const auto offset = static_cast<std::int64_t>(rng.below(span));
          calls.push_back(Call{0, lo + seconds{offset}, d, rng.next(), nullptr});
        }
      }
    }
  }
  // Explicit calls draw from a stream of their own, so adding one leaves the generated calls be.
  Random script_rng{mix_seed(s.seed, kScriptSalt)};
  for (const ScriptedCall& sc : s.calls) {
    const std::uint64_t stream = script_rng.next();
    if (from <= sc.at && sc.at < to) calls.push_back(Call{0, sc.at, sc.desk, stream, &sc});
  }
  std::stable_sort(calls.begin(), calls.end(),
                   [](const Call& a, const Call& b) { return a.arrival < b.arrival; });
  for (std::size_t i = 0; i < calls.size(); ++i) calls[i].id = i + 1;
  return calls;
}

ReplayResult replay_calls(const Scenario& scenario, std::vector<Call> calls, Instant from,
                          Instant to, Progress* progress) {
  return Replayer{scenario, std::move(calls), from, to, progress}.run();
}

ReplayResult replay(const Scenario& scenario, Instant from, Instant to, Progress* progress) {
  return replay_calls(scenario, generate_calls(scenario, from, to), from, to, progress);
}

double TrafficStats::answer_rate() const {
  return open_calls == 0 ? 1.0 : static_cast<double>(answered) / static_cast<double>(open_calls);
}

TrafficSummary summarise(const ReplayResult& result) {
  TrafficSummary out;
  std::vector<std::int64_t> total_waits;
  std::array<std::vector<std::int64_t>, 5> type_waits;
  std::array<std::array<std::vector<std::int64_t>, 24>, 5> hour_waits;
  std::array<std::vector<std::int64_t>, 24> all_hour_waits;
  std::vector<TrafficSummary::PersonLoad> people;
  const auto add = [](TrafficStats& s, const CallResult& r, std::vector<std::int64_t>& waits) {
    ++s.calls;
    switch (r.outcome) {
      case CallOutcome::answered:
        ++s.answered;
        if (r.answered_attempt == std::size_t{0}) ++s.answered_first;
        break;
      case CallOutcome::fallback: ++s.fallback; break;
      case CallOutcome::gap: ++s.gap; break;
      case CallOutcome::closed: ++s.closed; break;
      default:  // the replay produces only kSimulatedOutcomes
        break;
    }
    if (r.outcome != CallOutcome::closed) {
      ++s.open_calls;
      waits.push_back(r.wait.count());
      s.worst_wait = std::max<std::int64_t>(s.worst_wait, r.wait.count());
    }
    if (r.escalated()) ++s.escalated;
  };
  for (const CallResult& r : result.calls) {
    const std::size_t t = index_of(r.day_type);
    const auto h = static_cast<std::size_t>(std::clamp(r.hour, 0, 23));
    add(out.total, r, total_waits);
    add(out.by_day_type[t], r, type_waits[t]);
    add(out.by_type_hour[t][h], r, hour_waits[t][h]);
    add(out.by_hour[h], r, all_hour_waits[h]);
    if (r.answered_by != nullptr) {
      auto it = std::find_if(
          people.begin(), people.end(),
          [&](const TrafficSummary::PersonLoad& p) { return p.person == r.answered_by; });
      if (it == people.end()) it = people.insert(people.end(), {r.answered_by, 0, seconds{0}});
      ++it->answered;
      it->talk += r.talk;
    }
  }
  out.total.median_wait = median_of(total_waits);
  for (std::size_t h = 0; h < 24; ++h) out.by_hour[h].median_wait = median_of(all_hour_waits[h]);
  for (std::size_t t = 0; t < 5; ++t) {
    out.by_day_type[t].median_wait = median_of(type_waits[t]);
    for (std::size_t h = 0; h < 24; ++h)
      out.by_type_hour[t][h].median_wait = median_of(hour_waits[t][h]);
  }
  std::stable_sort(people.begin(), people.end(), [](const auto& a, const auto& b) {
    return a.answered != b.answered ? a.answered > b.answered : a.person->name < b.person->name;
  });
  out.people = std::move(people);
  if (result.scenario != nullptr && result.from < result.to) {
    const Scenario& s = *result.scenario;
    const Zone& zone = *s.line->zone;
    const Desk& desk = s.line->desks[s.line->default_desk];
    const LocalDays first = local_day(zone, result.from);
    const LocalDays last = local_day(zone, result.to - seconds{1});
    for (LocalDays d = first; d <= last; d += date::days{1}) {
      ++out.days[index_of(classify_day(d, desk.special_days, s.site->special_days).type)];
    }
  }
  return out;
}

std::vector<std::string> unmet_expectations(const ReplayResult& result) {
  std::vector<std::string> out;
  for (const CallResult& r : result.calls) {
    const ScriptedCall* sc = r.call.script;
    if (sc == nullptr || !sc->expect.any()) continue;
    const Expectation& e = sc->expect;
    const Site& site = *result.scenario->site;
    bool ok = true;
    if (e.outcome && *e.outcome != r.outcome) ok = false;
    if (e.answered_by &&
        (r.answered_by == nullptr || r.answered_by != &site.people[*e.answered_by]))
      ok = false;
    if (e.wait && *e.wait != r.wait) ok = false;
    if (ok) continue;
    std::string want;
    if (e.outcome) want += std::string(to_string(*e.outcome));
    if (e.answered_by)
      want +=
          (want.empty() ? "answered" : "") + std::string(" by ") + site.people[*e.answered_by].id;
    if (e.wait)
      want += (want.empty() ? "" : ", ") + std::string("wait ") + std::to_string(e.wait->count()) +
              " s";
    std::string got{to_string(r.outcome)};
    if (r.answered_by != nullptr) got += " by " + r.answered_by->id;
    got += ", wait " + std::to_string(r.wait.count()) + " s";
    out.push_back(sc->pointer + ": expected " + want + "; got " + got);
  }
  return out;
}

}  // namespace samtel::sim
