// The copy open_database() takes of a file with records before migrating it (samtel/store/
// database.hpp): kept beside the file after an upgrade, put back when a step fails, with the
// file's rows as they were; never over an earlier copy; none for a new file.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/store/database.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;

// A directory of its own for each test, empty.
std::string fresh_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("samtel-migration-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// Every row of a query, one line each, columns separated by '|'.
std::string rows(const Connection& db, const std::string& sql) {
  auto s = db.prepare(sql);
  if (!s) return "prepare failed: " + s.error().message;
  std::string out;
  while (s->step() == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s->get()); ++c) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s->get(), c));
      out += (c > 0 ? "|" : "") + std::string(t != nullptr ? t : "NULL");
    }
    out += "\n";
  }
  return out;
}

// What a file holds, read through a connection of its own: its version, its tables, its notes.
std::string content(const std::string& path) {
  auto db = open_connection(path, {.read_only = true});
  if (!db) return "cannot open: " + db.error().message;
  return "version " + rows(*db, "PRAGMA user_version") +
         rows(*db, "SELECT name FROM sqlite_schema ORDER BY name") +
         rows(*db, "SELECT * FROM notes ORDER BY id");
}

const Migration kVersion1[] = {
    {"the notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
};
const Migration kVersion3[] = {
    kVersion1[0],
    {"notes in capitals and a tags table",
     "UPDATE notes SET text = upper(text); CREATE TABLE tags (name TEXT);"},
    {"an index on the text", "CREATE INDEX notes_text ON notes(text);"},
};
const Migration kVersion3Failing[] = {
    kVersion1[0],
    kVersion3[1],
    {"a step that fails", "DELETE FROM notes; INSERT INTO no_such_table VALUES (1);"},
};

// A file at schema version 1 with three notes.
std::string file_at_version_1(const std::string& dir) {
  const std::string path = dir + "/notes.db";
  auto db = open_database(path, {.migrations = kVersion1});
  EXPECT_TRUE(db) << db.error().message;
  EXPECT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('first'), ('second')"));
  EXPECT_TRUE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  EXPECT_TRUE(db->exec("INSERT INTO notes (text) VALUES ('third, in the log')"));
  return path;
}

constexpr const char* kOriginal =
    "version 1\n"
    "notes\n"
    "1|first\n2|second\n3|third, in the log\n";

TEST(MigrationCopy, AnUpgradeKeepsACopyOfTheFileAsItWas) {
  const std::string path = file_at_version_1(fresh_dir("upgrade"));
  ASSERT_EQ(content(path), kOriginal);
  {
    auto db = open_database(path, {.migrations = kVersion3});
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(user_version(*db), 3);
  }
  EXPECT_EQ(content(path),
            "version 3\nnotes\nnotes_text\ntags\n1|FIRST\n2|SECOND\n3|THIRD, IN THE LOG\n");
  EXPECT_EQ(content(path + ".pre-v3"), kOriginal);
  // Opening the upgraded file again takes no copy.
  {
    auto db = open_database(path, {.migrations = kVersion3});
    ASSERT_TRUE(db) << db.error().message;
  }
  EXPECT_FALSE(fs::exists(path + ".pre-v3-2"));
}

TEST(MigrationCopy, AFailedStepPutsTheFileBackRowForRowAndNamesBothFiles) {
  const std::string path = file_at_version_1(fresh_dir("failed"));
  auto db = open_database(path, {.migrations = kVersion3Failing});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().migration_failed);
  EXPECT_FALSE(db.error().newer_schema);
  EXPECT_EQ(db.error().message,
            "cannot migrate " + path +
                " to schema version 3 (a step that fails): no such table: no_such_table; " + path +
                " is as it was before (put back from " + path +
                ".pre-v3, its copy taken before the migration, which is kept): this package "
                "cannot use it: keep both files, install the previous package again and report "
                "this message");
  // Step 2 had been committed; the file holds again exactly what it held, and so does the copy.
  EXPECT_EQ(content(path), kOriginal);
  EXPECT_EQ(content(path + ".pre-v3"), kOriginal);
  // Put back into the file itself, not left in its write-ahead log.
  EXPECT_TRUE(!fs::exists(path + "-wal") || fs::file_size(path + "-wal") == 0u);
  // The previous schema still opens it, and nothing was lost.
  auto previous = open_database(path, {.migrations = kVersion1});
  ASSERT_TRUE(previous) << previous.error().message;
  EXPECT_EQ(rows(*previous, "SELECT count(*) FROM notes"), "3\n");
}

TEST(MigrationCopy, ASecondUpgradeNeverWritesOverAnEarlierCopy) {
  const std::string dir = fresh_dir("second");
  const std::string path = file_at_version_1(dir);
  ASSERT_FALSE(open_database(path, {.migrations = kVersion3Failing}));
  ASSERT_FALSE(open_database(path, {.migrations = kVersion3Failing}));
  auto db = open_database(path, {.migrations = kVersion3});
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(content(path + ".pre-v3"), kOriginal);
  EXPECT_EQ(content(path + ".pre-v3-2"), kOriginal);
  EXPECT_EQ(content(path + ".pre-v3-3"), kOriginal);
  EXPECT_FALSE(fs::exists(path + ".pre-v3-4"));
}

TEST(MigrationCopy, ANewFileOrACurrentOneGetsNoCopy) {
  const std::string dir = fresh_dir("none");
  {
    auto db = open_database(dir + "/new.db", {.migrations = kVersion3});
    ASSERT_TRUE(db) << db.error().message;
  }
  {
    auto db = open_database(dir + "/new.db", {.migrations = kVersion3});
    ASSERT_TRUE(db) << db.error().message;
  }
  std::string names;
  for (const auto& e : fs::directory_iterator(dir)) names += e.path().filename().string() + " ";
  EXPECT_EQ(names.find(".pre-v"), std::string::npos) << names;
}

TEST(MigrationCopy, ANewerFileIsRefusedWithWhatToInstallAndNoCopy) {
  const std::string dir = fresh_dir("newer");
  const std::string path = dir + "/notes.db";
  {
    auto db = open_database(path, {.migrations = kVersion3});
    ASSERT_TRUE(db) << db.error().message;
  }
  auto db = open_database(path, {.migrations = kVersion1});
  ASSERT_FALSE(db);
  EXPECT_TRUE(db.error().newer_schema);
  EXPECT_EQ(db.error().message,
            "schema version 3 is newer than this samteld's 1: the file was written by a newer "
            "samtel package; install that package (or a later one) again, this one never writes "
            "to the file");
  EXPECT_FALSE(fs::exists(path + ".pre-v1"));
}

}  // namespace
}  // namespace samtel::fw::store
