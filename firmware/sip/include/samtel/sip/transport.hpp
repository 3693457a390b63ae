#pragma once
// transport.hpp — SIP over UDP and TCP for samteld, on one Asio event loop.
//
// Promises:
//  * Nothing a peer or the operating system does ends or stalls the daemon: every socket call on
//    a path a peer can reach uses Asio's error-code form; a failing connection is closed and
//    counted, never more. The peer's address is taken once, at accept.
//  * TCP is bounded (unit settings `limits.tcp_*`): sources that are not trusted are closed at
//    accept; at most `tcp_connections` connections in all and `tcp_connections_per_source` from
//    one address; a message must be complete within `tcp_message_seconds` of its first byte; a
//    connection silent for `tcp_idle_seconds` is closed (a CRLFCRLF keep-alive, RFC 5626 §3.5.1,
//    counts as traffic and is answered with CRLF). A stream that cannot be framed (see
//    stream_framer.hpp) is answered `400` (or `513` when too large) and closed once the answer
//    is written. Replies wait in a bounded queue per connection, written one at a time.
//  * When accept fails for want of resources (file descriptors, memory) it waits before trying
//    again — 50 ms, doubling to 1 s — instead of spinning, and says so in the log.
//  * What it refused is counted in `TransportCounters`; the daemon logs them as a summary.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "samtel/log/logger.hpp"
#include "samtel/sip/endpoint.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

struct TransportCounters {
  std::uint64_t tcp_accepted = 0, tcp_untrusted = 0, tcp_over_total = 0, tcp_over_source = 0;
  std::uint64_t tcp_message_timeouts = 0, tcp_idle_closed = 0, tcp_framing_errors = 0;
  std::uint64_t tcp_reset = 0, tcp_write_overflow = 0, accept_errors = 0, pings = 0;
};

// Which TCP connections may be opened: the trust and the caps, without sockets.
class TcpAdmission {
 public:
  enum class Verdict { admit, untrusted, over_total, over_source };
  Verdict admit(const asio::ip::address& source, const UnitConfig& unit);
  void release(const asio::ip::address& source);
  std::size_t open() const { return total_; }
  std::size_t open_from(const asio::ip::address& source) const;

 private:
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_source_;
};

// When a connection is to be closed if nothing more arrives: `message` after the first byte of
// an incomplete message, else `idle` after the last traffic.
std::chrono::steady_clock::time_point tcp_deadline(
    bool partial, std::chrono::steady_clock::time_point first_byte,
    std::chrono::steady_clock::time_point last_traffic, const Limits& limits);

class AsioTransport final : public Network {
 public:
  AsioTransport(asio::io_context& io, Logger& log);
  ~AsioTransport() override;

  std::optional<std::string> open(const asio::ip::address& addr, std::uint16_t port);
  // The settings in force (trust, limits); again at every reload.
  void configure(std::shared_ptr<const UnitConfig> unit) { unit_ = std::move(unit); }
  void start(Receiver& receiver);
  void stop();

  void send(const Endpoint& to, std::string bytes) override;
  const TransportCounters& counters() const { return counters_; }
  std::size_t tcp_connections() const { return connections_.size(); }

 private:
  struct Connection;
  void receive_udp();
  void accept_tcp();
  void on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket);
  void read_tcp(const std::shared_ptr<Connection>& c);
  void on_read(const std::shared_ptr<Connection>& c, std::size_t n);
  void arm_deadline(const std::shared_ptr<Connection>& c);
  void write_next(const std::shared_ptr<Connection>& c);
  void queue(const std::shared_ptr<Connection>& c, std::string bytes);
  void close(const std::shared_ptr<Connection>& c);
  void close_after_writes(const std::shared_ptr<Connection>& c);

  asio::io_context& io_;
  Logger& log_;
  asio::ip::udp::socket udp_;
  asio::ip::tcp::acceptor tcp_;
  asio::steady_timer accept_backoff_;
  std::chrono::milliseconds backoff_{0};
  std::chrono::steady_clock::time_point
      last_accept_log_{};  // accept failures are logged every 10 s
  std::shared_ptr<const UnitConfig> unit_;
  Receiver* server_ = nullptr;
  std::array<char, 65536> datagram_{};
  asio::ip::udp::endpoint from_;
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections_;
  std::uint64_t next_connection_ = 0;
  TcpAdmission admission_;
  TransportCounters counters_;
  bool stopped_ = false;
};

}  // namespace samtel::fw
