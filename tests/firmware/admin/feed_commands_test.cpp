// `samtel admin feed add|list|revoke` against a fake service: the exact request each sends, the
// URL or table it prints, and the exit statuses of refusals and usage errors (which send
// nothing).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "admin_command_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::Outcome;
using Strings = std::vector<std::string>;

const std::string kToken(64, 'c');

constexpr const char* kList = R"({"feeds": [
  {"id": 1, "site": "st-olavs", "person": "vik", "created": "2026-12-02T12:00:00Z",
   "created_by": "kari", "revoked": null, "revoked_by": null,
   "last_fetched": "2026-12-03T06:10:00Z"},
  {"id": 2, "site": "st-olavs", "desk": "gastro", "line": "73553888",
   "created": "2026-12-02T12:30:00Z", "created_by": "kari", "revoked": "2026-12-04T08:00:00Z",
   "revoked_by": "feed holder", "last_fetched": null}]})";

class FeedCommands : public test_support::AdminCommandTest {};

TEST_F(FeedCommands, AddSendsTheSubjectAndPrintsTheWholeUrl) {
  fake_.answer("POST", "/api/v1/feeds", 201,
               nlohmann::json{{"id", 4},
                              {"site", "st-olavs"},
                              {"person", "vik"},
                              {"created", "2026-12-02T12:00:00Z"},
                              {"created_by", "kari"},
                              {"url", "/feeds/" + kToken + ".ics"}});
  const Outcome r = run({"feed", "add", "--site", "st-olavs", "--person", "vik"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"POST /api/v1/feeds"});
  EXPECT_EQ(fake_.received().at(0).json(),
            (nlohmann::json{{"site", "st-olavs"}, {"person", "vik"}}));
  EXPECT_EQ(fake_.received().at(0).authorization, "Bearer tok3n");
  EXPECT_EQ(r.out, fake_.url() + "/feeds/" + kToken + ".ics\n");
  EXPECT_EQ(r.err,
            "calendar feed 4: person vik at st-olavs; the URL is shown only now, and whoever "
            "holds it can read and revoke the calendar\n");
}

TEST_F(FeedCommands, AddOfADeskSendsItsLineWhenGiven) {
  fake_.answer("POST", "/api/v1/feeds", 201,
               nlohmann::json{{"id", 5},
                              {"site", "hnt"},
                              {"desk", "medisin"},
                              {"line", "74215800"},
                              {"url", "/feeds/" + kToken + ".ics"}});
  const Outcome r =
      run({"feed", "add", "--site", "hnt", "--desk", "medisin", "--line", "74215800"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.received().at(0).json(),
            (nlohmann::json{{"site", "hnt"}, {"desk", "medisin"}, {"line", "74215800"}}));
  EXPECT_EQ(r.err.rfind("calendar feed 5: desk medisin on 74215800 at hnt;", 0), 0u) << r.err;
}

TEST_F(FeedCommands, AddNeedsASiteAndOneSubjectAndSendsNothingWithout) {
  const Outcome no_site = run({"feed", "add", "--person", "vik"});
  EXPECT_EQ(no_site.code, kExitUsage);
  EXPECT_EQ(no_site.err, "samtel admin: feed add: --site is required\n");
  const Outcome both = run({"feed", "add", "--site", "s", "--person", "vik", "--desk", "gastro"});
  EXPECT_EQ(both.code, kExitUsage);
  EXPECT_EQ(both.err, "samtel admin: feed add: give --person or --desk (one of them)\n");
  const Outcome line = run({"feed", "add", "--site", "s", "--person", "vik", "--line", "1"});
  EXPECT_EQ(line.err, "samtel admin: feed add: --line goes with --desk\n");
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(FeedCommands, ARefusalIsTheServicesMessage) {
  fake_.refuse("POST", "/api/v1/feeds", 403,
               "this needs the role scheduler; 'ola' has the role viewer");
  const Outcome r = run({"feed", "add", "--site", "st-olavs", "--person", "vik"});
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err,
            "samtel admin: 403 Forbidden: this needs the role scheduler; 'ola' has the role "
            "viewer\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(FeedCommands, ListPrintsATableOrTheServicesJson) {
  fake_.answer("GET", "/api/v1/feeds", 200, std::string(kList));
  const Outcome r = run({"feed", "list", "--site", "st-olavs"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"GET /api/v1/feeds?site=st-olavs"});
  EXPECT_EQ(r.out,
            "id  site      shows                    created               by    last fetched    "
            "      revoked\n" +
                std::string(124, '-') +
                "\n"
                "1   st-olavs  person vik               2026-12-02T12:00:00Z  kari  "
                "2026-12-03T06:10:00Z  -\n"
                "2   st-olavs  desk gastro on 73553888  2026-12-02T12:30:00Z  kari  -           "
                "          2026-12-04T08:00:00Z by feed holder\n");
  const Outcome json = run({"feed", "list", "--json"});
  EXPECT_EQ(json.code, kExitOk);
  EXPECT_EQ(json.out, nlohmann::ordered_json::parse(kList).dump(2) + "\n");
  EXPECT_EQ(fake_.requests().back(), "GET /api/v1/feeds");
}

TEST_F(FeedCommands, RevokeDeletesTheFeedById) {
  fake_.answer("DELETE", "/api/v1/feeds/7", 204, std::string());
  const Outcome r = run({"feed", "revoke", "7"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), Strings{"DELETE /api/v1/feeds/7"});
  EXPECT_EQ(r.out, "calendar feed 7 revoked: its URL opens nothing from now on\n");
  const Outcome bad = run({"feed", "revoke", "seven"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_EQ(bad.err,
            "samtel admin: feed revoke: the feed's id 'seven' is not a whole number "
            "0..999999999999\n");
  const Outcome none = run({"feed", "revoke"});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_EQ(none.err, "samtel admin: feed revoke: the feed's id is required\n");
  EXPECT_EQ(fake_.requests().size(), 1u);
}

}  // namespace
}  // namespace samtel::fw::admin
