#pragma once
// samtel/duty_calendar.hpp — duty as calendars (iCalendar, RFC 5545) that consultants subscribe
// to on their phones: one person's duty across a site's rotas, or who holds each role of a desk's
// rota.
//
// Promises:
//  * `duty_spans()` answers with `Rota::on_duty()`, evaluated wherever its answer may change (the
//    rota's change points), so what a calendar shows is what routing does: overrides and one-off
//    shifts take their hours out of the pattern occurrence they cover, swaps are applied, and an
//    override that `replaces` someone applies only while that person would be on duty.
//  * A `DutySpan` is one assignment (a pattern occurrence, a one-off shift, an override) as far as
//    it is held without a break. Spans that reach into the window are given whole, never cut at
//    its edges, so an event has the same start, end and `UID` whichever window it is fetched
//    with; adjacent pieces of two assignments stay two events.
//  * Each event says what the duty is: SUMMARY the role's name and id, "Vakthavende overlege AMM
//    (primary)", with " – override: <reason>" or " – swap" after it (in a desk's feed "<role
//    name>: <person name>" and the same); CATEGORIES the source in the core's words (`to_string()`
//    of routing.hpp: rotation, swap, shift, override); DESCRIPTION the rota, the desks and lines
//    it serves, a shift's note and whom an override stands in for.
//  * The feeds are text only, a pure function of the schedule, the window and `stamp` (the
//    caller's "now", written as DTSTAMP; no clock is read): CRLF line endings, content lines
//    folded at 75 octets, never inside a UTF-8 character nor before a space, TEXT values escaped.
//  * Times are local wall-clock times with `TZID=` the site's zone (a time in the repeated hour of
//    a fall-back night that is its second occurrence is written in UTC instead, as RFC 5545 reads
//    a repeated local time as the first); the feed's `VTIMEZONE` is built from the zone's own
//    transitions over everything the feed shows, so a duty across the autumn change lasts 25
//    hours and one across the spring change 23.
//  * `UID`s identify the duty, not the fetch: site, rota, role, person and the UTC start for a
//    person's feed; line, desk, role, person and the UTC start for a desk's.
//  * Errors name what is wrong: an unknown site, person or desk (with the known ones) or line, an
//    empty window, or one longer than `kMaxCalendarDays`.
//
//   auto ics = duty_calendar_for_person(schedule, "st-olavs", "aas",
//                                       Span{now - days{92}, now + days{366}}, now);
//   if (ics) reply(200, "text/calendar; charset=utf-8", *ics);
//   else reply(404, ics.error());
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/period.hpp"
#include "samtel/roster.hpp"
#include "samtel/schedule.hpp"

namespace samtel {

// The longest window a feed may cover: three months back and a year ahead (at most 92 + 366
// days) fit.
inline constexpr long kMaxCalendarDays = 500;

// One assignment of `rota`'s role `role` to `person`, as far as it is held: [start, end).
struct DutySpan {
  std::size_t rota = 0, role = 0, person = 0;
  DutySource source = DutySource::pattern;
  Instant start, end;
  const DutyShift* shift = nullptr;         // source shift: the shift (its note)
  const DutyOverride* override_ = nullptr;  // source override_: the override (its reason)
};

// Every span of `site.rotas[rota]`, all roles, that overlaps [window.from, window.to), whole; in
// order of start, then role.
std::vector<DutySpan> duty_spans(const Site& site, std::size_t rota, Span window);

// The calendar of one person's duty in every rota of the site.
tl::expected<std::string, std::string> duty_calendar_for_person(const Schedule& schedule,
                                                                std::string_view site_id,
                                                                std::string_view person_id,
                                                                Span window, Instant stamp);

// The calendar of a desk: who holds each role of its rota. An empty desk id is the line's default
// desk.
tl::expected<std::string, std::string> duty_calendar_for_desk(const Schedule& schedule,
                                                              std::string_view line_number,
                                                              std::string_view desk_id, Span window,
                                                              Instant stamp);

// The text rules, for those who write other iCalendar content.

// A TEXT value escaped: backslash, semicolon and comma with a backslash, a line break as `\n`;
// other control characters but tab are left out.
std::string ical_text(std::string_view text);

// One content line folded at 75 octets, each continuation line starting with one space, cut only
// between UTF-8 characters and not before a space; every physical line ends in CRLF.
std::string fold_ical_line(std::string_view line);

// A VTIMEZONE for `zone` with one STANDARD or DAYLIGHT observance for each period of the zone's
// rules that overlaps [from, to), as content lines ending in CRLF.
std::string ical_vtimezone(const Zone& zone, Instant from, Instant to);

}  // namespace samtel
