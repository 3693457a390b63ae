#include "samtel/sim/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "samtel/json_check.hpp"

namespace samtel::sim {
namespace {

using nlohmann::json;

std::string at(const std::string& ptr, std::string_view key) { return pointer_at(ptr, key); }
std::string at(const std::string& ptr, std::size_t i) { return pointer_at(ptr, i); }

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Collects errors while walking the document (samtel/json_check.hpp), for one source file.
class Checker : public JsonChecker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  ScenarioErrors take() {
    ScenarioErrors out;
    for (JsonProblem& p : JsonChecker::take()) {
      out.push_back(ScenarioError{source_, std::move(p.pointer), std::move(p.message)});
    }
    return out;
  }

  std::optional<LocalDays> date_value(const json& obj, const std::string& ptr,
                                      std::string_view key) {
    auto s = string(obj, ptr, key, false);
    if (!s) return std::nullopt;
    auto d = parse_date(*s);
    if (!d) {
      error(at(ptr, key), d.error());
      return std::nullopt;
    }
    return LocalDays{*d};
  }

 private:
  std::string source_;
};

constexpr double kMaxSeconds = 86400.0;

std::optional<Distribution> parse_distribution(Checker& c, const json& j, const std::string& ptr) {
  if (!c.object(j, ptr, {"fixed", "uniform", "exponential", "min", "max"})) return std::nullopt;
  const auto before = c.count();
  const int kinds =
      int(j.contains("fixed")) + int(j.contains("uniform")) + int(j.contains("exponential"));
  if (kinds != 1) {
    c.error(ptr,
            "give exactly one of 'fixed' (seconds), 'uniform' ([low, high] seconds) or "
            "'exponential' (mean seconds)");
    return std::nullopt;
  }
  Distribution d;
  if (const json* v = c.member(j, ptr, "fixed", false)) {
    d.kind = Distribution::Kind::fixed;
    d.a = c.number(*v, at(ptr, "fixed"), 0.0, kMaxSeconds).value_or(0.0);
  } else if (const json* u = c.member(j, ptr, "uniform", false)) {
    d.kind = Distribution::Kind::uniform;
    const std::string p = at(ptr, "uniform");
    if (!u->is_array() || u->size() != 2) {
      c.error(p, "expected [low, high] in seconds, found " + json_type_name(*u) +
                     (u->is_array() ? " of " + std::to_string(u->size()) + " values" : ""));
    } else {
      d.a = c.number((*u)[0], at(p, 0), 0.0, kMaxSeconds).value_or(0.0);
      d.b = c.number((*u)[1], at(p, 1), 0.0, kMaxSeconds).value_or(0.0);
      if (c.count() == before && d.b < d.a) c.error(p, "high is below low");
    }
  } else if (const json* e = c.member(j, ptr, "exponential", false)) {
    d.kind = Distribution::Kind::exponential;
    d.a = c.number(*e, at(ptr, "exponential"), 0.001, kMaxSeconds).value_or(1.0);
  }
  if (const json* v = c.member(j, ptr, "min", false))
    d.min = c.number(*v, at(ptr, "min"), 0.0, kMaxSeconds).value_or(0.0);
  if (const json* v = c.member(j, ptr, "max", false))
    d.max = c.number(*v, at(ptr, "max"), 0.0, kMaxSeconds).value_or(kMaxSeconds);
  if (c.count() == before && d.max < d.min) c.error(at(ptr, "max"), "max is below min");
  if (c.count() != before) return std::nullopt;
  return d;
}

// Applies the keys given in `j` on top of `model`.
void parse_person_model(Checker& c, const json& j, const std::string& ptr, PersonModel& model) {
  if (!c.object(j, ptr, {"answer_probability", "answer_seconds", "call_seconds"})) return;
  if (const json* v = c.member(j, ptr, "answer_probability", false)) {
    if (auto p = c.number(*v, at(ptr, "answer_probability"), 0.0, 1.0))
      model.answer_probability = *p;
  }
  if (const json* v = c.member(j, ptr, "answer_seconds", false)) {
    if (auto d = parse_distribution(c, *v, at(ptr, "answer_seconds"))) model.answer_seconds = *d;
  }
  if (const json* v = c.member(j, ptr, "call_seconds", false)) {
    if (auto d = parse_distribution(c, *v, at(ptr, "call_seconds"))) {
      if (d->max < 1.0)
        c.error(at(ptr, "call_seconds"), "a call lasts at least 1 second; raise 'max'");
      else
        model.call_seconds = *d;
    }
  }
}

std::optional<std::array<double, 24>> parse_rates(Checker& c, const json& j,
                                                  const std::string& ptr) {
  if (!j.is_array() || j.size() != 24) {
    c.error(ptr, "expected 24 numbers (calls per hour for local hours 00..23), found " +
                     json_type_name(j) +
                     (j.is_array() ? " of " + std::to_string(j.size()) + " values" : ""));
    return std::nullopt;
  }
  std::array<double, 24> out{};
  const auto before = c.count();
  for (std::size_t h = 0; h < 24; ++h)
    out[h] = c.number(j[h], at(ptr, h), 0.0, 3600.0).value_or(0.0);
  if (c.count() != before) return std::nullopt;
  return out;
}

std::optional<HourlyRates> parse_arrivals(Checker& c, const json& j, const std::string& ptr) {
  if (!c.object(j, ptr, {"weekday", "saturday", "sunday", "holiday", "weekend"}))
    return std::nullopt;
  const auto before = c.count();
  HourlyRates rates{};
  std::array<bool, 4> given{};
  for (DayType t : kHoursDayTypes) {
    const std::string key{to_string(t)};
    if (const json* v = c.member(j, ptr, key, false)) {
      if (auto r = parse_rates(c, *v, at(ptr, key))) rates[hours_index(t)] = *r;
      given[hours_index(t)] = true;
    }
  }
  if (const json* v = c.member(j, ptr, "weekend", false)) {
    if (j.contains("saturday") || j.contains("sunday")) {
      c.error(at(ptr, "weekend"), "give either 'weekend' or 'saturday'/'sunday', not both");
    } else if (auto r = parse_rates(c, *v, at(ptr, "weekend"))) {
      rates[hours_index(DayType::saturday)] = *r;
      rates[hours_index(DayType::sunday)] = *r;
      given[hours_index(DayType::saturday)] = given[hours_index(DayType::sunday)] = true;
    } else {
      given[hours_index(DayType::saturday)] = given[hours_index(DayType::sunday)] = true;
    }
  }
  for (DayType t : kHoursDayTypes) {
    if (!given[hours_index(t)]) {
      c.error(ptr, "missing rates for '" + std::string(to_string(t)) +
                       "' (24 numbers; all zero for no calls)");
    }
  }
  if (c.count() != before) return std::nullopt;
  return rates;
}

std::optional<std::size_t> find_person(const Site& site, std::string_view id) {
  for (std::size_t i = 0; i < site.people.size(); ++i) {
    if (site.people[i].id == id) return i;
  }
  return std::nullopt;
}

std::string people_ids(const Site& site) {
  std::vector<std::string> ids;
  for (const Person& p : site.people) ids.push_back(p.id);
  return join(ids);
}

std::string desk_ids(const Line& line) {
  std::vector<std::string> ids;
  for (const Desk& d : line.desks) ids.push_back(d.id);
  return join(ids);
}

std::optional<std::size_t> desk_index(const Line& line, std::string_view id) {
  for (std::size_t i = 0; i < line.desks.size(); ++i) {
    if (line.desks[i].id == id) return i;
  }
  return std::nullopt;
}

void parse_call(Checker& c, const json& j, const std::string& ptr, const Scenario& s,
                std::vector<ScriptedCall>& out) {
  if (!c.object(j, ptr, {"at", "desk", "length_seconds", "answers", "note", "expect"})) return;
  const auto before = c.count();
  ScriptedCall call;
  call.pointer = ptr;
  call.desk = s.line->default_desk;
  if (auto text = c.string(j, ptr, "at", true)) {
    auto t = parse_time(*text, *s.line->zone, Fold::earlier);
    if (!t) {
      c.error(at(ptr, "at"), t.error());
    } else if (t->ambiguous) {
      c.error(at(ptr, "at"), "local time '" + *text + "' happens twice in " + s.line->zone->name() +
                                 " (clocks go back); write it with its UTC offset, e.g. '" + *text +
                                 "+02:00' or '" + *text + "+01:00'");
    } else {
      call.at = t->instant;
    }
  }
  if (auto d = c.string(j, ptr, "desk", false)) {
    if (auto i = desk_index(*s.line, *d))
      call.desk = *i;
    else
      c.error(at(ptr, "desk"), "unknown desk '" + *d + "' (desks: " + desk_ids(*s.line) + ")");
  }
  if (const json* v = c.member(j, ptr, "length_seconds", false)) {
    if (auto n = c.integer(*v, at(ptr, "length_seconds"), 1, 86400))
      call.length = std::chrono::seconds{*n};
  }
  if (const json* v = c.member(j, ptr, "answers", false)) {
    const std::string p = at(ptr, "answers");
    if (!v->is_array()) {
      c.error(p,
              "expected an array with, per attempt, false (no answer), a number of seconds "
              "(answers after that long) or null (the person's model), found " +
                  json_type_name(*v));
    } else {
      for (std::size_t i = 0; i < v->size(); ++i) {
        const json& e = (*v)[i];
        if (e.is_null()) {
          call.answers.emplace_back();
        } else if (e.is_boolean()) {
          if (e.get<bool>()) {
            c.error(at(p, i), "true is not enough: give the seconds until the answer, e.g. 5");
          }
          call.answers.emplace_back(ScriptedAnswer{false, {}});
        } else if (auto n = c.integer(e, at(p, i), 0, 3600)) {
          call.answers.emplace_back(ScriptedAnswer{true, std::chrono::seconds{*n}});
        }
      }
    }
  }
  if (auto note = c.string(j, ptr, "note", false)) call.note = *note;
  if (const json* e = c.member(j, ptr, "expect", false)) {
    const std::string p = at(ptr, "expect");
    if (c.object(*e, p, {"outcome", "by", "wait_seconds"})) {
      if (auto o = c.string(*e, p, "outcome", false)) {
        call.expect.outcome = simulated_outcome_from_string(*o);
        if (!call.expect.outcome) {
          c.error(at(p, "outcome"),
                  "unknown outcome '" + *o + "' (answered, fallback, gap, closed)");
        }
      }
      if (auto by = c.string(*e, p, "by", false)) {
        call.expect.answered_by = find_person(*s.site, *by);
        if (!call.expect.answered_by) {
          c.error(at(p, "by"),
                  "unknown person '" + *by + "' (people: " + people_ids(*s.site) + ")");
        }
      }
      if (const json* w = c.member(*e, p, "wait_seconds", false)) {
        if (auto n = c.integer(*w, at(p, "wait_seconds"), 0, 86400))
          call.expect.wait = std::chrono::seconds{*n};
      }
    }
  }
  if (c.count() == before) out.push_back(std::move(call));
}

void parse_root(Checker& c, const json& root, const Schedule& schedule, Scenario& s) {
  if (!c.object(
          root, "",
          {"name", "description", "seed", "line", "from", "to", "arrivals", "people", "calls"})) {
    return;
  }
  s.name = c.string(root, "", "name", true).value_or("");
  if (auto d = c.string(root, "", "description", false)) s.description = *d;
  if (const json* v = c.member(root, "", "seed", true)) {
    if (!v->is_number_integer() ||
        (v->is_number_integer() && !v->is_number_unsigned() && v->get<long long>() < 0)) {
      c.error("/seed", "expected a whole number 0..18446744073709551615, found " +
                           (v->is_number() ? std::string("a negative or fractional number")
                                           : json_type_name(*v)));
    } else {
      s.seed = v->get<std::uint64_t>();
    }
  }
  if (auto number = c.string(root, "", "line", false)) {
    const auto ref = schedule.find_line(*number);
    if (!ref) {
      std::vector<std::string> known;
      for (const Site& site : schedule.sites()) {
        for (const Line& l : site.lines) known.push_back(l.number);
      }
      c.error("/line", "no line with number '" + *number +
                           "' in the configuration (lines: " + join(known) + ")");
      return;
    }
    s.site = ref.site;
    s.line = ref.line;
  } else if (!root.contains("line")) {
    const auto ref = schedule.first_line();
    if (!ref) {
      c.error("", "the configuration has no lines");
      return;
    }
    s.site = ref.site;
    s.line = ref.line;
  } else {
    return;
  }
  s.from = c.date_value(root, "", "from");
  s.to = c.date_value(root, "", "to");
  if (s.from && s.to && *s.to < *s.from) c.error("/to", "'to' is before 'from'");

  s.arrivals.assign(s.line->desks.size(), std::nullopt);
  s.people.assign(s.site->people.size(), PersonModel{});

  if (const json* a = c.member(root, "", "arrivals", false)) {
    if (!a->is_object()) {
      c.error("/arrivals",
              "expected an object with rates per desk id, found " + json_type_name(*a));
    } else {
      for (const auto& [desk, rates] : a->items()) {
        const std::string p = at("/arrivals", desk);
        const auto i = desk_index(*s.line, desk);
        if (!i) {
          c.error(p, "unknown desk '" + desk + "' on line " + s.line->number +
                         " (desks: " + desk_ids(*s.line) + ")");
          continue;
        }
        s.arrivals[*i] = parse_arrivals(c, rates, p);
      }
    }
  }

  if (const json* p = c.member(root, "", "people", false)) {
    if (!p->is_object()) {
      c.error("/people", "expected an object with models per person id (and 'default'), found " +
                             json_type_name(*p));
    } else {
      PersonModel base;
      if (const json* d = c.member(*p, "/people", "default", false))
        parse_person_model(c, *d, "/people/default", base);
      for (PersonModel& m : s.people) m = base;
      for (const auto& [id, model] : p->items()) {
        if (id == "default" || id == "$comment" || id == "comment") continue;
        const std::string ptr = at("/people", id);
        const auto i = find_person(*s.site, id);
        if (!i) {
          c.error(ptr, "unknown person '" + id + "' in " + s.site->name +
                           " (people: " + people_ids(*s.site) + ")");
          continue;
        }
        parse_person_model(c, model, ptr, s.people[*i]);
      }
    }
  }

  if (const json* calls = c.member(root, "", "calls", false)) {
    if (!calls->is_array()) {
      c.error("/calls", "expected an array of calls, found " + json_type_name(*calls));
    } else {
      for (std::size_t i = 0; i < calls->size(); ++i)
        parse_call(c, (*calls)[i], at("/calls", i), s, s.calls);
    }
  }
  if (!root.contains("arrivals") && !root.contains("calls")) {
    c.error("",
            "a scenario needs 'arrivals' (rates per desk), 'calls' (an explicit list), or both");
  }
}

}  // namespace

std::optional<CallOutcome> simulated_outcome_from_string(std::string_view s) {
  for (CallOutcome o : kSimulatedOutcomes) {
    if (to_string(o) == s) return o;
  }
  return std::nullopt;
}

std::chrono::seconds Distribution::sample(double u) const {
  double v = a;
  switch (kind) {
    case Kind::fixed: v = a; break;
    case Kind::uniform: v = a + u * (b - a); break;
    case Kind::exponential: v = -a * std::log(1.0 - u); break;
  }
  v = std::clamp(v, min, max);
  return std::chrono::seconds{static_cast<long>(std::floor(v + 0.5))};
}

std::string Distribution::to_string() const {
  std::string s;
  switch (kind) {
    case Kind::fixed: s = "fixed " + format_number(a) + " s"; break;
    case Kind::uniform: s = "uniform " + format_number(a) + ".." + format_number(b) + " s"; break;
    case Kind::exponential: s = "exponential, mean " + format_number(a) + " s"; break;
  }
  const bool has_min = min > 0.0;
  const bool has_max = std::isfinite(max);
  if (has_min || has_max) {
    s += " (";
    if (has_min) s += "min " + format_number(min);
    if (has_min && has_max) s += ", ";
    if (has_max) s += "max " + format_number(max);
    s += ")";
  }
  return s;
}

double Scenario::expected_calls_per_day(DayType statutory) const {
  double sum = 0.0;
  for (const auto& rates : arrivals) {
    if (!rates) continue;
    for (double r : (*rates)[hours_index(statutory)]) sum += r;
  }
  return sum;
}

std::string ScenarioError::to_string() const {
  std::string s = source + ": ";
  if (!pointer.empty()) s += pointer + ": ";
  return s + message;
}

tl::expected<Scenario, ScenarioErrors> parse_scenario(std::string_view text,
                                                      std::string_view source,
                                                      const Schedule& schedule) {
  Checker c{std::string(source)};
  auto parsed = parse_checked(text, c);
  if (!parsed) return tl::unexpected(c.take());
  const json& root = *parsed;
  Scenario s;
  s.source = std::string(source);
  try {
    parse_root(c, root, schedule, s);
  } catch (const std::exception& e) {
    c.error("", std::string("unexpected structure: ") + e.what());
  }
  if (c.count() != 0) return tl::unexpected(c.take());
  return s;
}

tl::expected<Scenario, ScenarioErrors> load_scenario_file(const std::string& path,
                                                          const Schedule& schedule) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(ScenarioErrors{{path, "", "cannot open the file"}});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return tl::unexpected(ScenarioErrors{{path, "", "cannot read the file"}});
  return parse_scenario(text.str(), path, schedule);
}

}  // namespace samtel::sim
