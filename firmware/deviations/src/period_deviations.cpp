#include "samtel/deviations/period_deviations.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "samtel/time.hpp"

namespace samtel::fw {
namespace {

bool on_site(const Site& site, const CallRecord& r) {
  return std::any_of(site.lines.begin(), site.lines.end(),
                     [&](const Line& line) { return line.number == r.line; });
}

}  // namespace

tl::expected<PeriodDeviations, DeviationError> find_period_deviations(const DeviationQuery& q) {
  const Zone& zone = *q.site.zone;
  const Span span = to_span(zone, q.period);

  std::vector<store::StoredCall> stored;
  std::int64_t after = 0;
  for (;;) {
    auto page = q.log.calls(span.from, span.to, after, store::CallLogReader::kMaxLimit);
    if (!page) {
      return tl::unexpected(DeviationError{.call_log = page.error(), .store = {}});
    }
    for (auto& c : page->calls) {
      if (on_site(q.site, c.record)) stored.push_back(std::move(c));
    }
    if (!page->next) break;
    after = *page->next;
  }
  // Nothing read is used before its reading is in the trail.
  auto audited = q.store.append_audit(q.reader, store::AuditAction::call_log_read,
                                      {{"purpose", "deviations"},
                                       {"site", q.site.id},
                                       {"from", format_date(date::year_month_day{q.period.first})},
                                       {"to", format_date(date::year_month_day{q.period.last})},
                                       {"count", stored.size()}});
  if (!audited)
    return tl::unexpected(DeviationError{.call_log = std::nullopt, .store = audited.error()});

  std::vector<CallRecord> records;
  records.reserve(stored.size());
  for (const auto& c : stored) records.push_back(c.record);

  std::vector<DeviationCandidate> found = find_call_deviations(records, zone, q.rules);

  std::vector<GapConfirmation> confirmations;
  for (const store::AuditEntry& e : q.store.gap_confirmations(q.site.id, span.from, span.to)) {
    confirmations.push_back(
        {.at = e.at, .author = e.actor.user, .entry = e.seq, .effect = e.routing_effect});
  }
  for (auto& d : find_gap_confirmed_deviations(confirmations, zone)) found.push_back(std::move(d));

  std::vector<Span> down;
  for (const Span& s : q.down) {
    if (s.from < span.to && span.from < s.to) down.push_back(s);
  }
  for (auto& d : find_downtime_deviations(q.site, down)) found.push_back(std::move(d));

  std::stable_sort(found.begin(), found.end(),
                   [](const DeviationCandidate& a, const DeviationCandidate& b) {
                     return a.start != b.start ? a.start < b.start : a.category < b.category;
                   });

  std::map<std::string, store::DeviationReview, std::less<>> reviews;
  for (auto& r : q.store.deviation_reviews(q.site.id)) {
    std::string key = r.key;
    reviews.emplace(std::move(key), std::move(r));
  }

  PeriodDeviations out;
  out.calls_read = stored.size();
  for (DeviationCandidate& d : found) {
    ReviewedDeviation rd;
    for (const std::size_t i : d.calls) {
      rd.calls.push_back({.id = stored[i].id,
                          .arrived = stored[i].record.arrived,
                          .outcome = stored[i].record.outcome});
    }
    if (const auto it = reviews.find(d.key); it != reviews.end()) rd.review = it->second;
    rd.candidate = std::move(d);
    out.deviations.push_back(std::move(rd));
  }
  return out;
}

}  // namespace samtel::fw
