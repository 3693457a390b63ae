#include "samtel/store/database.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <thread>
#include <utility>

#include <sqlite3.h>

#include "samtel/time.hpp"

namespace samtel::fw::store {
namespace {

constexpr std::chrono::microseconds kBusyStep{200};

// Waits for a lock in short steps (SQLite's own handler sleeps up to 100 ms at a time, which an
// answer waiting for its record would feel); `max_tries` steps in all.
int short_waits(void* max_tries, int tries) {
  if (tries >= static_cast<int>(reinterpret_cast<std::intptr_t>(max_tries))) return 0;
  std::this_thread::sleep_for(kBusyStep);
  return 1;
}

DbError prefixed(const std::string& what, DbError e) {
  e.message = what + ": " + e.message;
  return e;
}

DbError newer(int version, std::size_t latest) {
  return DbError{SQLITE_OK,
                 "schema version " + std::to_string(version) + " is newer than this samteld's " +
                     std::to_string(latest) +
                     ": the file was written by a newer samtel package; install that package (or "
                     "a later one) again, this one never writes to the file",
                 true};
}

// A name beside `path` for its copy before the migration to `latest`, never over an earlier copy:
// schedule.db.pre-v3, then schedule.db.pre-v3-2, ...
std::string copy_name(const std::string& path, int latest) {
  namespace fs = std::filesystem;
  const std::string stem = path + ".pre-v" + std::to_string(latest);
  std::string name = stem;
  std::error_code ec;
  for (int n = 2; fs::exists(fs::symlink_status(name, ec)) ||
                  fs::exists(fs::symlink_status(name + "-wal", ec)) ||
                  fs::exists(fs::symlink_status(name + "-journal", ec));
       ++n) {
    name = stem + "-" + std::to_string(n);
  }
  return name;
}

std::string compact_utc_now() {
  const std::string t = format_utc(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  std::string out;
  for (char c : t) {
    if (c != '-' && c != ':') out += c;
  }
  return out;  // 20261201T204000Z
}

// Opens the file: busy handler and extended result codes, nothing read or written yet.
tl::expected<Connection, DbError> connect(const std::string& path, const ConnectionOptions& o) {
  sqlite3* handle = nullptr;
  const int mode = o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, mode | SQLITE_OPEN_NOMUTEX,
                                 o.vfs.empty() ? nullptr : o.vfs.c_str());
  Connection db(handle, path);
  if (rc != SQLITE_OK) {
    if (handle == nullptr) return tl::unexpected(DbError{SQLITE_CANTOPEN, "cannot open " + path});
    return tl::unexpected(db.error("cannot open " + path));
  }
  const auto steps = std::max<std::int64_t>(1, o.busy_timeout / kBusyStep);
  sqlite3_busy_handler(handle, &short_waits,
                       reinterpret_cast<void*>(static_cast<std::intptr_t>(steps)));
  sqlite3_extended_result_codes(handle, 1);
  return db;
}

// A consistent copy of `db` in a new file beside it (see copy_name()), synced to the disk; returns
// its name.
tl::expected<std::string, DbError> copy_before_migration(const Connection& db, int latest) {
  const std::string name = copy_name(db.path(), latest);
  auto copy = connect(name, {});
  if (!copy) return tl::unexpected(copy.error());
  const auto fail = [&](const DbError& e) -> tl::expected<std::string, DbError> {
    copy->close();
    std::error_code ec;
    std::filesystem::remove(name, ec);  // a copy that is not whole is no copy
    return tl::unexpected(DbError{
        e.code, "cannot copy " + db.path() + " to " + name + " before migrating it: " + e.message});
  };
  // A rollback journal while it is written (a crash leaves the old, empty file); the copy's
  // header says WAL, as its original's does, for whoever opens it next.
  if (auto r = copy->exec("PRAGMA synchronous=FULL"); !r) return fail(r.error());
  if (auto r = copy_database(db, *copy); !r) return fail(r.error());
  return name;
}

// Puts the copy taken before a migration back into `db` after the migration failed, with the
// write-ahead log copied into the file, so that `db` holds again exactly what the copy holds.
DbError restore_after_failed_migration(const Connection& db, const std::string& copy_path,
                                       const DbError& failure) {
  DbError out{failure.code, failure.message, false};
  out.migration_failed = true;
  auto copy = connect(copy_path, {});
  tl::expected<void, DbError> restored =
      copy ? copy_database(*copy, db) : tl::expected<void, DbError>(tl::unexpect, copy.error());
  if (copy) copy->close();
  if (restored) {
    (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    out.message += "; " + db.path() + " is as it was before (put back from " + copy_path +
                   ", its copy taken before the migration, which is kept): this package cannot "
                   "use it: keep both files, install the previous package again and report this "
                   "message";
  } else {
    out.message += "; " + db.path() + " could not be put back (" + restored.error().message +
                   ") and may be partly migrated: keep " + copy_path +
                   ", its copy taken before the migration, stop every samtel service and copy it "
                   "over " +
                   db.path() + " (docs/operations.md, \"Backups and restore\")";
  }
  return out;
}

// The unit's settings. Only journal_mode writes to the file (once, on a new file); the rest are
// the connection's own.
tl::expected<void, DbError> configure(const Connection& db, const ConnectionOptions& o) {
  {
    auto wal = db.prepare("PRAGMA journal_mode=WAL");
    if (!wal || wal->step() != SQLITE_ROW) return tl::unexpected(db.error("cannot enable WAL"));
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(wal->get(), 0));
    const std::string mode = text != nullptr ? text : "unknown";
    // On a new file the switch is committed (and synced) as the statement ends, after its row.
    if (wal->step() != SQLITE_DONE) return tl::unexpected(db.error("cannot enable WAL"));
    if (mode != "wal") {
      return tl::unexpected(
          DbError{SQLITE_ERROR, "cannot enable WAL: the journal mode stays " + mode});
    }
  }
  // Commits are not fsynced (synchronous=NORMAL keeps a committed transaction through a crash of
  // the process); the owner fsyncs the log and checkpoints it.
  const std::string sql =
      "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; "
      "PRAGMA foreign_keys=ON; PRAGMA cache_size=-" +
      std::to_string(o.cache_kib) +
      "; PRAGMA journal_size_limit=" + std::to_string(o.journal_size_limit) + ";";
  if (auto r = db.exec(sql.c_str()); !r)
    return tl::unexpected(prefixed("cannot enable WAL", r.error()));
  return {};
}

}  // namespace

bool is_damage(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool DbError::damaged() const { return is_damage(code); }

// --- Statement --------------------------------------------------------------------------------

Statement::~Statement() { sqlite3_finalize(s_); }

Statement::Statement(Statement&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(s_);
    s_ = std::exchange(o.s_, nullptr);
  }
  return *this;
}

void Statement::bind_text(int i, std::string_view text) {
  sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void Statement::bind_int64(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }

void Statement::bind_null(int i) { sqlite3_bind_null(s_, i); }

int Statement::step() { return sqlite3_step(s_); }

void Statement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

// --- Connection -------------------------------------------------------------------------------

Connection::~Connection() { close(); }

Connection::Connection(Connection&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    close();
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}

void Connection::close() {
  if (db_ != nullptr) sqlite3_close_v2(db_);  // _v2: once any statement still open is finalized
  db_ = nullptr;
}

tl::expected<Statement, DbError> Connection::prepare(std::string_view sql) const {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return tl::unexpected(DbError{sqlite3_extended_errcode(db_), sqlite3_errmsg(db_)});
  }
  return Statement(s);
}

tl::expected<void, DbError> Connection::exec(const char* sql) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    DbError e{sqlite3_extended_errcode(db_), msg != nullptr ? msg : sqlite3_errmsg(db_)};
    sqlite3_free(msg);
    return tl::unexpected(std::move(e));
  }
  return {};
}

DbError Connection::error(const std::string& what) const {
  return DbError{sqlite3_extended_errcode(db_), what + ": " + sqlite3_errmsg(db_)};
}

// --- Opening ----------------------------------------------------------------------------------

tl::expected<Connection, DbError> open_connection(const std::string& path,
                                                  const ConnectionOptions& options) {
  auto db = connect(path, options);
  if (!db || options.read_only) return db;
  if (auto r = configure(*db, options); !r) return tl::unexpected(r.error());
  return db;
}

tl::expected<Connection, DbError> open_database(const std::string& path,
                                                const DatabaseOptions& options) {
  auto db = connect(path, options.connection);
  if (!db) return db;
  bool checked = false;
  // A file refused or failed on is left as found: a log with anything in it is not checkpointed
  // into it at the close (an empty one, which the open may have created, goes as usual).
  const auto refuse = [&](DbError e) -> tl::expected<Connection, DbError> {
    e.checked = checked;
    std::error_code ec;
    const auto log_size = std::filesystem::file_size(path + "-wal", ec);
    if (!ec && log_size > 0) {
      sqlite3_db_config(db->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    }
    db->close();
    return tl::unexpected(std::move(e));
  };
  if (options.quick_check) {
    if (auto r = quick_check(*db); !r) return refuse(r.error());
    checked = true;
  }
  // Read before the settings: switching to WAL writes to the file, and a newer one is not touched.
  const auto version = user_version(*db);
  if (!version) return refuse(version.error());
  if (static_cast<std::size_t>(*version) > options.migrations.size()) {
    return refuse(newer(*version, options.migrations.size()));
  }
  if (auto r = configure(*db, options.connection); !r) return refuse(r.error());
  // A file with records gets a copy beside it before its schema changes, put back if a step
  // fails; an empty one (version 0) has nothing to keep.
  const int latest = static_cast<int>(options.migrations.size());
  std::string copy;
  if (*version > 0 && *version < latest && options.copy_before_migration) {
    auto taken = copy_before_migration(*db, latest);
    if (!taken) return refuse(taken.error());
    copy = *taken;
  }
  if (auto r = migrate(*db, options.migrations); !r) {
    if (copy.empty()) return refuse(r.error());
    return refuse(restore_after_failed_migration(*db, copy, r.error()));
  }
  return db;
}

// --- Schema -----------------------------------------------------------------------------------

tl::expected<int, DbError> user_version(const Connection& db) {
  auto v = db.prepare("PRAGMA user_version");
  if (!v || v->step() != SQLITE_ROW) return tl::unexpected(db.error("cannot read schema version"));
  return sqlite3_column_int(v->get(), 0);
}

tl::expected<int, DbError> migrate(const Connection& db, std::span<const Migration> steps) {
  const auto start = user_version(db);
  if (!start) return tl::unexpected(start.error());
  const int latest = static_cast<int>(steps.size());
  if (*start > latest) return tl::unexpected(newer(*start, steps.size()));
  int ran = 0;
  for (int have = *start; have < latest;) {
    const int next = have + 1;
    const Migration& step = steps[static_cast<std::size_t>(have)];
    const auto fail = [&](const DbError& e) -> tl::expected<int, DbError> {
      if (sqlite3_get_autocommit(db.get()) == 0) (void)db.exec("ROLLBACK");
      return tl::unexpected(DbError{e.code, "cannot migrate " + db.path() + " to schema version " +
                                                std::to_string(next) + " (" + step.name +
                                                "): " + e.message});
    };
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return fail(r.error());
    // Another connection may have migrated meanwhile: the version read under the lock decides.
    const auto now = user_version(db);
    if (!now) return fail(now.error());
    if (*now != have) {
      (void)db.exec("ROLLBACK");
      if (*now > latest) return tl::unexpected(newer(*now, steps.size()));
      have = *now;
      continue;
    }
    if (auto r = db.exec(step.sql); !r) return fail(r.error());
    const std::string set = "PRAGMA user_version=" + std::to_string(next);
    if (auto r = db.exec(set.c_str()); !r) return fail(r.error());
    if (auto r = db.exec("COMMIT"); !r) return fail(r.error());
    have = next;
    ++ran;
  }
  return ran;
}

// --- Transactions and copies ------------------------------------------------------------------

tl::expected<Transaction, DbError> Transaction::begin(const Connection& db) {
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) {
    return tl::unexpected(prefixed("cannot begin a transaction", r.error()));
  }
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr && sqlite3_get_autocommit(db_->get()) == 0) (void)db_->exec("ROLLBACK");
}

tl::expected<void, DbError> Transaction::commit() {
  const Connection* db = std::exchange(db_, nullptr);
  if (db == nullptr) return tl::unexpected(DbError{SQLITE_MISUSE, "the transaction has ended"});
  if (auto r = db->exec("COMMIT"); !r) {
    if (sqlite3_get_autocommit(db->get()) == 0) (void)db->exec("ROLLBACK");
    return tl::unexpected(prefixed("cannot commit", r.error()));
  }
  return {};
}

tl::expected<void, DbError> copy_database(const Connection& from, const Connection& to) {
  sqlite3_backup* copy = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (copy == nullptr) return tl::unexpected(to.error("cannot copy " + from.path()));
  const int stepped = sqlite3_backup_step(copy, -1);
  const int finished = sqlite3_backup_finish(copy);
  if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
    return tl::unexpected(DbError{finished != SQLITE_OK ? finished : stepped,
                                  "cannot copy " + from.path() + " to " + to.path() + ": " +
                                      sqlite3_errstr(finished != SQLITE_OK ? finished : stepped)});
  }
  return {};
}

// --- Damage -----------------------------------------------------------------------------------

tl::expected<void, DbError> quick_check(const Connection& db) {
  auto check = db.prepare("PRAGMA quick_check(1)");
  if (!check || check->step() != SQLITE_ROW) {
    return tl::unexpected(db.error("cannot check " + db.path()));
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(check->get(), 0));
  const std::string result = text != nullptr ? text : "";
  if (result != "ok") {
    return tl::unexpected(
        DbError{SQLITE_CORRUPT, db.path() + " is damaged (quick_check: " + result + ")"});
  }
  return {};
}

tl::expected<std::string, std::string> move_aside(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string stem = path + ".damaged-" + compact_utc_now();
  std::string aside = stem;
  std::error_code ec;
  for (int n = 1; fs::exists(fs::symlink_status(aside, ec)) ||
                  fs::exists(fs::symlink_status(aside + "-wal", ec));
       ++n) {
    aside = stem + "-" + std::to_string(n);  // never over an earlier one moved in the same second
  }
  fs::rename(path, aside, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return tl::unexpected("cannot move the damaged database aside: " + ec.message());
  }
  fs::rename(path + "-wal", aside + "-wal", ec);
  fs::remove(path + "-shm", ec);
  return aside;
}

// --- Checkpoints ------------------------------------------------------------------------------

tl::expected<WalCheckpoint, DbError> checkpoint_wal(const Connection& db, int restart_frames) {
  // PASSIVE copies what it can without holding up the writer. Under a steady load the writer
  // never leaves it a moment with nothing new, so the log would only grow (and with it the
  // shared-memory index); past `restart_frames` a RESTART holds the writer for the rest of the
  // copy and the fsync, and the log starts again from its head.
  WalCheckpoint out;
  int rc = sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &out.log_frames,
                                     &out.copied);
  if ((rc & 0xff) == SQLITE_BUSY) {
    out.busy = true;
    return out;
  }
  if (rc != SQLITE_OK) return tl::unexpected(db.error("checkpoint failed"));
  if (out.log_frames >= restart_frames) {
    rc = sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_BUSY) {
      out.busy = true;
    } else if (rc != SQLITE_OK) {
      return tl::unexpected(db.error("checkpoint failed"));
    } else {
      out.restarted = true;
    }
  }
  return out;
}

}  // namespace samtel::fw::store
