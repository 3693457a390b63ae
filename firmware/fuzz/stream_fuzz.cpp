// libFuzzer target: arbitrary bytes as one TCP connection's stream into the StreamFramer, fed in
// one piece, in pieces whose lengths come from the bytes themselves, and one byte at a time, with
// the unit's default limit and with a small one. Every way of feeding must give the events of a
// plain reference framer over the whole stream; each message must be the stream's own bytes in
// order (less the skipped CRLFs), its head and declared Content-Length long and within the limit;
// an error must stay. Any violation aborts, as do crashes and undefined behaviour.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/sip/framer.hpp"

namespace {

using samtel::fw::StreamFramer;
using Event = StreamFramer::Event;
using Error = StreamFramer::Error;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "stream_fuzz: violated: %s\n", what);
  std::abort();
}

struct Seen {
  Event event = Event::need_more;
  std::string bytes;
  std::string head;
  Error error = Error::none;
  bool operator==(const Seen&) const = default;
};

struct Outcome {
  std::vector<Seen> events;  // up to and including the first error
  bool partial = false;      // at the end, when no error
  std::size_t buffered = 0;  // at the end, when no error
};

// --- The reference: the rules written the plain way, over the whole stream at once. ---------

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Unfolds the header block into lines (RFC 3261 §7.3.1: a line break followed by whitespace is
// one SP), then reads every Content-Length in order.
Error reference_content_length(std::string_view head, std::uint64_t& length) {
  std::vector<std::string> lines;
  const std::string_view text = head.substr(0, head.size() - 4);
  std::size_t pos = 0;
  for (;;) {
    const std::size_t eol = text.find("\r\n", pos);
    const std::string_view line =
        text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
    if (!lines.empty() && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      lines.back() += ' ';
      lines.back() += line;
    } else {
      lines.emplace_back(line);
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  bool found = false;
  for (std::size_t n = 1; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = lower(trim(line.substr(0, colon)));
    if (name != "content-length" && name != "l") continue;
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty() ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Error::bad_content_length;
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc{} || end != value.data() + value.size()) return Error::bad_content_length;
    if (found && v != length) return Error::conflicting_content_length;
    found = true;
    length = v;
  }
  return found ? Error::none : Error::missing_content_length;
}

Outcome reference(std::string_view stream, std::size_t limit) {
  Outcome out;
  std::size_t pos = 0;
  int crlfs = 0;
  for (;;) {
    if (stream.substr(pos, 2) == "\r\n") {
      pos += 2;
      if (++crlfs == 2) {
        out.events.push_back({Event::ping, {}, {}, Error::none});
        crlfs = 0;
      }
      continue;
    }
    const std::string_view rest = stream.substr(pos);
    if (rest.empty() || rest == "\r") break;
    crlfs = 0;
    const std::size_t end = rest.find("\r\n\r\n");
    if (end == std::string_view::npos || end + 4 > limit) {
      if (rest.size() >= limit) {
        out.events.push_back({Event::error, {}, {}, Error::headers_too_large});
        return out;
      }
      break;
    }
    const std::string_view head = rest.substr(0, end + 4);
    std::uint64_t length = 0;
    Error e = reference_content_length(head, length);
    if (e == Error::none && length > limit - head.size()) e = Error::message_too_large;
    if (e != Error::none) {
      out.events.push_back({Event::error, {}, std::string(head), e});
      return out;
    }
    if (rest.size() - head.size() < length) break;
    const std::size_t total = head.size() + static_cast<std::size_t>(length);
    out.events.push_back(
        {Event::message, std::string(rest.substr(0, total)), std::string(head), Error::none});
    pos += total;
  }
  const std::string_view rest = stream.substr(pos);
  out.partial = !rest.empty() && rest != "\r";
  out.buffered = rest.size();
  return out;
}

// --- The framer under test. ---------------------------------------------------------------------

// Takes events until need_more (true) or the error (false).
bool drain(StreamFramer& framer, std::size_t limit, Outcome& out) {
  for (;;) {
    const StreamFramer::Next e = framer.next();
    check(e.event != Event::need_more ||
              (e.bytes.empty() && e.head.empty() && e.error == Error::none),
          "need_more carries nothing");
    if (e.event == Event::need_more) return true;
    check(e.bytes.size() <= limit && e.head.size() <= limit, "nothing exceeds the limit");
    if (e.event == Event::ping) {
      check(e.bytes.empty() && e.head.empty() && e.error == Error::none, "a ping carries nothing");
      out.events.push_back({Event::ping, {}, {}, Error::none});
      continue;
    }
    if (e.event == Event::message) {
      check(e.error == Error::none && e.reason.empty(), "a message has no error");
      check(e.head.size() >= 4 && e.bytes.substr(0, e.head.size()) == e.head,
            "a message begins with its head");
      check(e.head.find("\r\n\r\n") == e.head.size() - 4, "a head ends at the first CRLFCRLF");
      check(e.bytes.substr(0, 2) != "\r\n", "a message does not begin with a skipped CRLF");
      std::uint64_t length = 0;
      check(reference_content_length(e.head, length) == Error::none, "a message's head is valid");
      check(e.bytes.size() - e.head.size() == length, "length is head + Content-Length");
      out.events.push_back(
          {Event::message, std::string(e.bytes), std::string(e.head), Error::none});
      continue;
    }
    check(e.event == Event::error && e.error != Error::none, "an event is one of four");
    check(e.reason == StreamFramer::reason(e.error) && !e.reason.empty(),
          "an error has its reason");
    check(e.head.empty() == (e.error == Error::headers_too_large), "an error has its head");
    check(!framer.partial(), "a broken stream has no message in flight");
    // Sticky: the same error again, also after more bytes, and the head still readable.
    const std::size_t held = framer.buffered();
    framer.feed("INVITE sip:x SIP/2.0\r\nl: 0\r\n\r\n");
    check(framer.buffered() == held, "a broken stream keeps nothing more");
    const StreamFramer::Next again = framer.next();
    check(again.event == Event::error && again.error == e.error && again.head == e.head,
          "an error is sticky");
    out.events.push_back({Event::error, {}, std::string(e.head), e.error});
    return false;
  }
}

// Feeds `stream` in the pieces `cut` chooses, draining after each; checks what holds between
// pieces.
template <typename Cut>
Outcome run(std::string_view stream, std::size_t limit, Cut cut) {
  StreamFramer framer(limit);
  Outcome out;
  std::size_t fed = 0;
  while (fed < stream.size()) {
    const std::size_t n = std::min(cut(fed), stream.size() - fed);
    framer.feed(stream.substr(fed, n));
    fed += n;
    if (!drain(framer, limit, out)) return out;
    const std::size_t b = framer.buffered();
    check(b < limit || b <= 1, "what waits for more is within the limit");
    check(b <= fed, "nothing is buffered that was not fed");
    const bool lone_cr = b == 1 && stream[fed - 1] == '\r';
    check(framer.partial() == (b > 0 && !lone_cr), "partial(): a message has begun");
  }
  if (stream.empty()) drain(framer, limit, out);
  out.partial = framer.partial();
  out.buffered = framer.buffered();
  return out;
}

// Each message is the stream's bytes in order; between them only CRLFs, two for each ping.
void check_against_stream(std::string_view stream, const Outcome& out) {
  std::size_t pos = 0;
  for (const Seen& s : out.events) {
    if (s.event == Event::ping) {
      check(stream.substr(pos, 4) == "\r\n\r\n", "a ping is a CRLFCRLF of the stream");
      pos += 4;
      continue;
    }
    if (stream.substr(pos, 2) == "\r\n") pos += 2;  // a lone CRLF, skipped without a ping
    if (s.event == Event::message) {
      check(stream.substr(pos, s.bytes.size()) == s.bytes,
            "a message is the stream's bytes in order");
      pos += s.bytes.size();
    } else {
      check(stream.substr(pos, s.head.size()) == s.head, "an error's head is the stream's bytes");
      return;
    }
  }
  const std::size_t left = stream.size() - pos;
  check(out.buffered == left || (out.buffered + 2 == left && stream.substr(pos, 2) == "\r\n"),
        "what is buffered is the rest of the stream");
}

void compare(const Outcome& expected, const Outcome& got, const char* how) {
  if (expected.events == got.events && expected.partial == got.partial &&
      expected.buffered == got.buffered) {
    return;
  }
  std::fprintf(stderr,
               "stream_fuzz: fed %s: %zu events, reference %zu; partial %d/%d; buffered %zu/%zu\n",
               how, got.events.size(), expected.events.size(), got.partial, expected.partial,
               got.buffered, expected.buffered);
  check(false, "the same events however the stream is fed");
}

void test(std::string_view stream, std::size_t limit) {
  Outcome expected = reference(stream, limit);
  const bool broken = !expected.events.empty() && expected.events.back().event == Event::error;

  const Outcome whole = run(stream, limit, [&](std::size_t) { return stream.size(); });
  const Outcome bytes = run(stream, limit, [](std::size_t) { return std::size_t{1}; });
  // Piece lengths from the stream's own bytes: a CR (13) is followed by a cut after 14 bytes, so
  // cuts fall inside CRLFCRLFs, headers and bodies alike.
  const Outcome pieces = run(stream, limit, [&](std::size_t at) {
    return std::size_t{1} + static_cast<unsigned char>(stream[at]) % 61;
  });
  if (broken) {
    // After an error the framer keeps what it had; only the events are the stream's.
    for (const Outcome* o : {&whole, &bytes, &pieces}) {
      check(o->events == expected.events, "the same events however the stream is fed");
    }
    check_against_stream(stream, Outcome{whole.events, false, 0});
    return;
  }
  compare(expected, whole, "whole");
  compare(expected, bytes, "byte by byte");
  compare(expected, pieces, "in pieces");
  check_against_stream(stream, whole);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view stream(reinterpret_cast<const char*>(data), size);
  test(stream, StreamFramer::kDefaultMaxMessageBytes);
  // A small limit, from the stream's length and its last byte, so that the limits are met often.
  const std::size_t small = 1 + (size * 31 + (size > 0 ? data[size - 1] : 0u)) % 400;
  test(stream, small);
  return 0;
}
