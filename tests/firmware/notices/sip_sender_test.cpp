// A notice as a SIP MESSAGE: the addresses taken and refused, the request as sent, its cut to one
// datagram, and sending it over a real UDP socket on 127.0.0.1 to a small responder in the test.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "samtel/notices/senders.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw::notices {
namespace {

using namespace std::chrono_literals;

Notice notice(std::string title, std::string text = "Started: planned maintenance.") {
  Notice n;
  n.kind = NoticeKind::maintenance_started;
  n.key = "maintenance-started:test/switch:2026-12-10T21:00:00Z";
  n.site = "test";
  n.title = std::move(title);
  n.text = std::move(text);
  n.at = parse_utc("2026-12-10T21:00:00Z").value();
  n.created = n.at;
  return n;
}

TEST(SipTarget, SipUserAtHostWithAnOptionalPort) {
  auto t = parse_sip_target("sip:drift@pbx.hospital.test");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->user, "drift");
  EXPECT_EQ(t->host, "pbx.hospital.test");
  EXPECT_EQ(t->port, 5060);
  t = parse_sip_target("sip:4106@192.0.2.7:5070");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->host, "192.0.2.7");
  EXPECT_EQ(t->port, 5070);
  t = parse_sip_target("sip:drift@[::1]:5062");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, 5062);
}

TEST(SipTarget, OtherFormsAreRefusedNamingTheAddress) {
  struct Case {
    const char* address;
    const char* error;
  };
  for (const Case& c : {
           Case{"sips:drift@pbx.test",
                "SIP address 'sips:drift@pbx.test': a notice is sent to sip:user@host[:port] only "
                "(over UDP)"},
           Case{"tel:+4773553888",
                "SIP address 'tel:+4773553888': a notice is sent to sip:user@host[:port] only "
                "(over UDP)"},
           Case{"sip:pbx.test", "SIP address 'sip:pbx.test': no user part (sip:user@host[:port])"},
           Case{"sip:drift:secret@pbx.test",
                "SIP address 'sip:drift:secret@pbx.test': a password has no place in it"},
           Case{"sip:drift@pbx.test;transport=tcp",
                "SIP address 'sip:drift@pbx.test;transport=tcp': URI parameters and headers are "
                "not supported (sip:user@host[:port])"},
           Case{"sip:drift@pbx.test:99999",
                "SIP address 'sip:drift@pbx.test:99999': bad port '99999'"},
           Case{"sip:drift@pbx test", "SIP address 'sip:drift@pbx test': not a SIP URI"},
       }) {
    auto t = parse_sip_target(c.address);
    ASSERT_FALSE(t) << c.address;
    EXPECT_EQ(t.error(), c.error);
  }
}

const SipRequestIds kIds{
    .branch = "z9hG4bK0123456789abcdef", .call_id = "c0ffee@samtel", .from_tag = "f00d"};

TEST(SipMessageRequest, HeadersAndTheSubjectLineBlankLineAndBody) {
  const SipTarget to = parse_sip_target("sip:drift@192.0.2.7:5070").value();
  const std::string r =
      sip_message_request(notice("Planned maintenance started"), to, "sip:samtel@192.0.2.1",
                          "192.0.2.1:40000", kIds, "samtel-admind");
  const std::string body =
      "[samtel] Planned maintenance started\r\n\r\nStarted: planned maintenance.\r\n\r\nKind: "
      "maintenance-started\r\nSite: test\r\nTime: 2026-12-10T21:00:00Z\r\n";
  EXPECT_EQ(r,
            "MESSAGE sip:drift@192.0.2.7:5070 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bK0123456789abcdef;rport\r\n"
            "From: <sip:samtel@192.0.2.1>;tag=f00d\r\n"
            "To: <sip:drift@192.0.2.7:5070>\r\n"
            "Call-ID: c0ffee@samtel\r\n"
            "CSeq: 1 MESSAGE\r\n"
            "Max-Forwards: 70\r\n"
            "User-Agent: samtel-admind\r\n"
            "Content-Type: text/plain;charset=UTF-8\r\n"
            // oSIP writes the length in a field of five, as RFC 3261's HCOLON allows.
            "Content-Length:   140\r\n\r\n" +
                body);
  EXPECT_EQ(body.size(), 140u);
  // What the unit sends, the SIP core parses as a valid request.
  auto parsed = parse_message(r);
  ASSERT_TRUE(parsed) << parsed.error().reason;
  EXPECT_EQ(parsed->method, Method::message);
  EXPECT_EQ(parsed->branch, kIds.branch);
  EXPECT_EQ(parsed->max_forwards, 70);
}

TEST(SipMessageRequest, ALongNoticeIsCutOnACharacterBoundaryBelow1300Bytes) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "æøå ";  // 7 bytes each: 2800 bytes
  const SipTarget to = parse_sip_target("sip:drift@192.0.2.7").value();
  const std::string r = sip_message_request(notice("Vedlikehold", text), to, "sip:samtel@192.0.2.1",
                                            "192.0.2.1:40000", kIds, "samtel-admind");
  EXPECT_LT(r.size(), kSipMessageLimit);
  EXPECT_GE(r.size(), kSipMessageLimit - 8);  // cut no more than needed
  EXPECT_TRUE(r.ends_with("\u2026")) << r;
  auto parsed = parse_message(r);
  ASSERT_TRUE(parsed) << parsed.error().reason;
  const std::string body = r.substr(r.find("\r\n\r\n") + 4);
  EXPECT_EQ(header(*parsed->tree, "content-length").value_or(std::to_string(body.size())),
            std::to_string(body.size()));
  EXPECT_TRUE(body.starts_with("[samtel] Vedlikehold\r\n\r\næøå æøå"));
  // No character was split: before the ellipsis the body ends with a whole "æ", "ø", "å" or " ".
  const std::string before = body.substr(0, body.size() - 3);
  EXPECT_TRUE(before.ends_with("æ") || before.ends_with("ø") || before.ends_with("å") ||
              before.ends_with(" "))
      << before.substr(before.size() - 4);
}

// A UDP responder on 127.0.0.1: answers each MESSAGE with `status`, after ignoring the first
// `ignore` datagrams; counts what it received.
class Responder {
 public:
  Responder(int status, int ignore) : status_(status), ignore_(ignore) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~Responder() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  std::uint16_t port() const { return port_; }
  int received() const { return received_; }
  std::string last() const {
    const std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  void run() {
    std::array<char, 65536> buffer{};
    while (!stop_) {
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      sockaddr_storage from{};
      socklen_t len = sizeof from;
      const ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                   reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) continue;
      const std::string bytes(buffer.data(), static_cast<std::size_t>(n));
      {
        const std::lock_guard lock(mutex_);
        last_ = bytes;
      }
      if (++received_ <= ignore_) continue;
      auto request = parse_message(bytes);
      if (!request) continue;
      // A 100 first, then the final answer: both to the source, as rport asks.
      for (const int code : {100, status_}) {
        const Message r = make_response(*request->tree, code, {}, "resp1");
        const std::string out = serialize(*r);
        ::sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
      }
    }
  }

  int status_, ignore_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> received_{0};
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;  // guards last_
  std::string last_;
  std::thread thread_;
};

TEST(SendSipMessage, A200OverUdpDelivers) {
  Responder responder(200, 0);
  const std::string address = "sip:drift@127.0.0.1:" + std::to_string(responder.port());
  EXPECT_EQ(send_sip_message({}, address, notice("Planned maintenance started")), std::nullopt);
  EXPECT_EQ(responder.received(), 1);
  auto sent = parse_message(responder.last());
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->method, Method::message);
  EXPECT_TRUE(sent->branch.starts_with("z9hG4bK")) << sent->branch;
  EXPECT_EQ(sent->caller, "samtel");
  EXPECT_NE(responder.last().find("From: <sip:samtel@127.0.0.1>;tag="), std::string::npos);
  EXPECT_NE(responder.last().find("\r\n\r\n[samtel] Planned maintenance started\r\n\r\n"),
            std::string::npos);
}

TEST(SendSipMessage, ALostRequestIsRetransmittedAtTimerE) {
  Responder responder(200, 2);  // the first two are "lost": answered at 1.5 s
  const auto start = std::chrono::steady_clock::now();
  SipSettings settings;
  settings.from = "sip:samtel-unit7@hospital.test";
  EXPECT_EQ(send_sip_message(settings, "sip:drift@127.0.0.1:" + std::to_string(responder.port()),
                             notice("x")),
            std::nullopt);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(responder.received(), 3);
  EXPECT_GE(took, 1500ms);
  EXPECT_LT(took, 3000ms);
  EXPECT_NE(responder.last().find("From: <sip:samtel-unit7@hospital.test>;tag="),
            std::string::npos);
}

TEST(SendSipMessage, AFinalErrorNamesItsStatusAndReason) {
  Responder responder(486, 0);
  const std::string address = "sip:drift@127.0.0.1:" + std::to_string(responder.port());
  EXPECT_EQ(send_sip_message({}, address, notice("x")),
            "SIP MESSAGE to " + address + ": 486 Busy Here");
}

TEST(SendSipMessage, NoAnswerTimesOutAndBadAddressesAreRefused) {
  Responder responder(200, 1000);  // never answers
  const std::string address = "sip:drift@127.0.0.1:" + std::to_string(responder.port());
  SipSettings settings;
  settings.timers.timeout = 1200ms;
  EXPECT_EQ(send_sip_message(settings, address, notice("x")),
            "SIP MESSAGE to " + address + ": no final response within 1200 ms");
  EXPECT_EQ(responder.received(), 2);  // at 0 and 0.5 s; the next (1.5 s) is after Timer F
  EXPECT_EQ(send_sip_message({}, "sip:drift@name.invalid", notice("x"))
                .value_or("")
                .rfind("SIP MESSAGE to sip:drift@name.invalid: cannot resolve name.invalid: ", 0),
            0u);
  // A port nothing listens on: the ICMP "port unreachable" ends it at once.
  std::uint16_t closed = 0;
  {
    const Responder gone(200, 0);
    closed = gone.port();
  }
  const std::string nobody = "sip:drift@127.0.0.1:" + std::to_string(closed);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(send_sip_message({}, nobody, notice("x")),
            "SIP MESSAGE to " + nobody + ": nothing answers at 127.0.0.1:" +
                std::to_string(closed) + " (ICMP port unreachable)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(send_sip_message({}, "tel:+4773553888", notice("x")),
            "SIP address 'tel:+4773553888': a notice is sent to sip:user@host[:port] only (over "
            "UDP)");
}

}  // namespace
}  // namespace samtel::fw::notices
