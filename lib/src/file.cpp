#include "samtel/file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace samtel {

tl::expected<std::string, std::string> read_text_file(const std::string& path) {
  // A directory opens like a file but reads as nothing, which would look like an empty document.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return tl::unexpected(path + ": cannot read the file (it is a directory)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return tl::unexpected(path + ": cannot open the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return tl::unexpected(path + ": cannot read the file");
  return text.str();
}

}  // namespace samtel
