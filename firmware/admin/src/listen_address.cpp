#include "samtel/admin/listen_address.hpp"

#include <charconv>

#include "samtel/text.hpp"

namespace samtel::fw::admin {

bool ListenAddress::is_loopback() const {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

std::string ListenAddress::to_string() const {
  const std::string host = address.to_string();
  return (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

tl::expected<ListenAddress, std::string> parse_listen_address(std::string_view text) {
  const auto fail = [&](const std::string& why) {
    return tl::unexpected("--listen " + quote_value(text) + ": " + why +
                          "; expected ADDRESS:PORT such as 127.0.0.1:8443 or [::1]:8443");
  };
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return fail("an IPv6 address in brackets must be followed by ':' and a port");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("no port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos)
      return fail("an IPv6 address must be in brackets");
  }
  std::error_code ec;
  const auto address = asio::ip::make_address(std::string(host), ec);
  if (ec || (address.is_v6() && text.front() != '[')) {
    return fail(quote_value(host) + " is not an IP address (host names are not taken)");
  }
  unsigned value = 0;
  const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || err != std::errc() || end != port.data() + port.size() || value > 65535)
    return fail(quote_value(port) + " is not a port number 0..65535");
  return ListenAddress{address, static_cast<std::uint16_t>(value)};
}

}  // namespace samtel::fw::admin
