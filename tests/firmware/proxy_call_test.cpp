// Proxy mode without sockets or sleeps: SipServer driven in memory as the exchange (the caller's
// side) and as the people it rings (the branches), its monotonic time on SteppedTimers and its
// wall clock a ManualClock, its call log a real one on a temporary SQLite file.
//
// Every case is a script of steps and what must come of it: the messages sent each way, the
// call's record in the log and the counters. The call: St. Olavs on Tuesday 2026-11-24 at 10:00
// in Oslo (open), line 73553888, desk medisin (rota AMM): first fjeld, the primary, at
// sip:4105@pbx.stolav.example for 25 s; then ruud, the backup, at sip:4111@pbx.stolav.example
// for 20 s; then the fallback sip:sentralbord@pbx.stolav.example. Both people are reached
// through the line's outbound address, the exchange at 127.0.0.1:5090.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/calls/sip_server.hpp"
#include "support/sip_doubles.hpp"

namespace samtel::fw {
namespace {

using test::header_values;
using test::Sent;

const Endpoint kCaller{Transport::udp, asio::ip::make_address("127.0.0.1"), 5070, 0};
const Endpoint kPeople{Transport::udp, asio::ip::make_address("127.0.0.1"), 5090, 0};
const std::string kFjeld = "sip:4105@pbx.stolav.example";
const std::string kRuud = "sip:4111@pbx.stolav.example";
const std::string kPhone = "sip:phone@127.0.0.1:5090";  // the Contact of whoever answers
const std::string kCallerContact = "sip:caller@127.0.0.1:5070";

// One thing that happens to the call.
struct Step {
  enum class Kind {
    invite,         // the caller's INVITE
    invite_again,   // the same INVITE, retransmitted
    invite_merged,  // the same INVITE by another path (another branch)
    cancel,         // the caller's CANCEL
    ack,            // the caller's ACK to the final response it got
    bye,            // the caller hangs up
    person_bye,     // the person who answered hangs up
    reply,          // a person answers an INVITE forwarded: `value` the status, `n` which (0: last)
    reply_again,    // the person's last response, retransmitted
    bye_ok,         // 200 to the last BYE forwarded, from the side it was forwarded to
    wait,           // the monotonic clock moves `value` ms
    wall,           // the wall clock moves `value` s
    quiet,          // nothing was sent since the step before
    people_got,     // `value` messages have been sent to the people's side so far
  };
  Kind kind;
  int value = 0;
  int n = 0;
};

Step Invite() { return {Step::Kind::invite}; }
Step InviteAgain() { return {Step::Kind::invite_again}; }
Step InviteMerged() { return {Step::Kind::invite_merged}; }
Step Cancel() { return {Step::Kind::cancel}; }
Step Ack() { return {Step::Kind::ack}; }
Step Bye() { return {Step::Kind::bye}; }
Step PersonBye() { return {Step::Kind::person_bye}; }
Step Reply(int status, int nth_invite = 0) { return {Step::Kind::reply, status, nth_invite}; }
Step ReplyAgain() { return {Step::Kind::reply_again}; }
Step ByeOk() { return {Step::Kind::bye_ok}; }
Step Wait(int ms) { return {Step::Kind::wait, ms}; }
Step Wall(int s) { return {Step::Kind::wall, s}; }
Step Quiet() { return {Step::Kind::quiet}; }
Step PeopleGot(int count) { return {Step::Kind::people_got, count}; }

// The call's row in the call log.
struct Logged {
  std::string outcome = {}, answered_person = {};
  std::vector<std::string> attempts = {};  // "person result response", in order
  std::optional<long> wait_ms = {}, duration_s = {};
  std::string fallback = {};
};

struct Counted {
  std::uint64_t proxied = 1, answered = 0, fallbacks = 0, caller_gave_up = 0, retransmissions = 0;
};

struct Case {
  const char* name;
  std::vector<Step> steps;
  // Each message sent, as "<status> <CSeq method>" for a response and "<METHOD> <Request-URI>"
  // for a request.
  std::vector<std::string> to_caller, to_people;
  Logged logged;
  Counted counted;
  std::string settings_extra = {};  // more of the unit settings' top level, e.g. limits
  // The caller's final answer when it is a redirect: its Contacts and Warning.
  std::vector<std::string> contacts = {};
  std::string warning = {};
};

// For gtest's messages: the case's name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

const std::string kAnswered = "fjeld answered 200";

// What the caller and the person send, built as they would: the person's responses from the
// request the unit forwarded (its Via lines, From, To with a tag of its own, Call-ID, CSeq, as
// RFC 3261 §8.2.6 asks and make_response() does).
std::string response_to(const std::string& request, int status, const std::string& tag) {
  auto parsed = parse_message(request);
  if (!parsed) return {};
  Message response = make_response(*parsed->tree, status, {}, tag);
  if (status / 100 == 2 && parsed->method == Method::invite) {
    add_header(*response, "Contact", "<" + kPhone + ">");
  }
  return serialize(*response);
}

std::string caller_request(const std::string& method, const std::string& uri,
                           const std::string& branch, const std::string& to,
                           const std::string& cseq, const std::string& extra = "") {
  return method + " " + uri + " SIP/2.0\r\n" + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch +
         "\r\n" + "From: <sip:4790000001@127.0.0.1>;tag=caller\r\n" + "To: " + to + "\r\n" +
         "Call-ID: proxied-1@127.0.0.1\r\n" + "CSeq: " + cseq + "\r\n" + "Max-Forwards: 70\r\n" +
         extra + "Content-Length: 0\r\n\r\n";
}

const std::string kLine = "sip:73553888@127.0.0.1:5060";
const std::string kRoute = "Route: <sip:127.0.0.1:5060;lr>\r\n";

// "180 INVITE" / "CANCEL sip:4105@pbx.stolav.example".
std::string summary(const std::string& msg) {
  const std::string first = msg.substr(0, msg.find("\r\n"));
  if (first.rfind("SIP/2.0 ", 0) == 0) {
    const std::string cseq = header_values(msg, "CSeq").at(0);
    return first.substr(8, 3) + " " + cseq.substr(cseq.find(' ') + 1);
  }
  return first.substr(0, first.rfind(' '));
}

bool same_place(const Endpoint& a, const Endpoint& b) {
  return a.address == b.address && a.port == b.port;
}

class ProxyCallTest : public ::testing::TestWithParam<Case>, protected test::SipCoreWorld {
 protected:
  void SetUp() override {
    ASSERT_TRUE(schedule);
    path = (std::filesystem::temp_directory_path() /
            ("samtel-proxy-" + std::to_string(::getpid()) + ".db"))
               .string();
    remove_log();
    auto opened = CallLog::open(path);
    ASSERT_TRUE(opened) << opened.error();
    call_log = std::move(*opened);
    server = std::make_unique<SipServer>(io, net, self, clock, timers, call_log.get(), log);
    auto unit = parse_unit_config(
        R"({"lines": {"73553888": {"mode": "proxy", "outbound": "127.0.0.1:5090"}})" +
        GetParam().settings_extra + "}");
    ASSERT_TRUE(unit) << unit.error().at(0);
    server->configure(schedule, std::make_shared<const UnitConfig>(std::move(*unit)));
    clock.set(at("2026-11-24T10:00"));
  }
  void TearDown() override {
    server.reset();
    call_log.reset();
    remove_log();
  }
  void remove_log() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }

  void run(const Step& step);

  std::vector<std::string> sent_to(const Endpoint& side) const {
    std::vector<std::string> out;
    for (const Sent& s : net.sent) {
      if (same_place(s.to, side)) out.push_back(summary(s.bytes));
    }
    return out;
  }
  // The last message sent to `side` whose summary starts with `start`, or nullptr.
  const Sent* last_sent(const Endpoint& side, const std::string& start) const {
    for (auto it = net.sent.rbegin(); it != net.sent.rend(); ++it) {
      if (same_place(it->to, side) && summary(it->bytes).rfind(start, 0) == 0) return &*it;
    }
    return nullptr;
  }
  // The caller's To after the answer it got (the person's tag), or as it sent it.
  std::string caller_to() const {
    const Sent* final = last_sent(kCaller, "200 INVITE");
    return final != nullptr ? header_values(final->bytes, "To").at(0) : "<" + kLine + ">";
  }

  Logged read_log(long& rows);

  std::string path;
  std::unique_ptr<CallLog> call_log;
  std::unique_ptr<SipServer> server;
  std::string invite, last_reply;
  std::size_t sent_before = 0;
};

void ProxyCallTest::run(const Step& step) {
  using K = Step::Kind;
  switch (step.kind) {
    case K::invite:
      invite = caller_request("INVITE", kLine, "z9hG4bK-inv", "<" + kLine + ">", "1 INVITE",
                              "Contact: <" + kCallerContact + ">\r\n");
      server->receive(invite, kCaller);
      break;
    case K::invite_again: server->receive(invite, kCaller); break;
    case K::invite_merged: {
      std::string merged = invite;
      merged.replace(merged.find("z9hG4bK-inv"), 11, "z9hG4bK-in2");
      server->receive(merged, kCaller);
      break;
    }
    case K::cancel:
      server->receive(caller_request("CANCEL", kLine, "z9hG4bK-inv", "<" + kLine + ">", "1 CANCEL"),
                      kCaller);
      break;
    case K::ack: {
      const Sent* final = last_sent(kCaller, "");
      ASSERT_NE(final, nullptr);
      const std::string to = header_values(final->bytes, "To").at(0);
      // An ACK to a 2xx is a request of its own, routed through the unit (Record-Route); one to
      // any other final response belongs to the INVITE's transaction.
      server->receive(summary(final->bytes) == "200 INVITE"
                          ? caller_request("ACK", kPhone, "z9hG4bK-ack", to, "1 ACK", kRoute)
                          : caller_request("ACK", kLine, "z9hG4bK-inv", to, "1 ACK"),
                      kCaller);
      break;
    }
    case K::bye:
      server->receive(caller_request("BYE", kPhone, "z9hG4bK-bye", caller_to(), "2 BYE", kRoute),
                      kCaller);
      break;
    case K::person_bye: {
      const std::string to = caller_to();
      server->receive("BYE " + kCallerContact + " SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-person-bye\r\n" +
                          "From: " + to + "\r\n" + "To: <sip:4790000001@127.0.0.1>;tag=caller\r\n" +
                          "Call-ID: proxied-1@127.0.0.1\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\n" +
                          kRoute + "Content-Length: 0\r\n\r\n",
                      kPeople);
      break;
    }
    case K::reply: {
      std::vector<const Sent*> invites;
      for (const Sent& s : net.sent) {
        if (same_place(s.to, kPeople) && s.bytes.rfind("INVITE ", 0) == 0) invites.push_back(&s);
      }
      const std::size_t i = step.n == 0 ? invites.size() : static_cast<std::size_t>(step.n);
      ASSERT_TRUE(i >= 1 && i <= invites.size()) << "no INVITE " << i << " was forwarded";
      last_reply = response_to(invites[i - 1]->bytes, step.value, "person-" + std::to_string(i));
      server->receive(last_reply, kPeople);
      break;
    }
    case K::reply_again: server->receive(last_reply, kPeople); break;
    case K::bye_ok: {
      const Sent* bye = nullptr;
      for (auto it = net.sent.rbegin(); it != net.sent.rend() && bye == nullptr; ++it) {
        if (it->bytes.rfind("BYE ", 0) == 0) bye = &*it;
      }
      ASSERT_NE(bye, nullptr) << "no BYE was forwarded";
      server->receive(response_to(bye->bytes, 200, ""), bye->to);
      break;
    }
    case K::wait: timers.advance(std::chrono::milliseconds(step.value)); break;
    case K::wall: clock.advance(std::chrono::seconds(step.value)); break;
    case K::quiet:
      EXPECT_EQ(net.sent.size(), sent_before)
          << "sent: " << summary(net.sent.back().bytes) << " to port " << net.sent.back().to.port;
      break;
    case K::people_got:
      EXPECT_EQ(sent_to(kPeople).size(), static_cast<std::size_t>(step.value));
      break;
  }
  sent_before = net.sent.size();
}

Logged ProxyCallTest::read_log(long& rows) {
  call_log->flush();
  Logged out;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  auto text = [](sqlite3_stmt* st, int col) {
    const auto* t = sqlite3_column_text(st, col);
    return t != nullptr ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  auto number = [](sqlite3_stmt* st, int col) -> std::optional<long> {
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return std::nullopt;
    return static_cast<long>(sqlite3_column_int64(st, col));
  };
  sqlite3_stmt* st = nullptr;
  rows = 0;
  sqlite3_prepare_v2(db,
                     "SELECT id, outcome, answered_person, wait_ms, duration_s, fallback "
                     "FROM calls ORDER BY id",
                     -1, &st, nullptr);
  long id = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    id = sqlite3_column_int64(st, 0);
    out.outcome = text(st, 1);
    out.answered_person = text(st, 2);
    out.wait_ms = number(st, 3);
    out.duration_s = number(st, 4);
    out.fallback = text(st, 5);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db,
                     "SELECT person, result, response FROM attempts WHERE call = ? ORDER BY seq",
                     -1, &st, nullptr);
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.attempts.push_back(text(st, 0) + " " + text(st, 1) + " " + text(st, 2));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST_P(ProxyCallTest, Call) {
  const Case& c = GetParam();
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i + 1));
    run(c.steps[i]);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(sent_to(kCaller), c.to_caller);
  EXPECT_EQ(sent_to(kPeople), c.to_people);
  if (!c.contacts.empty()) {
    const Sent* redirect = last_sent(kCaller, "302");
    ASSERT_NE(redirect, nullptr);
    EXPECT_EQ(header_values(redirect->bytes, "Contact"), c.contacts);
    const auto warning = header_values(redirect->bytes, "Warning");
    ASSERT_EQ(warning.size(), c.warning.empty() ? 0u : 1u);
    if (!c.warning.empty()) {
      EXPECT_NE(warning[0].find(c.warning), std::string::npos) << warning[0];
    }
  }
  EXPECT_EQ(server->calls_in_progress(), 0u);

  long rows = 0;
  const Logged got = read_log(rows);
  EXPECT_EQ(rows, 1) << "one record per call";
  EXPECT_EQ(got.outcome, c.logged.outcome);
  EXPECT_EQ(got.answered_person, c.logged.answered_person);
  EXPECT_EQ(got.attempts, c.logged.attempts);
  EXPECT_EQ(got.wait_ms, c.logged.wait_ms);
  EXPECT_EQ(got.duration_s, c.logged.duration_s);
  EXPECT_EQ(got.fallback, c.logged.fallback);

  const Counters& n = server->counters();
  EXPECT_EQ(n.invites, 1u);
  EXPECT_EQ(n.proxied, c.counted.proxied);
  EXPECT_EQ(n.answered, c.counted.answered);
  EXPECT_EQ(n.fallbacks, c.counted.fallbacks);
  EXPECT_EQ(n.caller_gave_up, c.counted.caller_gave_up);
  EXPECT_EQ(n.retransmissions, c.counted.retransmissions);
}

// A branch that fails at once: the backup is rung at the same instant (its INVITE has left
// before the failure's ACK returns) and answers 4 s later.
Case fails_at_once(const char* name, int status, const std::string& result) {
  return {
      name,
      {Invite(), Reply(status), PeopleGot(3), Reply(180), Wait(4000), Reply(200), Ack(), Wall(10),
       Bye(), ByeOk()},
      {"100 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
      {"INVITE " + kFjeld, "ACK " + kFjeld, "INVITE " + kRuud, "ACK " + kPhone, "BYE " + kPhone},
      {"escalated-answered",
       "ruud",
       {"fjeld " + result + " " + std::to_string(status), "ruud answered 200"},
       4000,
       10},
      {.answered = 1}};
}

const std::string kFallback = "sip:sentralbord@pbx.stolav.example";
const std::string kFallbackMessage = "Vakthavende overlege er ikke tilgjengelig";

// A call that ends at the fallback: the 302's Contact is the fallback, its Warning the message.
Case to_the_fallback(const char* name, std::vector<Step> steps, std::vector<std::string> to_caller,
                     std::vector<std::string> to_people, std::vector<std::string> attempts,
                     long wait_ms, std::string settings_extra = "") {
  return {name,
          std::move(steps),
          std::move(to_caller),
          std::move(to_people),
          {"fallback", "", std::move(attempts), wait_ms, std::nullopt, kFallback},
          {.fallbacks = 1},
          std::move(settings_extra),
          {"<" + kFallback + ">;q=1.0"},
          kFallbackMessage};
}

const Case kCases[] = {
    {"AnsweredAtTheFirstAttempt",
     {Invite(), Reply(180), Wait(3000), Reply(200), Ack(), Wall(95), Bye(), ByeOk()},
     {"100 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "ACK " + kPhone, "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered}, 3000, 95},
     {.answered = 1}},

    // Nothing moves a millisecond before the ring timeout, nor for a step of the wall clock.
    {"NoAnswerRingsTheBackupAtExactlyTheRingTimeout",
     {Invite(), Reply(180), Wall(-3600), Wait(24999), Quiet(), Wait(1), PeopleGot(3), Reply(180),
      Wait(4000), Reply(200), Ack(), Wall(30), Bye(), ByeOk()},
     {"100 INVITE", "180 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld, "INVITE " + kRuud, "ACK " + kPhone, "BYE " + kPhone},
     {"escalated-answered", "ruud", {"fjeld no-answer 0", "ruud answered 200"}, 29000, 30},
     {.answered = 1}},

    // The branch given up answers its INVITE 487 to the CANCEL: acknowledged, nothing else.
    {"TheCancelledBranchs487IsAcknowledgedAndIgnored",
     {Invite(), Reply(180), Wait(25000), Reply(487, 1), Reply(180), Reply(200), Ack(), Bye(),
      ByeOk()},
     {"100 INVITE", "180 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld, "INVITE " + kRuud, "ACK " + kFjeld, "ACK " + kPhone,
      "BYE " + kPhone},
     {"escalated-answered", "ruud", {"fjeld no-answer 0", "ruud answered 200"}, 25000, 0},
     {.answered = 1}},

    // fjeld picks up as the ring timeout's CANCEL crosses: the answer, ruud's ringing cancelled.
    {"APersonWhoPicksUpAsTheRingTimeoutPassesIsTheAnswer",
     {Invite(), Reply(180), Wait(25000), Reply(180), Wait(300), Reply(200, 1), Ack(), Wall(12),
      Bye(), ByeOk()},
     {"100 INVITE", "180 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld, "INVITE " + kRuud, "CANCEL " + kRuud, "ACK " + kPhone,
      "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered, "ruud cancelled 0"}, 25300, 12},
     {.answered = 1}},

    fails_at_once("BusyMovesOnAtOnce", 486, "busy"),
    fails_at_once("UnavailableMovesOnAtOnce", 480, "unavailable"),
    fails_at_once("DeclinedMovesOnAtOnce", 603, "declined"),
    fails_at_once("RequestTimeoutMovesOnAtOnce", 408, "no-answer"),

    to_the_fallback("EveryoneFailsThenTheFallback",
                    {Invite(), Reply(486), Reply(180), Wait(19999), Quiet(), Wait(1), Ack(),
                     Wait(60000), Quiet()},
                    {"100 INVITE", "180 INVITE", "302 INVITE"},
                    {"INVITE " + kFjeld, "ACK " + kFjeld, "INVITE " + kRuud, "CANCEL " + kRuud},
                    {"fjeld busy 486", "ruud no-answer 0"}, 20000),

    to_the_fallback("EveryoneRefusesAtOnceThenTheFallback",
                    {Invite(), Reply(486), Reply(603), Ack()}, {"100 INVITE", "302 INVITE"},
                    {"INVITE " + kFjeld, "ACK " + kFjeld, "INVITE " + kRuud, "ACK " + kRuud},
                    {"fjeld busy 486", "ruud declined 603"}, 0),

    // max_call_setup_seconds 30: the backup's 20 s are cut to 5.
    to_the_fallback(
        "TheCallSetUpLimitEndsTheRinging",
        {Invite(), Reply(180), Wait(25000), Reply(180), Wait(4999), Quiet(), Wait(1), Ack()},
        {"100 INVITE", "180 INVITE", "180 INVITE", "302 INVITE"},
        {"INVITE " + kFjeld, "CANCEL " + kFjeld, "INVITE " + kRuud, "CANCEL " + kRuud},
        {"fjeld no-answer 0", "ruud no-answer 0"}, 30000,
        R"(, "limits": {"max_call_setup_seconds": 30})"),

    {"CallerCancelsWhileRinging",
     {Invite(), Reply(180), Wait(5000), Cancel(), Ack(), Wait(60000), Quiet()},
     {"100 INVITE", "180 INVITE", "200 CANCEL", "487 INVITE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld},
     {"caller-gave-up", "", {"fjeld cancelled 0"}, 5000},
     {.caller_gave_up = 1}},

    // RFC 3261 §9.1: no CANCEL before the branch has answered provisionally.
    {"CallerCancelsBeforeTheBranchRangTheCancelFollowsIts180",
     {Invite(), Wait(200), Cancel(), PeopleGot(1), Reply(180), PeopleGot(2), Wait(60000), Quiet()},
     {"100 INVITE", "200 CANCEL", "487 INVITE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld},
     {"caller-gave-up", "", {"fjeld cancelled 0"}, 200},
     {.caller_gave_up = 1}},

    // The CANCEL, then the ring timeout's instant: the call ends once, nobody else is rung.
    {"CancelAtTheRingTimeoutsInstant",
     {Invite(), Reply(180), Wait(24999), Cancel(), Wait(1), Quiet(), Wait(60000), Quiet()},
     {"100 INVITE", "180 INVITE", "200 CANCEL", "487 INVITE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld},
     {"caller-gave-up", "", {"fjeld cancelled 0"}, 24999},
     {.caller_gave_up = 1}},

    // The ring timeout, then the CANCEL at the same instant: the backup is let go (CANCEL once it
    // rings), no fallback.
    {"RingTimeoutThenCancelAtTheSameInstant",
     {Invite(), Reply(180), Wait(25000), Cancel(), Reply(180), Wait(60000), Quiet()},
     {"100 INVITE", "180 INVITE", "200 CANCEL", "487 INVITE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld, "INVITE " + kRuud, "CANCEL " + kRuud},
     {"caller-gave-up", "", {"fjeld no-answer 0", "ruud cancelled 0"}, 25000},
     {.caller_gave_up = 1}},

    {"ThePersonHangsUp",
     {Invite(), Reply(200), Ack(), Wall(42), PersonBye(), ByeOk(), Wait(40000), Quiet()},
     {"100 INVITE", "200 INVITE", "BYE " + kCallerContact},
     {"INVITE " + kFjeld, "ACK " + kPhone, "200 BYE"},
     {"answered", "fjeld", {kAnswered}, 0, 42},
     {.answered = 1}},

    // The server transaction answers a retransmission with its last response; no second call.
    {"ARetransmittedInviteIsAbsorbed",
     {Invite(), InviteAgain(), Reply(180), Wait(500), InviteAgain(), Reply(200), Ack(), Bye(),
      ByeOk()},
     {"100 INVITE", "100 INVITE", "180 INVITE", "180 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "ACK " + kPhone, "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered}, 500, 0},
     {.answered = 1, .retransmissions = 2}},

    // The INVITE's retransmission crossed the 200 (the server transaction is gone by then).
    {"AnInviteRetransmittedAfterTheAnswerStartsNoSecondCall",
     {Invite(), Reply(200), InviteAgain(), Ack(), Bye(), ByeOk()},
     {"100 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "ACK " + kPhone, "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered}, 0, 0},
     {.answered = 1, .retransmissions = 1}},

    // The same request by another path: refused, the call goes on.
    {"AnotherInviteWithTheCallIdOfACallInProgressGets482",
     {Invite(), Reply(180), InviteMerged(), Reply(200), Ack(), Bye(), ByeOk()},
     {"100 INVITE", "180 INVITE", "482 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "ACK " + kPhone, "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered}, 0, 0},
     {.answered = 1}},

    // Provisional responses are passed on each time; a 2xx again end to end, statelessly.
    {"RetransmittedRingingAndOkArePassedOnTheCallLoggedOnce",
     {Invite(), Reply(180), ReplyAgain(), Reply(200), ReplyAgain(), Ack(), Wall(7), Bye(), ByeOk()},
     {"100 INVITE", "180 INVITE", "180 INVITE", "200 INVITE", "200 INVITE", "200 BYE"},
     {"INVITE " + kFjeld, "ACK " + kPhone, "BYE " + kPhone},
     {"answered", "fjeld", {kAnswered}, 0, 7},
     {.answered = 1}},

    // The person picks up as the caller's CANCEL passes: logged (call.late_answer), the call
    // stays over.
    {"AnAnswerAfterTheCallersCancelDoesNotResurrectTheCall",
     {Invite(), Reply(180), Cancel(), Reply(200), ReplyAgain(), Ack(), Wait(60000), Quiet()},
     {"100 INVITE", "180 INVITE", "200 CANCEL", "487 INVITE"},
     {"INVITE " + kFjeld, "CANCEL " + kFjeld},
     {"caller-gave-up", "", {"fjeld cancelled 0"}, 0},
     {.caller_gave_up = 1}},
};

INSTANTIATE_TEST_SUITE_P(Proxy, ProxyCallTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           return std::string(param.param.name);
                         });

}  // namespace
}  // namespace samtel::fw
