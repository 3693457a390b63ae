#pragma once
// database.hpp — what every SQLite file of the unit needs: the connection and its settings,
// prepared statements, the integrity check, moving a damaged file aside, numbered schema
// migrations and the write-ahead log's checkpoint policy. The call log is built on it.
//
// Promises:
//  * `open_connection()` opens (creating if needed) a file with the unit's settings: WAL mode,
//    `synchronous=NORMAL` (a commit survives a crash of the process without waiting for the disk;
//    the owner fsyncs the log), no automatic checkpoints (the owner runs `checkpoint_wal()`),
//    `foreign_keys=ON`, a bounded page cache and write-ahead log (`ConnectionOptions`), extended
//    result codes, and a busy handler that waits for a lock in 200 µs steps for at most
//    `busy_timeout`, then fails the statement with SQLITE_BUSY.
//  * `open_database()` is the one way a store opens its main connection: open, `quick_check`
//    (optional), refuse a newer schema, the settings above, then `migrate()`. A file it refuses or
//    fails on is closed without copying its write-ahead log into it, so it is left as found; a
//    database from a newer samteld (a `user_version` past the last step) is refused before anything
//    is written to it, and stays byte for byte as it was.
//  * Before `open_database()` migrates a file that has a schema (`user_version` above 0 and below
//    the last step), it takes a consistent copy (SQLite's backup) beside it, named for the version
//    it is migrated to: `schedule.db.pre-v3` (or `.pre-v3-2`, ... never over an earlier copy). If
//    a step then fails, the copy is put back into the file (whose content is then row for row what
//    it was), the error names both files and says so (`migration_failed`), and the copy is kept;
//    after a migration that succeeds it is kept too, for the operator to delete.
//  * Migrations are numbered by their place in the list: step N takes `user_version` from N-1 to
//    N. Each step runs in its own `BEGIN IMMEDIATE` transaction together with its new
//    `user_version`, so a step is applied whole or not at all; a failed step is rolled back,
//    leaves `user_version` where it was, and its error names the step. Running the migrations of
//    a database already at the last step writes nothing.
//  * `quick_check()` runs `PRAGMA quick_check` and reports a damaged file as an error whose
//    `damaged()` is true; so does any SQLite error meaning the file is not a sound database.
//    `move_aside()` renames a file with its write-ahead log to `<file>.damaged-<UTC time>` (never
//    over an earlier one) and removes its shared-memory index: nothing in it is destroyed.
//  * `checkpoint_wal()` is the unit's policy against a growing log: a PASSIVE checkpoint (copies
//    what it can, never waits for the writer), and when the log still holds `restart_frames` or
//    more a RESTART, which waits for readers and the writer so the log starts again from its head
//    (and is truncated to `journal_size_limit`). A lock held elsewhere is not an error: it says
//    `busy`, and the next round tries again.
//  * `Connection` and `Statement` own their handle and release it in their destructor; both are
//    move-only. Statements are prepared persistent (they live as long as their connection).
//  * `Transaction` is a write transaction that takes the write lock at its start (`BEGIN
//    IMMEDIATE`, so a busy file fails there and not halfway) and is rolled back unless committed.
//  * `copy_database()` is SQLite's online backup: a consistent snapshot of the source even while
//    others write to it, written into the destination in one transaction, so the destination's
//    readers see all of its old content or all of the new.
//  * A connection opened `read_only` changes nothing in the file: none of the unit's settings are
//    applied to it (they would switch the journal mode).
//  * Nothing here is thread-safe: one connection is used by one thread at a time.
//
//   const store::Migration steps[] = {{"the calls table", "CREATE TABLE calls (...);"}};
//   auto db = store::open_database(path, {.migrations = steps});
//   if (!db && db.error().damaged()) store::move_aside(path);
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace samtel::fw::store {

// What went wrong, in SQLite's terms.
struct DbError {
  int code = 0;                   // SQLite's extended result code; 0 (SQLITE_OK) for a refusal
  std::string message;            // what was being done, then SQLite's own words
  bool newer_schema = false;      // the file is from a newer samteld: refused, not touched
  bool checked = false;           // open_database(): the file passed quick_check before this error
  bool migration_failed = false;  // open_database(): a step failed; the file was put back
  bool damaged() const;           // the file is not (or no longer) a sound database
};

// SQLITE_CORRUPT or SQLITE_NOTADB, with or without an extended code.
bool is_damage(int code);

// A prepared statement. Text bound with `bind_text()` is not copied: it must stay valid until
// `reset()`, which also clears every binding, so no binding outlives the text it points to.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* s) : s_(s) {}
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return s_; }
  explicit operator bool() const { return s_ != nullptr; }
  void bind_text(int i, std::string_view text);  // SQLITE_STATIC: see above
  void bind_int64(int i, std::int64_t v);
  void bind_null(int i);
  int step();    // SQLite's result: SQLITE_ROW, SQLITE_DONE or an error
  void reset();  // sqlite3_reset and sqlite3_clear_bindings

 private:
  sqlite3_stmt* s_ = nullptr;
};

struct ConnectionOptions {
  std::string vfs{};                             // SQLite VFS name; empty: the default
  int cache_kib = 256;                           // page cache
  std::int64_t journal_size_limit = 16 << 20;    // bytes the log is cut back to at a restart
  std::chrono::milliseconds busy_timeout{5000};  // longest wait for a lock
  bool read_only = false;                        // open an existing file to read it only
};

class Connection {
 public:
  Connection() = default;
  // Takes `db` over (closed in the destructor); `path` is for messages.
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Connection();
  Connection(Connection&& o) noexcept;
  Connection& operator=(Connection&& o) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  explicit operator bool() const { return db_ != nullptr; }
  const std::string& path() const { return path_; }
  // Closes now (sqlite3_close_v2: the handle goes once its statements are finalized).
  void close();

  tl::expected<Statement, DbError> prepare(std::string_view sql) const;
  // Runs one or more statements; the error is SQLite's message.
  tl::expected<void, DbError> exec(const char* sql) const;
  // The last error on this connection, as `what: SQLite's message`.
  DbError error(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A write transaction on `db` (see above); `db` must outlive it. Move-only.
class Transaction {
 public:
  static tl::expected<Transaction, DbError> begin(const Connection& db);
  ~Transaction();
  Transaction(Transaction&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Commits; after a failed commit the transaction is rolled back.
  tl::expected<void, DbError> commit();

 private:
  explicit Transaction(const Connection* db) : db_(db) {}
  const Connection* db_;  // null once committed or rolled back
};

// One schema step: `sql` (any number of statements, but no BEGIN/COMMIT of its own) takes the
// database from the version before it to its own number.
struct Migration {
  const char* name;  // what the step does, for errors: "the calls and attempts tables"
  const char* sql;
};

struct DatabaseOptions {
  std::span<const Migration> migrations{};  // the schema; its size is the current version
  ConnectionOptions connection{};
  bool quick_check = true;            // check the file before anything else
  bool copy_before_migration = true;  // a copy beside a file with records before migrating it
};

// Opens with the unit's settings, no schema work (for a second connection to a file).
tl::expected<Connection, DbError> open_connection(const std::string& path,
                                                  const ConnectionOptions& options = {});
// Opens, checks, refuses a newer schema, sets the unit's settings and migrates (see above).
tl::expected<Connection, DbError> open_database(const std::string& path,
                                                const DatabaseOptions& options);

// PRAGMA user_version.
tl::expected<int, DbError> user_version(const Connection& db);
// Runs the steps past the database's version; returns how many ran (0: it was current).
tl::expected<int, DbError> migrate(const Connection& db, std::span<const Migration> steps);

// PRAGMA quick_check; a damaged file gives an error with code SQLITE_CORRUPT.
tl::expected<void, DbError> quick_check(const Connection& db);
// Moves `path` and `path`-wal aside (see above); returns the new name of `path`.
tl::expected<std::string, std::string> move_aside(const std::string& path);

// Replaces the whole content of `to` with a snapshot of `from` (see above).
tl::expected<void, DbError> copy_database(const Connection& from, const Connection& to);

struct WalCheckpoint {
  int log_frames = 0;      // frames in the log at the PASSIVE checkpoint (-1 if unknown)
  int copied = 0;          // of those, frames in the database file after it
  bool restarted = false;  // a RESTART ran to completion
  bool busy = false;       // a lock held elsewhere stopped a checkpoint: the next round tries
};
// One round of the checkpoint policy (see above), on a connection of its own.
tl::expected<WalCheckpoint, DbError> checkpoint_wal(const Connection& db, int restart_frames);

}  // namespace samtel::fw::store
