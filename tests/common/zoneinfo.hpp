#pragma once
// zoneinfo.hpp — tz databases of a test's own, for the tests of new time-zone rules: a directory
// holding the system's Europe/Oslo, UTC and tzdata.zi, and the same directory after an update that
// takes summer time away from 2027 (tests/common/tz/oslo-without-summer-time.zi compiled with
// zic, version "2099z"), as Debian's tzdata package would replace the files. Point TZDIR at it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace samtel::test {

// The version the system's database says it is ("2025b").
inline std::string system_zoneinfo_version() {
  std::ifstream in("/usr/share/zoneinfo/tzdata.zi");
  std::string hash, word, version;
  in >> hash >> word >> version;
  return version;
}

// `dir` (created) with copies of the system's files. Returns `dir`.
inline std::string copy_system_zoneinfo(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(dir / "Europe");
  for (const char* name : {"Europe/Oslo", "UTC", "tzdata.zi"}) {
    fs::copy_file(fs::path("/usr/share/zoneinfo") / name, dir / name,
                  fs::copy_options::overwrite_existing);
  }
  return dir.string();
}

// Replaces Europe/Oslo in `dir` (created if need be) with the rules without summer time from 2027,
// and its tzdata.zi with one of version 2099z; nothing else. False when zic is missing or fails.
inline bool install_oslo_without_summer_time(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path built = dir.string() + ".zic";
  const std::string zic = ::access("/usr/sbin/zic", X_OK) == 0 ? "/usr/sbin/zic" : "zic";
  const std::string command = zic + " -d '" + built.string() +
                              "' '" SAMTEL_SOURCE_DIR
                              "/tests/common/tz/oslo-without-summer-time.zi' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return false;
  fs::create_directories(dir / "Europe");
  // Renamed into place, as a package manager does: a reader sees the old file or the new one.
  fs::rename(built / "Europe" / "Oslo", dir / "Europe" / "Oslo");
  std::ofstream(dir / "tzdata.zi") << "# version 2099z\n";
  fs::remove_all(built);
  return true;
}

}  // namespace samtel::test
