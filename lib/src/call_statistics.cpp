#include "samtel/call_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "samtel/output.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::json;

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

const std::string kWithheld = "<" + std::to_string(kSharedCountThreshold);

bool withheld(std::size_t n, Disclosure d) {
  return d == Disclosure::shared && n > 0 && n < kSharedCountThreshold;
}

json count(std::size_t n, Disclosure d) {
  if (withheld(n, d)) return kWithheld;
  return n;
}

std::string seconds_text(std::optional<std::int64_t> ms) {
  if (!ms) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(*ms) / 1000.0);
  return buf;
}

json seconds_json(std::optional<std::int64_t> ms) {
  if (!ms) return nullptr;
  return std::round(static_cast<double>(*ms) / 100.0) / 10.0;
}

std::string share_text(std::optional<double> share) {
  if (!share) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", *share);
  return buf;
}

bool is_whole_month(DateRange r) {
  const date::year_month_day first{r.first}, last{r.last};
  return first.day() == date::day{1} && first.year() == last.year() &&
         first.month() == last.month() &&
         LocalDays{date::year_month_day_last{last.year(), date::month_day_last{last.month()}}} ==
             r.last;
}

// The period `months` long that ends the day before `first`.
DateRange months_before(LocalDays first, int months) {
  const date::year_month_day f{first};
  const auto start = date::year_month{f.year(), f.month()} - date::months{months};
  return {LocalDays{start / date::day{1}}, first - date::days{1}};
}

// A caller outside the directory has no municipality; the reports name that "unknown".
std::string municipality_key(const std::string& m) { return m.empty() ? "unknown" : m; }

// "2025-01 2025-02": the months counted from stored aggregates, as one CSV cell.
std::string months_text(const std::vector<std::string>& months) {
  std::string out;
  for (const std::string& m : months) out += (out.empty() ? "" : " ") + m;
  return out;
}

// What became of a category's deviation candidates, in the order written: "found", then each
// decision by its name ("filed", "dismissed", "explained"), then "not_reviewed"; each count where
// it is known.
std::vector<std::pair<std::string, std::optional<std::size_t>>> deviation_outcomes(
    const DeviationRow& r) {
  std::vector<std::pair<std::string, std::optional<std::size_t>>> out{{"found", r.candidates}};
  for (const ReviewDecision d : kReviewDecisions) {
    out.emplace_back(std::string(to_string(d)), r.decided_as(d));
  }
  out.emplace_back("not_reviewed", r.not_reviewed());
  return out;
}

const DeviationRow* deviation_row(const std::vector<DeviationRow>& rows, DeviationCategory c) {
  for (const DeviationRow& r : rows) {
    if (r.category == c) return &r;
  }
  return nullptr;
}

// "by_hour", "08" → the row's values for both periods; a flat list of the measures, so JSON and
// CSV say the same.
struct Measure {
  std::string name, key;
  std::string now, before;  // as text
};

}  // namespace

std::optional<double> CallStatistics::answered_share() const {
  // Open calls whose outcome the unit knows: all but those handed to the exchange.
  const std::size_t known = open_calls - std::min(open_calls, redirected);
  if (known == 0) return std::nullopt;
  return static_cast<double>(reached) / static_cast<double>(known);
}

StatisticsAccumulator::StatisticsAccumulator(const Zone& zone, DateRange period)
    : zone_(&zone), span_(to_span(zone, period)) {
  s_.period = period;
}

void StatisticsAccumulator::add(const CallRecord& r) {
  if (r.arrived < span_.from || r.arrived >= span_.to) return;
  CallStatistics& s = s_;
  ++s.calls;
  const auto local = to_local(*zone_, r.arrived);
  const auto hour = static_cast<std::size_t>(
      std::chrono::floor<std::chrono::hours>(local - std::chrono::floor<date::days>(local))
          .count());
  ++s.by_hour[hour];
  ++s.by_day_type[r.day_type];
  ++s.by_desk[r.desk];
  ++s.by_outcome[r.outcome];
  ++s.by_caller_category[r.caller_category];
  ++s.by_municipality[r.municipality];
  if (r.open) ++s.open_calls;
  if (r.wait_ms) waits_.push_back(*r.wait_ms);
  if (r.mode == RoutingMode::proxy && r.attempts.size() > 1) ++s.escalated;
  switch (r.outcome) {
    case CallOutcome::answered:
    case CallOutcome::escalated_answered: ++s.reached; break;
    case CallOutcome::redirected: ++s.redirected; break;
    case CallOutcome::gap:
      ++s.coverage_gap;
      ++s.to_fallback;
      break;
    case CallOutcome::fallback:
      ++s.to_fallback;
      if (r.coverage_gap) ++s.coverage_gap;
      break;
    case CallOutcome::closed:
      ++s.closed;
      ++s.closed_by_hour[hour];
      break;
    case CallOutcome::caller_gave_up:
    case CallOutcome::failed: ++s.reached_nobody; break;
    case CallOutcome::maintenance: break;  // planned: counted by outcome only, not as closed
  }
}

CallStatistics StatisticsAccumulator::finish() {
  if (!waits_.empty()) {
    std::sort(waits_.begin(), waits_.end());
    s_.median_wait_ms = nearest_rank(waits_, 0.5);
    s_.p90_wait_ms = nearest_rank(waits_, 0.9);
  }
  return s_;
}

CallStatistics call_statistics(std::span<const CallRecord> records, const Zone& zone,
                               DateRange period) {
  StatisticsAccumulator acc(zone, period);
  for (const CallRecord& r : records) acc.add(r);
  return acc.finish();
}

DateRange previous_period(DateRange period) {
  if (is_whole_month(period)) return months_before(period.first, 1);
  const date::year_month_day first{period.first};
  const auto month_index = static_cast<unsigned>(first.month()) - 1;
  const bool starts_quarter = first.day() == date::day{1} && month_index % 3 == 0;
  if (starts_quarter) {
    const DateRange quarter{
        period.first,
        LocalDays{(date::year_month{first.year(), first.month()} + date::months{2}) / date::last}};
    if (quarter.last == period.last) return months_before(period.first, 3);
    const DateRange year{period.first, LocalDays{first.year() / date::December / 31}};
    if (month_index == 0 && year.last == period.last) return months_before(period.first, 12);
  }
  const date::days length{period.days()};
  return {period.first - length, period.first - date::days{1}};
}

std::string_view to_string(PeriodKind k) {
  switch (k) {
    case PeriodKind::month: return "month";
    case PeriodKind::quarter: return "quarter";
    case PeriodKind::year: return "year";
  }
  return "month";
}

std::optional<PeriodKind> period_kind_from_string(std::string_view s) {
  for (const PeriodKind k : {PeriodKind::month, PeriodKind::quarter, PeriodKind::year}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view to_string(Disclosure d) { return d == Disclosure::shared ? "shared" : "internal"; }

std::optional<Disclosure> disclosure_from_string(std::string_view s) {
  if (s == "shared") return Disclosure::shared;
  if (s == "internal") return Disclosure::internal;
  return std::nullopt;
}

std::string disclosed_count(std::size_t n, Disclosure d) {
  return withheld(n, d) ? kWithheld : std::to_string(n);
}

namespace {

// `digits` decimal digits at `pos` of `text`, moving past them.
std::optional<unsigned> read_number(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  unsigned value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  pos += digits;
  return value;
}

DateRange months_from(date::year_month first, int count) {
  const date::year_month last = first + date::months{count - 1};
  return {LocalDays{first / date::day{1}}, LocalDays{last / date::last}};
}

}  // namespace

tl::expected<DateRange, std::string> parse_period(PeriodKind kind, std::string_view text) {
  static constexpr const char* kExample[] = {"a month such as 2027-03", "a quarter such as 2027-Q1",
                                             "a year such as 2027"};
  const auto bad = [&] {
    return tl::unexpected(std::string("expected ") + kExample[static_cast<int>(kind)] + ", found " +
                          quote_value(text));
  };
  std::size_t pos = 0;
  const auto year = read_number(text, pos, 4);
  if (!year) return bad();
  const date::year y{static_cast<int>(*year)};
  switch (kind) {
    case PeriodKind::year:
      if (pos != text.size()) return bad();
      return months_from(y / date::January, 12);
    case PeriodKind::month: {
      if (pos >= text.size() || text[pos] != '-') return bad();
      ++pos;
      const auto month = read_number(text, pos, 2);
      if (!month || pos != text.size() || *month < 1 || *month > 12) return bad();
      return months_from(y / date::month{*month}, 1);
    }
    case PeriodKind::quarter: {
      if (text.substr(pos, 2) != "-Q") return bad();
      pos += 2;
      const auto quarter = read_number(text, pos, 1);
      if (!quarter || pos != text.size() || *quarter < 1 || *quarter > 4) return bad();
      return months_from(y / date::month{(*quarter - 1) * 3 + 1}, 3);
    }
  }
  return bad();
}

std::string period_name(DateRange period) {
  const date::year_month_day first{period.first};
  const date::year_month start{first.year(), first.month()};
  char buf[40];
  if (is_whole_month(period)) {
    std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(first.year()),
                  static_cast<unsigned>(first.month()));
    return buf;
  }
  const auto month_index = static_cast<unsigned>(first.month()) - 1;
  if (first.day() == date::day{1} && month_index % 3 == 0) {
    if (months_from(start, 3).last == period.last) {
      std::snprintf(buf, sizeof buf, "%04d-Q%u", static_cast<int>(first.year()),
                    month_index / 3 + 1);
      return buf;
    }
    if (month_index == 0 && months_from(start, 12).last == period.last) {
      std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(first.year()));
      return buf;
    }
  }
  return format_date(first) + " to " + format_date(date::year_month_day{period.last});
}

namespace {

std::vector<Measure> measures(const CallStatistics& s, const CallStatistics* p, Disclosure d) {
  std::vector<Measure> out;
  const auto add = [&](std::string name, std::string key, std::size_t now,
                       std::optional<std::size_t> before) {
    out.push_back({std::move(name), std::move(key), disclosed_count(now, d),
                   before ? disclosed_count(*before, d) : std::string()});
  };
  const auto pick = [&](auto member) -> std::optional<std::size_t> {
    if (p == nullptr) return std::nullopt;
    return (*p).*member;
  };
  add("calls", "", s.calls, pick(&CallStatistics::calls));
  add("open_calls", "", s.open_calls, pick(&CallStatistics::open_calls));
  add("reached", "", s.reached, pick(&CallStatistics::reached));
  add("redirected", "", s.redirected, pick(&CallStatistics::redirected));
  add("escalated", "", s.escalated, pick(&CallStatistics::escalated));
  add("to_fallback", "", s.to_fallback, pick(&CallStatistics::to_fallback));
  add("coverage_gap", "", s.coverage_gap, pick(&CallStatistics::coverage_gap));
  add("closed", "", s.closed, pick(&CallStatistics::closed));
  add("reached_nobody", "", s.reached_nobody, pick(&CallStatistics::reached_nobody));
  out.push_back({"answered_share", "", share_text(s.answered_share()),
                 p != nullptr ? share_text(p->answered_share()) : std::string()});
  out.push_back({"median_wait_s", "", seconds_text(s.median_wait_ms),
                 p != nullptr ? seconds_text(p->median_wait_ms) : std::string()});
  out.push_back({"p90_wait_s", "", seconds_text(s.p90_wait_ms),
                 p != nullptr ? seconds_text(p->p90_wait_ms) : std::string()});
  for (std::size_t h = 0; h < 24; ++h) {
    char key[3];
    std::snprintf(key, sizeof key, "%02zu", h);
    add("by_hour", key, s.by_hour[h], p != nullptr ? std::optional(p->by_hour[h]) : std::nullopt);
  }
  for (std::size_t h = 0; h < 24; ++h) {
    char key[3];
    std::snprintf(key, sizeof key, "%02zu", h);
    add("closed_by_hour", key, s.closed_by_hour[h],
        p != nullptr ? std::optional(p->closed_by_hour[h]) : std::nullopt);
  }
  const auto keyed = [&](const char* name, const auto& now, const auto* before, auto key_text) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> rows;
    for (const auto& [k, n] : now) rows[key_text(k)].first = n;
    if (before != nullptr) {
      for (const auto& [k, n] : *before) rows[key_text(k)].second = n;
    }
    for (const auto& [k, n] : rows) {
      add(name, k, n.first, before != nullptr ? std::optional(n.second) : std::nullopt);
    }
  };
  const auto same = [](const std::string& k) { return k; };
  keyed("by_day_type", s.by_day_type, p != nullptr ? &p->by_day_type : nullptr, same);
  keyed("by_desk", s.by_desk, p != nullptr ? &p->by_desk : nullptr, same);
  keyed("by_outcome", s.by_outcome, p != nullptr ? &p->by_outcome : nullptr,
        [](CallOutcome o) { return std::string(to_string(o)); });
  keyed("by_caller_category", s.by_caller_category, p != nullptr ? &p->by_caller_category : nullptr,
        [](CallerCategory c) { return std::string(to_string(c)); });
  keyed("by_municipality", s.by_municipality, p != nullptr ? &p->by_municipality : nullptr,
        municipality_key);
  out.push_back({"from_aggregates", "", months_text(s.from_aggregates),
                 p != nullptr ? months_text(p->from_aggregates) : std::string()});
  // The deviations, a measure of what became of them a block, a category a row.
  const auto outcome_text = [&](const DeviationRow* r, std::size_t i) {
    if (r == nullptr) return std::string();
    const auto n = deviation_outcomes(*r)[i].second;
    return n ? disclosed_count(*n, d) : std::string();
  };
  const std::size_t outcome_count = deviation_outcomes(DeviationRow{}).size();
  for (std::size_t i = 0; i < outcome_count && !s.deviations.empty(); ++i) {
    for (const DeviationRow& row : s.deviations) {
      const DeviationRow* before =
          p != nullptr ? deviation_row(p->deviations, row.category) : nullptr;
      out.push_back({"deviations_" + deviation_outcomes(row)[i].first,
                     std::string(to_string(row.category)), outcome_text(&row, i),
                     outcome_text(before, i)});
    }
  }
  return out;
}

json deviations_json(const std::vector<DeviationRow>& rows, Disclosure d) {
  json out = json::object();
  for (const DeviationRow& row : rows) {
    json outcomes = json::object();
    for (const auto& [name, n] : deviation_outcomes(row)) {
      outcomes[name] = n ? count(*n, d) : json(nullptr);
    }
    out[std::string(to_string(row.category))] = std::move(outcomes);
  }
  return out;
}

json period_json(DateRange r) {
  return {{"from", format_date(date::year_month_day{r.first})},
          {"to", format_date(date::year_month_day{r.last})},
          {"days", r.days()}};
}

json one_json(const CallStatistics& s, Disclosure d) {
  json by_hour = json::array(), closed_by_hour = json::array();
  for (std::size_t h = 0; h < 24; ++h) {
    by_hour.push_back(count(s.by_hour[h], d));
    closed_by_hour.push_back(count(s.closed_by_hour[h], d));
  }
  json by_day_type = json::object(), by_desk = json::object(), by_outcome = json::object();
  for (const auto& [k, n] : s.by_day_type) by_day_type[k] = count(n, d);
  for (const auto& [k, n] : s.by_desk) by_desk[k] = count(n, d);
  for (const auto& [k, n] : s.by_outcome) by_outcome[std::string(to_string(k))] = count(n, d);
  json by_caller_category = json::object(), by_municipality = json::object();
  for (const auto& [k, n] : s.by_caller_category) {
    by_caller_category[std::string(to_string(k))] = count(n, d);
  }
  for (const auto& [k, n] : s.by_municipality) by_municipality[municipality_key(k)] = count(n, d);
  const auto share = s.answered_share();
  json out = {
      {"period", period_json(s.period)},
      {"calls", count(s.calls, d)},
      {"open_calls", count(s.open_calls, d)},
      {"reached", count(s.reached, d)},
      {"redirected", count(s.redirected, d)},
      {"escalated", count(s.escalated, d)},
      {"to_fallback", count(s.to_fallback, d)},
      {"coverage_gap", count(s.coverage_gap, d)},
      {"closed", count(s.closed, d)},
      {"reached_nobody", count(s.reached_nobody, d)},
      {"answered_share", share ? json(std::round(*share * 1000.0) / 1000.0) : json(nullptr)},
      {"median_wait_s", seconds_json(s.median_wait_ms)},
      {"p90_wait_s", seconds_json(s.p90_wait_ms)},
      {"by_hour", std::move(by_hour)},
      {"closed_by_hour", std::move(closed_by_hour)},
      {"by_day_type", std::move(by_day_type)},
      {"by_desk", std::move(by_desk)},
      {"by_outcome", std::move(by_outcome)},
      {"by_caller_category", std::move(by_caller_category)},
      {"by_municipality", std::move(by_municipality)}};
  out["from_aggregates"] = s.from_aggregates;
  if (!s.deviations.empty()) out["deviations"] = deviations_json(s.deviations, d);
  return out;
}

}  // namespace

json statistics_json(const CallStatistics& s, const CallStatistics* previous,
                     Disclosure disclosure) {
  json out = one_json(s, disclosure);
  if (previous != nullptr) out["previous"] = one_json(*previous, disclosure);
  return out;
}

std::string statistics_csv(const CallStatistics& s, const CallStatistics* previous,
                           Disclosure disclosure) {
  std::vector<std::vector<std::string>> rows{{"measure", "key", "period", "previous"}};
  for (Measure& m : measures(s, previous, disclosure)) {
    rows.push_back({std::move(m.name), std::move(m.key), std::move(m.now), std::move(m.before)});
  }
  return render_csv(rows);
}

}  // namespace samtel
