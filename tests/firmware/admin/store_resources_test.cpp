// The store-backed resources in memory (schedule_resources.hpp): reading sites, who, route,
// versions and parts of the published site; previews, changes and rollback with their 409s and
// audit entries; each role's limits; users; the audit trail; the call log read and audited.
#include <gtest/gtest.h>

#include "samtel/config.hpp"
#include "samtel/output.hpp"
#include "samtel/store/call_log.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::kPassword;
using test_support::StoreBacked;

const char* const kSite = "/api/v1/sites/st-olavs";

json override_nes() {
  return {{"kind", "override_add"},
          {"rota", "amm"},
          {"role", "primary"},
          {"person", "nes"},
          {"start", "2026-12-16T08:00"},
          {"end", "2026-12-17T08:00"},
          {"reason", "Kurs"}};
}

// The example with the gastro rota ending 2026-12-21: the gastro desk has a gap from then on.
json gastro_ends() {
  auto site = json::parse(test_support::example_site());
  for (auto& rota : site["rotas"]) {
    if (rota["id"] == "gastro") rota["patterns"][0]["until"] = "2026-12-21";
  }
  return {{"kind", "site_replace"}, {"site", site}};
}

class StoreResources : public StoreBacked {};

TEST_F(StoreResources, SignsInWithTheStoresAccounts) {
  const std::string token = login("kari");
  EXPECT_EQ(token.size(), 64u);
  const ApiResponse me = get("/api/v1/session", token);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"], "kari");
  EXPECT_EQ(me.body["role"], "scheduler");
  const ApiResponse wrong =
      post("/api/v1/session", {}, {{"user", "kari"}, {"password", "not the password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(get("/api/v1/sites", {}).status, 401);
  EXPECT_EQ(get("/api/v1/sites", std::string(64, 'a')).status, 401);
}

TEST_F(StoreResources, ALockedAccountIsToldWhenToComeBack) {
  for (int i = 0; i < store::ScheduleStore::kFailuresBeforeLock; ++i) {
    post("/api/v1/session", {}, {{"user", "ola"}, {"password", "wrong wrong wrong"}});
    mono.advance(std::chrono::hours(1));  // past the per-source throttle
  }
  const ApiResponse r = post("/api/v1/session", {}, {{"user", "ola"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 429) << r.body.dump();
  EXPECT_EQ(r.header("Retry-After"), "60");
}

TEST_F(StoreResources, ListsSites) {
  const ApiResponse r = get("/api/v1/sites", login("ola"));
  ASSERT_EQ(r.status, 200) << r.body.dump();
  ASSERT_EQ(r.body["sites"].size(), 1u);
  const json& site = r.body["sites"][0];
  EXPECT_EQ(site["id"], "st-olavs");
  EXPECT_EQ(site["name"], "St. Olavs hospital");
  EXPECT_EQ(site["version"], v1);
  EXPECT_EQ(site["lines"][0]["number"], "73553888");
  EXPECT_EQ(site["lines"][0]["name"], "Samhandlingstelefonen");
  EXPECT_EQ(site["lines"][0]["desks"],
            json({"medisin", "kirurgi", "kardiologi", "gastro", "lunge"}));
}

TEST_F(StoreResources, WhoIsExactlyTheCommandLinesJson) {
  const auto schedule =
      load_schedule_for_command_line({SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json"});
  ASSERT_TRUE(schedule);
  const std::string token = login("ola");
  const ApiResponse r = get("/api/v1/who", token, {{"at", "2026-12-02T09:00"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body, who_json(*schedule, test_support::utc("2026-12-02T08:00:00Z")));
  EXPECT_EQ(r.body["instant"], "2026-12-02T09:00:00+01:00");
  EXPECT_EQ(r.body["desks"][0]["desk"], "medisin");
  EXPECT_EQ(r.body["desks"][0]["roles"][0]["name"], "Overlege Nils Gran");
  EXPECT_EQ(r.body["desks"][0]["roles"][0]["until"], "2026-12-07T08:00:00+01:00");
  // Without `at`: the injected wall clock.
  EXPECT_EQ(get("/api/v1/who", token).body["instant"], "2026-12-02T13:00:00+01:00");
  const ApiResponse bad = get("/api/v1/who", token, {{"at", "tomorrow"}});
  EXPECT_EQ(bad.status, 400);
}

TEST_F(StoreResources, RouteIsExactlyTheCommandLinesJson) {
  const auto schedule =
      load_schedule_for_command_line({SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json"});
  ASSERT_TRUE(schedule);
  const std::string token = login("ola");
  const ApiResponse r = get("/api/v1/route", token,
                            {{"line", "73553888"}, {"at", "2026-12-02T09:00"}, {"desk", "gastro"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  auto plan = route(*schedule, "73553888", "gastro", test_support::utc("2026-12-02T08:00:00Z"));
  ASSERT_TRUE(plan);
  EXPECT_EQ(r.body, route_json(*plan));
  EXPECT_EQ(r.body["desk"], "gastro");
  EXPECT_EQ(r.body["open"], true);
  EXPECT_EQ(get("/api/v1/route", token, {{"line", "999"}}).status, 404);
  EXPECT_EQ(get("/api/v1/route", token).status, 400);
  EXPECT_EQ(get("/api/v1/route", token, {{"line", "73553888"}, {"desk", "nope"}}).status, 400);
}

TEST_F(StoreResources, VersionsScheduleAndPartsOfTheSite) {
  const std::string token = login("ola");
  const ApiResponse list = get(std::string(kSite) + "/versions", token);
  ASSERT_EQ(list.status, 200) << list.body.dump();
  ASSERT_EQ(list.body["versions"].size(), 1u);
  const json& info = list.body["versions"][0];
  EXPECT_EQ(info["id"], v1);
  EXPECT_EQ(info["site"], "st-olavs");
  EXPECT_TRUE(info["parent"].is_null());
  EXPECT_EQ(info["created"], "2026-12-02T12:00:00Z");
  EXPECT_EQ(info["author"], "root");
  EXPECT_EQ(info["comment"], "from st-olavs.json");
  EXPECT_EQ(info["content_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(info["published"], true);

  const ApiResponse one = get("/api/v1/versions/" + std::to_string(v1), token);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body["version"], info);
  EXPECT_EQ(one.body["content"]["site"]["id"], "st-olavs");
  EXPECT_EQ(get(std::string(kSite) + "/schedule", token).body, one.body);
  EXPECT_EQ(get("/api/v1/versions/999", token).status, 404);
  EXPECT_EQ(get("/api/v1/versions/abc", token).status, 404);
  EXPECT_EQ(get("/api/v1/sites/nowhere/schedule", token).status, 404);
  EXPECT_EQ(get("/api/v1/sites/nowhere/versions", token).status, 404);

  const ApiResponse people = get(std::string(kSite) + "/people", token);
  EXPECT_EQ(people.body["version"], v1);
  EXPECT_EQ(people.body["people"].size(), 22u);
  EXPECT_EQ(people.body["people"][0]["name"], "Overlege Kari Aas");

  const ApiResponse special = get(std::string(kSite) + "/special-days", token);
  EXPECT_EQ(special.body["special_days"][0]["name"], "Julaften");
  EXPECT_EQ(special.body["lines"][0]["number"], "73553888");
  EXPECT_EQ(special.body["lines"][0]["desks"].size(), 5u);

  const ApiResponse hours = get(std::string(kSite) + "/hours", token);
  const json& medisin = hours.body["lines"][0]["desks"][0];
  EXPECT_EQ(medisin["id"], "medisin");
  EXPECT_EQ(medisin["hours"][0]["weekday"], json({"08:00-23:00"}));
  EXPECT_EQ(medisin["own_hours"], false);
  EXPECT_EQ(hours.body["lines"][0]["desks"][2]["own_hours"], true);
}

TEST_F(StoreResources, PreviewWritesNothing) {
  const std::string token = login("kari");
  const auto before = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  const ApiResponse r =
      post(std::string(kSite) + "/preview", token, {{"base", v1}, {"change", override_nes()}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["base"], v1);
  EXPECT_EQ(r.body["summary"].get<std::string>().rfind("Override: Overlege Tor Nes", 0), 0u)
      << r.body["summary"];
  EXPECT_EQ(r.body["detail"]["kind"], "override_add");
  EXPECT_EQ(r.body["gaps_opened"], 0);
  EXPECT_EQ(r.body["gaps_closed"], 0);
  EXPECT_FALSE(r.body["preview_text"].get<std::string>().empty());
  EXPECT_TRUE(r.body["preview"].is_object());
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); }), before);
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.versions("st-olavs").size(); }), 1u);
}

TEST_F(StoreResources, AChangeIsPublishedAndAudited) {
  const std::string token = login("kari");
  const ApiResponse r =
      post(std::string(kSite) + "/changes", token,
           {{"base", v1}, {"change", override_nes()}, {"comment", "Nes on kurs"}});
  ASSERT_EQ(r.status, 201) << r.body.dump();
  const auto v2 = r.body["version"].get<store::VersionId>();
  EXPECT_GT(v2, v1);
  EXPECT_EQ(r.body["base"], v1);
  EXPECT_EQ(r.body["gaps_opened"], 0);
  const std::string summary = r.body["summary"];

  const auto entries = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000); });
  const store::AuditEntry& e = entries.back();
  EXPECT_EQ(e.action, store::AuditAction::version_published);
  EXPECT_EQ(e.actor.user, "kari");
  EXPECT_EQ(e.actor.source, "192.0.2.7");
  EXPECT_EQ(e.site, "st-olavs");
  EXPECT_EQ(e.version_from, v1);
  EXPECT_EQ(e.version_to, v2);
  EXPECT_EQ(e.comment, "Nes on kurs");
  EXPECT_EQ(e.detail["kind"], "override_add");
  EXPECT_EQ(e.detail["fields"][0]["pointer"], "/rotas/0/overrides/2");
  EXPECT_EQ(e.routing_effect, r.body["preview_text"]);
  EXPECT_FALSE(e.confirmed_gaps);

  // Who is on duty follows the new version.
  const ApiResponse who = get("/api/v1/who", token, {{"at", "2026-12-16T09:00"}});
  EXPECT_EQ(who.body["desks"][0]["roles"][0]["name"], "Overlege Tor Nes");
  // The version list, newest first.
  const ApiResponse list = get(std::string(kSite) + "/versions", token);
  ASSERT_EQ(list.body["versions"].size(), 2u);
  EXPECT_EQ(list.body["versions"][0]["id"], v2);
  EXPECT_EQ(list.body["versions"][0]["parent"], v1);
  EXPECT_EQ(list.body["versions"][1]["published"], false);
  (void)summary;
}

TEST_F(StoreResources, AStaleBaseIsRefusedNamingWhatChanged) {
  const std::string token = login("kari");
  ASSERT_EQ(post(std::string(kSite) + "/changes", token,
                 {{"base", v1}, {"change", override_nes()}, {"comment", "Nes on kurs"}})
                .status,
            201);
  const auto versions = with_store([](store::ScheduleStore& s) { return s.versions("st-olavs"); });
  const auto audit = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  json again = override_nes();
  again["start"] = "2026-12-18T08:00";
  again["end"] = "2026-12-19T08:00";
  const ApiResponse r =
      post(std::string(kSite) + "/changes", token, {{"base", v1}, {"change", again}});
  ASSERT_EQ(r.status, 409) << r.body.dump();
  EXPECT_EQ(r.body["current"], versions[0].id);
  const std::string message = r.body["error"]["message"];
  EXPECT_NE(message.find("made from version " + std::to_string(v1)), std::string::npos) << message;
  EXPECT_NE(message.find("version " + std::to_string(versions[0].id) + " by kari: 'Nes on kurs'"),
            std::string::npos)
      << message;
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.versions("st-olavs").size(); }),
            versions.size());
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); }), audit);
}

TEST_F(StoreResources, GapsMustBeConfirmed) {
  const std::string token = login("anna");
  const auto audit = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  const ApiResponse refused =
      post(std::string(kSite) + "/changes", token, {{"base", v1}, {"change", gastro_ends()}});
  ASSERT_EQ(refused.status, 409) << refused.body.dump();
  EXPECT_EQ(refused.body["error"]["pointer"], "/confirm_gaps");
  const std::string message = refused.body["error"]["message"];
  EXPECT_NE(message.find("desk gastro from 2026-12-21T08:00:00+01:00"), std::string::npos)
      << message;
  EXPECT_FALSE(refused.body.contains("current"));
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.versions("st-olavs").size(); }), 1u);
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); }), audit);

  const ApiResponse confirmed = post(std::string(kSite) + "/changes", token,
                                     {{"base", v1},
                                      {"change", gastro_ends()},
                                      {"confirm_gaps", true},
                                      {"comment", "gastro ends"}});
  ASSERT_EQ(confirmed.status, 201) << confirmed.body.dump();
  EXPECT_GE(confirmed.body["gaps_opened"].get<int>(), 1);
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::site_replaced);
  EXPECT_TRUE(e.confirmed_gaps);
  EXPECT_EQ(e.actor.user, "anna");
}

TEST_F(StoreResources, RolesLimitChanges) {
  const json hours_set = {{"kind", "hours_set"},
                          {"line", "73553888"},
                          {"from", "2027-01-01"},
                          {"hours", {{"weekday", {"08:00-22:00"}}}}};
  const json special = {{"kind", "special_day_add"},
                        {"name", "Stengt"},
                        {"date", "2026-12-28"},
                        {"treat_as", "closed"}};
  const std::string viewer = login("ola"), scheduler = login("kari"), admin = login("anna");
  EXPECT_EQ(
      post(std::string(kSite) + "/changes", viewer, {{"base", v1}, {"change", override_nes()}})
          .status,
      403);
  const ApiResponse r =
      post(std::string(kSite) + "/changes", scheduler, {{"base", v1}, {"change", hours_set}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["error"]["message"],
            "a change of kind hours_set needs the role administrator; kari is scheduler");
  EXPECT_EQ(
      post(std::string(kSite) + "/changes", scheduler, {{"base", v1}, {"change", special}}).status,
      403);
  EXPECT_EQ(post(std::string(kSite) + "/preview", scheduler, {{"base", v1}, {"change", hours_set}})
                .status,
            403);
  EXPECT_EQ(get("/api/v1/users", scheduler).status, 403);
  EXPECT_EQ(get("/api/v1/audit", scheduler).status, 403);
  EXPECT_EQ(
      post(std::string(kSite) + "/rollback", scheduler, {{"base", v1}, {"version", v1}}).status,
      403);
  const ApiResponse ok =
      post(std::string(kSite) + "/changes", admin, {{"base", v1}, {"change", hours_set}});
  EXPECT_EQ(ok.status, 201) << ok.body.dump();
}

TEST_F(StoreResources, BadRequestsNameTheField) {
  const std::string token = login("kari");
  const auto audit = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  json unknown_person = override_nes();
  unknown_person["person"] = "nobody";
  const ApiResponse r =
      post(std::string(kSite) + "/changes", token, {{"base", v1}, {"change", unknown_person}});
  ASSERT_EQ(r.status, 400) << r.body.dump();
  EXPECT_EQ(r.body["error"]["pointer"], "/change/person");

  json backwards = override_nes();
  backwards["end"] = "2026-12-15T08:00";
  const ApiResponse after =
      post(std::string(kSite) + "/changes", token, {{"base", v1}, {"change", backwards}});
  ASSERT_EQ(after.status, 400) << after.body.dump();
  EXPECT_NE(after.body["error"]["message"].get<std::string>().find(
                "site after the change: /rotas/0/overrides/2"),
            std::string::npos)
      << after.body.dump();

  const ApiResponse no_base =
      post(std::string(kSite) + "/changes", token, {{"change", override_nes()}});
  EXPECT_EQ(no_base.status, 400);
  EXPECT_NE(no_base.body["error"]["message"].get<std::string>().find("base"), std::string::npos)
      << no_base.body.dump();
  const ApiResponse not_bool =
      post(std::string(kSite) + "/changes", token,
           {{"base", v1}, {"change", override_nes()}, {"confirm_gaps", 1}});
  EXPECT_EQ(not_bool.body["error"]["pointer"], "/confirm_gaps");
  const ApiResponse no_kind =
      post(std::string(kSite) + "/changes", token, {{"base", v1}, {"change", {{"kind", "x"}}}});
  EXPECT_EQ(no_kind.status, 400);
  EXPECT_EQ(no_kind.body["error"]["pointer"], "/change/kind");
  EXPECT_EQ(post("/api/v1/sites/nowhere/changes", token, {{"base", v1}, {"change", override_nes()}})
                .status,
            404);

  ApiRequest text;
  text.method = Method::post;
  text.path = std::string(kSite) + "/changes";
  text.authorization = "Bearer " + token;
  text.content_type = "text/plain";
  text.body = "{}";
  EXPECT_EQ(service->handle(text).status, 415);
  text.content_type = "application/json";
  text.body = std::string(70 * 1024, ' ');
  EXPECT_EQ(service->handle(text).status, 413);
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); }), audit);
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.versions("st-olavs").size(); }), 1u);
}

TEST_F(StoreResources, RollbackPublishesAnEarlierVersionAgain) {
  const std::string admin = login("anna");
  const ApiResponse changed =
      post(std::string(kSite) + "/changes", admin, {{"base", v1}, {"change", override_nes()}});
  ASSERT_EQ(changed.status, 201);
  const auto v2 = changed.body["version"].get<store::VersionId>();
  const ApiResponse stale =
      post(std::string(kSite) + "/rollback", admin, {{"base", v1}, {"version", v1}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["current"], v2);
  const ApiResponse r = post(std::string(kSite) + "/rollback", admin,
                             {{"base", v2}, {"version", v1}, {"comment", "undo"}});
  ASSERT_EQ(r.status, 201) << r.body.dump();
  const auto v3 = r.body["version"].get<store::VersionId>();
  const ApiResponse schedule = get(std::string(kSite) + "/schedule", admin);
  EXPECT_EQ(schedule.body["version"]["id"], v3);
  EXPECT_EQ(schedule.body["content"],
            get("/api/v1/versions/" + std::to_string(v1), admin).body["content"]);
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::version_restored);
  EXPECT_EQ(e.actor.user, "anna");
  EXPECT_EQ(e.version_from, v2);
  EXPECT_EQ(e.version_to, v3);
  EXPECT_EQ(post(std::string(kSite) + "/rollback", admin, {{"base", v3}, {"version", 999}}).status,
            404);
}

TEST_F(StoreResources, AuditTrailForAdministrators) {
  const std::string admin = login("anna");
  ASSERT_EQ(post(std::string(kSite) + "/changes", admin,
                 {{"base", v1}, {"change", override_nes()}, {"comment", "Nes"}})
                .status,
            201);
  const ApiResponse r = get("/api/v1/audit", admin, {{"site", "st-olavs"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  ASSERT_EQ(r.body["entries"].size(), 2u);
  EXPECT_EQ(r.body["entries"][0]["action"], "store_initialised");
  const json& e = r.body["entries"][1];
  EXPECT_EQ(e["action"], "version_published");
  EXPECT_EQ(e["user"], "anna");
  EXPECT_EQ(e["source"], "192.0.2.7");
  EXPECT_EQ(e["version_from"], v1);
  EXPECT_EQ(e["comment"], "Nes");
  EXPECT_EQ(e["confirmed_gaps"], false);
  EXPECT_EQ(e["at"], "2026-12-02T12:00:00Z");
  EXPECT_EQ(e["hash"].get<std::string>().size(), 64u);
  const ApiResponse all = get("/api/v1/audit", admin, {{"limit", "2"}});
  EXPECT_EQ(all.body["entries"].size(), 2u);
  EXPECT_EQ(all.body["entries"][0]["seq"], 1);
  EXPECT_EQ(get("/api/v1/audit", admin, {{"limit", "0"}}).status, 400);
}

TEST_F(StoreResources, UsersForAdministrators) {
  const std::string admin = login("anna");
  const ApiResponse list = get("/api/v1/users", admin);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["users"].size(), 3u);
  EXPECT_EQ(list.body["users"][0], json({{"name", "anna"},
                                         {"role", "administrator"},
                                         {"active", true},
                                         {"locked_until", nullptr},
                                         {"failures", 0}}));
  const ApiResponse added =
      post("/api/v1/users", admin, {{"name", "per"}, {"role", "viewer"}, {"password", kPassword}});
  EXPECT_EQ(added.status, 201) << added.body.dump();
  EXPECT_EQ(
      post("/api/v1/users", admin, {{"name", "per"}, {"role", "viewer"}, {"password", kPassword}})
          .status,
      409);
  const ApiResponse short_password =
      post("/api/v1/users", admin, {{"name", "liv"}, {"role", "viewer"}, {"password", "short"}});
  EXPECT_EQ(short_password.status, 400);
  EXPECT_EQ(short_password.body["error"]["pointer"], "/password");
  const ApiResponse bad_role =
      post("/api/v1/users", admin, {{"name", "liv"}, {"role", "boss"}, {"password", kPassword}});
  EXPECT_EQ(bad_role.body["error"]["pointer"], "/role");
  const ApiResponse promoted =
      call(Method::put, "/api/v1/users/per", admin, {{"role", "scheduler"}});
  EXPECT_EQ(promoted.status, 200);
  EXPECT_EQ(promoted.body["role"], "scheduler");
  EXPECT_EQ(call(Method::put, "/api/v1/users/nobody", admin, {{"role", "viewer"}}).status, 404);
  EXPECT_EQ(call(Method::delete_, "/api/v1/users/per", admin).status, 204);
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::user_removed);
  EXPECT_EQ(e.actor.user, "anna");
  EXPECT_EQ(e.actor.source, "192.0.2.7");
  EXPECT_EQ(post("/api/v1/session", {}, {{"user", "per"}, {"password", kPassword}}).status, 401);
  // The last administrator stays.
  EXPECT_EQ(call(Method::delete_, "/api/v1/users/anna", admin).status, 409);
}

TEST_F(StoreResources, CallsWithoutACallLogAre503) {
  const ApiResponse r =
      get("/api/v1/calls", login("ola"), {{"from", "2026-12-01"}, {"to", "2026-12-02"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body["error"]["message"],
            "the call log is not available: samtel-admind was started without --call-log");
}

class CallsResource : public StoreBacked {
 protected:
  void SetUp() override {
    call_log = dir / "calls.db";
    auto log = CallLog::open(call_log);
    ASSERT_TRUE(log);
    for (int i = 0; i < 3; ++i) {
      CallRecord c;
      c.call_id = "call-" + std::to_string(i);
      c.arrived = test_support::utc("2026-12-01T10:00:00Z") + std::chrono::hours(i * 24);
      c.line = "73553888";
      c.desk = "medisin";
      c.caller = "+47 9xx xx 123";
      c.open = true;
      c.day_type = "weekday";
      c.outcome = CallOutcome::answered;
      c.reason = "open: weekday hours";
      c.attempts.push_back({"primary", "nes", "sip:4114@pbx.stolav.example", c.arrived,
                            c.arrived + std::chrono::seconds(5), 200, AttemptResult::answered});
      (*log)->append(c);
    }
    (*log)->close();
    StoreBacked::SetUp();
  }
};

TEST_F(CallsResource, ReadsPagesAndAuditsEachRead) {
  const std::string token = login("ola");
  const ApiResponse first =
      get("/api/v1/calls", token, {{"from", "2026-12-01"}, {"to", "2026-12-02"}, {"limit", "1"}});
  ASSERT_EQ(first.status, 200) << first.body.dump();
  ASSERT_EQ(first.body["calls"].size(), 1u);
  EXPECT_EQ(first.body["calls"][0]["call_id"], "call-0");
  EXPECT_EQ(first.body["calls"][0]["caller"], "+47 9xx xx 123");
  const auto next = first.body["next"].get<std::int64_t>();
  const ApiResponse second =
      get("/api/v1/calls", token,
          {{"from", "2026-12-01"}, {"to", "2026-12-02"}, {"after", std::to_string(next)}});
  ASSERT_EQ(second.body["calls"].size(), 1u);
  EXPECT_EQ(second.body["calls"][0]["call_id"], "call-1");
  EXPECT_TRUE(second.body["next"].is_null());
  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::call_log_read);
  EXPECT_EQ(e.actor.user, "ola");
  EXPECT_EQ(e.detail, json({{"from", "2026-12-01"},
                            {"to", "2026-12-02"},
                            {"count", 1},
                            {"format", "json"},
                            {"purpose", "view"}}));
  // A purpose given is audited; one that cannot be read is refused before anything is read.
  const auto audited = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); });
  EXPECT_EQ(get("/api/v1/calls", token,
                {{"from", "2026-12-01"}, {"to", "2026-12-02"}, {"purpose", "klage sak 2026/114"}})
                .status,
            200);
  EXPECT_EQ(
      with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); }).detail["purpose"],
      "klage sak 2026/114");
  const ApiResponse bad =
      get("/api/v1/calls", token, {{"from", "2026-12-01"}, {"to", "2026-12-02"}, {"purpose", ""}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["message"],
            "the query parameter purpose must be 1 to 200 characters without control characters, "
            "not ''");
  EXPECT_EQ(with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).size(); }),
            audited + 1);
  EXPECT_EQ(get("/api/v1/calls", token, {{"from", "2026-12-03"}, {"to", "2026-12-01"}}).status,
            400);
  EXPECT_EQ(get("/api/v1/calls", token, {{"to", "2026-12-01"}}).status, 400);
}

}  // namespace
}  // namespace samtel::fw::admin
