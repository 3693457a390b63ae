// libFuzzer target: arbitrary bytes into samteld's SIP core, as if received over UDP from a
// trusted peer (the path with the most code behind it) and from an untrusted one. Any crash,
// leak or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_site.hpp"
#include "samtel/calls/sip_server.hpp"

namespace {

using namespace samtel;
using namespace samtel::fw;

class Discard final : public Network {
 public:
  void send(const Endpoint&, std::string bytes) override { sent += bytes.size(); }
  std::size_t sent = 0;
};

struct World {
  asio::io_context io;
  Discard net;
  Logger log;
  ManualClock clock{Instant{std::chrono::seconds{1795510800}}};  // a Tuesday, 10:00 in Oslo
  SteppedTimers timers;
  std::unique_ptr<SipServer> server;

  World() {
    log.set_stderr(false);
    auto unit = default_unit_config();
    unit.limits.requests_per_second = 1e7;
    unit.limits.burst = 1e7;
    server = std::make_unique<SipServer>(
        io, net, Endpoint{Transport::udp, asio::ip::make_address("127.0.0.1"), 5060, 0}, clock,
        timers, nullptr, log);
    server->configure(fuzz::st_olavs(), std::make_shared<const UnitConfig>(unit));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool untrusted = size > 0 && (data[0] & 1) != 0 && (data[size - 1] & 0x80) != 0;
  world.server->receive(
      bytes, Endpoint{Transport::udp, asio::ip::make_address(untrusted ? "192.0.2.1" : "127.0.0.1"),
                      5070, 0});
  world.clock.advance(std::chrono::seconds(1));
  world.io.poll();
  return 0;
}
