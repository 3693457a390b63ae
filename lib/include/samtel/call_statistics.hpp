#pragma once
// samtel/call_statistics.hpp — the statistics the cooperation agreements ask the hospital to
// share with the municipalities, computed from the call log's records: how many calls, when, to
// which desk, how many reached a doctor, how long callers waited, how often the backup was
// needed, how often calls went to the fallback, and how many arrived while the line was closed
// (the unmet demand that decides opening hours), for a period and the period before it.
//
// Promises:
//  * `call_statistics()` counts the records whose arrival falls in the period's local days
//    [first 00:00, day after last 00:00) in `zone`, and nothing else; hours of the day are local
//    wall-clock hours (a call at 02:30 +02:00 counts in hour 2), so the spring day's missing hour
//    stays empty and the autumn day's repeated hour counts both.
//  * What a record's outcome means here: `answered` and `escalated-answered` reached a doctor;
//    `redirected` was handed to the exchange, which alone knows whether anyone picked up, so such
//    calls are counted apart and left out of the share answered; `fallback` and `gap` went to the
//    fallback; `closed` arrived while closed; `caller-gave-up` and `failed` reached nobody;
//    `maintenance` arrived during planned maintenance and is counted by outcome only (not as
//    closed, so it does not show as unmet demand).
//    The share answered while open is reached / (open calls whose outcome the unit knows).
//  * Waits are the records' `wait_ms` (arrival to answer, proxy mode only); the median and the
//    90th percentile are of those present, by the nearest-rank method (the value at rank
//    ceil(p × n)), so a percentile is always a wait some caller had.
//  * `previous_period()` is the period to compare with: the calendar month, quarter or year
//    before when the period is exactly one, else as many days just before.
//  * `parse_period()` reads a period as people name it: a month "2027-03", a quarter "2027-Q1"
//    (January to March) or a year "2027", each its whole local days; `period_name()` names a
//    period back that way when it is exactly one, else "2027-03-01 to 2027-03-10". An error says
//    what was expected and echoes what was given.
//  * Calls are also counted by the caller's category and municipality as each record says
//    (decided from the site's caller directory when the call arrived); a caller outside the
//    directory counts under `unknown` and, for municipalities, under the key "unknown".
//  * `statistics_json()` and `statistics_csv()` carry no caller numbers. With
//    `Disclosure::shared` (for the partners), every count from 1 to 4 is written "<5", so that no
//    single caller can be singled out; `Disclosure::internal` writes every count.
//    `disclosed_count()` is that rule, for every other form of the statistics (the printable
//    report).
//  * `deviations`, when the caller has counted them (the admin service does, from the period's
//    records and the store's decisions), are the period's call deviation candidates by category
//    and what became of them (samtel/deviation_counts.hpp); the JSON and the CSV carry them under
//    the same disclosure rule. Left empty, they are not written.
//  * `from_aggregates` names the local months ("2025-01") whose counts come from the call log's
//    stored monthly aggregates (samtel/statistics_aggregate.hpp) instead of its records, which
//    the retention deleted; the JSON and the CSV always say which (none: an empty list).
//  * Pure: no clock, no I/O; a year of 40,000 records takes milliseconds.
//
//   const DateRange march{LocalDays{date::year{2027} / 3 / 1}, LocalDays{date::year{2027} / 3 /
//   31}}; const CallStatistics now = call_statistics(records, zone, march); const CallStatistics
//   before = call_statistics(records, zone, previous_period(march)); std::cout <<
//   statistics_csv(now, &before, Disclosure::shared);
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/caller_category.hpp"
#include "samtel/deviation_counts.hpp"
#include "samtel/period.hpp"
#include "samtel/zone.hpp"

namespace samtel {

struct CallStatistics {
  DateRange period;
  std::size_t calls = 0;
  std::size_t open_calls = 0;      // arrived while open
  std::size_t reached = 0;         // answered by a doctor (proxy mode)
  std::size_t redirected = 0;      // handed to the exchange (redirect mode)
  std::size_t escalated = 0;       // a later attempt was rung after the first (proxy mode)
  std::size_t to_fallback = 0;     // sent to the fallback while open (nobody answered or on duty)
  std::size_t coverage_gap = 0;    // of those, because nobody was on duty
  std::size_t closed = 0;          // arrived while closed
  std::size_t reached_nobody = 0;  // the caller gave up, or the unit failed
  std::array<std::size_t, 24> by_hour{};           // every call, by local hour of arrival
  std::array<std::size_t, 24> closed_by_hour{};    // calls that arrived while closed
  std::map<std::string, std::size_t> by_day_type;  // the record's day type: weekday, ...
  std::map<std::string, std::size_t> by_desk;
  std::map<CallOutcome, std::size_t> by_outcome;
  std::map<CallerCategory, std::size_t> by_caller_category;  // the record's, decided at arrival
  std::map<std::string, std::size_t> by_municipality;        // "" for callers not in the directory
  std::optional<std::int64_t> median_wait_ms, p90_wait_ms;   // none without a wait, or unknown
  std::vector<DeviationRow> deviations;      // by category, when counted; empty: not counted
  std::vector<std::string> from_aggregates;  // "2025-01": months counted from stored aggregates

  // reached / (open calls whose outcome the unit knows); nullopt when there are none.
  std::optional<double> answered_share() const;
};

CallStatistics call_statistics(std::span<const CallRecord> records, const Zone& zone,
                               DateRange period);

// The same, one record at a time, for a call log read page by page without holding it: `add()`
// every record (in any order; those outside the period are skipped), then `finish()`.
class StatisticsAccumulator {
 public:
  StatisticsAccumulator(const Zone& zone, DateRange period);
  void add(const CallRecord& r);
  CallStatistics finish();

 private:
  const Zone* zone_;
  Span span_;
  CallStatistics s_;
  std::vector<std::int64_t> waits_;
};

DateRange previous_period(DateRange period);

// How a period is named: a calendar month, a quarter, a year.
enum class PeriodKind { month, quarter, year };
std::string_view to_string(PeriodKind k);  // "month", "quarter", "year"
std::optional<PeriodKind> period_kind_from_string(std::string_view s);

// "2027-03" (month), "2027-Q1" (quarter), "2027" (year) → its local days; else, e.g.,
// "expected a quarter such as 2027-Q1, found '2027-Q5'".
tl::expected<DateRange, std::string> parse_period(PeriodKind kind, std::string_view text);

// "2027-03", "2027-Q1", "2027" when the period is exactly one, else "2027-03-01 to 2027-03-10".
std::string period_name(DateRange period);

enum class Disclosure { internal, shared };
// Under Disclosure::shared, counts from 1 to below this are withheld ("<5").
inline constexpr std::size_t kSharedCountThreshold = 5;
std::string_view to_string(Disclosure d);  // "internal", "shared"
std::optional<Disclosure> disclosure_from_string(std::string_view s);

// A count as `d` lets it be shown: "<5" for 1 to 4 under Disclosure::shared, else its digits.
std::string disclosed_count(std::size_t n, Disclosure d);

// {"period": {"from", "to"}, "calls", ..., "by_hour": [24], "closed_by_hour": [24],
//  "by_day_type": {...}, "by_desk": {...}, "by_outcome": {...}, "by_caller_category": {...},
//  "by_municipality": {...}, "median_wait_s", "p90_wait_s", "answered_share",
//  "from_aggregates": ["2025-01", ...],
//  "deviations": {"coverage_gap": {"found", "filed", "dismissed", "explained", "not_reviewed"},
//                 ...} when counted (the decisions null where unknown),
//  "previous": {the same, without "previous"} when given}. Counts are numbers, or the string
// "<5" under Disclosure::shared.
nlohmann::json statistics_json(const CallStatistics& s, const CallStatistics* previous,
                               Disclosure disclosure);

// One row a measure: "measure,key,period,previous" (RFC 4180, CRLF), e.g.
// "by_hour,08,132,118"; the previous column empty when there is none. "from_aggregates" gives
// the months (space-separated); the deviations, when counted in the period, come last, a row a
// category for each of "deviations_found", "deviations_filed", "deviations_dismissed",
// "deviations_explained" and "deviations_not_reviewed" (e.g. "deviations_filed,coverage_gap,2,1"),
// a cell empty where it is unknown.
std::string statistics_csv(const CallStatistics& s, const CallStatistics* previous,
                           Disclosure disclosure);

}  // namespace samtel
