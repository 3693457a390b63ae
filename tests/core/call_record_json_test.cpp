// Call records read back from the JSON lines to_json() writes: every field round-trips, lines
// journaled before schema version 2 read as unknown callers, and every bad line is named with
// its field, nothing read from a file with one.
#include "samtel/call_record_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "samtel/file.hpp"

namespace samtel {
namespace {

CallRecord sample() {
  CallRecord r;
  r.call_id = "a84b4c76e66710@pc33.example";
  r.arrived = *parse_utc("2026-11-24T08:00:00Z");
  r.answered = r.arrived + std::chrono::seconds{7};
  r.ended = r.arrived + std::chrono::seconds{187};
  r.line = "73553888";
  r.desk = "medisin";
  r.mode = RoutingMode::proxy;
  r.caller = "********01";
  r.caller_category = CallerCategory::gp_office;
  r.municipality = "Skaun";
  r.open = true;
  r.day_type = "weekday";
  r.outcome = CallOutcome::escalated_answered;
  r.answered_role = "backup";
  r.answered_person = "ruud";
  r.wait_ms = 7012;
  r.duration_s = 180;
  r.reason = "Open (weekday hours 08:00-23:00).";
  r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", r.arrived,
                        r.arrived + std::chrono::seconds{5}, 0, AttemptResult::no_answer});
  r.attempts.push_back({"backup", "ruud", "sip:4111@pbx.example",
                        r.arrived + std::chrono::seconds{5}, r.arrived + std::chrono::seconds{7},
                        200, AttemptResult::answered});
  return r;
}

TEST(CallRecordJson, EveryFieldRoundTrips) {
  CallRecord closed;
  closed.call_id = "c";
  closed.arrived = *parse_utc("2027-01-01T00:00:00Z");
  closed.outcome = CallOutcome::closed;
  closed.fallback = "tel:+4772573000";
  for (const CallRecord& r : {sample(), closed}) {
    const std::string line = to_json(r);
    auto back = call_record_from_json(line);
    ASSERT_TRUE(back) << back.error().front();
    EXPECT_EQ(to_json(*back), line);
  }
  auto back = call_record_from_json(to_json(sample()));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->caller_category, CallerCategory::gp_office);
  EXPECT_EQ(back->municipality, "Skaun");
  EXPECT_EQ(back->attempts.at(1).response, 200);
  EXPECT_EQ(back->wait_ms, 7012);
  EXPECT_FALSE(closed.answered);
}

TEST(CallRecordJson, ALineJournaledBeforeVersionTwoReadsAsAnUnknownCaller) {
  auto j = nlohmann::json::parse(to_json(sample()));
  j.erase("caller_category");
  j.erase("municipality");
  auto back = call_record_from_json(j.dump());
  ASSERT_TRUE(back) << back.error().front();
  EXPECT_EQ(back->caller_category, CallerCategory::unknown);
  EXPECT_EQ(back->municipality, "");
  // One without the other is not such a line.
  j["municipality"] = "Skaun";
  EXPECT_EQ(call_record_from_json(j.dump()).error(),
            std::vector<std::string>{"missing required key 'caller_category'"});
}

std::string edited(const std::string& pointer, const nlohmann::json& value) {
  auto j = nlohmann::json::parse(to_json(sample()));
  j[nlohmann::json::json_pointer(pointer)] = value;
  return j.dump();
}

TEST(CallRecordJson, EachBadFieldIsNamed) {
  struct Case {
    std::string line, error;
  } cases[] = {
      {edited("/outcome", "maybe"),
       "/outcome: expected one of redirected, answered, escalated-answered, fallback, gap, "
       "closed, caller-gave-up, failed, maintenance, found 'maybe'"},
      {edited("/arrived_utc", "2026-11-24 08:00"),
       "/arrived_utc: expected a UTC instant such as \"2027-03-01T08:00:00Z\", found "
       "'2026-11-24 08:00'"},
      {edited("/answered_utc", 5),
       "/answered_utc: expected a UTC instant such as \"2027-03-01T08:00:00Z\" or null, found "
       "the number 5"},
      {edited("/wait_ms", -1),
       "/wait_ms: expected a whole number 0 or more, or null, found the "
       "number -1"},
      {edited("/open", "yes"), "/open: expected true or false, found a string"},
      {edited("/attempts/1/result", "maybe"),
       "/attempts/1/result: expected one of redirected, answered, no-answer, busy, declined, "
       "unavailable, cancelled, error, found 'maybe'"},
      {edited("/caller_category", "pharmacy"),
       "/caller_category: expected one of legevakt, nursing-home, gp-office, hospital, other, "
       "unknown, found 'pharmacy'"},
      {edited("/call_id", ""), "/call_id: must not be empty"},
      {edited("/colour", "blue"), "/colour: unknown key 'colour'"},
      {"[1, 2]", "expected an object"},
      {"{\"call_id\": ", "syntax error"},
  };
  for (const Case& c : cases) {
    auto r = call_record_from_json(c.line);
    ASSERT_FALSE(r) << c.line;
    ASSERT_FALSE(r.error().empty());
    EXPECT_NE(r.error().front().find(c.error), std::string::npos)
        << "got: " << r.error().front() << "\nwanted: " << c.error;
  }
}

TEST(CallRecordJson, AFileIsReadWholeOrNotAtAll) {
  const std::string good = to_json(sample());
  auto all = call_records_from_json_lines(good + "\n\r\n" + good + "\r\n" + good);
  ASSERT_TRUE(all) << all.error().front();
  EXPECT_EQ(all->size(), 3u);
  auto bad = call_records_from_json_lines(good + "\n" + good + "\n" + edited("/mode", "relay") +
                                          "\n" + good + "\nnot json\n");
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().size(), 2u);
  EXPECT_TRUE(bad.error()[0].starts_with("line 3: /mode: expected one of redirect, proxy"))
      << bad.error()[0];
  EXPECT_TRUE(bad.error()[1].starts_with("line 5: ")) << bad.error()[1];
  EXPECT_TRUE(call_records_from_json_lines("")->empty());
}

TEST(CallRecordJson, TheFuzzCorpusReads) {
  // tests/core/call-record-corpus/: a record of schema version 2 and one journaled at version 1.
  auto text = read_text_file(std::string(SAMTEL_SOURCE_DIR) +
                             "/tests/core/call-record-corpus/journaled.jsonl");
  ASSERT_TRUE(text) << text.error();
  auto records = call_records_from_json_lines(*text);
  ASSERT_TRUE(records) << records.error().front();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].municipality, "Skaun");
  EXPECT_EQ((*records)[1].caller_category, CallerCategory::unknown);
  EXPECT_EQ((*records)[1].outcome, CallOutcome::closed);
  EXPECT_EQ((*records)[1].fallback, "tel:+4772573000");
}

}  // namespace
}  // namespace samtel
