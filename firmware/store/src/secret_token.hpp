#pragma once
// secret_token.hpp (internal) — the bearer secrets the store hands out (a session's token, a
// calendar feed's): 32 random bytes from libsodium's `randombytes_buf` as 64 lower-case hex
// digits. The store keeps only their BLAKE2b-256 hash (blake2b.hpp).
#include <cstddef>
#include <string>
#include <string_view>

#include <sodium.h>

namespace samtel::fw::store {

inline constexpr std::size_t kSecretTokenBytes = 32;

inline std::string random_token() {
  unsigned char random[kSecretTokenBytes];
  randombytes_buf(random, sizeof random);
  char hex[2 * sizeof random + 1];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  std::string token(hex, 2 * sizeof random);
  sodium_memzero(hex, sizeof hex);
  sodium_memzero(random, sizeof random);
  return token;
}

// Whether `text` has the form random_token() gives (64 lower-case hex digits).
inline bool is_token_form(std::string_view text) {
  if (text.size() != 2 * kSecretTokenBytes) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace samtel::fw::store
