#include "samtel/duty_calendar.hpp"

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <optional>

#include "samtel/routing.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kProductId = "-//samtel//duty calendar//NO";

// The one-off shift or override that `d` came from (the first of equal ones, as on_duty() takes).
const DutyShift* shift_of(const Rota& rota, std::size_t role, const OnDuty& d) {
  for (const DutyShift& s : rota.shifts) {
    if (s.role == role && s.person == d.person && s.start == d.start && s.end == d.end) return &s;
  }
  return nullptr;
}

const DutyOverride* override_of(const Rota& rota, std::size_t role, const OnDuty& d) {
  for (const DutyOverride& o : rota.overrides) {
    if (o.role == role && o.person == d.person && o.start == d.start && o.end == d.end) return &o;
  }
  return nullptr;
}

// The spans of one role. The walk starts at the start of the assignment held at `window.from` and
// ends at the end of the one held at its last second, so that the spans reaching over the window's
// edges are found whole.
void role_spans(const Rota& rota, std::size_t rota_index, std::size_t role, Span window,
                std::vector<DutySpan>& out) {
  Instant walk_from = window.from, walk_to = window.to;
  if (const auto d = rota.on_duty(role, window.from)) walk_from = std::min(walk_from, d->start);
  if (const auto d = rota.on_duty(role, window.to - 1s)) walk_to = std::max(walk_to, d->end);

  // The answer of on_duty() holds from one change point to the next.
  std::vector<Instant> points;
  rota.change_points(walk_from, walk_to, points);
  points.push_back(walk_from);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());

  std::optional<DutySpan> open;
  std::optional<OnDuty> open_duty;
  const auto close = [&] {
    if (open && open->end > window.from && open->start < window.to) out.push_back(*open);
    open.reset();
    open_duty.reset();
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Instant t = points[i];
    const Instant next = i + 1 < points.size() ? points[i + 1] : walk_to;
    const auto d = rota.on_duty(role, t);
    const bool continues = open && d && open->end == t && open_duty->person == d->person &&
                           open_duty->source == d->source && open_duty->start == d->start &&
                           open_duty->end == d->end;
    if (continues) {
      open->end = next;
      continue;
    }
    close();
    if (!d) continue;
    DutySpan span;
    span.rota = rota_index;
    span.role = role;
    span.person = d->person;
    span.source = d->source;
    span.start = t;
    span.end = next;
    if (d->source == DutySource::shift) span.shift = shift_of(rota, role, *d);
    if (d->source == DutySource::override_) span.override_ = override_of(rota, role, *d);
    open = span;
    open_duty = d;
  }
  close();
}

// --- The text of a feed ----------------------------------------------------------------------

// `yyyymmddThhmmss`.
std::string basic_date_time(LocalSeconds t) { return date::format("%Y%m%dT%H%M%S", t); }
std::string basic_utc(Instant t) { return date::format("%Y%m%dT%H%M%SZ", t); }

// `+0200`, `-0330`, with seconds only when there are some.
std::string utc_offset_text(std::chrono::seconds offset) {
  const auto two_digits = [](long n) {
    return std::string{static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)};
  };
  const long total = std::labs(offset.count());
  std::string text = offset < 0s ? "-" : "+";
  text += two_digits(total / 3600) + two_digits(total / 60 % 60);
  if (total % 60 != 0) text += two_digits(total % 60);
  return text;
}

// A parameter value: quoted when it holds a character that would end it.
std::string param_value(std::string_view value) {
  if (value.find_first_of(":;,") == std::string_view::npos) return std::string(value);
  return "\"" + std::string(value) + "\"";
}

// `;TZID=Europe/Oslo:20261024T080000`, or `:20261025T013000Z` for the second occurrence of a
// repeated wall-clock time, which a TZID value cannot name.
std::string date_time_value(const Zone& zone, Instant t) {
  const LocalSeconds local = to_local(zone, t);
  if (resolve_local_lenient(zone, local, Fold::earlier) != t) return ":" + basic_utc(t);
  return ";TZID=" + param_value(zone.name()) + ":" + basic_date_time(local);
}

class Feed {
 public:
  void line(std::string_view content) { text_ += fold_ical_line(content); }
  void property(std::string_view name, std::string_view text_value) {
    line(std::string(name) + ":" + ical_text(text_value));
  }
  void raw(const std::string& folded_lines) { text_ += folded_lines; }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// "Desks: Medisin, Kirurgi on Samhandlingstelefonen (73553888)", one for each of the site's lines
// with desks the rota serves.
std::string served_desks(const Site& site, std::size_t rota) {
  std::string out;
  for (const Line& line : site.lines) {
    std::string desks;
    for (const Desk& desk : line.desks) {
      if (desk.rota == rota) desks += (desks.empty() ? "" : ", ") + desk.name;
    }
    if (desks.empty()) continue;
    if (!out.empty()) out += "\n";
    out += "Desks: " + desks + " on " + line.name + " (" + line.number + ")";
  }
  return out;
}

std::string source_suffix(const DutySpan& span) {
  switch (span.source) {
    case DutySource::override_:
      if (span.override_ != nullptr && !span.override_->reason.empty()) {
        return " – override: " + span.override_->reason;
      }
      return " – override";
    case DutySource::swap: return " – swap";
    case DutySource::shift:
    case DutySource::pattern: return "";
  }
  return "";
}

std::string source_details(const Site& site, const DutySpan& span) {
  switch (span.source) {
    case DutySource::override_: {
      std::string s = "Override";
      if (span.override_ != nullptr && span.override_->replaces) {
        s += " in place of " + site.people[*span.override_->replaces].name;
      }
      if (span.override_ != nullptr && !span.override_->reason.empty()) {
        s += ": " + span.override_->reason;
      }
      return s;
    }
    case DutySource::swap:
      return "Swap: this occurrence of the rotation was exchanged with another";
    case DutySource::shift:
      if (span.shift != nullptr && !span.shift->note.empty()) return "Shift: " + span.shift->note;
      return "One-off shift";
    case DutySource::pattern: return "";
  }
  return "";
}

// Lines of text, one under the other; empty ones are left out.
std::string lines_of(std::initializer_list<std::string> lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (l.empty()) continue;
    if (!out.empty()) out += "\n";
    out += l;
  }
  return out;
}

struct Event {
  std::string uid, summary, description;
  const DutySpan* span = nullptr;
};

std::string calendar_text(const Site& site, std::string_view name, const std::vector<Event>& events,
                          Span window, Instant stamp) {
  const Zone& zone = *site.zone;
  Instant zone_from = window.from, zone_to = window.to;
  for (const Event& e : events) {
    zone_from = std::min(zone_from, e.span->start);
    zone_to = std::max(zone_to, e.span->end);
  }
  Feed feed;
  feed.line("BEGIN:VCALENDAR");
  feed.line("VERSION:2.0");
  feed.line("PRODID:" + std::string(kProductId));
  feed.line("CALSCALE:GREGORIAN");
  feed.line("METHOD:PUBLISH");
  feed.property("X-WR-CALNAME", name);
  feed.property("X-WR-TIMEZONE", zone.name());
  feed.raw(ical_vtimezone(zone, zone_from, zone_to));
  const std::string dtstamp = basic_utc(stamp);
  for (const Event& e : events) {
    feed.line("BEGIN:VEVENT");
    feed.property("UID", e.uid);
    feed.line("DTSTAMP:" + dtstamp);
    feed.line("DTSTART" + date_time_value(zone, e.span->start));
    feed.line("DTEND" + date_time_value(zone, e.span->end));
    feed.property("SUMMARY", e.summary);
    feed.property("DESCRIPTION", e.description);
    feed.property("CATEGORIES", to_string(e.span->source));
    feed.line("END:VEVENT");
  }
  feed.line("END:VCALENDAR");
  return feed.take();
}

std::optional<std::string> window_problem(Span window) {
  if (!(window.from < window.to)) {
    return "the calendar's window is empty: from " + format_utc(window.from) +
           " is not before to " + format_utc(window.to);
  }
  if (window.to - window.from > std::chrono::days{kMaxCalendarDays}) {
    const auto days = std::chrono::duration_cast<std::chrono::days>(window.to - window.from);
    return "the calendar's window from " + format_utc(window.from) + " to " +
           format_utc(window.to) + " is longer than " + std::to_string(kMaxCalendarDays) +
           " days (" + std::to_string(days.count()) + " days)";
  }
  return std::nullopt;
}

// "aas, berg, ..." — at most twelve.
template <class T, class Key>
std::string known(const std::vector<T>& items, Key key) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == 12) return out + ", ...";
    out += (i == 0 ? "" : ", ") + key(items[i]);
  }
  return out;
}

bool by_time(const DutySpan& a, const DutySpan& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.rota != b.rota) return a.rota < b.rota;
  return a.role < b.role;
}

}  // namespace

std::vector<DutySpan> duty_spans(const Site& site, std::size_t rota, Span window) {
  std::vector<DutySpan> out;
  if (!(window.from < window.to)) return out;
  const Rota& r = site.rotas[rota];
  for (std::size_t role = 0; role < r.roles.size(); ++role) role_spans(r, rota, role, window, out);
  std::stable_sort(out.begin(), out.end(), by_time);
  return out;
}

tl::expected<std::string, std::string> duty_calendar_for_person(const Schedule& schedule,
                                                                std::string_view site_id,
                                                                std::string_view person_id,
                                                                Span window, Instant stamp) {
  const auto site_it = std::find_if(schedule.sites().begin(), schedule.sites().end(),
                                    [&](const Site& s) { return s.id == site_id; });
  if (site_it == schedule.sites().end()) {
    return tl::unexpected("no site " + quote_value(site_id) + " (sites: " +
                          known(schedule.sites(), [](const Site& s) { return s.id; }) + ")");
  }
  const Site& site = *site_it;
  const auto person_it = std::find_if(site.people.begin(), site.people.end(),
                                      [&](const Person& p) { return p.id == person_id; });
  if (person_it == site.people.end()) {
    return tl::unexpected("site " + site.id + " has no person " + quote_value(person_id) +
                          " (people: " + known(site.people, [](const Person& p) { return p.id; }) +
                          ")");
  }
  if (auto problem = window_problem(window)) return tl::unexpected(*problem);
  const auto person = static_cast<std::size_t>(person_it - site.people.begin());

  std::vector<DutySpan> spans;
  for (std::size_t r = 0; r < site.rotas.size(); ++r) {
    for (const DutySpan& s : duty_spans(site, r, window)) {
      if (s.person == person) spans.push_back(s);
    }
  }
  std::stable_sort(spans.begin(), spans.end(), by_time);

  std::vector<Event> events;
  for (const DutySpan& s : spans) {
    const Rota& rota = site.rotas[s.rota];
    const Role& role = rota.roles[s.role];
    Event e;
    e.span = &s;
    e.uid = site.id + "+" + rota.id + "+" + role.id + "+" + person_it->id + "+" +
            basic_utc(s.start) + "@samtel";
    e.summary = role.name + " (" + role.id + ")" + source_suffix(s);
    e.description =
        lines_of({"Rota: " + rota.name, served_desks(site, s.rota), source_details(site, s)});
    events.push_back(std::move(e));
  }
  return calendar_text(site, person_it->name + " – " + site.name, events, window, stamp);
}

tl::expected<std::string, std::string> duty_calendar_for_desk(const Schedule& schedule,
                                                              std::string_view line_number,
                                                              std::string_view desk_id, Span window,
                                                              Instant stamp) {
  const auto ref = schedule.find_line(line_number);
  if (!ref) return tl::unexpected("no line with number " + quote_value(line_number));
  const Line& line = *ref.line;
  const Desk* desk = desk_id.empty() ? &line.desks[line.default_desk] : line.find_desk(desk_id);
  if (desk == nullptr) {
    return tl::unexpected("line " + line.number + " has no desk " + quote_value(desk_id) +
                          " (desks: " + known(line.desks, [](const Desk& d) { return d.id; }) +
                          ")");
  }
  if (auto problem = window_problem(window)) return tl::unexpected(*problem);
  const Site& site = *ref.site;
  const Rota& rota = site.rotas[desk->rota];

  const std::vector<DutySpan> spans = duty_spans(site, desk->rota, window);
  std::vector<Event> events;
  for (const DutySpan& s : spans) {
    const Role& role = rota.roles[s.role];
    const Person& person = site.people[s.person];
    Event e;
    e.span = &s;
    e.uid = line.number + "+" + desk->id + "+" + role.id + "+" + person.id + "+" +
            basic_utc(s.start) + "@desk.samtel";
    e.summary = role.name + ": " + person.name + source_suffix(s);
    e.description =
        lines_of({"On duty: " + person.name, "Role: " + role.name + " (" + role.id + ")",
                  "Rota: " + rota.name, served_desks(site, desk->rota), source_details(site, s)});
    events.push_back(std::move(e));
  }
  return calendar_text(site, desk->name + " – " + line.name + " (" + line.number + ")", events,
                       window, stamp);
}

std::string ical_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;  // CRLF is one line break
        out += "\\n";
        break;
      case '\t': out += c; break;
      default:
        // RFC 5545 allows no other control character in a TEXT value.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::string fold_ical_line(std::string_view line) {
  constexpr std::size_t kOctets = 75;
  std::string out;
  out.reserve(line.size() + line.size() / 37 + 2);
  std::size_t pos = 0;
  std::size_t room = kOctets;  // a continuation line's leading space takes one octet of it
  while (line.size() - pos > room) {
    std::size_t cut = pos + room;
    // Back off to the start of a UTF-8 character (a continuation byte is 10xxxxxx), and off a
    // space: a reader that unfolds by trimming all white space, not just one, would lose it.
    const auto poor_cut = [&](std::size_t i) {
      return (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80 || line[i] == ' ';
    };
    while (cut > pos + 1 && poor_cut(cut)) --cut;
    if (cut == pos + 1 && poor_cut(cut)) {  // nothing better: at least not inside a character
      cut = pos + room;
      while (cut > pos + 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    }
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    room = kOctets - 1;
  }
  out.append(line.substr(pos));
  out += "\r\n";
  return out;
}

std::string ical_vtimezone(const Zone& zone, Instant from, Instant to) {
  // Before any rule of the database there is no onset to name; such a period starts in 1970 here.
  const Instant earliest = date::sys_days{date::year{1970} / 1 / 1};
  Feed feed;
  feed.line("BEGIN:VTIMEZONE");
  feed.property("TZID", zone.name());
  date::sys_info info = zone.get_info(from);
  for (;;) {
    const bool has_onset = info.begin >= earliest;
    const Instant onset = has_onset ? Instant{info.begin} : earliest;
    const std::chrono::seconds offset_from =
        has_onset ? zone.get_info(info.begin - 1s).offset : info.offset;
    const char* kind = info.save != 0min ? "DAYLIGHT" : "STANDARD";
    feed.line(std::string("BEGIN:") + kind);
    // The onset in the wall-clock time in force before it (RFC 5545, 3.6.5).
    feed.line("DTSTART:" + basic_date_time(LocalSeconds{onset.time_since_epoch() + offset_from}));
    feed.line("TZOFFSETFROM:" + utc_offset_text(offset_from));
    feed.line("TZOFFSETTO:" + utc_offset_text(info.offset));
    if (!info.abbrev.empty()) feed.property("TZNAME", info.abbrev);
    feed.line(std::string("END:") + kind);
    if (info.end >= to) break;
    info = zone.get_info(info.end);
  }
  feed.line("END:VTIMEZONE");
  return feed.take();
}

}  // namespace samtel
