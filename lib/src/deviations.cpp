#include "samtel/deviations.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <utility>

#include "samtel/coverage.hpp"

namespace samtel {
namespace {

constexpr std::array<std::pair<DeviationCategory, std::string_view>, 7> kCategories{{
    {DeviationCategory::unanswered_while_open, "unanswered_while_open"},
    {DeviationCategory::coverage_gap, "coverage_gap"},
    {DeviationCategory::long_wait, "long_wait"},
    {DeviationCategory::repeat_caller, "repeat_caller"},
    {DeviationCategory::refused_while_failing, "refused_while_failing"},
    {DeviationCategory::unit_not_running, "unit_not_running"},
    {DeviationCategory::gap_confirmed, "gap_confirmed"},
}};

constexpr std::array<std::pair<Severity, std::string_view>, 3> kSeverities{
    {{Severity::low, "low"}, {Severity::medium, "medium"}, {Severity::high, "high"}}};

bool reached_nobody(const CallRecord& r) {
  switch (r.outcome) {
    case CallOutcome::fallback:
    case CallOutcome::gap:
    case CallOutcome::caller_gave_up:
    case CallOutcome::failed: return true;
    default: return false;
  }
}

// The category a single call falls in, besides repeat_caller (which needs two calls).
std::optional<DeviationCategory> category_of(const CallRecord& r, const DeviationRules& rules) {
  if (r.outcome == CallOutcome::failed || r.clock_fault) {
    return DeviationCategory::refused_while_failing;
  }
  if (!r.open) return std::nullopt;
  if (r.outcome == CallOutcome::gap || (r.coverage_gap && r.outcome == CallOutcome::fallback)) {
    return DeviationCategory::coverage_gap;
  }
  if (r.outcome == CallOutcome::fallback || r.outcome == CallOutcome::caller_gave_up) {
    return DeviationCategory::unanswered_while_open;
  }
  if (r.wait_ms && std::chrono::milliseconds(*r.wait_ms) > rules.long_wait) {
    return DeviationCategory::long_wait;
  }
  return std::nullopt;
}

Severity severity_of(DeviationCategory c) {
  switch (c) {
    case DeviationCategory::long_wait:
    case DeviationCategory::repeat_caller:
    case DeviationCategory::gap_confirmed: return Severity::medium;
    default: return Severity::high;
  }
}

std::string calls_text(std::size_t n) { return n == 1 ? "1 call" : std::to_string(n) + " calls"; }

std::string describe(const DeviationCandidate& d, std::span<const CallRecord> records,
                     const Zone& zone, const DeviationRules& rules) {
  const std::string when = d.calls.size() == 1
                               ? format_local(zone, d.start)
                               : format_local(zone, d.start) + " – " + format_local(zone, d.end);
  const CallRecord& first = records[d.calls.front()];
  const std::string where = " to " + first.line + " (" + first.desk + ")";
  switch (d.category) {
    case DeviationCategory::unanswered_while_open:
      return calls_text(d.calls.size()) + where + " while open reached nobody, " + when +
             ": sent to the fallback or the caller gave up";
    case DeviationCategory::coverage_gap:
      return calls_text(d.calls.size()) + where + " while open found nobody on duty, " + when +
             ": sent to the fallback";
    case DeviationCategory::long_wait: {
      std::int64_t longest = 0;
      for (const std::size_t i : d.calls)
        longest = std::max(longest, records[i].wait_ms.value_or(0));
      return calls_text(d.calls.size()) + where + " waited longer than " +
             std::to_string(rules.long_wait.count()) + " s before a doctor answered, " + when +
             " (longest " + std::to_string(longest / 1000) + " s)";
    }
    case DeviationCategory::repeat_caller:
      return "the same caller called again " +
             std::to_string(
                 std::chrono::duration_cast<std::chrono::minutes>(d.end - d.start).count()) +
             " min after a call" + where + " that reached nobody, " + when;
    case DeviationCategory::refused_while_failing:
      return calls_text(d.calls.size()) + where +
             " could not be routed normally because the unit was failing (an error, or its "
             "clock in doubt), " +
             when;
    default: return {};
  }
}

}  // namespace

std::string_view to_string(DeviationCategory c) {
  for (const auto& [k, text] : kCategories) {
    if (k == c) return text;
  }
  return "unanswered_while_open";
}

std::optional<DeviationCategory> deviation_category_from_string(std::string_view s) {
  for (const auto& [k, text] : kCategories) {
    if (text == s) return k;
  }
  return std::nullopt;
}

std::string_view to_string(Severity s) {
  for (const auto& [k, text] : kSeverities) {
    if (k == s) return text;
  }
  return "high";
}

std::optional<Severity> severity_from_string(std::string_view s) {
  for (const auto& [k, text] : kSeverities) {
    if (text == s) return k;
  }
  return std::nullopt;
}

std::vector<DeviationCandidate> find_call_deviations(std::span<const CallRecord> records,
                                                     const Zone& zone,
                                                     const DeviationRules& rules) {
  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return records[a].arrived < records[b].arrived;
  });

  std::vector<DeviationCandidate> out;
  // The open group of each category, as an index into `out`.
  std::array<std::optional<std::size_t>, kCategories.size()> open_group;
  for (const std::size_t i : order) {
    const CallRecord& r = records[i];
    if (const auto category = category_of(r, rules)) {
      auto& group = open_group[static_cast<std::size_t>(*category)];
      if (group && r.arrived - out[*group].end <= rules.group_within) {
        out[*group].calls.push_back(i);
        out[*group].end = r.arrived;
      } else {
        DeviationCandidate d;
        d.category = *category;
        d.severity = severity_of(*category);
        d.start = d.end = r.arrived;
        d.calls = {i};
        d.key = std::string(to_string(*category)) + ":" + r.call_id;
        group = out.size();
        out.push_back(std::move(d));
      }
    }
  }
  // The same caller again soon after a call that reached nobody: one candidate a pair.
  for (std::size_t n = 0; n < order.size(); ++n) {
    const CallRecord& first = records[order[n]];
    if (!first.open || !reached_nobody(first) || first.caller.empty()) continue;
    for (std::size_t m = n + 1; m < order.size(); ++m) {
      const CallRecord& again = records[order[m]];
      if (again.arrived - first.arrived > rules.repeat_within) break;
      if (again.caller != first.caller) continue;
      DeviationCandidate d;
      d.category = DeviationCategory::repeat_caller;
      d.severity = severity_of(d.category);
      d.start = first.arrived;
      d.end = again.arrived;
      d.calls = {order[n], order[m]};
      d.key = "repeat_caller:" + first.call_id;
      out.push_back(std::move(d));
      break;
    }
  }
  for (DeviationCandidate& d : out) d.description = describe(d, records, zone, rules);
  std::stable_sort(out.begin(), out.end(),
                   [](const DeviationCandidate& a, const DeviationCandidate& b) {
                     return a.start != b.start ? a.start < b.start : a.category < b.category;
                   });
  return out;
}

std::vector<DeviationCandidate> find_gap_confirmed_deviations(
    std::span<const GapConfirmation> confirmations, const Zone& zone) {
  std::vector<DeviationCandidate> out;
  for (const GapConfirmation& g : confirmations) {
    DeviationCandidate d;
    d.category = DeviationCategory::gap_confirmed;
    d.severity = severity_of(d.category);
    d.start = d.end = g.at;
    d.key = "gap_confirmed:" + std::to_string(g.entry);
    d.description = "a change published by " + g.author + " at " + format_local(zone, g.at) +
                    " opened coverage gaps the author confirmed" +
                    (g.effect.empty() ? std::string() : ": " + g.effect);
    out.push_back(std::move(d));
  }
  std::stable_sort(
      out.begin(), out.end(),
      [](const DeviationCandidate& a, const DeviationCandidate& b) { return a.start < b.start; });
  return out;
}

std::vector<DeviationCandidate> find_downtime_deviations(const Site& site,
                                                         std::span<const Span> down) {
  std::vector<DeviationCandidate> out;
  for (const Span& span : down) {
    if (span.to <= span.from) continue;
    std::chrono::seconds lost{0};
    std::vector<std::string> desks;
    for (const Line& line : site.lines) {
      for (const Desk& desk : line.desks) {
        std::chrono::seconds open{0};
        for (const Segment& s : timeline(site, line, desk, span.from, span.to)) {
          if (s.plan.open) {
            open += std::chrono::duration_cast<std::chrono::seconds>(s.end - s.start);
          }
        }
        if (open.count() > 0) desks.push_back(desk.name);
        lost = std::max(lost, open);
      }
    }
    if (lost.count() == 0) continue;
    DeviationCandidate d;
    d.category = DeviationCategory::unit_not_running;
    d.severity = severity_of(d.category);
    d.start = span.from;
    d.end = span.to;
    d.key = "unit_not_running:" + format_utc(span.from);
    std::string names;
    for (const std::string& n : desks) names += (names.empty() ? "" : ", ") + n;
    d.description = "the unit was not running " + format_local(*site.zone, span.from) + " – " +
                    format_local(*site.zone, span.to) + ", " +
                    std::to_string(std::chrono::duration_cast<std::chrono::minutes>(lost).count()) +
                    " min of opening hours (" + names + ")";
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace samtel
