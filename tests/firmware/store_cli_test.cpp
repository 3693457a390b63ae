// `samtel store ...` and `samtel user ...`, run as separate processes: outputs, messages and exit
// status (0 ok, 1 usage, 2 invalid input, 3 store error). Stores the tests read are made through
// the store's own API at fixed instants, so the outputs can be compared whole.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include "common/run_command.hpp"
#include "samtel/config.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;
using test::CommandRun;
using test::temp_path;

CommandRun samtel(const std::vector<std::string>& args, const std::string& input = {}) {
  return test::run_command(SAMTEL_CLI, args, input);
}

std::string example(const std::string& name) {
  return std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/" + name;
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string canonical(const std::string& path) {
  return nlohmann::ordered_json::parse(bytes(path)).dump(2) + "\n";
}

std::string me() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : "uid " + std::to_string(geteuid());
}

const std::string kPassword = "correct horse battery";

// A store made through the API at a fixed time: St. Olavs with two versions, HNT with one.
std::string made_store() {
  const std::string path = temp_path("made.db");
  ManualClock clock{parse_utc("2026-12-02T12:00:00Z").value()};
  auto store = ScheduleStore::open(path, clock, {.password_cost = PasswordCost::minimum}).value();
  const VersionId v1 =
      store.initialise(bytes(example("st-olavs.json")), {"root", "cli"}, "first").value();
  clock.advance(std::chrono::minutes{5});
  auto doc = nlohmann::ordered_json::parse(bytes(example("st-olavs.json")));
  doc["lines"][0]["name"] = "Samhandlingstelefonen AMM";
  EXPECT_TRUE(store.publish({.site = "st-olavs",
                             .base = v1,
                             .content = doc.dump(),
                             .actor = {"anna", "10.0.0.7"},
                             .comment = "a clearer name"}));
  clock.advance(std::chrono::minutes{5});
  EXPECT_TRUE(store.initialise(bytes(example("helse-nord-trondelag.json")), {"root", "cli"},
                               "second site"));
  return path;
}

TEST(StoreCli, InitThenExportGivesBackEveryExampleAsItsCanonicalText) {
  for (const char* name :
       {"st-olavs.json", "st-olavs-proposed.json", "helse-nord-trondelag.json"}) {
    SCOPED_TRACE(name);
    const std::string store = temp_path("init.db");
    CommandRun r = samtel({"store", "init", "--store", store, "--config", example(name)});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string id = parse_site(bytes(example(name))).value().id;
    EXPECT_EQ(r.out, id + ": version 1 published (from " + example(name) + ")\n");
    EXPECT_EQ(r.err, "");

    r = samtel({"store", "export", "--store", store});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, canonical(example(name)));
    ASSERT_TRUE(parse_site(r.out)) << r.out;

    const std::string out = temp_path("exported.json");
    r = samtel({"store", "export", "--store", store, "--site", id, "--version", "1", "-o", out});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "version 1 of site " + id + " written to " + out + "\n");
    EXPECT_EQ(bytes(out), canonical(example(name)));
  }
}

TEST(StoreCli, InitTakesSeveralSitesAllOrNothing) {
  const std::string store = temp_path("two.db");
  CommandRun r = samtel({"store", "init", "--store", store, "--config", example("st-olavs.json"),
                         "--config", example("helse-nord-trondelag.json"), "--comment", "day one"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "st-olavs: version 1 published (from " + example("st-olavs.json") +
                       ")\nhnt: version 2 published (from " + example("helse-nord-trondelag.json") +
                       ")\n");
  // Several sites: export must be told which.
  r = samtel({"store", "export", "--store", store});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "samtel: " + store + " holds several sites (hnt, st-olavs); name one with --site\n");
  // A site already there: nothing of the command is done.
  r = samtel({"store", "init", "--store", store, "--config", example("st-olavs-proposed.json")});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: site 'st-olavs' (" + example("st-olavs-proposed.json") + ") is in " +
                       store + " already; nothing was added\n");
  // An invalid file: refused before a store is made.
  const std::string broken = temp_path("broken.json");
  std::ofstream(broken) << "{\n";
  const std::string fresh = temp_path("never.db");
  r = samtel({"store", "init", "--store", fresh, "--config", broken});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(broken + ": "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fresh));
}

TEST(StoreCli, VersionsAreListedPerSiteWithThePublishedOneMarked) {
  const std::string store = made_store();
  const CommandRun r = samtel({"store", "versions", "--store", store});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "Site hnt (* published)\n"
            "version  parent  created (UTC)         author  comment\n"
            "----------------------------------------------------------\n"
            "3 *      -       2026-12-02T12:10:00Z  root    second site\n"
            "Site st-olavs (* published)\n"
            "version  parent  created (UTC)         author  comment\n"
            "-------------------------------------------------------------\n"
            "2 *      1       2026-12-02T12:05:00Z  anna    a clearer name\n"
            "1        -       2026-12-02T12:00:00Z  root    first\n");
  const CommandRun one = samtel({"store", "versions", "--store", store, "--site", "hnt"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("Site hnt (* published)\n", 0), 0u);
  EXPECT_EQ(one.out.find("st-olavs"), std::string::npos);
  const CommandRun none = samtel({"store", "versions", "--store", store, "--site", "nowhere"});
  EXPECT_EQ(none.code, 3);
  EXPECT_EQ(none.err, "samtel: no site 'nowhere' in " + store + "\n");
}

TEST(StoreCli, ExportOfAnEarlierVersionAndItsSite) {
  const std::string store = made_store();
  CommandRun r = samtel({"store", "export", "--store", store, "--site", "st-olavs"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse_site(r.out).value().lines[0].name, "Samhandlingstelefonen AMM");
  r = samtel({"store", "export", "--store", store, "--version", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, canonical(example("st-olavs.json")));
  r = samtel({"store", "export", "--store", store, "--site", "hnt", "--version", "1"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: version 1 is a version of site 'st-olavs', not of 'hnt'\n");
  r = samtel({"store", "export", "--store", store, "--version", "9"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: no version 9 in " + store + "\n");
}

TEST(StoreCli, RollbackPublishesAnEarlierVersionAgain) {
  const std::string store = made_store();
  CommandRun r = samtel({"store", "rollback", "--store", store, "--site", "st-olavs", "--version",
                         "1", "--comment", "back to the old name"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "st-olavs: version 4 published, with the content of version 1\n");
  ManualClock clock{parse_utc("2026-12-03T00:00:00Z").value()};
  auto s = ScheduleStore::open(store, clock).value();
  const AuditEntry e = s.audit().back();
  EXPECT_EQ(e.action, AuditAction::version_restored);
  EXPECT_EQ(e.actor.user, me());
  EXPECT_EQ(e.actor.source, "cli");
  EXPECT_EQ(e.comment, "back to the old name");
  r = samtel({"store", "rollback", "--store", store, "--site", "st-olavs", "--version", "4"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "samtel: nothing to publish: the content is that of version 4, the one published\n");
}

TEST(StoreCli, VerifySaysOkOrNamesTheFirstBadEntry) {
  const std::string store = made_store();
  CommandRun r = samtel({"store", "verify", "--store", store});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "OK: 3 audit entries and 3 versions verified\n");

  sqlite3* db = nullptr;
  sqlite3_open(store.c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER audit_is_append_only; "
                         "UPDATE audit SET comment = 'nothing to see' WHERE seq = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  r = samtel({"store", "verify", "--store", store});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out,
            "seq 2: its hash does not match its fields (the entry was edited)\n"
            "DAMAGED: 1 problem(s); the first bad audit entry is seq 2\n");
}

TEST(StoreCli, BackupAndRestore) {
  const std::string store = made_store();
  const std::string backup = temp_path("backup.db");
  CommandRun r = samtel({"store", "backup", "--store", store, backup});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, store + " backed up to " + backup + "\n");
  r = samtel({"store", "backup", "--store", store, backup});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: " + backup + " exists; a backup never overwrites a file\n");

  r = samtel({"store", "rollback", "--store", store, "--site", "st-olavs", "--version", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = samtel({"store", "restore", "--store", store, backup});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            store + " restored from " + backup + " (2 site(s), 4 audit entries with this one)\n");
  ManualClock clock{parse_utc("2026-12-03T00:00:00Z").value()};
  auto s = ScheduleStore::open(store, clock).value();
  EXPECT_EQ(s.published("st-olavs").value().id, 2);
  EXPECT_EQ(s.audit().back().action, AuditAction::backup_restored);
  EXPECT_TRUE(s.verify().ok());
}

TEST(StoreCli, UsageAndMissingStores) {
  CommandRun r = samtel({"store"});
  EXPECT_EQ(r.code, 1);
  r = samtel({"store", "export"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--store"), std::string::npos) << r.err;
  const std::string missing = temp_path("missing.db");
  r = samtel({"store", "versions", "--store", missing});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "samtel: no schedule store at " + missing + " ('samtel store init' makes one)\n");
  EXPECT_FALSE(fs::exists(missing));
  r = samtel({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("store"), std::string::npos);
  EXPECT_NE(r.out.find("user"), std::string::npos);
}

TEST(UserCli, AddListPasswdRoleRemove) {
  const std::string store = made_store();
  CommandRun r =
      samtel({"user", "add", "--store", store, "--name", "anna", "--role", "administrator"},
             kPassword + "\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "user anna added (administrator)\n");
  r = samtel({"user", "add", "--store", store, "--name", "per", "--role", "viewer"}, kPassword);
  ASSERT_EQ(r.code, 0) << r.err;  // no line end is fine too
  r = samtel({"user", "list", "--store", store});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "name  role           state   failed passwords\n"
            "---------------------------------------------\n"
            "anna  administrator  active  0\n"
            "per   viewer         active  0\n");

  ManualClock clock{parse_utc("2026-12-03T00:00:00Z").value()};
  {
    auto s = ScheduleStore::open(store, clock).value();
    EXPECT_TRUE(s.authenticate("anna", kPassword, {"anna", "10.0.0.7"}));
    const AuditEntry added = s.audit(3, 1).at(0);
    EXPECT_EQ(added.action, AuditAction::user_added);
    EXPECT_EQ(added.actor.user, me());
    EXPECT_EQ(added.actor.source, "cli");
  }

  const std::string other = "another long password";
  r = samtel({"user", "passwd", "--store", store, "--name", "anna"}, other + "\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "password of anna changed; their sessions are ended\n");
  r = samtel({"user", "role", "--store", store, "--name", "per", "--role", "scheduler"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "user per is scheduler\n");
  r = samtel({"user", "remove", "--store", store, "--name", "anna"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "samtel: 'anna' is the last administrator; make another user an administrator first\n");
  r = samtel({"user", "remove", "--store", store, "--name", "per"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "user per removed\n");
  r = samtel({"user", "list", "--store", store});
  EXPECT_NE(r.out.find("per   scheduler      removed  0"), std::string::npos) << r.out;

  auto s = ScheduleStore::open(store, clock).value();
  EXPECT_FALSE(s.authenticate("anna", kPassword, {"anna", "10.0.0.7"}));
  EXPECT_TRUE(s.authenticate("anna", other, {"anna", "10.0.0.7"}));
}

TEST(UserCli, BadInputExitsWithTwoAndAStoreRefusalWithThree) {
  const std::string store = made_store();
  CommandRun r =
      samtel({"user", "add", "--store", store, "--name", "per", "--role", "viewer"}, "short\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "samtel: the password is too short: 5 characters, at least 12\n");
  r = samtel({"user", "add", "--store", store, "--name", "per", "--role", "boss"}, kPassword);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "samtel: --role must be viewer, scheduler or administrator, not 'boss'\n");
  r = samtel({"user", "add", "--store", store, "--name", "per", "--role", "viewer"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "samtel: no password on standard input (one line expected)\n");
  r = samtel({"user", "add", "--store", store, "--name", "per", "--role", "viewer"}, kPassword);
  ASSERT_EQ(r.code, 0) << r.err;
  r = samtel({"user", "add", "--store", store, "--name", "per", "--role", "viewer"}, kPassword);
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: user 'per' exists\n");
  r = samtel({"user", "passwd", "--store", store, "--name", "nobody"}, kPassword);
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "samtel: no user 'nobody'\n");
  r = samtel({"user", "add", "--store", store, "--role", "viewer"}, kPassword);
  EXPECT_EQ(r.code, 1);
  // The password never reaches the file as text.
  EXPECT_EQ((bytes(store) + bytes(store + "-wal")).find(kPassword), std::string::npos);
}

}  // namespace
}  // namespace samtel::fw::store
