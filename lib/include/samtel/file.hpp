#pragma once
// samtel/file.hpp — reading a whole file the programs were given (a site file, the unit's
// settings, a board description), with the one error people see when it cannot be read; and
// replacing a small file that others read (a daemon's status) whole or not at all.
//
// Promises:
//  * `read_text_file()` gives the file's bytes exactly as stored, or one line naming the path and
//    what is wrong: "st-olavs.json: cannot open the file", "...: cannot read the file (it is a
//    directory)", "...: cannot read the file". Nothing throws.
//  * `write_file_atomically()` writes the bytes to a temporary file beside `path` (mode 0644),
//  fsyncs
//    it, renames it over `path` and fsyncs the directory: a reader, a crash or a power cut finds
//    the old file or the new one, never a mix. On failure the temporary file is gone, `path` is as
//    it was (unless only the directory's sync failed, after the rename: the error says so), and
//    the error is one line naming the file and the system's reason: "run/status.json: cannot
//    write the file: No space left on device". Nothing throws.
//
//  * `write_all()` writes all of `bytes` to a file descriptor, retrying after signals and short
//    writes; false with errno saying why (EAGAIN from a full non-blocking FIFO included).
//
//   auto text = read_text_file(path);
//   if (!text) { std::cerr << text.error() << '\n'; return 2; }
//   if (auto written = write_file_atomically(path, status_text); !written) log(written.error());
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace samtel {

tl::expected<std::string, std::string> read_text_file(const std::string& path);
tl::expected<void, std::string> write_file_atomically(const std::string& path,
                                                      std::string_view bytes);

bool write_all(int fd, std::string_view bytes);

}  // namespace samtel
