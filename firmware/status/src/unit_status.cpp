#include "samtel/status/unit_status.hpp"

#include <array>
#include <cerrno>
#include <limits>
#include <utility>

#include <signal.h>

#include "samtel/file.hpp"
#include "samtel/json_check.hpp"
#include "samtel/text.hpp"

namespace samtel::fw {
namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 6> kFaultNames{{
    {Fault::clock, "clock"},
    {Fault::call_log, "call-log"},
    {Fault::call_log_damaged, "call-log-damaged"},
    {Fault::disk_space, "disk-space"},
    {Fault::exchange_silent, "exchange-silent"},
    {Fault::clock_stepped, "clock-stepped"},
}};

constexpr std::array<std::pair<UnitState, std::string_view>, 3> kStateNames{{
    {UnitState::routing, "routing"},
    {UnitState::fault, "fault"},
    {UnitState::stopped, "stopped"},
}};

// The largest pid a pid_t holds; 0 and below would name a process group to kill().
constexpr long kMaxPid = std::numeric_limits<int>::max();

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum e) {
  for (const auto& [value, name] : names) {
    if (value == e) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

// "expected "clock", "call-log" or "call-log-damaged"" and the like, from the vocabulary.
template <typename Enum, std::size_t N>
std::string expected_one_of(const std::array<std::pair<Enum, std::string_view>, N>& names) {
  std::string out = "expected ";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += "\"" + std::string(names[i].second) + "\"";
  }
  return out;
}

template <typename Enum, std::size_t N>
std::optional<Enum> read_name(JsonChecker& c, const nlohmann::json& obj, const std::string& ptr,
                              std::string_view key,
                              const std::array<std::pair<Enum, std::string_view>, N>& names) {
  const auto text = c.string(obj, ptr, key, true);
  if (!text) return std::nullopt;
  const auto value = value_of(names, *text);
  if (!value)
    c.error(pointer_at(ptr, key), expected_one_of(names) + ", found " + quote_value(*text));
  return value;
}

std::optional<Instant> read_time(JsonChecker& c, const nlohmann::json& obj, const std::string& ptr,
                                 std::string_view key) {
  const auto text = c.string(obj, ptr, key, true);
  if (!text) return std::nullopt;
  auto t = parse_utc(*text);
  if (!t) {
    c.error(pointer_at(ptr, key), t.error());
    return std::nullopt;
  }
  return *t;
}

std::optional<UnitFault> read_fault(JsonChecker& c, const nlohmann::json& value,
                                    const std::string& ptr) {
  if (!value.is_object()) {
    c.error(ptr, "expected an object, found " + json_type_name(value));
    return std::nullopt;
  }
  const auto kind = read_name(c, value, ptr, "kind", kFaultNames);
  const auto message = c.text(value, ptr, "message", true);
  const auto since = read_time(c, value, ptr, "since");
  if (!kind || !message || !since) return std::nullopt;
  return UnitFault{*kind, *message, *since};
}

// Every problem, in one line.
std::string one_line(const std::vector<JsonProblem>& problems) {
  std::string out;
  for (const JsonProblem& p : problems) {
    out += (out.empty() ? "" : "; ") + (p.pointer.empty() ? "" : p.pointer + ": ") + p.message;
  }
  return out;
}

}  // namespace

std::string_view to_string(Fault fault) { return name_of(kFaultNames, fault); }
std::optional<Fault> parse_fault(std::string_view text) { return value_of(kFaultNames, text); }
std::string_view to_string(UnitState state) { return name_of(kStateNames, state); }
std::optional<UnitState> parse_unit_state(std::string_view text) {
  return value_of(kStateNames, text);
}

nlohmann::json faults_json(const std::vector<UnitFault>& faults) {
  nlohmann::json out = nlohmann::json::array();
  for (const UnitFault& f : faults) {
    // A control character (from a path, say) is escaped, so that every reader takes the file.
    out.push_back({{"kind", to_string(f.kind)},
                   {"message", escape_control_characters(f.message)},
                   {"since", format_utc(f.since)}});
  }
  return out;
}

std::string to_json(const UnitStatus& s) {
  const nlohmann::json doc = {{"schema", kUnitStatusSchema},
                              {"pid", s.pid},
                              {"started", format_utc(s.started)},
                              {"updated", format_utc(s.updated)},
                              {"state", to_string(s.state)},
                              {"faults", faults_json(s.faults)},
                              {"version", s.version}};
  // A message that is not UTF-8 is written with replacement characters, not refused.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

tl::expected<UnitStatus, std::string> parse_unit_status(std::string_view text) {
  if (text.size() > kMaxUnitStatusBytes) {
    return tl::unexpected("the status is " + std::to_string(text.size()) + " bytes, more than " +
                          std::to_string(kMaxUnitStatusBytes));
  }
  JsonChecker c;
  const auto doc = parse_checked(text, c);
  if (!doc || !c.ok()) return tl::unexpected(one_line(c.problems()));
  if (!doc->is_object()) return tl::unexpected("expected an object, found " + json_type_name(*doc));
  // The schema first: a document of another schema is not read further.
  const auto schema = c.integer(*doc, "", "schema", true, std::numeric_limits<long>::min(),
                                std::numeric_limits<long>::max());
  if (!schema) return tl::unexpected(one_line(c.problems()));
  if (*schema != kUnitStatusSchema) {
    return tl::unexpected("/schema: schema " + std::to_string(*schema) +
                          " is not known (this samtel reads schema " +
                          std::to_string(kUnitStatusSchema) + ")");
  }

  UnitStatus out;
  const auto pid = c.integer(*doc, "", "pid", true, 1, kMaxPid);
  const auto started = read_time(c, *doc, "", "started");
  const auto updated = read_time(c, *doc, "", "updated");
  const auto state = read_name(c, *doc, "", "state", kStateNames);
  const auto version = c.text(*doc, "", "version", true);
  if (const nlohmann::json* faults = c.array(*doc, "", "faults", true)) {
    for (std::size_t i = 0; i < faults->size(); ++i) {
      const std::string ptr = pointer_at("/faults", i);
      auto fault = read_fault(c, (*faults)[i], ptr);
      if (!fault) continue;
      for (const UnitFault& before : out.faults) {
        if (before.kind == fault->kind) {
          c.error(pointer_at(ptr, "kind"),
                  quote_value(to_string(fault->kind)) + " is listed twice");
        }
      }
      out.faults.push_back(std::move(*fault));
    }
  }
  if (!c.ok()) return tl::unexpected(one_line(c.problems()));
  if (*state == UnitState::routing && !out.faults.empty()) {
    return tl::unexpected("/state: \"routing\" with " + std::to_string(out.faults.size()) +
                          " fault(s) listed; expected \"fault\"");
  }
  if (*state == UnitState::fault && out.faults.empty()) {
    return tl::unexpected(
        std::string("/state: \"fault\" with no fault listed; expected \"routing\""));
  }
  out.pid = *pid;
  out.started = *started;
  out.updated = *updated;
  out.state = *state;
  out.version = *version;
  return out;
}

tl::expected<UnitStatus, std::string> read_unit_status(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return tl::unexpected(std::move(text.error()));
  auto status = parse_unit_status(*text);
  if (!status) return tl::unexpected(path + ": " + status.error());
  return status;
}

bool process_gone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace samtel::fw
