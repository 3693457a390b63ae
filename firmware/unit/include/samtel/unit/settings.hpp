#pragma once
// unit.hpp — the unit's own settings (separate from the sites' schedules): which peers may send
// requests, how each line routes (redirect or proxy), which dialled numbers select which desk,
// how much of the caller's number the call log keeps, how long each part of the call log is kept,
// what samteld watches (the disk, the exchange's OPTIONS, the clock), and the protective limits.
//
// Promises:
//  * `parse_unit_config()` checks every key and reports every problem with its JSON path; an
//    empty object gives the documented defaults (redirect mode, only loopback trusted, last two
//    digits of the caller kept).
//  * `resolve_number()` maps a dialled number (with or without +47 / 0047) to a line and desk of
//    the schedule, or says it is not ours.
//  * `CallerPolicy::minimise()` never returns the full number unless the policy says `full`.
//  * `Retention` defaults to minimisation: the caller's (minimised) number 90 days, call records
//    (calls and their attempts) 1826 days (5 years), monthly aggregates for ever; the caller's
//    number is never kept longer than the record it belongs to, nor a record longer than its
//    month's aggregate (each such setting is reported at its path).
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <asio/ip/address.hpp>
#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/schedule.hpp"

namespace samtel::fw {

struct Cidr {
  asio::ip::address network;
  unsigned prefix = 0;
  bool contains(const asio::ip::address& a) const;
  static tl::expected<Cidr, std::string> parse(std::string_view text);
};

struct LineSettings {
  RoutingMode mode = RoutingMode::redirect;
  std::map<std::string, std::string, std::less<>> desk_numbers;  // dialled number -> desk id
  // Proxy mode: where to send the INVITEs for the people on duty (normally the exchange); when
  // unset, to the host and port of each address, which must then be an IP address.
  std::optional<std::pair<asio::ip::address, std::uint16_t>> outbound;
};

struct CallerPolicy {
  enum class Kind { full, last_digits, keyed_hash };
  Kind kind = Kind::last_digits;
  int digits = 2;
  std::array<unsigned char, 32> key{};  // keyed_hash: loaded from the state directory
  std::string minimise(std::string_view number) const;
};

struct Limits {
  std::size_t max_message_bytes = 8192;
  std::size_t max_calls = 200;       // proxied calls in progress
  double requests_per_second = 500;  // per source address
  double burst = 1000;
  std::chrono::seconds max_call_setup{180};  // a proxied call gives up ringing after this
  std::size_t max_log_backlog = 1000;  // call-log records awaiting commit before new calls get 503
  std::size_t max_held_records =
      10000;  // records held in memory while the call log cannot be written
  // TCP: connections open at once in all and from one address (the unit's LimitNOFILE=1024 is
  // above both), how long a message may take from its first byte, and how long a connection may
  // stay silent (a CRLF keep-alive counts as traffic).
  std::size_t tcp_connections = 256;
  std::size_t tcp_connections_per_source = 32;
  std::chrono::seconds tcp_message{5};
  std::chrono::seconds tcp_idle{300};
};

// What a redirect's 302 waits for (docs/firmware.md, "Durability").
enum class Durability {
  power_loss,  // its call-log record fsynced to the disk (one fsync shared by the answers waiting)
  crash,       // its record committed (survives a crash of samteld); fsynced within 200 ms
};

// How long the call log keeps each part (docs/firmware.md, "Retention"). A part is due once its
// call arrived `days` or more before now: the limit is half-open, [now - days, now) is kept.
struct Retention {
  std::chrono::days caller_number{90};   // then the caller's number is blanked, the record kept
  std::chrono::days call_records{1826};  // then the call and its attempts are deleted
  std::optional<std::chrono::days> aggregates;  // monthly aggregates; nullopt: for ever
};

// What samteld watches besides its own failures (samtel/samteld/unit_watch.hpp): the disk's free
// space, the exchange's OPTIONS, the wall clock against the monotonic one.
struct WatchSettings {
  std::uint64_t disk_min_free_mib = 256;                 // below: the fault `disk-space`
  std::optional<std::chrono::seconds> exchange_silence;  // none for this long: `exchange-silent`
  std::chrono::seconds clock_step{60};                   // a step this large: `clock-stepped`
  std::chrono::seconds clock_step_hold{std::chrono::minutes{15}};  // ... raised for this long
};

struct UnitConfig {
  std::vector<Cidr> trusted;
  RoutingMode default_mode = RoutingMode::redirect;
  std::map<std::string, LineSettings, std::less<>> lines;  // by line number
  CallerPolicy caller;
  Limits limits;
  Durability durability = Durability::power_loss;
  Retention retention;
  WatchSettings watch;
  std::string user_agent = "samteld";

  const LineSettings& line(std::string_view number) const;
  bool trusted_source(const asio::ip::address& a) const;
};

tl::expected<UnitConfig, std::vector<std::string>> parse_unit_config(std::string_view json_text);
// The settings in a file: parse_unit_config() of its text, each problem (or the file that cannot
// be read) prefixed with the path, "unit.json: /retention/...".
tl::expected<UnitConfig, std::vector<std::string>> load_unit_file(const std::string& path);
UnitConfig default_unit_config();

struct NumberMatch {
  Schedule::LineRef line;
  const Desk* desk = nullptr;
};
// The dialled number -> line and desk; nullopt when the number is not served here.
std::optional<NumberMatch> resolve_number(const Schedule& schedule, const UnitConfig& unit,
                                          std::string_view dialled);

}  // namespace samtel::fw
