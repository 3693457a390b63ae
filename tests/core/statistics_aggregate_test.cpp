// Monthly statistics stored as JSON and read back: every count returns as it was written, what
// is not such a document is refused naming the member (never thrown), and months added together
// count as the whole period does, with no percentile made up from two others.
#include "samtel/statistics_aggregate.hpp"

#include <gtest/gtest.h>

namespace samtel {
namespace {

using nlohmann::json;

const Zone& oslo() { return **find_zone("Europe/Oslo"); }

DateRange month(unsigned m) {
  const date::year_month ym = date::year{2027} / date::month{m};
  return {LocalDays{ym / 1}, LocalDays{ym / date::last}};
}

CallRecord call(const char* arrived, CallOutcome outcome, const char* municipality,
                std::optional<std::int64_t> wait_ms = std::nullopt) {
  CallRecord r;
  r.arrived = *parse_utc(arrived);
  r.outcome = outcome;
  r.open = outcome != CallOutcome::closed;
  r.wait_ms = wait_ms;
  r.desk = outcome == CallOutcome::closed ? "kirurgi" : "medisin";
  r.day_type = "weekday";
  r.mode = outcome == CallOutcome::redirected ? RoutingMode::redirect : RoutingMode::proxy;
  r.caller_category = *municipality == '\0' ? CallerCategory::unknown : CallerCategory::legevakt;
  r.municipality = municipality;
  return r;
}

// Calls in January, February and March 2027, of every kind.
std::vector<CallRecord> quarter_records() {
  return {
      call("2027-01-04T08:00:00Z", CallOutcome::answered, "Trondheim", 5000),
      call("2027-01-04T09:00:00Z", CallOutcome::escalated_answered, "Malvik", 31000),
      call("2027-01-31T22:59:00Z", CallOutcome::closed, ""),  // 23:59 on 31 January
      call("2027-02-01T10:00:00Z", CallOutcome::redirected, "Trondheim"),
      call("2027-02-01T11:00:00Z", CallOutcome::gap, "Trondheim"),
      call("2027-02-02T12:00:00Z", CallOutcome::caller_gave_up, ""),
      call("2027-03-02T08:00:00Z", CallOutcome::answered, "Trondheim", 7000),
      call("2027-03-28T01:30:00Z", CallOutcome::closed, "Malvik"),  // 03:30, the spring change
      call("2027-03-31T21:00:00Z", CallOutcome::fallback, ""),
  };
}

TEST(StatisticsAggregate, ReadsBackWhatWasStored) {
  const std::vector<CallRecord> records = quarter_records();
  const DateRange q1{month(1).first, month(3).last};
  const CallStatistics s = call_statistics(records, oslo(), q1);
  const json stored = statistics_json(s, nullptr, Disclosure::internal);
  const auto read = parse_statistics_json(stored.dump());
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(statistics_json(*read, nullptr, Disclosure::internal), stored);
  EXPECT_EQ(read->period.first, q1.first);
  EXPECT_EQ(read->calls, 9u);
  EXPECT_EQ(read->by_municipality, s.by_municipality);  // "unknown" reads back as ""
  EXPECT_EQ(read->by_municipality.at(""), 3u);
  EXPECT_EQ(read->by_outcome, s.by_outcome);
  EXPECT_EQ(read->by_caller_category, s.by_caller_category);
  EXPECT_EQ(read->median_wait_ms, 7000);
  EXPECT_EQ(read->p90_wait_ms, 31000);
  EXPECT_TRUE(read->from_aggregates.empty());
}

TEST(StatisticsAggregate, RefusesWhatIsNotStoredStatisticsNamingTheMember) {
  const json stored = statistics_json(call_statistics(quarter_records(), oslo(), month(1)), nullptr,
                                      Disclosure::internal);
  const auto with = [&](const char* pointer, json value) {
    json doc = stored;
    doc[json::json_pointer(pointer)] = std::move(value);
    return doc.dump();
  };
  json missing = stored;
  missing.erase("closed");
  json short_hours = stored;
  short_hours["by_hour"].erase(0);
  struct Case {
    std::string text;
    const char* error;
  };
  const Case cases[] = {
      {"{\"calls\": ", "not JSON"},
      {"", "not JSON"},
      {"[1, 2]", "expected an object, found array"},
      {missing.dump(), "closed: missing"},
      {with("/calls", "<5"), "calls: expected a count (a whole number from 0), found string"},
      {with("/reached", -1), "reached: expected a count (a whole number from 0), found number"},
      {with("/open_calls", 2.5),
       "open_calls: expected a count (a whole number from 0), found number"},
      {short_hours.dump(), "by_hour: expected an array of 24 counts, found array"},
      {with("/closed_by_hour/3", nullptr),
       "closed_by_hour[3]: expected a count (a whole number from 0), found null"},
      {with("/by_outcome/answred", 1), "by_outcome.answred: not a known key"},
      {with("/by_caller_category/doctor", 1), "by_caller_category.doctor: not a known key"},
      {with("/by_desk", json::array()), "by_desk: expected an object of counts, found array"},
      {with("/by_day_type/weekday", "7"),
       "by_day_type.weekday: expected a count (a whole number from 0), found string"},
      {with("/median_wait_s", "4.0"), "median_wait_s: expected seconds or null, found string"},
      {with("/p90_wait_s", -3), "p90_wait_s: expected seconds from 0 to a day"},
      {with("/p90_wait_s", 1e300), "p90_wait_s: expected seconds from 0 to a day"},
      {with("/period", "2027-01"), "period: expected an object, found string"},
      {with("/period/to", "2027-13-01"), ""},
      {with("/period/to", "2026-12-31"), "period: 'to' is before 'from'"},
      {with("/from_aggregates", "2027-01"),
       "from_aggregates: expected an array of months, found string"},
  };
  for (const Case& c : cases) {
    const auto read = parse_statistics_json(c.text);
    ASSERT_FALSE(read) << c.text;
    if (*c.error == '\0') {
      EXPECT_TRUE(read.error().starts_with("period.to: ")) << read.error();
    } else {
      EXPECT_EQ(read.error(), c.error) << c.text;
    }
  }
}

TEST(StatisticsAggregate, MonthsAddedUpCountAsTheWholePeriod) {
  const std::vector<CallRecord> records = quarter_records();
  const DateRange q1{month(1).first, month(3).last};
  const CallStatistics whole = call_statistics(records, oslo(), q1);
  CallStatistics sum = call_statistics(records, oslo(), month(3));
  sum.period = q1;
  for (const unsigned m : {1u, 2u}) {
    auto stored = parse_statistics_json(
        statistics_json(call_statistics(records, oslo(), month(m)), nullptr, Disclosure::internal)
            .dump());
    ASSERT_TRUE(stored) << stored.error();
    stored->from_aggregates = {m == 1 ? "2027-01" : "2027-02"};
    add_statistics(sum, *stored);
  }
  json expected = statistics_json(whole, nullptr, Disclosure::internal);
  json got = statistics_json(sum, nullptr, Disclosure::internal);
  EXPECT_EQ(got["from_aggregates"], json({"2027-01", "2027-02"}));
  EXPECT_EQ(got["calls"], 9);
  EXPECT_EQ(got["by_hour"][23], 2);
  EXPECT_EQ(got["by_municipality"], json({{"Malvik", 2}, {"Trondheim", 4}, {"unknown", 3}}));
  // Percentiles of several months cannot be made from theirs: unknown; every count agrees.
  EXPECT_TRUE(got["median_wait_s"].is_null());
  EXPECT_TRUE(got["p90_wait_s"].is_null());
  EXPECT_EQ(expected["median_wait_s"], 7.0);
  for (const char* member : {"from_aggregates", "median_wait_s", "p90_wait_s"}) {
    expected.erase(member);
    got.erase(member);
  }
  EXPECT_EQ(got, expected);
}

TEST(StatisticsAggregate, AMonthAddedToNothingKeepsItsWaits) {
  CallStatistics total;
  total.period = month(1);
  const CallStatistics january = call_statistics(quarter_records(), oslo(), month(1));
  add_statistics(total, january);
  EXPECT_EQ(total.calls, 3u);
  EXPECT_EQ(total.median_wait_ms, 5000);
  EXPECT_EQ(total.p90_wait_ms, 31000);
  EXPECT_EQ(total.period.first, month(1).first);
  // Nothing added keeps what there was.
  add_statistics(total, CallStatistics{});
  EXPECT_EQ(total.median_wait_ms, 5000);
}

}  // namespace
}  // namespace samtel
