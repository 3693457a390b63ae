// The SIP core without sockets: what samteld answers to each kind of request, in redirect mode.
// (Proxy mode is driven the same way in proxy_call_test.cpp, and by SIPp in test_samteld.py.)
#include "samtel/calls/sip_server.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "support/sip_doubles.hpp"

namespace samtel::fw {
namespace {

std::string request(const std::string& method, const std::string& user,
                    const std::string& extra = "", const std::string& branch = "z9hG4bK-t1",
                    const std::string& cseq_method = "") {
  const std::string uri = user.empty() ? "sip:127.0.0.1:5060" : "sip:" + user + "@127.0.0.1:5060";
  return method + " " + uri +
         " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" +
         branch +
         "\r\n"
         "From: <sip:4790000001@127.0.0.1>;tag=abc\r\n"
         "To: <" +
         uri +
         ">\r\n"
         "Call-ID: call-1@127.0.0.1\r\n"
         "CSeq: 1 " +
         (cseq_method.empty() ? method : cseq_method) +
         "\r\n"
         "Max-Forwards: 70\r\n" +
         extra + "Content-Length: 0\r\n\r\n";
}

class SipServerTest : public ::testing::Test, protected test::SipCoreWorld {
 protected:
  void SetUp() override {
    ASSERT_TRUE(schedule);
    server = std::make_unique<SipServer>(io, net, self, clock, timers, nullptr, log);
    server->configure(schedule, std::make_shared<const UnitConfig>(default_unit_config()));
    server->set_clock_floor(at("2026-01-01T00:00"));
  }

  // Sends a request from the exchange and returns the status line and headers answered.
  std::string ask(const std::string& msg, const std::string& from_ip = "127.0.0.1") {
    net.sent.clear();
    server->receive(msg, Endpoint{Transport::udp, asio::ip::make_address(from_ip), 5070, 0});
    return net.sent.empty() ? std::string{} : net.sent.back().bytes;
  }

  static std::vector<std::string> headers(const std::string& msg, const std::string& name) {
    return test::header_values(msg, name);
  }

  std::unique_ptr<SipServer> server;
};

TEST_F(SipServerTest, OpenLineRedirectsToOnDutyThenBackupThenFallback) {
  clock.set(at("2026-11-24T08:00"));
  const std::string r = ask(request("INVITE", "73553888"));
  ASSERT_EQ(r.substr(0, 30), "SIP/2.0 302 Moved Temporarily\r");
  EXPECT_EQ(headers(r, "Contact"),
            (std::vector<std::string>{"<sip:4105@pbx.stolav.example>;q=1.0",
                                      "<sip:4111@pbx.stolav.example>;q=0.9",
                                      "<sip:sentralbord@pbx.stolav.example>;q=0.8"}));
  EXPECT_EQ(headers(r, "Call-ID"), std::vector<std::string>{"call-1@127.0.0.1"});
  EXPECT_EQ(headers(r, "CSeq"), std::vector<std::string>{"1 INVITE"});
  EXPECT_NE(headers(r, "To").at(0).find(";tag="), std::string::npos);
  EXPECT_NE(headers(r, "Via").at(0).find("received=127.0.0.1"), std::string::npos);
  EXPECT_EQ(server->counters().redirected, 1u);
}

TEST_F(SipServerTest, ClosedAtTheFirstSecondAfterHoursWithTheCallerMessage) {
  clock.set(at("2026-11-24T23:00"));
  const std::string r = ask(request("INVITE", "73553888"));
  EXPECT_EQ(headers(r, "Contact"),
            std::vector<std::string>{"<sip:sentralbord@pbx.stolav.example>;q=1.0"});
  ASSERT_EQ(headers(r, "Warning").size(), 1u);
  EXPECT_NE(headers(r, "Warning")[0].find("ring AMK 113"), std::string::npos);
  EXPECT_EQ(server->counters().closed, 1u);
}

TEST_F(SipServerTest, DaylightSavingSundayFollowsTheWallClock) {
  clock.set(at("2026-03-29T09:59:59"));  // 23-hour day; weekend hours 10-18 local
  EXPECT_EQ(headers(ask(request("INVITE", "73553888", "", "z9hG4bK-d1")), "Contact").size(), 1u);
  clock.set(at("2026-03-29T10:00"));
  EXPECT_EQ(headers(ask(request("INVITE", "73553888", "", "z9hG4bK-d2")), "Contact").size(), 3u);
}

TEST_F(SipServerTest, RetransmissionGetsTheSameAnswer) {
  clock.set(at("2026-11-24T10:00"));
  const std::string first = ask(request("INVITE", "73553888"));
  clock.advance(std::chrono::seconds(1));
  const std::string again = ask(request("INVITE", "73553888"));
  EXPECT_EQ(first, again);
  EXPECT_EQ(server->counters().invites, 1u);
  EXPECT_EQ(server->counters().retransmissions, 1u);
}

TEST_F(SipServerTest, AnswersWhatItDoesNotServeAsRfc3261Says) {
  clock.set(at("2026-11-24T10:00"));
  EXPECT_EQ(ask(request("INVITE", "99999999")).substr(0, 12), "SIP/2.0 404 ");
  EXPECT_EQ(ask(request("REGISTER", "73553888")).substr(0, 12), "SIP/2.0 405 ");
  EXPECT_EQ(ask(request("CANCEL", "73553888")).substr(0, 12), "SIP/2.0 481 ");
  EXPECT_EQ(ask(request("BYE", "73553888")).substr(0, 12), "SIP/2.0 481 ");
  EXPECT_EQ(ask(request("INVITE", "73553888", "Proxy-Require: x-foo\r\n")).substr(0, 12),
            "SIP/2.0 420 ");
  EXPECT_EQ(headers(ask(request("INVITE", "73553888", "Proxy-Require: x-foo\r\n")), "Unsupported"),
            std::vector<std::string>{"x-foo"});
  std::string mf0 = request("INVITE", "73553888");
  mf0.replace(mf0.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
  EXPECT_EQ(ask(mf0).substr(0, 12), "SIP/2.0 483 ");
  const std::string options = ask(request("OPTIONS", ""));
  EXPECT_EQ(options.substr(0, 12), "SIP/2.0 200 ");
  EXPECT_EQ(headers(options, "Allow"),
            std::vector<std::string>{"INVITE, ACK, CANCEL, BYE, OPTIONS"});
  EXPECT_EQ(ask(request("INVITE", "73553888", "", "z9hG4bK-x", "BYE")).substr(0, 12),
            "SIP/2.0 400 ");
  EXPECT_EQ(ask(request("ACK", "73553888")), "");  // an ACK is never answered
}

TEST_F(SipServerTest, UntrustedSourcesAreRefusedAndCounted) {
  clock.set(at("2026-11-24T10:00"));
  EXPECT_EQ(ask(request("INVITE", "73553888"), "192.0.2.7").substr(0, 12), "SIP/2.0 403 ");
  EXPECT_EQ(server->counters().untrusted, 1u);
  EXPECT_EQ(server->counters().invites, 0u);
}

TEST_F(SipServerTest, MalformedInputIsDroppedNotAnswered) {
  for (const std::string& junk :
       {std::string(), std::string("\0\1\2", 3), std::string("INVITE\r\n\r\n"),
        std::string("SIP/2.0 200 OK\r\n\r\n"), std::string(100000, 'x'),
        std::string("INVITE sip:1@x SIP/2.0\r\nCall-ID: 1\r\n\r\n")}) {
    EXPECT_EQ(ask(junk), "");
  }
  EXPECT_EQ(server->counters().malformed, 6u);
}

TEST_F(SipServerTest, AnUnsetClockSendsTheCallToTheFallbackAndRaisesAFault) {
  std::string fault;
  server->on_fault = [&](const std::string& f) { fault = f; };
  clock.set(at("2001-01-02T10:00"));
  const std::string r = ask(request("INVITE", "73553888"));
  EXPECT_EQ(headers(r, "Contact"),
            std::vector<std::string>{"<sip:sentralbord@pbx.stolav.example>;q=1.0"});
  EXPECT_NE(fault.find("clock is unset"), std::string::npos);
  EXPECT_EQ(server->counters().clock_faults, 1u);
}

TEST_F(SipServerTest, ARateAboveTheLimitGets503) {
  auto unit = default_unit_config();
  unit.limits.requests_per_second = 1;
  unit.limits.burst = 3;
  server->configure(schedule, std::make_shared<const UnitConfig>(unit));
  clock.set(at("2026-11-24T10:00"));
  int refused = 0;
  for (int i = 0; i < 10; ++i) {
    refused += ask(request("OPTIONS", "", "", "z9hG4bK-r" + std::to_string(i))).substr(0, 12) ==
                       "SIP/2.0 503 "
                   ? 1
                   : 0;
  }
  EXPECT_EQ(refused, 7);
}

// With the real call log: answers wait for their records, and a log that falls behind refuses
// new calls instead of queueing them.
class SipServerWithLogTest : public SipServerTest {
 protected:
  void SetUp() override {
    SipServerTest::SetUp();
    path = (std::filesystem::temp_directory_path() /
            ("samtel-server-log-" + std::to_string(::getpid()) + ".db"))
               .string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto opened = CallLog::open(path);
    ASSERT_TRUE(opened) << opened.error();
    call_log = std::move(*opened);
    server = std::make_unique<SipServer>(io, net, self, clock, timers, call_log.get(), log);
    auto unit = default_unit_config();
    unit.limits.max_log_backlog = 2;
    server->configure(schedule, std::make_shared<const UnitConfig>(unit));
    clock.set(at("2026-11-24T10:00"));
  }
  void TearDown() override {
    server.reset();
    call_log.reset();
  }

  void hold_the_log() {
    sqlite3_open(path.c_str(), &locker);
    sqlite3_exec(locker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  }
  void release_the_log() {
    sqlite3_exec(locker, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(locker);
    locker = nullptr;
  }
  // Lets the committed answers (posted from the log's writer thread) go out.
  void deliver() {
    call_log->flush();
    io.restart();
    io.poll();
  }
  long records() {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM calls", -1, &st, nullptr);
    sqlite3_step(st);
    const long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  // An INVITE and its retransmission while the log is held: no answer before the record is
  // committed, then one 302, the same again for a later retransmission, one record.
  void expect_the_302_to_wait_for_its_record() {
    hold_the_log();
    EXPECT_EQ(ask(request("INVITE", "73553888")), "");  // waits for its record
    EXPECT_EQ(ask(request("INVITE", "73553888")), "");  // the retransmission does not overtake it
    EXPECT_EQ(server->counters().retransmissions, 1u);
    release_the_log();
    net.sent.clear();
    deliver();
    ASSERT_EQ(net.sent.size(), 1u);
    const std::string first = net.sent[0].bytes;
    EXPECT_EQ(first.substr(0, 12), "SIP/2.0 302 ");
    // After the commit a retransmission is answered at once, with the same answer.
    EXPECT_EQ(ask(request("INVITE", "73553888")), first);
    deliver();
    EXPECT_EQ(records(), 1);
    EXPECT_EQ(server->counters().invites, 1u);
  }

  std::string path;
  std::unique_ptr<CallLog> call_log;
  sqlite3* locker = nullptr;
};

TEST_F(SipServerWithLogTest, ARetransmissionBeforeTheCommitIsAbsorbedAndTheCallLoggedOnce) {
  expect_the_302_to_wait_for_its_record();
}

// A proxy line redirects too (closed, nobody on duty): its 302 also waits for the record.
TEST_F(SipServerWithLogTest, OnAProxyLineARedirectAlsoWaitsForItsRecord) {
  auto unit = parse_unit_config(R"({"lines": {"73553888": {"mode": "proxy"}}})");
  ASSERT_TRUE(unit);
  server->configure(schedule, std::make_shared<const UnitConfig>(std::move(*unit)));
  clock.set(at("2026-11-24T23:30"));  // closed
  expect_the_302_to_wait_for_its_record();
}

TEST_F(SipServerWithLogTest, ALogThatFallsBehindGets503NotAnUnboundedQueue) {
  hold_the_log();
  EXPECT_EQ(ask(request("INVITE", "73553888", "", "z9hG4bK-q1")), "");
  EXPECT_EQ(ask(request("INVITE", "73553888", "", "z9hG4bK-q2")), "");
  const std::string refused = ask(request("INVITE", "73553888", "", "z9hG4bK-q3"));
  EXPECT_EQ(refused.substr(0, 12), "SIP/2.0 503 ");
  EXPECT_EQ(headers(refused, "Retry-After"), std::vector<std::string>{"5"});
  EXPECT_EQ(server->counters().log_behind, 1u);
  release_the_log();
  net.sent.clear();
  deliver();
  ASSERT_EQ(net.sent.size(), 2u);
  EXPECT_EQ(net.sent[0].bytes.substr(0, 12), "SIP/2.0 302 ");
  EXPECT_EQ(net.sent[1].bytes.substr(0, 12), "SIP/2.0 302 ");
  EXPECT_EQ(records(), 2);
  // Caught up: new calls are taken again.
  ask(request("INVITE", "73553888", "", "z9hG4bK-q4"));
  deliver();
  EXPECT_EQ(records(), 3);
}

// The caller's category and municipality are decided from the full number at arrival (the
// example's synthetic directory: +4773001000 is Trondheim's legevakt); the record keeps them
// beside the number as the policy minimised it.
TEST_F(SipServerWithLogTest, TheRecordKeepsTheCallersCategoryBesideTheMinimisedNumber) {
  const auto with = [](std::string msg, const std::string& old, const std::string& now) {
    return msg.replace(msg.find(old), old.size(), now);
  };
  ask(with(request("INVITE", "73553888"), "From: <sip:4790000001@", "From: <sip:+4773001000@"));
  ask(with(request("INVITE", "73553888", "", "z9hG4bK-t2"), "call-1@", "call-2@"));
  deliver();
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT caller, caller_category, municipality FROM calls ORDER BY id", -1,
                     &st, nullptr);
  std::vector<std::string> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < 3; ++i) {
      row += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i))) + "|";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows,
            (std::vector<std::string>{"*********00|legevakt|Trondheim|", "********01|unknown||"}));
}

}  // namespace
}  // namespace samtel::fw
