// The non-INVITE client transaction of a notice's SIP MESSAGE (samtel/notices/sip_transaction.hpp)
// on a monotonic time moved by hand: every response, Timer E's schedule and Timer F.
#include "samtel/notices/sip_transaction.hpp"

#include <gtest/gtest.h>

namespace samtel::fw::notices {
namespace {

using namespace std::chrono_literals;

const MonoTime t0 = MonoTime{} + 1h;
constexpr const char* kRequest = "MESSAGE sip:drift@192.0.2.7 SIP/2.0\r\n...";

// A response as it would arrive, parsed by the SIP core's parser.
SipMessage response(int status, const std::string& reason, const std::string& branch = "z9hG4bKa1",
                    const std::string& call_id = "c1@samtel",
                    const std::string& method = "MESSAGE") {
  const std::string text = "SIP/2.0 " + std::to_string(status) + " " + reason +
                           "\r\n"
                           "Via: SIP/2.0/UDP 192.0.2.1:40000;branch=" +
                           branch +
                           ";rport=40000\r\n"
                           "From: <sip:samtel@192.0.2.1>;tag=f1\r\n"
                           "To: <sip:drift@192.0.2.7>;tag=t1\r\n"
                           "Call-ID: " +
                           call_id + "\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n";
  auto parsed = parse_message(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? std::move(*parsed) : SipMessage{};
}

SipTransaction transaction(SipTimers timers = {}) {
  return {kRequest, "z9hG4bKa1", "c1@samtel", "MESSAGE", timers};
}

TEST(SipTransaction, A2xxDelivers) {
  SipTransaction tx = transaction();
  EXPECT_EQ(tx.state(), SipTransaction::State::created);
  EXPECT_FALSE(tx.next_wakeup());
  EXPECT_EQ(tx.start(t0), kRequest);
  EXPECT_EQ(tx.state(), SipTransaction::State::trying);
  EXPECT_EQ(tx.next_wakeup(), t0 + 500ms);
  EXPECT_TRUE(tx.on_response(response(202, "Accepted"), t0 + 40ms));
  EXPECT_TRUE(tx.ended());
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::delivered);
  EXPECT_EQ(tx.status(), 202);
  EXPECT_EQ(tx.error(), "");
  EXPECT_FALSE(tx.next_wakeup());
  EXPECT_FALSE(tx.on_timer(t0 + 1s));
  EXPECT_EQ(tx.transmissions(), 1);
}

TEST(SipTransaction, A1xxThenA2xx) {
  SipTransaction tx = transaction();
  tx.start(t0);
  EXPECT_TRUE(tx.on_response(response(100, "Trying"), t0 + 10ms));
  EXPECT_EQ(tx.state(), SipTransaction::State::proceeding);
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::pending);
  EXPECT_EQ(tx.next_wakeup(), t0 + 500ms);
  EXPECT_TRUE(tx.on_response(response(200, "OK"), t0 + 20ms));
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::delivered);
  EXPECT_EQ(tx.status(), 200);
}

TEST(SipTransaction, EveryOtherFinalResponseIsRefusedWithItsStatusAndReason) {
  struct Case {
    int status;
    const char* reason;
    const char* error;
  };
  for (const Case& c : {Case{302, "Moved Temporarily", "302 Moved Temporarily"},
                        Case{404, "Not Found", "404 Not Found"},
                        Case{415, "Unsupported Media Type", "415 Unsupported Media Type"},
                        Case{503, "Service Unavailable", "503 Service Unavailable"},
                        Case{603, "Decline", "603 Decline"}}) {
    SipTransaction tx = transaction();
    tx.start(t0);
    EXPECT_TRUE(tx.on_response(response(c.status, c.reason), t0 + 30ms));
    EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::refused) << c.status;
    EXPECT_EQ(tx.status(), c.status);
    EXPECT_EQ(tx.error(), c.error);
    // A retransmitted final response, or a late 2xx, changes nothing.
    EXPECT_TRUE(tx.on_response(response(200, "OK"), t0 + 40ms));
    EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::refused);
  }
}

TEST(SipTransaction, TimerEDoublesFromT1ToT2) {
  SipTransaction tx = transaction();
  tx.start(t0);
  std::vector<MonoTime> sent;
  for (MonoTime now = t0; now < t0 + 20s; now += 10ms) {
    if (tx.on_timer(now)) sent.push_back(now);
  }
  // 0.5, 1.5 (+1), 3.5 (+2), 7.5 (+4), then every 4 s.
  EXPECT_EQ(sent, (std::vector<MonoTime>{t0 + 500ms, t0 + 1500ms, t0 + 3500ms, t0 + 7500ms,
                                         t0 + 11500ms, t0 + 15500ms, t0 + 19500ms}));
  EXPECT_EQ(tx.transmissions(), 8);
  EXPECT_EQ(tx.next_wakeup(), t0 + 23500ms);
  // Not due: nothing sent.
  EXPECT_FALSE(tx.on_timer(t0 + 23s));
}

TEST(SipTransaction, AfterA1xxTimerERunsAtT2) {
  SipTransaction tx = transaction();
  tx.start(t0);
  EXPECT_TRUE(tx.on_timer(t0 + 500ms));  // the first retransmission, E now 1 s
  EXPECT_TRUE(tx.on_response(response(180, "Ringing"), t0 + 600ms));
  EXPECT_EQ(tx.next_wakeup(), t0 + 1500ms);  // E runs on
  EXPECT_TRUE(tx.on_timer(t0 + 1500ms));
  EXPECT_EQ(tx.next_wakeup(), t0 + 5500ms);  // and is reset to T2
  EXPECT_TRUE(tx.on_timer(t0 + 5500ms));
  EXPECT_EQ(tx.next_wakeup(), t0 + 9500ms);
}

TEST(SipTransaction, TimerFEndsItAfter64T1OrTheShorterTimeoutGiven) {
  SipTransaction tx = transaction();
  tx.start(t0);
  for (MonoTime now = t0; now < t0 + 32s; now += 100ms) tx.on_timer(now);
  EXPECT_FALSE(tx.ended());
  EXPECT_EQ(tx.next_wakeup(), t0 + 32s);
  EXPECT_FALSE(tx.on_timer(t0 + 32s));
  EXPECT_TRUE(tx.ended());
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::timed_out);
  EXPECT_EQ(tx.error(), "no final response within 32 s");
  EXPECT_EQ(tx.transmissions(), 11);  // 0, 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5
  EXPECT_FALSE(tx.on_response(response(200, "OK", "z9hG4bKother"), t0 + 33s));
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::timed_out);

  SipTransaction shorter = transaction({.t1 = 500ms, .t2 = 4s, .timeout = 2500ms});
  shorter.start(t0);
  EXPECT_TRUE(shorter.on_timer(t0 + 500ms));
  EXPECT_TRUE(shorter.on_timer(t0 + 1500ms));
  EXPECT_EQ(shorter.next_wakeup(), t0 + 2500ms);  // F before E (3.5 s)
  EXPECT_FALSE(shorter.on_timer(t0 + 2500ms));
  EXPECT_EQ(shorter.error(), "no final response within 2500 ms");

  // Longer than 64·T1: cut to it.
  SipTransaction longer = transaction({.t1 = 100ms, .t2 = 4s, .timeout = 60s});
  longer.start(t0);
  for (MonoTime now = t0; !longer.ended(); now += 100ms) longer.on_timer(now);
  EXPECT_EQ(longer.error(), "no final response within 6400 ms");
}

TEST(SipTransaction, AResponseOfAnotherTransactionIsIgnored) {
  SipTransaction tx = transaction();
  tx.start(t0);
  EXPECT_FALSE(tx.on_response(response(200, "OK", "z9hG4bKother"), t0 + 10ms));
  EXPECT_FALSE(tx.on_response(response(200, "OK", "z9hG4bKa1", "c2@samtel"), t0 + 10ms));
  EXPECT_FALSE(tx.on_response(response(200, "OK", "z9hG4bKa1", "c1@samtel", "OPTIONS"), t0));
  EXPECT_EQ(tx.state(), SipTransaction::State::trying);
  // A request is never a response.
  auto request = parse_message(
      "MESSAGE sip:samtel@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKa1\r\n"
      "From: <sip:x@192.0.2.7>;tag=1\r\nTo: <sip:samtel@192.0.2.1>\r\nCall-ID: c1@samtel\r\n"
      "CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(request);
  EXPECT_FALSE(tx.on_response(*request, t0 + 10ms));
  EXPECT_EQ(tx.outcome(), SipTransaction::Outcome::pending);
  EXPECT_EQ(to_string(tx.outcome()), "pending");
}

}  // namespace
}  // namespace samtel::fw::notices
