// The schedule store's deviation reviews (samtel/store/deviation_review.hpp): a decision is kept
// per site and key, a new decision replaces it in the table while the audit trail keeps each one
// with the decision it replaced, a decision without its text or with a bad one writes nothing,
// and the changes published with coverage gaps confirmed are found by site and time. Real SQLite
// files in a temporary directory; a ManualClock.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "samtel/store/schedule_store.hpp"
#include "support/sqlite_files.hpp"

namespace samtel::fw::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Kind = StoreError::Kind;
using nlohmann::json;

std::string fresh(const std::string& name) { return test::fresh_db("reviews", name); }

using test::query;

std::string example() {
  std::ifstream in(SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Actor kKari{"kari", "192.0.2.7"};
const Actor kAnna{"anna", "192.0.2.8"};

class DeviationReviews : public ::testing::Test {
 protected:
  ManualClock clock{parse_utc("2027-03-10T09:00:00Z").value()};
  std::string path = fresh("reviews.db");

  ScheduleStore open() {
    auto s = ScheduleStore::open(path, clock, {.password_cost = PasswordCost::minimum});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
};

TEST(ReviewDecision, NamesRoundTripAndNameTheirText) {
  EXPECT_EQ(to_string(ReviewDecision::filed), "filed");
  EXPECT_EQ(to_string(ReviewDecision::dismissed), "dismissed");
  EXPECT_EQ(to_string(ReviewDecision::explained), "explained");
  EXPECT_EQ(review_decision_from_string("dismissed"), ReviewDecision::dismissed);
  EXPECT_EQ(review_decision_from_string("Filed"), std::nullopt);
  EXPECT_EQ(review_decision_from_string("open"), std::nullopt);
  EXPECT_EQ(note_name(ReviewDecision::filed), "reference");
  EXPECT_EQ(note_name(ReviewDecision::dismissed), "reason");
  EXPECT_EQ(note_name(ReviewDecision::explained), "explanation");
  EXPECT_EQ(audit_action_from_string("deviation_reviewed"), AuditAction::deviation_reviewed);
}

TEST_F(DeviationReviews, ADecisionIsKeptAndAuditedAndADecisionAgainReplacesIt) {
  {
    ScheduleStore store = open();
    auto filed = store.review_deviation({.site = "st-olavs",
                                         .key = "coverage_gap:c1",
                                         .decision = ReviewDecision::filed,
                                         .note = "AVV-2027-0113"},
                                        kKari);
    ASSERT_TRUE(filed) << filed.error().message;
    EXPECT_EQ(filed->reviewed_by, "kari");
    EXPECT_EQ(filed->reviewed, clock.now());

    clock.advance(2h);
    auto explained = store.review_deviation({.site = "st-olavs",
                                             .key = "coverage_gap:c1",
                                             .decision = ReviewDecision::explained,
                                             .note = "the exchange was down, not the unit"},
                                            kAnna);
    ASSERT_TRUE(explained) << explained.error().message;
    ASSERT_TRUE(store.review_deviation({.site = "st-olavs",
                                        .key = "long_wait:c9",
                                        .decision = ReviewDecision::dismissed,
                                        .note = "a test call"},
                                       kKari));
    ASSERT_TRUE(store.review_deviation({.site = "hnt",
                                        .key = "coverage_gap:c1",
                                        .decision = ReviewDecision::dismissed,
                                        .note = "another site's"},
                                       kKari));

    const auto reviews = store.deviation_reviews("st-olavs");
    ASSERT_EQ(reviews.size(), 2u);
    EXPECT_EQ(reviews[0].key, "coverage_gap:c1");
    EXPECT_EQ(reviews[0].decision, ReviewDecision::explained);
    EXPECT_EQ(reviews[0].note, "the exchange was down, not the unit");
    EXPECT_EQ(reviews[0].reviewed_by, "anna");
    EXPECT_EQ(reviews[0].reviewed, parse_utc("2027-03-10T11:00:00Z").value());
    EXPECT_EQ(reviews[1].key, "long_wait:c9");
    EXPECT_EQ(reviews[1].decision, ReviewDecision::dismissed);

    const auto trail = store.audit();
    ASSERT_EQ(trail.size(), 4u);
    EXPECT_EQ(trail[0].action, AuditAction::deviation_reviewed);
    EXPECT_EQ(trail[0].actor.user, "kari");
    EXPECT_EQ(trail[0].site, "st-olavs");
    EXPECT_EQ(
        trail[0].detail,
        json({{"key", "coverage_gap:c1"}, {"decision", "filed"}, {"reference", "AVV-2027-0113"}}));
    EXPECT_EQ(trail[1].actor.user, "anna");
    EXPECT_EQ(trail[1].detail, json({{"key", "coverage_gap:c1"},
                                     {"decision", "explained"},
                                     {"explanation", "the exchange was down, not the unit"},
                                     {"replaces",
                                      {{"decision", "filed"},
                                       {"reference", "AVV-2027-0113"},
                                       {"by", "kari"},
                                       {"at", "2027-03-10T09:00:00Z"}}}}));
    EXPECT_TRUE(store.verify().ok());
  }
  // The table holds the decision in force, one row a candidate.
  EXPECT_EQ(query(path,
                  "SELECT site, candidate_key, decision, note, reviewed_by, reviewed_utc FROM "
                  "deviation_reviews ORDER BY site, candidate_key"),
            "hnt|coverage_gap:c1|dismissed|another site's|kari|2027-03-10T11:00:00Z\n"
            "st-olavs|coverage_gap:c1|explained|the exchange was down, not the unit|anna|"
            "2027-03-10T11:00:00Z\n"
            "st-olavs|long_wait:c9|dismissed|a test call|kari|2027-03-10T11:00:00Z\n");
}

TEST_F(DeviationReviews, ADecisionWithoutItsTextOrWithABadOneWritesNothing) {
  ScheduleStore store = open();
  struct Case {
    ReviewRequest request;
    const char* message;
  };
  const std::string long_note(kMaxReviewNoteBytes + 1, 'x');
  const Case cases[] = {
      {{.site = "st-olavs", .key = "coverage_gap:c1", .decision = ReviewDecision::filed},
       "reference: must not be empty; give the deviation system's reference"},
      {{.site = "st-olavs",
        .key = "coverage_gap:c1",
        .decision = ReviewDecision::dismissed,
        .note = "  "},
       "reason: must not be empty; say why it is no deviation"},
      {{.site = "st-olavs", .key = "coverage_gap:c1", .decision = ReviewDecision::explained},
       "explanation: must not be empty; give the explanation"},
      {{.site = "st-olavs",
        .key = "coverage_gap:c1",
        .decision = ReviewDecision::explained,
        .note = long_note},
       "explanation: 2001 bytes, at most 2000"},
      {{.site = "st-olavs",
        .key = "coverage_gap:c1",
        .decision = ReviewDecision::filed,
        .note = "AVV\n1"},
       "reference: contains a control character (U+000A); write it on one line"},
      {{.site = "st-olavs", .key = "", .decision = ReviewDecision::filed, .note = "AVV-1"},
       "key: must not be empty; name the candidate by its key"},
      {{.site = "", .key = "coverage_gap:c1", .decision = ReviewDecision::filed, .note = "AVV-1"},
       "site: must not be empty; name the site"},
  };
  for (const Case& c : cases) {
    auto r = store.review_deviation(c.request, kKari);
    ASSERT_FALSE(r) << c.message;
    EXPECT_EQ(r.error().kind, Kind::invalid);
    EXPECT_EQ(r.error().message, c.message);
  }
  EXPECT_TRUE(store.deviation_reviews("st-olavs").empty());
  EXPECT_TRUE(store.audit().empty());
  EXPECT_EQ(query(path, "SELECT count(*) FROM deviation_reviews"), "0\n");
}

TEST_F(DeviationReviews, ChangesPublishedWithGapsConfirmedAreFoundBySiteAndTime) {
  ScheduleStore store = open();
  const VersionId v1 = store.initialise(example(), kKari, "first").value();
  auto content = nlohmann::ordered_json::parse(example());
  const auto publish = [&](VersionId base, const std::string& name, bool confirmed) {
    content["lines"][0]["name"] = name;
    clock.advance(24h);
    return store
        .publish({.site = "st-olavs",
                  .base = base,
                  .content = content.dump(2),
                  .actor = kAnna,
                  .comment = name,
                  .routing_effect = "opens a gap",
                  .confirmed_gaps = confirmed})
        .value();
  };
  const VersionId v2 = publish(v1, "A", true);   // 2027-03-11T09:00Z
  const VersionId v3 = publish(v2, "B", false);  // 2027-03-12T09:00Z
  const VersionId v4 = publish(v3, "C", true);   // 2027-03-13T09:00Z
  publish(v4, "D", true);                        // 2027-03-14T09:00Z

  const auto found = store.gap_confirmations("st-olavs", parse_utc("2027-03-11T00:00:00Z").value(),
                                             parse_utc("2027-03-14T09:00:00Z").value());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].version_to, v2);
  EXPECT_EQ(found[0].at, parse_utc("2027-03-11T09:00:00Z").value());
  EXPECT_EQ(found[0].actor.user, "anna");
  EXPECT_EQ(found[0].routing_effect, "opens a gap");
  EXPECT_EQ(found[1].version_to, v4);
  EXPECT_TRUE(store
                  .gap_confirmations("hnt", parse_utc("2027-03-01T00:00:00Z").value(),
                                     parse_utc("2027-04-01T00:00:00Z").value())
                  .empty());
}

}  // namespace
}  // namespace samtel::fw::store
