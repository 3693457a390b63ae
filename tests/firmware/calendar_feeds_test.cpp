// The schedule store's calendar feeds (samtel/store/calendar_feed.hpp): only the token's hash is
// kept, a fetch is noted at most every kFeedFetchResolution, an unknown, malformed or revoked
// token is one and the same not_found, making and revoking are audited without the token; and a
// store written with schema version 1 (tests/firmware/fixtures/schedule-schema1.sql) is migrated
// and keeps everything it held. Real SQLite files in a temporary directory; a ManualClock.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/file.hpp"
#include "samtel/store/schedule_store.hpp"
#include "support/sqlite_files.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Kind = StoreError::Kind;
using nlohmann::json;

std::string fresh(const std::string& name) { return test::fresh_db("feeds", name); }

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using test::query;

std::string blake2b(const std::string& text) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

const Actor kKari{"kari", "192.0.2.7"};
const Actor kAnna{"anna", "192.0.2.8"};
const FeedScope kVik{.site = "st-olavs", .subject = FeedSubject::person, .subject_id = "vik"};
const FeedScope kGastro{
    .site = "st-olavs", .subject = FeedSubject::desk, .subject_id = "gastro", .line = "73553888"};

class CalendarFeeds : public ::testing::Test {
 protected:
  ManualClock clock{parse_utc("2026-12-02T12:00:00Z").value()};
  std::string path = fresh("feeds.db");

  ScheduleStore open() {
    auto s = ScheduleStore::open(path, clock, {.password_cost = PasswordCost::minimum});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
};

TEST(FeedSubject, NamesRoundTrip) {
  EXPECT_EQ(to_string(FeedSubject::person), "person");
  EXPECT_EQ(to_string(FeedSubject::desk), "desk");
  EXPECT_EQ(feed_subject_from_string("desk"), FeedSubject::desk);
  EXPECT_EQ(feed_subject_from_string("person"), FeedSubject::person);
  EXPECT_EQ(feed_subject_from_string("Desk"), std::nullopt);
  EXPECT_EQ(feed_subject_from_string(""), std::nullopt);
}

TEST_F(CalendarFeeds, OnlyTheTokensHashIsKeptAndTheMakingIsAudited) {
  std::string token;
  {
    ScheduleStore store = open();
    auto issued = store.create_feed(kVik, kKari);
    ASSERT_TRUE(issued) << issued.error().message;
    token = issued->token;
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    EXPECT_EQ(issued->feed.id, 1);
    EXPECT_EQ(issued->feed.site, "st-olavs");
    EXPECT_EQ(issued->feed.subject, FeedSubject::person);
    EXPECT_EQ(issued->feed.subject_id, "vik");
    EXPECT_EQ(issued->feed.line, "");
    EXPECT_EQ(format_utc(issued->feed.created), "2026-12-02T12:00:00Z");
    EXPECT_EQ(issued->feed.created_by, "kari");
    EXPECT_EQ(issued->feed.revoked, std::nullopt);
    EXPECT_EQ(issued->feed.last_fetched, std::nullopt);

    const auto entries = store.audit();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, AuditAction::feed_created);
    EXPECT_EQ(entries[0].actor.user, "kari");
    EXPECT_EQ(entries[0].actor.source, "192.0.2.7");
    EXPECT_EQ(entries[0].site, "st-olavs");
    EXPECT_EQ(entries[0].detail, json({{"feed", 1}, {"subject", "person"}, {"person", "vik"}}));
    EXPECT_TRUE(store.verify().ok());
  }
  EXPECT_EQ(query(path,
                  "SELECT id, site, subject_kind, subject_id, line, token_hash, created_by, "
                  "revoked_utc, last_fetched_utc FROM calendar_feeds"),
            "1|st-olavs|person|vik||" + blake2b(token) + "|kari|NULL|NULL\n");
  EXPECT_EQ(bytes(path).find(token), std::string::npos);
  EXPECT_EQ(bytes(path + "-wal").find(token), std::string::npos);
}

TEST_F(CalendarFeeds, ATokenOpensItsFeedAndAFetchIsNotedAtMostEveryTenMinutes) {
  ScheduleStore store = open();
  const auto vik = store.create_feed(kVik, kKari).value();
  const auto gastro = store.create_feed(kGastro, kAnna).value();
  EXPECT_NE(vik.token, gastro.token);

  auto opened = store.open_feed(gastro.token);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->id, 2);
  EXPECT_EQ(opened->subject, FeedSubject::desk);
  EXPECT_EQ(opened->subject_id, "gastro");
  EXPECT_EQ(opened->line, "73553888");
  EXPECT_EQ(format_utc(opened->last_fetched.value()), "2026-12-02T12:00:00Z");

  clock.advance(9min);
  EXPECT_EQ(format_utc(store.open_feed(gastro.token)->last_fetched.value()),
            "2026-12-02T12:00:00Z");
  EXPECT_EQ(query(path, "SELECT last_fetched_utc FROM calendar_feeds WHERE id = 2"),
            "2026-12-02T12:00:00Z\n");
  clock.advance(1min);
  EXPECT_EQ(format_utc(store.open_feed(gastro.token)->last_fetched.value()),
            "2026-12-02T12:10:00Z");
  EXPECT_EQ(query(path, "SELECT last_fetched_utc FROM calendar_feeds WHERE id = 2"),
            "2026-12-02T12:10:00Z\n");
  EXPECT_EQ(store.feed(1)->last_fetched, std::nullopt);
  // Fetching is not audited: two entries, the two feeds made.
  EXPECT_EQ(store.audit().size(), 2u);
}

TEST_F(CalendarFeeds, UnknownMalformedAndRevokedTokensAreOneAndTheSameNotFound) {
  ScheduleStore store = open();
  const auto issued = store.create_feed(kVik, kKari).value();
  ASSERT_TRUE(store.revoke_feed(issued.feed.id, kKari));
  for (const std::string& token : {issued.token, std::string(64, '0'), std::string("not-a-token"),
                                   std::string(), issued.token.substr(1), std::string(64, 'A')}) {
    SCOPED_TRACE(token);
    for (const auto& r : {store.open_feed(token), store.revoke_feed_by_token(token, "192.0.2.9")}) {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().kind, Kind::not_found);
      EXPECT_EQ(r.error().message, ScheduleStore::kNoSuchFeed);
    }
  }
}

TEST_F(CalendarFeeds, RevokingByIdOrByTokenIsAuditedAndHappensOnce) {
  ScheduleStore store = open();
  const auto first = store.create_feed(kVik, kKari).value();
  const auto second = store.create_feed(kGastro, kKari).value();
  clock.advance(1h);

  auto revoked = store.revoke_feed(first.feed.id, kAnna);
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_EQ(format_utc(revoked->revoked.value()), "2026-12-02T13:00:00Z");
  EXPECT_EQ(revoked->revoked_by, "anna");
  const auto again = store.revoke_feed(first.feed.id, kAnna);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, Kind::not_found);
  EXPECT_EQ(again.error().message,
            "calendar feed 1 was revoked already, at 2026-12-02T13:00:00Z by 'anna'");
  EXPECT_EQ(store.revoke_feed(3, kAnna).error().message, "no calendar feed 3");

  clock.advance(1h);
  auto by_token = store.revoke_feed_by_token(second.token, "192.0.2.9");
  ASSERT_TRUE(by_token) << by_token.error().message;
  EXPECT_EQ(by_token->revoked_by, "feed holder");
  EXPECT_FALSE(store.open_feed(second.token));

  const auto entries = store.audit();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[2].action, AuditAction::feed_revoked);
  EXPECT_EQ(entries[2].actor.user, "anna");
  EXPECT_EQ(entries[2].detail,
            json({{"feed", 1}, {"subject", "person"}, {"person", "vik"}, {"created_by", "kari"}}));
  EXPECT_EQ(entries[3].action, AuditAction::feed_revoked);
  EXPECT_EQ(entries[3].actor.user, "feed holder");
  EXPECT_EQ(entries[3].actor.source, "192.0.2.9");
  EXPECT_EQ(entries[3].site, "st-olavs");
  EXPECT_EQ(entries[3].detail, json({{"feed", 2},
                                     {"subject", "desk"},
                                     {"line", "73553888"},
                                     {"desk", "gastro"},
                                     {"created_by", "kari"}}));
  for (const auto& e : entries) {
    EXPECT_EQ(audit_detail_text(e.detail).find(second.token), std::string::npos);
  }
  EXPECT_TRUE(store.verify().ok());
  EXPECT_EQ(query(path, "SELECT id, revoked_utc, revoked_by FROM calendar_feeds ORDER BY id"),
            "1|2026-12-02T13:00:00Z|anna\n2|2026-12-02T14:00:00Z|feed holder\n");
}

TEST_F(CalendarFeeds, ListsBySiteAndByWhoMadeThem) {
  ScheduleStore store = open();
  ASSERT_TRUE(store.create_feed(kVik, kKari));
  ASSERT_TRUE(store.create_feed(kGastro, kAnna));
  ASSERT_TRUE(store.create_feed({.site = "hnt", .subject_id = "ask"}, kKari));
  const auto ids = [](const std::vector<CalendarFeed>& feeds) {
    std::vector<FeedId> out;
    for (const auto& f : feeds) out.push_back(f.id);
    return out;
  };
  EXPECT_EQ(ids(store.feeds()), (std::vector<FeedId>{1, 2, 3}));
  EXPECT_EQ(ids(store.feeds({.site = "st-olavs"})), (std::vector<FeedId>{1, 2}));
  EXPECT_EQ(ids(store.feeds({.created_by = "kari"})), (std::vector<FeedId>{1, 3}));
  EXPECT_EQ(ids(store.feeds({.site = "st-olavs", .created_by = "kari"})), (std::vector<FeedId>{1}));
  EXPECT_TRUE(store.feeds({.site = "nowhere"}).empty());
}

TEST_F(CalendarFeeds, AScopeThatIsNotOneIsRefusedAndWritesNothing) {
  ScheduleStore store = open();
  const auto refused = [&](const FeedScope& scope) {
    auto r = store.create_feed(scope, kKari);
    EXPECT_FALSE(r);
    return r ? std::string("made") : r.error().message;
  };
  EXPECT_EQ(refused({.site = "st-olavs", .subject = FeedSubject::desk, .subject_id = "gastro"}),
            "a desk's calendar feed names the desk's line");
  EXPECT_EQ(refused({.site = "st-olavs", .subject_id = "vik", .line = "73553888"}),
            "a person's calendar feed names no line");
  EXPECT_EQ(refused({.site = "", .subject_id = "vik"}),
            "a calendar feed's site '' must be an id: not empty, no control characters");
  EXPECT_EQ(refused({.site = "st-olavs", .subject_id = "v\nik"}),
            "a calendar feed's person 'v\\nik' must be an id: not empty, no control characters");
  EXPECT_TRUE(store.feeds().empty());
  EXPECT_TRUE(store.audit().empty());
}

TEST_F(CalendarFeeds, AStoreWithSchemaOneIsMigratedAndKeepsWhatItHeld) {
  const auto sql = read_text_file(std::string(SAMTEL_SOURCE_DIR) +
                                  "/tests/firmware/fixtures/schedule-schema1.sql");
  ASSERT_TRUE(sql) << sql.error();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql->c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message != nullptr ? message : "");
    sqlite3_close(db);
  }
  ASSERT_EQ(query(path, "PRAGMA user_version"), "1\n");
  const std::string versions_before = query(path, "SELECT * FROM versions");
  const std::string audit_before = query(path, "SELECT * FROM audit");
  const std::string users_before = query(path, "SELECT * FROM users");
  {
    ScheduleStore store = open();
    EXPECT_EQ(store.sites(), std::vector<std::string>{"hnt"});
    EXPECT_EQ(store.published("hnt").value().id, 1);
    EXPECT_EQ(store.user("anna").value().role, Role::administrator);
    const VerifyReport report = store.verify();
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front());
    EXPECT_EQ(report.entries, 2);
    EXPECT_EQ(report.versions, 1);

    auto issued = store.create_feed(
        {.site = "hnt", .subject = FeedSubject::desk, .subject_id = "medisin", .line = "74098800"},
        {"anna", "192.0.2.8"});
    ASSERT_TRUE(issued) << issued.error().message;
    EXPECT_TRUE(store.open_feed(issued->token));
    EXPECT_TRUE(store.verify().ok());
    EXPECT_EQ(store.audit().back().seq, 3);
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "4\n");
  EXPECT_EQ(query(path, "SELECT * FROM versions"), versions_before);
  EXPECT_EQ(query(path, "SELECT * FROM users"), users_before);
  EXPECT_EQ(query(path, "SELECT * FROM audit WHERE seq <= 2"), audit_before);
  EXPECT_EQ(query(path, "SELECT id, site, subject_kind, subject_id, line FROM calendar_feeds"),
            "1|hnt|desk|medisin|74098800\n");
  EXPECT_EQ(query(path, "PRAGMA integrity_check"), "ok\n");
}

}  // namespace
}  // namespace samtel::fw::store
