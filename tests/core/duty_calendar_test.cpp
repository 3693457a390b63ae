// Duty calendars (iCalendar): which events a person's and a desk's feed hold, their times across
// the clock changes, stable UIDs, the text rules and the errors.
//
// Expected events are worked out from the St. Olavs example (docs/examples/st-olavs.json): every
// rota hands over on Mondays at 08:00, weekly from Monday 2026-01-05, so occurrence k starts on
// 2026-01-05 + 7k days and is held by rotation[k % size]. AMM primary: aas, berg, dahl, eide,
// fjeld, gran; AMM backup: haug, lie, moe, nes, ruud, sand; gastroenterology: lund, dale, foss.
#include "samtel/duty_calendar.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "duty_calendar_example.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::json;

// --- Reading a feed back -----------------------------------------------------------------------

// The content lines of a feed, unfolded (RFC 5545, 3.1: a CRLF followed by one space is removed).
std::vector<std::string> unfolded_lines(const std::string& feed) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < feed.size()) {
    const std::size_t end = feed.find("\r\n", pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << "the feed does not end with CRLF";
      break;
    }
    const std::string physical = feed.substr(pos, end - pos);
    if (!physical.empty() && physical[0] == ' ') {
      if (lines.empty()) ADD_FAILURE() << "the feed starts with a continuation line";
      lines.back() += physical.substr(1);
    } else {
      lines.push_back(physical);
    }
    pos = end + 2;
  }
  return lines;
}

// A VEVENT as its content lines, by property name: "DTSTART" -> "DTSTART;TZID=...:2026...".
using Event = std::map<std::string, std::string>;

std::string property_name(const std::string& line) {
  return line.substr(0, line.find_first_of(";:"));
}

std::vector<Event> events_of(const std::string& feed) {
  std::vector<Event> events;
  bool inside = false;
  for (const std::string& line : unfolded_lines(feed)) {
    if (line == "BEGIN:VEVENT") {
      inside = true;
      events.emplace_back();
    } else if (line == "END:VEVENT") {
      inside = false;
    } else if (inside) {
      events.back()[property_name(line)] = line;
    }
  }
  return events;
}

// The value after the first colon outside a quoted parameter.
std::string value_of(const std::string& line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ':' && !quoted) return line.substr(i + 1);
  }
  return {};
}

// A feed's VTIMEZONE as its observances, and the instants its local times mean by it alone: an
// independent reading of what a calendar program makes of DTSTART;TZID=...:yyyymmddThhmmss.
class FeedZone {
 public:
  explicit FeedZone(const std::string& feed) {
    bool inside = false;
    Observance o;
    for (const std::string& line : unfolded_lines(feed)) {
      if (line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT") {
        inside = true;
        o = Observance{};
      } else if (line == "END:STANDARD" || line == "END:DAYLIGHT") {
        inside = false;
        observances_.push_back(o);
      } else if (inside && property_name(line) == "DTSTART") {
        o.onset_local = parse_basic(value_of(line));
      } else if (inside && property_name(line) == "TZOFFSETFROM") {
        o.from = parse_offset(value_of(line));
      } else if (inside && property_name(line) == "TZOFFSETTO") {
        o.to = parse_offset(value_of(line));
      }
    }
  }

  // The instant of a DTSTART/DTEND line: UTC with `Z`, else the earliest instant whose local time
  // by the VTIMEZONE is the one written.
  std::optional<Instant> instant(const std::string& line) const {
    const std::string v = value_of(line);
    if (!v.empty() && v.back() == 'Z') {
      return Instant{parse_basic(v.substr(0, v.size() - 1)).time_since_epoch()};
    }
    const LocalSeconds local = parse_basic(v);
    std::optional<Instant> best;
    for (const Observance& o : observances_) {
      const Instant candidate{local.time_since_epoch() - o.to};
      if (offset_at(candidate) == o.to && (!best || candidate < *best)) best = candidate;
    }
    return best;
  }

  std::size_t size() const { return observances_.size(); }

 private:
  struct Observance {
    LocalSeconds onset_local;
    std::chrono::seconds from{0}, to{0};
    Instant onset() const { return Instant{onset_local.time_since_epoch() - from}; }
  };

  std::optional<std::chrono::seconds> offset_at(Instant t) const {
    std::optional<std::chrono::seconds> offset;
    Instant latest = Instant::min();
    for (const Observance& o : observances_) {
      if (o.onset() <= t && o.onset() >= latest) {
        latest = o.onset();
        offset = o.to;
      }
    }
    return offset;
  }

  static LocalSeconds parse_basic(const std::string& v) {  // yyyymmddThhmmss
    const auto num = [&](std::size_t at_, std::size_t n) { return std::stoi(v.substr(at_, n)); };
    const date::year_month_day ymd{date::year{num(0, 4)},
                                   date::month{static_cast<unsigned>(num(4, 2))},
                                   date::day{static_cast<unsigned>(num(6, 2))}};
    return LocalSeconds{date::local_days{ymd}} + std::chrono::hours{num(9, 2)} +
           std::chrono::minutes{num(11, 2)} + std::chrono::seconds{num(13, 2)};
  }
  static std::chrono::seconds parse_offset(const std::string& v) {  // +hhmm
    const int sign = v[0] == '-' ? -1 : 1;
    return sign * (std::chrono::hours{std::stoi(v.substr(1, 2))} +
                   std::chrono::minutes{std::stoi(v.substr(3, 2))});
  }

  std::vector<Observance> observances_;
};

std::chrono::hours duration_of(const std::string& feed, const Event& e) {
  const FeedZone zone(feed);
  const auto start = zone.instant(e.at("DTSTART"));
  const auto end = zone.instant(e.at("DTEND"));
  if (!start || !end) {
    ADD_FAILURE() << "the feed's VTIMEZONE cannot place " << e.at("DTSTART") << " or "
                  << e.at("DTEND");
    return std::chrono::hours{0};
  }
  return std::chrono::duration_cast<std::chrono::hours>(*end - *start);
}

// --- Feeds of the example ----------------------------------------------------------------------

Schedule one_site(Site site) { return Schedule({std::move(site)}); }

const Schedule& st_olavs() {
  static const Schedule s = one_site(test::load_example("st-olavs.json"));
  return s;
}

const Schedule& st_olavs_with_night_shifts() {
  static const Schedule s = one_site(test::must_parse(test::st_olavs_with_night_shifts()));
  return s;
}

const Instant kStamp = at("2026-09-15T12:00Z");

std::string person_feed(const Schedule& s, std::string_view person, Instant from, Instant to) {
  auto feed = duty_calendar_for_person(s, "st-olavs", person, Span{from, to}, kStamp);
  if (!feed) {
    ADD_FAILURE() << feed.error();
    return {};
  }
  return *feed;
}

std::vector<std::string> summaries(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(e.at("SUMMARY"));
  return out;
}

// Occurrence 41 (Monday 2026-10-19 08:00 to Monday 2026-10-26 08:00, across the autumn change) and
// occurrence 47 (2026-11-30) of AMM primary are Overlege Nils Gran's (41 % 6 = 47 % 6 = 5).
TEST(DutyCalendar, PersonFeedAcrossTheAutumnChange) {
  const std::string feed =
      person_feed(st_olavs(), "gran", at("2026-10-01T00:00"), at("2026-12-01T00:00"));
  const std::vector<std::string> lines = unfolded_lines(feed);
  ASSERT_GE(lines.size(), 8u);
  EXPECT_EQ(lines[0], "BEGIN:VCALENDAR");
  EXPECT_EQ(lines[1], "VERSION:2.0");
  EXPECT_EQ(lines[2], "PRODID:-//samtel//duty calendar//NO");
  EXPECT_EQ(lines[3], "CALSCALE:GREGORIAN");
  EXPECT_EQ(lines[4], "METHOD:PUBLISH");
  EXPECT_EQ(lines[5], "X-WR-CALNAME:Overlege Nils Gran – St. Olavs hospital");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");

  const std::vector<Event> events = events_of(feed);
  ASSERT_EQ(events.size(), 2u);
  const Event& week = events[0];
  EXPECT_EQ(week.at("UID"), "UID:st-olavs+amm+primary+gran+20261019T060000Z@samtel");
  EXPECT_EQ(week.at("DTSTAMP"), "DTSTAMP:20260915T120000Z");
  EXPECT_EQ(week.at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261019T080000");
  EXPECT_EQ(week.at("DTEND"), "DTEND;TZID=Europe/Oslo:20261026T080000");
  EXPECT_EQ(week.at("SUMMARY"), "SUMMARY:Vakthavende overlege AMM (primary)");
  EXPECT_EQ(week.at("DESCRIPTION"),
            "DESCRIPTION:Rota: Akutt- og mottaksmedisin (AMM)\\nDesks: Medisin\\, Kirurgi on "
            "Samhandlingstelefonen (73553888)");
  EXPECT_EQ(week.at("CATEGORIES"), "CATEGORIES:rotation");
  EXPECT_EQ(duration_of(feed, week), 169h);  // a week and the hour the clocks go back

  // The last one starts inside the window and is given whole.
  EXPECT_EQ(events[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261130T080000");
  EXPECT_EQ(events[1].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261207T080000");
  EXPECT_EQ(duration_of(feed, events[1]), 168h);

  // The zone's own transitions: summer time since 2026-03-29 02:00, winter time from 03:00 on
  // 2026-10-25, which lasts past everything the feed shows.
  const std::string vtimezone =
      ical_vtimezone(test::oslo(), at("2026-10-01T00:00"), at("2026-12-07T08:00"));
  EXPECT_EQ(vtimezone,
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"
            "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\n"
            "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
            "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\n"
            "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
            "END:VTIMEZONE\r\n");
  EXPECT_NE(feed.find(vtimezone), std::string::npos);
}

// The added shift (duty_calendar_example.hpp): Saturday 2026-10-24 08:00 to Sunday 08:00 is 25
// hours, and it takes those hours from the week's backup, Overlege Lars Sand (41 % 6 = 5).
TEST(DutyCalendar, AShiftAcrossTheFallBackNightLasts25Hours) {
  const Schedule& s = st_olavs_with_night_shifts();
  const std::string feed = person_feed(s, "lund", at("2026-10-20T00:00"), at("2026-10-30T00:00"));
  const std::vector<Event> events = events_of(feed);
  ASSERT_EQ(events.size(), 2u);
  const Event& shift = events[0];
  EXPECT_EQ(shift.at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261024T080000");
  EXPECT_EQ(shift.at("DTEND"), "DTEND;TZID=Europe/Oslo:20261025T080000");
  EXPECT_EQ(shift.at("SUMMARY"), "SUMMARY:Bakvakt AMM (backup)");
  EXPECT_EQ(shift.at("CATEGORIES"), "CATEGORIES:shift");
  EXPECT_EQ(shift.at("DESCRIPTION"),
            "DESCRIPTION:Rota: Akutt- og mottaksmedisin (AMM)\\nDesks: Medisin\\, Kirurgi on "
            "Samhandlingstelefonen (73553888)\\nShift: Ekstra bakvakt\\, natt til vintertid\\; "
            "høstferie");
  EXPECT_EQ(duration_of(feed, shift), 25h);
  // Her own week of gastroenterology follows (42 % 3 = 0).
  EXPECT_EQ(events[1].at("SUMMARY"), "SUMMARY:Vakthavende gastroenterolog (primary)");
  EXPECT_EQ(events[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261026T080000");

  const std::vector<Event> sand =
      events_of(person_feed(s, "sand", at("2026-10-20T00:00"), at("2026-10-30T00:00")));
  ASSERT_EQ(sand.size(), 2u);
  EXPECT_EQ(sand[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261019T080000");
  EXPECT_EQ(sand[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261024T080000");
  EXPECT_EQ(sand[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261025T080000");
  EXPECT_EQ(sand[1].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261026T080000");
  EXPECT_EQ(sand[1].at("UID"), "UID:st-olavs+amm+backup+sand+20261025T070000Z@samtel");
  for (const Event& e : sand) EXPECT_EQ(e.at("SUMMARY"), "SUMMARY:Bakvakt AMM (backup)");
}

TEST(DutyCalendar, AShiftAcrossTheSpringForwardNightLasts23Hours) {
  const std::string feed = person_feed(st_olavs_with_night_shifts(), "lund", at("2026-03-27T00:00"),
                                       at("2026-03-30T00:00"));
  const std::vector<Event> events = events_of(feed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20260328T080000");
  EXPECT_EQ(events[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20260329T080000");
  EXPECT_EQ(duration_of(feed, events[0]), 23h);
  EXPECT_NE(feed.find("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"),
            std::string::npos);
}

// The example's override "Sykdom": Overlege Lars Sand is AMM primary 2027-02-15 12:00 to
// 2027-02-16 08:00, in occurrence 58, Overlege Sigrid Fjeld's (58 % 6 = 4). Sand is backup in
// occurrence 59 (59 % 6 = 5).
TEST(DutyCalendar, AnOverrideShowsAndTakesItsHoursFromTheWeek) {
  const Instant from = at("2027-02-01T00:00"), to = at("2027-03-01T00:00");
  const std::vector<Event> fjeld = events_of(person_feed(st_olavs(), "fjeld", from, to));
  ASSERT_EQ(fjeld.size(), 2u);
  EXPECT_EQ(fjeld[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20270215T080000");
  EXPECT_EQ(fjeld[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20270215T120000");
  EXPECT_EQ(fjeld[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20270216T080000");
  EXPECT_EQ(fjeld[1].at("DTEND"), "DTEND;TZID=Europe/Oslo:20270222T080000");
  for (const Event& e : fjeld) EXPECT_EQ(e.at("CATEGORIES"), "CATEGORIES:rotation");

  const std::vector<Event> sand = events_of(person_feed(st_olavs(), "sand", from, to));
  ASSERT_EQ(sand.size(), 2u);
  EXPECT_EQ(sand[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20270215T120000");
  EXPECT_EQ(sand[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20270216T080000");
  EXPECT_EQ(sand[0].at("SUMMARY"), "SUMMARY:Vakthavende overlege AMM (primary) – override: Sykdom");
  EXPECT_EQ(sand[0].at("CATEGORIES"), "CATEGORIES:override");
  EXPECT_EQ(sand[0].at("UID"), "UID:st-olavs+amm+primary+sand+20270215T110000Z@samtel");
  EXPECT_EQ(sand[1].at("SUMMARY"), "SUMMARY:Bakvakt AMM (backup)");
  EXPECT_EQ(sand[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20270222T080000");
}

// An override that replaces a named person applies only while that person is on duty, as routing
// has it. The example's "Kurs" (Overlege Tor Nes for Overlege Ola Berg on 2026-12-02) falls in
// occurrence 47, Overlege Nils Gran's, so it changes nothing; the same override in Berg's own week
// (occurrence 49, from 2026-12-14) does.
TEST(DutyCalendar, AnOverrideForANamedPersonOnlyWhileTheyAreOnDuty) {
  const Instant from = at("2026-11-25T00:00"), to = at("2026-12-25T00:00");
  EXPECT_TRUE(events_of(person_feed(st_olavs(), "nes", from, to)).empty());
  EXPECT_EQ(summaries(events_of(person_feed(st_olavs(), "gran", from, to))),
            std::vector<std::string>{"SUMMARY:Vakthavende overlege AMM (primary)"});

  json doc = test::st_olavs_with_night_shifts();
  doc["rotas"][0]["overrides"].push_back({{"role", "primary"},
                                          {"person", "nes"},
                                          {"start", "2026-12-16T08:00"},
                                          {"end", "2026-12-17T08:00"},
                                          {"replaces", "berg"},
                                          {"reason", "Kurs; fagdag, Ålesund"}});
  const Schedule s = one_site(test::must_parse(doc));
  const std::vector<Event> nes = events_of(person_feed(s, "nes", from, to));
  ASSERT_EQ(nes.size(), 1u);
  EXPECT_EQ(nes[0].at("SUMMARY"),
            "SUMMARY:Vakthavende overlege AMM (primary) – override: Kurs\\; fagdag\\, Ålesund");
  EXPECT_EQ(nes[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261216T080000");
  EXPECT_EQ(nes[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261217T080000");
  EXPECT_NE(nes[0].at("DESCRIPTION").find("Override in place of Overlege Ola Berg: Kurs\\; fagdag"),
            std::string::npos);

  const std::vector<Event> berg = events_of(person_feed(s, "berg", from, to));
  ASSERT_EQ(berg.size(), 2u);
  EXPECT_EQ(berg[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261214T080000");
  EXPECT_EQ(berg[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261216T080000");
  EXPECT_EQ(berg[1].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261217T080000");
  EXPECT_EQ(berg[1].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261221T080000");
}

// The example's swap exchanges occurrences 50 (2026-12-21, Overlege Ingrid Dahl's) and 51
// (2026-12-28, Overlege Per Eide's).
TEST(DutyCalendar, ASwapShowsAsSuch) {
  const Instant from = at("2026-12-15T00:00"), to = at("2027-01-10T00:00");
  const std::vector<Event> eide = events_of(person_feed(st_olavs(), "eide", from, to));
  ASSERT_EQ(eide.size(), 1u);
  EXPECT_EQ(eide[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261221T080000");
  EXPECT_EQ(eide[0].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261228T080000");
  EXPECT_EQ(eide[0].at("SUMMARY"), "SUMMARY:Vakthavende overlege AMM (primary) – swap");
  EXPECT_EQ(eide[0].at("CATEGORIES"), "CATEGORIES:swap");
  const std::vector<Event> dahl = events_of(person_feed(st_olavs(), "dahl", from, to));
  ASSERT_EQ(dahl.size(), 1u);
  EXPECT_EQ(dahl[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261228T080000");
  EXPECT_EQ(dahl[0].at("SUMMARY"), "SUMMARY:Vakthavende overlege AMM (primary) – swap");
}

// A calendar program updates an event by its UID: the same duty fetched with another window is
// the same event, whole, even where the window cuts through it.
TEST(DutyCalendar, EventsAndUidsDoNotDependOnTheWindow) {
  const Schedule& s = st_olavs_with_night_shifts();
  const std::string wide = person_feed(s, "fjeld", at("2026-09-01T00:00"), at("2027-03-01T00:00"));
  // From the middle of occurrence 46 (2026-11-23, 46 % 6 = 4) to the middle of the first piece of
  // occurrence 58.
  const std::string narrow =
      person_feed(s, "fjeld", at("2026-11-25T13:17"), at("2027-02-15T10:00"));
  const std::vector<Event> all = events_of(wide);
  const std::vector<Event> some = events_of(narrow);
  ASSERT_EQ(all.size(), 6u);  // occurrences 34 (from 2026-08-31), 40, 46, 52 and two pieces of 58
  ASSERT_EQ(some.size(), 3u);
  EXPECT_EQ(some.front().at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261123T080000");
  EXPECT_EQ(some.back().at("DTEND"), "DTEND;TZID=Europe/Oslo:20270215T120000");
  for (std::size_t i = 0; i < some.size(); ++i) EXPECT_EQ(some[i], all[i + 2]) << i;

  // A desk's feed too.
  const auto desk = [&](Instant from, Instant to) {
    return events_of(
        duty_calendar_for_desk(s, "73553888", "medisin", Span{from, to}, kStamp).value_or(""));
  };
  const std::vector<Event> desk_all = desk(at("2026-12-01T00:00"), at("2027-01-01T00:00"));
  const std::vector<Event> desk_some = desk(at("2026-12-24T09:00"), at("2026-12-24T10:00"));
  ASSERT_EQ(desk_some.size(), 2u);  // the primary's week and the backup's Christmas Eve shift
  for (const Event& e : desk_some) {
    EXPECT_NE(std::find(desk_all.begin(), desk_all.end(), e), desk_all.end()) << e.at("UID");
  }
}

// Medisin on 73553888 is served by the AMM rota. Occurrence 49 (2026-12-14): primary Overlege Ola
// Berg, backup Overlege Jon Lie (49 % 6 = 1); occurrence 50: primary swapped to Overlege Per Eide,
// backup Overlege Anne Moe (50 % 6 = 2), whose week the example's one-off shift "Ekstra bakvakt
// julaften" (Overlege Kari Aas, 2026-12-24 08:00 to 2026-12-25 08:00) interrupts.
TEST(DutyCalendar, DeskFeed) {
  const auto feed =
      duty_calendar_for_desk(st_olavs(), "73553888", "medisin",
                             Span{at("2026-12-14T08:00"), at("2026-12-28T08:00")}, kStamp);
  ASSERT_TRUE(feed) << feed.error();
  const std::vector<std::string> lines = unfolded_lines(*feed);
  EXPECT_EQ(lines[5], "X-WR-CALNAME:Medisin – Samhandlingstelefonen (73553888)");
  const std::vector<Event> events = events_of(*feed);
  EXPECT_EQ(summaries(events), (std::vector<std::string>{
                                   "SUMMARY:Vakthavende overlege AMM: Overlege Ola Berg",
                                   "SUMMARY:Bakvakt AMM: Overlege Jon Lie",
                                   "SUMMARY:Vakthavende overlege AMM: Overlege Per Eide – swap",
                                   "SUMMARY:Bakvakt AMM: Overlege Anne Moe",
                                   "SUMMARY:Bakvakt AMM: Overlege Kari Aas",
                                   "SUMMARY:Bakvakt AMM: Overlege Anne Moe",
                               }));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[3].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261224T080000");
  EXPECT_EQ(events[4].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261224T080000");
  EXPECT_EQ(events[4].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261225T080000");
  EXPECT_EQ(events[4].at("CATEGORIES"), "CATEGORIES:shift");
  EXPECT_EQ(events[4].at("UID"), "UID:73553888+medisin+backup+aas+20261224T070000Z@desk.samtel");
  EXPECT_EQ(events[4].at("DESCRIPTION"),
            "DESCRIPTION:On duty: Overlege Kari Aas\\nRole: Bakvakt AMM (backup)\\nRota: Akutt- og "
            "mottaksmedisin (AMM)\\nDesks: Medisin\\, Kirurgi on Samhandlingstelefonen "
            "(73553888)\\nShift: Ekstra bakvakt julaften");
  EXPECT_EQ(events[5].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261225T080000");
  EXPECT_EQ(events[5].at("DTEND"), "DTEND;TZID=Europe/Oslo:20261228T080000");

  // The line's default desk is Medisin.
  EXPECT_EQ(
      events_of(duty_calendar_for_desk(st_olavs(), "73553888", "",
                                       Span{at("2026-12-14T08:00"), at("2026-12-28T08:00")}, kStamp)
                    .value()),
      events);
}

// A time in the repeated hour of a fall-back night: its first pass can be written as local time,
// its second only in UTC (RFC 5545 reads a repeated local time as the first).
TEST(DutyCalendar, TheRepeatedHourOfTheFallBackNight) {
  json j = test::base_site();
  j["rotas"][0]["overrides"] = {{{"role", "primary"},
                                 {"person", "f"},
                                 {"start", "2026-10-25T02:30+02:00"},
                                 {"end", "2026-10-25T02:30+01:00"},
                                 {"reason", "Nattevakt"}}};
  const Schedule s = one_site(test::must_parse(j));
  const auto feed = duty_calendar_for_person(
      s, "test", "f", Span{at("2026-10-24T00:00"), at("2026-10-26T00:00")}, kStamp);
  ASSERT_TRUE(feed) << feed.error();
  const std::vector<Event> events = events_of(*feed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("DTSTART"), "DTSTART;TZID=Europe/Oslo:20261025T023000");
  EXPECT_EQ(events[0].at("DTEND"), "DTEND:20261025T013000Z");
  EXPECT_EQ(duration_of(*feed, events[0]), 1h);
}

TEST(DutyCalendar, DutySpansAreWholeAndInOrder) {
  const Site& site = st_olavs().sites()[0];
  // AMM over one second of 2026-12-24: the primary's week (swapped) and the backup's shift.
  const std::vector<DutySpan> spans =
      duty_spans(site, 0, Span{at("2026-12-24T12:00"), at("2026-12-24T12:00:01")});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(site.people[spans[0].person].id, "eide");
  EXPECT_EQ(spans[0].source, DutySource::swap);
  EXPECT_EQ(spans[0].start, at("2026-12-21T08:00"));
  EXPECT_EQ(spans[0].end, at("2026-12-28T08:00"));
  EXPECT_EQ(site.people[spans[1].person].id, "aas");
  EXPECT_EQ(spans[1].source, DutySource::shift);
  ASSERT_NE(spans[1].shift, nullptr);
  EXPECT_EQ(spans[1].shift->note, "Ekstra bakvakt julaften");
  EXPECT_TRUE(duty_spans(site, 0, Span{at("2026-12-24T12:00"), at("2026-12-24T12:00")}).empty());
}

// Against the simplest reference: on_duty() asked every ten minutes and a second either side of
// every change point. Each answer lies in exactly one span of its role, with its person and
// source; no span holds an instant at which nobody, or somebody else, is on duty.
void check_spans_against_on_duty(const Site& site, Span window) {
  for (std::size_t r = 0; r < site.rotas.size(); ++r) {
    const Rota& rota = site.rotas[r];
    const std::vector<DutySpan> spans = duty_spans(site, r, window);
    std::vector<Instant> probes;
    rota.change_points(window.from, window.to, probes);
    for (std::size_t i = 0, n = probes.size(); i < n; ++i) {
      probes.push_back(probes[i] - 1s);
      probes.push_back(probes[i] + 1s);
    }
    for (Instant t = window.from; t < window.to; t += 10min) probes.push_back(t);
    probes.push_back(window.to - 1s);
    for (const Instant t : probes) {
      if (t < window.from || t >= window.to) continue;
      for (std::size_t role = 0; role < rota.roles.size(); ++role) {
        const auto d = rota.on_duty(role, t);
        int holding = 0;
        for (const DutySpan& s : spans) {
          if (s.role != role || t < s.start || s.end <= t) continue;
          ++holding;
          ASSERT_TRUE(d) << rota.id << " " << role << " " << format_utc(t);
          EXPECT_EQ(s.person, d->person) << rota.id << " " << role << " " << format_utc(t);
          EXPECT_EQ(s.source, d->source) << rota.id << " " << role << " " << format_utc(t);
          EXPECT_TRUE(d->start <= s.start && s.end <= d->end) << format_utc(t);
        }
        ASSERT_EQ(holding, d ? 1 : 0) << rota.id << " " << role << " " << format_utc(t);
      }
    }
  }
}

TEST(DutyCalendar, DutySpansAgreeWithOnDuty) {
  check_spans_against_on_duty(st_olavs_with_night_shifts().sites()[0],
                              Span{at("2026-01-01T00:00"), at("2027-03-01T00:00")});
  check_spans_against_on_duty(test::load_example("helse-nord-trondelag.json"),
                              Span{at("2026-01-01T00:00"), at("2027-03-01T00:00")});
  // The synthetic site with overlapping shifts and overrides, one replacing a named person, and an
  // override in the repeated hour.
  json j = test::base_site();
  j["rotas"][0]["shifts"] = {{{"role", "primary"},
                              {"person", "d"},
                              {"start", "2026-10-24T20:00"},
                              {"end", "2026-10-25T10:00"}},
                             {{"role", "primary"},
                              {"person", "e"},
                              {"start", "2026-10-25T02:00+01:00"},
                              {"end", "2026-10-26T09:00"}}};
  j["rotas"][0]["overrides"] = {{{"role", "primary"},
                                 {"person", "f"},
                                 {"start", "2026-10-25T02:30+02:00"},
                                 {"end", "2026-10-25T02:30+01:00"}},
                                {{"role", "backup"},
                                 {"person", "f"},
                                 {"start", "2026-10-20T12:00"},
                                 {"end", "2026-11-10T12:00"},
                                 {"replaces", "d"}}};
  check_spans_against_on_duty(test::must_parse(j),
                              Span{at("2026-10-01T00:00"), at("2026-12-01T00:00")});
}

// --- Errors --------------------------------------------------------------------------------------

TEST(DutyCalendar, ErrorsNameWhatIsWrong) {
  const Schedule& s = st_olavs();
  const Span window{at("2026-10-01T00:00"), at("2026-11-01T00:00")};
  const auto error_of = [](const tl::expected<std::string, std::string>& r) {
    return r ? std::string("(no error)") : r.error();
  };
  EXPECT_EQ(error_of(duty_calendar_for_person(s, "st-olav", "aas", window, kStamp)),
            "no site 'st-olav' (sites: st-olavs)");
  const std::string person =
      error_of(duty_calendar_for_person(s, "st-olavs", "aass", window, kStamp));
  EXPECT_EQ(person.rfind("site st-olavs has no person 'aass' (people: aas, berg, dahl, ", 0), 0u)
      << person;
  EXPECT_EQ(error_of(duty_calendar_for_desk(s, "73553889", "medisin", window, kStamp)),
            "no line with number '73553889'");
  EXPECT_EQ(error_of(duty_calendar_for_desk(s, "73553888", "medesin", window, kStamp)),
            "line 73553888 has no desk 'medesin' (desks: medisin, kirurgi, kardiologi, gastro, "
            "lunge)");
  EXPECT_EQ(error_of(duty_calendar_for_person(s, "st-olavs", "aas", Span{window.to, window.from},
                                              kStamp)),
            "the calendar's window is empty: from 2026-10-31T23:00:00Z is not before to "
            "2026-09-30T22:00:00Z");
  EXPECT_EQ(error_of(duty_calendar_for_desk(s, "73553888", "medisin",
                                            Span{window.from, window.from}, kStamp)),
            "the calendar's window is empty: from 2026-09-30T22:00:00Z is not before to "
            "2026-09-30T22:00:00Z");
  EXPECT_EQ(
      error_of(duty_calendar_for_person(
          s, "st-olavs", "aas", Span{window.from, window.from + std::chrono::days{501}}, kStamp)),
      "the calendar's window from 2026-09-30T22:00:00Z to 2028-02-13T22:00:00Z is longer "
      "than 500 days (501 days)");
  // Three months back and a year ahead (up to 458 days) is what callers ask for.
  EXPECT_TRUE(duty_calendar_for_person(
      s, "st-olavs", "aas", Span{at("2026-06-15T00:00"), at("2027-09-15T00:00")}, kStamp));
}

// --- The text rules ------------------------------------------------------------------------------

TEST(IcalText, EscapesWhatTextValuesMayNotHold) {
  EXPECT_EQ(ical_text("Overlege Åse Ødegård"), "Overlege Åse Ødegård");
  EXPECT_EQ(ical_text("Kurs; fagdag, Tromsø"), "Kurs\\; fagdag\\, Tromsø");
  EXPECT_EQ(ical_text("C:\\vakt"), "C:\\\\vakt");
  EXPECT_EQ(ical_text("linje 1\nlinje 2\r\nlinje 3"), "linje 1\\nlinje 2\\nlinje 3");
  EXPECT_EQ(ical_text(std::string("a\0b\x07"
                                  "c\td",
                                  7)),
            "abc\td");
  EXPECT_EQ(ical_text(""), "");
}

// The octets of each physical line of a folded text, without its CRLF.
std::vector<std::string> physical_lines(const std::string& folded) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    const std::size_t end = folded.find("\r\n", pos);
    out.push_back(folded.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

bool starts_utf8_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

TEST(IcalFold, AtSeventyFiveOctetsBetweenCharacters) {
  EXPECT_EQ(fold_ical_line("SUMMARY:kort"), "SUMMARY:kort\r\n");
  const std::string exactly(75, 'x');
  EXPECT_EQ(fold_ical_line(exactly), exactly + "\r\n");
  EXPECT_EQ(fold_ical_line(exactly + "y"), exactly + "\r\n y\r\n");

  // Two octets, then 40 two-octet letters (82 octets): octet 75 would be the first half of the
  // 37th 'æ', so the first line holds 74 octets and the next the last four letters.
  std::string line = "XX";
  for (int i = 0; i < 40; ++i) line += "æ";
  std::string first = "XX";
  for (int i = 0; i < 36; ++i) first += "æ";
  EXPECT_EQ(fold_ical_line(line), first + "\r\n ææææ\r\n");
  // A three-octet dash across octet 75 goes whole to the next line.
  EXPECT_EQ(fold_ical_line(std::string(73, 'x') + "– ø"), std::string(73, 'x') + "\r\n – ø\r\n");
  // Not before a space: the next line starts with the letter before it.
  EXPECT_EQ(fold_ical_line(std::string(75, 'x') + " yz"), std::string(74, 'x') + "\r\n x yz\r\n");
}

TEST(IcalFold, NorwegianNamesRoundTrip) {
  std::string line = "DESCRIPTION:";
  const char* names[] = {"Overlege Åse Ødegård", "Overlege Bjørn Kjærstad", "Overlege Gørild Ås"};
  for (int i = 0; i < 12; ++i) line += ical_text(std::string(names[i % 3]) + ", vakt; ");
  for (std::size_t lead = 0; lead < 4; ++lead) {  // every position of the folds in a character
    const std::string content = std::string(lead, '-') + line;
    const std::string folded = fold_ical_line(content);
    ASSERT_EQ(folded.substr(folded.size() - 2), "\r\n");
    const std::vector<std::string> lines = physical_lines(folded);
    ASSERT_GT(lines.size(), 3u);
    std::string unfolded;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      EXPECT_LE(l.size(), 75u) << i;
      EXPECT_EQ(l.find('\n'), std::string::npos);
      if (i == 0) {
        unfolded = l;
        continue;
      }
      ASSERT_GE(l.size(), 2u);
      EXPECT_EQ(l[0], ' ') << i;
      EXPECT_NE(l[1], ' ') << "a fold before a space, line " << i;
      EXPECT_TRUE(starts_utf8_character(l[1])) << "a fold inside a character, line " << i;
      unfolded += l.substr(1);
    }
    EXPECT_EQ(unfolded, content);
  }
}

TEST(IcalVtimezone, ZonesWithoutDaylightSaving) {
  const Zone& utc = *find_zone("UTC").value();
  EXPECT_EQ(ical_vtimezone(utc, at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z")),
            "BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
            "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nTZNAME:UTC\r\nEND:STANDARD\r\n"
            "END:VTIMEZONE\r\n");
  // Oslo over a whole year: the period it starts in, then the two changes.
  const std::string oslo =
      ical_vtimezone(test::oslo(), at("2026-01-01T00:00"), at("2027-01-01T00:00"));
  EXPECT_EQ(oslo.rfind("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\nBEGIN:STANDARD\r\n"
                       "DTSTART:20251026T030000\r\n",
                       0),
            0u);
  EXPECT_NE(oslo.find("DTSTART:20260329T020000\r\n"), std::string::npos);
  EXPECT_NE(oslo.find("DTSTART:20261025T030000\r\n"), std::string::npos);
  EXPECT_EQ(oslo.find("DTSTART:2027"), std::string::npos);
}

}  // namespace
}  // namespace samtel
