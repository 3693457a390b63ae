#pragma once
// samtel/roster_import.hpp — a roster planned in the hospital's rostering system and exported as
// CSV or iCalendar, checked against a site and turned into one change request (`shifts_import`,
// docs/changes.md "Importing a roster") to preview and publish like any other change.
//
// Promises:
//  * All or nothing: a file gives a `RosterImport` only when every row of it is good; otherwise
//    every problem found, each with its line (CSV: the physical line the row starts on, quoted
//    line breaks counted; iCalendar: the line of the event's BEGIN:VEVENT; 0 for the file as a
//    whole), the column (CSV: the header's name as written; iCalendar: the property) and a plain
//    message: unknown person, role or rota, a bad date or time, a local time that does not exist
//    (spring forward) or happens twice (fall back, both instants named: a roster file cannot say
//    which), rows of one role that overlap each other or a shift the rota has already, a person
//    retired by then, an empty file, a missing column, more than `kMaxRosterRows` rows.
//  * Wall-clock times are the site's zone's; a shift lasts from its local start to its local end,
//    so the 08:00-08:00 night over the autumn change lasts 25 h and over the spring change 23 h.
//  * A clean import's shifts all start before they end, no longer than `kMaxShiftDays`, name
//    people and roles of the site's rota by index, and are in the file's order.
//    `roster_import_change()` turns one into the request that `parse_change()` and
//    `apply_change()` (samtel/site_change.hpp) take as it is: one change, one preview, one
//    version, one audit entry for the whole file.
//  * The readers are pure (no I/O, no clock) and never throw; they take any bytes (they are fuzzed
//    with roster_import_fuzz).
//
//   auto roster = read_roster_csv(site, text, {.source = "mars.csv", .rota = "amm", .role = {}});
//   if (!roster) {
//     for (const ImportProblem& p : roster.error()) std::cerr << p.to_string() << '\n';
//     // mars.csv:14: person 'nse' is not in the site (did you mean 'nes'?)
//   } else {
//     const nlohmann::json request = roster_import_change(site, *roster);  // preview, publish
//   }
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/schedule.hpp"
#include "samtel/site_change.hpp"
#include "samtel/time.hpp"

namespace samtel {

// The most rows (CSV) or events (iCalendar) one file may hold, the most one change may add; split
// a longer roster.
inline constexpr std::size_t kMaxRosterRows = kMaxImportShifts;
// The longest shift a file may give (an iCalendar event can be any length).
inline constexpr std::chrono::days kMaxShiftDays{31};

struct ImportProblem {
  std::string source;    // the file's name, as given in the options
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  std::string column;    // "person", "dato", "DTSTART", ...; "" for the row or the file
  std::string message;
  // "roster.csv:14: person 'nse' is not in the site (did you mean 'nes'?)"; "roster.csv: ..." for
  // line 0.
  std::string to_string() const;
};

using ImportProblems = std::vector<ImportProblem>;

struct ImportedShift {
  std::size_t line = 0;    // where the file gives it
  std::size_t role = 0;    // index into the rota's roles
  std::size_t person = 0;  // index into the site's people
  Instant start, end;      // [start, end)
  std::string note;
};

struct RosterImport {
  std::string source;    // the file's name, recorded in the change
  std::size_t rota = 0;  // index into the site's rotas
  std::vector<ImportedShift> shifts;
};

struct RosterImportOptions {
  std::string source = "<text>";  // the file's name, for messages and the change's "source"
  // The rota's id. CSV: may be left empty when the file has a `rota` column; iCalendar: required.
  std::string rota;
  // iCalendar: the role of an event whose SUMMARY does not start with a role id.
  std::string role;
};

using RosterImportResult = tl::expected<RosterImport, ImportProblems>;

// The kinds of file a roster comes in: "csv" and "ical" in requests and on the command line.
enum class RosterFormat { csv, ical };
std::string_view to_string(RosterFormat format);  // "csv", "ical"
std::optional<RosterFormat> roster_format_from_string(std::string_view text);
// The format a file's name says, without regard to case: ".csv" CSV, ".ics" iCalendar; nullopt
// for any other name.
std::optional<RosterFormat> roster_format_of_file(std::string_view file_name);

// CSV with a header row naming the columns (in any order, case-insensitive): `date`/`dato`,
// `start`/`fra`, `end`/`til`/`slutt`, `role`/`rolle`, `person`/`lege`, and optionally
// `note`/`merknad` and `rota`. Separator `;` or `,` (whichever the header line uses), RFC 4180
// quoting, UTF-8 with or without a byte order mark, CRLF or LF. Dates `2027-01-12` or
// `12.01.2027`, times `HH:MM`; an end at or before the start is on the next day. A person is
// named by id or by exact name (case-insensitive, when only one person has it).
RosterImportResult read_roster_csv(const Site& site, std::string_view text,
                                   const RosterImportOptions& options);

// iCalendar (RFC 5545): each VEVENT one shift, from DTSTART to DTEND (with TZID, in UTC with `Z`,
// or floating: the site's zone). The person is the single ATTENDEE's CN or else SUMMARY
// (`<role id> <person>` or `<person>`); the role SUMMARY's first word when it is one of the
// rota's role ids, else `options.role`. Cancelled events are left out; repeating ones (RRULE,
// RDATE) are refused.
RosterImportResult read_roster_ical(const Site& site, std::string_view text,
                                    const RosterImportOptions& options);

// `read_roster_csv()` or `read_roster_ical()`, as `format` says.
RosterImportResult read_roster(RosterFormat format, const Site& site, std::string_view text,
                               const RosterImportOptions& options);

// The change request for a clean import, as docs/changes.md gives it:
//   {"kind": "shifts_import", "rota": "amm", "shifts": [{"role": "primary", "person": "nes",
//    "start": "2027-03-01T08:00", "end": "2027-03-02T08:00", "note": "..."}, ...],
//    "source": "mars.csv"}
// Times are local wall-clock times in the site's zone, with the offset only in the repeated hour
// of a fall-back night; `note` only when there is one.
nlohmann::json roster_import_change(const Site& site, const RosterImport& roster);

}  // namespace samtel
