// samteld's status file (samtel/status/unit_status.hpp): the text samteld writes, read back to
// the same status, and each kind of bad file refused with its message.
#include "samtel/status/unit_status.hpp"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "samtel/file.hpp"

namespace samtel::fw {
namespace {

Instant utc(const char* text) { return *parse_utc(text); }

UnitStatus with_two_faults() {
  UnitStatus s;
  s.pid = 4242;
  s.started = utc("2026-12-02T07:00:00Z");
  s.updated = utc("2026-12-02T07:05:09Z");
  s.state = UnitState::fault;
  s.faults = {{Fault::clock, "clock is unset (2001-01-02T08:00:00Z is before 2026-01-01T00:00:00Z)",
               utc("2026-12-02T07:00:01Z")},
              {Fault::call_log, "cannot write the call log: database or disk is full",
               utc("2026-12-02T07:05:09Z")}};
  s.version = "0.1.0";
  return s;
}

// A valid file with one member replaced (or removed, with `nullptr` as `value` and `remove`).
std::string with(const std::string& key, const nlohmann::json& value, bool remove = false) {
  auto doc = nlohmann::json::parse(to_json(with_two_faults()));
  if (remove) {
    doc.erase(key);
  } else {
    doc[key] = value;
  }
  return doc.dump();
}

TEST(UnitStatusNames, EachFaultAndStateHasOneNameReadBack) {
  for (const auto& [fault, name] :
       std::vector<std::pair<Fault, std::string>>{{Fault::clock, "clock"},
                                                  {Fault::call_log, "call-log"},
                                                  {Fault::call_log_damaged, "call-log-damaged"},
                                                  {Fault::disk_space, "disk-space"},
                                                  {Fault::exchange_silent, "exchange-silent"},
                                                  {Fault::clock_stepped, "clock-stepped"}}) {
    EXPECT_EQ(to_string(fault), name);
    EXPECT_EQ(parse_fault(name), fault);
  }
  for (const auto& [state, name] :
       std::vector<std::pair<UnitState, std::string>>{{UnitState::routing, "routing"},
                                                      {UnitState::fault, "fault"},
                                                      {UnitState::stopped, "stopped"}}) {
    EXPECT_EQ(to_string(state), name);
    EXPECT_EQ(parse_unit_state(name), state);
  }
  EXPECT_EQ(parse_fault("Clock"), std::nullopt);
  EXPECT_EQ(parse_unit_state("unknown"), std::nullopt);
}

TEST(UnitStatusFormat, WritesSchemaOneWithUtcTimes) {
  UnitStatus s = with_two_faults();
  s.faults.pop_back();
  const std::string expected =
      "{\n"
      "  \"faults\": [\n"
      "    {\n"
      "      \"kind\": \"clock\",\n"
      "      \"message\": \"clock is unset (2001-01-02T08:00:00Z is before "
      "2026-01-01T00:00:00Z)\",\n"
      "      \"since\": \"2026-12-02T07:00:01Z\"\n"
      "    }\n"
      "  ],\n"
      "  \"pid\": 4242,\n"
      "  \"schema\": 1,\n"
      "  \"started\": \"2026-12-02T07:00:00Z\",\n"
      "  \"state\": \"fault\",\n"
      "  \"updated\": \"2026-12-02T07:05:09Z\",\n"
      "  \"version\": \"0.1.0\"\n"
      "}\n";
  EXPECT_EQ(to_json(s), expected);
}

TEST(UnitStatusFormat, ReadsBackWhatItWrites) {
  UnitStatus routing = with_two_faults();
  routing.state = UnitState::routing;
  routing.faults.clear();
  UnitStatus stopped = with_two_faults();
  stopped.state = UnitState::stopped;
  UnitStatus stopped_clean = routing;
  stopped_clean.state = UnitState::stopped;
  for (const UnitStatus& s : {with_two_faults(), routing, stopped, stopped_clean}) {
    auto back = parse_unit_status(to_json(s));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, s) << to_json(s);
  }
}

TEST(UnitStatusFormat, AControlCharacterInAMessageIsWrittenEscaped) {
  UnitStatus s = with_two_faults();
  s.faults[1].message = "cannot write /var/lib/samtel\n/calls.db";
  auto back = parse_unit_status(to_json(s));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->faults[1].message, "cannot write /var/lib/samtel\\n/calls.db");
}

TEST(UnitStatusFormat, MembersItDoesNotKnowAreIgnored) {
  auto back = parse_unit_status(with("uptime_s", 300));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, with_two_faults());
}

struct BadStatus {
  std::string text;
  std::string message;
};

void PrintTo(const BadStatus& b, std::ostream* os) { *os << b.text; }

class UnitStatusRefused : public ::testing::TestWithParam<BadStatus> {};

TEST_P(UnitStatusRefused, WithItsMessage) {
  auto s = parse_unit_status(GetParam().text);
  ASSERT_FALSE(s) << GetParam().text;
  EXPECT_EQ(s.error(), GetParam().message);
}

const nlohmann::json kClock = {
    {"kind", "clock"}, {"message", "clock is unset"}, {"since", "2026-12-02T07:00:01Z"}};

INSTANTIATE_TEST_SUITE_P(
    BadFiles, UnitStatusRefused,
    ::testing::Values(
        BadStatus{"",
                  "not valid JSON at line 1, column 1: syntax error while parsing value - "
                  "unexpected end of input; expected '[', '{', or a literal"},
        BadStatus{R"({"schema": 1, "pid": )",
                  "not valid JSON at line 1, column 22: syntax error while parsing value - "
                  "unexpected end of input; expected '[', '{', or a literal"},
        BadStatus{"[]", "expected an object, found an array"},
        BadStatus{R"({"schema": 1, "schema": 1})",
                  "/schema: duplicate key 'schema' (only one may be given)"},
        BadStatus{with("schema", nullptr, true), "missing required key 'schema'"},
        BadStatus{with("schema", 2), "/schema: schema 2 is not known (this samtel reads schema 1)"},
        BadStatus{with("schema", "1"), "/schema: expected a whole number, found a string"},
        BadStatus{with("pid", 0), "/pid: value 0 out of range 1..2147483647"},
        BadStatus{with("pid", -1), "/pid: value -1 out of range 1..2147483647"},
        BadStatus{with("pid", 2147483648), "/pid: value 2147483648 out of range 1..2147483647"},
        BadStatus{with("pid", 12.5), "/pid: expected a whole number, found a number"},
        BadStatus{with("state", "running"),
                  R"(/state: expected "routing", "fault" or "stopped", found 'running')"},
        BadStatus{with("started", "2026-12-02T07:00:00"),
                  "/started: bad time '2026-12-02T07:00:00' (expected YYYY-MM-DDTHH:MM[:SS] "
                  "followed by Z or +HH:MM)"},
        BadStatus{with("updated", nullptr, true), "missing required key 'updated'"},
        BadStatus{with("version", ""), "/version: must not be empty"},
        BadStatus{with("faults", kClock), "/faults: expected an array, found an object"},
        BadStatus{with("faults", {"clock"}), "/faults/0: expected an object, found a string"},
        BadStatus{
            with("faults",
                 {{{"kind", "disk"}, {"message", "x"}, {"since", "2026-12-02T07:00:01Z"}}}),
            R"(/faults/0/kind: expected "clock", "call-log", "call-log-damaged", "disk-space", "exchange-silent" or "clock-stepped", found 'disk')"},
        BadStatus{with("faults", {{{"kind", "clock"}, {"since", "2026-12-02T07:00:01Z"}}}),
                  "/faults/0: missing required key 'message'"},
        BadStatus{
            with("faults",
                 {{{"kind", "clock"}, {"message", "a\nb"}, {"since", "2026-12-02T07:00:01Z"}}}),
            "/faults/0/message: contains a control character (U+000A)"},
        BadStatus{with("faults", {kClock, kClock}), "/faults/1/kind: 'clock' is listed twice"},
        BadStatus{with("faults", nlohmann::json::array()),
                  R"(/state: "fault" with no fault listed; expected "routing")"},
        BadStatus{nlohmann::json::parse(with("state", "routing")).dump(),
                  R"(/state: "routing" with 2 fault(s) listed; expected "fault")"},
        // Every problem of the file, in one line.
        BadStatus{nlohmann::json{{"schema", 1}, {"pid", 0}, {"state", "up"}}.dump(),
                  "/pid: value 0 out of range 1..2147483647; missing required key 'started'; "
                  "missing required key 'updated'; /state: expected \"routing\", \"fault\" or "
                  "\"stopped\", found 'up'; missing required key 'version'; missing required key "
                  "'faults'"}));

TEST(UnitStatusFormat, AFileLargerThanTheBoundIsNotParsed) {
  const std::string large(kMaxUnitStatusBytes + 1, ' ');
  auto s = parse_unit_status(large);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), "the status is 65537 bytes, more than 65536");
}

TEST(UnitStatusFile, ReadBackFromTheFileItWasWrittenTo) {
  const std::string dir = ::testing::TempDir() + "unit-status-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/status.json";
  ASSERT_TRUE(write_file_atomically(path, to_json(with_two_faults())));
  auto back = read_unit_status(path);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, with_two_faults());

  ASSERT_TRUE(write_file_atomically(path, "{}"));
  EXPECT_EQ(read_unit_status(path).error(), path + ": missing required key 'schema'");
  EXPECT_EQ(read_unit_status(dir + "/none.json").error(), dir + "/none.json: cannot open the file");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace samtel::fw
