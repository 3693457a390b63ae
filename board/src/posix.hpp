#pragma once
// Small helpers over POSIX file descriptors, shared by both boards.
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include <unistd.h>

#include "samtel/file.hpp"

namespace samtel::board {

inline std::string errno_text(int err) { return std::strerror(err); }

// A file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// write_all(): the core's (samtel/file.hpp).
using samtel::write_all;

}  // namespace samtel::board
