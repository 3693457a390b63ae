#pragma once
// Test support for the tests of SQLite files (the call log, the store): a fresh path for a
// database, and what a query reads from one on a connection of SQLite's own, read-only, so a test
// sees what is on the disk rather than what the code under test believes it wrote.
//
//   const std::string path = test::fresh_db("calllog", "burst.db");  // no file there yet
//   EXPECT_EQ(test::query(path, "SELECT count(*) FROM calls"), "40\n");
#include <filesystem>
#include <string>

#include <sqlite3.h>
#include <unistd.h>

namespace samtel::test {

// `name` in this process's own directory for `group` under the temporary directory
// ("samtel-calllog-4242"), with no database, WAL or shared-memory file left there from before.
inline std::string fresh_db(const std::string& group, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("samtel-" + group + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

// The rows of `sql`, columns joined by '|', NULL as "NULL", a line each; "" when it fails.
inline std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  std::string out;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* o, int n, char** v, char**) {
        auto& s = *static_cast<std::string*>(o);
        for (int i = 0; i < n; ++i)
          s += std::string(v[i] != nullptr ? v[i] : "NULL") + (i + 1 < n ? "|" : "\n");
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

}  // namespace samtel::test
