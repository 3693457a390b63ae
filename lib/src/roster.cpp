#include "samtel/roster.hpp"

#include <algorithm>

namespace samtel {
namespace {

constexpr std::chrono::seconds kDay{86400};

}  // namespace

LocalSeconds DutyPattern::occurrence_start(long k) const {
  return LocalSeconds{from} + std::chrono::days{static_cast<long>(period_days) * k} +
         std::chrono::minutes{handover};
}

std::optional<long> DutyPattern::occurrence_count() const {
  if (!until) return std::nullopt;
  const long days = (*until - from).count();
  if (days <= 0) return 0;
  return (days + period_days - 1) / period_days;
}

std::optional<long> DutyPattern::occurrence_at(LocalSeconds t) const {
  const LocalSeconds first = occurrence_start(0);
  if (t < first) return std::nullopt;
  if (until && t >= LocalSeconds{*until} + std::chrono::minutes{handover}) return std::nullopt;
  const auto period = kDay * period_days;
  return static_cast<long>((t - first) / period);
}

void Rota::finalize() {
  index_.assign(roles.size(), RoleIndex{});
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    auto& idx = index_[shifts[i].role];
    idx.shifts.push_back(i);
    idx.longest_shift = std::max(idx.longest_shift, shifts[i].end - shifts[i].start);
  }
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    auto& idx = index_[overrides[i].role];
    idx.overrides.push_back(i);
    idx.longest_override = std::max(idx.longest_override, overrides[i].end - overrides[i].start);
  }
  for (std::size_t i = 0; i < patterns.size(); ++i) index_[patterns[i].role].patterns.push_back(i);
  // Stable sorts keep configuration order among equal starts: the earlier entry wins.
  for (auto& idx : index_) {
    std::stable_sort(idx.shifts.begin(), idx.shifts.end(), [&](std::size_t a, std::size_t b) {
      return shifts[a].start < shifts[b].start;
    });
    std::stable_sort(idx.overrides.begin(), idx.overrides.end(), [&](std::size_t a, std::size_t b) {
      return overrides[a].start < overrides[b].start;
    });
  }
}

std::optional<std::size_t> Rota::pattern_person(std::size_t pattern, long k) const {
  const DutyPattern& p = patterns[pattern];
  if (p.rotation.empty()) return std::nullopt;
  for (const DutySwap& s : swaps) {
    if (s.pattern != pattern) continue;
    // The occurrences keep their times; their people are exchanged.
    if (s.first == k) return p.rotation[static_cast<std::size_t>(s.second) % p.rotation.size()];
    if (s.second == k) return p.rotation[static_cast<std::size_t>(s.first) % p.rotation.size()];
  }
  return p.rotation[static_cast<std::size_t>(k) % p.rotation.size()];
}

std::optional<OnDuty> Rota::base_on_duty(std::size_t role, Instant t) const {
  const RoleIndex& idx = index_[role];

  // One-off shifts: scan back from the last one starting at or before t, as far as the longest
  // shift reaches, and keep the earliest-starting one that covers t.
  if (!idx.shifts.empty()) {
    auto it = std::upper_bound(idx.shifts.begin(), idx.shifts.end(), t,
                               [&](Instant v, std::size_t i) { return v < shifts[i].start; });
    const DutyShift* found = nullptr;
    while (it != idx.shifts.begin()) {
      --it;
      const DutyShift& s = shifts[*it];
      if (s.start + idx.longest_shift <= t) break;
      if (t < s.end) found = &s;
    }
    if (found != nullptr) {
      return OnDuty{found->person, found->address, DutySource::shift, found->start, found->end};
    }
  }

  if (!idx.patterns.empty()) {
    const LocalSeconds local = to_local(*zone, t);
    for (std::size_t pi : idx.patterns) {
      const DutyPattern& p = patterns[pi];
      auto k = p.occurrence_at(local);
      if (!k && local < p.occurrence_start(0) &&
          resolve_local_lenient(*zone, p.occurrence_start(0)) <= t) {
        k = 0;  // the first handover was at the earlier of two equal wall-clock times
      }
      if (!k) continue;
      // Occurrence k holds [start of k, start of k + 1) as instants. In the repeated hour of a
      // fall-back night the wall clock runs through a handover time twice; once the handover has
      // happened (at the earlier instant) it is not undone.
      const auto end_of = [&](long n) {
        LocalSeconds local_end = p.occurrence_start(n + 1);
        if (p.until)
          local_end =
              std::min(local_end, LocalSeconds{*p.until} + std::chrono::minutes{p.handover});
        return resolve_local_lenient(*zone, local_end);
      };
      Instant end = end_of(*k);
      if (t >= end) {
        const auto count = p.occurrence_count();
        if (count && *k + 1 >= *count) continue;  // past the pattern's last occurrence
        ++*k;
        end = end_of(*k);
      }
      const auto person = pattern_person(pi, *k);
      if (!person) continue;
      bool swapped = false;
      for (const DutySwap& s : swaps) {
        swapped = swapped || (s.pattern == pi && (s.first == *k || s.second == *k));
      }
      const Instant start = resolve_local_lenient(*zone, p.occurrence_start(*k));
      return OnDuty{*person, std::nullopt, swapped ? DutySource::swap : DutySource::pattern, start,
                    end};
    }
  }
  return std::nullopt;
}

std::optional<OnDuty> Rota::on_duty(std::size_t role, Instant t) const {
  const RoleIndex& idx = index_[role];
  if (!idx.overrides.empty()) {
    auto it = std::upper_bound(idx.overrides.begin(), idx.overrides.end(), t,
                               [&](Instant v, std::size_t i) { return v < overrides[i].start; });
    // Candidates covering t, latest start first; kept inline unless there are very many.
    std::size_t inline_candidates[16];
    std::vector<std::size_t> many;
    std::size_t n = 0;
    while (it != idx.overrides.begin()) {
      --it;
      const DutyOverride& o = overrides[*it];
      if (o.start + idx.longest_override <= t) break;
      if (t >= o.end) continue;
      if (n < std::size(inline_candidates)) {
        inline_candidates[n] = *it;
      } else {
        if (many.empty()) many.assign(std::begin(inline_candidates), std::end(inline_candidates));
        many.push_back(*it);
      }
      ++n;
    }
    std::optional<std::optional<OnDuty>> base;  // computed at most once
    for (std::size_t c = n; c-- > 0;) {         // earliest start first
      const DutyOverride& o = overrides[many.empty() ? inline_candidates[c] : many[c]];
      if (o.replaces) {
        if (!base) base = base_on_duty(role, t);
        if (!*base || (*base)->person != *o.replaces) continue;
      }
      return OnDuty{o.person, std::nullopt, DutySource::override_, o.start, o.end};
    }
  }
  return base_on_duty(role, t);
}

void Rota::change_points(Instant from, Instant to, std::vector<Instant>& out) const {
  const auto add = [&](Instant t) {
    if (from <= t && t < to) out.push_back(t);
  };
  for (const DutyShift& s : shifts) {
    add(s.start);
    add(s.end);
  }
  for (const DutyOverride& o : overrides) {
    add(o.start);
    add(o.end);
  }
  const LocalSeconds local_from = to_local(*zone, from);
  const LocalSeconds local_to = to_local(*zone, to);
  for (const DutyPattern& p : patterns) {
    long k = 0;
    if (local_from > p.occurrence_start(0)) {
      k = static_cast<long>((local_from - p.occurrence_start(0)) / (kDay * p.period_days));
    }
    const auto count = p.occurrence_count();
    for (;; ++k) {
      if (count && k >= *count) {  // coverage ends at the until date's handover
        add(resolve_local_lenient(*zone,
                                  LocalSeconds{*p.until} + std::chrono::minutes{p.handover}));
        break;
      }
      const LocalSeconds s = p.occurrence_start(k);
      if (s > local_to + kDay) break;
      add(resolve_local_lenient(*zone, s));
    }
  }
}

}  // namespace samtel
