#pragma once
// samtel/config.hpp — loading a site's configuration (one JSON file per site) into a Site.
//
// Promises:
//  * Loading checks everything and reports every problem found, each with the JSON Pointer of the
//    offending value and a plain message (unknown key, duplicate key, wrong type, bad date or time,
//    overlapping windows, a shift ending before it starts, unknown person, role, rota or desk,
//    unknown time zone, duplicate ids, ...). Syntax errors carry the line and column.
//  * All or nothing: on any error the result holds only the errors, never a half-loaded Site.
//  * Nothing throws out of these functions; third-party exceptions are caught here.
//  * `load_schedule_for_command_line()` reports as both command lines do: every problem on a line
//    of its own, then how many there were and that nothing was loaded.
//  * The format is documented in docs/configuration.md and schema/site.schema.json.
//
//   auto site = load_site_file("docs/examples/st-olavs.json");
//   if (!site) for (const ConfigError& e : site.error()) std::cerr << e.to_string() << '\n';
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/schedule.hpp"

namespace samtel {

struct ConfigError {
  std::string source;   // file name, or "<text>"
  std::string pointer;  // JSON Pointer, e.g. "/lines/0/desks/1/rota"; "" for the whole document
  std::string message;
  std::string to_string() const;  // "FILE: /lines/0/desks/1/rota: unknown rota 'x'"
};

using ConfigErrors = std::vector<ConfigError>;

tl::expected<Site, ConfigErrors> parse_site(std::string_view json_text,
                                            std::string_view source = "<text>");
tl::expected<Site, ConfigErrors> load_site_file(const std::string& path);

// Loads several site files into one schedule; also checks that line numbers are unique across them.
tl::expected<Schedule, ConfigErrors> load_schedule(const std::vector<std::string>& paths);

// Sites loaded one by one (from files, from the schedule store) as one schedule: site ids and line
// numbers must be unique across them; each clash is reported at the later site's pointer.
tl::expected<Schedule, ConfigErrors> assemble_schedule(std::vector<Site> sites);

// load_schedule(), with the errors as the text a command line shows, e.g.
//   "a.json: /people/0/id: must not be empty\n1 problem(s); nothing was loaded."
// `files`, when given, names the files for a command that reads other kinds too: "the
// configuration" gives "1 problem(s) in the configuration; nothing was loaded."
tl::expected<Schedule, std::string> load_schedule_for_command_line(
    const std::vector<std::string>& paths, std::string_view files = {});

}  // namespace samtel
