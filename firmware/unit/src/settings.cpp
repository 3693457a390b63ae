#include "samtel/unit/settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "samtel/caller_directory.hpp"
#include "samtel/file.hpp"
#include "samtel/json_check.hpp"

namespace samtel::fw {

using json = nlohmann::json;

bool Cidr::contains(const asio::ip::address& a) const {
  auto bytes_of = [](const asio::ip::address& x) -> std::vector<unsigned char> {
    if (x.is_v4()) {
      auto b = x.to_v4().to_bytes();
      return {b.begin(), b.end()};
    }
    auto v6 = x.to_v6();
    if (v6.is_v4_mapped()) {
      auto b = asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_bytes();
      return {b.begin(), b.end()};
    }
    auto b = v6.to_bytes();
    return {b.begin(), b.end()};
  };
  const auto net = bytes_of(network);
  const auto adr = bytes_of(a);
  if (net.size() != adr.size()) return false;
  unsigned bits = prefix;
  for (std::size_t i = 0; i < net.size() && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8u);
    const auto mask = static_cast<unsigned char>(0xFFu << (8 - take));
    if ((net[i] & mask) != (adr[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

tl::expected<Cidr, std::string> Cidr::parse(std::string_view text) {
  const auto slash = text.find('/');
  const std::string addr_text{text.substr(0, slash)};
  asio::error_code ec;
  const auto addr = asio::ip::make_address(addr_text, ec);
  if (ec) return tl::unexpected("'" + std::string(text) + "' is not an address or CIDR block");
  const unsigned max = addr.is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    const std::string p{text.substr(slash + 1)};
    if (p.empty() || p.size() > 3 ||
        !std::all_of(p.begin(), p.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
        std::stoul(p) > max) {
      return tl::unexpected("'" + std::string(text) + "': prefix length must be 0.." +
                            std::to_string(max));
    }
    prefix = static_cast<unsigned>(std::stoul(p));
  }
  return Cidr{addr, prefix};
}

std::string CallerPolicy::minimise(std::string_view number) const {
  switch (kind) {
    case Kind::full: return std::string(number);
    case Kind::last_digits:
      return keep_last_digits(number, static_cast<std::size_t>(std::max(0, digits)));
    case Kind::keyed_hash: {
      unsigned char out[16];
      crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(number.data()),
                         number.size(), key.data(), key.size());
      static constexpr char hex[] = "0123456789abcdef";
      std::string s = "h:";
      for (unsigned char c : out) {
        s += hex[c >> 4];
        s += hex[c & 15];
      }
      return s;
    }
  }
  return {};
}

const LineSettings& UnitConfig::line(std::string_view number) const {
  static const LineSettings redirect_default{};
  static const LineSettings proxy_default{RoutingMode::proxy, {}, std::nullopt};
  auto it = lines.find(number);
  if (it != lines.end()) return it->second;
  return default_mode == RoutingMode::proxy ? proxy_default : redirect_default;
}

bool UnitConfig::trusted_source(const asio::ip::address& a) const {
  return std::any_of(trusted.begin(), trusted.end(), [&](const Cidr& c) { return c.contains(a); });
}

UnitConfig default_unit_config() {
  UnitConfig u;
  u.trusted = {*Cidr::parse("127.0.0.0/8"), *Cidr::parse("::1/128")};
  return u;
}

namespace {

// The shared checker (samtel/json_check.hpp); problems read "POINTER: message".
struct Checker : JsonChecker {
  bool keys(const json& j, const std::string& ptr,
            std::initializer_list<std::string_view> allowed) {
    return object(j, ptr, allowed);
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const JsonProblem& p : problems())
      out.push_back((p.pointer.empty() ? "/" : p.pointer) + ": " + p.message);
    return out;
  }
};

// One of a few words: `words` in the order the message lists them.
template <typename E, std::size_t N>
std::optional<E> one_of(Checker& c, const json& obj, const std::string& ptr, std::string_view key,
                        const std::array<std::pair<std::string_view, E>, N>& words) {
  auto word = c.string(obj, ptr, key, false);
  if (!word) return std::nullopt;
  for (const auto& [w, e] : words) {
    if (*word == w) return e;
  }
  std::string list;
  for (std::size_t i = 0; i < N; ++i) {
    list += std::string(i == 0       ? ""
                        : i + 1 == N ? " or "
                                     : ", ") +
            "\"" + std::string(words[i].first) + "\"";
  }
  c.error(ptr + "/" + std::string(key), "expected " + list);
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, RoutingMode>, 2> kModes{
    {{"redirect", RoutingMode::redirect}, {"proxy", RoutingMode::proxy}}};

bool digits_only(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// "retention": {"caller_number_days": 90, "call_records_days": 1826, "aggregates_days": null}.
// Each in whole days; `aggregates_days` null (or absent) keeps the aggregates for ever.
void parse_retention(Checker& c, const json& r, Retention& out) {
  const std::string p = "/retention";
  if (!c.keys(r, p, {"caller_number_days", "call_records_days", "aggregates_days"})) return;
  const std::size_t problems_before = c.problems().size();
  constexpr long kMaxDays = 36525;  // a century
  if (auto d = c.integer(r, p, "caller_number_days", false, 1, kMaxDays))
    out.caller_number = std::chrono::days(*d);
  if (auto d = c.integer(r, p, "call_records_days", false, 1, kMaxDays))
    out.call_records = std::chrono::days(*d);
  if (r.contains("aggregates_days") && !r["aggregates_days"].is_null()) {
    if (auto d = c.integer(r, p, "aggregates_days", false, 1, kMaxDays))
      out.aggregates = std::chrono::days(*d);
  }
  if (c.problems().size() != problems_before) return;  // compare only values that were read
  if (out.caller_number > out.call_records) {
    c.error(p + "/caller_number_days", "is longer than call_records_days (" +
                                           std::to_string(out.call_records.count()) +
                                           "): a record's caller number cannot outlive the record");
  }
  if (out.aggregates && *out.aggregates < out.call_records) {
    c.error(p + "/aggregates_days", "is shorter than call_records_days (" +
                                        std::to_string(out.call_records.count()) +
                                        "): a month's aggregate cannot go before its records");
  }
}

// "watch": {"disk_min_free_mib": 256, "exchange_silence_seconds": 300,
//           "clock_step_seconds": 60, "clock_step_hold_seconds": 900}; the silence null (or
// absent) leaves the exchange unwatched.
void parse_watch(Checker& c, const json& w, WatchSettings& out) {
  const std::string p = "/watch";
  if (!c.keys(w, p,
              {"disk_min_free_mib", "exchange_silence_seconds", "clock_step_seconds",
               "clock_step_hold_seconds"}))
    return;
  if (auto n = c.integer(w, p, "disk_min_free_mib", false, 0, 1024L * 1024))
    out.disk_min_free_mib = static_cast<std::uint64_t>(*n);
  if (w.contains("exchange_silence_seconds") && !w["exchange_silence_seconds"].is_null()) {
    if (auto n = c.integer(w, p, "exchange_silence_seconds", false, 10, 86400))
      out.exchange_silence = std::chrono::seconds(*n);
  }
  if (auto n = c.integer(w, p, "clock_step_seconds", false, 1, 86400))
    out.clock_step = std::chrono::seconds(*n);
  if (auto n = c.integer(w, p, "clock_step_hold_seconds", false, 10, 86400))
    out.clock_step_hold = std::chrono::seconds(*n);
}

}  // namespace

tl::expected<UnitConfig, std::vector<std::string>> parse_unit_config(std::string_view json_text) {
  Checker c;
  const auto parsed = parse_checked(json_text, c);
  if (!parsed) return tl::unexpected(c.messages());
  const json& root = *parsed;
  UnitConfig u = default_unit_config();
  if (!c.keys(root, "",
              {"trusted", "default_mode", "lines", "caller_number", "limits", "call_log",
               "user_agent", "retention", "watch"})) {
    return tl::unexpected(c.messages());
  }
  if (const json* t = c.array(root, "", "trusted", false)) {
    u.trusted.clear();
    for (std::size_t i = 0; i < t->size(); ++i) {
      const std::string p = "/trusted/" + std::to_string(i);
      if (!(*t)[i].is_string()) {
        c.error(p, "expected a string, found " + json_type_name((*t)[i]));
        continue;
      }
      auto cidr = Cidr::parse((*t)[i].get<std::string>());
      if (!cidr)
        c.error(p, cidr.error());
      else
        u.trusted.push_back(*cidr);
    }
  }
  if (auto m = one_of(c, root, "", "default_mode", kModes)) u.default_mode = *m;
  if (root.contains("lines")) {
    const json& ls = root["lines"];
    if (!ls.is_object())
      c.error("/lines", "expected an object keyed by line number");
    else
      for (const auto& [number, v] : ls.items()) {
        const std::string p = "/lines/" + number;
        if (!digits_only(number)) c.error(p, "a line number has digits only");
        if (!c.keys(v, p, {"mode", "outbound", "desk_numbers"})) continue;
        LineSettings s;
        s.mode = u.default_mode;
        if (auto m = one_of(c, v, p, "mode", kModes)) s.mode = *m;
        if (v.contains("outbound")) {
          const json& o = v["outbound"];
          bool ok = false;
          if (o.is_string()) {
            const std::string t = o.get<std::string>();
            const auto colon = t.rfind(':');
            if (colon != std::string::npos) {
              asio::error_code ec;
              std::string host = t.substr(0, colon);
              if (host.size() > 2 && host.front() == '[' && host.back() == ']')
                host = host.substr(1, host.size() - 2);
              const auto addr = asio::ip::make_address(host, ec);
              const std::string port = t.substr(colon + 1);
              if (!ec && digits_only(port) && port.size() <= 5 && std::stoul(port) > 0 &&
                  std::stoul(port) < 65536) {
                s.outbound = std::pair{addr, static_cast<std::uint16_t>(std::stoul(port))};
                ok = true;
              }
            }
          }
          if (!ok) c.error(p + "/outbound", "expected \"ADDRESS:PORT\" with an IP address");
        }
        if (v.contains("desk_numbers")) {
          const json& d = v["desk_numbers"];
          if (!d.is_object())
            c.error(p + "/desk_numbers", "expected an object: dialled number -> desk id");
          else
            for (const auto& [dn, desk] : d.items()) {
              if (!digits_only(dn))
                c.error(p + "/desk_numbers/" + dn, "a dialled number has digits only");
              if (auto id = c.string(d, p + "/desk_numbers", dn, true))
                s.desk_numbers.emplace(dn, *id);
            }
        }
        u.lines.emplace(number, std::move(s));
      }
  }
  if (root.contains("caller_number")) {
    const json& cn = root["caller_number"];
    if (c.keys(cn, "/caller_number", {"keep", "digits"})) {
      constexpr std::array<std::pair<std::string_view, CallerPolicy::Kind>, 3> kKeep{
          {{"full", CallerPolicy::Kind::full},
           {"last-digits", CallerPolicy::Kind::last_digits},
           {"keyed-hash", CallerPolicy::Kind::keyed_hash}}};
      if (auto k = one_of(c, cn, "/caller_number", "keep", kKeep)) u.caller.kind = *k;
      if (auto d = c.integer(cn, "/caller_number", "digits", false, 0, 8))
        u.caller.digits = static_cast<int>(*d);
    }
  }
  if (root.contains("limits")) {
    const json& l = root["limits"];
    if (c.keys(l, "/limits",
               {"max_message_bytes", "max_calls", "requests_per_second", "burst",
                "max_call_setup_seconds", "max_log_backlog", "max_held_records", "tcp_connections",
                "tcp_connections_per_source", "tcp_message_seconds", "tcp_idle_seconds"})) {
      const auto count = [&](std::string_view key, long lo, long hi, std::size_t& out) {
        if (auto n = c.integer(l, "/limits", key, false, lo, hi))
          out = static_cast<std::size_t>(*n);
      };
      const auto seconds = [&](std::string_view key, long lo, long hi, std::chrono::seconds& out) {
        if (auto n = c.integer(l, "/limits", key, false, lo, hi)) out = std::chrono::seconds(*n);
      };
      const auto rate = [&](std::string_view key, double& out) {
        if (const json* v = c.member(l, "/limits", key, false)) {
          if (auto n = c.number(*v, "/limits/" + std::string(key), 1, 1e7)) out = *n;
        }
      };
      count("max_message_bytes", 1024, 65535, u.limits.max_message_bytes);
      count("max_calls", 1, 100000, u.limits.max_calls);
      rate("requests_per_second", u.limits.requests_per_second);
      rate("burst", u.limits.burst);
      count("max_log_backlog", 1, 1000000, u.limits.max_log_backlog);
      count("max_held_records", 0, 1000000, u.limits.max_held_records);
      count("tcp_connections", 1, 900, u.limits.tcp_connections);
      count("tcp_connections_per_source", 1, 900, u.limits.tcp_connections_per_source);
      seconds("tcp_message_seconds", 1, 60, u.limits.tcp_message);
      seconds("tcp_idle_seconds", 5, 86400, u.limits.tcp_idle);
      seconds("max_call_setup_seconds", 10, 3600, u.limits.max_call_setup);
    }
  }
  if (c.ok() && u.limits.tcp_connections_per_source > u.limits.tcp_connections) {
    c.error("/limits/tcp_connections_per_source",
            "is more than tcp_connections (" + std::to_string(u.limits.tcp_connections) + ")");
  }
  if (root.contains("call_log")) {
    const json& cl = root["call_log"];
    constexpr std::array<std::pair<std::string_view, Durability>, 2> kDurability{
        {{"power-loss", Durability::power_loss}, {"crash", Durability::crash}}};
    if (c.keys(cl, "/call_log", {"durability"})) {
      if (auto d = one_of(c, cl, "/call_log", "durability", kDurability)) u.durability = *d;
    }
  }
  if (root.contains("retention")) parse_retention(c, root["retention"], u.retention);
  if (root.contains("watch")) parse_watch(c, root["watch"], u.watch);
  if (auto ua = c.text(root, "", "user_agent", false)) u.user_agent = *ua;
  if (!c.ok()) return tl::unexpected(c.messages());
  return u;
}

tl::expected<UnitConfig, std::vector<std::string>> load_unit_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return tl::unexpected(std::vector<std::string>{text.error()});
  auto parsed = parse_unit_config(*text);
  if (!parsed) {
    std::vector<std::string> errors;
    for (const std::string& e : parsed.error()) errors.push_back(path + ": " + e);
    return tl::unexpected(std::move(errors));
  }
  return parsed;
}

std::optional<NumberMatch> resolve_number(const Schedule& schedule, const UnitConfig& unit,
                                          std::string_view dialled) {
  const std::string n = national_number(dialled);
  if (auto ref = schedule.find_line(n)) {
    return NumberMatch{ref, &ref.line->desks[ref.line->default_desk]};
  }
  for (const auto& [line_number, settings] : unit.lines) {
    auto it = settings.desk_numbers.find(n);
    if (it == settings.desk_numbers.end()) continue;
    auto ref = schedule.find_line(line_number);
    if (!ref) return std::nullopt;
    const Desk* desk = ref.line->find_desk(it->second);
    if (desk == nullptr) return std::nullopt;
    return NumberMatch{ref, desk};
  }
  return std::nullopt;
}

}  // namespace samtel::fw
