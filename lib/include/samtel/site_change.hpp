#pragma once
// samtel/site_change.hpp — the changes people make to a site's schedule (an override for an
// absence, a swap, hours from a date, ...), applied to the site's JSON document and checked by the
// same loader as the file.
//
// Promises:
//  * A request is one JSON object `{"kind": "override_add", ...fields}` whose fields mirror the
//    file's (docs/changes.md lists every kind). `parse_change()` reports every problem it can find
//    without the site — unknown kind, unknown key, missing field, wrong type, a date or time that
//    cannot be read — each with the JSON Pointer of the field in the request and a plain message;
//    the errors' `source` is `kChangeSource`.
//  * `apply_change()` never modifies its input. It works on a copy of the document and then loads
//    the whole result with `parse_site()`: the change is applied only if the new document loads,
//    so a change never half-applies and never yields a site the daemon would refuse.
//  * A change that names something missing (no such rota, role, person, line, desk, no override
//    number 5 to remove) is an error at the request's field (`source` `kChangeSource`). What the
//    loader finds wrong in the new document is reported where it found it, with the pointer into
//    the new document and `source` `kChangedSiteSource` ("site after the change:
//    /rotas/0/overrides/3/end: override ends ... before or when it starts ..."); `detail` of a
//    successful change names the same pointers, so a caller can tell which part was the request's.
//  * `shifts_import` adds a whole roster (a file read by samtel/roster_import.hpp) to one rota as
//    one change: up to `kMaxImportShifts` shifts, each checked as `shift_add` checks one, and none
//    overlapping another of the request or a shift the rota has already in the same role (which of
//    two would be rung is not the file's to say); each problem names its shift's pointer
//    (`/shifts/3/person`).
//  * Removals name their target by position: `{"rota": "amm", "index": 1}` removes the rota's
//    override (swap, shift) at index 1 of its list, as the document the caller saw lists them.
//    Special days are removed by their `date`, which is unique within a list; maintenance windows
//    by their `id`, unique within the site.
//  * Nothing throws; third-party exceptions are caught here.
//
//   auto change = parse_change(R"({"kind": "override_add", "rota": "amm", "role": "primary",
//     "person": "nes", "start": "2026-12-16T08:00", "end": "2026-12-17T08:00",
//     "replaces": "berg", "reason": "Kurs"})");
//   auto applied = change.and_then([&](const SiteChange& c) { return apply_change(document, c); });
//   if (applied) std::cout << applied->summary;   // "Override: Overlege Tor Nes covers ..."
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/config.hpp"

namespace samtel {

enum class ChangeKind {
  override_add,
  override_remove,
  swap_add,
  swap_remove,
  shift_add,
  shift_remove,
  shifts_import,
  special_day_add,
  special_day_remove,
  hours_set,
  person_update,
  person_add,
  person_retire,
  site_replace,
  maintenance_add,
  maintenance_remove,
};
std::string_view to_string(ChangeKind kind);  // "override_add", ...
std::optional<ChangeKind> change_kind_from_string(std::string_view text);

// The least role that may make a change of a kind: schedulers keep the roster (overrides, swaps,
// shifts, people and their addresses); administrators set what the line promises (hours, special
// days, planned maintenance), retire people and replace whole sites. An administrator may make
// every change.
enum class ChangeAuthority { scheduler, administrator };
std::string_view to_string(ChangeAuthority authority);  // "scheduler", "administrator"
ChangeAuthority authority(ChangeKind kind);

// The most shifts one `shifts_import` may add.
inline constexpr std::size_t kMaxImportShifts = 5000;

// `ConfigError::source` of a problem in the request, and of one the loader found in the new
// document.
inline constexpr std::string_view kChangeSource = "change";
inline constexpr std::string_view kChangedSiteSource = "site after the change";

struct SiteChange {
  ChangeKind kind = ChangeKind::override_add;
  nlohmann::ordered_json body;  // the request as given, "kind" included
};

tl::expected<SiteChange, ConfigErrors> parse_change(std::string_view json_text);
tl::expected<SiteChange, ConfigErrors> parse_change(const nlohmann::ordered_json& body);
// Text, not a JSON string value (a std::string would convert to either of the above).
inline tl::expected<SiteChange, ConfigErrors> parse_change(const std::string& json_text) {
  return parse_change(std::string_view(json_text));
}
inline tl::expected<SiteChange, ConfigErrors> parse_change(const char* json_text) {
  return parse_change(std::string_view(json_text));
}

struct AppliedChange {
  nlohmann::ordered_json site;  // the whole new site document
  // The change as data: {"kind": "override_add", "fields": [{"pointer": "/rotas/0/overrides/2",
  // "before": null, "after": {...}}]}; pointers into the document (before: the old document's
  // value there, null when added; after: the new one's, null when removed).
  nlohmann::json detail;
  // One line: "Override: Overlege Tor Nes covers Overlege Ola Berg (primary, amm)
  // 2026-12-16 08:00 – 2026-12-17 08:00: Kurs".
  std::string summary;
};

tl::expected<AppliedChange, ConfigErrors> apply_change(const nlohmann::ordered_json& site,
                                                       const SiteChange& change);

}  // namespace samtel
