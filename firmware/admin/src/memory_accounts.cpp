#include "samtel/admin/memory_accounts.hpp"

#include <cstdint>
#include <random>

namespace samtel::fw::admin {
namespace {

// Equal in time that depends only on the lengths.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char differ = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    differ |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return differ == 0;
}

std::string new_token() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string token;
  token.reserve(64);
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = random();
    for (int j = 0; j < 8; ++j) {
      token += kHex[word & 0xF];
      word >>= 4;
    }
  }
  return token;
}

AuthError unavailable() {
  return {AuthError::Kind::unavailable, "the in-memory accounts are set unavailable", {}};
}

}  // namespace

void InMemoryAccounts::add_user(const std::string& name, std::string password, Role role) {
  const std::lock_guard lock(mutex_);
  accounts_[name] = Account{std::move(password), role, false, std::nullopt};
}

void InMemoryAccounts::lock(const std::string& name,
                            std::optional<std::chrono::seconds> retry_after) {
  const std::lock_guard guard(mutex_);
  if (auto it = accounts_.find(name); it != accounts_.end()) {
    it->second.locked = true;
    it->second.retry_after = retry_after;
  }
}

void InMemoryAccounts::set_unavailable(bool on) {
  const std::lock_guard lock(mutex_);
  unavailable_ = on;
}

std::size_t InMemoryAccounts::sessions() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

tl::expected<User, AuthError> InMemoryAccounts::authenticate(std::string_view name,
                                                             std::string_view password,
                                                             std::string_view /*source*/) {
  const std::lock_guard lock(mutex_);
  if (unavailable_) return tl::unexpected(unavailable());
  const auto it = accounts_.find(name);
  if (it == accounts_.end()) {
    return tl::unexpected(AuthError{AuthError::Kind::bad_credentials, "no such account", {}});
  }
  if (it->second.locked) {
    return tl::unexpected(
        AuthError{AuthError::Kind::locked, "the account is locked", it->second.retry_after});
  }
  if (!same_secret(it->second.password, password)) {
    return tl::unexpected(AuthError{AuthError::Kind::bad_credentials, "wrong password", {}});
  }
  return User{it->first, it->second.role};
}

tl::expected<std::string, AuthError> InMemoryAccounts::start_session(const User& user,
                                                                     std::chrono::seconds ttl) {
  const std::lock_guard lock(mutex_);
  if (unavailable_) return tl::unexpected(unavailable());
  std::string token = new_token();
  sessions_[token] = Session{user.name, user.role, clock_.now() + ttl};
  return token;
}

tl::expected<Session, AuthError> InMemoryAccounts::session(std::string_view token) {
  const std::lock_guard lock(mutex_);
  if (unavailable_) return tl::unexpected(unavailable());
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) {
    return tl::unexpected(AuthError{AuthError::Kind::no_session, "no such session", {}});
  }
  if (clock_.now() >= it->second.expires) {
    sessions_.erase(it);
    return tl::unexpected(AuthError{AuthError::Kind::no_session, "the session expired", {}});
  }
  return it->second;
}

void InMemoryAccounts::end_session(std::string_view token) {
  const std::lock_guard lock(mutex_);
  if (const auto it = sessions_.find(token); it != sessions_.end()) sessions_.erase(it);
}

}  // namespace samtel::fw::admin
