#pragma once
// samtel/admin/listen_address.hpp — where the admin service listens, from `--listen`, and whether
// it may listen there without TLS.
//
// Promises:
//  * `parse_listen_address()` takes `ADDRESS:PORT` with an IPv4 address, or `[ADDRESS]:PORT` with
//    an IPv6 one; port 0..65535 (0: any free port, for tests). Host names are refused: the
//    service must know, before it starts, whether the address is a loopback one. Errors quote
//    the text and say what was expected.
//  * `is_loopback()` is true for 127.0.0.0/8 and ::1 only (and IPv4 loopback mapped to IPv6).
//
//   auto at = parse_listen_address("127.0.0.1:8443");  // at->port == 8443, at->is_loopback()
#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>
#include <tl/expected.hpp>

namespace samtel::fw::admin {

struct ListenAddress {
  asio::ip::address address;
  std::uint16_t port = 0;

  bool is_loopback() const;
  // "127.0.0.1:8443", "[::1]:8443"
  std::string to_string() const;
};

tl::expected<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace samtel::fw::admin
