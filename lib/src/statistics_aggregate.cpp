#include "samtel/statistics_aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "samtel/text.hpp"
#include "samtel/time.hpp"

namespace samtel {
namespace {

using nlohmann::json;

// The longest wait a stored aggregate may give: a day, in seconds.
constexpr double kMaxWaitSeconds = 86400.0;

using Read = tl::expected<void, std::string>;

tl::unexpected<std::string> wrong(const std::string& member, std::string_view expected,
                                  const json& found) {
  return tl::unexpected(member + ": expected " + std::string(expected) + ", found " +
                        found.type_name());
}

// A count: a whole number from 0.
tl::expected<std::size_t, std::string> count_at(const json& v, const std::string& member) {
  if (!v.is_number_unsigned()) return wrong(member, "a count (a whole number from 0)", v);
  return v.get<std::size_t>();
}

// `doc[name]`, which must be there.
tl::expected<const json*, std::string> member_of(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end()) return tl::unexpected(std::string(name) + ": missing");
  return &*it;
}

Read read_count(const json& doc, const char* name, std::size_t& into) {
  auto v = member_of(doc, name);
  if (!v) return tl::unexpected(v.error());
  auto n = count_at(**v, name);
  if (!n) return tl::unexpected(n.error());
  into = *n;
  return {};
}

Read read_hours(const json& doc, const char* name, std::array<std::size_t, 24>& into) {
  auto v = member_of(doc, name);
  if (!v) return tl::unexpected(v.error());
  if (!(*v)->is_array() || (*v)->size() != into.size()) {
    return wrong(name, "an array of 24 counts", **v);
  }
  for (std::size_t h = 0; h < into.size(); ++h) {
    auto n = count_at((**v)[h], std::string(name) + "[" + std::to_string(h) + "]");
    if (!n) return tl::unexpected(n.error());
    into[h] = *n;
  }
  return {};
}

// {"key": count, ...} into `into`, each key read by `key` (nullopt: not a key of this measure).
template <typename Key, typename ReadKey>
Read read_counts(const json& doc, const char* name, std::map<Key, std::size_t>& into, ReadKey key) {
  auto v = member_of(doc, name);
  if (!v) return tl::unexpected(v.error());
  if (!(*v)->is_object()) return wrong(name, "an object of counts", **v);
  for (const auto& [k, n] : (*v)->items()) {
    const std::string member = std::string(name) + "." + k;
    std::optional<Key> read = key(k);
    if (!read) return tl::unexpected(member + ": not a known key");
    auto c = count_at(n, member);
    if (!c) return tl::unexpected(c.error());
    into[std::move(*read)] += *c;
  }
  return {};
}

// "median_wait_s": seconds (to the tenth) or null, as milliseconds.
Read read_wait(const json& doc, const char* name, std::optional<std::int64_t>& into) {
  auto v = member_of(doc, name);
  if (!v) return tl::unexpected(v.error());
  if ((*v)->is_null()) {
    into.reset();
    return {};
  }
  if (!(*v)->is_number()) return wrong(name, "seconds or null", **v);
  const double seconds = (*v)->get<double>();
  if (!std::isfinite(seconds) || seconds < 0.0 || seconds > kMaxWaitSeconds) {
    return tl::unexpected(std::string(name) + ": expected seconds from 0 to a day");
  }
  into = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
  return {};
}

Read read_period(const json& doc, DateRange& into) {
  auto v = member_of(doc, "period");
  if (!v) return tl::unexpected(v.error());
  if (!(*v)->is_object()) return wrong("period", "an object", **v);
  LocalDays days[2];
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    const std::string member = std::string("period.") + names[i];
    const auto it = (*v)->find(names[i]);
    if (it == (*v)->end()) return tl::unexpected(member + ": missing");
    if (!it->is_string()) return wrong(member, "a date such as 2027-03-01", *it);
    auto d = parse_date(it->get_ref<const std::string&>());
    if (!d) return tl::unexpected(member + ": " + d.error());
    days[i] = LocalDays{*d};
  }
  if (days[1] < days[0]) return tl::unexpected(std::string("period: 'to' is before 'from'"));
  into = DateRange{days[0], days[1]};
  return {};
}

Read read_months(const json& doc, std::vector<std::string>& into) {
  const auto it = doc.find("from_aggregates");
  if (it == doc.end()) return {};  // aggregates stored before the member was written
  if (!it->is_array()) return wrong("from_aggregates", "an array of months", *it);
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& m = (*it)[i];
    if (!m.is_string()) {
      return wrong("from_aggregates[" + std::to_string(i) + "]", "a month such as 2027-03", m);
    }
    into.push_back(m.get<std::string>());
  }
  return {};
}

template <typename Key>
void add_counts(std::map<Key, std::size_t>& total, const std::map<Key, std::size_t>& part) {
  for (const auto& [k, n] : part) total[k] += n;
}

}  // namespace

tl::expected<CallStatistics, std::string> parse_statistics_json(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return tl::unexpected(std::string("not JSON"));
  if (!doc.is_object())
    return tl::unexpected(std::string("expected an object, found ") + doc.type_name());
  CallStatistics s;
  const std::pair<const char*, std::size_t CallStatistics::*> counts[] = {
      {"calls", &CallStatistics::calls},
      {"open_calls", &CallStatistics::open_calls},
      {"reached", &CallStatistics::reached},
      {"redirected", &CallStatistics::redirected},
      {"escalated", &CallStatistics::escalated},
      {"to_fallback", &CallStatistics::to_fallback},
      {"coverage_gap", &CallStatistics::coverage_gap},
      {"closed", &CallStatistics::closed},
      {"reached_nobody", &CallStatistics::reached_nobody}};
  const auto same = [](const std::string& k) { return std::optional<std::string>(k); };
  const Read reads[] = {
      read_period(doc, s.period),
      [&]() -> Read {
        for (const auto& [name, member] : counts) {
          if (auto r = read_count(doc, name, s.*member); !r) return r;
        }
        return {};
      }(),
      read_hours(doc, "by_hour", s.by_hour),
      read_hours(doc, "closed_by_hour", s.closed_by_hour),
      read_counts(doc, "by_day_type", s.by_day_type, same),
      read_counts(doc, "by_desk", s.by_desk, same),
      read_counts(doc, "by_outcome", s.by_outcome, call_outcome_from_string),
      read_counts(doc, "by_caller_category", s.by_caller_category, caller_category_from_string),
      read_counts(doc, "by_municipality", s.by_municipality,
                  [](const std::string& k) {
                    // statistics_json() names callers outside the directory "unknown".
                    return std::optional<std::string>(k == "unknown" ? "" : k);
                  }),
      read_wait(doc, "median_wait_s", s.median_wait_ms),
      read_wait(doc, "p90_wait_s", s.p90_wait_ms),
      read_months(doc, s.from_aggregates),
  };
  for (const Read& r : reads) {
    if (!r) return tl::unexpected(r.error());
  }
  return s;
}

void add_statistics(CallStatistics& total, const CallStatistics& part) {
  const bool total_had_calls = total.calls > 0;
  for (const auto member :
       {&CallStatistics::calls, &CallStatistics::open_calls, &CallStatistics::reached,
        &CallStatistics::redirected, &CallStatistics::escalated, &CallStatistics::to_fallback,
        &CallStatistics::coverage_gap, &CallStatistics::closed, &CallStatistics::reached_nobody}) {
    total.*member += part.*member;
  }
  for (std::size_t h = 0; h < total.by_hour.size(); ++h) {
    total.by_hour[h] += part.by_hour[h];
    total.closed_by_hour[h] += part.closed_by_hour[h];
  }
  add_counts(total.by_day_type, part.by_day_type);
  add_counts(total.by_desk, part.by_desk);
  add_counts(total.by_outcome, part.by_outcome);
  add_counts(total.by_caller_category, part.by_caller_category);
  add_counts(total.by_municipality, part.by_municipality);
  if (part.calls > 0) {
    if (total_had_calls) {
      total.median_wait_ms.reset();
      total.p90_wait_ms.reset();
    } else {
      total.median_wait_ms = part.median_wait_ms;
      total.p90_wait_ms = part.p90_wait_ms;
    }
  }
  total.from_aggregates.insert(total.from_aggregates.end(), part.from_aggregates.begin(),
                               part.from_aggregates.end());
}

}  // namespace samtel
