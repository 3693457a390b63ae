// A notice as a SIP MESSAGE (RFC 3428): the contact's address read with oSIP's URI parser and the
// request built with oSIP (samtel/sip/message.hpp), both pure.
#include <cstdlib>
#include <cstring>
#include <memory>

#include <osipparser2/osip_message.h>
#include <osipparser2/osip_uri.h>

#include "samtel/notices/senders.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw::notices {
namespace {

struct UriDeleter {
  void operator()(osip_uri_t* u) const { osip_uri_free(u); }
};

bool is_empty(const char* s) { return s == nullptr || *s == '\0'; }

// `text` cut to at most `bytes`, never inside a UTF-8 character, ended with "…".
std::string cut(std::string_view text, std::size_t bytes) {
  static constexpr std::string_view kEllipsis = "\u2026";
  if (bytes < kEllipsis.size()) return std::string(kEllipsis);
  std::size_t end = std::min(text.size(), bytes - kEllipsis.size());
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

// The subject line, a blank line and the body, with CRLF line ends (text/plain, RFC 2046 §4.1.1).
std::string message_text(const Notice& n) {
  const std::string plain = subject(n) + "\n\n" + body(n);
  std::string out;
  out.reserve(plain.size() + 16);
  for (char ch : plain) {
    if (ch == '\n') out += '\r';
    out += ch;
  }
  return out;
}

std::string build(const SipTarget& to, const std::string& from_uri, const std::string& local,
                  const SipRequestIds& ids, std::string_view user_agent, const std::string& text) {
  sip_init();
  osip_message_t* raw = nullptr;
  if (osip_message_init(&raw) != 0) return {};
  const Message m{raw};
  osip_message_set_method(raw, osip_strdup("MESSAGE"));
  osip_message_set_version(raw, osip_strdup("SIP/2.0"));
  osip_uri_t* uri = nullptr;
  if (osip_uri_init(&uri) != 0) return {};
  if (osip_uri_parse(uri, to.uri.c_str()) != 0) {
    osip_uri_free(uri);
    return {};
  }
  osip_message_set_uri(raw, uri);
  osip_message_set_via(raw, ("SIP/2.0/UDP " + local + ";branch=" + ids.branch + ";rport").c_str());
  add_header(*raw, "Max-Forwards", "70");
  osip_message_set_from(raw, ("<" + from_uri + ">;tag=" + ids.from_tag).c_str());
  osip_message_set_to(raw, ("<" + to.uri + ">").c_str());
  osip_message_set_call_id(raw, ids.call_id.c_str());
  osip_message_set_cseq(raw, "1 MESSAGE");
  add_header(*raw, "User-Agent", std::string(user_agent));
  add_header(*raw, "Content-Type", "text/plain;charset=UTF-8");
  osip_message_set_body(raw, text.data(), text.size());  // oSIP writes its Content-Length
  return serialize(*raw);
}

}  // namespace

tl::expected<SipTarget, std::string> parse_sip_target(std::string_view address) {
  const std::string text(address);
  const auto refuse = [&](const std::string& why) {
    return tl::unexpected("SIP address '" + text + "': " + why);
  };
  if (text.rfind("sip:", 0) != 0) {
    return refuse("a notice is sent to sip:user@host[:port] only (over UDP)");
  }
  sip_init();
  osip_uri_t* raw = nullptr;
  if (osip_uri_init(&raw) != 0) return refuse("out of memory");
  const std::unique_ptr<osip_uri_t, UriDeleter> uri{raw};
  if (text.find_first_of(" \t\r\n") != std::string::npos ||
      osip_uri_parse(raw, text.c_str()) != 0) {
    return refuse("not a SIP URI");
  }
  if (is_empty(raw->username)) return refuse("no user part (sip:user@host[:port])");
  if (is_empty(raw->host)) return refuse("no host");
  if (raw->password != nullptr) return refuse("a password has no place in it");
  if (!osip_list_eol(&raw->url_params, 0) || !osip_list_eol(&raw->url_headers, 0)) {
    return refuse("URI parameters and headers are not supported (sip:user@host[:port])");
  }
  SipTarget out;
  out.uri = text;
  out.user = raw->username;
  out.host = raw->host;
  if (!is_empty(raw->port)) {
    char* end = nullptr;
    const long port = std::strtol(raw->port, &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
      return refuse("bad port '" + std::string(raw->port) + "'");
    out.port = static_cast<std::uint16_t>(port);
  }
  return out;
}

std::string sip_message_request(const Notice& n, const SipTarget& to, const std::string& from_uri,
                                const std::string& local, const SipRequestIds& ids,
                                std::string_view user_agent) {
  const std::string text = message_text(n);
  std::string request = build(to, from_uri, local, ids, user_agent, text);
  std::size_t keep = text.size();
  while (request.size() >= kSipMessageLimit && keep > 0) {
    const std::size_t over = request.size() - (kSipMessageLimit - 1);
    keep = over >= keep ? 0 : keep - over;
    request = build(to, from_uri, local, ids, user_agent, cut(text, keep));
  }
  return request;
}

}  // namespace samtel::fw::notices
