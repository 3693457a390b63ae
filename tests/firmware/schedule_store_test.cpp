// The schedule store (samtel/store/schedule_store.hpp): versions and what publishes them, the
// audit trail and its hash chain, accounts, the lock policy, sessions, backups. Real SQLite files
// in a temporary directory; a ManualClock; synthetic data only.
#include "samtel/store/schedule_store.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/config.hpp"
#include "samtel/routing.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Kind = StoreError::Kind;
using nlohmann::json;

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("samtel-schedule-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// A path with no database, log or copy left from before.
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

std::string example(const std::string& name) {
  return bytes(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/" + name);
}

Instant utc(const char* text) { return parse_utc(text).value(); }

// Runs SQL on a connection of SQLite's own, outside the store; "" or SQLite's message.
std::string raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* msg = nullptr;
  std::string out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    out = msg != nullptr ? msg : "error";
  }
  sqlite3_free(msg);
  sqlite3_close(db);
  return out;
}

const Actor kCli{"root", "cli"};
const Actor kAnna{"anna", "10.0.0.7"};
const std::string kPassword = "correct horse battery";

class ScheduleStoreTest : public ::testing::Test {
 protected:
  ManualClock clock{utc("2026-12-02T12:00:00Z")};
  std::string path = fresh("schedule.db");

  ScheduleStore open(const std::string& p) {
    auto s = ScheduleStore::open(p, clock, {.password_cost = PasswordCost::minimum});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
  ScheduleStore open() { return open(path); }
};

// The St. Olavs example with the AMM line's name changed: a valid change.
std::string renamed(const std::string& name) {
  auto doc = nlohmann::ordered_json::parse(example("st-olavs.json"));
  doc["lines"][0]["name"] = name;
  return doc.dump(2);
}

// ---------------------------------------------------------------------------------------------
// Schema

TEST_F(ScheduleStoreTest, AnEmptyFileIsMigratedOnceAndReopeningWritesNothing) {
  {
    ScheduleStore store = open();
    EXPECT_TRUE(store.sites().empty());
    EXPECT_TRUE(store.users().empty());  // no default accounts
    EXPECT_TRUE(store.audit().empty());
  }
  EXPECT_EQ(raw_sql(path,
                    "SELECT versions.id, published.site, audit.seq, audit_head.seq, "
                    "users.name, sessions.token_hash, calendar_feeds.id, notices.id, "
                    "notice_deliveries.id, notice_attempts.id FROM versions, published, audit, "
                    "audit_head, users, sessions, calendar_feeds, notices, notice_deliveries, "
                    "notice_attempts"),
            "");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 4);
  sqlite3_finalize(s);
  sqlite3_close(db);

  const std::string before = bytes(path);
  { ScheduleStore again = open(); }
  EXPECT_EQ(bytes(path), before);
}

TEST_F(ScheduleStoreTest, ADamagedFileIsRefusedAsDamaged) {
  std::ofstream(path, std::ios::binary) << std::string(8192, 'x');
  auto store = ScheduleStore::open(path, clock);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, Kind::damaged) << store.error().message;
}

// ---------------------------------------------------------------------------------------------
// Versions

TEST_F(ScheduleStoreTest, EveryBundledExampleComesBackAsTheSameSchedule) {
  for (const char* name :
       {"st-olavs.json", "st-olavs-proposed.json", "helse-nord-trondelag.json"}) {
    SCOPED_TRACE(name);
    const std::string text = example(name);
    const std::string p = fresh(std::string("example-") + name + ".db");
    ScheduleStore store = open(p);
    auto id = store.initialise(text, kCli, "from the example", name);
    ASSERT_TRUE(id) << id.error().message;
    auto v = store.published(parse_site(text).value().id);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->id, *id);
    EXPECT_EQ(v->parent, std::nullopt);
    EXPECT_EQ(v->author, "root");
    EXPECT_EQ(v->comment, "from the example");
    EXPECT_EQ(v->created, clock.now());
    // Canonical text: the file's keys in their order, two-space indents, a final newline.
    EXPECT_EQ(v->content, nlohmann::ordered_json::parse(text).dump(2) + "\n");
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(v->content.data()), v->content.size(),
                       nullptr, 0);
    char hex[2 * sizeof digest + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    EXPECT_EQ(v->content_hash, hex);

    // The same decisions for every line and desk at instants across a year.
    const Site original = parse_site(text).value();
    const Site stored = parse_site(v->content).value();
    ASSERT_EQ(stored.lines.size(), original.lines.size());
    int compared = 0;
    for (const char* at : {"2026-06-09T10:00:00Z", "2026-12-24T14:30:00Z", "2026-12-25T09:00:00Z",
                           "2027-03-28T00:30:00Z", "2027-04-01T21:59:59Z"}) {
      for (std::size_t l = 0; l < original.lines.size(); ++l) {
        for (std::size_t d = 0; d < original.lines[l].desks.size(); ++d) {
          const RoutePlan a =
              route(original, original.lines[l], original.lines[l].desks[d], utc(at));
          const RoutePlan b = route(stored, stored.lines[l], stored.lines[l].desks[d], utc(at));
          EXPECT_EQ(b.reason(), a.reason()) << at;
          ++compared;
        }
      }
    }
    EXPECT_GE(compared, 5);
    const auto entries = store.audit();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, AuditAction::store_initialised);
    EXPECT_EQ(entries[0].version_to, *id);
    EXPECT_EQ(entries[0].detail, json({{"file", name}}));
  }
}

TEST_F(ScheduleStoreTest, InitialisingRefusesBadFilesAndSitesAlreadyThere) {
  ScheduleStore store = open();
  auto bad = store.initialise(R"({"site": {"id": "x"}})", kCli, "", "broken.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, Kind::invalid);
  EXPECT_EQ(bad.error().message.rfind("broken.json: ", 0), 0u) << bad.error().message;
  EXPECT_NE(bad.error().message.find('\n'), std::string::npos);  // several problems, one a line
  EXPECT_TRUE(store.sites().empty());
  EXPECT_TRUE(store.audit().empty());

  ASSERT_TRUE(store.initialise(example("st-olavs.json"), kCli, "first"));
  auto again = store.initialise(example("st-olavs-proposed.json"), kCli, "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, Kind::exists);
  EXPECT_EQ(again.error().message, "site 'st-olavs' is in " + path +
                                       " already (version 1 is published); publish a change "
                                       "instead");
  ASSERT_TRUE(store.initialise(example("helse-nord-trondelag.json"), kCli, "second site"));
  EXPECT_EQ(store.sites(), (std::vector<std::string>{"hnt", "st-olavs"}));
}

TEST_F(ScheduleStoreTest, PublishingFromThePublishedVersionMakesTheNextOne) {
  ScheduleStore store = open();
  const VersionId v1 = store.initialise(example("st-olavs.json"), kCli, "first").value();
  clock.advance(90s);
  auto v2 = store.publish({.site = "st-olavs",
                           .base = v1,
                           .content = renamed("Samhandlingstelefonen AMM"),
                           .actor = kAnna,
                           .comment = "a clearer name",
                           .action = AuditAction::version_published,
                           .detail = {{"/lines/0/name", {{"before", "x"}, {"after", "y"}}}},
                           .routing_effect = "no call is routed differently",
                           .confirmed_gaps = true});
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(*v2, 2);
  const Version now = store.published("st-olavs").value();
  EXPECT_EQ(now.id, 2);
  EXPECT_EQ(now.parent, v1);
  EXPECT_EQ(now.author, "anna");
  EXPECT_EQ(now.created, utc("2026-12-02T12:01:30Z"));
  EXPECT_EQ(parse_site(now.content).value().lines[0].name, "Samhandlingstelefonen AMM");
  // The first version is still there, as it was.
  EXPECT_EQ(store.version(v1).value().content,
            nlohmann::ordered_json::parse(example("st-olavs.json")).dump(2) + "\n");

  const auto entries = store.audit();
  ASSERT_EQ(entries.size(), 2u);
  const AuditEntry& e = entries[1];
  EXPECT_EQ(e.seq, 2);
  EXPECT_EQ(e.at, utc("2026-12-02T12:01:30Z"));
  EXPECT_EQ(e.actor.user, "anna");
  EXPECT_EQ(e.actor.source, "10.0.0.7");
  EXPECT_EQ(e.action, AuditAction::version_published);
  EXPECT_EQ(e.site, "st-olavs");
  EXPECT_EQ(e.version_from, 1);
  EXPECT_EQ(e.version_to, 2);
  EXPECT_EQ(e.comment, "a clearer name");
  EXPECT_EQ(e.detail, json({{"/lines/0/name", {{"before", "x"}, {"after", "y"}}}}));
  EXPECT_EQ(e.routing_effect, "no call is routed differently");
  EXPECT_TRUE(e.confirmed_gaps);
  EXPECT_EQ(e.prev_hash, entries[0].hash);
  EXPECT_EQ(e.hash.size(), 64u);
  EXPECT_EQ(entries[0].prev_hash, std::string(kGenesisHash));
}

TEST_F(ScheduleStoreTest, AStaleBaseIsAConflictNamingTheVersionPublishedNow) {
  ScheduleStore store = open();
  const VersionId v1 = store.initialise(example("st-olavs.json"), kCli, "first").value();
  ASSERT_TRUE(store.publish({.site = "st-olavs",
                             .base = v1,
                             .content = renamed("A"),
                             .actor = kAnna,
                             .comment = "by anna"}));
  auto late = store.publish(
      {.site = "st-olavs", .base = v1, .content = renamed("B"), .actor = {"per", "10.0.0.8"}});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, Kind::conflict);
  EXPECT_EQ(late.error().current, 2);
  EXPECT_EQ(late.error().message,
            "version 1 of site 'st-olavs' is no longer the one published: version 2 was "
            "published by 'anna' at 2026-12-02T12:00:00Z; make the change again from it");
  EXPECT_EQ(store.published("st-olavs").value().id, 2);
  EXPECT_EQ(store.audit().size(), 2u);
}

TEST_F(ScheduleStoreTest, InvalidContentLeavesTheStoreAsItWas) {
  ScheduleStore store = open();
  const VersionId v1 = store.initialise(example("st-olavs.json"), kCli, "first").value();
  ASSERT_TRUE(store.initialise(example("helse-nord-trondelag.json"), kCli, "second"));
  const auto versions_before = store.versions("st-olavs").size();
  const auto audit_before = store.audit().size();
  const Publication base{.site = "st-olavs", .base = v1, .actor = kAnna};

  struct Case {
    std::string content;
    Kind kind;
    std::string message_part;
  };
  auto wrong_person = nlohmann::ordered_json::parse(example("st-olavs.json"));
  wrong_person["rotas"][0]["patterns"][0]["rotation"][0] = "nobody";
  auto other_site = nlohmann::ordered_json::parse(example("st-olavs.json"));
  other_site["site"]["id"] = "elsewhere";
  auto clash = nlohmann::ordered_json::parse(example("st-olavs.json"));
  clash["lines"][0]["number"] = "74098800";  // a line of Helse Nord-Trøndelag
  const std::vector<Case> cases{
      {"{", Kind::invalid, "the new version of site 'st-olavs': "},
      {wrong_person.dump(), Kind::invalid, "/rotas/0/patterns/0/rotation/0"},
      {other_site.dump(), Kind::invalid, "/site/id: the file is site 'elsewhere'"},
      {clash.dump(), Kind::invalid,
       "/lines/0/number: line number '74098800' is also defined in published version 2 of site "
       "'hnt'"},
      {example("st-olavs.json"), Kind::invalid,
       "nothing to publish: the content is that of version 1, the one published"},
      {std::string(ScheduleStore::kMaxContentBytes + 1, ' '), Kind::invalid, "at most 4194304"},
  };
  for (const Case& c : cases) {
    Publication p = base;
    p.content = c.content;
    auto r = store.publish(p);
    ASSERT_FALSE(r) << c.message_part;
    EXPECT_EQ(r.error().kind, c.kind) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << r.error().message;
  }
  Publication restored = base;
  restored.content = renamed("x");
  restored.action = AuditAction::version_restored;
  EXPECT_EQ(store.publish(restored).error().kind, Kind::invalid);
  Publication unknown = base;
  unknown.site = "nowhere";
  unknown.content = renamed("x");
  EXPECT_EQ(store.publish(unknown).error().kind, Kind::invalid);  // the file is st-olavs

  EXPECT_EQ(store.versions("st-olavs").size(), versions_before);
  EXPECT_EQ(store.audit().size(), audit_before);
  EXPECT_EQ(store.published("st-olavs").value().id, v1);
  EXPECT_TRUE(store.verify().ok());
}

TEST_F(ScheduleStoreTest, RestorePublishesAnEarlierVersionAgainAsANewOne) {
  ScheduleStore store = open();
  const VersionId v1 = store.initialise(example("st-olavs.json"), kCli, "first").value();
  const VersionId v2 =
      store.publish({.site = "st-olavs", .base = v1, .content = renamed("A"), .actor = kAnna})
          .value();
  auto v3 = store.restore("st-olavs", v1, v2, kAnna, "");
  ASSERT_TRUE(v3) << v3.error().message;
  const Version now = store.published("st-olavs").value();
  EXPECT_EQ(now.id, 3);
  EXPECT_EQ(now.parent, v2);
  EXPECT_EQ(now.content, store.version(v1).value().content);
  EXPECT_EQ(now.content_hash, store.version(v1).value().content_hash);
  EXPECT_EQ(now.comment, "version 1 again");
  const AuditEntry e = store.audit().back();
  EXPECT_EQ(e.action, AuditAction::version_restored);
  EXPECT_EQ(e.version_from, 2);
  EXPECT_EQ(e.version_to, 3);
  EXPECT_EQ(e.detail, json({{"restored", 1}}));

  auto stale = store.restore("st-olavs", v2, v2, kAnna, "undo the undo");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, Kind::conflict);
  EXPECT_EQ(stale.error().current, 3);
  EXPECT_EQ(store.restore("st-olavs", 99, 3, kAnna, "").error().kind, Kind::not_found);
  ASSERT_TRUE(store.initialise(example("helse-nord-trondelag.json"), kCli, "second"));
  auto other = store.restore("hnt", v1, 4, kAnna, "");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, Kind::not_found);
  EXPECT_EQ(other.error().message, "version 1 is a version of site 'st-olavs', not of 'hnt'");
}

TEST_F(ScheduleStoreTest, VersionsAreListedNewestFirstInPages) {
  ScheduleStore store = open();
  VersionId base = store.initialise(example("st-olavs.json"), kCli, "first").value();
  for (int i = 0; i < 4; ++i) {
    clock.advance(60s);
    base = store
               .publish({.site = "st-olavs",
                         .base = base,
                         .content = renamed("name " + std::to_string(i)),
                         .actor = kAnna,
                         .comment = "change " + std::to_string(i)})
               .value();
  }
  const auto ids = [](const std::vector<VersionInfo>& list) {
    std::vector<VersionId> out;
    for (const VersionInfo& v : list) out.push_back(v.id);
    return out;
  };
  EXPECT_EQ(ids(store.versions("st-olavs")), (std::vector<VersionId>{5, 4, 3, 2, 1}));
  EXPECT_EQ(ids(store.versions("st-olavs", 2)), (std::vector<VersionId>{5, 4}));
  EXPECT_EQ(ids(store.versions("st-olavs", 2, 4)), (std::vector<VersionId>{3, 2}));
  EXPECT_TRUE(store.versions("nowhere").empty());
  const VersionInfo v = store.versions("st-olavs", 1)[0];
  EXPECT_EQ(v.comment, "change 3");
  EXPECT_EQ(v.parent, 4);
  EXPECT_EQ(v.created, utc("2026-12-02T12:04:00Z"));
  EXPECT_EQ(store.published("nowhere").error().kind, Kind::not_found);
  EXPECT_EQ(store.version(42).error().kind, Kind::not_found);
}

TEST_F(ScheduleStoreTest, TriggersRefuseChangingOrDeletingVersionsAndTheTrail) {
  {
    ScheduleStore store = open();
    ASSERT_TRUE(store.initialise(example("st-olavs.json"), kCli, "first"));
  }
  EXPECT_EQ(raw_sql(path, "UPDATE versions SET comment = 'rewritten' WHERE id = 1"),
            "versions are immutable: publish a new version instead");
  EXPECT_EQ(raw_sql(path, "DELETE FROM versions"), "versions are never deleted");
  EXPECT_EQ(raw_sql(path, "UPDATE audit SET comment = 'rewritten'"),
            "the audit trail is append-only");
  EXPECT_EQ(raw_sql(path, "DELETE FROM audit WHERE seq = 1"), "the audit trail is append-only");
  ScheduleStore store = open();
  EXPECT_EQ(store.published("st-olavs").value().comment, "first");
  EXPECT_TRUE(store.verify().ok());
}

TEST_F(ScheduleStoreTest, ServicesAppendTheirOwnEntriesButNotTheStores) {
  ScheduleStore store = open();
  auto seq = store.append_audit(kAnna, AuditAction::call_log_read,
                                {{"from", "2026-12-01"}, {"to", "2026-12-02"}}, "weekly review");
  ASSERT_TRUE(seq) << seq.error().message;
  EXPECT_EQ(*seq, 1);
  auto refused = store.append_audit(kAnna, AuditAction::version_published, json::object());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Kind::invalid);
  EXPECT_EQ(store.append_audit(kAnna, AuditAction::user_added, json::object()).error().kind,
            Kind::invalid);
  const auto entries = store.audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].comment, "weekly review");
  EXPECT_EQ(entries[0].site, "");
  EXPECT_EQ(entries[0].version_to, std::nullopt);
  EXPECT_EQ(store.audit(1).size(), 0u);
}

TEST(AuditAction, NamesAreTheEnumeratorsAndRoundTrip) {
  for (int i = 0; i <= static_cast<int>(AuditAction::call_log_purged); ++i) {
    const auto a = static_cast<AuditAction>(i);
    EXPECT_EQ(audit_action_from_string(to_string(a)), a) << to_string(a);
  }
  EXPECT_EQ(to_string(AuditAction::version_restored), "version_restored");
  EXPECT_EQ(to_string(AuditAction::tz_rules_changed), "tz_rules_changed");
  EXPECT_EQ(audit_action_from_string("Version_Published"), std::nullopt);
  EXPECT_EQ(audit_action_from_string(""), std::nullopt);
}

TEST_F(ScheduleStoreTest, DataVersionChangesWhenAnotherConnectionCommits) {
  ScheduleStore writer = open();
  ScheduleStore reader = open();
  const auto before = reader.data_version();
  ASSERT_TRUE(writer.initialise(example("st-olavs.json"), kCli, "first"));
  EXPECT_NE(reader.data_version(), before);
  EXPECT_EQ(reader.published("st-olavs").value().id, 1);
}

// ---------------------------------------------------------------------------------------------
// The hash chain

class AuditChainTest : public ScheduleStoreTest {
 protected:
  // A store with five entries, closed; returns a copy of it with the triggers dropped.
  std::string tamperable_copy(const std::string& name) {
    {
      ScheduleStore store = open();
      VersionId base = store.initialise(example("st-olavs.json"), kCli, "first").value();
      for (int i = 0; i < 4; ++i) {
        base = store
                   .publish({.site = "st-olavs",
                             .base = base,
                             .content = renamed("name " + std::to_string(i)),
                             .actor = kAnna,
                             .detail = {{"step", i}}})
                   .value();
      }
      EXPECT_TRUE(store.verify().ok());
    }
    const std::string copy = fresh(name);
    fs::copy_file(path, copy);
    EXPECT_EQ(raw_sql(copy,
                      "DROP TRIGGER audit_is_append_only; DROP TRIGGER audit_is_kept; "
                      "DROP TRIGGER versions_are_immutable"),
              "");
    return copy;
  }
};

TEST_F(AuditChainTest, ACleanTrailVerifies) {
  const std::string copy = tamperable_copy("clean.db");
  const VerifyReport r = open(copy).verify();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(r.versions, 5);
  EXPECT_EQ(r.first_bad_seq, std::nullopt);
}

TEST_F(AuditChainTest, AnEditedEntryIsNamed) {
  const std::string copy = tamperable_copy("edited.db");
  ASSERT_EQ(raw_sql(copy, R"(UPDATE audit SET detail = '{"step":7}' WHERE seq = 3)"), "");
  const VerifyReport r = open(copy).verify();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_EQ(r.problems,
            (std::vector<std::string>{"seq 3: its hash does not match its fields (the entry "
                                      "was edited)"}));
}

TEST_F(AuditChainTest, ARemovedEntryIsNamed) {
  const std::string copy = tamperable_copy("removed.db");
  ASSERT_EQ(raw_sql(copy, "DELETE FROM audit WHERE seq = 2"), "");
  const VerifyReport r = open(copy).verify();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.entries, 4);
  EXPECT_EQ(r.first_bad_seq, 2);
  EXPECT_EQ(r.problems, (std::vector<std::string>{"seq 3 follows seq 1: seq 2 is missing"}));
}

TEST_F(AuditChainTest, AnEntryRemovedFromTheEndIsNamed) {
  const std::string copy = tamperable_copy("truncated.db");
  ASSERT_EQ(raw_sql(copy, "DELETE FROM audit WHERE seq = 5"), "");
  const VerifyReport r = open(copy).verify();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.first_bad_seq, 5);
  EXPECT_EQ(r.problems, (std::vector<std::string>{
                            "the trail ends at seq 4, but the last entry written was seq 5 "
                            "(entries at the end were removed)"}));
}

TEST_F(AuditChainTest, ReorderedEntriesAreNamed) {
  const std::string copy = tamperable_copy("reordered.db");
  ASSERT_EQ(raw_sql(copy,
                    "UPDATE audit SET seq = 100 WHERE seq = 2; "
                    "UPDATE audit SET seq = 2 WHERE seq = 3; "
                    "UPDATE audit SET seq = 3 WHERE seq = 100;"),
            "");
  const VerifyReport r = open(copy).verify();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.first_bad_seq, 2);
  ASSERT_GE(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0],
            "seq 2: its prev_hash is not the hash of seq 1 (an entry was removed or reordered)");
}

TEST_F(AuditChainTest, AnEditedVersionIsNamed) {
  const std::string copy = tamperable_copy("version.db");
  ASSERT_EQ(raw_sql(copy, "UPDATE versions SET content = content || ' ' WHERE id = 2"), "");
  const VerifyReport r = open(copy).verify();
  EXPECT_EQ(r.problems, (std::vector<std::string>{"version 2: its content does not match its "
                                                  "hash (the content was edited)"}));
  EXPECT_EQ(r.first_bad_seq, std::nullopt);
}

TEST(AuditHash, CoversEveryFieldAndItsBoundaries) {
  AuditEntry e;
  e.seq = 1;
  e.at = utc("2026-12-02T12:00:00Z");
  e.actor = {"anna", "10.0.0.7"};
  e.site = "st-olavs";
  e.version_to = 2;
  e.prev_hash = std::string(kGenesisHash);
  const std::string base = audit_hash(e, "{}");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(audit_hash(e, "{}"), base);
  AuditEntry moved = e;
  moved.actor = {"ann", "a10.0.0.7"};  // the same bytes, another boundary
  EXPECT_NE(audit_hash(moved, "{}"), base);
  AuditEntry gaps = e;
  gaps.confirmed_gaps = true;
  EXPECT_NE(audit_hash(gaps, "{}"), base);
  AuditEntry from = e;
  from.version_from = 1;
  EXPECT_NE(audit_hash(from, "{}"), base);
  EXPECT_NE(audit_hash(e, R"({"a":1})"), base);
  EXPECT_EQ(audit_detail_text({{"b", 1}, {"a", "x"}}), R"({"a":"x","b":1})");
}

// ---------------------------------------------------------------------------------------------
// Accounts

TEST_F(ScheduleStoreTest, UsersAreAddedOnceWithAPasswordLongEnough) {
  ScheduleStore store = open();
  auto id = store.add_user("anna", Role::administrator, kPassword, kCli);
  ASSERT_TRUE(id) << id.error().message;
  const User u = store.user("anna").value();
  EXPECT_EQ(u.id, *id);
  EXPECT_EQ(u.role, Role::administrator);
  EXPECT_EQ(u.failures, 0);
  EXPECT_EQ(u.locked_until, std::nullopt);
  EXPECT_TRUE(u.active);

  auto twice = store.add_user("anna", Role::viewer, kPassword, kCli);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, Kind::exists);
  EXPECT_EQ(twice.error().message, "user 'anna' exists");

  auto short_one = store.add_user("per", Role::viewer, "elevenchars", kCli);
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().kind, Kind::invalid);
  EXPECT_EQ(short_one.error().message, "the password is too short: 11 characters, at least 12");
  // Characters, not bytes: eleven ø are 22 bytes and still too short; twelve are enough.
  EXPECT_EQ(store.add_user("per", Role::viewer, "øøøøøøøøøøø", kCli).error().kind, Kind::invalid);
  EXPECT_TRUE(store.add_user("per", Role::viewer, "øøøøøøøøøøøø", kCli));
  EXPECT_EQ(store.add_user("", Role::viewer, kPassword, kCli).error().kind, Kind::invalid);
  EXPECT_EQ(store.add_user("kari nordmann", Role::viewer, kPassword, kCli).error().message,
            "user name 'kari nordmann' must not hold spaces or control characters");
  EXPECT_EQ(store.add_user("a\nb", Role::viewer, kPassword, kCli).error().kind, Kind::invalid);

  EXPECT_EQ(role_from_string("scheduler"), Role::scheduler);
  EXPECT_EQ(role_from_string("admin"), std::nullopt);

  const auto all = store.users();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "anna");
  EXPECT_EQ(all[1].name, "per");
  const auto entries = store.audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, AuditAction::user_added);
  EXPECT_EQ(entries[0].actor.user, "root");
  EXPECT_EQ(entries[0].detail, json({{"user", "anna"}, {"role", "administrator"}}));
  // Only the Argon2id hash is kept.
  const std::string file = bytes(path) + bytes(path + "-wal");
  EXPECT_EQ(file.find(kPassword), std::string::npos);
  EXPECT_NE(file.find("$argon2id$"), std::string::npos);
}

TEST_F(ScheduleStoreTest, TheLockPolicyDoublesFromAMinuteToAnHour) {
  using S = std::chrono::seconds;
  EXPECT_EQ(ScheduleStore::lock_duration(0), S{0});
  EXPECT_EQ(ScheduleStore::lock_duration(4), S{0});
  EXPECT_EQ(ScheduleStore::lock_duration(5), S{60});
  EXPECT_EQ(ScheduleStore::lock_duration(6), S{120});
  EXPECT_EQ(ScheduleStore::lock_duration(7), S{240});
  EXPECT_EQ(ScheduleStore::lock_duration(10), S{1920});
  EXPECT_EQ(ScheduleStore::lock_duration(11), S{3600});
  EXPECT_EQ(ScheduleStore::lock_duration(1000), S{3600});
}

TEST_F(ScheduleStoreTest, AuthenticationCountsFailuresLocksAndForgetsThemOnSuccess) {
  ScheduleStore store = open();
  ASSERT_TRUE(store.add_user("anna", Role::scheduler, kPassword, kCli));
  const Actor web{"anna", "10.0.0.7"};

  auto ok = store.authenticate("anna", kPassword, web);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->role, Role::scheduler);

  for (int i = 1; i <= 4; ++i) {
    auto wrong = store.authenticate("anna", "not the password", web);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, Kind::denied);
    EXPECT_EQ(wrong.error().message, "wrong user name or password");
    EXPECT_EQ(wrong.error().locked_until, std::nullopt);
    EXPECT_EQ(store.user("anna").value().failures, i);
  }
  auto fifth = store.authenticate("anna", "not the password", web);
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().locked_until, utc("2026-12-02T12:01:00Z"));
  EXPECT_EQ(store.user("anna").value().locked_until, utc("2026-12-02T12:01:00Z"));

  // Locked: even the right password is refused, unchecked and uncounted.
  clock.advance(59s);
  auto locked = store.authenticate("anna", kPassword, web);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, Kind::denied);
  EXPECT_EQ(locked.error().locked_until, utc("2026-12-02T12:01:00Z"));
  EXPECT_EQ(locked.error().message,
            "user 'anna' is locked until 2026-12-02T12:01:00Z after 5 failed passwords");
  EXPECT_EQ(store.user("anna").value().failures, 5);

  // The lock ends; one more failure locks again, twice as long.
  clock.advance(1s);
  auto sixth = store.authenticate("anna", "still not it", web);
  ASSERT_FALSE(sixth);
  EXPECT_EQ(sixth.error().locked_until, utc("2026-12-02T12:03:00Z"));
  clock.set(utc("2026-12-02T12:03:00Z"));
  auto back = store.authenticate("anna", kPassword, web);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->failures, 0);
  EXPECT_EQ(back->locked_until, std::nullopt);
  EXPECT_EQ(store.user("anna").value().failures, 0);

  std::vector<std::string> actions;
  for (const AuditEntry& e : store.audit(1)) actions.emplace_back(to_string(e.action));
  EXPECT_EQ(actions, (std::vector<std::string>{"logged_in", "login_failed", "login_failed",
                                               "login_failed", "login_failed", "login_failed",
                                               "account_locked", "login_failed", "login_failed",
                                               "account_locked", "logged_in"}));
  const AuditEntry lock = store.audit(7, 1)[0];
  EXPECT_EQ(lock.actor.source, "10.0.0.7");
  EXPECT_EQ(lock.detail, json({{"user", "anna"},
                               {"failures", 5},
                               {"locked_until", "2026-12-02T12:01:00Z"},
                               {"seconds", 60}}));
  EXPECT_TRUE(store.verify().ok());
}

TEST_F(ScheduleStoreTest, AnUnknownOrRemovedNameIsRefusedLikeAWrongPassword) {
  ScheduleStore store = open();
  ASSERT_TRUE(store.add_user("anna", Role::administrator, kPassword, kCli));
  ASSERT_TRUE(store.add_user("per", Role::viewer, kPassword, kCli));
  ASSERT_TRUE(store.remove_user("per", kCli));
  for (const char* name : {"nobody", "per"}) {
    auto r = store.authenticate(name, kPassword, {name, "10.0.0.9"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, Kind::denied);
    EXPECT_EQ(r.error().message, "wrong user name or password");
  }
  const auto entries = store.audit(3);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].detail, json({{"user", "nobody"}, {"reason", "unknown user"}}));
  EXPECT_EQ(entries[1].detail, json({{"user", "per"}, {"reason", "removed user"}}));
}

TEST_F(ScheduleStoreTest, PasswordsRolesAndRemovalAreAuditedAndKeepAnAdministrator) {
  ScheduleStore store = open();
  ASSERT_TRUE(store.add_user("anna", Role::administrator, kPassword, kCli));
  ASSERT_TRUE(store.add_user("per", Role::viewer, kPassword, kCli));

  auto demote = store.set_role("anna", Role::scheduler, kCli);
  ASSERT_FALSE(demote);
  EXPECT_EQ(demote.error().kind, Kind::conflict);
  EXPECT_EQ(demote.error().message,
            "'anna' is the last administrator; make another user an administrator first");
  EXPECT_EQ(store.remove_user("anna", kCli).error().kind, Kind::conflict);

  ASSERT_TRUE(store.set_role("per", Role::administrator, kAnna));
  ASSERT_TRUE(store.set_role("anna", Role::scheduler, kAnna));
  EXPECT_EQ(store.user("anna").value().role, Role::scheduler);
  EXPECT_EQ(
      store.audit().back().detail,
      json({{"user", "anna"}, {"role", {{"before", "administrator"}, {"after", "scheduler"}}}}));

  const std::string fresh_password = "a new password, long enough";
  EXPECT_EQ(store.set_password("anna", "short", kAnna).error().kind, Kind::invalid);
  ASSERT_TRUE(store.set_password("anna", fresh_password, kAnna));
  EXPECT_FALSE(store.authenticate("anna", kPassword, kAnna));
  EXPECT_TRUE(store.authenticate("anna", fresh_password, kAnna));

  ASSERT_TRUE(store.remove_user("anna", {"per", "10.0.0.8"}));
  EXPECT_FALSE(store.user("anna").value().active);
  EXPECT_EQ(store.remove_user("anna", kCli).error().kind, Kind::not_found);
  EXPECT_EQ(store.set_password("anna", fresh_password, kCli).error().kind, Kind::not_found);
  EXPECT_EQ(store.set_role("nobody", Role::viewer, kCli).error().kind, Kind::not_found);
  // The name is given back to the same account.
  const auto old_id = store.user("anna").value().id;
  EXPECT_EQ(store.add_user("anna", Role::viewer, fresh_password, kCli), old_id);
  EXPECT_TRUE(store.user("anna").value().active);

  std::vector<std::string> actions;
  for (const AuditEntry& e : store.audit()) actions.emplace_back(to_string(e.action));
  EXPECT_EQ(actions, (std::vector<std::string>{"user_added", "user_added", "user_changed",
                                               "user_changed", "user_changed", "login_failed",
                                               "logged_in", "user_removed", "user_added"}));
  EXPECT_EQ(store.audit().back().detail,
            json({{"user", "anna"}, {"role", "viewer"}, {"given_back", true}}));
}

TEST_F(ScheduleStoreTest, SessionsExpireEndAndAreStoredOnlyAsHashes) {
  ScheduleStore store = open();
  ASSERT_TRUE(store.add_user("anna", Role::scheduler, kPassword, kCli));
  auto token = store.start_session("anna", 1h);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->size(), 64u);
  EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(store.start_session("anna", 1h).value(), *token);

  auto s = store.session(*token);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->user, "anna");
  EXPECT_EQ(s->role, Role::scheduler);
  EXPECT_EQ(s->expires, utc("2026-12-02T13:00:00Z"));
  // The role is the account's current one.
  ASSERT_TRUE(store.add_user("per", Role::administrator, kPassword, kCli));
  ASSERT_TRUE(store.set_role("anna", Role::viewer, kCli));
  EXPECT_EQ(store.session(*token).value().role, Role::viewer);

  const std::string file = bytes(path) + bytes(path + "-wal");
  EXPECT_EQ(file.find(*token), std::string::npos);

  clock.advance(3599s);
  EXPECT_TRUE(store.session(*token));
  clock.advance(1s);
  EXPECT_EQ(store.session(*token).error().kind, Kind::not_found);

  auto second = store.start_session("anna", 1h).value();
  store.end_session(second);
  EXPECT_EQ(store.session(second).error().kind, Kind::not_found);
  auto third = store.start_session("anna", 1h).value();
  ASSERT_TRUE(store.set_password("anna", "another long password", kCli));
  EXPECT_EQ(store.session(third).error().kind, Kind::not_found);
  auto fourth = store.start_session("anna", 1h).value();
  ASSERT_TRUE(store.remove_user("anna", kCli));
  EXPECT_EQ(store.session(fourth).error().kind, Kind::not_found);
  EXPECT_EQ(store.start_session("anna", 1h).error().kind, Kind::not_found);
  EXPECT_EQ(store.start_session("nobody", 1h).error().kind, Kind::not_found);
  EXPECT_EQ(store.start_session("per", 0s).error().kind, Kind::invalid);
  EXPECT_EQ(store.session("not a token").error().kind, Kind::not_found);
}

// ---------------------------------------------------------------------------------------------
// Backups

TEST_F(ScheduleStoreTest, ABackupRestoredGivesBackTheVersionsAndTheTrail) {
  const std::string copy = fresh("backup.db");
  std::vector<VersionInfo> versions_then;
  std::vector<AuditEntry> audit_then;
  {
    ScheduleStore store = open();
    const VersionId v1 = store.initialise(example("st-olavs.json"), kCli, "first").value();
    ASSERT_TRUE(
        store.publish({.site = "st-olavs", .base = v1, .content = renamed("A"), .actor = kAnna}));
    ASSERT_TRUE(store.add_user("anna", Role::administrator, kPassword, kCli));
    auto made = store.backup(copy);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_FALSE(fs::exists(copy + "-wal"));  // one file
    EXPECT_EQ(store.backup(copy).error().kind, Kind::exists);
    versions_then = store.versions("st-olavs");
    audit_then = store.audit();
    // Changes after the backup.
    ASSERT_TRUE(
        store.publish({.site = "st-olavs", .base = 2, .content = renamed("B"), .actor = kAnna}));
    ASSERT_TRUE(store.add_user("per", Role::viewer, kPassword, kCli));
  }
  const std::string backup_bytes = bytes(copy);
  auto restored = restore_backup(copy, path);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(bytes(copy), backup_bytes);  // the backup itself is only read

  ScheduleStore store = open();
  const auto versions_now = store.versions("st-olavs");
  ASSERT_EQ(versions_now.size(), versions_then.size());
  for (std::size_t i = 0; i < versions_now.size(); ++i) {
    EXPECT_EQ(versions_now[i].id, versions_then[i].id);
    EXPECT_EQ(versions_now[i].content_hash, versions_then[i].content_hash);
  }
  const auto audit_now = store.audit();
  ASSERT_EQ(audit_now.size(), audit_then.size());
  EXPECT_EQ(audit_now.back().hash, audit_then.back().hash);
  EXPECT_EQ(store.published("st-olavs").value().id, 2);
  EXPECT_EQ(store.user("per").error().kind, Kind::not_found);
  EXPECT_TRUE(store.verify().ok());
}

TEST_F(ScheduleStoreTest, ABackupThatFailsItsChecksLeavesTheStoreAsItWas) {
  {
    ScheduleStore store = open();
    ASSERT_TRUE(store.initialise(example("st-olavs.json"), kCli, "first"));
  }
  const std::string garbage = fresh("garbage.db");
  std::ofstream(garbage, std::ios::binary) << std::string(8192, 'x');
  auto r = restore_backup(garbage, path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Kind::damaged) << r.error().message;

  EXPECT_EQ(restore_backup(fresh("missing.db"), path).error().kind, Kind::not_found);

  // A backup whose trail was edited.
  const std::string edited = fresh("edited-backup.db");
  ASSERT_TRUE(open().backup(edited));
  ASSERT_EQ(raw_sql(edited,
                    "DROP TRIGGER audit_is_append_only; "
                    "UPDATE audit SET user_name = 'mallory' WHERE seq = 1"),
            "");
  auto refused = restore_backup(edited, path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Kind::damaged);
  EXPECT_NE(refused.error().message.find("seq 1: its hash does not match its fields"),
            std::string::npos)
      << refused.error().message;

  ScheduleStore store = open();
  EXPECT_EQ(store.published("st-olavs").value().id, 1);
  EXPECT_EQ(store.audit().size(), 1u);
  EXPECT_FALSE(fs::exists(path + ".restoring"));
}

}  // namespace
}  // namespace samtel::fw::store
