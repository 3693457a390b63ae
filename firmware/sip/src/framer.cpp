// Framing of SIP over TCP by Content-Length (RFC 3261 §18.3), keep-alives of RFC 5626 §3.5.1.
#include "samtel/sip/framer.hpp"

#include <algorithm>
#include <limits>

namespace samtel::fw {
namespace {

constexpr std::string_view kEndOfHeaders = "\r\n\r\n";

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

bool is_crlf_at(std::string_view s, std::size_t i) {
  return i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n';
}

// Linear whitespace inside a header (RFC 3261 §25.1 LWS): SP, HT, and a fold (CRLF followed by
// SP or HT).
std::size_t skip_lws(std::string_view field, std::size_t i) {
  for (;;) {
    if (i < field.size() && is_wsp(field[i])) {
      ++i;
    } else if (is_crlf_at(field, i) && i + 2 < field.size() && is_wsp(field[i + 2])) {
      i += 3;
    } else {
      return i;
    }
  }
}

// Where the header that starts at `from` ends: at the first CRLF that does not begin a fold.
std::size_t field_end(std::string_view head, std::size_t from) {
  for (;;) {
    const std::size_t eol = head.find("\r\n", from);
    if (eol == std::string_view::npos) return head.size();
    if (eol + 2 < head.size() && is_wsp(head[eol + 2])) {
      from = eol + 2;
      continue;
    }
    return eol;
  }
}

bool equals_lowercase(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// The Content-Length of a header block (start line, headers, CRLFCRLF), or the first problem
// with it in header order.
StreamFramer::Error read_content_length(std::string_view head, std::uint64_t& length) {
  using Error = StreamFramer::Error;
  bool found = false;
  std::size_t pos = field_end(head, 0) + 2;  // past the start line
  while (pos < head.size() && !is_crlf_at(head, pos)) {
    const std::size_t end = field_end(head, pos);
    const std::string_view field = head.substr(pos, end - pos);
    pos = end + 2;
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;  // not a header; the SIP parser judges it
    // Whitespace before the colon, a fold included (a CRLF inside a field is always one).
    std::string_view name = field.substr(0, colon);
    for (;;) {
      if (!name.empty() && is_wsp(name.back())) {
        name.remove_suffix(1);
      } else if (name.size() >= 2 && name.substr(name.size() - 2) == "\r\n") {
        name.remove_suffix(2);
      } else {
        break;
      }
    }
    if (!equals_lowercase(name, "content-length") && !equals_lowercase(name, "l")) continue;

    std::size_t i = skip_lws(field, colon + 1);
    const std::size_t digits = i;
    std::uint64_t value = 0;
    for (; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i) {
      const auto d = static_cast<std::uint64_t>(field[i] - '0');
      if (value > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
        return Error::bad_content_length;
      }
      value = value * 10 + d;
    }
    if (i == digits || skip_lws(field, i) != field.size()) return Error::bad_content_length;
    if (found && value != length) return Error::conflicting_content_length;
    found = true;
    length = value;
  }
  return found ? Error::none : Error::missing_content_length;
}

}  // namespace

StreamFramer::StreamFramer(std::size_t max_message_bytes) : limit_(max_message_bytes) {}

void StreamFramer::feed(std::string_view bytes) {
  if (state_ == State::broken) return;
  // What next() returned is dropped here, not there, so its views stay valid until this call;
  // each feed moves at most the incomplete rest once.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

StreamFramer::Next StreamFramer::next() {
  for (;;) {
    const std::string_view rest = std::string_view(buffer_).substr(start_);
    switch (state_) {
      case State::broken: return broken_;

      case State::between:
        if (rest.empty() || (rest.size() == 1 && rest[0] == '\r')) return {};
        if (is_crlf_at(rest, 0)) {
          start_ += 2;
          if (pending_crlf_) {
            pending_crlf_ = false;
            return Next{Event::ping, {}, {}, Error::none, {}};
          }
          pending_crlf_ = true;
          continue;
        }
        pending_crlf_ = false;
        state_ = State::head;
        scanned_ = 0;
        continue;

      case State::head: {
        // Only the first `limit_` bytes can hold the end of an acceptable header block.
        const std::string_view window = rest.substr(0, std::min(rest.size(), limit_));
        const std::size_t end = window.find(kEndOfHeaders, scanned_);
        if (end == std::string_view::npos) {
          if (rest.size() >= limit_) return fail(Error::headers_too_large, 0);
          scanned_ = window.size() < 3 ? 0 : window.size() - 3;
          return {};
        }
        const std::size_t head_bytes = end + kEndOfHeaders.size();
        std::uint64_t length = 0;
        const Error e = read_content_length(rest.substr(0, head_bytes), length);
        if (e != Error::none) return fail(e, head_bytes);
        if (length > limit_ - head_bytes) return fail(Error::message_too_large, head_bytes);
        head_bytes_ = head_bytes;
        total_ = head_bytes + static_cast<std::size_t>(length);
        state_ = State::body;
        continue;
      }

      case State::body: {
        if (rest.size() < total_) return {};
        const Next n{
            Event::message, rest.substr(0, total_), rest.substr(0, head_bytes_), Error::none, {}};
        start_ += total_;
        state_ = State::between;
        return n;
      }
    }
  }
}

bool StreamFramer::partial() const {
  switch (state_) {
    case State::head:
    case State::body: return true;
    case State::broken: return false;
    case State::between: break;
  }
  const std::string_view rest = std::string_view(buffer_).substr(start_);
  std::size_t i = 0;
  while (is_crlf_at(rest, i)) i += 2;
  return i < rest.size() && !(i + 1 == rest.size() && rest[i] == '\r');
}

std::size_t StreamFramer::buffered() const { return buffer_.size() - start_; }

std::string_view StreamFramer::reason(Error error) {
  switch (error) {
    case Error::none: return {};
    case Error::missing_content_length: return "missing Content-Length";
    case Error::bad_content_length: return "bad Content-Length";
    case Error::conflicting_content_length: return "conflicting Content-Length";
    case Error::headers_too_large: return "headers too large";
    case Error::message_too_large: return "message too large";
  }
  return {};
}

StreamFramer::Next StreamFramer::fail(Error error, std::size_t head_bytes) {
  broken_ = Next{
      Event::error, {}, std::string_view(buffer_).substr(start_, head_bytes), error, reason(error)};
  state_ = State::broken;
  return broken_;
}

}  // namespace samtel::fw
