// libFuzzer target: proxy mode, driven by a script the input is decoded into. Each operation is
// one of: a request from the caller (INVITE, a retransmission of one, CANCEL, ACK, BYE, with
// fuzzed fields) or raw bytes from either side; a response from a person rung, built from a
// request the unit forwarded (its Via lines, From, To, Call-ID, CSeq) with a fuzzed status and
// maybe fuzzed bytes, or that person's BYE; a step of the monotonic clock (0 to 200 s) or of the
// wall clock. The site is St. Olavs (docs/examples/st-olavs.json), open with two people to ring.
//
// Findings, besides crashes, leaks and undefined behaviour: more calls in progress than INVITEs
// received, or a call still in progress once every caller has hung up and 300 s have passed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <set>
#include <string>

#include "fuzz_site.hpp"
#include "samtel/calls/sip_server.hpp"

namespace {

using namespace samtel;
using namespace samtel::fw;

const Endpoint kSelf{Transport::udp, asio::ip::make_address("127.0.0.1"), 5060, 0};
const Endpoint kCaller{Transport::udp, asio::ip::make_address("127.0.0.1"), 5070, 0};
const Endpoint kPeople{Transport::udp, asio::ip::make_address("127.0.0.1"), 5090, 0};
constexpr int kCalls = 4;      // Call-IDs the caller uses
constexpr int kMaxSteps = 64;  // operations decoded from one input at the most
constexpr const char* kRoute = "Route: <sip:127.0.0.1:5060;lr>\r\n";

// The input, read from the front a byte at a time (so that seeds can be written by hand; see
// tests/firmware/proxy-corpus/README.md); past its end every read gives 0.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  // A number in [lo, hi] from as many bytes as the range needs, big-endian; none when lo == hi.
  long pick(long lo, long hi) {
    unsigned long long value = 0;
    const auto span = static_cast<unsigned long long>(hi - lo);
    for (auto s = span; s > 0; s >>= 8) value = (value << 8) | byte();
    return lo + static_cast<long>(value % (span + 1));
  }
  bool flag() { return (byte() & 1) != 0; }
  // A length byte (up to `max`), then that many bytes.
  std::string text(std::size_t max) {
    const auto want = static_cast<std::size_t>(pick(0, static_cast<long>(max)));
    const std::size_t n = std::min(want, size_ - std::min(at_, size_));
    std::string out(reinterpret_cast<const char*>(data_) + std::min(at_, size_), n);
    at_ += n;
    return out;
  }

 private:
  unsigned byte() { return at_ < size_ ? data_[at_++] : 0; }
  const std::uint8_t* data_;
  std::size_t size_, at_ = 0;
};

void check(bool invariant) {
  if (!invariant) __builtin_trap();
}

// The value of the first `name: value` line of a message ("" when none).
std::string header(const std::string& msg, const std::string& name) {
  const std::size_t at = msg.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const std::size_t from = at + 4 + name.size();
  return msg.substr(from, msg.find("\r\n", from) - from);
}

// What the unit sent: the requests to the people's side (the last few) and everything to the
// caller, and the Call-ID of every INVITE forwarded (those calls may need hanging up).
class Wire final : public Network {
 public:
  void send(const Endpoint& to, std::string bytes) override {
    if (to.port == kCaller.port) {
      keep(to_caller, std::move(bytes));
    } else if (bytes.rfind("SIP/2.0 ", 0) != 0) {
      if (bytes.rfind("INVITE ", 0) == 0) forwarded_calls.insert(header(bytes, "Call-ID"));
      keep(to_people, std::move(bytes));
    }
  }
  std::deque<std::string> to_caller, to_people;
  std::set<std::string> forwarded_calls;

 private:
  static void keep(std::deque<std::string>& q, std::string bytes) {
    q.push_back(std::move(bytes));
    if (q.size() > 16) q.pop_front();
  }
};

struct Shared {
  asio::io_context io;
  Logger log;
  std::shared_ptr<const Schedule> schedule = fuzz::st_olavs();
  std::shared_ptr<const UnitConfig> unit;

  Shared() {
    log.set_stderr(false);
    auto parsed = parse_unit_config(R"({
      "default_mode": "proxy",
      "lines": {"73553888": {"mode": "proxy", "outbound": "127.0.0.1:5090",
                             "desk_numbers": {"73553881": "kirurgi", "73553882": "kardiologi"}}},
      "limits": {"max_calls": 3, "max_call_setup_seconds": 60}})");
    if (!parsed) std::abort();
    parsed->limits.requests_per_second = 1e9;
    parsed->limits.burst = 1e9;
    unit = std::make_shared<const UnitConfig>(std::move(*parsed));
  }
};

// One input's run: a unit of its own, so inputs do not depend on each other.
class Run {
 public:
  Run(Shared& shared, Reader& in)
      : in_(in), server_(shared.io, wire_, kSelf, clock_, timers_, nullptr, shared.log) {
    server_.configure(shared.schedule, shared.unit);
    server_.set_clock_floor(Instant{std::chrono::seconds{1767225600}});  // 2026-01-01
  }

  void step() {
    switch (in_.pick(0, 10)) {
      case 0: invite(); break;
      case 1: from_caller(invites_[call()]); break;  // a retransmission (or nothing yet)
      case 2: cancel(); break;
      case 3: ack(); break;
      case 4: from_caller(caller_bye(call())); break;
      case 5: reply(); break;
      case 6: person_bye(); break;
      case 7: {
        const Endpoint& from = in_.flag() ? kPeople : kCaller;
        deliver(in_.text(2048), from);
        break;
      }
      case 8: timers_.advance(std::chrono::milliseconds(in_.pick(0, 200'000))); break;
      case 9: clock_.advance(std::chrono::seconds(in_.pick(-172'800, 172'800))); break;
      default: break;
    }
    check(server_.calls_in_progress() <= invites_received_);
  }

  // Every caller hangs up; 300 s later nothing may be left in progress.
  void finish() {
    for (const std::string& call_id : wire_.forwarded_calls) {
      from_caller(request("BYE", "sip:phone@127.0.0.1:5090", "z9hG4bK-end", call_id, "end",
                          "<sip:73553888@127.0.0.1>", "3 BYE", kRoute));
    }
    timers_.advance(std::chrono::seconds(300));
    check(server_.calls_in_progress() == 0);
  }

 private:
  int call() { return static_cast<int>(in_.pick(0, kCalls - 1)); }
  static std::string call_id(int k) { return "fz-" + std::to_string(k) + "@127.0.0.1"; }
  static std::string tag(int k) { return "c" + std::to_string(k); }

  static std::string request(const std::string& method, const std::string& uri,
                             const std::string& branch, const std::string& call_id,
                             const std::string& from_tag, const std::string& to,
                             const std::string& cseq, const std::string& extra = "") {
    return method + " " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch +
           "\r\nFrom: <sip:4790000001@127.0.0.1>;tag=" + from_tag + "\r\nTo: " + to +
           "\r\nCall-ID: " + call_id + "\r\nCSeq: " + cseq + "\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
  }

  void deliver(const std::string& bytes, const Endpoint& from) {
    if (bytes.find("INVITE") < bytes.find("SIP/2.0")) ++invites_received_;  // a request
    server_.receive(bytes, from);
  }
  void from_caller(const std::string& bytes) { deliver(bytes, kCaller); }

  // The last response the caller got in call `k` (empty when none).
  std::string last_to_caller(int k, bool final_only) const {
    for (auto it = wire_.to_caller.rbegin(); it != wire_.to_caller.rend(); ++it) {
      if (header(*it, "Call-ID") != call_id(k) || it->rfind("SIP/2.0 ", 0) != 0) continue;
      if (!final_only || (*it)[8] != '1') return *it;
    }
    return {};
  }
  // The caller's To in call `k`: with the tag of the answer it got, if any.
  std::string caller_to(int k) const {
    const std::string last = last_to_caller(k, true);
    return last.empty() ? "<sip:73553888@127.0.0.1>" : header(last, "To");
  }

  void invite() {
    static const char* const kNumbers[] = {"73553888", "73553881", "73553882", "+4773553888",
                                           "99999999"};
    const int k = call();
    const std::string number = kNumbers[in_.pick(0, 4)];
    const std::string uri = "sip:" + number + "@127.0.0.1:5060";
    // Another branch with the same Call-ID is another transaction (a merged or forked request).
    branches_[k] = "z9hG4bK-f" + std::to_string(k) + "-" + std::to_string(in_.pick(0, 2));
    std::string extra = "Contact: <sip:caller@127.0.0.1:5070>\r\n";
    extra += "Max-Forwards: " + std::to_string(in_.flag() ? 70 : in_.pick(0, 2)) + "\r\n";
    switch (in_.pick(0, 3)) {
      case 1: extra += "Require: 100rel\r\n"; break;
      case 2: extra += "Proxy-Require: x-foo\r\n"; break;
      case 3: extra += in_.text(128) + "\r\n"; break;
      default: break;
    }
    invites_[k] = request("INVITE", uri, branches_[k], call_id(k), tag(k), "<" + uri + ">",
                          "1 INVITE", extra);
    from_caller(invites_[k]);
  }

  void cancel() {
    const int k = call();
    if (branches_[k].empty()) return;
    from_caller(request("CANCEL", "sip:73553888@127.0.0.1:5060", branches_[k], call_id(k), tag(k),
                        "<sip:73553888@127.0.0.1:5060>", "1 CANCEL", "Max-Forwards: 70\r\n"));
  }

  // An ACK to the final response the caller got: to a 2xx a request of its own through the unit,
  // to any other one within the INVITE's transaction.
  void ack() {
    const int k = call();
    const std::string last = last_to_caller(k, true);
    if (last.empty() || branches_[k].empty()) return;
    const bool ok = last[8] == '2';
    from_caller(request("ACK", ok ? "sip:phone@127.0.0.1:5090" : "sip:73553888@127.0.0.1:5060",
                        ok ? "z9hG4bK-a" + std::to_string(k) : branches_[k], call_id(k), tag(k),
                        header(last, "To"), "1 ACK",
                        std::string("Max-Forwards: 70\r\n") + (ok ? kRoute : "")));
  }

  std::string caller_bye(int k) const {
    return request("BYE", "sip:phone@127.0.0.1:5090", "z9hG4bK-b" + std::to_string(k), call_id(k),
                   tag(k), caller_to(k), "2 BYE", std::string("Max-Forwards: 70\r\n") + kRoute);
  }

  void person_bye() {
    const int k = call();
    const std::string to = caller_to(k);
    if (to.find(";tag=") == std::string::npos) return;
    deliver(
        "BYE sip:caller@127.0.0.1:5070 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-pb" +
            std::to_string(k) +
            "\r\n"
            "From: " +
            to + "\r\nTo: <sip:4790000001@127.0.0.1>;tag=" + tag(k) +
            "\r\n"
            "Call-ID: " +
            call_id(k) + "\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\n" + kRoute +
            "Content-Length: 0\r\n\r\n",
        kPeople);
  }

  // A person's response to one of the last requests the unit forwarded.
  void reply() {
    if (wire_.to_people.empty()) return;
    const auto back =
        static_cast<std::size_t>(in_.pick(0, static_cast<long>(wire_.to_people.size()) - 1));
    const std::string req = wire_.to_people[wire_.to_people.size() - 1 - back];
    const auto status = static_cast<int>(in_.pick(100, 699));
    auto parsed = parse_message(req);
    if (!parsed) return;
    Message response =
        make_response(*parsed->tree, status, "Fuzzed", "p" + std::to_string(in_.pick(0, 2)));
    if (!response) return;
    if (status / 100 == 2) add_header(*response, "Contact", "<sip:phone@127.0.0.1:5090>");
    std::string out = serialize(*response);
    switch (in_.pick(0, 3)) {
      case 1:  // a header line of fuzzed bytes
        out.insert(out.find("\r\n") + 2, in_.text(255) + "\r\n");
        break;
      case 2:  // cut short
        out.resize(static_cast<std::size_t>(in_.pick(0, static_cast<long>(out.size()))));
        break;
      case 3: {  // a span overwritten
        const std::string junk = in_.text(64);
        const auto at = static_cast<std::size_t>(in_.pick(0, static_cast<long>(out.size())));
        out.replace(at, junk.size(), junk);
        break;
      }
      default: break;
    }
    deliver(out, kPeople);
  }

  Reader& in_;
  Wire wire_;
  SteppedTimers timers_;
  ManualClock clock_{Instant{std::chrono::seconds{1795510800}}};  // a Tuesday, 10:00 in Oslo
  SipServer server_;
  std::string invites_[kCalls], branches_[kCalls];
  std::size_t invites_received_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Shared shared;
  Reader in(data, size);
  Run run(shared, in);
  for (int i = 0; i < kMaxSteps && !in.done(); ++i) run.step();
  run.finish();
  return 0;
}
