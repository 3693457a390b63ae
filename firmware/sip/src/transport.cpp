#include "samtel/sip/transport.hpp"

#include <cerrno>
#include <deque>

#include <asio/write.hpp>

#include "samtel/sip/framer.hpp"

namespace samtel::fw {

using std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxOutbox = 256 * 1024;  // replies waiting for a peer that does not read
constexpr std::chrono::milliseconds kFirstBackoff{50}, kLastBackoff{1000};
constexpr std::chrono::seconds kAcceptLogInterval{10};

bool out_of_resources(const asio::error_code& ec) {
  const int v = ec.value();
  return ec.category() == asio::system_category() &&
         (v == EMFILE || v == ENFILE || v == ENOBUFS || v == ENOMEM);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Admission and deadlines (no sockets)

TcpAdmission::Verdict TcpAdmission::admit(const asio::ip::address& source, const UnitConfig& unit) {
  if (!unit.trusted_source(source)) return Verdict::untrusted;
  if (total_ >= unit.limits.tcp_connections) return Verdict::over_total;
  std::size_t& mine = per_source_[source.to_string()];
  if (mine >= unit.limits.tcp_connections_per_source) return Verdict::over_source;
  ++mine;
  ++total_;
  return Verdict::admit;
}

void TcpAdmission::release(const asio::ip::address& source) {
  auto it = per_source_.find(source.to_string());
  if (it == per_source_.end() || it->second == 0) return;
  if (--it->second == 0) per_source_.erase(it);
  --total_;
}

std::size_t TcpAdmission::open_from(const asio::ip::address& source) const {
  auto it = per_source_.find(source.to_string());
  return it == per_source_.end() ? 0 : it->second;
}

steady_clock::time_point tcp_deadline(bool partial, steady_clock::time_point first_byte,
                                      steady_clock::time_point last_traffic, const Limits& limits) {
  return partial ? first_byte + limits.tcp_message : last_traffic + limits.tcp_idle;
}

// ---------------------------------------------------------------------------------------------
// The transport

struct AsioTransport::Connection {
  Connection(asio::ip::tcp::socket s, std::size_t limit)
      : socket(std::move(s)), timer(socket.get_executor()), framer(limit) {}
  asio::ip::tcp::socket socket;
  asio::steady_timer timer;
  StreamFramer framer;
  std::array<char, 8192> chunk{};
  Endpoint peer;
  std::deque<std::string> outbox;
  std::size_t out_bytes = 0;
  bool writing = false, closing = false, closed = false, partial = false;
  steady_clock::time_point first_byte, last_traffic, armed_for = steady_clock::time_point::max();
};

AsioTransport::AsioTransport(asio::io_context& io, Logger& log)
    : io_(io), log_(log), udp_(io), tcp_(io), accept_backoff_(io) {}

AsioTransport::~AsioTransport() { stop(); }

std::optional<std::string> AsioTransport::open(const asio::ip::address& addr, std::uint16_t port) {
  asio::error_code ec;
  const asio::ip::udp::endpoint ue{addr, port};
  udp_.open(ue.protocol(), ec);
  if (!ec) udp_.bind(ue, ec);
  if (ec)
    return "cannot listen on udp " + addr.to_string() + ":" + std::to_string(port) + ": " +
           ec.message();
  const asio::ip::tcp::endpoint te{addr, port};
  tcp_.open(te.protocol(), ec);
  if (!ec) tcp_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) tcp_.bind(te, ec);
  if (!ec) tcp_.listen(128, ec);
  if (ec)
    return "cannot listen on tcp " + addr.to_string() + ":" + std::to_string(port) + ": " +
           ec.message();
  asio::socket_base::receive_buffer_size rb(4 * 1024 * 1024);
  udp_.set_option(rb, ec);  // a smaller buffer only costs datagrams in a burst
  return std::nullopt;
}

void AsioTransport::start(Receiver& receiver) {
  server_ = &receiver;
  receive_udp();
  accept_tcp();
}

void AsioTransport::stop() {
  if (stopped_) return;
  stopped_ = true;
  asio::error_code ec;
  udp_.close(ec);
  tcp_.close(ec);
  accept_backoff_.cancel();
  while (!connections_.empty()) close(connections_.begin()->second);
}

void AsioTransport::send(const Endpoint& to, std::string bytes) {
  if (to.transport == Transport::tcp) {
    auto it = connections_.find(to.connection);
    if (it == connections_.end()) return;  // the connection is gone; the peer will retry
    queue(it->second, std::move(bytes));
    return;
  }
  asio::error_code ec;
  udp_.send_to(asio::buffer(bytes), asio::ip::udp::endpoint{to.address, to.port}, 0, ec);
  if (ec && ec != asio::error::would_block)
    log_.debug(JournalEvent::udp_send_failed, {{"to", to_string(to)}, {"error", ec.message()}});
}

void AsioTransport::receive_udp() {
  udp_.async_receive_from(
      asio::buffer(datagram_), from_, [this](const asio::error_code& ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || stopped_) return;
        if (!ec && server_ != nullptr) {
          server_->receive(std::string_view(datagram_.data(), n),
                           Endpoint{Transport::udp, from_.address(), from_.port(), 0});
        }
        receive_udp();
      });
}

void AsioTransport::accept_tcp() {
  if (stopped_) return;
  tcp_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void AsioTransport::on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket) {
  if (ec == asio::error::operation_aborted || stopped_) return;
  if (ec) {
    ++counters_.accept_errors;
    if (!out_of_resources(ec)) {
      accept_tcp();  // the peer gave up before the accept (ECONNABORTED and the like)
      return;
    }
    // Out of descriptors or memory: the connection waits in the kernel's queue; trying again at
    // once would only spin. UDP goes on meanwhile.
    backoff_ = backoff_.count() == 0 ? kFirstBackoff : std::min(backoff_ * 2, kLastBackoff);
    const auto now = steady_clock::now();
    if (now - last_accept_log_ >= kAcceptLogInterval) {
      last_accept_log_ = now;
      log_.warn(JournalEvent::tcp_accept_failed,
                {{"error", ec.message()},
                 {"retry_ms", std::to_string(backoff_.count())},
                 {"connections", std::to_string(connections_.size())},
                 {"failures", std::to_string(counters_.accept_errors)}});
    }
    accept_backoff_.expires_after(backoff_);
    accept_backoff_.async_wait([this](const asio::error_code& e) {
      if (!e) accept_tcp();
    });
    return;
  }
  backoff_ = std::chrono::milliseconds(0);
  accept_tcp();
  asio::error_code rec;
  const auto remote = socket.remote_endpoint(rec);
  if (rec) {
    ++counters_.tcp_reset;  // reset before it could be looked at
    socket.close(rec);
    return;
  }
  switch (admission_.admit(remote.address(), *unit_)) {
    case TcpAdmission::Verdict::admit: break;
    case TcpAdmission::Verdict::untrusted:
      ++counters_.tcp_untrusted;
      socket.close(rec);
      return;
    case TcpAdmission::Verdict::over_total:
      ++counters_.tcp_over_total;
      socket.close(rec);
      return;
    case TcpAdmission::Verdict::over_source:
      ++counters_.tcp_over_source;
      socket.close(rec);
      return;
  }
  ++counters_.tcp_accepted;
  socket.set_option(asio::ip::tcp::no_delay(true), rec);
  auto c = std::make_shared<Connection>(std::move(socket), unit_->limits.max_message_bytes);
  c->peer = Endpoint{Transport::tcp, remote.address(), remote.port(), ++next_connection_};
  c->last_traffic = steady_clock::now();
  connections_[c->peer.connection] = c;
  arm_deadline(c);
  read_tcp(c);
}

void AsioTransport::read_tcp(const std::shared_ptr<Connection>& c) {
  c->socket.async_read_some(
      asio::buffer(c->chunk), [this, c](const asio::error_code& ec, std::size_t n) {
        if (c->closed || stopped_) return;
        if (ec == asio::error::eof) {
          close_after_writes(c);  // half-closed: answer what arrived, then close
          return;
        }
        if (ec) {
          if (ec != asio::error::operation_aborted) ++counters_.tcp_reset;
          close(c);
          return;
        }
        on_read(c, n);
      });
}

void AsioTransport::on_read(const std::shared_ptr<Connection>& c, std::size_t n) {
  const auto now = steady_clock::now();
  c->last_traffic = now;
  c->framer.feed(std::string_view(c->chunk.data(), n));
  for (auto e = c->framer.next(); e.event != StreamFramer::Event::need_more; e = c->framer.next()) {
    if (c->closed) return;
    if (e.event == StreamFramer::Event::message) {
      if (server_ != nullptr) server_->receive(e.bytes, c->peer);
    } else if (e.event == StreamFramer::Event::ping) {
      ++counters_.pings;
      queue(c, "\r\n");  // RFC 5626 §3.5.1: pong
    } else {
      ++counters_.tcp_framing_errors;
      const bool too_large = e.error == StreamFramer::Error::headers_too_large ||
                             e.error == StreamFramer::Error::message_too_large;
      if (server_ != nullptr && !e.head.empty())
        server_->reject_stream(e.head, c->peer, e.reason, too_large ? 513 : 400);
      close_after_writes(c);
      return;
    }
  }
  if (c->closed) return;
  const bool partial = c->framer.partial();
  if (partial && !c->partial) c->first_byte = now;
  c->partial = partial;
  arm_deadline(c);
  read_tcp(c);
}

// One timer per connection, armed for the earliest time it could have to close; traffic that
// moves the deadline later leaves it, and its expiry re-arms for the deadline then in force.
void AsioTransport::arm_deadline(const std::shared_ptr<Connection>& c) {
  const auto deadline = tcp_deadline(c->partial, c->first_byte, c->last_traffic, unit_->limits);
  if (deadline >= c->armed_for) return;
  c->armed_for = deadline;
  c->timer.expires_at(deadline);
  c->timer.async_wait([this, c](const asio::error_code& ec) {
    if (ec || c->closed) return;
    const auto now = steady_clock::now();
    const auto due = tcp_deadline(c->partial, c->first_byte, c->last_traffic, unit_->limits);
    c->armed_for = steady_clock::time_point::max();
    if (now < due) {
      arm_deadline(c);
      return;
    }
    ++(c->partial ? counters_.tcp_message_timeouts : counters_.tcp_idle_closed);
    log_.debug(c->partial ? JournalEvent::tcp_message_timeout : JournalEvent::tcp_idle,
               {{"peer", to_string(c->peer)}});
    close(c);
  });
}

void AsioTransport::queue(const std::shared_ptr<Connection>& c, std::string bytes) {
  if (c->closed) return;
  if (c->out_bytes + bytes.size() > kMaxOutbox) {
    ++counters_.tcp_write_overflow;  // the peer does not read its answers
    close(c);
    return;
  }
  c->out_bytes += bytes.size();
  c->outbox.push_back(std::move(bytes));
  if (!c->writing) write_next(c);
}

void AsioTransport::write_next(const std::shared_ptr<Connection>& c) {
  if (c->closed) return;
  if (c->outbox.empty()) {
    c->writing = false;
    if (c->closing) close(c);
    return;
  }
  c->writing = true;
  asio::async_write(c->socket, asio::buffer(c->outbox.front()),
                    [this, c](const asio::error_code& ec, std::size_t) {
                      if (c->closed) return;
                      if (ec) {
                        ++counters_.tcp_reset;
                        close(c);
                        return;
                      }
                      c->out_bytes -= c->outbox.front().size();
                      c->outbox.pop_front();
                      write_next(c);
                    });
}

void AsioTransport::close_after_writes(const std::shared_ptr<Connection>& c) {
  c->closing = true;
  if (!c->writing) close(c);
}

void AsioTransport::close(const std::shared_ptr<Connection>& conn) {
  // `conn` may be the map's own copy, erased below; this one keeps the connection alive to the end.
  // NOLINTNEXTLINE(performance-unnecessary-copy-initialization)
  const std::shared_ptr<Connection> c = conn;
  if (c->closed) return;
  c->closed = true;
  asio::error_code ec;
  c->socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  c->socket.close(ec);
  c->timer.cancel();
  admission_.release(c->peer.address);
  connections_.erase(c->peer.connection);
}

}  // namespace samtel::fw
