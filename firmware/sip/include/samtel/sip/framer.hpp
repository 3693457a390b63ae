#pragma once
// stream_framer.hpp — cuts the bytes of one SIP-over-TCP connection into whole messages
// (RFC 3261 §18.3 and §7.5), without sockets: the connection feeds what it read, then takes
// events until the framer needs more.
//
// Promises:
//  * A message is its start line, its headers, the empty line (CRLFCRLF) and exactly
//    Content-Length bytes of body; the event's bytes are those of the stream, unchanged and in
//    order. A body may contain anything, CRLFCRLF included.
//  * CRLFs before a message are skipped (§7.5). Each CRLFCRLF among them is a keep-alive ping
//    (RFC 5626 §3.5.1) and is reported as a `ping` event, in stream order, so the caller can
//    answer with a single CRLF; a lone CRLF is skipped silently.
//  * Content-Length is mandatory (a stream cannot be framed without it). Header names are
//    case-insensitive, the compact form `l` counts, whitespace around the colon and the value is
//    allowed, and a header folded over several lines is one header: a continuation line is never
//    taken for a header of its own. Repeating the header with the same value is allowed.
//  * The stream is broken, and the framer reports an error, when Content-Length is missing, is
//    not a decimal number (empty, negative, not digits, beyond 64 bits), is given twice with
//    different values, when no CRLFCRLF ends the headers within `max_message_bytes`
//    ("headers too large"), or when headers and body together exceed it ("message too large").
//    The error carries a short reason for a "400 Bad Request - <reason>" answer (513 suits the
//    too-large ones) and, except for "headers too large", the offending message's header block,
//    so the answer can copy its Via, From, To, Call-ID and CSeq. A broken stream cannot be
//    resynchronised: every later `next()` returns the same error and `feed()` keeps nothing.
//  * Nothing returned is longer than `max_message_bytes`. The work is linear in the bytes fed
//    however they are split (the search for the end of the headers resumes where it stopped),
//    and memory is the bytes not yet returned; nothing throws.
//
//   StreamFramer framer(unit.limits.max_message_bytes);
//   framer.feed(std::string_view(chunk.data(), n));
//   for (auto e = framer.next(); e.event != StreamFramer::Event::need_more; e = framer.next()) {
//     if (e.event == StreamFramer::Event::message) server.receive(e.bytes, peer);
//     if (e.event == StreamFramer::Event::ping) send(peer, "\r\n");
//     if (e.event == StreamFramer::Event::error) { answer_400(e.head, e.reason); close(); break; }
//   }
//   if (framer.partial()) arm_message_timer(); else cancel_message_timer();
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace samtel::fw {

class StreamFramer {
 public:
  static constexpr std::size_t kDefaultMaxMessageBytes = 8192;

  enum class Event : std::uint8_t {
    need_more,  // nothing complete is buffered: feed() more
    message,    // `bytes` is one whole message
    ping,       // a keep-alive CRLFCRLF: answer with a single CRLF
    error,      // the stream is broken: answer from `head` (if not empty), then close it
  };

  enum class Error : std::uint8_t {
    none,
    missing_content_length,      // "missing Content-Length"
    bad_content_length,          // "bad Content-Length"
    conflicting_content_length,  // "conflicting Content-Length"
    headers_too_large,           // "headers too large"
    message_too_large,           // "message too large"
  };

  struct Next {
    Event event = Event::need_more;
    // message: the whole message. Views into the framer, valid until the next feed().
    std::string_view bytes;
    // message and error: the start line and headers up to and including CRLFCRLF (empty for
    // "headers too large"). For an error it stays valid as long as the framer.
    std::string_view head;
    Error error = Error::none;
    std::string_view reason;  // error: the reason above, for "400 Bad Request - <reason>"
  };

  // `max_message_bytes`: the largest message accepted, headers and body (the unit's
  // `limits.max_message_bytes`).
  explicit StreamFramer(std::size_t max_message_bytes = kDefaultMaxMessageBytes);

  // Appends bytes read from the connection. Ignored once the stream is broken.
  void feed(std::string_view bytes);

  // The next event of the stream, in order; `need_more` when the buffered bytes do not complete
  // one. After an error, that error again.
  Next next();

  // A message has begun (a byte other than keep-alive CRLFs is buffered) and next() has not
  // returned it. After draining next() to `need_more`: a message is in flight, incomplete.
  bool partial() const;

  // Bytes fed and not yet returned or skipped by next().
  std::size_t buffered() const;

  static std::string_view reason(Error error);

 private:
  enum class State : std::uint8_t { between, head, body, broken };

  Next fail(Error error, std::size_t head_bytes);

  std::size_t limit_;
  std::string buffer_;
  std::size_t start_ = 0;  // where the bytes not yet returned begin
  State state_ = State::between;
  bool pending_crlf_ = false;   // between messages: one CRLF skipped, a second makes a ping
  std::size_t scanned_ = 0;     // head: bytes from start_ already searched for CRLFCRLF, less 3
  std::size_t head_bytes_ = 0;  // body: the header block's length
  std::size_t total_ = 0;       // body: the message's length
  Next broken_;                 // broken: the error returned again and again
};

}  // namespace samtel::fw
