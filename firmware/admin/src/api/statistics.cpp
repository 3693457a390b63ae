// GET /api/v1/sites/{site}/statistics?(month=YYYY-MM|quarter=YYYY-Qn|year=YYYY|from=DATE&to=DATE)
// [&disclosure=shared|internal][&format=json|csv|html][&purpose=TEXT]: the statistics for the
// partners over the site's local days of the period and the period before
// (samtel/call_statistics.hpp), read from the call log page by page; the reading is audited:
// `call_log_read` for JSON and the report, `call_log_exported` for CSV (a file to download), with
// the site, the period read, the count, the format, the disclosure and the purpose ("statistics"
// unless `purpose=TEXT` is given). Each period's deviation candidates are counted by category with
// the decisions made on them (samtel/deviation_counts.hpp). Months whose records the retention
// deleted count from their stored aggregates (call_months, samtel/statistics_aggregate.hpp), and
// their records still there are not counted again; a period covering part of such a month is
// refused (400). `html` is the printable report (samtel/statistics_report.hpp), served with a
// policy of its own that allows its inline style and nothing else.
#include <algorithm>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "resources.hpp"
#include "samtel/call_statistics.hpp"
#include "samtel/deviation_counts.hpp"
#include "samtel/deviations.hpp"
#include "samtel/statistics_aggregate.hpp"
#include "samtel/statistics_report.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "samtel/store/deviation_review.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// Ten years and the leap days in them.
constexpr long kMaxDays = 3653;

// The period asked for: exactly one of month, quarter, year, or from and to.
tl::expected<DateRange, ApiResponse> query_statistics_period(const ApiRequest& request) {
  std::vector<std::string> given;
  std::optional<std::pair<PeriodKind, std::string>> named;
  for (const PeriodKind k : {PeriodKind::month, PeriodKind::quarter, PeriodKind::year}) {
    if (auto value = query_value(request, to_string(k))) {
      given.emplace_back(to_string(k));
      named.emplace(k, std::move(*value));
    }
  }
  if (query_value(request, "from") || query_value(request, "to")) given.emplace_back("from/to");
  if (given.empty()) {
    return tl::unexpected(
        error_response(400,
                       "give the period: month=YYYY-MM, quarter=YYYY-Qn, year=YYYY, or from and to "
                       "(YYYY-MM-DD)"));
  }
  if (given.size() > 1) {
    std::string names;
    for (std::size_t i = 0; i < given.size(); ++i) {
      names += (i == 0 ? "" : i + 1 == given.size() ? " and " : ", ") + given[i];
    }
    return tl::unexpected(error_response(400, "give one period only, not " + names));
  }
  if (!named) return query_local_period(request, kMaxDays);
  auto period = parse_period(named->first, named->second);
  if (!period) {
    return tl::unexpected(
        error_response(400, std::string(to_string(named->first)) + ": " + period.error()));
  }
  return *period;
}

// The report's own policy (the page's, and no framing): its inline style and nothing else, not
// even from its own origin.
std::string report_header_policy() {
  return std::string(kReportContentSecurityPolicy) + "; frame-ancestors 'none'";
}

// A period's deviation candidates (find_call_deviations reads the period's records together),
// by the service's rules, counted by category with the decisions a person has made on them (the
// store's deviation_reviews, keyed as the candidates are).
std::vector<DeviationRow> deviation_rows(const std::vector<CallRecord>& records, const Zone& zone,
                                         const DeviationRules& rules,
                                         const DecisionsByKey& decisions) {
  return count_deviations(find_call_deviations(records, zone, rules), decisions);
}

DecisionsByKey decisions_of(const std::vector<store::DeviationReview>& reviews) {
  DecisionsByKey out;
  for (const store::DeviationReview& r : reviews) out.emplace(r.key, r.decision);
  return out;
}

date::year_month month_of(LocalDays day) {
  const date::year_month_day d{day};
  return d.year() / d.month();
}

// A period and what counts in it: the statistics of its records, the stored aggregates of the
// months whose records the retention deleted, and its records kept for the deviation finder.
struct PeriodCount {
  PeriodCount(const Zone& zone, DateRange p, std::string_view n)
      : period(p), name(n), records(zone, p) {}
  DateRange period;
  std::string_view name;  // "the period", "the period before"
  StatisticsAccumulator records;
  std::vector<const CallStatistics*> aggregates;
  std::vector<CallRecord> kept;
};

// Gives each period the stored aggregates of the months it covers whole, and the spans of all
// aggregated months, whose records are not counted again (some may be deleted, some not yet). A
// period that covers part of an aggregated month is refused: only the whole month's counts are
// kept.
tl::expected<std::vector<Span>, ApiResponse> take_aggregates(
    const std::vector<store::MonthlyAggregate>& kept, const Zone& zone,
    std::initializer_list<PeriodCount*> periods) {
  std::vector<Span> spans;
  for (const store::MonthlyAggregate& m : kept) {
    const DateRange month{LocalDays{m.month / 1}, LocalDays{m.month / date::last}};
    for (PeriodCount* p : periods) {
      if (month.last < p->period.first || month.first > p->period.last) continue;
      if (month.first < p->period.first || month.last > p->period.last) {
        return tl::unexpected(error_response(
            400, std::string(p->name) + " (" + period_name(p->period) + ") covers part of " +
                     m.statistics.from_aggregates.front() +
                     ", whose call records were deleted after their retention and whose "
                     "statistics are kept for the whole month only: ask for whole months"));
      }
      p->aggregates.push_back(&m.statistics);
    }
    spans.push_back(to_span(zone, month));
  }
  return spans;
}

}  // namespace

void add_statistics_resource(Router& router, const ScheduleResources& r) {
  router.add(
      Method::get, "/api/v1/sites/{site}/statistics", {.role = Role::viewer},
      [r](const Call& call) {
        if (r.call_log.empty()) {
          return error_response(503,
                                "the call log is not available: samtel-admind was started "
                                "without --call-log");
        }
        auto published = published_schedule(r.store);
        if (!published) return std::move(published.error());
        auto site_index = find_site(*published->schedule, call.params.at("site"));
        if (!site_index) return std::move(site_index.error());
        const Site* site = &published->schedule->sites()[*site_index];
        auto asked = query_statistics_period(call.request);
        if (!asked) return std::move(asked.error());
        const DateRange period = *asked;
        const auto disclosure_text = query_value(call.request, "disclosure").value_or("shared");
        const auto disclosure_read = disclosure_from_string(disclosure_text);
        if (!disclosure_read) {
          return error_response(400, "disclosure: expected shared or internal, found " +
                                         quote_value(disclosure_text));
        }
        const auto format = query_value(call.request, "format").value_or("json");
        if (format != "json" && format != "csv" && format != "html") {
          return error_response(400,
                                "format: expected json, csv or html, found " + quote_value(format));
        }
        auto purpose = query_purpose(call.request, "statistics");
        if (!purpose) return std::move(purpose.error());
        const Disclosure disclosure = *disclosure_read;

        const Zone& zone = *site->zone;
        PeriodCount now_count(zone, period, "the period");
        PeriodCount before_count(zone, previous_period(period), "the period before");
        const DateRange before = before_count.period;
        auto reader = store::CallLogReader::open(r.call_log);
        if (!reader) return error_response(503, "the call log cannot be read: " + reader.error());
        auto kept =
            reader->monthly_aggregates(site->id, month_of(before.first), month_of(period.last));
        if (!kept) return error_response(503, "the call log cannot be read: " + kept.error());
        auto aggregated = take_aggregates(*kept, zone, {&now_count, &before_count});
        if (!aggregated) return std::move(aggregated.error());
        const Span now_span = to_span(zone, period);
        const Span span{to_span(zone, before).from, now_span.to};
        std::size_t count = 0;
        std::int64_t after = 0;
        for (;;) {
          auto page = reader->calls(span.from, span.to, after, store::CallLogReader::kMaxLimit);
          if (!page) return error_response(503, "the call log cannot be read: " + page.error());
          for (auto& c : page->calls) {
            bool ours = false;
            for (const Line& line : site->lines) ours = ours || line.number == c.record.line;
            if (!ours) continue;
            ++count;
            const bool in_aggregate =
                std::any_of(aggregated->begin(), aggregated->end(), [&](const Span& m) {
                  return c.record.arrived >= m.from && c.record.arrived < m.to;
                });
            if (in_aggregate) continue;
            PeriodCount& p = c.record.arrived >= now_span.from ? now_count : before_count;
            p.records.add(c.record);
            // The deviation finder reads no attempts.
            c.record.attempts.clear();
            p.kept.push_back(std::move(c.record));
          }
          if (!page->next) break;
          after = *page->next;
        }
        const std::string from_text = format_date(date::year_month_day{period.first});
        const std::string to_text = format_date(date::year_month_day{period.last});
        auto audited = r.store.with([&](store::ScheduleStore& s) {
          return s.append_audit(actor_of(call),
                                format == "csv" ? store::AuditAction::call_log_exported
                                                : store::AuditAction::call_log_read,
                                {{"purpose", *purpose},
                                 {"site", site->id},
                                 {"from", format_date(date::year_month_day{before.first})},
                                 {"to", to_text},
                                 {"count", count},
                                 {"format", format},
                                 {"disclosure", disclosure_text}});
        });
        if (!audited) return store_failure(audited.error());

        const DecisionsByKey decisions = decisions_of(
            r.store.with([&](store::ScheduleStore& s) { return s.deviation_reviews(site->id); }));
        const auto statistics_of = [&](PeriodCount& p) {
          CallStatistics s = p.records.finish();
          for (const CallStatistics* a : p.aggregates) add_statistics(s, *a);
          s.deviations = deviation_rows(p.kept, zone, r.deviation_rules, decisions);
          return s;
        };
        const CallStatistics now = statistics_of(now_count);
        const CallStatistics previous = statistics_of(before_count);
        ApiResponse out;
        if (format == "html") {
          StatisticsReport report{.site_id = site->id,
                                  .site_name = site->name,
                                  .desk_names = {},
                                  .now = now,
                                  .previous = previous,
                                  .disclosure = disclosure,
                                  .generated = format_local(zone, r.wall.now())};
          for (const Line& line : site->lines) {
            for (const Desk& desk : line.desks) report.desk_names.emplace(desk.id, desk.name);
          }
          out.text = statistics_report_html(report);
          out.content_type = "text/html; charset=utf-8";
          out.headers.emplace_back("Content-Security-Policy", report_header_policy());
          out.headers.emplace_back("X-Frame-Options", "DENY");
          out.headers.emplace_back("Referrer-Policy", "no-referrer");
          out.headers.emplace_back("Content-Disposition", "inline; filename=\"samtel-" + site->id +
                                                              "-" + from_text + "-" + to_text +
                                                              ".html\"");
        } else if (format == "csv") {
          out.text = statistics_csv(now, &previous, disclosure);
          out.content_type = "text/csv; charset=utf-8";
          out.headers.emplace_back("Content-Disposition", "attachment; filename=\"samtel-" +
                                                              site->id + "-" + from_text + "-" +
                                                              to_text + ".csv\"");
        } else {
          out.body = statistics_json(now, &previous, disclosure);
          out.body["site"] = site->id;
          out.body["disclosure"] = disclosure_text;
        }
        return out;
      });
}

}  // namespace samtel::fw::admin
