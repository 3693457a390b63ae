#pragma once
// damage.hpp — damages a file on purpose, for the tests of the unit's SQLite files: what a bad
// sector or a torn write would leave, without the rest of the file changing.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace samtel::test {

// Overwrites `n` bytes of the file at `offset` with garbage.
inline void damage(const std::string& path, long offset, int n) {
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  ASSERT_NE(f, nullptr) << path;
  std::fseek(f, offset, SEEK_SET);
  for (int i = 0; i < n; ++i) std::fputc(0xA5 ^ (i * 7), f);
  std::fclose(f);
}

}  // namespace samtel::test
