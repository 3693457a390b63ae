#pragma once
// sip.hpp — SIP messages for samteld, parsed and built with GNU oSIP (libosip2); no hand-written
// SIP parser.
//
// Promises:
//  * `parse_message()` never throws and never crashes on any input; it returns the parsed message
//    or a reason it was rejected (malformed, or missing a header RFC 3261 §8.1.1 requires). Two
//    valid requests oSIP cannot parse as they are still parse (RFC 4475 §3.1.1.2, §3.3.3): one
//    with an escaped NUL in a quoted string (parsed with the NUL as \x01), and one whose
//    Request-URI has a scheme other than sip, sips or tel (parsed with a placeholder URI, its
//    `scheme` `other`, to be answered 416).
//  * `make_response()` copies Via, From, To, Call-ID and CSeq from the request as RFC 3261 §8.2.6
//    asks, adds the To-tag to every response but 100, and sets Content-Length.
//  * Everything returned owns its memory (RAII over oSIP's allocations).
//  * Parse once: `parse_message()` gives a `SipMessage`, the oSIP tree together with every field
//    the SIP core reads (method, Call-ID, top branch, tags, dialled user, Max-Forwards, ...), read
//    from the tree once; admission, dispatch, redirect and proxy read the fields, not the tree.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>
#include <tl/expected.hpp>

namespace samtel::fw {

// Initialises oSIP's parser tables; idempotent and safe to call from anywhere.
void sip_init();

struct MessageDeleter {
  void operator()(osip_message_t* m) const;
};
using Message = std::unique_ptr<osip_message_t, MessageDeleter>;

enum class Method : std::uint8_t {
  invite,
  ack,
  cancel,
  bye,
  options,
  // Known SIP methods samteld does not serve (answered 405 with Allow).
  register_,
  subscribe,
  notify,
  message,
  info,
  update,
  prack,
  refer,
  publish,
  other,  // any other token (answered 501)
};
std::string_view to_string(Method m);  // "INVITE", ...; "" for other

enum class UriScheme : std::uint8_t { sip, sips, tel, other };

// A received message, parsed once.
struct SipMessage {
  Message tree;  // oSIP's parse, for building answers and forwarding
  bool request = false;
  Method method = Method::other;        // requests
  std::string method_name;              // requests: the token as received
  int status = 0;                       // responses
  std::string reason;                   // responses: the reason phrase as received
  UriScheme scheme = UriScheme::other;  // requests: of the Request-URI
  std::string call_id, branch, from_tag, to_tag, cseq_method;
  std::string dialled;  // requests: the user part of the Request-URI (or a tel: number)
  std::string caller;   // the user part of From: the caller's number or name
  std::optional<int> max_forwards;
  std::optional<std::string> require, proxy_require;
  // A 64-bit key of the transaction (top branch and Call-ID), for retransmission detection.
  std::uint64_t transaction_key = 0;
};
// Reads the fields of a parsed tree (used for the trees the parser rejected but can answer).
SipMessage describe(Message tree);

struct ParseError {
  std::string reason;
  bool answerable = false;  // a request with enough headers to answer `status` to
  int status = 400;         // 400, or 505 for another SIP version
  Message partial;          // the parsed request when answerable
};

// Parses one complete SIP message (start line, headers, body).
tl::expected<SipMessage, ParseError> parse_message(std::string_view bytes);

std::string serialize(const osip_message_t& m);

// samteld carries only SDP bodies, and oSIP's multipart parser leaks memory on some malformed
// input. If `bytes` declares a multipart body, returns the message with its body and body headers
// removed (to be parsed and answered 415), else nullopt.
std::optional<std::string> without_multipart_body(std::string_view bytes);

// The header block of a message whose framing failed, with its Content-Length headers replaced
// by `Content-Length: 0`: a message that can be parsed for its Via, From, To, Call-ID and CSeq.
std::string head_without_body(std::string_view head);

bool is_request(const osip_message_t& m);
std::string_view method(const osip_message_t& m);  // requests; "" for responses
std::string_view cseq_method(const osip_message_t& m);
int status(const osip_message_t& m);                // responses; 0 for requests
std::string request_user(const osip_message_t& m);  // user part of the Request-URI
std::string call_id(const osip_message_t& m);
std::string top_branch(const osip_message_t& m);
std::string from_tag(const osip_message_t& m);
std::string to_tag(const osip_message_t& m);
std::string from_user(const osip_message_t& m);  // the caller's number or name
// The value of the first header with this name (case-insensitive), if present.
std::optional<std::string> header(const osip_message_t& m, const char* name);
// Max-Forwards, or nullopt when absent or not a number.
std::optional<int> max_forwards(const osip_message_t& m);

// Adds `received` (and fills `rport` when the client asked for it) to the top Via, RFC 3261
// §18.2.1 / RFC 3581.
void stamp_top_via(osip_message_t& request, const std::string& source_ip, int source_port);

// A response to `request`. `tag` is the To-tag to add (ignored for 100 or when the request's To
// already has one).
Message make_response(const osip_message_t& request, int code, std::string_view reason,
                      std::string_view tag);

// Forwarding a request (RFC 3261 §16.6): the proxy's own Via on top (`host_port` like
// "127.0.0.1:5060", over UDP, with rport), the top Via removed again from a response, the top
// Route removed when it names the unit (loose routing, §16.4), Max-Forwards replaced.
void push_via(osip_message_t& m, std::string_view host_port, std::string_view branch);
void remove_top_via(osip_message_t& m);
void pop_own_route(osip_message_t& m, std::string_view host, std::uint16_t port);
void set_max_forwards(osip_message_t& m, int value);
// A copy of a message (nullptr when out of memory).
Message clone(const osip_message_t& m);

// Adds a header line to a message.
void add_header(osip_message_t& m, const char* name, const std::string& value);

// The standard reason phrase of a status code.
std::string_view reason_phrase(int code);

// A stable 64-bit hash (FNV-1a), for To-tags and retransmission detection.
std::uint64_t fnv1a(std::string_view s, std::uint64_t seed = 1469598103934665603ULL);

}  // namespace samtel::fw
