// Duty calendars at secret URLs: /api/v1/feeds (make, list and revoke them, with an account) and
// /feeds/{token}.ics (the calendar itself, fetched or revoked by whoever holds the URL, without
// one).
#include <algorithm>

#include "resources.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/duty_calendar.hpp"
#include "samtel/json_check.hpp"
#include "samtel/period.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

using store::CalendarFeed;
using store::FeedScope;
using store::FeedSubject;

constexpr std::string_view kFeedPath = "/feeds/";
constexpr std::string_view kFeedSuffix = ".ics";

ApiResponse no_such_feed() {
  return error_response(404, std::string(store::ScheduleStore::kNoSuchFeed));
}

nlohmann::json optional_time(const std::optional<Instant>& t) {
  return t ? nlohmann::json(format_utc(*t)) : nlohmann::json(nullptr);
}

nlohmann::json feed_json(const CalendarFeed& f) {
  nlohmann::json j = {{"id", f.id}, {"site", f.site}};
  if (f.subject == FeedSubject::desk) {
    j["desk"] = f.subject_id;
    j["line"] = f.line;
  } else {
    j["person"] = f.subject_id;
  }
  j["created"] = format_utc(f.created);
  j["created_by"] = f.created_by;
  j["revoked"] = optional_time(f.revoked);
  j["revoked_by"] = f.revoked ? nlohmann::json(f.revoked_by) : nlohmann::json(nullptr);
  j["last_fetched"] = optional_time(f.last_fetched);
  return j;
}

// The token of a feed's path segment "<token>.ics"; "" when it is not one.
std::string_view token_of(std::string_view segment) {
  if (!segment.ends_with(kFeedSuffix)) return {};
  segment.remove_suffix(kFeedSuffix.size());
  return segment;
}

// `d` moved by `months`, on the month's last day when it has no such day (31 May - 3 months).
LocalDays months_from(date::year_month_day d, int months) {
  date::year_month_day moved = d + date::months{months};
  if (!moved.ok())
    moved = date::year_month_day_last{moved.year(), date::month_day_last{moved.month()}};
  return LocalDays{moved};
}

// What a subscribed calendar shows: the local days from three months before today to twelve
// months after, in the site's zone.
Span subscription_window(const Zone& zone, Instant now) {
  const date::year_month_day today{local_day(zone, now)};
  return to_span(zone, DateRange{months_from(today, -3), months_from(today, 12)});
}

std::string known_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// The feed a request asks for, checked against the site's published version: the site (404),
// the person or the desk and its line (400, with the field's pointer).
tl::expected<FeedScope, ApiResponse> scope_of(const Schedule& schedule, const std::string& site_id,
                                              const std::optional<std::string>& person,
                                              const std::optional<std::string>& desk,
                                              const std::optional<std::string>& line) {
  const auto site = std::find_if(schedule.sites().begin(), schedule.sites().end(),
                                 [&](const Site& s) { return s.id == site_id; });
  if (site == schedule.sites().end()) {
    return tl::unexpected(error_response(404, "no site " + quote_value(site_id) + " is published"));
  }
  if (person) {
    std::vector<std::string> ids;
    for (const Person& p : site->people) {
      if (p.id == *person) return FeedScope{.site = site_id, .subject_id = *person};
      ids.push_back(p.id);
    }
    return tl::unexpected(error_response(400,
                                         "no person " + quote_value(*person) + " at site " +
                                             quote_value(site_id) + " (known: " + known_ids(ids) +
                                             ")",
                                         "/person"));
  }
  std::vector<std::string> lines_with_desk, desk_ids, line_numbers;
  for (const Line& l : site->lines) {
    line_numbers.push_back(l.number);
    if (line && l.number != *line) continue;
    for (const Desk& d : l.desks) desk_ids.push_back(d.id);
    if (l.find_desk(*desk) != nullptr) lines_with_desk.push_back(l.number);
  }
  if (line && std::find(line_numbers.begin(), line_numbers.end(), *line) == line_numbers.end()) {
    return tl::unexpected(error_response(400,
                                         "no line " + quote_value(*line) + " at site " +
                                             quote_value(site_id) +
                                             " (known: " + known_ids(line_numbers) + ")",
                                         "/line"));
  }
  if (lines_with_desk.empty()) {
    return tl::unexpected(error_response(
        400,
        "no desk " + quote_value(*desk) + (line ? " on line " + *line : std::string()) +
            " at site " + quote_value(site_id) + " (known: " + known_ids(desk_ids) + ")",
        "/desk"));
  }
  if (lines_with_desk.size() > 1) {
    return tl::unexpected(error_response(400,
                                         "desk " + quote_value(*desk) + " is on lines " +
                                             known_ids(lines_with_desk) + " of site " +
                                             quote_value(site_id) + ": give the line",
                                         "/line"));
  }
  return FeedScope{.site = site_id,
                   .subject = FeedSubject::desk,
                   .subject_id = *desk,
                   .line = lines_with_desk.front()};
}

ApiResponse create(const ScheduleResources& r, const Call& call) {
  JsonChecker check;
  const auto& body = call.body;
  if (!check.object(body, "", {"site", "person", "desk", "line"})) return body_problem(check);
  const auto site = check.text(body, "", "site", true);
  const auto person = check.text(body, "", "person", false);
  const auto desk = check.text(body, "", "desk", false);
  const auto line = check.text(body, "", "line", false);
  if (!check.ok()) return body_problem(check);
  if (person.has_value() == desk.has_value()) {
    return error_response(400,
                          person ? "give the person or the desk a calendar shows, not both"
                                 : "give the person or the desk the calendar shows",
                          person ? "/desk" : "");
  }
  if (person && line) {
    return error_response(400, "a person's calendar takes no line; give it with a desk", "/line");
  }
  auto published = published_schedule(r.store);
  if (!published) return std::move(published.error());
  auto scope = scope_of(*published->schedule, *site, person, desk, line);
  if (!scope) return std::move(scope.error());
  auto issued =
      r.store.with([&](store::ScheduleStore& s) { return s.create_feed(*scope, actor_of(call)); });
  if (!issued) return store_failure(issued.error());
  ApiResponse out;
  out.status = 201;
  out.body = feed_json(issued->feed);
  out.body["url"] = std::string(kFeedPath) + issued->token + std::string(kFeedSuffix);
  return out;
}

ApiResponse list(const ScheduleResources& r, const Call& call) {
  store::FeedFilter filter{.site = query_value(call.request, "site")};
  if (!permits(call.session->role, Role::administrator)) filter.created_by = call.session->user;
  nlohmann::json feeds = nlohmann::json::array();
  for (const CalendarFeed& f :
       r.store.with([&](store::ScheduleStore& s) { return s.feeds(filter); }))
    feeds.push_back(feed_json(f));
  ApiResponse out;
  out.body = {{"feeds", feeds}};
  return out;
}

ApiResponse revoke(const ScheduleResources& r, const Call& call) {
  const std::string& text = call.params.at("id");
  const auto id = parse_id(text);
  if (!id) return error_response(404, "no calendar feed " + quote_value(text));
  return r.store.with([&](store::ScheduleStore& s) {
    auto f = s.feed(*id);
    if (!f) return store_failure(f.error());
    if (f->created_by != call.session->user && !permits(call.session->role, Role::administrator)) {
      return error_response(403, "calendar feed " + std::to_string(*id) + " was made by " +
                                     quote_value(f->created_by) +
                                     ": only they or an administrator may revoke it");
    }
    auto revoked = s.revoke_feed(*id, actor_of(call));
    if (!revoked) return store_failure(revoked.error());
    ApiResponse out;
    out.status = 204;
    return out;
  });
}

// The calendar of a live feed, from the site's published version.
ApiResponse calendar(const ScheduleResources& r, const Call& call) {
  const std::string_view token = token_of(call.params.at("file"));
  auto f = r.store.with([&](store::ScheduleStore& s) { return s.open_feed(token); });
  if (!f) {
    return f.error().kind == store::StoreError::Kind::not_found ? no_such_feed()
                                                                : store_failure(f.error());
  }
  auto published = published_schedule(r.store);
  if (!published) return std::move(published.error());
  const Schedule& schedule = *published->schedule;
  const auto site = std::find_if(schedule.sites().begin(), schedule.sites().end(),
                                 [&](const Site& s) { return s.id == f->site; });
  if (site == schedule.sites().end()) {
    return error_response(404, "the site of this calendar feed, " + quote_value(f->site) +
                                   ", is no longer published");
  }
  const Instant now = r.wall.now();
  const Span window = subscription_window(*site->zone, now);
  auto text = f->subject == FeedSubject::desk
                  ? duty_calendar_for_desk(schedule, f->line, f->subject_id, window, now)
                  : duty_calendar_for_person(schedule, f->site, f->subject_id, window, now);
  if (!text) return error_response(404, "this calendar feed shows nothing now: " + text.error());
  ApiResponse out;
  out.text = std::move(*text);
  out.content_type = "text/calendar; charset=utf-8";
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  return out;
}

ApiResponse revoke_by_token(const ScheduleResources& r, const Call& call) {
  const std::string_view token = token_of(call.params.at("file"));
  auto f = r.store.with(
      [&](store::ScheduleStore& s) { return s.revoke_feed_by_token(token, call.request.source); });
  if (!f) {
    return f.error().kind == store::StoreError::Kind::not_found ? no_such_feed()
                                                                : store_failure(f.error());
  }
  ApiResponse out;
  out.status = 204;
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  return out;
}

}  // namespace

void add_feed_resources(Router& router, const ScheduleResources& r) {
  router.add(Method::post, "/api/v1/feeds", {.role = Role::scheduler, .json_body = true},
             [r](const Call& call) { return create(r, call); });
  router.add(Method::get, "/api/v1/feeds", {.role = Role::viewer},
             [r](const Call& call) { return list(r, call); });
  router.add(Method::delete_, "/api/v1/feeds/{id}", {.role = Role::viewer},
             [r](const Call& call) { return revoke(r, call); });
  // No account: the URL is the secret.
  router.add(Method::get, "/feeds/{file}", {}, [r](const Call& call) { return calendar(r, call); });
  router.add(Method::delete_, "/feeds/{file}", {},
             [r](const Call& call) { return revoke_by_token(r, call); });
}

}  // namespace samtel::fw::admin
