#include "store_support.hpp"

#include <algorithm>
#include <charconv>

#include "samtel/config.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {

using store::StoreError;

ApiResponse store_failure(const StoreError& e, std::string pointer) {
  switch (e.kind) {
    case StoreError::Kind::invalid: return error_response(400, e.message, std::move(pointer));
    case StoreError::Kind::not_found: return error_response(404, e.message);
    case StoreError::Kind::conflict: {
      ApiResponse r = error_response(409, e.message);
      if (e.current) r.body["current"] = *e.current;
      return r;
    }
    case StoreError::Kind::exists: return error_response(409, e.message);
    case StoreError::Kind::denied: return error_response(403, e.message);
    case StoreError::Kind::damaged:
    case StoreError::Kind::io: break;
  }
  return error_response(503, "the schedule store cannot be read or written: " + e.message);
}

nlohmann::json version_json(const store::VersionInfo& v, bool published) {
  return {{"id", v.id},
          {"site", v.site},
          {"parent", v.parent ? nlohmann::json(*v.parent) : nlohmann::json(nullptr)},
          {"created", format_utc(v.created)},
          {"author", v.author},
          {"comment", v.comment},
          {"content_hash", v.content_hash},
          {"published", published}};
}

tl::expected<nlohmann::ordered_json, ApiResponse> content_json(const store::Version& v) {
  auto content = nlohmann::ordered_json::parse(v.content, nullptr, false);
  if (content.is_discarded() || !content.is_object()) {
    return tl::unexpected(error_response(
        503, "version " + std::to_string(v.id) + " of " + v.site + " in the store is not JSON"));
  }
  return content;
}

tl::expected<Site, ApiResponse> content_site(const store::Version& v) {
  auto site = parse_site(v.content, "version " + std::to_string(v.id) + " of " + v.site);
  if (!site) {
    const std::string first =
        site.error().empty() ? std::string("no reason given") : site.error().front().to_string();
    return tl::unexpected(error_response(
        503, "version " + std::to_string(v.id) + " of " + v.site +
                 " in the store does not load as a site: " + escape_control_characters(first)));
  }
  return std::move(*site);
}

store::Actor actor_of(const Call& call) {
  return {call.session != nullptr ? call.session->user : std::string{}, call.request.source};
}

std::optional<std::string> query_value(const ApiRequest& request, std::string_view name) {
  const auto it = request.query.find(std::string(name));
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

namespace {

std::optional<long> parse_long(std::string_view text) {
  long v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || p != end) return std::nullopt;
  return v;
}

}  // namespace

tl::expected<long, ApiResponse> query_integer(const ApiRequest& request, std::string_view name,
                                              long lo, long hi, long fallback) {
  const auto text = query_value(request, name);
  if (!text) return fallback;
  const auto v = parse_long(*text);
  if (!v || *v < lo || *v > hi) {
    return tl::unexpected(error_response(
        400, "the query parameter " + std::string(name) + " must be a whole number from " +
                 std::to_string(lo) + " to " + std::to_string(hi) + ", not " + quote_value(*text)));
  }
  return *v;
}

tl::expected<std::string, ApiResponse> query_purpose(const ApiRequest& request,
                                                     std::string_view fallback) {
  auto text = query_value(request, "purpose");
  if (!text) return std::string(fallback);
  const bool control = std::any_of(text->begin(), text->end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (text->empty() || text->size() > 200 || control) {
    return tl::unexpected(
        error_response(400,
                       "the query parameter purpose must be 1 to 200 characters without control "
                       "characters, not " +
                           quote_value(*text)));
  }
  return *text;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  const auto v = parse_long(text);
  if (!v || *v < 1) return std::nullopt;
  return *v;
}

tl::expected<store::PublishedSchedule, ApiResponse> published_schedule(SharedStore& store) {
  auto published = store.published();
  if (!published) {
    if (published.error().kind == StoreError::Kind::not_found) {
      return tl::unexpected(error_response(404, "no site is published in the schedule store"));
    }
    return tl::unexpected(error_response(
        503, "the published schedule cannot be loaded: " + published.error().message));
  }
  return std::move(*published);
}

namespace {

tl::expected<LocalDays, ApiResponse> query_local_day(const ApiRequest& request,
                                                     std::string_view name) {
  const auto text = query_value(request, name);
  if (!text) {
    return tl::unexpected(
        error_response(400, "give '" + std::string(name) + "', a local date such as 2026-12-07"));
  }
  auto d = parse_date(*text);
  if (!d) return tl::unexpected(error_response(400, std::string(name) + ": " + d.error()));
  return LocalDays{date::sys_days{*d}.time_since_epoch()};
}

}  // namespace

tl::expected<DateRange, ApiResponse> query_local_period(const ApiRequest& request, long max_days) {
  auto first = query_local_day(request, "from");
  if (!first) return tl::unexpected(std::move(first.error()));
  auto last = query_local_day(request, "to");
  if (!last) return tl::unexpected(std::move(last.error()));
  const DateRange range{*first, *last};
  if (range.days() < 1 || range.days() > max_days) {
    return tl::unexpected(
        error_response(400, "from .. to must be 1 to " + std::to_string(max_days) +
                                " days, both included; it is " + std::to_string(range.days())));
  }
  return range;
}

tl::expected<std::size_t, ApiResponse> find_site(const Schedule& schedule, std::string_view id) {
  const auto& sites = schedule.sites();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (sites[i].id == id) return i;
  }
  return tl::unexpected(error_response(404, "no site " + quote_value(id)));
}

tl::expected<Instant, ApiResponse> query_instant(const ApiRequest& request, std::string_view name,
                                                 const Zone& zone, Instant now) {
  const auto text = query_value(request, name);
  if (!text) return now;
  auto t = parse_time(*text, zone, Fold::earlier);
  if (!t) {
    return tl::unexpected(
        error_response(400, "the query parameter " + std::string(name) + ": " + t.error()));
  }
  return t->instant;
}

}  // namespace samtel::fw::admin
