// The time-zone rules in force (samtel/zone_database.hpp): names, the version, and a reload that
// takes new rules from $TZDIR while zones already handed out keep theirs. The altered rules are
// compiled at test time with zic (libc-bin): Norway on +01:00 all year from 2027.
#include "samtel/zone_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/zoneinfo.hpp"
#include "samtel/text.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using namespace date;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

const char* const kZic = "/usr/sbin/zic";

// Sets TZDIR for the length of a test, and puts back what was there.
class TzdirGuard {
 public:
  TzdirGuard() {
    if (const char* old = std::getenv("TZDIR")) old_ = old;
  }
  TzdirGuard(const TzdirGuard&) = delete;
  TzdirGuard& operator=(const TzdirGuard&) = delete;
  ~TzdirGuard() {
    if (old_) {
      setenv("TZDIR", old_->c_str(), 1);
    } else {
      unsetenv("TZDIR");
    }
    reload_zones();
  }
  void set(const std::string& dir) const { setenv("TZDIR", dir.c_str(), 1); }
  void restore() const {
    if (old_) {
      setenv("TZDIR", old_->c_str(), 1);
    } else {
      unsetenv("TZDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

// A directory of its own under the system's temporary directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "samtel-zones-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("test setup: mkdtemp");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("test setup: cannot write " + path.string());
}

// The altered rules (tests/common/tz) compiled into `dir`/zones with zic; why not, if it fails.
std::optional<std::string> compile_altered_rules(const fs::path& dir) {
  if (!test::install_oslo_without_summer_time(dir / "zones")) return "zic failed";
  return std::nullopt;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const sys_seconds kSummer2027 = sys_days{2027_y / July / 1} + 12h;

TEST(ZoneDatabase, NamesAreLookedUpOnceAndNeverReadAsPaths) {
  const auto a = find_zone("Europe/Oslo");
  const auto b = find_zone("Europe/Oslo");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  for (const std::string bad :
       {"../zoneinfo/Europe/Oslo", "Europe/../Europe/Oslo", "/usr/share/zoneinfo/Europe/Oslo",
        "Europe/Oslo/", "", "Europe/Oslo ", "tzdata.zi", "Europe\\Oslo", "Europe/Osl*"}) {
    const auto z = find_zone(bad);
    ASSERT_FALSE(z) << bad;
    EXPECT_EQ(z.error(), "unknown time zone " + quote_value(bad) +
                             " (expected an IANA name such as 'Europe/Oslo')");
  }
  // A directory is not a zone.
  EXPECT_FALSE(find_zone("Europe"));
}

TEST(ZoneDatabase, TheVersionIsTheFirstLineOfTzdataZi) {
  // The tests run without TZDIR, or with the system's directory.
  if (zone_database_directory() != "/usr/share/zoneinfo") GTEST_SKIP() << "TZDIR is set";
  EXPECT_EQ(zone_database_version(), test::system_zoneinfo_version());
  EXPECT_NE(zone_database_version(), "unknown");
}

TEST(ZoneDatabase, AReloadWithoutChangesKeepsEveryZone) {
  const Zone* before = find_zone("Europe/Oslo").value();
  const ZoneReload r = reload_zones();
  EXPECT_TRUE(r.changed.empty());
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.old_version, r.new_version);
  EXPECT_EQ(find_zone("Europe/Oslo").value(), before);
}

TEST(ZoneDatabase, ReloadTakesNewRulesFromTzdirAndOldZonesKeepTheirs) {
  if (access(kZic, X_OK) != 0) GTEST_SKIP() << kZic << " is missing (Debian package libc-bin)";
  const TempDir dir;
  if (auto why = compile_altered_rules(dir.path())) GTEST_SKIP() << *why;
  const TzdirGuard tzdir;

  const Zone* system = find_zone("Europe/Oslo").value();
  ASSERT_TRUE(find_zone("UTC"));  // in use, and not in the altered directory
  const std::string version = zone_database_version();
  EXPECT_EQ(version, test::system_zoneinfo_version());
  ASSERT_EQ(system->get_info(kSummer2027).offset, 2h);

  tzdir.set((dir.path() / "zones").string());
  const ZoneReload r = reload_zones();
  EXPECT_EQ(r.directory, (dir.path() / "zones").string());
  EXPECT_EQ(r.old_version, version);
  EXPECT_EQ(r.new_version, "2099z");
  EXPECT_EQ(zone_database_version(), "2099z");
  EXPECT_EQ(zone_database_directory(), r.directory);
  EXPECT_TRUE(contains(r.changed, "Europe/Oslo"));
  EXPECT_FALSE(contains(r.changed, "UTC"));
  // Every zone in use that the directory lacks (UTC, and whatever other tests have loaded).
  EXPECT_TRUE(std::any_of(r.errors.begin(), r.errors.end(), [](const std::string& e) {
    return e.ends_with("/UTC: no such file (the rules in force for UTC are kept)");
  })) << ::testing::PrintToString(r.errors);

  // The zone handed out before keeps its rules; the one handed out now has the new ones.
  const Zone* altered = find_zone("Europe/Oslo").value();
  ASSERT_NE(altered, system);
  EXPECT_EQ(altered->name(), "Europe/Oslo");
  EXPECT_EQ(system->get_info(kSummer2027).offset, 2h);
  EXPECT_EQ(altered->get_info(kSummer2027).offset, 1h);
  EXPECT_EQ(altered->get_info(kSummer2027).abbrev, "CET");
  EXPECT_EQ(altered->get_info(sys_days{2026_y / July / 1}).offset, 2h);
  EXPECT_EQ(altered->get_info(local_days{2027_y / March / 28} + 2h + 30min).result,
            local_info::unique);
  EXPECT_EQ(format_rfc3339(*altered, kSummer2027), "2027-07-01T13:00:00+01:00");
  EXPECT_EQ(format_rfc3339(*system, kSummer2027), "2027-07-01T14:00:00+02:00");
  // UTC, missing there, keeps the rules in force.
  EXPECT_EQ(find_zone("UTC").value()->get_info(kSummer2027).offset, 0s);
  // A zone not yet in use comes from the new directory, where it does not exist.
  EXPECT_FALSE(find_zone("America/New_York_Not_Here"));

  // A broken file on the next reload: the altered rules stay in force, and it is said why.
  write_file(dir.path() / "zones" / "Europe" / "Oslo", "TZif2 but nothing more");
  const ZoneReload broken = reload_zones();
  EXPECT_TRUE(broken.changed.empty());
  EXPECT_TRUE(std::any_of(broken.errors.begin(), broken.errors.end(), [](const std::string& e) {
    return e.ends_with(
        "/Europe/Oslo: TZif file truncated in the header (expected 44 bytes, have "
        "22) (the rules in force for Europe/Oslo are kept)");
  })) << ::testing::PrintToString(broken.errors);
  EXPECT_EQ(find_zone("Europe/Oslo").value(), altered);

  // Back to the system's rules.
  tzdir.restore();
  const ZoneReload back = reload_zones();
  EXPECT_EQ(back.old_version, "2099z");
  EXPECT_EQ(back.new_version, version);
  EXPECT_TRUE(contains(back.changed, "Europe/Oslo"));
  EXPECT_TRUE(back.errors.empty());
  const Zone* again = find_zone("Europe/Oslo").value();
  EXPECT_NE(again, altered);
  EXPECT_EQ(again->get_info(kSummer2027).offset, 2h);
  EXPECT_EQ(altered->get_info(kSummer2027).offset, 1h);
}

TEST(ZoneDatabase, AZoneFileThatCannotBeUsedIsNotAnUnknownName) {
  const TempDir dir;
  write_file(dir.path() / "Broken" / "Zone", "not a TZif file");
  const TzdirGuard tzdir;
  tzdir.set(dir.path().string());
  const ZoneReload r = reload_zones();
  EXPECT_EQ(r.new_version, "unknown");
  const auto z = find_zone("Broken/Zone");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error(), "time zone 'Broken/Zone' cannot be used: " + dir.path().string() +
                           "/Broken/Zone: not a TZif file (it does not begin with 'TZif')");
}

}  // namespace
}  // namespace samtel
