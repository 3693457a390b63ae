#pragma once
// samtel/file.hpp — reading a whole file the programs were given (a site file, the unit's
// settings, a board description), with the one error people see when it cannot be read.
//
// Promises:
//  * `read_text_file()` gives the file's bytes exactly as stored, or one line naming the path and
//    what is wrong: "st-olavs.json: cannot open the file", "...: cannot read the file (it is a
//    directory)", "...: cannot read the file". Nothing throws.
//
//   auto text = read_text_file(path);
//   if (!text) { std::cerr << text.error() << '\n'; return 2; }
#include <string>

#include <tl/expected.hpp>

namespace samtel {

tl::expected<std::string, std::string> read_text_file(const std::string& path);

}  // namespace samtel
