#include "display_text.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace samtel::board {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Decodes one code point at `pos` and advances `pos`; invalid or truncated sequences, overlong
// forms and surrogates give U+FFFD and advance by one byte, so decoding always makes progress.
char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto lead = static_cast<std::uint8_t>(s[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    cp = lead & 0x1FU;
    min = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    cp = lead & 0x0FU;
    min = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    cp = lead & 0x07U;
    min = 0x10000;
  } else {
    ++pos;
    return kInvalid;
  }
  if (pos + length > s.size()) {
    ++pos;
    return kInvalid;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto b = static_cast<std::uint8_t>(s[pos + i]);
    if ((b & 0xC0U) != 0x80U) {
      ++pos;
      return kInvalid;
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return kInvalid;
  }
  pos += length;
  return cp;
}

bool is_capital(char32_t cp) {
  return (cp >= U'A' && cp <= U'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

// Characters the display lacks, grouped by what they become. Æ and Å are handled in code: their
// case depends on the next character.
constexpr std::pair<std::u32string_view, std::string_view> kApproximations[] = {
    {U"æ", "ae"},    {U"ø", "o"},     {U"å", "aa"},     {U"Ø", "O"},    {U"ÀÁÂÃÄ", "A"},
    {U"àáâãä", "a"}, {U"ÇČ", "C"},    {U"çč", "c"},     {U"ÐĐ", "D"},   {U"ðđ", "d"},
    {U"ÈÉÊË", "E"},  {U"èéêë", "e"},  {U"ÌÍÎÏ", "I"},   {U"ìíîï", "i"}, {U"ÑŊ", "N"},
    {U"ñŋ", "n"},    {U"ÒÓÔÕÖ", "O"}, {U"òóôõö", "o"},  {U"Š", "S"},    {U"š", "s"},
    {U"ß", "ss"},    {U"Þ", "Th"},    {U"þ", "th"},     {U"Ŧ", "T"},    {U"ŧ", "t"},
    {U"ÙÚÛÜ", "U"},  {U"ùúûü", "u"},  {U"Ý", "Y"},      {U"ýÿ", "y"},   {U"Ž", "Z"},
    {U"ž", "z"},     {U"×", "x"},     {U"«»“”„", "\""}, {U"‘’‚′", "'"}, {U"‐‑‒–—―−", "-"},
    {U"…", "..."},   {U"•·", "*"},    {U"\\", "/"},  // ROM A00 shows a yen sign here
    {U"~", "-"},                                     // and a right arrow here
};

// The ASCII text shown for `cp`; nullopt for printable ASCII, which shows as itself. `next` (0 at
// the end) decides the case of Æ and Å.
std::optional<std::string_view> approximate(char32_t cp, char32_t next) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0))
    return " ";  // controls, no-break space
  if (cp == U'Æ') return is_capital(next) ? "AE" : "Ae";
  if (cp == U'Å') return is_capital(next) ? "AA" : "Aa";
  for (const auto& [from, to] : kApproximations) {
    if (from.find(cp) != std::u32string_view::npos) return to;
  }
  if (cp < 0x7F) return std::nullopt;
  return "?";
}

}  // namespace

std::string display_line(std::string_view utf8, int columns) {
  std::string out;
  if (columns <= 0) return out;
  const auto width = static_cast<std::size_t>(columns);
  // Every code point shows as at least one character, so width + 1 of them (one to look ahead)
  // are all a line can need, however long the input.
  std::vector<char32_t> code_points;
  for (std::size_t pos = 0; pos < utf8.size() && code_points.size() <= width;) {
    code_points.push_back(next_code_point(utf8, pos));
  }
  for (std::size_t i = 0; i < code_points.size() && out.size() < width; ++i) {
    const char32_t next = i + 1 < code_points.size() ? code_points[i + 1] : 0;
    if (auto text = approximate(code_points[i], next)) {
      out += *text;
    } else {
      out += static_cast<char>(code_points[i]);
    }
  }
  if (out.size() > width) out.resize(width);
  return out;
}

}  // namespace samtel::board
