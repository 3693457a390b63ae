#pragma once
// samtel/notices/notice.hpp — what the unit tells its notification contacts
// (samtel/maintenance.hpp) and by which way: one notice, and its deliveries, one per contact and
// channel.
//
// Promises:
//  * `Channel` is the one vocabulary of the ways a notice goes ("email", "webhook", "sip") and
//    `DeliveryState` of how a delivery stands ("pending", "delivered", "failed" for one failed
//    attempt that will be retried, "given-up"); each with `to_string`/`*_from_string`.
//  * A notice's `key` names the event it tells of ("fault-raised:clock:2026-12-06T10:00:00Z",
//    "maintenance-started:st-olavs/switch:2026-12-10T21:00:00Z"): the same event gives the same
//    key, so a notice is never sent twice, across restarts of the admin service too.
//  * `subject()`, `body()` and `webhook_json()` are pure functions of the notice: plain text, one
//    subject line without control characters, times in UTC and in the site's local time.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "samtel/maintenance.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::notices {

using MonoTime = std::chrono::steady_clock::time_point;

enum class Channel { email, webhook, sip };
std::string_view to_string(Channel c);
std::optional<Channel> channel_from_string(std::string_view s);

enum class DeliveryState { pending, delivered, failed, given_up };
std::string_view to_string(DeliveryState s);
std::optional<DeliveryState> delivery_state_from_string(std::string_view s);

struct Notice {
  std::int64_t id = 0;  // the notice log's, once recorded
  NoticeKind kind = NoticeKind::fault_raised;
  std::string key;    // see above
  std::string site;   // the site it concerns, or "" for the whole unit (faults, restarts)
  std::string title;  // one line: "Planned maintenance starts: Nytt sentralbord"
  std::string text;   // the details, plain text, one or more lines
  Instant at{};       // when the event happened (or, for an announcement, when it will)
  Instant created{};  // when the notice was made
};

// "[samtel] " + title.
std::string subject(const Notice& n);
// The text, then the kind and the time of the event in UTC.
std::string body(const Notice& n);
// {"kind": ..., "key": ..., "site": ..., "title": ..., "text": ..., "at": ..., "created": ...}
nlohmann::json webhook_json(const Notice& n);

}  // namespace samtel::fw::notices
