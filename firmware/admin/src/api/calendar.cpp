// GET /api/v1/sites/{site}/calendar?from=DATE&to=DATE: a site's local days, each desk's routing
// over them and each rota's duty, for the web page's Now, Week and Month views.

#include "samtel/calendar.hpp"

#include "resources.hpp"
#include "samtel/coverage.hpp"
#include "samtel/duty_calendar.hpp"
#include "samtel/period.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

constexpr long kMaxDays = 62;

using nlohmann::json;

json day_json(const Site& site, LocalDays day) {
  const Zone& zone = *site.zone;
  const Span span = day_span(zone, day);
  const DayInfo info = classify_day(day, {}, site.special_days);
  json d{{"date", format_date(date::year_month_day{day})},
         {"weekday", date::weekday{day}.iso_encoding()},
         {"day_type", to_string(info.type)},
         {"hours", std::chrono::duration_cast<std::chrono::hours>(span.to - span.from).count()}};
  if (info.holiday) d["holiday"] = *info.holiday;
  if (info.special != nullptr) d["special_day"] = info.special->name;
  if (const auto change = clock_change_on(zone, day)) d["clock_change"] = describe(*change);
  return d;
}

json segment_json(const Zone& zone, const Segment& s) {
  const RoutePlan& p = s.plan;
  json attempts = json::array();
  for (const Attempt& a : p.attempts) {
    attempts.push_back({{"role", a.role_info != nullptr ? a.role_info->id : ""},
                        {"role_name", a.role_info != nullptr ? a.role_info->name : ""},
                        {"person", a.person != nullptr ? a.person->id : ""},
                        {"name", a.person != nullptr ? a.person->name : ""},
                        {"source", to_string(a.source)}});
  }
  json j{{"start", format_rfc3339(zone, s.start)},
         {"end", format_rfc3339(zone, s.end)},
         {"open", p.open},
         {"coverage_gap", p.coverage_gap},
         {"day_type", to_string(p.day_type)},
         {"attempts", std::move(attempts)},
         {"fallback", p.fallback != nullptr ? p.fallback->name : ""}};
  if (p.window) j["window"] = format_window(*p.window);
  return j;
}

json rota_json(const Site& site, std::size_t index, Span span) {
  const Rota& rota = site.rotas[index];
  json roles = json::array();
  for (const samtel::Role& role : rota.roles) {
    roles.push_back({{"id", role.id}, {"name", role.name}, {"duty", json::array()}});
  }
  for (const DutySpan& d : duty_spans(site, index, span)) {
    json duty{{"start", format_rfc3339(*site.zone, d.start)},
              {"end", format_rfc3339(*site.zone, d.end)},
              {"person", site.people[d.person].id},
              {"name", site.people[d.person].name},
              {"source", to_string(d.source)}};
    if (d.override_ != nullptr && !d.override_->reason.empty()) {
      duty["reason"] = d.override_->reason;
    }
    if (d.shift != nullptr && !d.shift->note.empty()) duty["note"] = d.shift->note;
    roles[d.role]["duty"].push_back(std::move(duty));
  }
  return {{"id", rota.id}, {"name", rota.name}, {"roles", std::move(roles)}};
}

}  // namespace

void add_calendar_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/sites/{site}/calendar", {.role = Role::viewer},
             [r](const Call& call) {
               auto published = published_schedule(r.store);
               if (!published) return std::move(published.error());
               auto site_index = find_site(*published->schedule, call.params.at("site"));
               if (!site_index) return std::move(site_index.error());
               const Site* site = &published->schedule->sites()[*site_index];
               auto period = query_local_period(call.request, kMaxDays);
               if (!period) return std::move(period.error());
               const DateRange range = *period;
               const Zone& zone = *site->zone;
               const Span span = to_span(zone, range);
               json days = json::array();
               for (LocalDays d = range.first; d <= range.last; d += date::days{1}) {
                 days.push_back(day_json(*site, d));
               }
               json desks = json::array();
               for (const Line& line : site->lines) {
                 for (const Desk& desk : line.desks) {
                   json segments = json::array();
                   for (const Segment& s : timeline(*site, line, desk, span.from, span.to)) {
                     segments.push_back(segment_json(*line.zone, s));
                   }
                   desks.push_back({{"line", line.number},
                                    {"line_name", line.name},
                                    {"desk", desk.id},
                                    {"name", desk.name},
                                    {"rota", site->rotas[desk.rota].id},
                                    {"segments", std::move(segments)}});
                 }
               }
               json rotas = json::array();
               for (std::size_t i = 0; i < site->rotas.size(); ++i) {
                 rotas.push_back(rota_json(*site, i, span));
               }
               ApiResponse out;
               out.body = {{"site", site->id},
                           {"version", published->versions.at(*site_index).id},
                           {"zone", zone.name()},
                           {"from", format_date(date::year_month_day{range.first})},
                           {"to", format_date(date::year_month_day{range.last})},
                           {"now", format_rfc3339(zone, r.wall.now())},
                           {"days", std::move(days)},
                           {"desks", std::move(desks)},
                           {"rotas", std::move(rotas)}};
               return out;
             });
}

}  // namespace samtel::fw::admin
