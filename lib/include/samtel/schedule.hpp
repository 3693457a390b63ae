#pragma once
// samtel/schedule.hpp — the published schedule: sites (hospitals), their lines (phone numbers),
// desks (specialties) with service hours, rotas with their rosters, special days and fallbacks.
//
// Promises:
//  * A `Schedule` is immutable once loaded (see config.hpp) and valid: every reference resolves,
//    every line has at least one desk and a default desk, every desk a rota, hours and a fallback.
//  * Line numbers are unique across all sites of a schedule; desk ids are unique within a line.
//  * Lookups never throw; a missing line or desk is reported as nullptr.
//
//   const Schedule& s = ...;
//   auto [site, line] = s.find_line("73553888");
//   const Desk* desk = line->find_desk("medicine");
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/caller_directory.hpp"
#include "samtel/hours.hpp"
#include "samtel/maintenance.hpp"
#include "samtel/roster.hpp"
#include "samtel/time.hpp"

namespace samtel {

// Where a call goes when the line is closed or nobody on duty can be reached.
struct Fallback {
  std::string name;     // "Sentralbord St. Olavs hospital"
  std::string address;  // "tel:+4772573000", "sip:ent@namsos.hnt.example"
  std::string message;  // for the caller: "Ved akutt behov: ring AMK 113."
};

struct Desk {
  std::string id;        // "medicine"
  std::string name;      // "Medisin"
  std::size_t rota = 0;  // index into the site's rotas
  ServiceHours hours;
  std::vector<SpecialDay> special_days;  // consulted before the site's
  Fallback fallback;                     // nobody answered, or nobody is on duty while open
  Fallback closed;                       // outside service hours
};

struct Line {
  std::string number;  // dialled digits, e.g. "73553888"
  std::string name;
  const Zone* zone = nullptr;
  std::vector<Desk> desks;
  std::size_t default_desk = 0;
  // Where every call goes during planned maintenance (the line's own, else the site's); set for
  // every line a maintenance window covers.
  std::optional<Fallback> maintenance_fallback;

  const Desk* find_desk(std::string_view id) const;
};

struct Site {
  std::string id;
  std::string name;
  const Zone* zone = nullptr;
  std::vector<Person> people;
  std::vector<Rota> rotas;
  std::vector<SpecialDay> special_days;
  std::vector<Line> lines;
  std::vector<MaintenanceWindow> maintenance;  // by start; see maintenance.hpp
  Notices notices;                             // whom to tell about faults and maintenance
  CallerDirectory callers;  // known callers' categories and municipalities (may be empty)
  std::string source;       // where it was loaded from, for messages
};

class Schedule {
 public:
  Schedule() = default;
  explicit Schedule(std::vector<Site> sites) : sites_(std::move(sites)) {}

  const std::vector<Site>& sites() const { return sites_; }

  struct LineRef {
    const Site* site = nullptr;
    const Line* line = nullptr;
    explicit operator bool() const { return line != nullptr; }
  };
  LineRef find_line(std::string_view number) const;
  // The first line of the first site, or empty.
  LineRef first_line() const;

 private:
  std::vector<Site> sites_;
};

}  // namespace samtel
