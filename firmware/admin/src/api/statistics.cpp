// GET /api/v1/sites/{site}/statistics?from=DATE&to=DATE[&disclosure=shared|internal][&format=csv]:
// the statistics for the partners over the site's local days from..to and the period before
// (samtel/call_statistics.hpp), read from the call log page by page; the reading is audited:
// `call_log_read` for JSON, `call_log_exported` for CSV (a file to download), with the site, the
// period read, the count, the format, the disclosure and the purpose ("statistics" unless
// `purpose=TEXT` is given).
#include <limits>

#include "resources.hpp"
#include "samtel/call_statistics.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// Ten years and the leap days in them.
constexpr long kMaxDays = 3653;

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
        auto asked = query_local_period(call.request, kMaxDays);
        if (!asked) return std::move(asked.error());
        const DateRange period = *asked;
        const auto disclosure_text = query_value(call.request, "disclosure").value_or("shared");
        if (disclosure_text != "shared" && disclosure_text != "internal") {
          return error_response(400, "disclosure: expected shared or internal, found " +
                                         quote_value(disclosure_text));
        }
        const auto format = query_value(call.request, "format").value_or("json");
        if (format != "json" && format != "csv") {
          return error_response(400, "format: expected json or csv, found " + quote_value(format));
        }
        auto purpose = query_purpose(call.request, "statistics");
        if (!purpose) return std::move(purpose.error());
        const Disclosure disclosure =
            disclosure_text == "shared" ? Disclosure::shared : Disclosure::internal;

        const Zone& zone = *site->zone;
        const DateRange before = previous_period(period);
        StatisticsAccumulator now_acc(zone, period), before_acc(zone, before);
        auto reader = store::CallLogReader::open(r.call_log);
        if (!reader) return error_response(503, "the call log cannot be read: " + reader.error());
        const Span span{to_span(zone, before).from, to_span(zone, period).to};
        std::size_t count = 0;
        std::int64_t after = 0;
        for (;;) {
          auto page = reader->calls(span.from, span.to, after, store::CallLogReader::kMaxLimit);
          if (!page) return error_response(503, "the call log cannot be read: " + page.error());
          for (const auto& c : page->calls) {
            bool ours = false;
            for (const Line& line : site->lines) ours = ours || line.number == c.record.line;
            if (!ours) continue;
            ++count;
            now_acc.add(c.record);
            before_acc.add(c.record);
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

        const CallStatistics now = now_acc.finish();
        const CallStatistics previous = before_acc.finish();
        ApiResponse out;
        if (format == "csv") {
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
