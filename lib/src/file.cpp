#include "samtel/file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace samtel {
namespace {

// fsync() of the directory holding `path`, so that a rename in it survives a power cut.
bool sync_directory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int sync_errno = errno;
  ::close(fd);
  errno = sync_errno;
  return ok;
}

}  // namespace

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

tl::expected<void, std::string> write_file_atomically(const std::string& path,
                                                      std::string_view bytes) {
  const auto failed = [&](const char* what, int error_number) {
    return tl::unexpected(path + ": " + what + ": " + std::strerror(error_number));
  };
  // Beside the file (so that the rename stays within one file system), hidden from a listing.
  const std::filesystem::path target(path);
  std::string temp =
      (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return failed("cannot create a temporary file beside it", errno);
  // mkostemp() makes the file 0600; the file is for others (operators, the admin service) to read.
  int error_number = 0;
  if (::fchmod(fd, 0644) != 0 || !write_all(fd, bytes) || ::fsync(fd) != 0) error_number = errno;
  if (::close(fd) != 0 && error_number == 0) error_number = errno;
  if (error_number == 0 && ::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    ::unlink(temp.c_str());
    return failed("cannot replace the file", rename_errno);
  }
  if (error_number != 0) {
    ::unlink(temp.c_str());
    return failed("cannot write the file", error_number);
  }
  if (!sync_directory(path)) return failed("replaced, but its directory cannot be synced", errno);
  return {};
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace samtel
