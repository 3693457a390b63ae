// The client side's only file that includes httplib.h (the server's is http_server.cpp; each
// target has one).
#include "samtel/admin/client.hpp"

#include <charconv>

#include <asio/ip/address.hpp>
#include <httplib.h>

#include "samtel/admin/api.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  std::error_code ec;
  const auto a = asio::ip::make_address(host, ec);
  return !ec && a.is_loopback();
}

std::string status_line(int status) {
  const std::string_view phrase = reason_phrase(status);
  return std::to_string(status) + (phrase.empty() ? "" : " " + std::string(phrase));
}

// The failure for an answer that is not 2xx, in the service's words when it gave them.
ClientFailure refused(const httplib::Response& res) {
  ClientFailure f;
  f.status = res.status;
  f.exit_code = res.status >= 500 ? kExitUnavailable : kExitInvalid;
  f.message = status_line(res.status);
  const auto body = AnswerJson::parse(res.body, nullptr, false);
  if (body.is_object()) f.answer = body;
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& e = body["error"];
    if (e.contains("message") && e["message"].is_string())
      f.message += ": " + e["message"].get<std::string>();
    if (e.contains("pointer") && e["pointer"].is_string()) {
      f.pointer = e["pointer"].get<std::string>();
      f.message += " (at " + f.pointer + ")";
    }
    if (res.status == 429 && res.has_header("Retry-After"))
      f.message += " (retry after " + res.get_header_value("Retry-After") + " s)";
  }
  f.message = escape_control_characters(f.message);
  return f;
}

}  // namespace

std::string encode_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    const bool keep = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                      b == '-' || b == '.' || b == '_' || b == '~' || b == ':' || b == '@';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

std::string BaseUrl::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

tl::expected<BaseUrl, std::string> parse_base_url(std::string_view text) {
  const auto fail = [&](const std::string& why) {
    return tl::unexpected("the service's URL " + quote_value(text) + ": " + why +
                          "; expected https://HOST[:PORT] (or http://127.0.0.1:PORT)");
  };
  BaseUrl url;
  std::string_view rest = text;
  if (rest.rfind("https://", 0) == 0) {
    url.tls = true;
    rest.remove_prefix(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else {
    return fail("it must begin with https:// or http://");
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@") != std::string_view::npos)
    return fail("only a scheme, a host and a port are taken (no path, query or user)");
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return fail("an IPv6 address lacks its ']'");
    url.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty() && rest.front() != ':') return fail("expected ':' and a port after ']'");
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const auto colon = rest.find(':');
    url.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (url.host.empty()) return fail("no host");
  if (first_control_character(url.host) || url.host.find(' ') != std::string::npos)
    return fail("the host holds a space or a control character");
  url.port = url.tls ? 443 : 80;
  if (port.data() != nullptr) {
    unsigned value = 0;
    const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || err != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return fail(quote_value(port) + " is not a port number 1..65535");
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  if (!url.tls && !is_loopback_host(url.host)) {
    return fail(
        "plain http:// only to this machine (127.0.0.1, [::1], localhost), where the "
        "service listens without TLS; use https://");
  }
  return url;
}

struct AdminClient::Impl {
  ClientOptions options;
  std::unique_ptr<httplib::ClientImpl> http;

  httplib::Headers headers() const {
    httplib::Headers h{{"Accept", "application/json"}};
    if (!options.token.empty()) h.emplace("Authorization", "Bearer " + options.token);
    return h;
  }

  tl::expected<AnswerJson, ClientFailure> answer(const httplib::Result& result) const {
    if (!result) {
      ClientFailure f;
      f.exit_code = kExitUnavailable;
      f.message = "cannot reach the admin service at " + options.url.to_string() + ": " +
                  httplib::to_string(result.error());
      if (result.error() == httplib::Error::SSLServerVerification) {
        f.message += " (the server's certificate is not trusted";
        f.message += options.ca_file.empty() ? "; give the unit's certificate with --ca-cert)"
                                             : " by --ca-cert " + options.ca_file + ")";
      }
      return tl::unexpected(std::move(f));
    }
    if (result->status < 200 || result->status >= 300) return tl::unexpected(refused(*result));
    if (result->body.empty()) return AnswerJson();
    auto body = AnswerJson::parse(result->body, nullptr, false);
    if (body.is_discarded()) {
      return tl::unexpected(
          ClientFailure{kExitUnavailable,
                        status_line(result->status) + " with a body that is not JSON",
                        result->status,
                        {},
                        {}});
    }
    return body;
  }
};

AdminClient::AdminClient(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const ClientOptions& o = impl_->options;
  if (o.url.tls) {
    auto tls = std::make_unique<httplib::SSLClient>(o.url.host, o.url.port);
    tls->enable_server_certificate_verification(true);
    if (!o.ca_file.empty()) tls->set_ca_cert_path(o.ca_file.c_str());
    impl_->http = std::move(tls);
  } else {
    impl_->http = std::make_unique<httplib::ClientImpl>(o.url.host, o.url.port);
  }
  impl_->http->set_connection_timeout(o.timeout);
  impl_->http->set_read_timeout(o.timeout);
  impl_->http->set_write_timeout(o.timeout);
  impl_->http->set_follow_location(false);
  impl_->http->set_url_encode(false);  // the caller encodes (encode_component)
}

AdminClient::~AdminClient() = default;
AdminClient::AdminClient(AdminClient&&) noexcept = default;
AdminClient& AdminClient::operator=(AdminClient&&) noexcept = default;

tl::expected<AnswerJson, ClientFailure> AdminClient::get(const std::string& path) {
  return impl_->answer(impl_->http->Get(path, impl_->headers()));
}

tl::expected<AdminClient::TextAnswer, ClientFailure> AdminClient::get_text(
    const std::string& path) {
  const httplib::Result result = impl_->http->Get(path, impl_->headers());
  if (!result || result->status < 200 || result->status >= 300) {
    auto failure = impl_->answer(result);
    if (!failure) return tl::unexpected(std::move(failure.error()));
    return tl::unexpected(ClientFailure{kExitUnavailable, "no answer", 0, {}, {}});
  }
  return TextAnswer{result->body, result->get_header_value("Content-Type")};
}

tl::expected<AnswerJson, ClientFailure> AdminClient::post(const std::string& path,
                                                          const AnswerJson& body) {
  return impl_->answer(impl_->http->Post(path, impl_->headers(), body.dump(), "application/json"));
}

tl::expected<AnswerJson, ClientFailure> AdminClient::put(const std::string& path,
                                                         const AnswerJson& body) {
  return impl_->answer(impl_->http->Put(path, impl_->headers(), body.dump(), "application/json"));
}

tl::expected<AnswerJson, ClientFailure> AdminClient::remove(const std::string& path) {
  return impl_->answer(impl_->http->Delete(path, impl_->headers()));
}

}  // namespace samtel::fw::admin
