// samteld's schedule from the store (samtel/samteld/store_follower.hpp): the first start from the
// site files, the publications of another connection taken up by poll(), what is refused. Real
// SQLite files in a temporary directory; synthetic data only.
#include "samtel/samteld/store_follower.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "samtel/routing.hpp"
#include "samtel/site_change.hpp"

namespace samtel::fw {
namespace {

namespace fs = std::filesystem;

std::string fresh(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("samtel-store-follower-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(name, 0) == 0) fs::remove(e.path());
  }
  return (dir / name).string();
}

std::string example(const std::string& name) {
  return std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/" + name;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whom a call to the St. Olavs line (medisin desk) rings first at a local time.
std::string first_person(const store::PublishedSchedule& p, const char* local) {
  const Site& site = p.schedule->sites().front();
  const Instant t = parse_time(local, *site.zone).value().instant;
  const RoutePlan plan = route(*p.schedule, "73553888", "medisin", t).value();
  return plan.attempts.empty() ? "-" : plan.attempts.front().person->id;
}

// Another connection (the admin service's) publishes an override of the primary at `start`.
store::VersionId publish_override(const std::string& path, const std::string& person,
                                  const std::string& replaces) {
  ManualClock clock{parse_utc("2026-12-02T12:00:00Z").value()};
  auto admin = store::ScheduleStore::open(path, clock).value();
  const store::Version current = admin.published("st-olavs").value();
  const auto change = parse_change(nlohmann::ordered_json{{"kind", "override_add"},
                                                          {"rota", "amm"},
                                                          {"role", "primary"},
                                                          {"person", person},
                                                          {"start", "2027-01-12T08:00"},
                                                          {"end", "2027-01-13T08:00"},
                                                          {"replaces", replaces},
                                                          {"reason", "Kurs"}});
  const auto applied =
      apply_change(nlohmann::ordered_json::parse(current.content), change.value()).value();
  return admin
      .publish({.site = "st-olavs",
                .base = current.id,
                .content = applied.site.dump(2),
                .actor = {"kari", "127.0.0.1"},
                .comment = "course"})
      .value();
}

TEST(StoreFollower, FirstStartPublishesTheSiteFilesAndRoutesByThem) {
  const std::string path = fresh("first.db");
  std::vector<std::string> notes;
  auto follower = StoreFollower::open(path, {example("st-olavs.json")}, notes);
  ASSERT_TRUE(follower) << follower.error().front();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "published 1 site file(s) as the first version(s) in " + path);
  const auto& current = (*follower)->current();
  ASSERT_EQ(current.versions.size(), 1u);
  EXPECT_EQ(current.versions[0].site, "st-olavs");
  EXPECT_EQ(current.versions[0].author, "samteld");
  EXPECT_EQ((*follower)->describe(), "st-olavs@" + std::to_string(current.versions[0].id));
  EXPECT_EQ(current.schedule->sites().size(), 1u);
  // Nothing changed since: one cheap look, no reload.
  auto again = (*follower)->poll();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST(StoreFollower, TakesUpAPublicationOfAnotherConnection) {
  const std::string path = fresh("follow.db");
  std::vector<std::string> notes;
  auto follower = StoreFollower::open(path, {example("st-olavs.json")}, notes).value();
  const std::string before = first_person(follower->current(), "2027-01-12T10:00");
  const std::string next_day = first_person(follower->current(), "2027-01-13T10:00");
  const std::string instead = before == "vik" ? "holm" : "vik";
  const store::VersionId v2 = publish_override(path, instead, before);

  auto changed = follower->poll();
  ASSERT_TRUE(changed) << changed.error();
  EXPECT_TRUE(*changed);
  EXPECT_EQ(follower->current().versions[0].id, v2);
  EXPECT_EQ(first_person(follower->current(), "2027-01-12T10:00"), instead);
  // The day after the override, the rotation again.
  EXPECT_EQ(first_person(follower->current(), "2027-01-13T10:00"), next_day);
  auto quiet = follower->poll();
  ASSERT_TRUE(quiet);
  EXPECT_FALSE(*quiet);
}

TEST(StoreFollower, AnOpenStoreDoesNotReadTheSiteFilesAgain) {
  const std::string path = fresh("second.db");
  std::vector<std::string> notes;
  const std::string person = [&] {
    auto first = StoreFollower::open(path, {example("st-olavs.json")}, notes).value();
    const std::string before = first_person(first->current(), "2027-01-12T10:00");
    const std::string instead = before == "vik" ? "holm" : "vik";
    publish_override(path, instead, before);
    return instead;
  }();
  notes.clear();
  // The file still says the rotation; the store's published version (with the override) wins.
  auto follower = StoreFollower::open(path, {example("st-olavs.json")}, notes);
  ASSERT_TRUE(follower);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], path +
                          " already has published sites; --config is not read (change the "
                          "schedule through the admin service or samtel store)");
  EXPECT_EQ(first_person((*follower)->current(), "2027-01-12T10:00"), person);
}

TEST(StoreFollower, AnEmptyStoreWithoutSiteFilesIsRefusedWithWhatToDo) {
  const std::string path = fresh("empty.db");
  std::vector<std::string> notes;
  auto follower = StoreFollower::open(path, {}, notes);
  ASSERT_FALSE(follower);
  EXPECT_EQ(follower.error().front(),
            path +
                ": no site is published; give the site file(s) with --config once, or run "
                "samtel store init --store " +
                path + " --config FILE");
}

TEST(StoreFollower, ABadSiteFileBootstrapsNothing) {
  const std::string path = fresh("bad.db");
  const std::string bad = fresh("bad-site.json");
  {
    std::ofstream out(bad);
    out << text_of(example("st-olavs.json")).replace(0, 1, "[");
  }
  std::vector<std::string> notes;
  // A good file and a bad one: neither is published.
  auto follower = StoreFollower::open(path, {example("helse-nord-trondelag.json"), bad}, notes);
  ASSERT_FALSE(follower);
  EXPECT_EQ(follower.error().front().rfind(bad + ": ", 0), 0u) << follower.error().front();
  ManualClock clock{parse_utc("2026-12-02T12:00:00Z").value()};
  EXPECT_TRUE(store::ScheduleStore::open(path, clock).value().sites().empty());
}

}  // namespace
}  // namespace samtel::fw
