// `samtel admin deviations list|review` against a fake service: the exact request each sends,
// what it prints, and the usage errors (which send nothing).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "admin_command_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::Outcome;
using Strings = std::vector<std::string>;

constexpr const char* kList = R"({"site": "st-olavs", "from": "2026-12-01", "to": "2026-12-31",
  "calls_read": 2, "deviations": [
  {"key": "coverage_gap:g1@192.0.2.1", "category": "coverage_gap", "severity": "high",
   "start": "2026-12-01T00:30:00+01:00", "end": "2026-12-01T00:30:00+01:00",
   "description": "1 call to 73553888 (medisin) while open found nobody on duty",
   "calls": [{"id": 1, "arrived": "2026-12-01T00:30:00+01:00", "outcome": "gap"},
             {"id": 7, "arrived": "2026-12-01T00:34:00+01:00", "outcome": "gap"}],
   "status": "filed",
   "review": {"decision": "filed", "reference": "AVV-2026-881", "by": "kari",
              "at": "2026-12-02T12:00:00Z"}},
  {"key": "long_wait:w1@192.0.2.1", "category": "long_wait", "severity": "medium",
   "start": "2026-12-01T10:00:00+01:00", "end": "2026-12-01T10:00:00+01:00",
   "description": "1 call waited", "calls": [{"id": 2, "arrived": "2026-12-01T10:00:00+01:00",
   "outcome": "answered"}], "status": "open", "review": null}]})";

class DeviationCommands : public test_support::AdminCommandTest {};

TEST_F(DeviationCommands, ListAsksForTheSitesPeriodAndPrintsEachCandidate) {
  fake_.answer("GET", "/api/v1/sites/st-olavs/deviations", 200, std::string(kList));
  const Outcome r = run({"deviations", "list", "--site", "st-olavs", "--from", "2026-12-01", "--to",
                         "2026-12-31", "--status", "filed"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            Strings{"GET /api/v1/sites/st-olavs/deviations?from=2026-12-01&to=2026-12-31&"
                    "status=filed"});
  const auto lines = [&] {
    Strings out;
    std::string::size_type at = 0;
    while (at < r.out.size()) {
      const auto nl = r.out.find('\n', at);
      out.push_back(r.out.substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }();
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0].rfind("start", 0), 0u);
  EXPECT_NE(lines[2].find("coverage_gap  high"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("1,7"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("filed AVV-2026-881 (kari 2026-12-02T12:00:00Z)"), std::string::npos);
  EXPECT_NE(lines[3].find("long_wait:w1@192.0.2.1"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("open"), std::string::npos) << lines[3];

  const Outcome json = run({"deviations", "list", "--site", "st-olavs", "--from", "2026-12-01",
                            "--to", "2026-12-31", "--json"});
  EXPECT_EQ(json.code, kExitOk);
  EXPECT_EQ(nlohmann::json::parse(json.out), nlohmann::json::parse(kList));
}

TEST_F(DeviationCommands, ReviewSendsTheDecisionWithItsText) {
  fake_.answer(
      "PUT", "/api/v1/sites/st-olavs/deviations/coverage_gap:g1@192.0.2.1/review", 200,
      std::string(R"({"site": "st-olavs", "key": "coverage_gap:g1@192.0.2.1", "review": {}})"));
  const Outcome filed = run({"deviations", "review", "--site", "st-olavs", "--key",
                             "coverage_gap:g1@192.0.2.1", "--filed", "AVV-2026-881"});
  EXPECT_EQ(filed.code, kExitOk) << filed.err;
  EXPECT_EQ(fake_.received().at(0).json(),
            (nlohmann::json{{"decision", "filed"}, {"reference", "AVV-2026-881"}}));
  EXPECT_EQ(filed.out, "coverage_gap:g1@192.0.2.1: filed AVV-2026-881\n");

  const Outcome dismissed = run({"deviations", "review", "--site", "st-olavs", "--key",
                                 "coverage_gap:g1@192.0.2.1", "--dismissed", "a test call"});
  EXPECT_EQ(dismissed.code, kExitOk) << dismissed.err;
  EXPECT_EQ(fake_.received().at(1).json(),
            (nlohmann::json{{"decision", "dismissed"}, {"reason", "a test call"}}));
  const Outcome explained = run({"deviations", "review", "--site", "st-olavs", "--key",
                                 "coverage_gap:g1@192.0.2.1", "--explained", "the exchange"});
  EXPECT_EQ(fake_.received().at(2).json(),
            (nlohmann::json{{"decision", "explained"}, {"explanation", "the exchange"}}));
}

TEST_F(DeviationCommands, UsageErrorsSendNothing) {
  const Outcome none = run({"deviations", "review", "--site", "st-olavs", "--key", "k:1"});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_EQ(none.err,
            "samtel admin: deviations review: give one of --filed REFERENCE, --dismissed REASON "
            "or --explained TEXT\n");
  const Outcome two = run({"deviations", "review", "--site", "st-olavs", "--key", "k:1", "--filed",
                           "A", "--dismissed", "B"});
  EXPECT_EQ(two.code, kExitUsage);
  const Outcome no_key = run({"deviations", "review", "--site", "st-olavs", "--filed", "A"});
  EXPECT_EQ(no_key.code, kExitUsage);
  EXPECT_EQ(no_key.err, "samtel admin: deviations review: --key is required\n");
  const Outcome no_from = run({"deviations", "list", "--site", "st-olavs", "--to", "2026-12-31"});
  EXPECT_EQ(no_from.code, kExitUsage);
  EXPECT_EQ(no_from.err, "samtel admin: deviations list: --from is required\n");
  EXPECT_TRUE(fake_.requests().empty());
}

}  // namespace
}  // namespace samtel::fw::admin
