// The unit's own settings: parsing with JSON paths, trusted networks, caller minimisation, and
// which dialled numbers select which line and desk.
#include <gtest/gtest.h>
#include <sodium.h>

#include "samtel/calls/admission.hpp"
#include "samtel/config.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {
namespace {

TEST(UnitConfig, EmptyObjectGivesTheDocumentedDefaults) {
  auto u = parse_unit_config("{}");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->default_mode, RoutingMode::redirect);
  EXPECT_TRUE(u->trusted_source(asio::ip::make_address("127.0.0.1")));
  EXPECT_TRUE(u->trusted_source(asio::ip::make_address("::1")));
  EXPECT_FALSE(u->trusted_source(asio::ip::make_address("10.0.0.1")));
  EXPECT_EQ(u->caller.kind, CallerPolicy::Kind::last_digits);
  EXPECT_EQ(u->caller.digits, 2);
  EXPECT_EQ(u->limits.max_message_bytes, 8192u);
}

TEST(UnitConfig, ReportsEveryProblemWithItsPath) {
  auto u = parse_unit_config(R"({
    "trusted": ["10.0.0.0/33", "not-an-address"],
    "default_mode": "forward",
    "lines": {"7355x": {"mode": "proxy", "outbound": "pbx:5060", "colour": "red"}},
    "caller_number": {"keep": "everything"},
    "limits": {"max_calls": 0, "max_log_backlog": 0}
  })");
  ASSERT_FALSE(u);
  const auto& e = u.error();
  const auto has = [&](const std::string& s) {
    return std::any_of(e.begin(), e.end(),
                       [&](const std::string& x) { return x.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("/trusted/0: '10.0.0.0/33': prefix length must be 0..32"));
  EXPECT_TRUE(has("/trusted/1: 'not-an-address' is not an address or CIDR block"));
  EXPECT_TRUE(has("/default_mode: expected \"redirect\" or \"proxy\""));
  EXPECT_TRUE(has("/lines/7355x: a line number has digits only"));
  EXPECT_TRUE(has("/lines/7355x/outbound: expected \"ADDRESS:PORT\" with an IP address"));
  EXPECT_TRUE(has("/lines/7355x/colour: unknown key"));
  EXPECT_TRUE(has("/caller_number/keep: expected \"full\", \"last-digits\" or \"keyed-hash\""));
  EXPECT_TRUE(has("/limits/max_calls: value 0 out of range 1..100000"));
  EXPECT_TRUE(has("/limits/max_log_backlog: value 0 out of range 1..1000000"));
  EXPECT_EQ(e.size(), 9u);
}

TEST(UnitConfig, TcpLimitsAndHeldRecordsHaveDefaultsAndBounds) {
  auto d = parse_unit_config("{}");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->limits.tcp_connections, 256u);
  EXPECT_EQ(d->limits.tcp_connections_per_source, 32u);
  EXPECT_EQ(d->limits.tcp_message, std::chrono::seconds(5));
  EXPECT_EQ(d->limits.tcp_idle, std::chrono::seconds(300));
  EXPECT_EQ(d->limits.max_held_records, 10000u);
  auto u = parse_unit_config(R"({"limits": {"tcp_connections": 40, "tcp_connections_per_source": 8,
                                            "tcp_message_seconds": 2, "tcp_idle_seconds": 60,
                                            "max_held_records": 50}})");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->limits.tcp_connections, 40u);
  EXPECT_EQ(u->limits.tcp_connections_per_source, 8u);
  EXPECT_EQ(u->limits.tcp_message, std::chrono::seconds(2));
  EXPECT_EQ(u->limits.tcp_idle, std::chrono::seconds(60));
  EXPECT_EQ(u->limits.max_held_records, 50u);
  auto bad = parse_unit_config(R"({"limits": {"tcp_connections": 2000, "tcp_message_seconds": 0,
                                              "tcp_idle_seconds": 1}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(),
            (std::vector<std::string>{"/limits/tcp_connections: value 2000 out of range 1..900",
                                      "/limits/tcp_message_seconds: value 0 out of range 1..60",
                                      "/limits/tcp_idle_seconds: value 1 out of range 5..86400"}));
  auto over =
      parse_unit_config(R"({"limits": {"tcp_connections": 10, "tcp_connections_per_source": 11}})");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(),
            std::vector<std::string>{
                "/limits/tcp_connections_per_source: is more than tcp_connections (10)"});
}

TEST(UnitConfig, ADuplicateKeyIsReportedNotSilentlyOverwritten) {
  auto u = parse_unit_config(
      R"({"trusted": ["10.0.0.0/8"], "limits": {"max_calls": 5, "max_calls": 500}})");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error(), std::vector<std::string>{
                           "/limits/max_calls: duplicate key 'max_calls' (only one may be given)"});
}

TEST(UnitConfig, CallLogDurabilityIsPowerLossUnlessCrashIsChosen) {
  EXPECT_EQ(parse_unit_config("{}")->durability, Durability::power_loss);
  EXPECT_EQ(parse_unit_config(R"({"call_log": {"durability": "crash"}})")->durability,
            Durability::crash);
  auto bad = parse_unit_config(R"({"call_log": {"durability": "sometimes", "path": "/tmp"}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().size(), 2u);
  EXPECT_NE(bad.error()[0].find("/call_log/path: unknown key 'path'"), std::string::npos)
      << bad.error()[0];
  EXPECT_EQ(bad.error()[1], "/call_log/durability: expected \"power-loss\" or \"crash\"");
}

TEST(UnitConfig, SyntaxErrorIsReported) {
  auto u = parse_unit_config("{\"trusted\": [}");
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().front().find("not valid JSON at line 1, column 14"), std::string::npos)
      << u.error().front();
}

TEST(Cidr, MatchesByPrefix) {
  auto c = Cidr::parse("192.168.10.0/23");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->contains(asio::ip::make_address("192.168.11.255")));
  EXPECT_FALSE(c->contains(asio::ip::make_address("192.168.12.0")));
  EXPECT_TRUE(c->contains(asio::ip::make_address("::ffff:192.168.10.7")));  // v4-mapped
  auto v6 = Cidr::parse("fd00:1::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->contains(asio::ip::make_address("fd00:1:ffff::1")));
  EXPECT_FALSE(v6->contains(asio::ip::make_address("fd00:2::1")));
  EXPECT_FALSE(v6->contains(asio::ip::make_address("10.0.0.1")));
  auto host = Cidr::parse("10.1.2.3");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->prefix, 32u);
}

TEST(CallerPolicy, KeepsOnlyWhatThePolicySays) {
  ASSERT_GE(sodium_init(), 0);
  CallerPolicy p;
  EXPECT_EQ(p.minimise("4790000123"), "********23");
  p.digits = 0;
  EXPECT_EQ(p.minimise("4790000123"), "**********");
  p.kind = CallerPolicy::Kind::full;
  EXPECT_EQ(p.minimise("4790000123"), "4790000123");
  p.kind = CallerPolicy::Kind::keyed_hash;
  p.key.fill(7);
  const std::string h = p.minimise("4790000123");
  EXPECT_EQ(h.size(), 34u);
  EXPECT_EQ(h.substr(0, 2), "h:");
  EXPECT_EQ(h, p.minimise("4790000123"));  // stable, so calls from one caller can be grouped
  EXPECT_NE(h, p.minimise("4790000124"));
  p.key.fill(8);
  EXPECT_NE(h, p.minimise("4790000123"));  // and useless without the unit's key
}

TEST(ResolveNumber, DialledNumbersSelectLineAndDesk) {
  auto site = load_site_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json");
  ASSERT_TRUE(site);
  std::vector<Site> sites;
  sites.push_back(std::move(*site));
  Schedule schedule(std::move(sites));
  auto u =
      parse_unit_config(R"({"lines": {"73553888": {"desk_numbers": {"73553881": "kardiologi"}}}})");
  ASSERT_TRUE(u);
  for (const char* n : {"73553888", "+4773553888", "004773553888"}) {
    auto m = resolve_number(schedule, *u, n);
    ASSERT_TRUE(m) << n;
    EXPECT_EQ(m->desk->id, "medisin") << n;
  }
  auto k = resolve_number(schedule, *u, "73553881");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->desk->id, "kardiologi");
  EXPECT_EQ(k->line.line->number, "73553888");
  EXPECT_FALSE(resolve_number(schedule, *u, "73553889"));
  EXPECT_FALSE(resolve_number(schedule, *u, ""));
}

TEST(RateLimiter, AllowsTheBurstThenTheRate) {
  RateLimiter r(10, 5);
  const auto a = asio::ip::make_address("127.0.0.9");
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  int allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += r.allow(a, t0) ? 1 : 0;
  EXPECT_EQ(allowed, 5);
  EXPECT_TRUE(r.allow(a, t0 + std::chrono::milliseconds(100)));  // one token back after 0.1 s
  EXPECT_FALSE(r.allow(a, t0 + std::chrono::milliseconds(100)));
  EXPECT_TRUE(r.allow(asio::ip::make_address("127.0.0.10"), t0));  // per source
}

TEST(UnitConfig, RetentionDefaultsFollowMinimisation) {
  auto u = parse_unit_config("{}");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->retention.caller_number, std::chrono::days(90));
  EXPECT_EQ(u->retention.call_records, std::chrono::days(1826));
  EXPECT_FALSE(u->retention.aggregates);
  auto set = parse_unit_config(
      R"({"retention": {"caller_number_days": 30, "call_records_days": 400,
                        "aggregates_days": 3653}})");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->retention.caller_number, std::chrono::days(30));
  EXPECT_EQ(set->retention.call_records, std::chrono::days(400));
  EXPECT_EQ(set->retention.aggregates, std::chrono::days(3653));
  auto forever = parse_unit_config(R"({"retention": {"aggregates_days": null}})");
  ASSERT_TRUE(forever);
  EXPECT_FALSE(forever->retention.aggregates);
}

TEST(UnitConfig, WatchDefaultsAndSettings) {
  auto u = parse_unit_config("{}");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->watch.disk_min_free_mib, 256U);
  EXPECT_FALSE(u->watch.exchange_silence);
  EXPECT_EQ(u->watch.clock_step, std::chrono::seconds(60));
  EXPECT_EQ(u->watch.clock_step_hold, std::chrono::seconds(900));
  auto set = parse_unit_config(
      R"({"watch": {"disk_min_free_mib": 512, "exchange_silence_seconds": 300,
                    "clock_step_seconds": 30, "clock_step_hold_seconds": 600}})");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->watch.disk_min_free_mib, 512U);
  EXPECT_EQ(set->watch.exchange_silence, std::chrono::seconds(300));
  EXPECT_EQ(set->watch.clock_step, std::chrono::seconds(30));
  EXPECT_EQ(set->watch.clock_step_hold, std::chrono::seconds(600));
  auto bad = parse_unit_config(R"({"watch": {"exchange_silence_seconds": 5, "disk": 1}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(),
            (std::vector<std::string>{
                "/watch/disk: unknown key 'disk' (allowed here: disk_min_free_mib, "
                "exchange_silence_seconds, clock_step_seconds, clock_step_hold_seconds)",
                "/watch/exchange_silence_seconds: value 5 out of range 10..86400"}));
}

TEST(UnitConfig, RetentionProblemsAreReportedAtTheirPath) {
  const struct {
    const char* json;
    std::vector<std::string> errors;
  } cases[] = {
      {R"({"retention": {"caller_number_days": 0}})",
       {"/retention/caller_number_days: value 0 out of range 1..36525"}},
      {R"({"retention": {"call_records_days": "5y"}})",
       {"/retention/call_records_days: expected a whole number, found a string"}},
      {R"({"retention": {"keep_forever": true}})",
       {"/retention/keep_forever: unknown key 'keep_forever' (allowed here: caller_number_days, "
        "call_records_days, aggregates_days)"}},
      {R"({"retention": {"caller_number_days": 400, "call_records_days": 365}})",
       {"/retention/caller_number_days: is longer than call_records_days (365): a record's "
        "caller number cannot outlive the record"}},
      {R"({"retention": {"aggregates_days": 365}})",
       {"/retention/aggregates_days: is shorter than call_records_days (1826): a month's "
        "aggregate cannot go before its records"}},
      {R"({"retention": [90]})", {"/retention: expected an object, found an array"}},
  };
  for (const auto& c : cases) {
    auto u = parse_unit_config(c.json);
    ASSERT_FALSE(u) << c.json;
    EXPECT_EQ(u.error(), c.errors) << c.json;
  }
}

}  // namespace
}  // namespace samtel::fw
