#include "samtel/zone_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "samtel/text.hpp"

namespace samtel {
namespace {

constexpr std::string_view kSystemDirectory = "/usr/share/zoneinfo";
// TZif files are a few kilobytes; anything far larger is not one.
constexpr std::uintmax_t kMaxFileSize = 1 << 20;

std::string directory_from_environment() {
  const char* dir = std::getenv("TZDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string(kSystemDirectory);
}

// "# version 2025b" on the first line of tzdata.zi.
std::string read_version(const std::string& directory) {
  std::ifstream in(directory + "/tzdata.zi");
  std::string line;
  if (!in || !std::getline(in, line)) return "unknown";
  constexpr std::string_view kPrefix = "# version ";
  if (line.compare(0, kPrefix.size(), kPrefix) != 0) return "unknown";
  std::string version = line.substr(kPrefix.size());
  while (!version.empty() && (version.back() == '\r' || version.back() == ' ')) version.pop_back();
  return version.empty() ? "unknown" : version;
}

bool acceptable_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '+' || c == '-' || c == '/';
    if (!ok) return false;
  }
  return true;
}

std::string unknown_zone(std::string_view name) {
  return "unknown time zone " + quote_value(name) +
         " (expected an IANA name such as 'Europe/Oslo')";
}

// The bytes of `<directory>/<name>`; nullopt when there is no such file.
tl::expected<std::optional<std::string>, std::string> read_zone_file(const std::string& directory,
                                                                     const std::string& name) {
  const std::string path = directory + "/" + name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::unexpected(path + ": cannot read the file");
  if (size > kMaxFileSize) return tl::unexpected(path + ": too large for a TZif file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(path + ": cannot open the file");
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return tl::unexpected(path + ": cannot read the file");
  return bytes;
}

struct Database {
  std::mutex mutex;
  bool opened = false;
  std::string directory;
  std::string version;
  struct Entry {
    const Zone* zone = nullptr;
    std::string bytes;
  };
  std::map<std::string, Entry, std::less<>> zones;
  // Every Zone ever handed out, never freed: plans hold these pointers.
  std::vector<std::unique_ptr<const Zone>> kept;

  void open() {
    if (opened) return;
    directory = directory_from_environment();
    version = read_version(directory);
    opened = true;
  }

  const Zone* keep(Zone zone) {
    kept.push_back(std::make_unique<const Zone>(std::move(zone)));
    return kept.back().get();
  }
};

// Never destroyed, so that the zones outlive every static object that may hold one.
Database& database() {
  static Database* const db = new Database;
  return *db;
}

}  // namespace

tl::expected<const Zone*, std::string> load_zone(std::string_view name) {
  if (!acceptable_name(name)) return tl::unexpected(unknown_zone(name));
  Database& db = database();
  const std::lock_guard lock{db.mutex};
  db.open();
  if (const auto it = db.zones.find(name); it != db.zones.end()) return it->second.zone;
  std::string key{name};
  auto bytes = read_zone_file(db.directory, key);
  if (!bytes) {
    return tl::unexpected("time zone " + quote_value(name) + " cannot be used: " + bytes.error());
  }
  if (!*bytes) return tl::unexpected(unknown_zone(name));
  auto zone = Zone::from_tzif(key, **bytes);
  if (!zone) {
    return tl::unexpected("time zone " + quote_value(name) + " cannot be used: " + db.directory +
                          "/" + zone.error());
  }
  const Zone* kept = db.keep(std::move(*zone));
  db.zones.emplace(std::move(key), Database::Entry{kept, std::move(**bytes)});
  return kept;
}

ZoneReload reload_zones() {
  Database& db = database();
  const std::lock_guard lock{db.mutex};
  db.open();
  ZoneReload r;
  r.old_version = db.version;
  db.directory = directory_from_environment();
  db.version = read_version(db.directory);
  r.directory = db.directory;
  r.new_version = db.version;
  for (auto& [name, entry] : db.zones) {
    auto bytes = read_zone_file(db.directory, name);
    if (!bytes) {
      r.errors.push_back(bytes.error() + " (the rules in force for " + name + " are kept)");
      continue;
    }
    if (!*bytes) {
      r.errors.push_back(db.directory + "/" + name + ": no such file (the rules in force for " +
                         name + " are kept)");
      continue;
    }
    if (**bytes == entry.bytes) continue;
    auto zone = Zone::from_tzif(name, **bytes);
    if (!zone) {
      r.errors.push_back(db.directory + "/" + zone.error() + " (the rules in force for " + name +
                         " are kept)");
      continue;
    }
    entry.zone = db.keep(std::move(*zone));
    entry.bytes = std::move(**bytes);
    r.changed.push_back(name);
  }
  return r;
}

std::string zone_database_version() {
  Database& db = database();
  const std::lock_guard lock{db.mutex};
  db.open();
  return db.version;
}

std::string zone_database_directory() {
  Database& db = database();
  const std::lock_guard lock{db.mutex};
  db.open();
  return db.directory;
}

}  // namespace samtel
