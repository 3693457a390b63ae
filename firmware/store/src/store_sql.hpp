#pragma once
// store_sql.hpp (internal) — what the schedule store's source files share: its schema (the
// numbered migrations), reading columns, and SQLite errors as StoreErrors.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <sqlite3.h>

#include "samtel/store/database.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::store::sql {

// The schedule store's schema; its size is the current version.
std::span<const Migration> schedule_migrations();

inline StoreError failed(const DbError& e) {
  return StoreError{
      e.damaged() ? StoreError::Kind::damaged : StoreError::Kind::io, e.message, {}, {}};
}

inline StoreError error(StoreError::Kind kind, std::string message) {
  return StoreError{kind, std::move(message), {}, {}};
}

inline std::string text(const Statement& s, int column) {
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), column));
  return t != nullptr
             ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s.get(), column)))
             : std::string();
}

inline std::optional<std::int64_t> optional_int(const Statement& s, int column) {
  if (sqlite3_column_type(s.get(), column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s.get(), column);
}

// An instant stored by format_utc(); the epoch for text that is not one (verify() finds it).
inline Instant instant(const Statement& s, int column) {
  return parse_utc(text(s, column)).value_or(Instant{});
}

inline std::optional<Instant> optional_instant(const Statement& s, int column) {
  if (sqlite3_column_type(s.get(), column) == SQLITE_NULL) return std::nullopt;
  return instant(s, column);
}

}  // namespace samtel::fw::store::sql
