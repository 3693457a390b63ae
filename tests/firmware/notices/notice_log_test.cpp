// The notice log in the schedule store (samtel/store/notice_log.hpp): a real SQLite file in a
// temporary directory, a ManualClock.
#include <filesystem>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;
using notices::Channel;
using notices::DeliveryState;

std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* o, int n, char** values, char**) {
        auto& s = *static_cast<std::string*>(o);
        for (int i = 0; i < n; ++i) s += std::string(i ? "|" : "") + (values[i] ? values[i] : "");
        s += "\n";
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

class NoticeLog : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("samtel-notice-log-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "schedule.db").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  ScheduleStore open() {
    auto s = ScheduleStore::open(path, clock, {.password_cost = PasswordCost::minimum});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  static notices::Notice notice(std::string key) {
    notices::Notice n;
    n.kind = NoticeKind::maintenance_announced;
    n.key = std::move(key);
    n.site = "st-olavs";
    n.title = "Planned maintenance 2027-01-12 22:00: Oppgradering";
    n.text = "Announced: ...";
    n.at = parse_utc("2027-01-12T21:00:00Z").value();
    n.created = parse_utc("2027-01-11T21:00:00Z").value();
    return n;
  }

  fs::path dir;
  std::string path;
  ManualClock clock{parse_utc("2027-01-11T21:00:05Z").value()};
};

TEST_F(NoticeLog, NoticesDeliveriesAndAttemptsAreKept) {
  ScheduleStore store = open();
  const auto id =
      store.record_notice(notice("maintenance-announced:st-olavs/x:2027-01-12T21:00:00Z"));
  ASSERT_TRUE(id) << id.error().message;
  const auto mail = store.record_delivery(*id, "Drift", Channel::email, "drift@hospital.test");
  const auto hook = store.record_delivery(*id, "Drift", Channel::webhook, "http://127.0.0.1:9/x");
  ASSERT_TRUE(mail && hook);
  ASSERT_TRUE(store.record_attempt(*mail, 1, DeliveryState::delivered, ""));
  clock.advance(std::chrono::seconds(30));
  ASSERT_TRUE(store.record_attempt(*hook, 1, DeliveryState::failed, "connection refused"));
  ASSERT_TRUE(store.record_attempt(*hook, 2, DeliveryState::given_up, "HTTP 500"));

  const auto listed = store.notices();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].notice.id, *id);
  EXPECT_EQ(listed[0].notice.kind, NoticeKind::maintenance_announced);
  EXPECT_EQ(listed[0].notice.title, "Planned maintenance 2027-01-12 22:00: Oppgradering");
  EXPECT_EQ(format_utc(listed[0].notice.at), "2027-01-12T21:00:00Z");
  ASSERT_EQ(listed[0].deliveries.size(), 2u);
  const DeliveryRecord& m = listed[0].deliveries[0];
  EXPECT_EQ((std::tuple{m.channel, m.address, m.state, m.attempts, m.last_error}),
            (std::tuple{Channel::email, std::string("drift@hospital.test"),
                        DeliveryState::delivered, 1, std::string()}));
  const DeliveryRecord& h = listed[0].deliveries[1];
  EXPECT_EQ((std::tuple{h.channel, h.state, h.attempts, h.last_error, format_utc(h.updated)}),
            (std::tuple{Channel::webhook, DeliveryState::given_up, 2, std::string("HTTP 500"),
                        std::string("2027-01-11T21:00:35Z")}));
  EXPECT_EQ(query(path, "SELECT delivery, attempt, at_utc, state, error FROM notice_attempts"),
            "1|1|2027-01-11T21:00:05Z|delivered|\n"
            "2|1|2027-01-11T21:00:35Z|failed|connection refused\n"
            "2|2|2027-01-11T21:00:35Z|given-up|HTTP 500\n");
  EXPECT_EQ(query(path, "PRAGMA user_version"), "4\n");
}

TEST_F(NoticeLog, AKeyIsRecordedOnceAcrossReopening) {
  {
    ScheduleStore store = open();
    ASSERT_TRUE(store.record_notice(notice("a")));
    ASSERT_TRUE(store.record_notice(notice("b")));
  }
  ScheduleStore store = open();
  EXPECT_EQ(store.notice_keys(), (std::vector<std::string>{"a", "b"}));
  const auto again = store.record_notice(notice("a"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, StoreError::Kind::exists);
  EXPECT_EQ(store.notices().size(), 2u);
  EXPECT_EQ(store.notices(1)[0].notice.key, "b");  // newest first
}

TEST_F(NoticeLog, AttemptsAreNotChangedAndBadOnesWriteNothing) {
  ScheduleStore store = open();
  const auto id = store.record_notice(notice("a"));
  const auto mail = store.record_delivery(*id, "Drift", Channel::email, "drift@hospital.test");
  EXPECT_EQ(store.record_attempt(*mail, 1, DeliveryState::pending, "").error().kind,
            StoreError::Kind::invalid);
  EXPECT_EQ(store.record_attempt(999, 1, DeliveryState::failed, "x").error().kind,
            StoreError::Kind::not_found);
  EXPECT_EQ(query(path, "SELECT count(*) FROM notice_attempts"), "0\n");
  ASSERT_TRUE(store.record_attempt(*mail, 1, DeliveryState::failed, "x"));
  EXPECT_EQ(query(path, "SELECT count(*) FROM notice_attempts"), "1\n");
}

}  // namespace
}  // namespace samtel::fw::store
