// Applying a change to a site's document (samtel/site_change.hpp): find what the request names,
// edit a copy, record what changed, and load the result with the file's loader.
#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "samtel/period.hpp"
#include "samtel/site_change.hpp"
#include "samtel/text.hpp"

namespace samtel {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ConfigError request_error(std::string pointer, std::string message) {
  return ConfigError{std::string(kChangeSource), std::move(pointer), std::move(message)};
}

std::string at(const std::string& ptr, std::string_view key) {
  return ptr + "/" + std::string(key);
}
std::string at(const std::string& ptr, std::size_t i) { return ptr + "/" + std::to_string(i); }

// A string member, or "" (the loader checks the document; here only what was found is used).
std::string str(const ordered_json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The list `key` of `obj`, created empty when missing; nullptr if something else is there.
ordered_json* list_member(ordered_json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end()) {
    obj[std::string(key)] = ordered_json::array();
    it = obj.find(key);
  }
  return it->is_array() ? &*it : nullptr;
}

const ordered_json& list_or_empty(const ordered_json& obj, std::string_view key) {
  static const ordered_json empty = ordered_json::array();
  if (!obj.is_object()) return empty;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : empty;
}

// The element of `list` whose `key` is `value`.
std::optional<std::size_t> find_by(const ordered_json& list, std::string_view key,
                                   std::string_view value) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (str(list[i], key) == value) return i;
  }
  return std::nullopt;
}

// "amm, kardiologi, ..." as the loader lists what is known (at most twelve).
std::string known(const ordered_json& list, std::string_view key) {
  std::string out;
  std::size_t n = 0;
  for (const ordered_json& e : list) {
    if (n++ == 12) {
      out += ", ...";
      break;
    }
    out += (out.empty() ? "" : ", ") + str(e, key);
  }
  return out.empty() ? "none" : out;
}

// "2026-12-02T08:00" as people read it: "2026-12-02 08:00".
std::string time_text(std::string t) {
  if (t.size() > 10 && (t[10] == 'T' || t[10] == 't')) t[10] = ' ';
  return t;
}

// "08:00-22:00, 23:00-23:30" or "closed".
std::string windows_text(const ordered_json& windows) {
  if (!windows.is_array() || windows.empty()) return "closed";
  std::string out;
  for (const ordered_json& w : windows) {
    out += (out.empty() ? "" : ", ") + (w.is_string() ? w.get<std::string>() : w.dump());
  }
  return out;
}

// "2026-12-27" or "2026-12-27 – 2026-12-30".
std::string dates_text(const ordered_json& date) {
  if (date.is_array() && date.size() == 2 && date[0].is_string() && date[1].is_string()) {
    return date[0].get<std::string>() + " – " + date[1].get<std::string>();
  }
  return date.is_string() ? date.get<std::string>() : date.dump();
}

// A copy of the document being changed, what changed in it and the change in words.
class Draft {
 public:
  explicit Draft(const ordered_json& site) : site_(site) {}

  ordered_json& site() { return site_; }
  void record(const std::string& pointer, const ordered_json& before, const ordered_json& after) {
    fields_.push_back({{"pointer", pointer}, {"before", json(before)}, {"after", json(after)}});
  }
  void say(std::string summary) { summary_ = std::move(summary); }
  AppliedChange finish(ChangeKind kind) {
    return AppliedChange{std::move(site_),
                         json{{"kind", std::string(to_string(kind))}, {"fields", fields_}},
                         std::move(summary_)};
  }

  std::string person_name(std::string_view id) const {
    const ordered_json& people = list_or_empty(site_, "people");
    const auto i = find_by(people, "id", id);
    const std::string name = i ? str(people[*i], "name") : std::string();
    return name.empty() ? std::string(id) : name;
  }

 private:
  ordered_json site_;
  json fields_ = json::array();
  std::string summary_;
};

using Errors = ConfigErrors;

// The rota the request names, by id.
std::optional<std::size_t> find_rota(Draft& d, const ordered_json& req, Errors& errors) {
  const std::string id = str(req, "rota");
  const ordered_json& rotas = list_or_empty(d.site(), "rotas");
  if (auto i = find_by(rotas, "id", id)) return i;
  errors.push_back(request_error(
      "/rota", "unknown rota " + quote_value(id) + " (known: " + known(rotas, "id") + ")"));
  return std::nullopt;
}

void check_role(const ordered_json& rota, const ordered_json& req, Errors& errors) {
  const std::string role = str(req, "role");
  const ordered_json& roles = list_or_empty(rota, "roles");
  if (find_by(roles, "id", role)) return;
  errors.push_back(request_error("/role", "rota " + quote_value(str(rota, "id")) + " has no role " +
                                              quote_value(role) + " (roles: " + known(roles, "id") +
                                              ")"));
}

std::optional<std::size_t> find_person(Draft& d, const ordered_json& req, std::string_view key,
                                       Errors& errors) {
  const std::string id = str(req, key);
  const ordered_json& people = list_or_empty(d.site(), "people");
  if (auto i = find_by(people, "id", id)) return i;
  errors.push_back(
      request_error("/" + std::string(key),
                    "unknown person " + quote_value(id) + " (known: " + known(people, "id") + ")"));
  return std::nullopt;
}

// The request's members `keys`, in this order, those present only.
ordered_json entry_of(const ordered_json& req, std::initializer_list<std::string_view> keys) {
  ordered_json out = ordered_json::object();
  for (std::string_view k : keys) {
    if (req.contains(k)) out[std::string(k)] = req.at(std::string(k));
  }
  return out;
}

// Adds `entry` to the rota's list `list_key`; returns its pointer.
std::optional<std::string> append_to_rota(Draft& d, std::size_t rota, std::string_view list_key,
                                          const ordered_json& entry, Errors& errors) {
  const std::string rp = at("/rotas", rota);
  ordered_json* list = list_member(d.site()["rotas"][rota], list_key);
  if (list == nullptr) {
    errors.push_back(ConfigError{std::string(kChangedSiteSource), at(rp, list_key),
                                 "expected an array, found something else"});
    return std::nullopt;
  }
  list->push_back(entry);
  const std::string pointer = at(at(rp, list_key), list->size() - 1);
  d.record(pointer, nullptr, entry);
  return pointer;
}

std::string role_and_rota(const ordered_json& entry, const ordered_json& req) {
  return "(" + str(entry, "role") + ", " + str(req, "rota") + ")";
}

std::string span_text(const ordered_json& entry) {
  return time_text(str(entry, "start")) + " – " + time_text(str(entry, "end"));
}

std::string override_text(Draft& d, const ordered_json& o, const ordered_json& req, bool removed) {
  std::string s = d.person_name(str(o, "person"));
  if (o.contains("replaces")) {
    s += (removed ? " covering " : " covers ") + d.person_name(str(o, "replaces")) + " " +
         role_and_rota(o, req);
  } else {
    s += (removed ? " taking " : " takes ") + str(o, "role") + " (" + str(req, "rota") + ")";
  }
  s += " " + span_text(o);
  if (!str(o, "reason").empty()) s += ": " + str(o, "reason");
  return s;
}

std::string shift_text(Draft& d, const ordered_json& s, const ordered_json& req) {
  std::string out = d.person_name(str(s, "person")) + " as " + str(s, "role") + " (" +
                    str(req, "rota") + ") " + span_text(s);
  if (s.contains("address")) out += " on " + str(s, "address");
  if (!str(s, "note").empty()) out += ": " + str(s, "note");
  return out;
}

std::string swap_text(const ordered_json& s, const ordered_json& req) {
  const ordered_json& occ = list_or_empty(s, "occurrences");
  std::string out = role_and_rota(s, req) + ": the shifts from ";
  out += occ.size() == 2 && occ[0].is_string() && occ[1].is_string()
             ? time_text(occ[0].get<std::string>()) + " and " + time_text(occ[1].get<std::string>())
             : occ.dump();
  out += " exchanged";
  if (!str(s, "reason").empty()) out += ": " + str(s, "reason");
  return out;
}

void override_add(Draft& d, const ordered_json& req, Errors& errors) {
  const auto rota = find_rota(d, req, errors);
  if (rota) check_role(d.site()["rotas"][*rota], req, errors);
  find_person(d, req, "person", errors);
  if (req.contains("replaces")) find_person(d, req, "replaces", errors);
  if (!errors.empty()) return;
  const ordered_json entry =
      entry_of(req, {"role", "person", "start", "end", "replaces", "reason"});
  if (!append_to_rota(d, *rota, "overrides", entry, errors)) return;
  d.say("Override: " + override_text(d, entry, req, false));
}

void swap_add(Draft& d, const ordered_json& req, Errors& errors) {
  const auto rota = find_rota(d, req, errors);
  if (rota) check_role(d.site()["rotas"][*rota], req, errors);
  if (!errors.empty()) return;
  const ordered_json entry = entry_of(req, {"role", "occurrences", "reason"});
  if (!append_to_rota(d, *rota, "swaps", entry, errors)) return;
  d.say("Swap " + swap_text(entry, req));
}

void shift_add(Draft& d, const ordered_json& req, Errors& errors) {
  const auto rota = find_rota(d, req, errors);
  if (rota) check_role(d.site()["rotas"][*rota], req, errors);
  const auto person = find_person(d, req, "person", errors);
  if (person && req.contains("address")) {
    const ordered_json& addresses = list_or_empty(d.site()["people"][*person], "addresses");
    const std::string label = str(req, "address");
    if (!find_by(addresses, "label", label)) {
      errors.push_back(request_error(
          "/address", "person " + quote_value(str(req, "person")) + " has no address labelled " +
                          quote_value(label) + " (labels: " + known(addresses, "label") + ")"));
    }
  }
  if (!errors.empty()) return;
  const ordered_json entry = entry_of(req, {"role", "person", "start", "end", "address", "note"});
  if (!append_to_rota(d, *rota, "shifts", entry, errors)) return;
  d.say("Shift: " + shift_text(d, entry, req));
}

// A roster's shifts (samtel/roster_import.hpp), appended to the rota in the request's order.
// Whether they overlap is asked of the loaded result (shifts_import_loaded()), which has their
// instants.
void shifts_import(Draft& d, const ordered_json& req, Errors& errors) {
  const auto rota = find_rota(d, req, errors);
  const ordered_json& shifts = req["shifts"];
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    const std::string p = at("/shifts", i);
    const ordered_json& s = shifts[i];
    if (rota) {
      const ordered_json& r = d.site()["rotas"][*rota];
      const ordered_json& roles = list_or_empty(r, "roles");
      if (!find_by(roles, "id", str(s, "role"))) {
        errors.push_back(request_error(at(p, "role"), "rota " + quote_value(str(r, "id")) +
                                                          " has no role " +
                                                          quote_value(str(s, "role")) +
                                                          " (roles: " + known(roles, "id") + ")"));
      }
    }
    const ordered_json& people = list_or_empty(d.site(), "people");
    if (!find_by(people, "id", str(s, "person"))) {
      errors.push_back(request_error(at(p, "person"), "unknown person " +
                                                          quote_value(str(s, "person")) +
                                                          " (known: " + known(people, "id") + ")"));
    }
  }
  if (!errors.empty()) return;
  for (const ordered_json& s : shifts) {
    const ordered_json entry = entry_of(s, {"role", "person", "start", "end", "note"});
    if (!append_to_rota(d, *rota, "shifts", entry, errors)) return;
  }
}

// "Overlege Tor Nes as primary 2027-03-01 08:00 – 2027-03-02 08:00".
std::string duty_shift_text(const Site& site, const Rota& rota, const DutyShift& s) {
  return site.people[s.person].name + " as " + rota.roles[s.role].id + " " +
         format_local(*site.zone, s.start) + " – " + format_local(*site.zone, s.end);
}

// The shifts of a shifts_import in the loaded new site (the rota's last ones): none may overlap
// another of the request or one the rota had in the same role. Then the change in words.
void shifts_import_loaded(Draft& d, const Site& site, const ordered_json& req, Errors& errors) {
  const Rota* rota = nullptr;
  for (const Rota& r : site.rotas) {
    if (r.id == str(req, "rota")) rota = &r;
  }
  const std::size_t count = req["shifts"].size();
  if (rota == nullptr || rota->shifts.size() < count) return;
  const std::size_t first = rota->shifts.size() - count;
  const auto& all = rota->shifts;
  std::vector<std::size_t> order;
  for (std::size_t i = first; i < all.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return all[a].role != all[b].role ? all[a].role < all[b].role : all[a].start < all[b].start;
  });
  std::optional<std::size_t> reach;  // of this role so far, the shift that ends last
  for (std::size_t i : order) {
    if (reach && all[*reach].role != all[i].role) reach.reset();
    if (reach && all[i].start < all[*reach].end) {
      errors.push_back(request_error(at(at("/shifts", i - first), "start"),
                                     "overlaps shift " + std::to_string(*reach - first) +
                                         " of the import (" +
                                         duty_shift_text(site, *rota, all[*reach]) + ")"));
    }
    if (!reach || all[*reach].end < all[i].end) reach = i;
  }
  for (std::size_t i = first; i < all.size(); ++i) {
    for (std::size_t k = 0; k < first; ++k) {
      if (all[k].role != all[i].role || !(all[k].start < all[i].end && all[i].start < all[k].end))
        continue;
      errors.push_back(
          request_error(at(at("/shifts", i - first), "start"),
                        "overlaps the rota's shift " + std::to_string(k) + " (" +
                            duty_shift_text(site, *rota, all[k]) +
                            "): remove it first (shift_remove), or leave this shift out"));
      break;
    }
  }
  if (!errors.empty()) return;
  std::vector<std::size_t> per_role(rota->roles.size());
  Instant from = all[first].start, to = all[first].end;
  for (std::size_t i = first; i < all.size(); ++i) {
    ++per_role[all[i].role];
    from = std::min(from, all[i].start);
    to = std::max(to, all[i].end);
  }
  std::string roles;
  for (std::size_t r = 0; r < per_role.size(); ++r) {
    if (per_role[r] == 0) continue;
    roles += (roles.empty() ? "" : ", ") + std::to_string(per_role[r]) + " " + rota->roles[r].id;
  }
  const std::string source = str(req, "source");
  d.say("Roster imported" + (source.empty() ? std::string() : " from " + source) + ": " +
        std::to_string(count) + " shift(s) in " + rota->id + " (" + roles + ") " +
        format_local(*site.zone, from) + " – " + format_local(*site.zone, to));
}

// Removes entry `index` of the rota's list; `what` names one ("override").
void remove_from_rota(Draft& d, const ordered_json& req, std::string_view list_key,
                      std::string_view what, Errors& errors) {
  const auto rota = find_rota(d, req, errors);
  if (!rota) return;
  ordered_json& r = d.site()["rotas"][*rota];
  const auto index = req.at("index").get<std::size_t>();
  const ordered_json& list = list_or_empty(r, list_key);
  if (index >= list.size()) {
    const std::string rota_id = quote_value(str(req, "rota"));
    errors.push_back(request_error(
        "/index", list.empty()
                      ? "rota " + rota_id + " has no " + std::string(list_key)
                      : "rota " + rota_id + " has " + std::to_string(list.size()) + " " +
                            std::string(list_key) + " (0.." + std::to_string(list.size() - 1) +
                            "); there is no " + std::string(what) + " " + std::to_string(index)));
    return;
  }
  const ordered_json removed = list[index];
  r[std::string(list_key)].erase(index);
  d.record(at(at(at("/rotas", *rota), list_key), index), removed, nullptr);
  if (list_key == "overrides") {
    d.say("Override removed: " + override_text(d, removed, req, true));
  } else if (list_key == "shifts") {
    d.say("Shift removed: " + shift_text(d, removed, req));
  } else {
    d.say("Swap removed " + swap_text(removed, req));
  }
}

// Where a special day goes: the site's list, a line's or a desk's.
struct Place {
  std::string pointer;  // of the object holding the list: "", "/lines/0", "/lines/0/desks/2"
  std::string words;    // "site", "line 73553888", "desk medisin of line 73553888"
};

std::optional<Place> find_place(Draft& d, const ordered_json& req, Errors& errors) {
  const ordered_json& lines = list_or_empty(d.site(), "lines");
  const bool has_line = req.contains("line");
  const bool has_desk = req.contains("desk");
  if (!has_line && !has_desk) return Place{"", "site"};
  std::optional<std::size_t> line;
  if (has_line) {
    line = find_by(lines, "number", str(req, "line"));
    if (!line) {
      errors.push_back(request_error("/line", "unknown line " + quote_value(str(req, "line")) +
                                                  " (lines: " + known(lines, "number") + ")"));
      return std::nullopt;
    }
  }
  const std::string desk = str(req, "desk");
  if (!has_desk) return Place{at("/lines", *line), "line " + str(lines[*line], "number")};
  if (!line) {
    std::vector<std::size_t> with;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (find_by(list_or_empty(lines[i], "desks"), "id", desk)) with.push_back(i);
    }
    if (with.empty()) {
      errors.push_back(request_error("/desk", "no line has a desk " + quote_value(desk)));
      return std::nullopt;
    }
    if (with.size() > 1) {
      errors.push_back(request_error(
          "/line", "desk " + quote_value(desk) + " is on several lines; give 'line'"));
      return std::nullopt;
    }
    line = with.front();
  }
  const ordered_json& desks = list_or_empty(lines[*line], "desks");
  const auto k = find_by(desks, "id", desk);
  if (!k) {
    errors.push_back(request_error("/desk", "line " + str(lines[*line], "number") +
                                                " has no desk " + quote_value(desk) +
                                                " (desks: " + known(desks, "id") + ")"));
    return std::nullopt;
  }
  return Place{at(at(at("/lines", *line), "desks"), *k),
               "desk " + desk + " of line " + str(lines[*line], "number")};
}

ordered_json& object_at(Draft& d, const std::string& pointer) {
  return pointer.empty() ? d.site() : d.site()[ordered_json::json_pointer(pointer)];
}

void special_day_add(Draft& d, const ordered_json& req, Errors& errors) {
  const auto place = find_place(d, req, errors);
  if (!place) return;
  ordered_json* list = list_member(object_at(d, place->pointer), "special_days");
  if (list == nullptr) {
    errors.push_back(ConfigError{std::string(kChangedSiteSource),
                                 at(place->pointer, "special_days"),
                                 "expected an array, found something else"});
    return;
  }
  for (const ordered_json& e : *list) {
    if (e.contains("date") && e["date"] == req["date"]) {
      errors.push_back(request_error(
          "/date", "the " + place->words + "'s special days have " + quote_value(str(e, "name")) +
                       " on " + dates_text(e["date"]) + " already; remove it first"));
      return;
    }
  }
  const ordered_json entry = entry_of(req, {"name", "date", "treat_as", "hours"});
  // First in its list: a dated day an administrator adds wins over the list's general rules
  // (a yearly Julaften), since the first rule that matches a date decides it.
  list->insert(list->begin(), entry);
  d.record(at(at(place->pointer, "special_days"), std::size_t{0}), nullptr, entry);
  const std::string treatment = entry.contains("treat_as")
                                    ? str(entry, "treat_as") + " hours"
                                    : "hours " + windows_text(entry.value("hours", ordered_json()));
  d.say("Special day " + quote_value(str(entry, "name")) + " on " + dates_text(entry["date"]) +
        " (" + place->words + "): " + treatment);
}

void special_day_remove(Draft& d, const ordered_json& req, Errors& errors) {
  const auto place = find_place(d, req, errors);
  if (!place) return;
  ordered_json& owner = object_at(d, place->pointer);
  const ordered_json& list = list_or_empty(owner, "special_days");
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].contains("date") || list[i]["date"] != req["date"]) continue;
    const ordered_json removed = list[i];
    owner["special_days"].erase(i);
    d.record(at(at(place->pointer, "special_days"), i), removed, nullptr);
    d.say("Special day removed: " + quote_value(str(removed, "name")) + " on " +
          dates_text(removed["date"]) + " (" + place->words + ")");
    return;
  }
  std::string dates;
  for (const ordered_json& e : list) {
    if (e.contains("date")) dates += (dates.empty() ? "" : ", ") + dates_text(e["date"]);
  }
  errors.push_back(request_error(
      "/date", "the " + place->words + " has no special day on " + dates_text(req["date"]) +
                   " (dated ones: " + (dates.empty() ? "none" : dates) + ")"));
}

void hours_set(Draft& d, const ordered_json& req, Errors& errors) {
  if (!req.contains("line") && req.contains("desk")) return;  // parse_change requires 'line'
  const auto place = find_place(d, req, errors);
  if (!place) return;
  ordered_json& owner = object_at(d, place->pointer);
  const bool desk = req.contains("desk");
  std::string note;
  if (!owner.contains("hours")) {
    if (!desk) {
      errors.push_back(request_error("/line", "line " + str(req, "line") +
                                                  " has no hours of its own (each desk has its "
                                                  "own): give 'desk'"));
      return;
    }
    // The desk follows its line's hours: it gets its own, the line's versions and then the new.
    const ordered_json& line =
        object_at(d, place->pointer.substr(0, place->pointer.find("/desks")));
    owner["hours"] = line.contains("hours") ? line["hours"] : ordered_json::array();
    note = " (the desk gets hours of its own: its line's versions, then this one)";
  }
  if (!owner["hours"].is_array()) {
    errors.push_back(ConfigError{std::string(kChangedSiteSource), at(place->pointer, "hours"),
                                 "expected an array, found something else"});
    return;
  }
  ordered_json version = ordered_json::object();
  version["from"] = req["from"];
  for (const auto& [key, windows] : req["hours"].items()) version[key] = windows;
  ordered_json& versions = owner["hours"];
  const std::string list_pointer = at(place->pointer, "hours");
  bool replaced = false;
  std::size_t index = versions.size();
  for (std::size_t i = 0; i < versions.size(); ++i) {
    if (str(versions[i], "from") == str(req, "from")) index = i;
  }
  if (!note.empty()) {
    versions.push_back(version);
    d.record(list_pointer, nullptr, versions);
  } else if (index < versions.size()) {
    d.record(at(list_pointer, index), versions[index], version);
    versions[index] = version;
    replaced = true;
  } else {
    versions.push_back(version);
    d.record(at(list_pointer, index), nullptr, version);
  }
  std::string windows;
  for (const auto& [key, value] : req["hours"].items()) {
    windows += (windows.empty() ? "" : "; ") + key + " " + windows_text(value);
  }
  d.say("Hours of " + place->words + " from " + str(req, "from") + ": " + windows +
        (replaced ? " (replaces the version from that date)" : "") + note);
}

void person_update(Draft& d, const ordered_json& req, Errors& errors) {
  const auto i = find_person(d, req, "person", errors);
  if (!i) return;
  ordered_json& person = d.site()["people"][*i];
  const std::string pp = at("/people", *i);
  const std::string old_name = d.person_name(str(req, "person"));
  std::string words;
  for (std::string_view key : {"name", "addresses"}) {
    if (!req.contains(key)) continue;
    const std::string k(key);
    d.record(at(pp, key), person.contains(k) ? person[k] : ordered_json(), req[k]);
    person[k] = req[k];
  }
  if (req.contains("name")) words += "name " + quote_value(str(req, "name"));
  if (req.contains("addresses")) {
    std::string list;
    for (const ordered_json& a : list_or_empty(req, "addresses")) {
      list += (list.empty() ? "" : ", ") + str(a, "label") + " " + str(a, "uri");
    }
    words += std::string(words.empty() ? "" : "; ") + "addresses " + list;
  }
  d.say("Person " + old_name + ": " + words);
}

void person_add(Draft& d, const ordered_json& req, Errors& errors) {
  const std::string id = str(req, "id");
  const ordered_json& people = list_or_empty(d.site(), "people");
  if (find_by(people, "id", id)) {
    errors.push_back(request_error("/id", "a person with id " + quote_value(id) +
                                              " exists already (" + d.person_name(id) + ")"));
    return;
  }
  ordered_json* list = list_member(d.site(), "people");
  if (list == nullptr) {
    errors.push_back(ConfigError{std::string(kChangedSiteSource), "/people",
                                 "expected an array, found something else"});
    return;
  }
  const ordered_json entry = entry_of(req, {"id", "name", "addresses"});
  list->push_back(entry);
  d.record(at("/people", list->size() - 1), nullptr, entry);
  d.say("Person added: " + str(entry, "name") + " (" + id + ")");
}

void person_retire(Draft& d, const ordered_json& req, Errors& errors) {
  const auto i = find_person(d, req, "person", errors);
  if (!i) return;
  ordered_json& person = d.site()["people"][*i];
  d.record(at(at("/people", *i), "retired"),
           person.contains("retired") ? person["retired"] : ordered_json(), req["from"]);
  person["retired"] = req["from"];
  d.say("Person retired: " + d.person_name(str(req, "person")) + " from " + str(req, "from"));
}

// A planned maintenance window, last in the site's list.
void maintenance_add(Draft& d, const ordered_json& req, Errors& errors) {
  ordered_json* list = list_member(d.site(), "maintenance");
  if (list == nullptr) {
    errors.push_back(ConfigError{std::string(kChangedSiteSource), "/maintenance",
                                 "expected an array, found something else"});
    return;
  }
  if (find_by(*list, "id", str(req, "id"))) {
    errors.push_back(request_error("/id", "the site has a maintenance window " +
                                              quote_value(str(req, "id")) +
                                              " already; remove it first, or choose another id"));
    return;
  }
  const ordered_json entry = entry_of(req, {"id", "start", "end", "reason", "lines"});
  list->push_back(entry);
  d.record(at("/maintenance", list->size() - 1), nullptr, entry);
  std::string lines = "all lines";
  if (entry.contains("lines") && entry["lines"].is_array()) {
    lines = "line(s) ";
    for (std::size_t i = 0; i < entry["lines"].size(); ++i) {
      const ordered_json& l = entry["lines"][i];
      lines += (i == 0 ? "" : ", ") + (l.is_string() ? l.get<std::string>() : l.dump());
    }
  }
  d.say("Planned maintenance " + quote_value(str(entry, "id")) + " " +
        time_text(str(entry, "start")) + " – " + time_text(str(entry, "end")) + " (" + lines +
        "): " + str(entry, "reason"));
}

void maintenance_remove(Draft& d, const ordered_json& req, Errors& errors) {
  const ordered_json& list = list_or_empty(d.site(), "maintenance");
  const auto i = find_by(list, "id", str(req, "id"));
  if (!i) {
    errors.push_back(request_error("/id", "the site has no maintenance window " +
                                              quote_value(str(req, "id")) +
                                              " (known: " + known(list, "id") + ")"));
    return;
  }
  const ordered_json removed = list[*i];
  d.site()["maintenance"].erase(*i);
  d.record(at("/maintenance", *i), removed, nullptr);
  d.say("Planned maintenance removed: " + quote_value(str(removed, "id")) + " " +
        time_text(str(removed, "start")) + " – " + time_text(str(removed, "end")));
}

void site_replace(Draft& d, const ordered_json& req) {
  const ordered_json& next = req["site"];
  d.record("", d.site(), next);
  d.site() = next;
  const auto count = [&](std::string_view key) {
    return std::to_string(list_or_empty(next, key).size());
  };
  d.say("Whole site replaced: " + str(next.value("site", ordered_json()), "name") + " (" +
        count("people") + " people, " + count("rotas") + " rotas, " + count("lines") + " lines)");
}

}  // namespace

tl::expected<AppliedChange, ConfigErrors> apply_change(const ordered_json& site,
                                                       const SiteChange& change) {
  // The request may not have come through parse_change(); check it the same way.
  auto checked = parse_change(change.body);
  if (!checked) return tl::unexpected(checked.error());
  if (checked->kind != change.kind) {
    return tl::unexpected(ConfigErrors{
        request_error("/kind", "the request says " + quote_value(to_string(checked->kind)) +
                                   ", the change " + quote_value(to_string(change.kind)))});
  }
  if (!site.is_object()) {
    return tl::unexpected(ConfigErrors{
        {std::string(kChangedSiteSource), "", "the site document is not a JSON object"}});
  }
  const ordered_json& req = change.body;
  Errors errors;
  Draft d{site};
  try {
    switch (change.kind) {
      case ChangeKind::override_add: override_add(d, req, errors); break;
      case ChangeKind::override_remove:
        remove_from_rota(d, req, "overrides", "override", errors);
        break;
      case ChangeKind::swap_add: swap_add(d, req, errors); break;
      case ChangeKind::swap_remove: remove_from_rota(d, req, "swaps", "swap", errors); break;
      case ChangeKind::shift_add: shift_add(d, req, errors); break;
      case ChangeKind::shift_remove: remove_from_rota(d, req, "shifts", "shift", errors); break;
      case ChangeKind::shifts_import: shifts_import(d, req, errors); break;
      case ChangeKind::special_day_add: special_day_add(d, req, errors); break;
      case ChangeKind::special_day_remove: special_day_remove(d, req, errors); break;
      case ChangeKind::hours_set: hours_set(d, req, errors); break;
      case ChangeKind::person_update: person_update(d, req, errors); break;
      case ChangeKind::person_add: person_add(d, req, errors); break;
      case ChangeKind::person_retire: person_retire(d, req, errors); break;
      case ChangeKind::site_replace: site_replace(d, req); break;
      case ChangeKind::maintenance_add: maintenance_add(d, req, errors); break;
      case ChangeKind::maintenance_remove: maintenance_remove(d, req, errors); break;
    }
  } catch (const std::exception& e) {
    // A document shaped unlike a site (a rota that is not an object, ...); the loader says more.
    errors.push_back(ConfigError{std::string(kChangedSiteSource), "",
                                 std::string("cannot apply the change: ") + e.what()});
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  auto loaded = parse_site(d.site().dump(), kChangedSiteSource);
  if (!loaded) return tl::unexpected(std::move(loaded.error()));
  if (change.kind == ChangeKind::shifts_import) {
    shifts_import_loaded(d, *loaded, req, errors);
    if (!errors.empty()) return tl::unexpected(std::move(errors));
  }
  return d.finish(change.kind);
}

}  // namespace samtel
