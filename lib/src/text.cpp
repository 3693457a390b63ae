#include "samtel/text.hpp"

#include <cstdio>

namespace samtel {
namespace {

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// One character of UTF-8 text at `pos`: its code point and its length in bytes, or nullopt for a
// byte that does not start a well-formed sequence (the caller then steps over that one byte).
struct Decoded {
  char32_t code_point;
  std::size_t length;
};

std::optional<Decoded> decode(std::string_view s, std::size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) return Decoded{b, 1};
  std::size_t length = 0;
  char32_t c = 0;
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
    c = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    c = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    c = b & 0x07u;
  } else {
    return std::nullopt;
  }
  if (pos + length > s.size()) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const auto cb = static_cast<unsigned char>(s[pos + i]);
    if ((cb & 0xC0) != 0x80) return std::nullopt;
    c = (c << 6) | (cb & 0x3Fu);
  }
  // Overlong forms, surrogates and code points beyond U+10FFFF are not well-formed.
  const char32_t min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
  return Decoded{c, length};
}

std::string escaped(char32_t c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
  return buf;
}

// Appends `value` to `out` with control characters and bytes that are not UTF-8 escaped, up to
// `max_chars` characters; returns how many characters `value` has.
std::size_t append_escaped(std::string& out, std::string_view value, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++chars) {
    const auto d = decode(value, i);
    const std::size_t length = d ? d->length : 1;
    if (chars < max_chars) {
      if (!d) {
        // Not UTF-8: show the byte's value rather than the byte.
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(value[i]));
        out += buf;
      } else if (is_control(d->code_point)) {
        out += escaped(d->code_point);
      } else {
        out.append(value.substr(i, length));
      }
    }
    i += length;
  }
  return chars;
}

}  // namespace

std::size_t character_count(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::optional<std::size_t> first_non_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = decode(text, i);
    if (!d) return i;
    i += d->length;
  }
  return std::nullopt;
}

std::optional<char32_t> first_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = decode(text, i);
    if (!d) {
      ++i;
      continue;
    }
    if (is_control(d->code_point)) return d->code_point;
    i += d->length;
  }
  return std::nullopt;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string escape_control_characters(std::string_view text) {
  std::string out;
  append_escaped(out, text, text.size());
  return out;
}

std::string quote_value(std::string_view value) {
  std::string out = "'";
  const std::size_t chars = append_escaped(out, value, kQuotedValueMaxChars);
  if (chars > kQuotedValueMaxChars) {
    return out + "\u2026' (" + std::to_string(chars) + " characters)";
  }
  return out + "'";
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace samtel
