#pragma once
// samtel/text.hpp — text that people write (names, messages, addresses, values typed on the
// command line): which characters it may not hold, and how an error message echoes it.
//
// Promises:
//  * `first_control_character()` finds a control character (Unicode category Cc: U+0000-U+001F,
//    U+007F and U+0080-U+009F; tab, CR, LF and NUL included) in UTF-8 text. Such a character in a
//    name or a message would end up raw in call plans, logs, SIP headers and terminals.
//  * `quote_value()` echoes a value in an error message: the whole value in single quotes, with
//    control characters written as JSON escapes (`\n`, `\u0000`), so that the message stays on one
//    line and shows exactly what was given; a byte that is not UTF-8 is written as `\xFF`. Only a
//    value longer than 80 characters is cut, and then visibly: the first 80 characters, "…" and
//    the value's length in characters.
//  * `character_count()` counts characters, not bytes: every byte that is not a UTF-8
//    continuation byte starts one (what a table pads by, what a length limit counts).
//
//  * `xml_escape()` makes text safe inside XML, SVG and HTML, in content and in double-quoted
//    attributes: & < > " become entities.
//
//   if (auto c = first_control_character(name)) {
//     error(ptr, "contains a control character (" + code_point_name(*c) + ")");  // "(U+000A)"
//   }
//   quote_value("Sentral\nbord")  // 'Sentral\nbord', on one line
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samtel {

// Characters in UTF-8 text: "Øre" has 3.
std::size_t character_count(std::string_view text);

// The first control character of `text` (UTF-8), as a code point.
std::optional<char32_t> first_control_character(std::string_view text);

// The byte offset of the first byte of `text` that does not belong to a well-formed UTF-8
// sequence (overlong forms, surrogates and code points beyond U+10FFFF are not); nullopt when
// all of it is UTF-8.
std::optional<std::size_t> first_non_utf8(std::string_view text);

// "U+000A" for a code point.
std::string code_point_name(char32_t c);

// `text` with its control characters written as JSON escapes, and bytes that are not UTF-8 as
// `\xFF`; nothing is cut. For text that is part of a message but not a quoted value (a JSON
// Pointer through a key that holds a line feed).
std::string escape_control_characters(std::string_view text);

// How many characters a message shows of a value before cutting it (see quote_value).
inline constexpr std::size_t kQuotedValueMaxChars = 80;

// `value` for an error message, e.g. 'half past nine' (see above).
std::string quote_value(std::string_view value);

// "a<b & \"c\">" -> "a&lt;b &amp; &quot;c&quot;&gt;".
std::string xml_escape(std::string_view s);

}  // namespace samtel
