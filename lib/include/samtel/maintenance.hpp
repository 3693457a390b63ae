#pragma once
// samtel/maintenance.hpp — planned maintenance of a site's lines, and who is told about the unit's
// faults and its maintenance.
//
// Promises:
//  * A `MaintenanceWindow` is a half-open span of instants [start, end), start before end, written
//    by people in the site's wall-clock time and converted when the site is loaded (so a window
//    over the autumn change lasts an hour longer than its wall-clock times suggest). It covers the
//    lines it names, or every line of the site when it names none.
//  * Windows of a loaded site that cover a common line never overlap, and every line a window
//    covers has a maintenance fallback (config.hpp checks both); routing.hpp's `maintenance_at()`
//    is therefore the one window in force for a line at an instant, or none.
//  * `NoticeKind` is the one vocabulary of what the unit tells its contacts, each kind with one
//    text form (`to_string`, `notice_kind_from_string`), used by the configuration, the notifier,
//    its log and the API alike.
//
//   if (const MaintenanceWindow* w = maintenance_at(site, line, t)) ... w->reason ...
#include <chrono>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/time.hpp"

namespace samtel {

struct MaintenanceWindow {
  std::string id;                  // "switch-upgrade-2026-12"
  Instant start{};                 // first second of the maintenance
  Instant end{};                   // first second after it
  std::string reason;              // "Utskifting av sentralbordet"
  std::vector<std::size_t> lines;  // indexes into the site's lines; empty: every line

  bool covers_line(std::size_t line) const;
  bool contains(Instant t) const { return start <= t && t < end; }
};

enum class NoticeKind {
  fault_raised,
  fault_cleared,
  maintenance_announced,
  maintenance_started,
  maintenance_ended,
  restarted_after_crash,
};

inline constexpr NoticeKind kNoticeKinds[] = {
    NoticeKind::fault_raised,          NoticeKind::fault_cleared,
    NoticeKind::maintenance_announced, NoticeKind::maintenance_started,
    NoticeKind::maintenance_ended,     NoticeKind::restarted_after_crash,
};

// "fault-raised", "maintenance-announced", ...
std::string_view to_string(NoticeKind k);
std::optional<NoticeKind> notice_kind_from_string(std::string_view s);
// Every kind's text form, comma-separated, for messages.
std::string notice_kind_names();

// Someone to tell: at least one of the three ways is given.
struct NotificationContact {
  std::string name;           // "Vakthavende IT"
  std::string email;          // "drift@hospital.example", or empty
  std::string sip;            // "sip:drift@pbx.hospital.example", or empty
  std::string webhook;        // "https://alerts.hospital.example/samtel", or empty
  std::set<NoticeKind> tell;  // what this contact wants to hear about (never empty)

  bool wants(NoticeKind k) const { return tell.count(k) != 0; }
};

struct Notices {
  // How long before its start a maintenance window is announced.
  std::chrono::minutes announce_before{std::chrono::hours{24}};
  std::vector<NotificationContact> contacts;
};

}  // namespace samtel
