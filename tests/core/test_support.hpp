#pragma once
// Shared helpers for the core library tests: the Oslo zone, parsing instants, loading the bundled
// examples and building small synthetic sites from JSON.
//
// All people, numbers and addresses used by the tests are synthetic.
#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "samtel/config.hpp"
#include "samtel/coverage.hpp"
#include "samtel/routing.hpp"
#include "samtel/time.hpp"

namespace samtel::test {

using nlohmann::json;

inline const Zone& oslo() {
  static const Zone* zone = find_zone("Europe/Oslo").value();
  return *zone;
}

// An instant from text with an explicit offset ("...Z", "...+02:00"), or a wall-clock time in
// Europe/Oslo. A nonexistent local time throws; an ambiguous one takes the earlier instant.
inline Instant at(std::string_view text) {
  auto r = parse_time(text, oslo());
  if (!r) throw std::runtime_error("test setup: " + r.error());
  return r->instant;
}

// The instant at which wall-clock `text` happens for the second time (fall back).
inline Instant at_later(std::string_view text) {
  auto r = parse_time(text, oslo(), Fold::later);
  if (!r) throw std::runtime_error("test setup: " + r.error());
  return r->instant;
}

inline LocalDays day(std::string_view text) {
  auto d = parse_date(text);
  if (!d) throw std::runtime_error("test setup: " + d.error());
  return LocalDays{*d};
}

inline std::string join_errors(const ConfigErrors& errors) {
  std::string all;
  for (const ConfigError& e : errors) all += e.to_string() + "\n";
  return all;
}

inline std::string example_path(std::string_view name) {
  return std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/" + std::string(name);
}

inline Site load_example(std::string_view name) {
  auto site = load_site_file(example_path(name));
  if (!site) throw std::runtime_error("example does not load:\n" + join_errors(site.error()));
  return std::move(*site);
}

inline Site must_parse(const std::string& text) {
  auto site = parse_site(text);
  if (!site) throw std::runtime_error("site does not load:\n" + join_errors(site.error()));
  return std::move(*site);
}
inline Site must_parse(const json& j) { return must_parse(j.dump()); }

// The errors of a configuration that must not load (empty and a test failure if it loads).
inline ConfigErrors errors_of(const std::string& text) {
  auto site = parse_site(text);
  if (site) {
    ADD_FAILURE() << "expected the configuration to be rejected:\n" << text;
    return {};
  }
  return site.error();
}
inline ConfigErrors errors_of(const json& j) { return errors_of(j.dump()); }

// A person with a mobile and a DECT address.
inline json person(const std::string& id, const std::string& name, int number) {
  return {{"id", id},
          {"name", name},
          {"addresses",
           {{{"label", "mobile"}, {"uri", "tel:+479000" + std::to_string(1000 + number)}},
            {{"label", "dect"}, {"uri", "sip:" + std::to_string(5000 + number) + "@pbx.test"}}}}};
}

inline std::string mobile(int number) { return "tel:+479000" + std::to_string(1000 + number); }
inline std::string dect(int number) { return "sip:" + std::to_string(5000 + number) + "@pbx.test"; }

// A small synthetic site: six people a..f (numbers 1..6), one rota "med" with roles primary
// (25 s) and backup (20 s), weekly patterns from Monday 2026-01-05 08:00 (primary a, b, c;
// backup d, e), one line 11112222 open weekdays 08-23 and weekends/holidays 10-18 with one desk.
inline json base_site() {
  json j;
  j["site"] = {{"id", "test"}, {"name", "Testsykehus"}, {"zone", "Europe/Oslo"}};
  j["people"] =
      json::array({person("a", "Lege A", 1), person("b", "Lege B", 2), person("c", "Lege C", 3),
                   person("d", "Lege D", 4), person("e", "Lege E", 5), person("f", "Lege F", 6)});
  j["rotas"] = json::array({{{"id", "med"},
                             {"name", "Medisin"},
                             {"roles",
                              {{{"id", "primary"}, {"name", "Primærvakt"}, {"ring_seconds", 25}},
                               {{"id", "backup"}, {"name", "Bakvakt"}, {"ring_seconds", 20}}}},
                             {"patterns",
                              {{{"role", "primary"},
                                {"from", "2026-01-05"},
                                {"handover", "08:00"},
                                {"period_days", 7},
                                {"rotation", {"a", "b", "c"}}},
                               {{"role", "backup"},
                                {"from", "2026-01-05"},
                                {"handover", "08:00"},
                                {"period_days", 7},
                                {"rotation", {"d", "e"}}}}}}});
  j["lines"] = json::array(
      {{{"number", "11112222"},
        {"name", "Testlinje"},
        {"hours",
         {{{"from", "2020-01-01"},
           {"weekday", {"08:00-23:00"}},
           {"weekend", {"10:00-18:00"}},
           {"holiday", {"10:00-18:00"}}}}},
        {"fallback",
         {{"name", "Sentralbord"}, {"address", "tel:+4711111111"}, {"message", "Du settes over."}}},
        {"closed",
         {{"name", "Stengt-linje"},
          {"address", "tel:+4722222222"},
          {"message", "Linjen er stengt. Ved akutt behov: ring AMK 113."}}},
        {"desks", {{{"id", "med"}, {"name", "Medisin"}, {"rota", "med"}}}}}});
  return j;
}

// Checks timeline()'s promises over [from, to): contiguous, exact cover, adjacent segments differ,
// and route() agrees with the segment at its start, its last second and `samples` random seconds.
inline void check_timeline(const Site& site, const Line& line, const Desk& desk, Instant from,
                           Instant to, int samples) {
  const auto segments = timeline(site, line, desk, from, to);
  ASSERT_FALSE(segments.empty());
  EXPECT_EQ(segments.front().start, from);
  EXPECT_EQ(segments.back().end, to);
  std::mt19937_64 rng{20260329};
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    ASSERT_LT(s.start, s.end) << i;
    if (i > 0) {
      ASSERT_EQ(segments[i - 1].end, s.start) << i;
      ASSERT_FALSE(segments[i - 1].plan.same_decision(s.plan))
          << "adjacent segments at " << format_utc(s.start) << " do not differ";
    }
    EXPECT_EQ(s.plan.instant, s.start);
    ASSERT_TRUE(route(site, line, desk, s.start).same_decision(s.plan)) << format_utc(s.start);
    const Instant last = s.end - std::chrono::seconds{1};
    ASSERT_TRUE(route(site, line, desk, last).same_decision(s.plan)) << format_utc(last);
  }
  std::uniform_int_distribution<long> pick(0, (to - from).count() - 1);
  for (int n = 0; n < samples; ++n) {
    const Instant t = from + std::chrono::seconds{pick(rng)};
    const auto it = std::upper_bound(segments.begin(), segments.end(), t,
                                     [](Instant v, const Segment& s) { return v < s.start; });
    ASSERT_NE(it, segments.begin());
    const Segment& s = *std::prev(it);
    ASSERT_TRUE(s.start <= t && t < s.end);
    ASSERT_TRUE(route(site, line, desk, t).same_decision(s.plan)) << format_utc(t);
  }
}

// Route on the first line's desk `desk` (default: the first desk).
inline RoutePlan route_at(const Site& site, Instant t, std::size_t desk = 0) {
  return route(site, site.lines.at(0), site.lines.at(0).desks.at(desk), t);
}

// The person ids of a plan's attempts, in order.
inline std::vector<std::string> attempt_ids(const RoutePlan& plan) {
  std::vector<std::string> out;
  for (const Attempt& a : plan.attempts) out.push_back(a.person->id);
  return out;
}

}  // namespace samtel::test
