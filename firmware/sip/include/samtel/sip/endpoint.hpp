#pragma once
// samtel/sip/endpoint.hpp — where a SIP message came from or goes to, and the two seams between
// the transports and the SIP core: `Network` (the core sends) and `Receiver` (the core receives).
// The transports implement `Network` and call a `Receiver`; tests and fuzzers implement both in
// memory, so the core never needs a socket.
//
// Promises:
//  * An `Endpoint` names a transport, an address and a port, and for TCP the accepted connection
//    a reply must go back on (0: open a new one, or UDP).
//  * `to_string()` gives "udp:127.0.0.1:5060" / "tcp:[::1]:5060", for logs.
#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>

namespace samtel::fw {

enum class Transport : std::uint8_t { udp, tcp };

struct Endpoint {
  Transport transport = Transport::udp;
  asio::ip::address address;
  std::uint16_t port = 0;
  std::uint64_t connection = 0;  // TCP: which accepted connection; 0 = open a new one / UDP
};
std::string to_string(const Endpoint& e);

// Sends the bytes of one whole SIP message.
class Network {
 public:
  virtual ~Network() = default;
  virtual void send(const Endpoint& to, std::string bytes) = 0;
};

// Takes what the transports received.
class Receiver {
 public:
  virtual ~Receiver() = default;
  // One complete SIP message from `from`.
  virtual void receive(std::string_view bytes, const Endpoint& from) = 0;
  // The header block of a message a stream transport could not frame (`reason`, e.g. "bad
  // Content-Length"), to be answered `code` (400 or 513) if it can be.
  virtual void reject_stream(std::string_view head, const Endpoint& from, std::string_view reason,
                             int code) = 0;
};

}  // namespace samtel::fw
