// GET /metrics: the text samteld writes (samtel/status/unit_metrics.hpp) line by line, the text
// the admin service serves around it, the notice log's deliveries from a real store, who may
// scrape (loopback, or the token), and one scrape over a real socket on 127.0.0.1.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "samtel/admin/metrics_resource.hpp"
#include "samtel/status/unit_metrics.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

CallRecord record(std::string line, std::string desk, CallOutcome outcome,
                  std::optional<std::int64_t> wait_ms = std::nullopt) {
  CallRecord r;
  r.line = std::move(line);
  r.desk = std::move(desk);
  r.outcome = outcome;
  r.wait_ms = wait_ms;
  return r;
}

CallTally three_calls() {
  CallTally t;
  t.add(record("73553888", "kardiologi", CallOutcome::answered, 500));
  t.add(record("73553888", "kardiologi", CallOutcome::answered, 12345));
  t.add(record("73553888", "", CallOutcome::closed));
  t.add(record("7355\"88\\", "a\nb", CallOutcome::fallback, 70000));
  return t;
}

constexpr const char* kThreeCalls =
    "# HELP samtel_calls_total Calls taken since samteld started, by line, desk and outcome.\n"
    "# TYPE samtel_calls_total counter\n"
    "samtel_calls_total{line=\"7355\\\"88\\\\\",desk=\"a\\nb\",outcome=\"fallback\"} 1\n"
    "samtel_calls_total{line=\"73553888\",desk=\"\",outcome=\"closed\"} 1\n"
    "samtel_calls_total{line=\"73553888\",desk=\"kardiologi\",outcome=\"answered\"} 2\n"
    "# HELP samtel_call_answer_wait_seconds From a call's arrival to its answer (proxy mode), "
    "since samteld started.\n"
    "# TYPE samtel_call_answer_wait_seconds histogram\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"0.500\"} 1\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"1.000\"} 1\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"2.000\"} 1\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"5.000\"} 1\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"10.000\"} 1\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"20.000\"} 2\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"30.000\"} 2\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"60.000\"} 2\n"
    "samtel_call_answer_wait_seconds_bucket{le=\"+Inf\"} 3\n"
    "samtel_call_answer_wait_seconds_sum 82.845\n"
    "samtel_call_answer_wait_seconds_count 3\n"
    "# HELP samtel_fault Whether samteld has the fault now (1) or not (0).\n"
    "# TYPE samtel_fault gauge\n"
    "samtel_fault{kind=\"clock\"} 0\n"
    "samtel_fault{kind=\"call-log\"} 1\n"
    "samtel_fault{kind=\"call-log-damaged\"} 0\n"
    "samtel_fault{kind=\"disk-space\"} 0\n"
    "samtel_fault{kind=\"exchange-silent\"} 0\n"
    "samtel_fault{kind=\"clock-stepped\"} 0\n"
    "# HELP samtel_call_log_backlog Call records waiting for their commit to the call log.\n"
    "# TYPE samtel_call_log_backlog gauge\n"
    "samtel_call_log_backlog 17\n"
    "# HELP samtel_schedule_version The published schedule version samteld routes by, per site.\n"
    "# TYPE samtel_schedule_version gauge\n"
    "samtel_schedule_version{site=\"st-olavs\"} 12\n"
    "samtel_schedule_version{site=\"ahus\"} 3\n";

TEST(UnitMetrics, CallsWaitsFaultsBacklogAndVersionsLineByLine) {
  const CallTally tally = three_calls();
  EXPECT_EQ(format_unit_metrics({.calls = tally,
                                 .faults = {Fault::call_log},
                                 .call_log_backlog = 17,
                                 .schedule_versions = {{"st-olavs", 12}, {"ahus", 3}}}),
            kThreeCalls);
}

TEST(UnitMetrics, NothingCountedYetStillNamesEveryFamily) {
  const CallTally none;
  const std::string text = format_unit_metrics(
      {.calls = none, .faults = {}, .call_log_backlog = 0, .schedule_versions = {}});
  EXPECT_NE(text.find("# TYPE samtel_calls_total counter\n# HELP samtel_call_answer_wait"),
            std::string::npos);
  EXPECT_NE(text.find("samtel_call_answer_wait_seconds_bucket{le=\"+Inf\"} 0\n"
                      "samtel_call_answer_wait_seconds_sum 0.000\n"
                      "samtel_call_answer_wait_seconds_count 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("samtel_fault{kind=\"clock\"} 0\n"), std::string::npos);
  EXPECT_TRUE(text.ends_with("# TYPE samtel_schedule_version gauge\n"));
}

constexpr const char* kUp =
    "# HELP samtel_unit_metrics_up Whether samteld's metrics file was read (1) or not (0).\n"
    "# TYPE samtel_unit_metrics_up gauge\n";
constexpr const char* kAge =
    "# HELP samtel_unit_metrics_age_seconds How long ago samteld wrote its metrics (every 10 "
    "seconds while it runs).\n"
    "# TYPE samtel_unit_metrics_age_seconds gauge\n";

TEST(MetricsText, SamtelDsFileAfterTheServicesOwnGauges) {
  EXPECT_EQ(metrics_text(std::string("samtel_call_log_backlog 0"), std::chrono::seconds(4)),
            std::string(kUp) + "samtel_unit_metrics_up 1\n" + kAge +
                "samtel_unit_metrics_age_seconds 4\nsamtel_call_log_backlog 0\n");
  EXPECT_EQ(metrics_text(tl::unexpected(std::string("missing")), std::chrono::seconds(0)),
            std::string(kUp) + "samtel_unit_metrics_up 0\n" + kAge);
}

constexpr const char* kNoticeHead =
    "# HELP samtel_notice_deliveries Deliveries of notices in the notice log, by channel and how "
    "they stand (failed: to be retried).\n"
    "# TYPE samtel_notice_deliveries gauge\n";

TEST(NoticeMetricsText, EveryCountOnItsLineAndNoneWhenTheStoreCannotBeRead) {
  using notices::Channel;
  using notices::DeliveryState;
  EXPECT_EQ(notice_metrics_text(
                std::vector<store::DeliveryCount>{{Channel::email, DeliveryState::delivered, 3},
                                                  {Channel::sip, DeliveryState::given_up, 1}}),
            std::string(kNoticeHead) +
                "samtel_notice_deliveries{channel=\"email\",state=\"delivered\"} 3\n"
                "samtel_notice_deliveries{channel=\"sip\",state=\"given-up\"} 1\n");
  EXPECT_EQ(notice_metrics_text(tl::unexpected(std::string("disk I/O error"))), kNoticeHead);
}

// The notice log's deliveries in a real store, counted at GET /metrics.
class NoticeMetrics : public test_support::StoreBacked {};

TEST_F(NoticeMetrics, DeliveriesByChannelAndStateFromTheNoticeLog) {
  using notices::Channel;
  using notices::DeliveryState;
  with_store([](store::ScheduleStore& s) {
    for (const char* key : {"a", "b"}) {
      notices::Notice n;
      n.key = key;
      const auto id = s.record_notice(n).value();
      const auto mail = s.record_delivery(id, "Drift", Channel::email, "drift@hospital.test");
      const auto sip = s.record_delivery(id, "Drift", Channel::sip, "sip:drift@192.0.2.7");
      const auto hook = s.record_delivery(id, "Drift", Channel::webhook, "http://192.0.2.7/x");
      EXPECT_TRUE(s.record_attempt(*mail, 1, DeliveryState::delivered, ""));
      EXPECT_TRUE(s.record_attempt(*sip, 1, DeliveryState::failed, "486 Busy Here"));
      if (std::string(key) == "b") {
        EXPECT_TRUE(s.record_attempt(*sip, 2, DeliveryState::delivered, ""));
      }
      EXPECT_TRUE(hook);  // left pending
    }
  });
  Router router;
  add_metrics_resource(router, {.unit_metrics = "", .token = "", .store = shared.get()});
  ApiRequest request;
  request.path = "/metrics";
  request.source = "127.0.0.1";
  auto found = router.find(request.method, request.path);
  ASSERT_TRUE(found);
  const nlohmann::json body;
  const ApiResponse r = found->route->handler(Call{request, found->params, nullptr, body});
  EXPECT_EQ(r.status, 200);
  const std::string tail = std::string(kNoticeHead) +
                           "samtel_notice_deliveries{channel=\"email\",state=\"pending\"} 0\n"
                           "samtel_notice_deliveries{channel=\"email\",state=\"delivered\"} 2\n"
                           "samtel_notice_deliveries{channel=\"email\",state=\"failed\"} 0\n"
                           "samtel_notice_deliveries{channel=\"email\",state=\"given-up\"} 0\n"
                           "samtel_notice_deliveries{channel=\"webhook\",state=\"pending\"} 2\n"
                           "samtel_notice_deliveries{channel=\"webhook\",state=\"delivered\"} 0\n"
                           "samtel_notice_deliveries{channel=\"webhook\",state=\"failed\"} 0\n"
                           "samtel_notice_deliveries{channel=\"webhook\",state=\"given-up\"} 0\n"
                           "samtel_notice_deliveries{channel=\"sip\",state=\"pending\"} 0\n"
                           "samtel_notice_deliveries{channel=\"sip\",state=\"delivered\"} 1\n"
                           "samtel_notice_deliveries{channel=\"sip\",state=\"failed\"} 1\n"
                           "samtel_notice_deliveries{channel=\"sip\",state=\"given-up\"} 0\n";
  // After the service's own gauges (samteld's file not given).
  EXPECT_EQ(r.text, std::string(kUp) + "samtel_unit_metrics_up 0\n" + kAge + tail);
}

TEST(MetricsToken, AFileWithoutAUsableTokenIsRefusedByName) {
  test_support::TempDir dir;
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  };
  EXPECT_EQ(read_metrics_token(write("good", "0123456789abcdef0123\n")), "0123456789abcdef0123");
  EXPECT_EQ(read_metrics_token(write("empty", "\n")).error(),
            "--metrics-token-file " + (dir / "empty") + ": empty");
  EXPECT_EQ(
      read_metrics_token(write("short", "0123456789")).error(),
      "--metrics-token-file " + (dir / "short") + ": the token is shorter than 16 characters");
  EXPECT_EQ(read_metrics_token(write("space", "0123456789 abcdef0123")).error(),
            "--metrics-token-file " + (dir / "space") +
                ": the token holds white space (one line, the token alone)");
  EXPECT_EQ(read_metrics_token(dir / "absent").error(),
            "--metrics-token-file " + (dir / "absent") + ": cannot be read");
}

// The route alone, in memory, from a given peer with a given Authorization header.
ApiResponse scrape(const MetricsResource& resource, const std::string& source,
                   const std::string& authorization = {}) {
  Router router;
  add_metrics_resource(router, resource);
  ApiRequest request;
  request.path = "/metrics";
  request.source = source;
  request.authorization = authorization;
  auto found = router.find(request.method, request.path);
  EXPECT_TRUE(found);
  if (!found) return ApiResponse{};
  const nlohmann::json body;
  return found->route->handler(Call{request, found->params, nullptr, body});
}

TEST(MetricsResource, WithoutATokenOnlyLoopbackMayScrape) {
  EXPECT_EQ(scrape({}, "127.0.0.1").status, 200);
  EXPECT_EQ(scrape({}, "::1").status, 200);
  const ApiResponse far = scrape({}, "192.0.2.7");
  EXPECT_EQ(far.status, 403);
  EXPECT_EQ(far.body["error"]["message"],
            "metrics are served on loopback only: configure a token (--metrics-token-file) for "
            "a scraper on another host");
}

TEST(MetricsResource, WithATokenOnlyItsBearerMayScrapeFromAnywhere) {
  const MetricsResource r{.unit_metrics = "", .token = "0123456789abcdef0123"};
  EXPECT_EQ(scrape(r, "192.0.2.7", "Bearer 0123456789abcdef0123").status, 200);
  EXPECT_EQ(scrape(r, "127.0.0.1").status, 401);  // loopback too needs it
  EXPECT_EQ(scrape(r, "192.0.2.7", "Bearer 0123456789abcdef0124").status, 401);
  EXPECT_EQ(scrape(r, "192.0.2.7", "Bearer 0123456789abcdef012").status, 401);
  const ApiResponse refused = scrape(r, "192.0.2.7", "Basic x");
  EXPECT_EQ(refused.header("WWW-Authenticate"), "Bearer realm=\"samtel metrics\"");
}

TEST(MetricsResource, OneScrapeOverHttp) {
  test_support::Served served;
  const std::string file = served.dir() / "metrics.txt";
  const CallTally tally = three_calls();
  std::ofstream(file) << format_unit_metrics(
      {.calls = tally,
       .faults = {Fault::call_log},
       .call_log_backlog = 17,
       .schedule_versions = {{"st-olavs", 12}, {"ahus", 3}}});
  ServerOptions options;
  options.listen = *parse_listen_address("127.0.0.1:0");
  ASSERT_EQ(served.start(options,
                         [&](Router& router) {
                           add_metrics_resource(router, {.unit_metrics = file, .token = ""});
                         }),
            "");
  httplib::Client client("127.0.0.1", served.port());
  const auto got = client.Get("/metrics");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string head =
      std::string(kUp) + "samtel_unit_metrics_up 1\n" + kAge + "samtel_unit_metrics_age_seconds ";
  ASSERT_EQ(got->body.rfind(head, 0), 0u) << got->body;
  EXPECT_TRUE(got->body.ends_with(std::string("\n") + kThreeCalls)) << got->body;
}

}  // namespace
}  // namespace samtel::fw::admin
