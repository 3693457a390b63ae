// Duty calendars at secret URLs, in memory over the St. Olavs example (store_fixture.hpp, wall
// clock 2026-12-02T12:00Z): a scheduler makes a feed, anyone with its URL fetches the calendar
// (three months back, twelve ahead) without an account, and revokes it; roles; refusals naming
// the field; the audit trail; one 404 for every token that opens nothing.
#include <regex>

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::StoreBacked;

class Feeds : public StoreBacked {
 protected:
  ApiResponse remove(const std::string& path, const std::string& token = {}) {
    return call(Method::delete_, path, token);
  }
  // Makes a feed as `token`'s account; its URL.
  std::string make(const std::string& token, const json& body) {
    const ApiResponse r = post("/api/v1/feeds", token, body);
    EXPECT_EQ(r.status, 201) << r.body.dump();
    return r.body.value("url", "");
  }
  std::vector<store::AuditEntry> audit() {
    return with_store([](store::ScheduleStore& s) { return s.audit(0, 1000); });
  }
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every DTSTART of a feed, in order.
std::vector<std::string> starts(const std::string& ics) {
  std::vector<std::string> out;
  const std::regex start("DTSTART;TZID=Europe/Oslo:([0-9T]+)\r\n");
  for (std::sregex_iterator it(ics.begin(), ics.end(), start), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

TEST_F(Feeds, APersonsFeedIsMadeOnceAndServedWithoutAnAccount) {
  const std::string kari = login("kari");
  const ApiResponse made = post("/api/v1/feeds", kari, {{"site", "st-olavs"}, {"person", "vik"}});
  ASSERT_EQ(made.status, 201) << made.body.dump();
  EXPECT_EQ(made.body["id"], 1);
  EXPECT_EQ(made.body["site"], "st-olavs");
  EXPECT_EQ(made.body["person"], "vik");
  EXPECT_EQ(made.body["created"], "2026-12-02T12:00:00Z");
  EXPECT_EQ(made.body["created_by"], "kari");
  const std::string url = made.body["url"];
  EXPECT_TRUE(std::regex_match(url, std::regex("/feeds/[0-9a-f]{64}\\.ics"))) << url;

  const ApiResponse feed = get(url, {});
  ASSERT_EQ(feed.status, 200) << feed.body.dump();
  ASSERT_TRUE(feed.text);
  EXPECT_EQ(feed.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(feed.header("Referrer-Policy"), "no-referrer");
  const std::string& ics = *feed.text;
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTAMP:20261202T120000Z\r\n"), std::string::npos);
  // Vik's week of cardiology from Monday 7 December.
  EXPECT_NE(ics.find("UID:st-olavs+kardiologi+primary+vik+20261207T070000Z@samtel\r\n"),
            std::string::npos);
  EXPECT_NE(ics.find("DTSTART;TZID=Europe/Oslo:20261207T080000\r\nDTEND;TZID=Europe/Oslo:"
                     "20261214T080000\r\n"),
            std::string::npos)
      << ics;
  EXPECT_NE(ics.find("SUMMARY:Vakthavende kardiolog (primary)\r\n"), std::string::npos);
  // Every fourth week, from the first after 2 September 2026 to the last before 3 December 2027.
  const auto weeks = starts(ics);
  ASSERT_EQ(weeks.size(), 16u);
  EXPECT_EQ(weeks.front(), "20260914T080000");
  EXPECT_EQ(weeks.back(), "20271108T080000");
  EXPECT_EQ(count(ics, "BEGIN:VEVENT"), 16u);

  // HEAD is answered as GET; the fetch is noted, the token never shown again.
  EXPECT_EQ(call(Method::head, url).status, 200);
  const ApiResponse list = get("/api/v1/feeds", kari);
  ASSERT_EQ(list.status, 200) << list.body.dump();
  EXPECT_EQ(list.body, json::parse(R"({"feeds": [{"id": 1, "site": "st-olavs", "person": "vik",
              "created": "2026-12-02T12:00:00Z", "created_by": "kari", "revoked": null,
              "revoked_by": null, "last_fetched": "2026-12-02T12:00:00Z"}]})"));
  EXPECT_EQ(list.body.dump().find(url.substr(7, 64)), std::string::npos);
}

TEST_F(Feeds, ADesksFeedShowsWhoHoldsItsRota) {
  const std::string anna = login("anna");
  const ApiResponse made = post("/api/v1/feeds", anna, {{"site", "st-olavs"}, {"desk", "gastro"}});
  ASSERT_EQ(made.status, 201) << made.body.dump();
  EXPECT_EQ(made.body["desk"], "gastro");
  EXPECT_EQ(made.body["line"], "73553888");
  EXPECT_FALSE(made.body.contains("person"));
  const ApiResponse feed = get(made.body["url"].get<std::string>(), {});
  ASSERT_EQ(feed.status, 200) << feed.body.dump();
  // Every week, Lund, Dale and Foss in turn: Lund from 7 December. The week reaching into the
  // window (from 31 August) is given whole.
  EXPECT_NE(feed.text->find("UID:73553888+gastro+primary+lund+20261207T070000Z@desk.samtel\r\n"),
            std::string::npos)
      << *feed.text;
  const auto weeks = starts(*feed.text);
  ASSERT_EQ(weeks.size(), 66u);
  EXPECT_EQ(weeks.front(), "20260831T080000");
  EXPECT_EQ(weeks.back(), "20271129T080000");
  // Given with its line, the same desk.
  const ApiResponse with_line =
      post("/api/v1/feeds", anna, {{"site", "st-olavs"}, {"desk", "gastro"}, {"line", "73553888"}});
  EXPECT_EQ(with_line.status, 201) << with_line.body.dump();
}

TEST_F(Feeds, ThreeMonthsBackAndTwelveAheadOfTheServicesClock) {
  const std::string url = make(login("kari"), {{"site", "st-olavs"}, {"person", "vik"}});
  wall.set(test_support::utc("2027-05-31T10:00:00Z"));
  // From 28 February 2027 (31 May less three months, on the month's last day) to 31 May 2028,
  // past the rota's end on 3 January 2028.
  const auto weeks = starts(*get(url, {}).text);
  ASSERT_FALSE(weeks.empty());
  EXPECT_EQ(weeks.front(), "20270301T080000");
  EXPECT_EQ(weeks.back(), "20271206T080000");
  EXPECT_EQ(weeks.size(), 11u);
}

TEST_F(Feeds, RevokedByItsMakerByAnAdministratorOrByWhoeverHoldsTheUrl) {
  const std::string kari = login("kari");
  const std::string anna = login("anna");
  const std::string vik = make(kari, {{"site", "st-olavs"}, {"person", "vik"}});
  const std::string gastro = make(anna, {{"site", "st-olavs"}, {"desk", "gastro"}});
  const std::string lund = make(kari, {{"site", "st-olavs"}, {"person", "lund"}});

  // A scheduler may not revoke another's feed; a viewer may not make one.
  const ApiResponse not_hers = remove("/api/v1/feeds/2", kari);
  EXPECT_EQ(not_hers.status, 403);
  EXPECT_EQ(not_hers.body["error"]["message"],
            "calendar feed 2 was made by 'anna': only they or an administrator may revoke it");
  const ApiResponse viewer =
      post("/api/v1/feeds", login("ola"), {{"site", "st-olavs"}, {"person", "vik"}});
  EXPECT_EQ(viewer.status, 403);
  EXPECT_EQ(viewer.body["error"]["message"],
            "this needs the role scheduler; 'ola' has the role viewer");

  // Others see only their own; an administrator sees all, by site if asked.
  EXPECT_EQ(get("/api/v1/feeds", kari).body["feeds"].size(), 2u);
  EXPECT_EQ(get("/api/v1/feeds", login("ola")).body["feeds"].size(), 0u);
  EXPECT_EQ(get("/api/v1/feeds", anna).body["feeds"].size(), 3u);
  EXPECT_EQ(get("/api/v1/feeds", anna, {{"site", "hnt"}}).body["feeds"].size(), 0u);

  // The maker revokes by id; an administrator anyone's.
  EXPECT_EQ(remove("/api/v1/feeds/1", kari).status, 204);
  EXPECT_EQ(get(vik, {}).status, 404);
  wall.advance(std::chrono::minutes(5));
  EXPECT_EQ(remove("/api/v1/feeds/3", anna).status, 204);
  EXPECT_EQ(get(lund, {}).status, 404);
  const ApiResponse twice = remove("/api/v1/feeds/3", anna);
  EXPECT_EQ(twice.status, 404);
  EXPECT_EQ(twice.body["error"]["message"],
            "calendar feed 3 was revoked already, at 2026-12-02T12:05:00Z by 'anna'");
  EXPECT_EQ(remove("/api/v1/feeds/9", anna).body["error"]["message"], "no calendar feed 9");
  EXPECT_EQ(remove("/api/v1/feeds/x", anna).body["error"]["message"], "no calendar feed 'x'");

  // Whoever holds the URL revokes it with the URL, without an account.
  EXPECT_EQ(get(gastro, {}).status, 200);
  const ApiResponse by_url = remove(gastro);
  EXPECT_EQ(by_url.status, 204) << by_url.body.dump();
  EXPECT_EQ(get(gastro, {}).status, 404);
  EXPECT_EQ(remove(gastro).status, 404);

  const ApiResponse listed = get("/api/v1/feeds", anna);
  ASSERT_EQ(listed.body["feeds"].size(), 3u);
  EXPECT_EQ(listed.body["feeds"][0]["revoked"], "2026-12-02T12:00:00Z");
  EXPECT_EQ(listed.body["feeds"][0]["revoked_by"], "kari");
  EXPECT_EQ(listed.body["feeds"][1]["revoked_by"], "feed holder");
  EXPECT_EQ(listed.body["feeds"][2]["revoked_by"], "anna");
}

TEST_F(Feeds, EveryTokenThatOpensNothingIsTheSame404) {
  const std::string url = make(login("kari"), {{"site", "st-olavs"}, {"person", "vik"}});
  ASSERT_EQ(remove(url).status, 204);
  for (const std::string& path :
       {url, "/feeds/" + std::string(64, '0') + ".ics", std::string("/feeds/secret.ics"),
        url.substr(0, url.size() - 4), url + ".ics", std::string("/feeds/.ics")}) {
    SCOPED_TRACE(path);
    for (const ApiResponse& r : {get(path, {}), remove(path)}) {
      EXPECT_EQ(r.status, 404);
      EXPECT_EQ(r.body, json::parse(R"({"error": {"status": 404, "message":
        "no calendar feed at this address: the link is not one, or the feed was revoked"}})"));
    }
  }
}

TEST_F(Feeds, RefusalsNameWhatIsWrong) {
  const std::string kari = login("kari");
  const auto refused = [&](const json& body) {
    const ApiResponse r = post("/api/v1/feeds", kari, body);
    json e = r.body.value("error", json::object());
    e.erase("status");
    return std::pair{r.status, e};
  };
  EXPECT_EQ(refused({{"site", "st-olav"}, {"person", "vik"}}),
            std::pair(404, json{{"message", "no site 'st-olav' is published"}}));
  EXPECT_EQ(refused({{"site", "st-olavs"}, {"person", "vikk"}}),
            std::pair(400, json{{"message",
                                 "no person 'vikk' at site 'st-olavs' (known: aas, berg, dahl, "
                                 "eide, fjeld, gran, haug, lie, moe, nes, ruud, sand, vik, "
                                 "strand, holm, bakke, lund, dale, foss, hagen, solberg, myhre)"},
                                {"pointer", "/person"}}));
  EXPECT_EQ(refused({{"site", "st-olavs"}, {"desk", "gastr"}}),
            std::pair(400, json{{"message",
                                 "no desk 'gastr' at site 'st-olavs' (known: medisin, kirurgi, "
                                 "kardiologi, gastro, lunge)"},
                                {"pointer", "/desk"}}));
  EXPECT_EQ(refused({{"site", "st-olavs"}, {"desk", "gastro"}, {"line", "999"}}),
            std::pair(400, json{{"message", "no line '999' at site 'st-olavs' (known: 73553888)"},
                                {"pointer", "/line"}}));
  EXPECT_EQ(refused({{"site", "st-olavs"}}),
            std::pair(400, json{{"message", "give the person or the desk the calendar shows"}}));
  EXPECT_EQ(
      refused({{"site", "st-olavs"}, {"person", "vik"}, {"desk", "gastro"}}),
      std::pair(400, json{{"message", "give the person or the desk a calendar shows, not both"},
                          {"pointer", "/desk"}}));
  EXPECT_EQ(
      refused({{"site", "st-olavs"}, {"person", "vik"}, {"line", "73553888"}}),
      std::pair(400, json{{"message", "a person's calendar takes no line; give it with a desk"},
                          {"pointer", "/line"}}));
  EXPECT_EQ(refused({{"person", "vik"}}).first, 400);
  EXPECT_EQ(refused({{"site", "st-olavs"}, {"person", "vik"}, {"token", "x"}}).second["pointer"],
            "/token");
  EXPECT_EQ(refused({{"site", "st-olavs"}, {"person", 7}}).second["pointer"], "/person");
  // Nothing was made, nothing audited but the sign-in.
  EXPECT_TRUE(with_store([](store::ScheduleStore& s) { return s.feeds(); }).empty());
  EXPECT_EQ(audit().back().action, store::AuditAction::logged_in);
}

TEST_F(Feeds, MakingAndRevokingAreAuditedWithoutTheToken) {
  const std::string kari = login("kari");
  const std::string url = make(kari, {{"site", "st-olavs"}, {"person", "vik"}});
  ASSERT_EQ(remove(url).status, 204);
  const auto entries = audit();
  ASSERT_GE(entries.size(), 2u);
  const store::AuditEntry& made = entries[entries.size() - 2];
  EXPECT_EQ(made.action, store::AuditAction::feed_created);
  EXPECT_EQ(made.actor.user, "kari");
  EXPECT_EQ(made.actor.source, "192.0.2.7");
  EXPECT_EQ(made.site, "st-olavs");
  EXPECT_EQ(made.detail, json({{"feed", 1}, {"subject", "person"}, {"person", "vik"}}));
  const store::AuditEntry& revoked = entries.back();
  EXPECT_EQ(revoked.action, store::AuditAction::feed_revoked);
  EXPECT_EQ(revoked.actor.user, "feed holder");
  EXPECT_EQ(revoked.actor.source, "192.0.2.7");
  EXPECT_EQ(revoked.detail,
            json({{"feed", 1}, {"subject", "person"}, {"person", "vik"}, {"created_by", "kari"}}));
  const std::string token = url.substr(7, 64);
  const ApiResponse trail = get("/api/v1/audit", login("anna"));
  EXPECT_EQ(trail.body.dump().find(token), std::string::npos);
  EXPECT_TRUE(with_store([](store::ScheduleStore& s) { return s.verify(); }).ok());
}

TEST(FeedPaths, TheRequestLogNeverShowsAFeedsToken) {
  EXPECT_EQ(path_for_log("/feeds/0123456789abcdef.ics"), "/feeds/…");
  EXPECT_EQ(path_for_log("/feeds/"), "/feeds/");
  EXPECT_EQ(path_for_log("/api/v1/feeds/3"), "/api/v1/feeds/3");
}

}  // namespace
}  // namespace samtel::fw::admin
