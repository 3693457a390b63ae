// The vocabulary of changes and the reading of a request (samtel/site_change.hpp). Applying a
// change is in site_change_apply.cpp.
#include "samtel/site_change.hpp"

#include <array>
#include <utility>

#include "samtel/json_check.hpp"
#include "samtel/time.hpp"

namespace samtel {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::array<std::pair<ChangeKind, std::string_view>, 16> kKinds{{
    {ChangeKind::override_add, "override_add"},
    {ChangeKind::override_remove, "override_remove"},
    {ChangeKind::swap_add, "swap_add"},
    {ChangeKind::swap_remove, "swap_remove"},
    {ChangeKind::shift_add, "shift_add"},
    {ChangeKind::shift_remove, "shift_remove"},
    {ChangeKind::shifts_import, "shifts_import"},
    {ChangeKind::special_day_add, "special_day_add"},
    {ChangeKind::special_day_remove, "special_day_remove"},
    {ChangeKind::hours_set, "hours_set"},
    {ChangeKind::person_update, "person_update"},
    {ChangeKind::person_add, "person_add"},
    {ChangeKind::person_retire, "person_retire"},
    {ChangeKind::site_replace, "site_replace"},
    {ChangeKind::maintenance_add, "maintenance_add"},
    {ChangeKind::maintenance_remove, "maintenance_remove"},
}};

// The highest index a removal may name; far beyond any real list, small enough for any size_t.
constexpr long kMaxIndex = 1'000'000;

// Field checks in the loader's words, for a request (the root pointer is "").
class RequestChecker : public JsonChecker {
 public:
  // A reference to something by id: a non-empty string.
  void id(const json& j, std::string_view key, bool required = true) { text(j, "", key, required); }
  void date(const json& j, std::string_view key, bool required) {
    const auto s = text(j, "", key, required);
    if (!s) return;
    if (auto d = parse_date(*s); !d) error(pointer_at("", key), d.error());
  }
  // A time as the file writes it. Whether it exists in the site's zone is the loader's question;
  // here only whether it can be read at all (UTC has no gaps or repeats).
  void time(const json& j, std::string_view key) { time(j, "", key); }
  void time(const json& j, const std::string& ptr, std::string_view key) {
    const auto s = text(j, ptr, key, true);
    if (!s) return;
    if (auto t = parse_time(*s, *utc()); !t) error(pointer_at(ptr, key), t.error());
  }
  // A date, or [first, last], as a special day's "date".
  void date_or_range(const json& j, std::string_view key) {
    const json* v = member(j, "", key, true);
    if (v == nullptr) return;
    const std::string p = pointer_at("", key);
    const auto one = [&](const json& d, const std::string& dp) {
      if (!d.is_string()) {
        error(dp, "expected a date \"YYYY-MM-DD\", found " + json_type_name(d));
      } else if (auto parsed = parse_date(d.get<std::string>()); !parsed) {
        error(dp, parsed.error());
      }
    };
    if (v->is_array() && v->size() == 2) {
      one((*v)[0], pointer_at(p, std::size_t{0}));
      one((*v)[1], pointer_at(p, std::size_t{1}));
    } else if (v->is_string()) {
      one(*v, p);
    } else {
      error(p, "expected \"YYYY-MM-DD\" or [\"YYYY-MM-DD\", \"YYYY-MM-DD\"], found " +
                   json_type_name(*v));
    }
  }
  void index(const json& j) { integer(j, "", "index", true, 0, kMaxIndex); }
  void object_member(const json& j, std::string_view key, bool required) {
    const json* v = member(j, "", key, required);
    if (v != nullptr && !v->is_object()) {
      error(pointer_at("", key), "expected an object, found " + json_type_name(*v));
    }
  }

 private:
  static const Zone* utc() {
    static const Zone* zone = find_zone("UTC").value_or(nullptr);
    return zone;
  }
};

void check_fields(RequestChecker& c, ChangeKind kind, const json& j) {
  switch (kind) {
    case ChangeKind::override_add:
      if (!c.object(j, "",
                    {"kind", "rota", "role", "person", "start", "end", "replaces", "reason"}))
        return;
      c.id(j, "rota");
      c.id(j, "role");
      c.id(j, "person");
      c.time(j, "start");
      c.time(j, "end");
      c.id(j, "replaces", false);
      c.text(j, "", "reason", true);
      return;
    case ChangeKind::swap_add:
      if (!c.object(j, "", {"kind", "rota", "role", "occurrences", "reason"})) return;
      c.id(j, "rota");
      c.id(j, "role");
      if (const json* occ = c.array(j, "", "occurrences", true)) {
        if (occ->size() != 2) {
          c.error("/occurrences", "a swap names exactly two occurrences (their local start times)");
        } else {
          for (std::size_t i = 0; i < 2; ++i) {
            const std::string p = pointer_at("/occurrences", i);
            if (!(*occ)[i].is_string()) {
              c.error(p, "expected a local start time, found " + json_type_name((*occ)[i]));
            } else {
              c.check_text((*occ)[i].get<std::string>(), p);
            }
          }
        }
      }
      c.text(j, "", "reason", true);
      return;
    case ChangeKind::shift_add:
      if (!c.object(j, "", {"kind", "rota", "role", "person", "start", "end", "address", "note"}))
        return;
      c.id(j, "rota");
      c.id(j, "role");
      c.id(j, "person");
      c.time(j, "start");
      c.time(j, "end");
      c.text(j, "", "address", false);
      c.text(j, "", "note", false, false);
      return;
    case ChangeKind::shifts_import:
      if (!c.object(j, "", {"kind", "rota", "shifts", "source"})) return;
      c.id(j, "rota");
      c.text(j, "", "source", false);
      if (const json* shifts = c.array(j, "", "shifts", true)) {
        if (shifts->empty()) {
          c.error("/shifts", "an import adds at least one shift");
        } else if (shifts->size() > kMaxImportShifts) {
          c.error("/shifts", "an import adds at most " + std::to_string(kMaxImportShifts) +
                                 " shifts (this one " + std::to_string(shifts->size()) + ")");
        } else {
          for (std::size_t i = 0; i < shifts->size(); ++i) {
            const std::string p = pointer_at("/shifts", i);
            const json& shift = (*shifts)[i];
            if (!c.object(shift, p, {"role", "person", "start", "end", "note"})) continue;
            c.text(shift, p, "role", true);
            c.text(shift, p, "person", true);
            c.time(shift, p, "start");
            c.time(shift, p, "end");
            c.text(shift, p, "note", false, false);
          }
        }
      }
      return;
    case ChangeKind::override_remove:
    case ChangeKind::swap_remove:
    case ChangeKind::shift_remove:
      if (!c.object(j, "", {"kind", "rota", "index"})) return;
      c.id(j, "rota");
      c.index(j);
      return;
    case ChangeKind::special_day_add:
      // When and how the day is treated are checked by the loader, as for the file.
      if (!c.object(j, "", {"kind", "name", "date", "treat_as", "hours", "line", "desk"})) return;
      c.text(j, "", "name", true);
      c.date_or_range(j, "date");
      c.text(j, "", "line", false);
      c.id(j, "desk", false);
      return;
    case ChangeKind::special_day_remove:
      if (!c.object(j, "", {"kind", "date", "line", "desk"})) return;
      c.date_or_range(j, "date");
      c.text(j, "", "line", false);
      c.id(j, "desk", false);
      return;
    case ChangeKind::maintenance_add:
      // Whether the lines exist, have a fallback and the window is clear of others: the loader's.
      if (!c.object(j, "", {"kind", "id", "start", "end", "reason", "lines"})) return;
      c.id(j, "id");
      c.time(j, "start");
      c.time(j, "end");
      c.text(j, "", "reason", true);
      c.array(j, "", "lines", false);
      return;
    case ChangeKind::maintenance_remove:
      if (!c.object(j, "", {"kind", "id"})) return;
      c.id(j, "id");
      return;
    case ChangeKind::hours_set:
      if (!c.object(j, "", {"kind", "line", "desk", "from", "hours"})) return;
      c.text(j, "", "line", true);
      c.id(j, "desk", false);
      c.date(j, "from", true);
      if (const json* h = c.member(j, "", "hours", true)) {
        if (c.object(*h, "/hours", {"weekday", "saturday", "sunday", "holiday", "weekend"}) &&
            h->empty()) {
          c.error("/hours",
                  "give the windows of at least one day type (an empty list [] means "
                  "closed)");
        }
      }
      return;
    case ChangeKind::person_update:
      if (!c.object(j, "", {"kind", "person", "name", "addresses"})) return;
      c.id(j, "person");
      c.text(j, "", "name", false);
      c.array(j, "", "addresses", false);
      if (!j.contains("name") && !j.contains("addresses")) {
        c.error("", "give 'name' or 'addresses' (or both) to change");
      }
      return;
    case ChangeKind::person_add:
      if (!c.object(j, "", {"kind", "id", "name", "addresses"})) return;
      c.id(j, "id");
      c.text(j, "", "name", true);
      c.array(j, "", "addresses", true);
      return;
    case ChangeKind::person_retire:
      if (!c.object(j, "", {"kind", "person", "from"})) return;
      c.id(j, "person");
      c.date(j, "from", true);
      return;
    case ChangeKind::site_replace:
      if (!c.object(j, "", {"kind", "site"})) return;
      c.object_member(j, "site", true);
      return;
  }
}

ConfigErrors errors_of(JsonChecker& c) {
  ConfigErrors out;
  for (JsonProblem& p : c.take()) {
    out.push_back(
        ConfigError{std::string(kChangeSource), std::move(p.pointer), std::move(p.message)});
  }
  return out;
}

// Checks `j` (the request as nlohmann::json, for the checker) and keeps `body` as given.
tl::expected<SiteChange, ConfigErrors> check_request(const json& j, ordered_json body) {
  RequestChecker c;
  if (!j.is_object()) {
    c.error("", "expected an object, found " + json_type_name(j));
    return tl::unexpected(errors_of(c));
  }
  const auto kind_text = c.string(j, "", "kind", true);
  if (!kind_text) return tl::unexpected(errors_of(c));
  const auto kind = change_kind_from_string(*kind_text);
  if (!kind) {
    std::string known;
    for (const auto& [k, name] : kKinds) known += (known.empty() ? "" : ", ") + std::string(name);
    c.error("/kind", "unknown kind " + quote_value(*kind_text) + " (known: " + known + ")");
    return tl::unexpected(errors_of(c));
  }
  check_fields(c, *kind, j);
  if (!c.ok()) return tl::unexpected(errors_of(c));
  return SiteChange{*kind, std::move(body)};
}

}  // namespace

std::string_view to_string(ChangeKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "override_add";
}

std::optional<ChangeKind> change_kind_from_string(std::string_view text) {
  for (const auto& [k, name] : kKinds) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string_view to_string(ChangeAuthority authority) {
  return authority == ChangeAuthority::scheduler ? "scheduler" : "administrator";
}

ChangeAuthority authority(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::override_add:
    case ChangeKind::override_remove:
    case ChangeKind::swap_add:
    case ChangeKind::swap_remove:
    case ChangeKind::shift_add:
    case ChangeKind::shift_remove:
    case ChangeKind::shifts_import:
    case ChangeKind::person_update:
    case ChangeKind::person_add: return ChangeAuthority::scheduler;
    case ChangeKind::special_day_add:
    case ChangeKind::special_day_remove:
    case ChangeKind::hours_set:
    case ChangeKind::person_retire:
    case ChangeKind::site_replace:
    case ChangeKind::maintenance_add:
    case ChangeKind::maintenance_remove: return ChangeAuthority::administrator;
  }
  return ChangeAuthority::administrator;
}

tl::expected<SiteChange, ConfigErrors> parse_change(std::string_view json_text) {
  JsonChecker c;
  auto parsed = parse_checked(json_text, c);
  if (!parsed || !c.ok()) return tl::unexpected(errors_of(c));
  try {
    // Parsed again to keep the order of the request's keys; the text is known to be valid.
    return check_request(*parsed, ordered_json::parse(json_text));
  } catch (const std::exception& e) {
    return tl::unexpected(ConfigErrors{{std::string(kChangeSource), "", e.what()}});
  }
}

tl::expected<SiteChange, ConfigErrors> parse_change(const ordered_json& body) {
  try {
    return check_request(json(body), body);
  } catch (const std::exception& e) {
    return tl::unexpected(ConfigErrors{{std::string(kChangeSource), "", e.what()}});
  }
}

}  // namespace samtel
