// RFC 4475 torture messages through samteld's SIP core: nothing crashes, every well-formed
// request is answered (not with 400), and no malformed one is accepted.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "samtel/calls/sip_server.hpp"
#include "samtel/config.hpp"

namespace samtel::fw {
namespace {

class Recorder final : public Network {
 public:
  void send(const Endpoint&, std::string bytes) override { sent.push_back(std::move(bytes)); }
  std::vector<std::string> sent;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int status_of(const std::string& response) {
  return response.size() > 12 ? std::stoi(response.substr(8, 3)) : 0;
}

TEST(Rfc4475, TortureMessages) {
  auto site = load_site_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json");
  ASSERT_TRUE(site);
  std::vector<Site> sites;
  sites.push_back(std::move(*site));
  auto schedule = std::make_shared<const Schedule>(std::move(sites));
  asio::io_context io;
  Recorder net;
  Logger log;
  log.set_stderr(false);
  ManualClock clock{Instant{std::chrono::seconds{1795507200}}};
  SteppedTimers timers;
  SipServer server(io, net, Endpoint{Transport::udp, asio::ip::make_address("127.0.0.1"), 5060, 0},
                   clock, timers, nullptr, log);
  server.configure(schedule, std::make_shared<const UnitConfig>(default_unit_config()));

  std::map<std::string, int> answers;
  const auto dir = std::filesystem::path(SAMTEL_SOURCE_DIR) / "tests/firmware/rfc4475";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".dat") continue;
    net.sent.clear();
    server.receive(slurp(entry.path()),
                   Endpoint{Transport::udp, asio::ip::make_address("127.0.0.1"), 5070, 0});
    answers[entry.path().stem().string()] = net.sent.empty() ? 0 : status_of(net.sent.back());
  }
  ASSERT_EQ(answers.size(), 50u);
  for (const auto& [name, code] : answers) {
    SCOPED_TRACE(name + " -> " + std::to_string(code));
    // Section 3.1.2 (and the extra A-test): invalid. Never accepted or routed: an error, or
    // dropped.
    if (name.rfind("3.1.2.", 0) == 0 || name == "A-test") {
      EXPECT_TRUE(code == 0 || code >= 400);
    }
  }
  const std::map<std::string, int> expected = {
      {"3.1.1.1-wsinv", 481},        // INVITE with a To-tag: no such dialog here
      {"3.1.1.2-intmeth", 501},      // an unusual but legal method token (and an escaped NUL)
      {"3.1.1.3-esc01", 404},        // valid, but not a number this unit serves
      {"3.1.1.6-lwsdisp", 200},      // OPTIONS
      {"3.1.1.10-transports", 200},  // OPTIONS
      {"3.1.1.12-unreason", 0},      // a response to nothing of ours: dropped
      {"3.1.1.13-noreason", 0},     {"3.1.2.3-ncl", 400},  // negative Content-Length
      {"3.1.2.4-scalar02", 400},                           // CSeq and Max-Forwards out of range
      {"3.1.2.16-badvers", 505},                           // SIP/7.0
      {"3.1.2.17-mismatch01", 400},  // CSeq method differs from the request method
      {"3.1.2.18-mismatch02", 400}, {"3.3.2-unkscm", 416},  // unknown URI scheme
      {"3.3.3-novelsc", 416},                               // a novel scheme oSIP cannot parse
      {"3.3.5-bext01", 420},                                // Proxy-Require of an unknown extension
      {"3.3.7-regaut01", 405},                              // REGISTER
      {"3.3.11-zeromf", 200},  // OPTIONS addressed to the unit itself, Max-Forwards 0
  };
  for (const auto& [name, code] : expected) EXPECT_EQ(answers.at(name), code) << name;
}

}  // namespace
}  // namespace samtel::fw
