// A notice's SIP MESSAGE on the wire: one UDP socket (POSIX), the transaction
// (samtel/notices/sip_transaction.hpp) driven by poll() on the monotonic clock, responses parsed
// once with the SIP core's parser.
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "samtel/notices/senders.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw::notices {
namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

std::string random_hex(std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string out;
  while (out.size() < digits) {
    unsigned v = random();
    for (int i = 0; i < 8 && out.size() < digits; ++i, v >>= 4) out += kHex[v & 15];
  }
  return out;
}

// "192.0.2.1:40000" or "[::1]:40000" for a socket address.
std::string host_port(const sockaddr_storage& a, std::string* host) {
  std::array<char, NI_MAXHOST> h{};
  std::array<char, NI_MAXSERV> p{};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&a), sizeof a, h.data(), h.size(), p.data(),
                  p.size(), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return {};
  }
  const bool v6 = a.ss_family == AF_INET6;
  *host = v6 ? "[" + std::string(h.data()) + "]" : std::string(h.data());
  return *host + ":" + p.data();
}

std::string failed(const std::string& address, const std::string& why) {
  return "SIP MESSAGE to " + address + ": " + why;
}

}  // namespace

std::optional<std::string> send_sip_message(const SipSettings& settings, const std::string& address,
                                            const Notice& n) {
  try {
    auto target = parse_sip_target(address);
    if (!target) return target.error();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(target->port);
    if (const int rc = getaddrinfo(target->host.c_str(), port.c_str(), &hints, &found); rc != 0) {
      return failed(address, "cannot resolve " + target->host + ": " + gai_strerror(rc));
    }
    const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> resolved(found, &freeaddrinfo);
    const Socket sock(::socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (sock.fd() < 0) return failed(address, std::string("socket: ") + std::strerror(errno));
    // Connected: the kernel picks the local address (named in Via and From) and passes only
    // datagrams from the target.
    if (::connect(sock.fd(), found->ai_addr, found->ai_addrlen) != 0) {
      return failed(address, std::string("connect: ") + std::strerror(errno));
    }
    sockaddr_storage local{};
    socklen_t local_len = sizeof local;
    if (::getsockname(sock.fd(), reinterpret_cast<sockaddr*>(&local), &local_len) != 0) {
      return failed(address, std::string("getsockname: ") + std::strerror(errno));
    }
    std::string local_host;
    const std::string local_port = host_port(local, &local_host);
    if (local_port.empty()) return failed(address, "cannot name the local address");
    const SipRequestIds ids{.branch = "z9hG4bK" + random_hex(16),
                            .call_id = random_hex(20) + "@samtel",
                            .from_tag = random_hex(10)};
    const std::string from = settings.from.empty() ? "sip:samtel@" + local_host : settings.from;
    SipTransaction tx(sip_message_request(n, *target, from, local_port, ids, settings.user_agent),
                      ids.branch, ids.call_id, "MESSAGE", settings.timers);
    // An ICMP "port unreachable" for an earlier datagram is reported by the next call on the
    // socket as ECONNREFUSED: a transport error, which ends the transaction (RFC 3261 §17.1.4).
    const auto transport_error = [&](const char* call) {
      if (errno == ECONNREFUSED) {
        return failed(address, "nothing answers at " + target->host + ":" + port +
                                   " (ICMP port unreachable)");
      }
      return failed(address, std::string(call) + ": " + std::strerror(errno));
    };
    const auto send = [&](const std::string& bytes) -> std::optional<std::string> {
      if (::send(sock.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
        return transport_error("send");
      }
      return std::nullopt;
    };
    if (auto e = send(tx.start(std::chrono::steady_clock::now()))) return e;
    std::array<char, 65536> buffer{};
    while (!tx.ended()) {
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
          *tx.next_wakeup() - std::chrono::steady_clock::now());
      pollfd p{.fd = sock.fd(), .events = POLLIN, .revents = 0};
      const int ready =
          ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, wait.count() + 1)));
      if (ready < 0 && errno != EINTR) {
        return failed(address, std::string("poll: ") + std::strerror(errno));
      }
      if (ready > 0) {
        const ssize_t got = ::recv(sock.fd(), buffer.data(), buffer.size(), 0);
        if (got < 0 && errno != EINTR) return transport_error("recv");
        if (got > 0) {
          auto message =
              parse_message(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
          if (message) tx.on_response(*message, std::chrono::steady_clock::now());
        }
      }
      if (auto again = tx.on_timer(std::chrono::steady_clock::now())) {
        if (auto e = send(*again)) return e;
      }
    }
    if (tx.outcome() == SipTransaction::Outcome::delivered) return std::nullopt;
    return failed(address, tx.error());
  } catch (const std::exception& e) {
    return failed(address, e.what());
  }
}

}  // namespace samtel::fw::notices
