#include "samtel/sip/message.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace samtel::fw {
namespace {

// oSIP takes `char*` where it only reads; keep the names mutable here.
std::string param(osip_list_t* params, const char* name) {
  std::vector<char> n(name, name + std::strlen(name) + 1);
  osip_uri_param_t* p = nullptr;
  if (osip_uri_param_get_byname(params, n.data(), &p) == 0 && p != nullptr &&
      p->gvalue != nullptr) {
    return p->gvalue;
  }
  return {};
}

bool has_param(osip_list_t* params, const char* name) {
  std::vector<char> n(name, name + std::strlen(name) + 1);
  osip_uri_param_t* p = nullptr;
  return osip_uri_param_get_byname(params, n.data(), &p) == 0 && p != nullptr;
}

char* dup(std::string_view s) {
  char* out = static_cast<char*>(osip_malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

std::string lowercase(std::string_view v) {
  std::string out(v);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Calls `f(line, name)` for each line of a message's header block (up to CRLFCRLF, or all of
// `bytes` without one); `name` is the header's name in lower case without trailing whitespace,
// empty for a line without a colon (the start line).
template <typename F>
void each_header_line(std::string_view bytes, F f) {
  const auto end = bytes.find("\r\n\r\n");
  const std::string_view head = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
  std::size_t pos = 0;
  while (pos <= head.size()) {
    auto eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 2;
    const auto colon = line.find(':');
    std::string name =
        colon == std::string_view::npos ? std::string{} : lowercase(line.substr(0, colon));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    f(line, name);
  }
}

osip_via_t* top_via(const osip_message_t& m) {
  return static_cast<osip_via_t*>(osip_list_get(&m.vias, 0));
}

}  // namespace

void sip_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    parser_init();
    // oSIP's own diagnostics would go to stderr unstructured; samteld logs what matters itself.
    for (int level = 0; level < END_TRACE_LEVEL; ++level) {
      osip_trace_disable_level(static_cast<osip_trace_level_t>(level));
    }
  });
}

void MessageDeleter::operator()(osip_message_t* m) const { osip_message_free(m); }

std::string_view to_string(Method m) {
  switch (m) {
    case Method::invite: return "INVITE";
    case Method::ack: return "ACK";
    case Method::cancel: return "CANCEL";
    case Method::bye: return "BYE";
    case Method::options: return "OPTIONS";
    case Method::register_: return "REGISTER";
    case Method::subscribe: return "SUBSCRIBE";
    case Method::notify: return "NOTIFY";
    case Method::message: return "MESSAGE";
    case Method::info: return "INFO";
    case Method::update: return "UPDATE";
    case Method::prack: return "PRACK";
    case Method::refer: return "REFER";
    case Method::publish: return "PUBLISH";
    case Method::other: return "";
  }
  return "";
}

namespace {

Method method_of(std::string_view token) {
  for (Method m : {Method::invite, Method::ack, Method::cancel, Method::bye, Method::options,
                   Method::register_, Method::subscribe, Method::notify, Method::message,
                   Method::info, Method::update, Method::prack, Method::refer, Method::publish}) {
    if (to_string(m) == token) return m;  // method names are case-sensitive (RFC 3261 §7.1)
  }
  return Method::other;
}

UriScheme scheme_of(const osip_message_t& m) {
  const char* s = m.req_uri != nullptr ? m.req_uri->scheme : nullptr;
  if (s == nullptr) return UriScheme::other;
  if (std::strcmp(s, "sip") == 0) return UriScheme::sip;
  if (std::strcmp(s, "sips") == 0) return UriScheme::sips;
  if (std::strcmp(s, "tel") == 0) return UriScheme::tel;
  return UriScheme::other;
}

}  // namespace

SipMessage describe(Message tree) {
  SipMessage out;
  if (!tree) return out;
  const osip_message_t& m = *tree;
  out.request = is_request(m);
  if (out.request) {
    out.method_name = std::string(method(m));
    out.method = method_of(out.method_name);
    out.scheme = scheme_of(m);
    out.dialled = request_user(m);
  } else {
    out.status = status(m);
    if (m.reason_phrase != nullptr) out.reason = m.reason_phrase;
  }
  out.call_id = call_id(m);
  out.branch = top_branch(m);
  out.from_tag = from_tag(m);
  out.to_tag = to_tag(m);
  out.cseq_method = std::string(cseq_method(m));
  out.caller = from_user(m);
  out.max_forwards = max_forwards(m);
  out.require = header(m, "require");
  out.proxy_require = header(m, "proxy-require");
  out.transaction_key = fnv1a(out.branch, fnv1a(out.call_id));
  out.tree = std::move(tree);
  return out;
}

namespace {

// oSIP parses C strings: a NUL, legal only escaped in a quoted string (RFC 4475 §3.1.1.2), would
// end its parse early. The copy parsed has each NUL as \x01, also a legal quoted-pair.
std::string without_nuls(std::string_view bytes) {
  std::string out(bytes);
  for (char& c : out) {
    if (c == '\0') c = '\x01';
  }
  return out;
}

// oSIP parses only the URI schemes it knows. A request line whose Request-URI has another scheme
// (RFC 4475 §3.3.3, "soap.beep://...") is given a placeholder URI, so the rest of the request
// can be parsed and answered 416; nullopt when the start line is not such a request line.
std::optional<std::string> with_placeholder_uri(std::string_view bytes) {
  const auto eol = bytes.find("\r\n");
  const auto sp1 = bytes.find(' ');
  if (eol == std::string_view::npos || sp1 == std::string_view::npos || sp1 > eol)
    return std::nullopt;
  const auto sp2 = bytes.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 > eol || bytes.substr(sp2, eol - sp2) != " SIP/2.0") {
    return std::nullopt;
  }
  const std::string_view uri = bytes.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto colon = uri.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  const std::string scheme = lowercase(uri.substr(0, colon));
  if (scheme == "sip" || scheme == "sips" || scheme == "tel") return std::nullopt;
  for (char c : scheme) {  // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  std::string out(bytes.substr(0, sp1 + 1));
  out += "sip:invalid.invalid";
  out += bytes.substr(sp2);
  return out;
}

}  // namespace

tl::expected<SipMessage, ParseError> parse_message(std::string_view bytes) {
  sip_init();
  std::string copy;
  if (bytes.find('\0') != std::string_view::npos) {
    copy = without_nuls(bytes);
    bytes = copy;
  }
  osip_message_t* raw = nullptr;
  if (osip_message_init(&raw) != 0)
    return tl::unexpected(ParseError{"out of memory", false, 400, {}});
  Message m{raw};
  if (bytes.empty() || osip_message_parse(raw, bytes.data(), bytes.size()) != 0) {
    if (auto placeholder = with_placeholder_uri(bytes)) {
      auto parsed = parse_message(*placeholder);
      if (parsed) {
        parsed->scheme = UriScheme::other;
        parsed->dialled.clear();
        return parsed;
      }
    }
    return tl::unexpected(ParseError{"malformed SIP message", false, 400, {}});
  }
  // oSIP accepts some messages RFC 3261 does not: check what every request and response needs.
  const bool request = is_request(*raw);
  if (request && (raw->sip_method == nullptr || raw->req_uri == nullptr)) {
    return tl::unexpected(ParseError{"malformed request line", false, 400, {}});
  }
  if (top_via(*raw) == nullptr) return tl::unexpected(ParseError{"missing Via", false, 400, {}});
  std::string missing;
  if (raw->from == nullptr)
    missing = "From";
  else if (raw->to == nullptr)
    missing = "To";
  else if (raw->call_id == nullptr || raw->call_id->number == nullptr)
    missing = "Call-ID";
  else if (raw->cseq == nullptr || raw->cseq->method == nullptr || raw->cseq->number == nullptr)
    missing = "CSeq";
  if (!missing.empty()) {
    // Without From/To/Call-ID/CSeq a response cannot be built that the client would match.
    return tl::unexpected(ParseError{"missing " + missing, false, 400, {}});
  }
  if (request && std::strcmp(raw->cseq->method, raw->sip_method) != 0 &&
      std::strcmp(raw->sip_method, "ACK") != 0 && std::strcmp(raw->sip_method, "CANCEL") != 0) {
    return tl::unexpected(
        ParseError{"CSeq method does not match the request method", true, 400, std::move(m)});
  }
  const auto reject = [&](std::string why, int code = 400) {
    return tl::unexpected(
        ParseError{std::move(why), request, code, request ? std::move(m) : Message{}});
  };
  char* end = nullptr;
  const long long cseq = std::strtoll(raw->cseq->number, &end, 10);
  if (end == raw->cseq->number || *end != '\0' || cseq < 0 || cseq > 2147483647LL) {
    return reject("bad CSeq number");  // RFC 3261 §8.1.1.5: less than 2**31
  }
  if (request && (raw->sip_version == nullptr || std::strcmp(raw->sip_version, "SIP/2.0") != 0)) {
    return reject("SIP version not supported", 505);
  }
  if (raw->content_length != nullptr && raw->content_length->value != nullptr) {
    const char* v = raw->content_length->value;
    const long long cl = std::strtoll(v, &end, 10);
    if (end == v || *end != '\0' || cl < 0) return reject("bad Content-Length");
  }
  if (auto mf = header(*raw, "max-forwards")) {
    const long long n = std::strtoll(mf->c_str(), &end, 10);
    if (end == mf->c_str() || *end != '\0' || n < 0 || n > 255) return reject("bad Max-Forwards");
  }
  return describe(std::move(m));
}

std::string head_without_body(std::string_view head) {
  std::string out;
  each_header_line(head, [&](std::string_view line, const std::string& name) {
    if (name == "content-length" || name == "l") return;
    out.append(line);
    out += "\r\n";
  });
  return out + "Content-Length: 0\r\n\r\n";
}

namespace {

// Whether the header block mentions "multipart" in any case: most messages do not, and need no
// closer look.
bool mentions_multipart(std::string_view bytes) {
  const auto end = bytes.find("\r\n\r\n");
  const std::string_view head = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
  constexpr std::string_view word = "multipart";
  for (std::size_t i = 0; i + word.size() <= head.size(); ++i) {
    std::size_t k = 0;
    while (k < word.size() && std::tolower(static_cast<unsigned char>(head[i + k])) == word[k]) {
      ++k;
    }
    if (k == word.size()) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> without_multipart_body(std::string_view bytes) {
  if (!mentions_multipart(bytes)) return std::nullopt;
  bool multipart = false;
  std::string kept;
  each_header_line(bytes, [&](std::string_view line, const std::string& name) {
    if (name == "content-type" || name == "c") {
      std::string value = lowercase(line.substr(line.find(':') + 1));
      value.erase(0, value.find_first_not_of(" \t"));
      if (value.rfind("multipart", 0) == 0) multipart = true;
      return;
    }
    if (name == "content-length" || name == "l") return;
    kept.append(line);
    kept.append("\r\n");
  });
  if (!multipart) return std::nullopt;
  kept.append("Content-Length: 0\r\n\r\n");
  return kept;
}

std::string serialize(const osip_message_t& m) {
  char* text = nullptr;
  size_t len = 0;
  if (osip_message_to_str(const_cast<osip_message_t*>(&m), &text, &len) != 0 || text == nullptr)
    return {};
  std::string out(text, len);
  osip_free(text);
  return out;
}

bool is_request(const osip_message_t& m) { return m.status_code == 0; }
std::string_view method(const osip_message_t& m) {
  return is_request(m) && m.sip_method != nullptr ? m.sip_method : "";
}
std::string_view cseq_method(const osip_message_t& m) {
  return m.cseq != nullptr && m.cseq->method != nullptr ? m.cseq->method : "";
}
int status(const osip_message_t& m) { return m.status_code; }

std::string request_user(const osip_message_t& m) {
  if (m.req_uri == nullptr) return {};
  if (m.req_uri->username != nullptr) return m.req_uri->username;
  // tel:+4773553888 parses with the number as the host part in oSIP.
  if (m.req_uri->scheme != nullptr && std::strcmp(m.req_uri->scheme, "tel") == 0 &&
      m.req_uri->string != nullptr) {
    return m.req_uri->string;
  }
  return {};
}

std::string call_id(const osip_message_t& m) {
  if (m.call_id == nullptr || m.call_id->number == nullptr) return {};
  std::string out = m.call_id->number;
  if (m.call_id->host != nullptr) out += std::string("@") + m.call_id->host;
  return out;
}

std::string top_branch(const osip_message_t& m) {
  osip_via_t* v = top_via(m);
  return v == nullptr ? std::string{} : param(&v->via_params, "branch");
}

std::string from_tag(const osip_message_t& m) {
  return m.from == nullptr ? std::string{} : param(&m.from->gen_params, "tag");
}
std::string to_tag(const osip_message_t& m) {
  return m.to == nullptr ? std::string{} : param(&m.to->gen_params, "tag");
}

std::string from_user(const osip_message_t& m) {
  if (m.from == nullptr || m.from->url == nullptr) return {};
  if (m.from->url->username != nullptr) return m.from->url->username;
  if (m.from->url->string != nullptr) return m.from->url->string;
  return {};
}

std::optional<std::string> header(const osip_message_t& m, const char* name) {
  osip_header_t* h = nullptr;
  if (osip_message_header_get_byname(&m, name, 0, &h) >= 0 && h != nullptr) {
    return std::string(h->hvalue != nullptr ? h->hvalue : "");
  }
  return std::nullopt;
}

std::optional<int> max_forwards(const osip_message_t& m) {
  auto v = header(m, "max-forwards");
  if (!v) return std::nullopt;
  char* end = nullptr;
  const long n = std::strtol(v->c_str(), &end, 10);
  if (end == v->c_str() || n < 0 || n > 255) return std::nullopt;
  return static_cast<int>(n);
}

void stamp_top_via(osip_message_t& request, const std::string& source_ip, int source_port) {
  osip_via_t* v = top_via(request);
  if (v == nullptr) return;
  // Replace an existing received/rport by the values we saw.
  for (int i = osip_list_size(&v->via_params) - 1; i >= 0; --i) {
    auto* p = static_cast<osip_uri_param_t*>(osip_list_get(&v->via_params, i));
    if (p == nullptr || p->gname == nullptr) continue;
    const bool received = std::strcmp(p->gname, "received") == 0;
    const bool rport = std::strcmp(p->gname, "rport") == 0;
    if (received || rport) {
      if (rport && p->gvalue == nullptr) {
        p->gvalue = dup(std::to_string(source_port));
      } else if (received) {
        osip_list_remove(&v->via_params, i);
        osip_uri_param_free(p);
      }
    }
  }
  osip_uri_param_add(&v->via_params, dup("received"), dup(source_ip));
}

Message make_response(const osip_message_t& request, int code, std::string_view reason,
                      std::string_view tag) {
  osip_message_t* raw = nullptr;
  if (osip_message_init(&raw) != 0) return {};
  Message r{raw};
  raw->sip_version = dup("SIP/2.0");
  osip_message_set_status_code(raw, code);
  raw->reason_phrase = dup(reason.empty() ? reason_phrase(code) : reason);
  osip_list_clone(&request.vias, &raw->vias,
                  reinterpret_cast<int (*)(void*, void**)>(&osip_via_clone));
  if (request.from != nullptr) osip_from_clone(request.from, &raw->from);
  if (request.to != nullptr) {
    osip_to_clone(request.to, &raw->to);
    if (code > 100 && !tag.empty() && raw->to != nullptr &&
        !has_param(&raw->to->gen_params, "tag")) {
      osip_uri_param_add(&raw->to->gen_params, dup("tag"), dup(tag));
    }
  }
  if (request.call_id != nullptr) osip_call_id_clone(request.call_id, &raw->call_id);
  if (request.cseq != nullptr) osip_cseq_clone(request.cseq, &raw->cseq);
  osip_message_set_content_length(raw, "0");
  return r;
}

void push_via(osip_message_t& m, std::string_view host_port, std::string_view branch) {
  const std::string via =
      "SIP/2.0/UDP " + std::string(host_port) + ";branch=" + std::string(branch) + ";rport";
  osip_via_t* v = nullptr;
  if (osip_via_init(&v) != 0) return;
  if (osip_via_parse(v, via.c_str()) != 0) {
    osip_via_free(v);
    return;
  }
  osip_list_add(&m.vias, v, 0);
}

void remove_top_via(osip_message_t& m) {
  auto* v = top_via(m);
  if (v != nullptr) {
    osip_list_remove(&m.vias, 0);
    osip_via_free(v);
  }
}

void pop_own_route(osip_message_t& m, std::string_view host, std::uint16_t port) {
  auto* r = static_cast<osip_route_t*>(osip_list_get(&m.routes, 0));
  if (r == nullptr || r->url == nullptr || r->url->host == nullptr) return;
  const std::string route_port = r->url->port != nullptr ? r->url->port : "5060";
  if (r->url->host == host && route_port == std::to_string(port)) {
    osip_list_remove(&m.routes, 0);
    osip_route_free(r);
  }
}

void set_max_forwards(osip_message_t& m, int value) {
  for (int i = osip_list_size(&m.headers) - 1; i >= 0; --i) {
    auto* h = static_cast<osip_header_t*>(osip_list_get(&m.headers, i));
    if (h != nullptr && h->hname != nullptr && osip_strcasecmp(h->hname, "max-forwards") == 0) {
      osip_list_remove(&m.headers, i);
      osip_header_free(h);
    }
  }
  osip_message_set_header(&m, "Max-Forwards", std::to_string(value).c_str());
}

Message clone(const osip_message_t& m) {
  osip_message_t* c = nullptr;
  if (osip_message_clone(&m, &c) != 0) return {};
  return Message{c};
}

void add_header(osip_message_t& m, const char* name, const std::string& value) {
  osip_message_set_header(&m, name, value.c_str());
}

std::string_view reason_phrase(int code) {
  switch (code) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 302: return "Moved Temporarily";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 500: return "Server Internal Error";
    case 503: return "Service Unavailable";
    case 513: return "Message Too Large";
    case 603: return "Decline";
    default: return code < 200 ? "Session Progress" : code < 300 ? "OK" : "Error";
  }
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (char ch : s) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace samtel::fw
