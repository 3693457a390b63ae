// The notifier's state machine (samtel/notices/notifier.hpp): what is told when, to whom, retries
// and the rate limit per contact, on injected wall and monotonic times; no sleeps, no sockets.
#include "samtel/notices/notifier.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "samtel/config.hpp"

namespace samtel::fw::notices {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Liveness = UnitObservation::Liveness;

Instant at(std::string_view text) {
  return parse_time(text, *find_zone("Europe/Oslo").value()).value().instant;
}

// A small synthetic site with a maintenance window on 2026-12-10 22:00-02:00 and two contacts.
json site_json() {
  json j;
  j["site"] = {{"id", "test"}, {"name", "Testsykehus"}, {"zone", "Europe/Oslo"}};
  j["people"] = {{{"id", "a"},
                  {"name", "Lege A"},
                  {"addresses", {{{"label", "mobile"}, {"uri", "tel:+4790001001"}}}}}};
  j["rotas"] = {{{"id", "med"},
                 {"name", "Medisin"},
                 {"roles", {{{"id", "primary"}, {"name", "Primærvakt"}, {"ring_seconds", 25}}}},
                 {"patterns",
                  {{{"role", "primary"},
                    {"from", "2026-01-05"},
                    {"handover", "08:00"},
                    {"period_days", 7},
                    {"rotation", {"a"}}}}}}};
  j["lines"] = {{{"number", "11112222"},
                 {"name", "Testlinje"},
                 {"hours",
                  {{{"from", "2020-01-01"},
                    {"weekday", {"08:00-23:00"}},
                    {"weekend", json::array()},
                    {"holiday", json::array()}}}},
                 {"fallback", {{"name", "Sentralbord"}, {"address", "tel:+4711111111"}}},
                 {"desks", {{{"id", "med"}, {"name", "Medisin"}, {"rota", "med"}}}}}};
  j["maintenance_fallback"] = {{"name", "Reservelinje"}, {"address", "tel:+4733333333"}};
  j["maintenance"] = {{{"id", "switch"},
                       {"start", "2026-12-10T22:00"},
                       {"end", "2026-12-11T02:00"},
                       {"reason", "Nytt sentralbord"}}};
  j["notices"] = {{"announce_before_hours", 24},
                  {"contacts",
                   {{{"name", "Drift"},
                     {"email", "drift@hospital.test"},
                     {"webhook", "http://127.0.0.1:9/hook"},
                     {"sip", "sip:drift@pbx.test"},
                     {"tell",
                      {"fault-raised", "fault-cleared", "maintenance-announced",
                       "maintenance-started", "maintenance-ended", "restarted-after-crash"}}},
                    {{"name", "Leder"},
                     {"email", "leder@hospital.test"},
                     {"tell", {"maintenance-announced"}}}}}};
  return j;
}

Schedule schedule() {
  auto site = parse_site(site_json().dump());
  if (!site) throw std::runtime_error(site.error().front().to_string());
  std::vector<Site> sites;
  sites.push_back(std::move(*site));
  return assemble_schedule(std::move(sites)).value();
}

std::vector<std::string> keys(const std::vector<Notice>& notices) {
  std::vector<std::string> out;
  for (const Notice& n : notices) out.push_back(n.key);
  return out;
}

std::vector<std::string> targets(const std::vector<Delivery>& ds) {
  std::vector<std::string> out;
  for (const Delivery& d : ds) out.push_back(std::string(to_string(d.channel)) + ":" + d.address);
  return out;
}

const MonoTime t0 = MonoTime{} + 1h;

TEST(Notifier, MaintenanceIsAnnouncedAheadThenStartedThenEnded) {
  const Schedule s = schedule();
  Notifier n;
  const UnitObservation unknown;
  EXPECT_TRUE(n.observe(s, unknown, at("2026-12-09T21:59:59"), t0).empty());
  auto made = n.observe(s, unknown, at("2026-12-09T22:00"), t0);
  ASSERT_EQ(keys(made),
            std::vector<std::string>{"maintenance-announced:test/switch:2026-12-10T21:00:00Z"});
  EXPECT_EQ(made[0].title, "Planned maintenance 2026-12-10 22:00: Nytt sentralbord");
  EXPECT_EQ(made[0].text,
            "Announced: planned maintenance 'switch' of all lines of Testsykehus (2026-12-10 "
            "22:00+01:00 - 2026-12-11 02:00+01:00): Nytt sentralbord.\nCalls go to Reservelinje "
            "(tel:+4733333333) meanwhile.");
  // Both contacts want announcements: Drift by e-mail, webhook and SIP MESSAGE, Leder by e-mail.
  EXPECT_EQ(targets(n.due(t0)), (std::vector<std::string>{
                                    "email:drift@hospital.test", "webhook:http://127.0.0.1:9/hook",
                                    "sip:sip:drift@pbx.test", "email:leder@hospital.test"}));
  // Announced once only.
  EXPECT_TRUE(n.observe(s, unknown, at("2026-12-10T12:00"), t0 + 1min).empty());
  made = n.observe(s, unknown, at("2026-12-10T22:00"), t0 + 2min);
  EXPECT_EQ(keys(made),
            std::vector<std::string>{"maintenance-started:test/switch:2026-12-10T21:00:00Z"});
  // The announcements handed out above are not handed out again before they are finished; Leder
  // is not told of the start.
  EXPECT_EQ(targets(n.due(t0 + 2min)), (std::vector<std::string>{"email:drift@hospital.test",
                                                                 "webhook:http://127.0.0.1:9/hook",
                                                                 "sip:sip:drift@pbx.test"}));
  made = n.observe(s, unknown, at("2026-12-11T02:00"), t0 + 3min);
  // The window is named by its start in every key.
  EXPECT_EQ(keys(made),
            std::vector<std::string>{"maintenance-ended:test/switch:2026-12-10T21:00:00Z"});
  EXPECT_EQ(made[0].at, at("2026-12-11T02:00"));
  EXPECT_EQ(made[0].title, "Planned maintenance ended: Nytt sentralbord");
}

TEST(Notifier, AWindowFirstSeenWhileItLastsIsStartedNotAnnounced) {
  const Schedule s = schedule();
  Notifier n;
  EXPECT_EQ(keys(n.observe(s, {}, at("2026-12-11T01:00"), t0)),
            std::vector<std::string>{"maintenance-started:test/switch:2026-12-10T21:00:00Z"});
  // A day after its end nothing is told any more.
  Notifier later;
  EXPECT_TRUE(later.observe(s, {}, at("2026-12-12T02:00"), t0).empty());
}

TEST(Notifier, RememberedKeysAreNotMadeAgain) {
  const Schedule s = schedule();
  Notifier n;
  n.remember("maintenance-announced:test/switch:2026-12-10T21:00:00Z");
  EXPECT_TRUE(n.observe(s, {}, at("2026-12-10T10:00"), t0).empty());
  EXPECT_TRUE(n.due(t0).empty());
}

UnitObservation running(Instant started, std::vector<UnitFault> faults = {}) {
  return {Liveness::running, started, std::move(faults)};
}

TEST(Notifier, FaultsRaisedAndClearedAsSamteldReportsThem) {
  const Schedule s = schedule();
  Notifier n;
  const Instant started = at("2026-12-01T08:00");
  const Instant wall = at("2026-12-01T09:00");
  EXPECT_TRUE(n.observe(s, running(started), wall, t0).empty());
  const UnitFault clock{Fault::clock, "clock is unset", at("2026-12-01T09:00")};
  auto made = n.observe(s, running(started, {clock}), wall + 10s, t0 + 10s);
  ASSERT_EQ(keys(made), std::vector<std::string>{"fault-raised:clock:2026-12-01T08:00:00Z"});
  EXPECT_EQ(made[0].text, "samteld reports the fault 'clock': clock is unset");
  EXPECT_EQ(made[0].site, "");
  EXPECT_TRUE(n.observe(s, running(started, {clock}), wall + 20s, t0 + 20s).empty());
  made = n.observe(s, running(started), wall + 30s, t0 + 30s);
  ASSERT_EQ(keys(made), std::vector<std::string>{"fault-cleared:clock:2026-12-01T08:00:00Z"});
  EXPECT_EQ(made[0].at, wall + 30s);
  // Drift wants faults (e-mail, webhook and SIP MESSAGE) twice over; Leder does not.
  EXPECT_EQ(n.due(t0 + 30s).size(), 6u);
}

TEST(Notifier, AFaultPresentAtTheFirstLookIsRaised) {
  const Schedule s = schedule();
  Notifier n;
  const UnitFault log{Fault::call_log, "disk full", at("2026-12-01T09:00")};
  EXPECT_EQ(keys(n.observe(s, running(at("2026-12-01T08:00"), {log}), at("2026-12-01T09:01"), t0)),
            std::vector<std::string>{"fault-raised:call-log:2026-12-01T08:00:00Z"});
}

TEST(Notifier, ARestartAfterACrashIsToldOnceAndACleanRestartIsNot) {
  const Schedule s = schedule();
  Notifier n;
  const Instant first = at("2026-12-01T08:00");
  const Instant second = at("2026-12-01T09:00");
  n.observe(s, running(first), first + 1min, t0);
  EXPECT_TRUE(n.observe(s, {Liveness::gone, first, {}}, second - 1min, t0 + 1min).empty());
  auto made = n.observe(s, running(second), second + 1s, t0 + 2min);
  ASSERT_EQ(keys(made), std::vector<std::string>{"restarted-after-crash:2026-12-01T08:00:00Z"});
  EXPECT_EQ(made[0].title, "samteld restarted after a crash");
  // A restart that the admin service did not see go away is a crash too.
  const Instant third = at("2026-12-01T10:00");
  EXPECT_EQ(keys(n.observe(s, running(third), third + 1s, t0 + 3min)),
            std::vector<std::string>{"restarted-after-crash:2026-12-01T09:00:00Z"});
  // Stopped cleanly, then started: no notice.
  const Instant fourth = at("2026-12-01T11:00");
  EXPECT_TRUE(n.observe(s, {Liveness::stopped, third, {}}, fourth - 1min, t0 + 4min).empty());
  EXPECT_TRUE(n.observe(s, running(fourth), fourth + 1s, t0 + 5min).empty());
}

TEST(Notifier, AFailedDeliveryIsRetriedWithBackoffThenGivenUp) {
  const Schedule s = schedule();
  Notifier n{NotifierSettings{.max_attempts = 3, .first_retry = 30s, .longest_retry = 45s}};
  n.observe(s, {}, at("2026-12-10T22:30"), t0);  // started: Drift by e-mail, webhook and SIP
  auto due = n.due(t0);
  ASSERT_EQ(targets(due), (std::vector<std::string>{"email:drift@hospital.test",
                                                    "webhook:http://127.0.0.1:9/hook",
                                                    "sip:sip:drift@pbx.test"}));
  EXPECT_EQ(n.finished(due[2].id, std::nullopt, t0).state, DeliveryState::delivered);
  EXPECT_EQ(due[0].attempts, 1);
  EXPECT_EQ(n.finished(due[0].id, std::nullopt, t0).state, DeliveryState::delivered);
  const std::int64_t hook = due[1].id;
  Delivery d = n.finished(hook, "connection refused", t0);
  EXPECT_EQ(d.state, DeliveryState::failed);
  EXPECT_EQ(d.next_try, t0 + 30s);
  EXPECT_TRUE(n.due(t0 + 29s).empty());
  due = n.due(t0 + 30s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 2);
  d = n.finished(hook, "connection refused", t0 + 30s);
  EXPECT_EQ(d.next_try, t0 + 30s + 45s);  // 60 s, capped at 45 s
  due = n.due(t0 + 75s);
  ASSERT_EQ(due.size(), 1u);
  d = n.finished(hook, "HTTP 500", t0 + 75s);
  EXPECT_EQ(d.state, DeliveryState::given_up);
  EXPECT_EQ(d.error, "HTTP 500");
  EXPECT_TRUE(n.pending().empty());
  EXPECT_TRUE(n.due(t0 + 1h).empty());
}

TEST(Notifier, ADeliveryHandedOutIsNotHandedOutAgainUntilFinished) {
  const Schedule s = schedule();
  Notifier n;
  n.observe(s, {}, at("2026-12-10T22:30"), t0);
  const auto first = n.due(t0);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_TRUE(n.due(t0 + 1h).empty());
  n.finished(first[0].id, "timeout", t0 + 1h);
  const auto again = n.due(t0 + 1h + 30s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, first[0].id);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST(Notifier, DeliveriesToOneContactAreRateLimitedNotDropped) {
  const Schedule s = schedule();
  Notifier n{NotifierSettings{.per_contact_limit = 2, .per_contact_window = 60s}};
  const Instant started = at("2026-12-01T08:00");
  n.observe(s, running(started), started + 1s, t0);
  n.observe(s, running(started, {{Fault::clock, "x", started}}), started + 2s, t0);
  n.observe(s, running(started, {{Fault::clock, "x", started}, {Fault::call_log, "y", started}}),
            started + 3s, t0);
  // Six deliveries to Drift (two notices, e-mail, webhook and SIP MESSAGE); two now, two a minute
  // later, two a minute after that.
  const auto first = n.due(t0);
  ASSERT_EQ(first.size(), 2u);
  for (const Delivery& d : first) n.finished(d.id, std::nullopt, t0);
  EXPECT_TRUE(n.due(t0 + 59s).empty());
  const auto second = n.due(t0 + 60s);
  ASSERT_EQ(second.size(), 2u);
  for (const Delivery& d : second) n.finished(d.id, std::nullopt, t0 + 60s);
  EXPECT_TRUE(n.due(t0 + 61s).empty());
  EXPECT_EQ(n.due(t0 + 120s).size(), 2u);
}

TEST(Notifier, AStepOfTheWallClockDoesNotResend) {
  const Schedule s = schedule();
  Notifier n;
  EXPECT_EQ(n.observe(s, {}, at("2026-12-10T22:30"), t0).size(), 1u);
  EXPECT_TRUE(n.observe(s, {}, at("2026-12-10T22:10"), t0 + 1s).empty());  // clock stepped back
  EXPECT_TRUE(n.observe(s, {}, at("2026-12-10T22:31"), t0 + 2s).empty());
}

TEST(NoticeText, SubjectBodyAndWebhook) {
  Notice n;
  n.kind = NoticeKind::fault_raised;
  n.key = "fault-raised:clock:2026-12-01T08:00:00Z";
  n.title = "Fault:\r\nclock";
  n.text = "samteld reports the fault 'clock'";
  n.at = at("2026-12-01T09:00");
  n.created = at("2026-12-01T09:00:05");
  EXPECT_EQ(subject(n), "[samtel] Fault:  clock");
  EXPECT_EQ(
      body(n),
      "samteld reports the fault 'clock'\n\nKind: fault-raised\nTime: 2026-12-01T08:00:00Z\n");
  EXPECT_EQ(webhook_json(n)["kind"], "fault-raised");
  EXPECT_EQ(webhook_json(n)["created"], "2026-12-01T08:00:05Z");
  EXPECT_EQ(channel_from_string("webhook"), Channel::webhook);
  EXPECT_EQ(delivery_state_from_string("given-up"), DeliveryState::given_up);
  EXPECT_FALSE(channel_from_string("fax"));
}

}  // namespace
}  // namespace samtel::fw::notices
