#include "samtel/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "samtel/file.hpp"
#include "samtel/json_check.hpp"
#include "samtel/period.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRoles = 32;  // RoutePlan keeps role flags in a 32-bit mask

std::string join_keys(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// Collects errors while walking the document (samtel/json_check.hpp), for one source file.
class Checker : public JsonChecker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  ConfigErrors take() {
    ConfigErrors out;
    for (JsonProblem& p : JsonChecker::take()) {
      out.push_back(ConfigError{source_, std::move(p.pointer), std::move(p.message)});
    }
    return out;
  }
  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

std::string at(const std::string& ptr, std::size_t i) { return pointer_at(ptr, i); }
std::string at(const std::string& ptr, std::string_view key) { return pointer_at(ptr, key); }

// Ids are referenced from other places; keep them simple so they read well in logs and URLs.
bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::optional<std::string> id_field(Checker& c, const json& obj, const std::string& ptr,
                                    std::string_view key = "id") {
  auto id = c.text(obj, ptr, key, true);
  if (id && !valid_id(*id)) {
    c.error(at(ptr, key),
            "id " + quote_value(*id) + " may only use letters, digits, '-', '_' and '.' (1-64)");
    return std::nullopt;
  }
  return id;
}

// What the switch dials, for a person or a fallback. It goes as it is into SIP headers (a
// redirect's Contact, the proxy's request line), so it must be one URI: the scheme `sip:`, `sips:`
// or `tel:` and a non-empty rest without spaces or characters a URI cannot hold.
std::optional<std::string> address_problem(std::string_view uri) {
  std::optional<std::string_view> rest;
  for (std::string_view scheme : {"sip:", "sips:", "tel:"}) {
    if (uri.substr(0, scheme.size()) == scheme) rest = uri.substr(scheme.size());
  }
  if (!rest) {
    return "is not a SIP or tel URI (expected sip:, sips: or tel: in lower case, e.g. "
           "'sip:4101@pbx.example' or 'tel:+4790000001')";
  }
  if (rest->empty()) return "has nothing after its scheme";
  for (char ch : *rest) {
    if (ch == ' ') return "contains a space";
    if (ch == '<' || ch == '>' || ch == '"') {
      return std::string("contains '") + ch + "', which a URI cannot hold";
    }
  }
  return std::nullopt;
}

std::optional<std::string> address_field(Checker& c, const json& obj, const std::string& ptr,
                                         std::string_view key) {
  auto uri = c.text(obj, ptr, key, true);
  if (!uri) return std::nullopt;
  if (auto problem = address_problem(*uri)) {
    c.error(at(ptr, key), "address " + quote_value(*uri) + " " + *problem);
    return std::nullopt;
  }
  return uri;
}

// Windows in one list must not overlap, counting a crossing window's part on the next day against
// the next day's windows of the same list (the usual case: the same day type follows).
void check_overlaps(Checker& c, const std::vector<Window>& windows,
                    const std::vector<std::string>& pointers) {
  struct Span {
    long start, end;
    std::size_t index;
  };
  std::vector<Span> spans;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const Window& w = windows[i];
    const long end = w.crosses_midnight() ? 1440L + w.end : w.end;
    spans.push_back({w.start, end, i});
    spans.push_back({w.start + 1440L, end + 1440L, i});  // the same window on the next day
  }
  std::set<std::pair<std::size_t, std::size_t>> reported;
  for (std::size_t a = 0; a < spans.size(); ++a) {
    for (std::size_t b = a + 1; b < spans.size(); ++b) {
      if (spans[a].index == spans[b].index) continue;
      if (spans[a].start < spans[b].end && spans[b].start < spans[a].end) {
        const auto i = std::min(spans[a].index, spans[b].index);
        const auto j = std::max(spans[a].index, spans[b].index);
        if (!reported.insert({i, j}).second) continue;
        c.error(pointers[j], "window " + format_window(windows[j]) + " overlaps window " +
                                 format_window(windows[i]));
      }
    }
  }
}

std::optional<std::vector<Window>> parse_windows(Checker& c, const json& j,
                                                 const std::string& ptr) {
  if (!j.is_array()) {
    c.error(ptr, "expected an array of \"HH:MM-HH:MM\" windows, found " + json_type_name(j));
    return std::nullopt;
  }
  std::vector<Window> out;
  std::vector<std::string> pointers;
  const auto before = c.count();
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) {
      c.error(at(ptr, i), "expected a window \"HH:MM-HH:MM\", found " + json_type_name(j[i]));
      continue;
    }
    auto w = parse_window(j[i].get<std::string>());
    if (!w) {
      c.error(at(ptr, i), w.error());
      continue;
    }
    out.push_back(*w);
    pointers.push_back(at(ptr, i));
  }
  check_overlaps(c, out, pointers);
  if (c.count() != before) return std::nullopt;
  std::sort(out.begin(), out.end(),
            [](const Window& a, const Window& b) { return a.start < b.start; });
  return out;
}

std::optional<LocalDays> date_field(Checker& c, const json& obj, const std::string& ptr,
                                    std::string_view key, bool required) {
  auto s = c.text(obj, ptr, key, required);
  if (!s) return std::nullopt;
  auto d = parse_date(*s);
  if (!d) {
    c.error(at(ptr, key), d.error());
    return std::nullopt;
  }
  return LocalDays{*d};
}

// Instants in the roster: wall-clock in the site's zone, or with an explicit offset. A wall-clock
// time that happens twice must carry an offset: the roster must not guess which hour was meant.
std::optional<Instant> instant_field(Checker& c, const json& obj, const std::string& ptr,
                                     std::string_view key, const Zone* zone) {
  auto s = c.text(obj, ptr, key, true);
  if (!s || zone == nullptr) return std::nullopt;
  auto t = parse_time(*s, *zone);
  if (!t) {
    c.error(at(ptr, key), t.error());
    return std::nullopt;
  }
  if (t->ambiguous) {
    c.error(at(ptr, key), "local time '" + *s + "' happens twice in " + zone->name() +
                              " (clocks go back); add the offset, e.g. '" + *s + "+02:00' or '" +
                              *s + "+01:00'");
    return std::nullopt;
  }
  return t->instant;
}

std::optional<Fallback> parse_fallback(Checker& c, const json& j, const std::string& ptr) {
  if (!c.object(j, ptr, {"name", "address", "message"})) return std::nullopt;
  auto name = c.text(j, ptr, "name", true);
  auto address = address_field(c, j, ptr, "address");
  auto message = c.text(j, ptr, "message", false, false);
  if (!name || !address) return std::nullopt;
  return Fallback{*name, *address, message.value_or("")};
}

std::optional<ServiceHours> parse_hours(Checker& c, const json& j, const std::string& ptr) {
  if (!j.is_array() || j.empty()) {
    c.error(ptr, "expected a non-empty array of hours versions, found " + json_type_name(j));
    return std::nullopt;
  }
  const auto before = c.count();
  struct Parsed {
    LocalDays from;
    std::array<std::optional<std::vector<Window>>, 4> windows;
    std::string ptr;
    const json* source = nullptr;  // the version's own object
  };
  std::vector<Parsed> parsed;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = at(ptr, i);
    if (!c.object(j[i], p, {"from", "weekday", "saturday", "sunday", "holiday", "weekend"}))
      continue;
    auto from = date_field(c, j[i], p, "from", true);
    Parsed v{from.value_or(LocalDays{}), {}, p, &j[i]};
    for (DayType t : kHoursDayTypes) {
      const std::string key{to_string(t)};
      if (const json* w = c.member(j[i], p, key, false)) {
        v.windows[hours_index(t)] = parse_windows(c, *w, at(p, key));
      }
    }
    if (const json* w = c.member(j[i], p, "weekend", false)) {
      if (j[i].contains("saturday") || j[i].contains("sunday")) {
        c.error(at(p, "weekend"), "give either 'weekend' or 'saturday'/'sunday', not both");
      } else {
        auto windows = parse_windows(c, *w, at(p, "weekend"));
        v.windows[hours_index(DayType::saturday)] = windows;
        v.windows[hours_index(DayType::sunday)] = windows;
      }
    }
    if (from) parsed.push_back(std::move(v));
  }
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const Parsed& a, const Parsed& b) { return a.from < b.from; });
  std::vector<HoursVersion> versions;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (i > 0 && parsed[i].from == parsed[i - 1].from) {
      c.error(at(parsed[i].ptr, "from"), "two hours versions take effect on " +
                                             format_date(date::year_month_day{parsed[i].from}));
      continue;
    }
    HoursVersion v;
    v.effective_from = parsed[i].from;
    for (DayType t : kHoursDayTypes) {
      const auto k = hours_index(t);
      if (parsed[i].windows[k]) {
        v.windows[k] = *parsed[i].windows[k];
      } else if (!versions.empty()) {
        v.windows[k] = versions.back().windows[k];
      } else if (const json& first = *parsed[i].source;  // the earliest, wherever it is listed
                 !first.contains(std::string(to_string(t))) &&
                 !(first.contains("weekend") && (t == DayType::saturday || t == DayType::sunday))) {
        c.error(parsed[i].ptr, "the first hours version must give '" + std::string(to_string(t)) +
                                   "' (an empty list [] means closed)");
      }
    }
    versions.push_back(std::move(v));
  }
  if (c.count() != before) return std::nullopt;
  return ServiceHours{std::move(versions)};
}

std::optional<std::pair<unsigned, unsigned>> parse_month_day(Checker& c, const json& j,
                                                             const std::string& ptr) {
  if (!j.is_string()) {
    c.error(ptr, "expected \"MM-DD\", found " + json_type_name(j));
    return std::nullopt;
  }
  const auto s = j.get<std::string>();
  // Checked against a leap year, so 02-29 is accepted (it matches only in leap years).
  auto d = parse_date("2000-" + s);
  if (s.size() != 5 || !d) {
    c.error(ptr, "bad month-day " + quote_value(s) + " (expected MM-DD)");
    return std::nullopt;
  }
  return std::pair{static_cast<unsigned>(d->month()), static_cast<unsigned>(d->day())};
}

std::vector<SpecialDay> parse_special_days(Checker& c, const json& j, const std::string& ptr) {
  std::vector<SpecialDay> out;
  if (!j.is_array()) {
    c.error(ptr, "expected an array of special days, found " + json_type_name(j));
    return out;
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = at(ptr, i);
    const json& e = j[i];
    if (!c.object(e, p, {"name", "date", "yearly", "easter", "treat_as", "hours"})) continue;
    const auto before = c.count();
    SpecialDay sd;
    sd.name = c.text(e, p, "name", true).value_or("");
    const int whens =
        int(e.contains("date")) + int(e.contains("yearly")) + int(e.contains("easter"));
    if (whens != 1) {
      c.error(p, "give exactly one of 'date', 'yearly' or 'easter' to say when the day is");
    } else if (e.contains("date")) {
      sd.when = SpecialDay::When::date;
      const json& d = e["date"];
      const std::string dp = at(p, "date");
      std::vector<std::string> texts;
      if (d.is_string())
        texts = {d.get<std::string>(), d.get<std::string>()};
      else if (d.is_array() && d.size() == 2 && d[0].is_string() && d[1].is_string())
        texts = {d[0].get<std::string>(), d[1].get<std::string>()};
      else
        c.error(dp, "expected \"YYYY-MM-DD\" or [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]");
      if (!texts.empty()) {
        auto a = parse_date(texts[0]);
        auto b = parse_date(texts[1]);
        if (!a)
          c.error(dp, a.error());
        else if (!b)
          c.error(dp, b.error());
        else if (LocalDays{*b} < LocalDays{*a})
          c.error(dp, "range ends before it starts");
        else {
          sd.first = LocalDays{*a};
          sd.last = LocalDays{*b};
        }
      }
    } else if (e.contains("yearly")) {
      sd.when = SpecialDay::When::yearly;
      const json& d = e["yearly"];
      const std::string dp = at(p, "yearly");
      std::optional<std::pair<unsigned, unsigned>> a, b;
      if (d.is_string()) {
        a = b = parse_month_day(c, d, dp);
      } else if (d.is_array() && d.size() == 2) {
        a = parse_month_day(c, d[0], at(dp, 0));
        b = parse_month_day(c, d[1], at(dp, 1));
      } else {
        c.error(dp,
                "expected \"MM-DD\" or [\"MM-DD\", \"MM-DD\"] (a range may wrap over New Year)");
      }
      if (a && b) {
        sd.from_month = a->first;
        sd.from_day = a->second;
        sd.to_month = b->first;
        sd.to_day = b->second;
      }
    } else {
      sd.when = SpecialDay::When::easter;
      const json& d = e["easter"];
      const std::string dp = at(p, "easter");
      const auto offset_ok = [](const json& v) {
        return v.is_number_integer() && v.get<long>() >= -60 && v.get<long>() <= 60;
      };
      if (d.is_array() && d.size() == 2 && offset_ok(d[0]) && offset_ok(d[1])) {
        sd.easter_from = d[0].get<int>();
        sd.easter_to = d[1].get<int>();
        if (sd.easter_to < sd.easter_from) c.error(dp, "range ends before it starts");
      } else if (offset_ok(d)) {
        sd.easter_from = sd.easter_to = d.get<int>();
      } else {
        c.error(dp, "expected a day offset from Easter Sunday (-60..60), or [from, to]");
      }
    }
    const bool has_treat = e.contains("treat_as");
    const bool has_hours = e.contains("hours");
    if (has_treat == has_hours) {
      c.error(p,
              "give exactly one of 'treat_as' (another day type's hours) or 'hours' (its own; [] = "
              "closed)");
    } else if (has_treat) {
      auto t = c.text(e, p, "treat_as", true);
      if (t) {
        auto type = day_type_from_string(*t);
        if (!type || *type == DayType::special) {
          c.error(at(p, "treat_as"),
                  "unknown day type " + quote_value(*t) + " (weekday, saturday, sunday, holiday)");
        } else {
          sd.treat_as = type;
        }
      }
    } else {
      auto windows = parse_windows(c, e["hours"], at(p, "hours"));
      if (windows) sd.own_windows = std::move(*windows);
    }
    if (c.count() == before) out.push_back(std::move(sd));
  }
  return out;
}

struct SiteIndex {
  std::map<std::string, std::size_t, std::less<>> people, rotas;
};

std::optional<std::size_t> lookup(Checker& c,
                                  const std::map<std::string, std::size_t, std::less<>>& m,
                                  const std::string& ptr, const std::string& what,
                                  const std::string& id) {
  const auto it = m.find(id);
  if (it != m.end()) return it->second;
  std::vector<std::string> known;
  for (const auto& [k, v] : m) {
    if (known.size() == 12) {
      known.push_back("...");
      break;
    }
    known.push_back(k);
  }
  c.error(ptr, "unknown " + what + " " + quote_value(id) + " (known: " + join_keys(known) + ")");
  return std::nullopt;
}

void parse_people(Checker& c, const json& root, Site& site, SiteIndex& idx) {
  const json* people = c.array(root, "", "people", true);
  if (people == nullptr) return;
  for (std::size_t i = 0; i < people->size(); ++i) {
    const std::string p = at("/people", i);
    const json& e = (*people)[i];
    if (!c.object(e, p, {"id", "name", "addresses", "retired"})) continue;
    Person person;
    auto id = id_field(c, e, p);
    auto name = c.text(e, p, "name", true);
    person.retired = date_field(c, e, p, "retired", false);
    const json* addrs = c.array(e, p, "addresses", true);
    if (addrs != nullptr) {
      if (addrs->empty()) c.error(at(p, "addresses"), "a person needs at least one address");
      std::set<std::string> labels;
      for (std::size_t k = 0; k < addrs->size(); ++k) {
        const std::string ap = at(at(p, "addresses"), k);
        if (!c.object((*addrs)[k], ap, {"label", "uri"})) continue;
        auto label = c.text((*addrs)[k], ap, "label", true);
        auto uri = address_field(c, (*addrs)[k], ap, "uri");
        if (label && !labels.insert(*label).second) {
          c.error(at(ap, "label"), "duplicate address label " + quote_value(*label));
        }
        if (label && uri) person.addresses.push_back({*label, *uri});
      }
    }
    if (!id || !name) continue;
    person.id = *id;
    person.name = *name;
    if (!idx.people.emplace(person.id, site.people.size()).second) {
      c.error(at(p, "id"), "duplicate person id '" + person.id + "'");
      continue;
    }
    site.people.push_back(std::move(person));
  }
}

std::optional<std::size_t> role_ref(Checker& c, const json& e, const std::string& p,
                                    const std::map<std::string, std::size_t, std::less<>>& roles) {
  auto role = c.text(e, p, "role", true);
  if (!role) return std::nullopt;
  return lookup(c, roles, at(p, "role"), "role", *role);
}

std::optional<std::size_t> address_ref(Checker& c, const json& e, const std::string& p,
                                       const Site& site, std::optional<std::size_t> person) {
  auto label = c.text(e, p, "address", false);
  if (!label || !person) return std::nullopt;
  const auto& addrs = site.people[*person].addresses;
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    if (addrs[i].label == *label) return i;
  }
  c.error(at(p, "address"), "person '" + site.people[*person].id + "' has no address labelled " +
                                quote_value(*label));
  return std::nullopt;
}

// "'Overlege Ola Berg' retired from 2027-03-01", when the person is retired before `end` (local
// midnight of the date, in the site's zone); else nothing.
std::optional<std::string> retired_before(const Site& site, std::size_t person, Instant end) {
  const Person& who = site.people[person];
  if (!who.retired || site.zone == nullptr) return std::nullopt;
  if (!(resolve_local_lenient(*site.zone, LocalSeconds{*who.retired}) < end)) return std::nullopt;
  return quote_value(who.name) + " is retired from " +
         format_date(date::year_month_day{*who.retired});
}

// A pattern may not give a retired person an occurrence lasting past the retirement date, swaps
// applied. Reported at the pattern's rotation with the first such occurrence.
void check_pattern_retirements(Checker& c, const Site& site, const Rota& rota,
                               const std::vector<std::string>& pointers) {
  for (std::size_t pi = 0; pi < rota.patterns.size(); ++pi) {
    const DutyPattern& pat = rota.patterns[pi];
    std::set<std::size_t> reported;
    for (std::size_t person : pat.rotation) {
      const auto& retired = site.people[person].retired;
      if (!retired || reported.count(person) != 0) continue;
      const LocalSeconds from{*retired};
      long first = 0;  // the first occurrence still running at the retirement date
      if (from >= pat.occurrence_start(0)) {
        const auto k = pat.occurrence_at(from);
        if (!k) continue;  // the pattern has ended by then
        first = *k;
      }
      // Each person holds one occurrence per cycle; each swap moves at most one of them away.
      const auto n = static_cast<long>(pat.rotation.size());
      long last = first + n * (static_cast<long>(rota.swaps.size()) + 1);
      if (const auto count = pat.occurrence_count()) last = std::min(last, *count);
      for (long k = first; k < last; ++k) {
        if (rota.pattern_person(pi, k) != person) continue;
        reported.insert(person);
        c.error(at(pointers[pi], "rotation"),
                quote_value(site.people[person].name) + " is retired from " +
                    format_date(date::year_month_day{*retired}) +
                    " but holds this rotation's shift from " +
                    format_local(*site.zone,
                                 resolve_local_lenient(*site.zone, pat.occurrence_start(k))) +
                    " (end the pattern with 'until' and start a new one without them)");
        break;
      }
    }
  }
}

void parse_rotas(Checker& c, const json& root, Site& site, SiteIndex& idx) {
  const json* rotas = c.array(root, "", "rotas", true);
  if (rotas == nullptr) return;
  for (std::size_t i = 0; i < rotas->size(); ++i) {
    const std::string p = at("/rotas", i);
    const json& e = (*rotas)[i];
    if (!c.object(e, p, {"id", "name", "roles", "patterns", "shifts", "overrides", "swaps"}))
      continue;
    Rota rota;
    rota.zone = site.zone;
    auto id = id_field(c, e, p);
    auto name = c.text(e, p, "name", true);

    std::map<std::string, std::size_t, std::less<>> roles;
    if (const json* rs = c.array(e, p, "roles", true)) {
      if (rs->empty()) c.error(at(p, "roles"), "a rota needs at least one role");
      if (rs->size() > kMaxRoles) {
        c.error(at(p, "roles"), "at most " + std::to_string(kMaxRoles) + " roles per rota");
      }
      for (std::size_t k = 0; k < rs->size(); ++k) {
        const std::string rp = at(at(p, "roles"), k);
        if (!c.object((*rs)[k], rp, {"id", "name", "ring_seconds"})) continue;
        auto rid = id_field(c, (*rs)[k], rp);
        auto rname = c.text((*rs)[k], rp, "name", true);
        auto ring = c.integer((*rs)[k], rp, "ring_seconds", false, 5, 300);
        if (!rid || !rname) continue;
        if (!roles.emplace(*rid, rota.roles.size()).second) {
          c.error(at(rp, "id"), "duplicate role id '" + *rid + "'");
          continue;
        }
        rota.roles.push_back(Role{*rid, *rname, std::chrono::seconds{ring.value_or(25)}});
      }
    }

    const auto person_ref = [&](const json& obj, const std::string& op,
                                std::string_view key) -> std::optional<std::size_t> {
      auto pid = c.text(obj, op, key, true);
      if (!pid) return std::nullopt;
      return lookup(c, idx.people, at(op, key), "person", *pid);
    };

    std::vector<std::string> pattern_pointers;  // of each pattern kept, for later checks
    if (const json* ps = c.array(e, p, "patterns", false)) {
      for (std::size_t k = 0; k < ps->size(); ++k) {
        const std::string pp = at(at(p, "patterns"), k);
        const json& pe = (*ps)[k];
        if (!c.object(pe, pp, {"role", "from", "until", "handover", "period_days", "rotation"}))
          continue;
        const auto before = c.count();
        DutyPattern pat;
        auto role = role_ref(c, pe, pp, roles);
        auto from = date_field(c, pe, pp, "from", true);
        auto until = date_field(c, pe, pp, "until", false);
        auto handover = c.text(pe, pp, "handover", true);
        auto period = c.integer(pe, pp, "period_days", true, 1, 366);
        if (handover) {
          auto m = parse_minute_of_day(*handover);
          if (!m || *m >= 1440)
            c.error(at(pp, "handover"), m ? "handover must be before 24:00" : m.error());
          else
            pat.handover = *m;
        }
        if (from && until && *until <= *from)
          c.error(at(pp, "until"), "'until' must be after 'from'");
        if (const json* rot = c.array(pe, pp, "rotation", true)) {
          if (rot->empty()) c.error(at(pp, "rotation"), "a rotation needs at least one person");
          for (std::size_t r = 0; r < rot->size(); ++r) {
            const std::string rp = at(at(pp, "rotation"), r);
            if (!(*rot)[r].is_string()) {
              c.error(rp, "expected a person id, found " + json_type_name((*rot)[r]));
              continue;
            }
            auto person = lookup(c, idx.people, rp, "person", (*rot)[r].get<std::string>());
            if (person) pat.rotation.push_back(*person);
          }
        }
        if (c.count() != before || !role || !from || !period) continue;
        pat.role = *role;
        pat.from = *from;
        pat.until = until;
        pat.period_days = static_cast<int>(*period);
        // Two patterns for the same role covering the same time would make the roster ambiguous.
        for (const DutyPattern& other : rota.patterns) {
          if (other.role != pat.role) continue;
          const bool overlap =
              (!other.until || pat.from < *other.until) && (!pat.until || other.from < *pat.until);
          if (overlap) {
            c.error(pp, "pattern overlaps an earlier pattern for role '" + rota.roles[pat.role].id +
                            "' (give the earlier one an 'until' on or before this one's 'from')");
          }
        }
        rota.patterns.push_back(std::move(pat));
        pattern_pointers.push_back(pp);
      }
    }

    if (const json* ss = c.array(e, p, "shifts", false)) {
      for (std::size_t k = 0; k < ss->size(); ++k) {
        const std::string sp = at(at(p, "shifts"), k);
        const json& se = (*ss)[k];
        if (!c.object(se, sp, {"role", "person", "start", "end", "address", "note"})) continue;
        auto role = role_ref(c, se, sp, roles);
        auto person = person_ref(se, sp, "person");
        auto start = instant_field(c, se, sp, "start", site.zone);
        auto end = instant_field(c, se, sp, "end", site.zone);
        auto address = address_ref(c, se, sp, site, person);
        auto note = c.text(se, sp, "note", false, false);
        if (start && end && *end <= *start) {
          c.error(at(sp, "end"), "shift ends (" + format_utc(*end) +
                                     ") before or when it starts (" + format_utc(*start) + ")");
          continue;
        }
        if (!role || !person || !start || !end) continue;
        if (auto retired = retired_before(site, *person, *end)) {
          c.error(at(sp, "person"),
                  *retired + " but this shift lasts until " + format_local(*site.zone, *end));
          continue;
        }
        rota.shifts.push_back(DutyShift{*role, *person, *start, *end, address, note.value_or("")});
      }
    }

    if (const json* os = c.array(e, p, "overrides", false)) {
      for (std::size_t k = 0; k < os->size(); ++k) {
        const std::string op = at(at(p, "overrides"), k);
        const json& oe = (*os)[k];
        if (!c.object(oe, op, {"role", "person", "start", "end", "replaces", "reason"})) continue;
        auto role = role_ref(c, oe, op, roles);
        auto person = person_ref(oe, op, "person");
        auto start = instant_field(c, oe, op, "start", site.zone);
        auto end = instant_field(c, oe, op, "end", site.zone);
        std::optional<std::size_t> replaces;
        bool replaces_ok = true;
        if (oe.contains("replaces")) {
          replaces = person_ref(oe, op, "replaces");
          replaces_ok = replaces.has_value();
        }
        auto reason = c.text(oe, op, "reason", false, false);
        if (start && end && *end <= *start) {
          c.error(at(op, "end"), "override ends (" + format_utc(*end) +
                                     ") before or when it starts (" + format_utc(*start) + ")");
          continue;
        }
        if (!role || !person || !start || !end || !replaces_ok) continue;
        if (auto retired = retired_before(site, *person, *end)) {
          c.error(at(op, "person"),
                  *retired + " but this override lasts until " + format_local(*site.zone, *end));
          continue;
        }
        rota.overrides.push_back(
            DutyOverride{*role, *person, *start, *end, replaces, reason.value_or("")});
      }
    }

    if (const json* ws = c.array(e, p, "swaps", false)) {
      for (std::size_t k = 0; k < ws->size(); ++k) {
        const std::string wp = at(at(p, "swaps"), k);
        const json& we = (*ws)[k];
        if (!c.object(we, wp, {"role", "occurrences", "reason"})) continue;
        auto role = role_ref(c, we, wp, roles);
        c.text(we, wp, "reason", false, false);
        const json* occ = c.array(we, wp, "occurrences", true);
        if (!role || occ == nullptr) continue;
        if (occ->size() != 2) {
          c.error(at(wp, "occurrences"),
                  "a swap names exactly two occurrences (their local start times)");
          continue;
        }
        // Each occurrence is named by its local start, "YYYY-MM-DDTHH:MM", of a pattern of the
        // role.
        std::optional<std::pair<std::size_t, long>> found[2];
        for (std::size_t n = 0; n < 2; ++n) {
          const std::string np = at(at(wp, "occurrences"), n);
          const json& t = (*occ)[n];
          if (!t.is_string()) {
            c.error(np, "expected a local start time, found " + json_type_name(t));
            continue;
          }
          auto parsed = parse_time(t.get<std::string>(), *site.zone);
          if (!parsed) {
            c.error(np, parsed.error());
            continue;
          }
          const LocalSeconds local = to_local(*site.zone, parsed->instant);
          for (std::size_t pi = 0; pi < rota.patterns.size() && !found[n]; ++pi) {
            const DutyPattern& pat = rota.patterns[pi];
            if (pat.role != *role) continue;
            const auto kk = pat.occurrence_at(local);
            if (kk && pat.occurrence_start(*kk) == local) found[n] = std::pair{pi, *kk};
          }
          if (!found[n]) {
            c.error(np, "no shift of role '" + rota.roles[*role].id + "' starts at " +
                            quote_value(t.get<std::string>()) +
                            " (name the local start of a rotation shift)");
          }
        }
        if (!found[0] || !found[1]) continue;
        if (found[0]->first != found[1]->first) {
          c.error(at(wp, "occurrences"),
                  "both occurrences must belong to the same rotation pattern");
          continue;
        }
        if (found[0]->second == found[1]->second) {
          c.error(at(wp, "occurrences"), "a swap needs two different shifts");
          continue;
        }
        const bool clash =
            std::any_of(rota.swaps.begin(), rota.swaps.end(), [&](const DutySwap& s) {
              return s.pattern == found[0]->first &&
                     (s.first == found[0]->second || s.second == found[0]->second ||
                      s.first == found[1]->second || s.second == found[1]->second);
            });
        if (clash) {
          c.error(at(wp, "occurrences"), "a shift may take part in one swap only");
          continue;
        }
        rota.swaps.push_back(DutySwap{found[0]->first, found[0]->second, found[1]->second});
      }
    }

    check_pattern_retirements(c, site, rota, pattern_pointers);

    if (!id || !name) continue;
    rota.id = *id;
    rota.name = *name;
    if (!idx.rotas.emplace(rota.id, site.rotas.size()).second) {
      c.error(at(p, "id"), "duplicate rota id '" + rota.id + "'");
      continue;
    }
    site.rotas.push_back(std::move(rota));
  }
}

void parse_lines(Checker& c, const json& root, Site& site, const SiteIndex& idx) {
  const json* lines = c.array(root, "", "lines", true);
  if (lines == nullptr) return;
  if (lines->empty()) c.error("/lines", "a site needs at least one line");
  std::set<std::string> numbers;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const std::string p = at("/lines", i);
    const json& e = (*lines)[i];
    if (!c.object(e, p,
                  {"number", "name", "zone", "hours", "fallback", "closed", "default_desk", "desks",
                   "special_days", "maintenance_fallback"})) {
      continue;
    }
    Line line;
    line.zone = site.zone;
    auto number = c.text(e, p, "number", true);
    if (number) {
      const bool digits = std::all_of(number->begin(), number->end(),
                                      [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!digits || number->size() > 15) {
        c.error(at(p, "number"),
                "line number " + quote_value(*number) + " must be 1-15 digits, no spaces");
        number.reset();
      } else if (!numbers.insert(*number).second) {
        c.error(at(p, "number"), "duplicate line number '" + *number + "'");
      }
    }
    auto name = c.text(e, p, "name", true);
    if (auto zone_name = c.text(e, p, "zone", false)) {
      auto zone = find_zone(*zone_name);
      if (!zone)
        c.error(at(p, "zone"), zone.error());
      else
        line.zone = *zone;
    }
    std::optional<ServiceHours> line_hours;
    if (const json* h = c.member(e, p, "hours", false))
      line_hours = parse_hours(c, *h, at(p, "hours"));
    std::optional<Fallback> line_fallback;
    if (const json* f = c.member(e, p, "fallback", false)) {
      line_fallback = parse_fallback(c, *f, at(p, "fallback"));
    }
    std::optional<Fallback> line_closed;
    if (const json* f = c.member(e, p, "closed", false))
      line_closed = parse_fallback(c, *f, at(p, "closed"));
    if (const json* f = c.member(e, p, "maintenance_fallback", false)) {
      line.maintenance_fallback = parse_fallback(c, *f, at(p, "maintenance_fallback"));
    }
    std::vector<SpecialDay> line_special;
    if (const json* s = c.member(e, p, "special_days", false)) {
      line_special = parse_special_days(c, *s, at(p, "special_days"));
    }

    std::set<std::string, std::less<>>
        named_desks;  // every desk id given, even of a desk with errors
    if (const json* ds = c.array(e, p, "desks", true)) {
      if (ds->empty()) c.error(at(p, "desks"), "a line needs at least one desk");
      for (std::size_t k = 0; k < ds->size(); ++k) {
        const std::string dp = at(at(p, "desks"), k);
        const json& de = (*ds)[k];
        if (!c.object(de, dp,
                      {"id", "name", "rota", "hours", "fallback", "closed", "special_days"}))
          continue;
        const auto before = c.count();
        Desk desk;
        auto id = id_field(c, de, dp);
        if (id) named_desks.insert(*id);
        auto dname = c.text(de, dp, "name", true);
        auto rota = c.text(de, dp, "rota", true);
        std::optional<std::size_t> rota_index;
        if (rota) rota_index = lookup(c, idx.rotas, at(dp, "rota"), "rota", *rota);
        std::optional<ServiceHours> hours = line_hours;
        if (const json* h = c.member(de, dp, "hours", false))
          hours = parse_hours(c, *h, at(dp, "hours"));
        else if (!e.contains("hours"))
          c.error(dp, "no service hours: give 'hours' on the desk or its line");
        std::optional<Fallback> fallback = line_fallback;
        if (const json* f = c.member(de, dp, "fallback", false))
          fallback = parse_fallback(c, *f, at(dp, "fallback"));
        else if (!e.contains("fallback"))
          c.error(dp, "no fallback: give 'fallback' on the desk or its line");
        std::optional<Fallback> closed = line_closed;
        if (const json* f = c.member(de, dp, "closed", false))
          closed = parse_fallback(c, *f, at(dp, "closed"));
        desk.special_days = line_special;
        if (const json* s = c.member(de, dp, "special_days", false)) {
          auto own = parse_special_days(c, *s, at(dp, "special_days"));
          // The desk's own rules come first, then the line's.
          own.insert(own.end(), desk.special_days.begin(), desk.special_days.end());
          desk.special_days = std::move(own);
        }
        if (c.count() != before || !id || !dname || !rota_index || !hours || !fallback) continue;
        if (line.find_desk(*id) != nullptr) {
          c.error(at(dp, "id"), "duplicate desk id '" + *id + "' on this line");
          continue;
        }
        desk.id = *id;
        desk.name = *dname;
        desk.rota = *rota_index;
        desk.hours = std::move(*hours);
        desk.fallback = *fallback;
        desk.closed = closed.value_or(*fallback);
        line.desks.push_back(std::move(desk));
      }
    }
    if (auto dd = c.text(e, p, "default_desk", false)) {
      const Desk* d = line.find_desk(*dd);
      if (d == nullptr && named_desks.count(*dd) != 0) {
        // The desk exists but has errors of its own, reported above.
      } else if (d == nullptr) {
        std::vector<std::string> known;
        for (const Desk& x : line.desks) known.push_back(x.id);
        c.error(at(p, "default_desk"),
                "unknown desk " + quote_value(*dd) + " (desks: " + join_keys(known) + ")");
      } else {
        line.default_desk = static_cast<std::size_t>(d - line.desks.data());
      }
    }
    if (!number || !name) continue;
    line.number = *number;
    line.name = *name;
    site.lines.push_back(std::move(line));
  }
}

// The line a maintenance window names, by number; its index in the site's lines.
std::optional<std::size_t> maintenance_line(Checker& c, const Site& site, const json& j,
                                            const std::string& ptr) {
  if (!j.is_string()) {
    c.error(ptr, "expected a line number, found " + json_type_name(j));
    return std::nullopt;
  }
  const auto number = j.get<std::string>();
  for (std::size_t i = 0; i < site.lines.size(); ++i) {
    if (site.lines[i].number == number) return i;
  }
  std::vector<std::string> known;
  for (const Line& l : site.lines) known.push_back(l.number);
  c.error(ptr, "unknown line " + quote_value(number) + " (lines: " + join_keys(known) + ")");
  return std::nullopt;
}

std::string window_words(const Zone& zone, const MaintenanceWindow& w) {
  return "'" + w.id + "' (" + format_local(zone, w.start) + " - " + format_local(zone, w.end) + ")";
}

// Planned maintenance: windows in the site's wall-clock time, each over named lines or the whole
// site; the fallback per line, else the site's. Needs the lines parsed.
void parse_maintenance(Checker& c, const json& root, Site& site) {
  std::optional<Fallback> site_fallback;
  if (const json* f = c.member(root, "", "maintenance_fallback", false)) {
    site_fallback = parse_fallback(c, *f, "/maintenance_fallback");
  }
  for (Line& line : site.lines) {
    if (!line.maintenance_fallback) line.maintenance_fallback = site_fallback;
  }
  const json* windows = c.array(root, "", "maintenance", false);
  if (windows == nullptr) return;
  std::vector<std::pair<MaintenanceWindow, std::string>> parsed;  // with its pointer
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < windows->size(); ++i) {
    const std::string p = at("/maintenance", i);
    const json& e = (*windows)[i];
    if (!c.object(e, p, {"id", "start", "end", "reason", "lines"})) continue;
    const auto before = c.count();
    MaintenanceWindow w;
    auto id = id_field(c, e, p);
    if (id && !ids.insert(*id).second)
      c.error(at(p, "id"), "duplicate maintenance id '" + *id + "'");
    auto start = instant_field(c, e, p, "start", site.zone);
    auto end = instant_field(c, e, p, "end", site.zone);
    auto reason = c.text(e, p, "reason", true);
    if (start && end && !(*start < *end)) {
      c.error(at(p, "end"), "maintenance ends (" + format_local(*site.zone, *end) +
                                ") before it starts (" + format_local(*site.zone, *start) + ")");
    }
    if (const json* ls = c.array(e, p, "lines", false)) {
      if (ls->empty())
        c.error(at(p, "lines"), "name at least one line, or leave 'lines' out for all");
      for (std::size_t k = 0; k < ls->size(); ++k) {
        if (auto l = maintenance_line(c, site, (*ls)[k], at(at(p, "lines"), k))) {
          if (std::find(w.lines.begin(), w.lines.end(), *l) != w.lines.end()) {
            c.error(at(at(p, "lines"), k), "line '" + site.lines[*l].number + "' is named twice");
          }
          w.lines.push_back(*l);
        }
      }
    }
    if (c.count() != before || !id || !start || !end || !reason) continue;
    w.id = *id;
    w.start = *start;
    w.end = *end;
    w.reason = *reason;
    for (std::size_t l = 0; l < site.lines.size(); ++l) {
      if (w.covers_line(l) && !site.lines[l].maintenance_fallback) {
        c.error(p, "line '" + site.lines[l].number +
                       "' has no maintenance fallback: give 'maintenance_fallback' on the line "
                       "(/lines/" +
                       std::to_string(l) + ") or the site (/maintenance_fallback)");
      }
    }
    parsed.emplace_back(std::move(w), p);
  }
  for (std::size_t a = 0; a < parsed.size(); ++a) {
    for (std::size_t b = a + 1; b < parsed.size(); ++b) {
      const MaintenanceWindow& x = parsed[a].first;
      const MaintenanceWindow& y = parsed[b].first;
      if (!(x.start < y.end && y.start < x.end)) continue;
      const bool common = std::any_of(site.lines.begin(), site.lines.end(), [&](const Line& l) {
        const auto i = static_cast<std::size_t>(&l - site.lines.data());
        return x.covers_line(i) && y.covers_line(i);
      });
      if (common) {
        c.error(parsed[b].second, "maintenance window " + window_words(*site.zone, y) +
                                      " overlaps window " + window_words(*site.zone, x) +
                                      " on the same line");
      }
    }
  }
  for (auto& [w, p] : parsed) site.maintenance.push_back(std::move(w));
  std::sort(
      site.maintenance.begin(), site.maintenance.end(),
      [](const MaintenanceWindow& a, const MaintenanceWindow& b) { return a.start < b.start; });
}

// An e-mail address as it goes into a header: local@domain, nothing a header could be split by.
std::optional<std::string> email_problem(std::string_view a) {
  const auto at_sign = a.find('@');
  if (at_sign == std::string_view::npos || at_sign == 0 || at_sign + 1 >= a.size() ||
      a.find('@', at_sign + 1) != std::string_view::npos) {
    return "is not an e-mail address (expected one '@' with text on both sides)";
  }
  for (char ch : a) {
    if (ch == ' ' || ch == '<' || ch == '>' || ch == ',' || ch == '"' || ch == ';') {
      return std::string("contains '") + ch + "', which an address here cannot hold";
    }
  }
  return std::nullopt;
}

std::optional<std::string> webhook_problem(std::string_view url) {
  const bool http = url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
  if (!http) return "is not an http:// or https:// URL";
  const auto host_at = url.find("//") + 2;
  if (host_at >= url.size() || url[host_at] == '/') return "has no host";
  if (url.find_first_of(" <>\"") != std::string_view::npos) return "contains a space or <, >, \"";
  return std::nullopt;
}

Notices parse_notices(Checker& c, const json& j) {
  Notices out;
  const std::string ptr = "/notices";
  if (!c.object(j, ptr, {"announce_before_hours", "contacts"})) return out;
  if (auto h = c.integer(j, ptr, "announce_before_hours", false, 0, 24 * 28)) {
    out.announce_before = std::chrono::hours{*h};
  }
  const json* contacts = c.array(j, ptr, "contacts", false);
  if (contacts == nullptr) return out;
  for (std::size_t i = 0; i < contacts->size(); ++i) {
    const std::string p = at(at(ptr, "contacts"), i);
    const json& e = (*contacts)[i];
    if (!c.object(e, p, {"name", "email", "sip", "webhook", "tell"})) continue;
    const auto before = c.count();
    NotificationContact contact;
    contact.name = c.text(e, p, "name", true).value_or("");
    if (auto v = c.text(e, p, "email", false)) {
      if (auto problem = email_problem(*v))
        c.error(at(p, "email"), quote_value(*v) + " " + *problem);
      contact.email = *v;
    }
    if (e.contains("sip")) {
      if (auto v = address_field(c, e, p, "sip")) {
        if (v->rfind("tel:", 0) == 0) {
          c.error(at(p, "sip"),
                  "a SIP MESSAGE needs a sip: or sips: address, not " + quote_value(*v));
        }
        contact.sip = *v;
      }
    }
    if (auto v = c.text(e, p, "webhook", false)) {
      if (auto problem = webhook_problem(*v)) {
        c.error(at(p, "webhook"), quote_value(*v) + " " + *problem);
      }
      contact.webhook = *v;
    }
    if (!e.contains("email") && !e.contains("sip") && !e.contains("webhook")) {
      c.error(p, "give at least one of 'email', 'sip' or 'webhook' to reach this contact");
    }
    if (const json* tell = c.array(e, p, "tell", true)) {
      if (tell->empty())
        c.error(at(p, "tell"), "name at least one kind of notice (" + notice_kind_names() + ")");
      for (std::size_t k = 0; k < tell->size(); ++k) {
        const std::string tp = at(at(p, "tell"), k);
        const json& t = (*tell)[k];
        const auto kind = t.is_string() ? notice_kind_from_string(t.get<std::string>())
                                        : std::optional<NoticeKind>{};
        if (!kind) {
          c.error(tp, "expected a kind of notice (" + notice_kind_names() + "), found " +
                          (t.is_string() ? quote_value(t.get<std::string>()) : json_type_name(t)));
        } else if (!contact.tell.insert(*kind).second) {
          c.error(tp, "'" + std::string(to_string(*kind)) + "' is named twice");
        }
      }
    }
    if (c.count() == before) out.contacts.push_back(std::move(contact));
  }
  return out;
}

// The directory of known callers: each entry a whole number or a prefix, with a category and a
// municipality. Numbers are compared as national_number() gives them, so "+4773001234" and
// "73001234" are one number and a second entry for it is an error.
void parse_callers(Checker& c, const json& root, Site& site) {
  const json* callers = c.array(root, "", "callers", false);
  if (callers == nullptr) return;
  std::map<std::pair<bool, std::string>, std::size_t> seen;  // (prefix?, normalised) -> index
  for (std::size_t i = 0; i < callers->size(); ++i) {
    const std::string p = at("/callers", i);
    const json& e = (*callers)[i];
    if (!c.object(e, p, {"number", "prefix", "category", "municipality", "name"})) continue;
    const bool has_number = e.contains("number"), has_prefix = e.contains("prefix");
    if (has_number == has_prefix) {
      c.error(p, "give either \"number\" (one number) or \"prefix\" (a range of numbers)");
    }
    CallerEntry entry;
    entry.prefix = has_prefix && !has_number;
    const std::string_view key = entry.prefix ? "prefix" : "number";
    auto number = has_number != has_prefix ? c.string(e, p, key, true, false) : std::nullopt;
    bool ok = number.has_value();
    if (number) {
      const std::string_view digits =
          std::string_view(*number).substr(!number->empty() && (*number)[0] == '+' ? 1 : 0);
      const bool well_formed =
          !digits.empty() && digits.size() <= 15 &&
          std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (number->empty()) {
        c.error(at(p, key),
                std::string("a ") + (entry.prefix ? "prefix" : "number") + " must not be empty");
        ok = false;
      } else if (!well_formed) {
        c.error(at(p, key), quote_value(*number) +
                                " is not a phone number: digits only (1-15), optionally after a "
                                "'+', e.g. \"+4773001234\"");
        ok = false;
      } else if (national_number(*number).empty()) {
        c.error(at(p, key), quote_value(*number) +
                                " is only the country code; a prefix needs digits after +47 or "
                                "0047");
        ok = false;
      }
    }
    if (const json* cat = c.member(e, p, "category", true)) {
      const auto text = cat->is_string() ? std::optional(cat->get<std::string>()) : std::nullopt;
      const auto category = text ? caller_category_from_string(*text) : std::nullopt;
      if (!category) {
        std::string known;
        for (CallerCategory k : kAllCallerCategories) {
          known += (known.empty() ? "" : ", ") + std::string(to_string(k));
        }
        c.error(at(p, "category"), "expected one of " + known + ", found " +
                                       (text ? quote_value(*text) : json_value_name(*cat)));
        ok = false;
      } else {
        entry.category = *category;
      }
    } else {
      ok = false;
    }
    auto municipality = c.text(e, p, "municipality", true);
    auto name = c.text(e, p, "name", false);
    if (!municipality || !ok) continue;
    entry.number = *number;
    entry.municipality = *municipality;
    entry.name = name.value_or("");
    const auto [it, fresh] = seen.emplace(std::pair(entry.prefix, national_number(*number)), i);
    if (!fresh) {
      c.error(at(p, key), std::string("duplicate ") + (entry.prefix ? "prefix " : "number ") +
                              quote_value(*number) + " (the same as " + at("/callers", it->second) +
                              ")");
      continue;
    }
    site.callers.add(std::move(entry));
  }
}

}  // namespace

std::string ConfigError::to_string() const {
  std::string s = source + ": ";
  if (!pointer.empty()) s += pointer + ": ";
  return s + message;
}

tl::expected<Site, ConfigErrors> parse_site(std::string_view json_text, std::string_view source) {
  Checker c{std::string(source)};
  auto parsed = parse_checked(json_text, c);
  if (!parsed) return tl::unexpected(c.take());
  const json& root = *parsed;

  Site site;
  site.source = std::string(source);
  try {
    if (!c.object(root, "",
                  {"site", "people", "rotas", "special_days", "lines", "maintenance",
                   "maintenance_fallback", "notices", "callers"})) {
      return tl::unexpected(c.take());
    }
    if (const json* s = c.member(root, "", "site", true)) {
      if (c.object(*s, "/site", {"id", "name", "zone"})) {
        site.id = id_field(c, *s, "/site").value_or("");
        site.name = c.text(*s, "/site", "name", true).value_or("");
        auto zone_name = c.text(*s, "/site", "zone", true);
        if (zone_name) {
          auto zone = find_zone(*zone_name);
          if (!zone)
            c.error("/site/zone", zone.error());
          else
            site.zone = *zone;
        }
      }
    }
    // An unknown or missing zone is already reported; check the rest against UTC so that its
    // problems are reported too (the site is not returned either way).
    if (site.zone == nullptr && !c.ok()) site.zone = find_zone("UTC").value_or(nullptr);
    SiteIndex idx;
    parse_people(c, root, site, idx);
    if (site.zone != nullptr) parse_rotas(c, root, site, idx);
    if (const json* s = c.member(root, "", "special_days", false)) {
      site.special_days = parse_special_days(c, *s, "/special_days");
    }
    if (site.zone != nullptr) parse_lines(c, root, site, idx);
    if (site.zone != nullptr) parse_maintenance(c, root, site);
    if (const json* n = c.member(root, "", "notices", false)) site.notices = parse_notices(c, *n);
    parse_callers(c, root, site);
  } catch (const std::exception& e) {
    // A check above missed a type; report it rather than crash.
    c.error("", std::string("unexpected structure: ") + e.what());
  }
  if (!c.ok()) return tl::unexpected(c.take());
  for (Rota& r : site.rotas) r.finalize();
  return site;
}

tl::expected<Site, ConfigErrors> load_site_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) {
    // The path is the error's source; the message is what follows it.
    std::string why = text.error().substr(std::min(text.error().size(), path.size() + 2));
    return tl::unexpected(ConfigErrors{{path, "", std::move(why)}});
  }
  return parse_site(*text, path);
}

tl::expected<Schedule, ConfigErrors> load_schedule(const std::vector<std::string>& paths) {
  ConfigErrors errors;
  std::vector<Site> sites;
  for (const std::string& path : paths) {
    auto site = load_site_file(path);
    if (!site) {
      errors.insert(errors.end(), site.error().begin(), site.error().end());
      continue;
    }
    sites.push_back(std::move(*site));
  }
  if (!errors.empty()) {
    // The sites that did load are still checked against each other, so one run names everything.
    if (auto together = assemble_schedule(std::move(sites)); !together) {
      errors.insert(errors.end(), together.error().begin(), together.error().end());
    }
    return tl::unexpected(std::move(errors));
  }
  return assemble_schedule(std::move(sites));
}

tl::expected<Schedule, ConfigErrors> assemble_schedule(std::vector<Site> sites) {
  ConfigErrors errors;
  std::map<std::string, std::string> seen;  // line number -> source
  std::set<std::string> site_ids;
  for (const Site& s : sites) {
    if (!site_ids.insert(s.id).second) {
      errors.push_back(
          {s.source, "/site/id", "site id '" + s.id + "' is used by another file too"});
    }
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      auto [it, fresh] = seen.emplace(s.lines[i].number, s.source);
      if (!fresh) {
        errors.push_back(
            {s.source, "/lines/" + std::to_string(i) + "/number",
             "line number '" + s.lines[i].number + "' is also defined in " + it->second});
      }
    }
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return Schedule{std::move(sites)};
}

tl::expected<Schedule, std::string> load_schedule_for_command_line(
    const std::vector<std::string>& paths, std::string_view files) {
  auto schedule = load_schedule(paths);
  if (schedule) return std::move(*schedule);
  std::string text;
  for (const ConfigError& e : schedule.error()) text += e.to_string() + "\n";
  text += std::to_string(schedule.error().size()) + " problem(s)";
  if (!files.empty()) text += " in " + std::string(files);
  return tl::unexpected(text + "; nothing was loaded.");
}

}  // namespace samtel
