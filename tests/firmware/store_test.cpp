// The SQLite store part (samtel/store/database.hpp): the unit's settings, numbered migrations,
// the refusal of a newer schema, the integrity check and moving a damaged file aside, prepared
// statements, the checkpoint policy.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/store/database.hpp"
#include "support/damage.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("samtel-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// A path in the test's directory with no database, log or damaged copy left from before.
std::string fresh(const std::string& name) {
  const auto dir = temp_dir();
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(name, 0) == 0) fs::remove(e.path());
  }
  return (dir / name).string();
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One column of the first row, as text ("" for none).
std::string scalar(const Connection& db, const std::string& sql) {
  auto s = db.prepare(sql);
  if (!s) return "prepare failed: " + s.error().message;
  if (s->step() != SQLITE_ROW) return "";
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s->get(), 0));
  return t != nullptr ? t : "NULL";
}

// A plain connection of SQLite's own, outside the store part (for setting files up).
sqlite3* raw_open(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  return db;
}

const Migration kSteps[] = {
    {"the notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
    {"a first note", "INSERT INTO notes (text) VALUES ('created by step 2');"},
    {"an index on the text", "CREATE INDEX notes_text ON notes(text);"},
};

TEST(Database, OpensWithTheUnitsSettings) {
  const std::string path = fresh("settings.db");
  auto db = open_connection(path, {.vfs = {}, .cache_kib = 64, .journal_size_limit = 1 << 20});
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(scalar(*db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar(*db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(scalar(*db, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(scalar(*db, "PRAGMA wal_autocheckpoint"), "0");
  EXPECT_EQ(scalar(*db, "PRAGMA cache_size"), "-64");
  EXPECT_EQ(scalar(*db, "PRAGMA journal_size_limit"), "1048576");
}

TEST(Database, MigratingAnEmptyFileRunsEveryStepAndSetsTheVersion) {
  const std::string path = fresh("migrate.db");
  auto db = open_connection(path);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_EQ(user_version(*db), 0);
  const auto ran = migrate(*db, kSteps);
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, 3);
  EXPECT_EQ(user_version(*db), 3);
  EXPECT_EQ(scalar(*db, "SELECT text FROM notes"), "created by step 2");
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'notes_text'"), "1");
}

TEST(Database, MigratingACurrentDatabaseWritesNothing) {
  const std::string path = fresh("current.db");
  {
    auto db = open_database(path, {.migrations = kSteps});
    ASSERT_TRUE(db) << db.error().message;
  }
  const std::string before = bytes(path);
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  const auto ran = migrate(*db, kSteps);
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, 0);
  EXPECT_EQ(user_version(*db), 3);
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM notes"), "1");  // step 2 did not run again
  EXPECT_EQ(sqlite3_total_changes(db->get()), 0);
  EXPECT_EQ(bytes(path), before);
  EXPECT_EQ(fs::file_size(path + "-wal"), 0u);
}

TEST(Database, AStepThatFailsIsRolledBackAndNamed) {
  const std::string path = fresh("failing.db");
  const Migration steps[] = {
      kSteps[0],
      {"the tags table", "CREATE TABLE tags (name TEXT); INSERT INTO no_such_table VALUES (1);"},
  };
  auto db = open_connection(path);
  ASSERT_TRUE(db) << db.error().message;
  const auto ran = migrate(*db, steps);
  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().message, "cannot migrate " + path +
                                     " to schema version 2 (the tags table): no such table: "
                                     "no_such_table");
  EXPECT_FALSE(ran.error().newer_schema);
  // Step 1 stays; step 2 left nothing behind, and no transaction is open.
  EXPECT_EQ(user_version(*db), 1);
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'tags'"), "0");
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'notes'"), "1");
  EXPECT_NE(sqlite3_get_autocommit(db->get()), 0);
  // open_database() fails the same way, and the steps run once the broken one is fixed.
  db->close();
  auto again = open_database(path, {.migrations = steps});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("(the tags table)"), std::string::npos);
  EXPECT_TRUE(again.error().checked);  // the file was sound: a retry need not check it again
  const Migration fixed[] = {kSteps[0], {"the tags table", "CREATE TABLE tags (name TEXT);"}};
  auto good = open_database(path, {.migrations = fixed});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(user_version(*good), 2);
}

TEST(Database, ANewerSchemaIsRefusedAndTheFileLeftByteForByte) {
  const std::string path = fresh("newer.db");
  sqlite3* raw = raw_open(path);
  sqlite3_exec(raw,
               "CREATE TABLE later (x); INSERT INTO later VALUES ('from samteld 9');"
               "PRAGMA user_version=9;",
               nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  const std::string before = bytes(path);
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().newer_schema);
  EXPECT_FALSE(db.error().damaged());
  EXPECT_EQ(db.error().message,
            "schema version 9 is newer than this samteld's 3: the file was written by a newer "
            "samtel package; install that package (or a later one) again, this one never writes "
            "to the file");
  EXPECT_EQ(bytes(path), before);  // not even switched to WAL
  EXPECT_FALSE(fs::exists(path + "-wal"));
  // migrate() on a connection refuses the same way.
  auto plain = open_connection(path);
  ASSERT_TRUE(plain);
  const auto ran = migrate(*plain, kSteps);
  ASSERT_FALSE(ran);
  EXPECT_TRUE(ran.error().newer_schema);
}

TEST(Database, ANewerSchemaInWalModeKeepsItsLogUncheckpointed) {
  // A newer samteld's file with commits still in its write-ahead log: refusing it must not copy
  // them into the database file (as closing the last connection would).
  const std::string path = fresh("newer-wal.db");
  sqlite3* raw = raw_open(path);
  sqlite3_exec(raw, "PRAGMA journal_mode=WAL; CREATE TABLE later (x); PRAGMA user_version=9;",
               nullptr, nullptr, nullptr);
  sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE); INSERT INTO later VALUES ('in the log');",
               nullptr, nullptr, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_close(raw);
  ASSERT_GT(fs::file_size(path + "-wal"), 0u);
  const std::string db_before = bytes(path), wal_before = bytes(path + "-wal");
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().newer_schema);
  EXPECT_EQ(bytes(path), db_before);
  EXPECT_EQ(bytes(path + "-wal"), wal_before);
}

// A database of a few dozen pages in WAL mode, its last commit still in the log.
void make_real_database(const std::string& path) {
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(db->exec("BEGIN"));
  auto insert = db->prepare("INSERT INTO notes (text) VALUES (?)");
  ASSERT_TRUE(insert);
  for (int i = 0; i < 2000; ++i) {
    const std::string text = "note number " + std::to_string(i) + " of the damaged-file test";
    insert->bind_text(1, text);
    ASSERT_EQ(insert->step(), SQLITE_DONE);
    insert->reset();
  }
  ASSERT_TRUE(db->exec("COMMIT"));
  ASSERT_TRUE(checkpoint_wal(*db, 1));  // everything into the database file
  ASSERT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('the last one')"));
  sqlite3_db_config(db->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

TEST(Database, QuickCheckFindsADamagedPageAndMoveAsideKeepsTheFileAndItsLog) {
  const std::string path = fresh("damaged.db");
  make_real_database(path);
  ASSERT_GT(fs::file_size(path), 20u * 4096);
  ASSERT_GT(fs::file_size(path + "-wal"), 0u);
  {
    auto db = open_connection(path);
    ASSERT_TRUE(db);
    EXPECT_TRUE(quick_check(*db));  // sound before the damage
    sqlite3_db_config(db->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  }
  test::damage(path, 4096 * 10 + 100, 64);  // in the middle of a b-tree page of notes
  const std::string damaged = bytes(path), log = bytes(path + "-wal");

  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().damaged());
  EXPECT_FALSE(db.error().checked);
  EXPECT_EQ(db.error().message.rfind(path + " is damaged (quick_check: ", 0), 0u)
      << db.error().message;
  EXPECT_EQ(bytes(path), damaged);  // nothing written to it, its log not checkpointed into it

  const auto aside = move_aside(path);
  ASSERT_TRUE(aside) << aside.error();
  EXPECT_EQ(aside->rfind(path + ".damaged-", 0), 0u) << *aside;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + "-wal"));
  EXPECT_FALSE(fs::exists(path + "-shm"));
  EXPECT_EQ(bytes(*aside), damaged);
  EXPECT_EQ(bytes(*aside + "-wal"), log);

  // A fresh database starts in its place; a second damaged one never replaces the first.
  {
    auto fresh_db = open_database(path, {.migrations = kSteps});
    ASSERT_TRUE(fresh_db) << fresh_db.error().message;
    EXPECT_EQ(scalar(*fresh_db, "SELECT count(*) FROM notes"), "1");
  }
  const auto second = move_aside(path);
  ASSERT_TRUE(second) << second.error();
  EXPECT_NE(*second, *aside);
  EXPECT_EQ(bytes(*aside), damaged);
}

TEST(Database, AFileThatIsNotADatabaseIsDamaged) {
  const std::string path = fresh("notadb.db");
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(8192, 'x');
  }
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().damaged()) << db.error().code << " " << db.error().message;
  EXPECT_EQ(bytes(path), std::string(8192, 'x'));
}

TEST(Database, APreparedStatementIsReusedAcrossManyBindings) {
  const std::string path = fresh("statement.db");
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(db->exec("CREATE TABLE kv (k INTEGER, v TEXT)"));
  auto insert = db->prepare("INSERT INTO kv (k, v) VALUES (?, ?)");
  ASSERT_TRUE(insert) << insert.error().message;
  ASSERT_TRUE(db->exec("BEGIN"));
  for (int i = 0; i < 5000; ++i) {
    // A new string each time, gone after the reset: the binding must not outlive it.
    const std::string text = "value-" + std::to_string(i);
    insert->bind_int64(1, i);
    if (i % 2 == 0)
      insert->bind_text(2, text);
    else
      insert->bind_null(2);
    ASSERT_EQ(insert->step(), SQLITE_DONE) << i;
    insert->reset();
  }
  // reset() cleared the bindings: stepping again with nothing bound inserts NULLs.
  ASSERT_EQ(insert->step(), SQLITE_DONE);
  insert->reset();
  ASSERT_TRUE(db->exec("COMMIT"));
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM kv"), "5001");
  EXPECT_EQ(scalar(*db, "SELECT count(v) FROM kv"), "2500");
  EXPECT_EQ(scalar(*db, "SELECT v FROM kv WHERE k = 4998"), "value-4998");
  EXPECT_EQ(scalar(*db, "SELECT v FROM kv WHERE k = 4999"), "NULL");
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM kv WHERE k IS NULL AND v IS NULL"), "1");
}

TEST(Database, TheCheckpointRestartsTheLogOnlyPastTheBound) {
  const std::string path = fresh("checkpoint.db");
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('x')"));
  const auto passive = checkpoint_wal(*db, 1000);
  ASSERT_TRUE(passive) << passive.error().message;
  EXPECT_GT(passive->log_frames, 0);
  EXPECT_EQ(passive->copied, passive->log_frames);  // nobody else reading: all of it copied
  EXPECT_FALSE(passive->restarted);
  EXPECT_FALSE(passive->busy);
  const auto restart = checkpoint_wal(*db, passive->log_frames);
  ASSERT_TRUE(restart) << restart.error().message;
  EXPECT_TRUE(restart->restarted);
  // After a restart the next commit writes the log from its head again.
  ASSERT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('y')"));
  const auto after = checkpoint_wal(*db, 1000);
  ASSERT_TRUE(after);
  EXPECT_LT(after->log_frames, passive->log_frames);
}

TEST(Database, ATransactionIsRolledBackUnlessCommitted) {
  const std::string path = fresh("transaction.db");
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  {
    auto tx = Transaction::begin(*db);
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('dropped')"));
  }
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM notes"), "1");
  EXPECT_NE(sqlite3_get_autocommit(db->get()), 0);
  {
    auto tx = Transaction::begin(*db);
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('kept')"));
    ASSERT_TRUE(tx->commit());
    EXPECT_FALSE(tx->commit());  // once only
  }
  EXPECT_EQ(scalar(*db, "SELECT count(*) FROM notes"), "2");
  // The write lock is taken at the start: a second writer fails at its BEGIN.
  auto other = open_connection(path, {.busy_timeout = std::chrono::milliseconds{1}});
  ASSERT_TRUE(other) << other.error().message;
  auto first = Transaction::begin(*db);
  ASSERT_TRUE(first);
  auto second = Transaction::begin(*other);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code & 0xff, SQLITE_BUSY) << second.error().message;
}

TEST(Database, ACopyIsASnapshotAndAReadOnlyConnectionWritesNothing) {
  const std::string path = fresh("copy-from.db");
  const std::string to = fresh("copy-to.db");
  auto db = open_database(path, {.migrations = kSteps});
  ASSERT_TRUE(db) << db.error().message;
  auto out = open_connection(to);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_TRUE(copy_database(*db, *out));
  EXPECT_EQ(scalar(*out, "SELECT text FROM notes"), "created by step 2");
  EXPECT_EQ(user_version(*out), 3);
  out->close();

  const std::string before = bytes(to);
  auto reader = open_connection(to, {.read_only = true});
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(scalar(*reader, "SELECT count(*) FROM notes"), "1");
  EXPECT_FALSE(reader->exec("INSERT INTO notes (text) VALUES ('no')"));
  reader->close();
  EXPECT_EQ(bytes(to), before);
  EXPECT_FALSE(open_connection(fresh("absent.db"), {.read_only = true}));
}

}  // namespace
}  // namespace samtel::fw::store
