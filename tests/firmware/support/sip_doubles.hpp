#pragma once
// sip_doubles.hpp — what the SIP core's tests put in place of the world around it: a `Network`
// that records every message sent, a reader of a message's header values, the St. Olavs example
// schedule (docs/examples/st-olavs.json) the tests route by, and all of these together with
// stepped monotonic time, a manual wall clock and a quiet log (`SipCoreWorld`).
//
// Promises:
//  * `Recorder` keeps every message in the order it was sent, with where it was sent to.
//  * `header_values()` gives the value of every `Name: value` line of a message, in order.
//  * Nothing here sleeps or opens a socket.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>

#include "samtel/calls/timers.hpp"
#include "samtel/config.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/schedule.hpp"
#include "samtel/sip/endpoint.hpp"
#include "samtel/time.hpp"

namespace samtel::test {

struct Sent {
  fw::Endpoint to;
  std::string bytes;
};

class Recorder final : public fw::Network {
 public:
  void send(const fw::Endpoint& to, std::string bytes) override {
    sent.push_back({to, std::move(bytes)});
  }
  std::vector<Sent> sent;
};

inline std::vector<std::string> header_values(const std::string& msg, const std::string& name) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = msg.find("\r\n" + name + ": ", pos)) != std::string::npos) {
    pos += 4 + name.size();
    out.push_back(msg.substr(pos, msg.find("\r\n", pos) - pos));
  }
  return out;
}

// The example site as a schedule, and its time zone (nullptr when the file cannot be loaded).
inline std::shared_ptr<const Schedule> st_olavs(const Zone*& zone) {
  auto site = load_site_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json");
  if (!site) return nullptr;
  zone = site->zone;
  std::vector<Site> sites;
  sites.push_back(std::move(*site));
  return std::make_shared<const Schedule>(std::move(sites));
}

// What the SIP core is wired to in a test; `schedule` is null when the site cannot be loaded.
struct SipCoreWorld {
  SipCoreWorld() { log.set_stderr(false); }
  // A local time in Oslo, e.g. "2026-11-24T10:00".
  Instant at(const std::string& local) const { return parse_time(local, *oslo)->instant; }

  asio::io_context io;
  Recorder net;
  fw::Endpoint self{fw::Transport::udp, asio::ip::make_address("127.0.0.1"), 5060, 0};
  fw::SteppedTimers timers;
  ManualClock clock{Instant{}};
  fw::Logger log;
  const Zone* oslo = nullptr;
  std::shared_ptr<const Schedule> schedule = st_olavs(oslo);
};

}  // namespace samtel::test
