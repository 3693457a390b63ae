// GET /api/v1/sites/{site}/deviations and PUT .../deviations/{key}/review over a real call log and
// a real schedule store: the month's candidates with their calls (ids and times, no caller) and
// status, the reading audited with purpose "deviations", a decision recorded and audited and
// changed again, filtering by status, who may do what, and the refusals naming the field.
#include <gtest/gtest.h>

#include "samtel/store/call_log.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::StoreBacked;

class DeviationsResource : public StoreBacked {
 protected:
  void SetUp() override {
    call_log = dir / "calls.db";
    auto log = CallLog::open(call_log);
    ASSERT_TRUE(log);
    const auto add = [&](const char* id, const char* arrived, CallOutcome outcome, const char* line,
                         std::optional<std::int64_t> wait, const char* caller) {
      CallRecord c;
      c.call_id = id;
      c.arrived = test_support::utc(arrived);
      c.line = line;
      c.desk = "medisin";
      c.caller = caller;
      c.open = true;
      c.day_type = "weekday";
      c.outcome = outcome;
      c.wait_ms = wait;
      c.reason = "synthetic";
      (*log)->append(c);
    };
    // 1 December 00:30 local: nobody on duty.
    add("g1@192.0.2.1", "2026-11-30T23:30:00Z", CallOutcome::gap, "73553888", {}, "********41");
    // 1 December 10:00 local: answered after 90 s.
    add("w1@192.0.2.1", "2026-12-01T09:00:00Z", CallOutcome::answered, "73553888", 90000,
        "********42");
    add("o1@192.0.2.1", "2026-12-01T09:30:00Z", CallOutcome::gap, "99999999", {}, "********43");
    (*log)->close();
    StoreBacked::SetUp();
  }

  ApiResponse put(const std::string& path, const std::string& token, const json& body) {
    return call(Method::put, path, token, body);
  }
  ApiResponse list(const std::string& token, std::multimap<std::string, std::string> extra = {}) {
    extra.emplace("from", "2026-12-01");
    extra.emplace("to", "2026-12-31");
    return get("/api/v1/sites/st-olavs/deviations", token, std::move(extra));
  }
  static std::vector<std::string> keys(const ApiResponse& r) {
    std::vector<std::string> out;
    for (const auto& d : r.body["deviations"]) out.push_back(d["key"]);
    return out;
  }
};

TEST_F(DeviationsResource, AMonthsCandidatesWithTheirCallsAndTheReadingAudited) {
  const ApiResponse r = list(login("kari"));
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["site"], "st-olavs");
  EXPECT_EQ(r.body["from"], "2026-12-01");
  EXPECT_EQ(r.body["to"], "2026-12-31");
  EXPECT_EQ(r.body["calls_read"], 2);
  ASSERT_EQ(keys(r),
            (std::vector<std::string>{"coverage_gap:g1@192.0.2.1", "long_wait:w1@192.0.2.1"}));
  const json& gap = r.body["deviations"][0];
  EXPECT_EQ(gap["category"], "coverage_gap");
  EXPECT_EQ(gap["severity"], "high");
  EXPECT_EQ(gap["start"], "2026-12-01T00:30:00+01:00");
  EXPECT_EQ(gap["end"], "2026-12-01T00:30:00+01:00");
  EXPECT_EQ(
      gap["calls"],
      json::array({{{"id", 1}, {"arrived", "2026-12-01T00:30:00+01:00"}, {"outcome", "gap"}}}));
  EXPECT_EQ(gap["status"], "open");
  EXPECT_TRUE(gap["review"].is_null());
  EXPECT_EQ(r.body["deviations"][1]["severity"], "medium");
  EXPECT_EQ(r.body.dump().find("********"), std::string::npos) << "no caller number is shown";

  const auto e = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(e.action, store::AuditAction::call_log_read);
  EXPECT_EQ(e.actor.user, "kari");
  EXPECT_EQ(e.detail, json({{"purpose", "deviations"},
                            {"site", "st-olavs"},
                            {"from", "2026-12-01"},
                            {"to", "2026-12-31"},
                            {"count", 2}}));
}

TEST_F(DeviationsResource, ADecisionIsRecordedAuditedAndCanBeChanged) {
  const std::string kari = login("kari");
  const std::string path = "/api/v1/sites/st-olavs/deviations/coverage_gap:g1@192.0.2.1/review";
  const ApiResponse filed = put(path, kari, {{"decision", "filed"}, {"reference", "AVV-2026-881"}});
  ASSERT_EQ(filed.status, 200) << filed.body.dump();
  EXPECT_EQ(filed.body, json({{"site", "st-olavs"},
                              {"key", "coverage_gap:g1@192.0.2.1"},
                              {"review",
                               {{"decision", "filed"},
                                {"reference", "AVV-2026-881"},
                                {"by", "kari"},
                                {"at", "2026-12-02T12:00:00Z"}}}}));
  const auto entry = with_store([](store::ScheduleStore& s) { return s.audit(0, 1000).back(); });
  EXPECT_EQ(entry.action, store::AuditAction::deviation_reviewed);
  EXPECT_EQ(entry.actor.user, "kari");
  EXPECT_EQ(entry.site, "st-olavs");
  EXPECT_EQ(entry.detail, json({{"key", "coverage_gap:g1@192.0.2.1"},
                                {"decision", "filed"},
                                {"reference", "AVV-2026-881"}}));

  const ApiResponse only_filed = list(kari, {{"status", "filed"}});
  ASSERT_EQ(only_filed.status, 200);
  ASSERT_EQ(keys(only_filed), std::vector<std::string>{"coverage_gap:g1@192.0.2.1"});
  EXPECT_EQ(only_filed.body["deviations"][0]["status"], "filed");
  EXPECT_EQ(only_filed.body["deviations"][0]["review"]["reference"], "AVV-2026-881");
  EXPECT_EQ(keys(list(kari, {{"status", "open"}})),
            std::vector<std::string>{"long_wait:w1@192.0.2.1"});

  wall.advance(std::chrono::hours(1));
  const ApiResponse explained =
      put(path, login("anna"), {{"decision", "explained"}, {"explanation", "a test call"}});
  ASSERT_EQ(explained.status, 200) << explained.body.dump();
  EXPECT_EQ(keys(list(kari, {{"status", "filed"}})), std::vector<std::string>{});
  EXPECT_EQ(keys(list(kari, {{"status", "explained"}})),
            std::vector<std::string>{"coverage_gap:g1@192.0.2.1"});
  const auto again = with_store([](store::ScheduleStore& s) {
    for (const auto& e : s.audit(0, 1000))
      if (e.action == store::AuditAction::deviation_reviewed && e.actor.user == "anna") return e;
    return store::AuditEntry{};
  });
  EXPECT_EQ(again.detail["replaces"], json({{"decision", "filed"},
                                            {"reference", "AVV-2026-881"},
                                            {"by", "kari"},
                                            {"at", "2026-12-02T12:00:00Z"}}));
}

TEST_F(DeviationsResource, AViewerMayNeitherReadNorDecide) {
  const std::string ola = login("ola");
  EXPECT_EQ(list(ola).status, 403);
  EXPECT_EQ(put("/api/v1/sites/st-olavs/deviations/coverage_gap:g1@192.0.2.1/review", ola,
                {{"decision", "dismissed"}, {"reason", "x"}})
                .status,
            403);
  EXPECT_TRUE(
      with_store([](store::ScheduleStore& s) { return s.deviation_reviews("st-olavs"); }).empty());
}

TEST_F(DeviationsResource, RefusalsNameTheFieldAndWriteNothing) {
  const std::string kari = login("kari");
  const std::string path = "/api/v1/sites/st-olavs/deviations/coverage_gap:g1@192.0.2.1/review";
  const auto refused = [&](const ApiResponse& r) {
    json e = r.body.value("error", json::object());
    e.erase("status");
    return std::pair{r.status, e};
  };
  EXPECT_EQ(refused(put(path, kari, {{"decision", "filed"}})),
            std::pair(400, json{{"message",
                                 "missing required key 'reference': a decision filed takes its "
                                 "reference"},
                                {"pointer", "/reference"}}));
  EXPECT_EQ(refused(put(path, kari, {{"decision", "filed"}, {"reference", " "}})),
            std::pair(400, json{{"message",
                                 "reference: must not be empty; give the deviation system's "
                                 "reference"},
                                {"pointer", "/reference"}}));
  EXPECT_EQ(refused(put(path, kari, {{"decision", "dismissed"}, {"reference", "AVV-1"}})),
            std::pair(400, json{{"message",
                                 "goes with the decision filed; a decision dismissed takes "
                                 "\"reason\" (and 1 more problem)"},
                                {"pointer", "/reference"}}));
  const ApiResponse sent = put(path, kari, {{"decision", "sent"}, {"reference", "AVV-1"}});
  EXPECT_EQ(sent.status, 400);
  EXPECT_EQ(sent.body["error"]["pointer"], "/decision");
  const ApiResponse key = put("/api/v1/sites/st-olavs/deviations/nonsense/review", kari,
                              {{"decision", "filed"}, {"reference", "AVV-1"}});
  EXPECT_EQ(refused(key),
            std::pair(400, json{{"message",
                                 "key: 'nonsense' is not a deviation candidate's key, such as "
                                 "coverage_gap:<Call-ID>; take it from the list"}}));
  EXPECT_EQ(put("/api/v1/sites/elsewhere/deviations/coverage_gap:g1/review", kari,
                {{"decision", "filed"}, {"reference", "AVV-1"}})
                .status,
            404);
  EXPECT_EQ(refused(list(kari, {{"status", "closed"}})),
            std::pair(400, json{{"message",
                                 "status: expected open, filed, dismissed or explained, found "
                                 "'closed'"}}));
  EXPECT_EQ(get("/api/v1/sites/elsewhere/deviations", kari,
                {{"from", "2026-12-01"}, {"to", "2026-12-31"}})
                .status,
            404);
  EXPECT_TRUE(
      with_store([](store::ScheduleStore& s) { return s.deviation_reviews("st-olavs"); }).empty());
}

}  // namespace
}  // namespace samtel::fw::admin
