#pragma once
// Shared helpers for the simulator's tests: the bundled configurations, local times, files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "samtel/config.hpp"
#include "samtel/period.hpp"

namespace samtel::sim::test {

inline std::string source_path(const std::string& relative) {
  return std::string(SAMTEL_SOURCE_DIR) + "/" + relative;
}

inline Schedule load(const std::string& relative) {
  auto s = load_schedule({source_path(relative)});
  if (!s) {
    for (const auto& e : s.error()) ADD_FAILURE() << e.to_string();
    return Schedule{};
  }
  return std::move(*s);
}

inline const Schedule& st_olavs() {
  static const Schedule s = load("docs/examples/st-olavs.json");
  return s;
}
inline const Schedule& st_olavs_proposed() {
  static const Schedule s = load("docs/examples/st-olavs-proposed.json");
  return s;
}
inline const Schedule& hnt() {
  static const Schedule s = load("docs/examples/helse-nord-trondelag.json");
  return s;
}
inline const Schedule& small_site() {
  static const Schedule s = load("tests/sim/data/small-site.json");
  return s;
}
inline const Schedule& dst_site() {
  static const Schedule s = load("tests/sim/data/dst-site.json");
  return s;
}

inline const Zone& oslo() { return *find_zone("Europe/Oslo").value(); }

// A wall-clock time in Oslo ("2026-12-01T08:00"), or an instant with an offset.
inline Instant at(const std::string& text) { return parse_time(text, oslo()).value().instant; }

inline LocalDays day(const std::string& text) { return LocalDays{parse_date(text).value()}; }

inline Span days(const std::string& first, const std::string& last) {
  return to_span(oslo(), DateRange{day(first), day(last)});
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string work_dir() {
  const std::string dir = SAMTEL_TEST_WORK_DIR;
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace samtel::sim::test
