#include "samtel/sim/scenario.hpp"

#include <random>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace samtel::sim {
namespace {

tl::expected<Scenario, ScenarioErrors> parse(const std::string& text) {
  return parse_scenario(text, "bad.json", test::st_olavs());
}

const std::string kZeros = "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";

TEST(Scenario, BundledScenariosLoad) {
  for (const char* path : {"sim/scenarios/st-olavs.json", "sim/scenarios/regression-calls.json"}) {
    auto s = load_scenario_file(test::source_path(path), test::st_olavs());
    ASSERT_TRUE(s.has_value()) << path << ": " << s.error().front().to_string();
    EXPECT_EQ(s->line->number, "73553888");
  }
}

TEST(Scenario, StOlavsIsAboutAHundredCallsOnAWeekday) {
  auto s = load_scenario_file(test::source_path("sim/scenarios/st-olavs.json"), test::st_olavs())
               .value();
  EXPECT_NEAR(s.expected_calls_per_day(DayType::weekday), 100.0, 15.0);
  EXPECT_LT(s.expected_calls_per_day(DayType::sunday), s.expected_calls_per_day(DayType::weekday));
  EXPECT_EQ(s.seed, 20261124u);
}

TEST(Scenario, PersonModelsStartFromTheDefault) {
  auto s = parse(R"({"name": "x", "seed": 5, "people": {
      "default": {"answer_probability": 0.5, "call_seconds": {"fixed": 60}},
      "berg": {"answer_probability": 0.25}}, "calls": []})")
               .value();
  const auto& people = test::st_olavs().sites()[0].people;
  for (std::size_t i = 0; i < people.size(); ++i) {
    EXPECT_EQ(s.people[i].call_seconds.sample(0.3), std::chrono::seconds{60});
    EXPECT_DOUBLE_EQ(s.people[i].answer_probability, people[i].id == "berg" ? 0.25 : 0.5);
  }
}

TEST(Scenario, DistributionsSampleByInversion) {
  Distribution fixed{Distribution::Kind::fixed, 7.0, 0.0};
  EXPECT_EQ(fixed.sample(0.9).count(), 7);
  Distribution uniform{Distribution::Kind::uniform, 10.0, 20.0};
  EXPECT_EQ(uniform.sample(0.0).count(), 10);
  EXPECT_EQ(uniform.sample(0.5).count(), 15);
  Distribution exp{Distribution::Kind::exponential, 100.0, 0.0, 30.0, 500.0};
  EXPECT_EQ(exp.sample(0.0).count(), 30);        // clamped to min
  EXPECT_EQ(exp.sample(0.5).count(), 69);        // 100 ln 2
  EXPECT_EQ(exp.sample(0.999999).count(), 500);  // clamped to max
  EXPECT_EQ(exp.to_string(), "exponential, mean 100 s (min 30, max 500)");
}

TEST(Scenario, ExplicitCallsResolveLocalTimesAndDesks) {
  auto s = parse(R"({"name": "x", "seed": 1, "calls": [
      {"at": "2026-12-01T08:00"},
      {"at": "2026-10-25T02:30+01:00", "desk": "gastro", "answers": [false, 5, null], "length_seconds": 90}]})")
               .value();
  ASSERT_EQ(s.calls.size(), 2u);
  EXPECT_EQ(s.calls[0].at, test::at("2026-12-01T07:00:00Z"));
  EXPECT_EQ(s.calls[0].desk, 0u);
  EXPECT_EQ(s.calls[1].at, test::at("2026-10-25T01:30:00Z"));
  EXPECT_EQ(s.line->desks[s.calls[1].desk].id, "gastro");
  ASSERT_EQ(s.calls[1].answers.size(), 3u);
  EXPECT_FALSE(s.calls[1].answers[0]->answers);
  EXPECT_EQ(s.calls[1].answers[1]->after, std::chrono::seconds{5});
  EXPECT_FALSE(s.calls[1].answers[2].has_value());
  EXPECT_EQ(s.calls[1].length, std::chrono::seconds{90});
  EXPECT_EQ(s.calls[1].pointer, "/calls/1");
}

struct BadCase {
  const char* name;
  std::string text;
  const char* pointer;
  const char* message;  // a part of the message
  friend void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, IsRejectedWithItsJsonPointer) {
  const BadCase& c = GetParam();
  auto s = parse(c.text);
  ASSERT_FALSE(s.has_value());
  bool found = false;
  std::string all;
  for (const ScenarioError& e : s.error()) {
    all += e.to_string() + "\n";
    EXPECT_EQ(e.source, "bad.json");
    if (e.pointer == c.pointer && e.message.find(c.message) != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "wanted " << c.pointer << ": ..." << c.message << "...\ngot:\n" << all;
}

std::string with_arrivals(const std::string& desk_body) {
  return R"({"name": "x", "seed": 1, "arrivals": {"medisin": )" + desk_body + "}}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadScenario,
    ::testing::Values(
        BadCase{"syntax", "{\"name\": \"x\",\n  \"seed\": 1,,\n}", "",
                "not valid JSON at line 2, column 13"},
        BadCase{"not_an_object", "[]", "", "expected an object, found an array"},
        BadCase{"missing_seed", R"({"name": "x", "calls": []})", "", "missing required key 'seed'"},
        BadCase{"missing_name", R"({"seed": 1, "calls": []})", "", "missing required key 'name'"},
        BadCase{"negative_seed", R"({"name": "x", "seed": -4, "calls": []})", "/seed",
                "expected a whole number"},
        BadCase{"string_seed", R"({"name": "x", "seed": "42", "calls": []})", "/seed",
                "found a string"},
        BadCase{"nothing_to_do", R"({"name": "x", "seed": 1})", "", "needs 'arrivals'"},
        BadCase{"unknown_key", R"({"name": "x", "seed": 1, "calls": [], "sede": 2})", "/sede",
                "unknown key 'sede'"},
        BadCase{"duplicate_key", R"({"name": "x", "seed": 1, "seed": 2, "calls": []})", "/seed",
                "duplicate key 'seed'"},
        BadCase{"unknown_line", R"({"name": "x", "seed": 1, "line": "113", "calls": []})", "/line",
                "no line with number '113'"},
        BadCase{"bad_from", R"({"name": "x", "seed": 1, "from": "2026-13-01", "calls": []})",
                "/from", "no such date"},
        BadCase{
            "to_before_from",
            R"({"name": "x", "seed": 1, "from": "2026-12-02", "to": "2026-12-01", "calls": []})",
            "/to", "before 'from'"},
        BadCase{"unknown_desk", R"({"name": "x", "seed": 1, "arrivals": {"hjerte": {}}})",
                "/arrivals/hjerte", "unknown desk 'hjerte'"},
        BadCase{"rates_wrong_length",
                with_arrivals(R"({"weekday": [1, 2, 3], "weekend": [], "holiday": []})"),
                "/arrivals/medisin/weekday", "expected 24 numbers"},
        BadCase{
            "rate_is_text",
            with_arrivals(
                R"({"weekday": [0,0,0,0,0,0,0,0,"many",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "weekend": )" +
                kZeros + R"(, "holiday": )" + kZeros + "}"),
            "/arrivals/medisin/weekday/8", "expected a number, found a string"},
        BadCase{
            "negative_rate",
            with_arrivals(
                R"({"weekday": [0,0,0,0,0,0,0,0,-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "weekend": )" +
                kZeros + R"(, "holiday": )" + kZeros + "}"),
            "/arrivals/medisin/weekday/8", "out of range 0..3600"},
        BadCase{"missing_holiday",
                with_arrivals(R"({"weekday": )" + kZeros + R"(, "weekend": )" + kZeros + "}"),
                "/arrivals/medisin", "missing rates for 'holiday'"},
        BadCase{"weekend_and_saturday",
                with_arrivals(R"({"weekday": )" + kZeros + R"(, "weekend": )" + kZeros +
                              R"(, "saturday": )" + kZeros + R"(, "holiday": )" + kZeros + "}"),
                "/arrivals/medisin/weekend", "not both"},
        BadCase{
            "probability",
            R"({"name": "x", "seed": 1, "calls": [], "people": {"default": {"answer_probability": 1.5}}})",
            "/people/default/answer_probability", "out of range 0..1"},
        BadCase{"unknown_person",
                R"({"name": "x", "seed": 1, "calls": [], "people": {"bergg": {}}})",
                "/people/bergg", "unknown person 'bergg'"},
        BadCase{
            "two_distributions",
            R"({"name": "x", "seed": 1, "calls": [], "people": {"aas": {"answer_seconds": {"fixed": 3, "uniform": [1, 2]}}}})",
            "/people/aas/answer_seconds", "exactly one of"},
        BadCase{
            "uniform_backwards",
            R"({"name": "x", "seed": 1, "calls": [], "people": {"aas": {"answer_seconds": {"uniform": [9, 2]}}}})",
            "/people/aas/answer_seconds/uniform", "high is below low"},
        BadCase{
            "zero_length_calls",
            R"({"name": "x", "seed": 1, "calls": [], "people": {"default": {"call_seconds": {"fixed": 0, "max": 0}}}})",
            "/people/default/call_seconds", "at least 1 second"},
        BadCase{"calls_not_array", R"({"name": "x", "seed": 1, "calls": {}})", "/calls",
                "expected an array of calls"},
        BadCase{"call_without_time", R"({"name": "x", "seed": 1, "calls": [{"desk": "medisin"}]})",
                "/calls/0", "missing required key 'at'"},
        BadCase{"bad_time", R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01 8:00"}]})",
                "/calls/0/at", "bad time"},
        BadCase{"time_in_spring_gap",
                R"({"name": "x", "seed": 1, "calls": [{"at": "2026-03-29T02:30"}]})", "/calls/0/at",
                "does not exist"},
        BadCase{"time_happens_twice",
                R"({"name": "x", "seed": 1, "calls": [{"at": "2026-10-25T02:30"}]})", "/calls/0/at",
                "happens twice"},
        BadCase{"call_unknown_desk",
                R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T08:00", "desk": "x"}]})",
                "/calls/0/desk", "unknown desk 'x'"},
        BadCase{
            "answers_true",
            R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T08:00", "answers": [true]}]})",
            "/calls/0/answers/0", "give the seconds"},
        BadCase{
            "bad_expectation",
            R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T08:00", "expect": {"outcome": "ok"}}]})",
            "/calls/0/expect/outcome", "unknown outcome 'ok'"},
        BadCase{
            "expect_unknown_person",
            R"({"name": "x", "seed": 1, "calls": [{"at": "2026-12-01T08:00", "expect": {"by": "nobody"}}]})",
            "/calls/0/expect/by", "unknown person 'nobody'"}),
    [](const auto& tc) { return std::string(tc.param.name); });

TEST(Scenario, EveryProblemIsReportedNotJustTheFirst) {
  auto s = parse(
      R"({"name": "x", "seed": 1, "extra": 1, "calls": [{"at": "nope"}, {"at": "2026-12-01T08:00", "desk": "y"}]})");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().size(), 3u);
}

TEST(Scenario, MissingFileIsAnError) {
  auto s = load_scenario_file("/nonexistent/scenario.json", test::st_olavs());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().front().to_string(), "/nonexistent/scenario.json: cannot open the file");
}

}  // namespace
}  // namespace samtel::sim

namespace samtel::sim {
namespace {

// Robustness: the bundled scenarios with one value replaced by something of the wrong kind, at
// every place in turn, never crash the parser and never load half a scenario.
TEST(Scenario, WrongValuesAnywhereAreErrorsNotCrashes) {
  const std::vector<nlohmann::json> replacements{nullptr,
                                                 true,
                                                 -1,
                                                 1e300,
                                                 "x",
                                                 nlohmann::json::array(),
                                                 nlohmann::json::object(),
                                                 nlohmann::json{1, 2, 3},
                                                 nlohmann::json{{"a", 1}},
                                                 0.5,
                                                 "2026-10-25T02:30"};
  std::size_t rejected = 0, tried = 0;
  for (const char* file : {"sim/scenarios/regression-calls.json", "sim/scenarios/st-olavs.json"}) {
    const auto original = nlohmann::json::parse(test::read_file(test::source_path(file)));
    const auto flat = original.flatten();
    std::vector<std::string> pointers;
    for (const auto& [pointer, value] : flat.items()) pointers.push_back(pointer);
    std::mt19937_64 pick{42};
    for (std::size_t i = 0; i < pointers.size(); i += 1 + pick() % 7) {
      for (const auto& r : replacements) {
        auto copy = original;
        copy[nlohmann::json::json_pointer(pointers[i])] = r;
        ++tried;
        auto s = parse_scenario(copy.dump(), "mutated.json", test::st_olavs());
        if (s) continue;
        ++rejected;
        for (const ScenarioError& e : s.error()) EXPECT_FALSE(e.message.empty());
      }
    }
  }
  EXPECT_GT(tried, 300u);
  EXPECT_GT(rejected, tried / 2);
}

}  // namespace
}  // namespace samtel::sim
