#pragma once
// samtel/zone_database.hpp — the time-zone rules in force: the system's tz database read from its
// directory of TZif files, and reloaded while the programs run when the tzdata package changes.
//
// Promises:
//  * The directory is `$TZDIR` when set and not empty, otherwise /usr/share/zoneinfo; it is read
//    when a zone is first asked for and again by `reload_zones()`, never otherwise. The version is
//    the first line of `<directory>/tzdata.zi` ("# version 2025b" gives "2025b"), or "unknown".
//  * `load_zone()` (and `find_zone()` in samtel/time.hpp, which uses it) gives the zone's rules
//    from the file `<directory>/<name>`, read the first time the name is asked for. Names holding
//    "..", starting with '/' or with characters other than A-Z a-z 0-9 _ + - / are unknown names,
//    never paths. An unknown name and a file that cannot be used are errors that say which.
//  * A `const Zone*` handed out stays valid, and its rules unchanged, for the life of the process,
//    across every reload: a plan made with yesterday's rules keeps them.
//  * `reload_zones()` reads the directory and version again and rereads the file of every zone
//    already in use; a zone whose file's bytes changed gets a new Zone, which `load_zone()` gives
//    from then on, and is named in `changed`. A file that is missing or cannot be used keeps the
//    rules in force for that zone and is named in `errors`.
//  * Every function here is safe to call from several threads.
//
//   ZoneReload r = reload_zones();
//   log.info("zones.reloaded", {{"version", r.new_version}, {"changed", join(r.changed)}});
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/zone.hpp"

namespace samtel {

// The zone `name` of the rules in force. Error: "unknown time zone 'Mars/Olympus' (expected an
// IANA name such as 'Europe/Oslo')", or why the zone's file cannot be used.
tl::expected<const Zone*, std::string> load_zone(std::string_view name);

struct ZoneReload {
  std::string directory;  // read from now on
  std::string old_version, new_version;
  std::vector<std::string> changed;  // zones in use whose rules are new
  std::vector<std::string> errors;   // zones in use that keep their rules, and why
};

ZoneReload reload_zones();

// The version of the rules in force ("2025b", or "unknown"), and the directory they are read from.
std::string zone_database_version();
std::string zone_database_directory();

}  // namespace samtel
