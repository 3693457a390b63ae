// GET /api/v1/sites/{site}/deviations?from=DATE&to=DATE[&status=open|filed|dismissed|explained]:
// the site's deviation candidates over its local days from..to, each with its calls (log ids and
// times, never the caller) and its review (samtel/deviations/period_deviations.hpp); the reading
// of the call log is audited. PUT /api/v1/sites/{site}/deviations/{key}/review: a person's
// decision on one candidate (samtel/store/deviation_review.hpp), audited by the store.
#include <span>
#include <vector>

#include "resources.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/deviations/period_deviations.hpp"
#include "samtel/period.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

// A year and a day: a month is what the page asks for, a year what a report may.
constexpr long kMaxDays = 366;

// The status filter: a candidate no one has decided on is `open`.
constexpr std::string_view kOpen = "open";

std::string_view status_of(const ReviewedDeviation& d) {
  return d.review ? to_string(d.review->decision) : kOpen;
}

nlohmann::json review_json(const store::DeviationReview& r) {
  return {{"decision", std::string(to_string(r.decision))},
          {std::string(store::note_name(r.decision)), r.note},
          {"by", r.reviewed_by},
          {"at", format_utc(r.reviewed)}};
}

nlohmann::json deviation_json(const ReviewedDeviation& d, const Zone& zone) {
  nlohmann::json calls = nlohmann::json::array();
  for (const DeviationCall& c : d.calls) {
    calls.push_back({{"id", c.id},
                     {"arrived", format_rfc3339(zone, c.arrived)},
                     {"outcome", std::string(to_string(c.outcome))}});
  }
  const DeviationCandidate& c = d.candidate;
  return {{"key", c.key},
          {"category", std::string(to_string(c.category))},
          {"severity", std::string(to_string(c.severity))},
          {"start", format_rfc3339(zone, c.start)},
          {"end", format_rfc3339(zone, c.end)},
          {"description", c.description},
          {"calls", std::move(calls)},
          {"status", std::string(status_of(d))},
          {"review", d.review ? review_json(*d.review) : nlohmann::json(nullptr)}};
}

// A key as find_*_deviations() make them: "<category>:<what it is about>".
bool is_candidate_key(std::string_view key) {
  const auto colon = key.find(':');
  return colon != std::string_view::npos && colon + 1 < key.size() &&
         deviation_category_from_string(key.substr(0, colon)).has_value() &&
         key.size() <= store::kMaxDeviationKeyBytes && !first_control_character(key);
}

}  // namespace

void add_deviations_resources(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/sites/{site}/deviations", {.role = Role::scheduler},
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
               const Site& site = published->schedule->sites()[*site_index];
               auto period = query_local_period(call.request, kMaxDays);
               if (!period) return std::move(period.error());
               const auto status = query_value(call.request, "status");
               if (status && *status != kOpen && !store::review_decision_from_string(*status)) {
                 return error_response(
                     400, "status: expected open, filed, dismissed or explained, found " +
                              quote_value(*status));
               }
               auto log = store::CallLogReader::open(r.call_log);
               if (!log) return error_response(503, "the call log cannot be read: " + log.error());

               // The spans of the period the unit was not running, from samteld's own start and
               // stop records (the call log's `unit_runs`).
               const Span span = to_span(*site.zone, *period);
               auto down = log->not_running(span.from, span.to, r.wall.now());
               if (!down)
                 return error_response(503, "the call log cannot be read: " + down.error());

               auto found = r.store.with([&](store::ScheduleStore& s) {
                 return find_period_deviations({.store = s,
                                                .log = *log,
                                                .site = site,
                                                .period = *period,
                                                .reader = actor_of(call),
                                                .rules = r.deviation_rules,
                                                .down = *down});
               });
               if (!found && found.error().call_log) {
                 return error_response(503,
                                       "the call log cannot be read: " + *found.error().call_log);
               }
               if (!found) return store_failure(found.error().store);

               nlohmann::json list = nlohmann::json::array();
               for (const ReviewedDeviation& d : found->deviations) {
                 if (!status || status_of(d) == *status)
                   list.push_back(deviation_json(d, *site.zone));
               }
               ApiResponse out;
               out.body = {{"site", site.id},
                           {"from", format_date(date::year_month_day{period->first})},
                           {"to", format_date(date::year_month_day{period->last})},
                           {"calls_read", found->calls_read},
                           {"deviations", std::move(list)}};
               return out;
             });

  router.add(
      Method::put, "/api/v1/sites/{site}/deviations/{key}/review",
      {.role = Role::scheduler, .json_body = true}, [r](const Call& call) {
        const std::string& key = call.params.at("key");
        if (!is_candidate_key(key)) {
          return error_response(400, "key: " + quote_value(key) +
                                         " is not a deviation candidate's key, such as "
                                         "coverage_gap:<Call-ID>; take it from the list");
        }
        JsonChecker check;
        const auto& body = call.body;
        if (!check.object(body, "", {"decision", "reference", "reason", "explanation"})) {
          return body_problem(check);
        }
        const auto* value = check.member(body, "", "decision", true);
        std::optional<std::string> decision_text;
        if (value != nullptr) {
          decision_text =
              check.string_one_of(*value, "/decision", {"filed", "dismissed", "explained"});
        }
        if (!check.ok()) return body_problem(check);
        const store::ReviewDecision decision = store::review_decision_from_string(*decision_text)
                                                   .value_or(store::ReviewDecision::filed);
        const std::string_view note_field = store::note_name(decision);
        for (const store::ReviewDecision other :
             {store::ReviewDecision::filed, store::ReviewDecision::dismissed,
              store::ReviewDecision::explained}) {
          const std::string_view field = store::note_name(other);
          if (other != decision && body.contains(field)) {
            check.error("/" + std::string(field), "goes with the decision " +
                                                      std::string(to_string(other)) +
                                                      "; a decision " + *decision_text +
                                                      " takes \"" + std::string(note_field) + "\"");
          }
        }
        if (!body.contains(note_field)) {
          check.error("/" + std::string(note_field),
                      "missing required key '" + std::string(note_field) + "': a decision " +
                          *decision_text + " takes its " + std::string(note_field));
        }
        const auto note = check.string(body, "", note_field, false);
        if (!check.ok() || !note) return body_problem(check);

        auto published = published_schedule(r.store);
        if (!published) return std::move(published.error());
        auto site_index = find_site(*published->schedule, call.params.at("site"));
        if (!site_index) return std::move(site_index.error());
        const std::string& site = published->schedule->sites()[*site_index].id;
        return r.store.with([&](store::ScheduleStore& s) {
          auto made = s.review_deviation(
              {.site = site, .key = key, .decision = decision, .note = *note}, actor_of(call));
          if (!made) return store_failure(made.error(), "/" + std::string(note_field));
          ApiResponse out;
          out.body = {{"site", site}, {"key", key}, {"review", review_json(*made)}};
          return out;
        });
      });
}

}  // namespace samtel::fw::admin
