#pragma once
// blake2b.hpp (internal) — hex BLAKE2b-256 of bytes, libsodium's crypto_generichash: the content
// hash of a version, the hash of an audit entry, the stored form of a session token.
#include <string>
#include <string_view>

#include <sodium.h>

namespace samtel::fw::store {

inline std::string blake2b_hex(std::string_view bytes) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 2 * sizeof digest);
}

}  // namespace samtel::fw::store
