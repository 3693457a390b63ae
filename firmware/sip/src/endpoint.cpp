#include "samtel/sip/endpoint.hpp"

namespace samtel::fw {

std::string to_string(const Endpoint& e) {
  std::string host = e.address.is_v6() ? "[" + e.address.to_string() + "]" : e.address.to_string();
  return (e.transport == Transport::tcp ? "tcp:" : "udp:") + host + ":" + std::to_string(e.port);
}

}  // namespace samtel::fw
