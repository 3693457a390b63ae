#pragma once
// Text for a character LCD with the HD44780's ROM A00 (the common "Japanese" one): printable ASCII
// only, so the output never contains a byte the kernel's charlcd driver would take as a command
// (escape, form feed, newline) or a glyph the ROM renders differently.
//
// Mapping, chosen so names and places stay readable, in the way Norwegian is usually written
// without æøå:
//   æ -> "ae", ø -> "o", å -> "aa";  Æ -> "Ae", Ø -> "O", Å -> "Aa" ("AE", "AA" before a capital,
//   so "ÅPEN" is "AAPEN" but "Ås" is "Aas"); other Latin letters lose their accents (é -> e,
//   ä -> a, ö -> o, ü -> u, ß -> ss, Sámi č đ ŋ š ŧ ž -> c d n s t z); dashes -> '-', typographic
//   quotes -> ' and ", ellipsis -> "...", no-break space and control characters -> ' ';
//   '\' and '~' (which ROM A00 shows as a yen sign and an arrow) -> '/' and '-'; anything else,
//   and bytes that are not valid UTF-8, -> '?'.
// The line is cut after mapping, at `columns` display characters, so a cut never splits a UTF-8
// sequence (it may split a two-letter approximation: "...Aa" can end in "A").
//
//   display_line("Vakt: Dr. Ås", 16) == "Vakt: Dr. Aas"
#include <string>
#include <string_view>

namespace samtel::board {

std::string display_line(std::string_view utf8, int columns);

}  // namespace samtel::board
