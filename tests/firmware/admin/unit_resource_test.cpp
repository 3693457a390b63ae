// GET /api/v1/unit in memory: samteld's status file (samtel/status/unit_status.hpp) as the test
// writes it, for a samteld routing, with faults, stopped, gone without a word (stale), and a file
// that was not given, is missing or is not a status; never an error status.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samtel/file.hpp"
#include "samtel/status/unit_status.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::utc;

// The pid of a process that has ended and been reaped: no process has it (until it is reused,
// which the kernel does only after going round the whole pid space).
long dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

// The answer when samteld's state is not known, saying why.
json unknown(const std::string& message) {
  return {{"state", "unknown"}, {"faults", json::array()}, {"started", nullptr},
          {"updated", nullptr}, {"stale", false},          {"message", message}};
}

class UnitResource : public test_support::StoreBacked {
 protected:
  void SetUp() override {
    unit_status = dir / "status.json";
    StoreBacked::SetUp();
  }
  // samteld's status, as samteld would write it, for this process (running) unless `pid`.
  void write(UnitState state, std::vector<UnitFault> faults, long pid = ::getpid()) {
    UnitStatus s;
    s.pid = pid;
    s.started = utc("2026-12-02T07:00:00Z");
    s.updated = utc("2026-12-02T11:59:30Z");
    s.state = state;
    s.faults = std::move(faults);
    s.version = "0.1.0";
    ASSERT_TRUE(write_file_atomically(unit_status, to_json(s)));
  }
  json unit() {
    const ApiResponse r = get("/api/v1/unit", login("ola"));
    EXPECT_EQ(r.status, 200) << r.body.dump();
    return r.body;
  }
};

const UnitFault kClock{Fault::clock,
                       "clock is unset (2001-01-02T08:00:00Z is before 2026-01-01T00:00:00Z)",
                       utc("2026-12-02T07:00:01Z")};
const UnitFault kCallLog{Fault::call_log,
                         "cannot write the call log: database or disk is full; 3 record(s) held, 0 "
                         "only in the journal",
                         utc("2026-12-02T11:59:30Z")};

TEST_F(UnitResource, Routing) {
  write(UnitState::routing, {});
  const json expected = {{"state", "routing"},
                         {"faults", json::array()},
                         {"started", "2026-12-02T07:00:00Z"},
                         {"updated", "2026-12-02T11:59:30Z"},
                         {"stale", false},
                         {"message", "samteld is routing calls"}};
  EXPECT_EQ(unit(), expected);
}

TEST_F(UnitResource, FaultsWithTheirKindsAndSince) {
  write(UnitState::fault, {kClock, kCallLog});
  const json body = unit();
  EXPECT_EQ(body["state"], "fault");
  EXPECT_EQ(body["stale"], false);
  const json faults = {
      {{"kind", "clock"},
       {"message", "clock is unset (2001-01-02T08:00:00Z is before 2026-01-01T00:00:00Z)"},
       {"since", "2026-12-02T07:00:01Z"}},
      {{"kind", "call-log"},
       {"message",
        "cannot write the call log: database or disk is full; 3 record(s) held, 0 only in the "
        "journal"},
       {"since", "2026-12-02T11:59:30Z"}}};
  EXPECT_EQ(body["faults"], faults);
  EXPECT_EQ(body["message"],
            "samteld reports 2 faults: clock is unset (2001-01-02T08:00:00Z is before "
            "2026-01-01T00:00:00Z) | cannot write the call log: database or disk is full; 3 "
            "record(s) held, 0 only in the journal");
  write(UnitState::fault, {kClock});
  EXPECT_EQ(unit()["message"],
            "samteld reports a fault: clock is unset (2001-01-02T08:00:00Z is before "
            "2026-01-01T00:00:00Z)");
}

TEST_F(UnitResource, StoppedCleanlyIsNotStaleWhateverThePid) {
  write(UnitState::stopped, {kClock}, dead_pid());
  const json body = unit();
  EXPECT_EQ(body["state"], "stopped");
  EXPECT_EQ(body["stale"], false);
  EXPECT_EQ(body["faults"].size(), 1u);
  EXPECT_EQ(body["message"], "samteld stopped at 2026-12-02T11:59:30Z");
}

TEST_F(UnitResource, RoutingOrFaultByAProcessThatIsGoneIsStoppedAndStale) {
  const long pid = dead_pid();
  write(UnitState::fault, {kClock}, pid);
  const json body = unit();
  EXPECT_EQ(body["state"], "stopped");
  EXPECT_EQ(body["stale"], true);
  EXPECT_EQ(body["faults"][0]["kind"], "clock");  // as samteld last wrote them
  EXPECT_EQ(body["updated"], "2026-12-02T11:59:30Z");
  EXPECT_EQ(body["message"], "samteld is not running: process " + std::to_string(pid) +
                                 " is gone without writing its stop (its status said fault at "
                                 "2026-12-02T11:59:30Z)");
  write(UnitState::routing, {}, pid);
  EXPECT_EQ(unit()["stale"], true);
}

TEST_F(UnitResource, AMissingFileIsUnknownWithTheReason) {
  EXPECT_EQ(unit(),
            unknown("samteld's status cannot be read: " + unit_status + ": cannot open the file"));
}

TEST_F(UnitResource, AFileThatIsNotAStatusIsUnknownWithTheReason) {
  ASSERT_TRUE(write_file_atomically(unit_status, "samteld er i gang\n"));
  EXPECT_EQ(unit()["state"], "unknown");
  EXPECT_EQ(unit()["message"],
            "samteld's status cannot be read: " + unit_status +
                ": not valid JSON at line 1, column 1: syntax error while parsing "
                "value - invalid literal; last read: 's'");
  ASSERT_TRUE(write_file_atomically(unit_status, R"({"schema": 2})"));
  EXPECT_EQ(unit()["message"], "samteld's status cannot be read: " + unit_status +
                                   ": /schema: schema 2 is not known (this samtel reads schema 1)");
}

TEST_F(UnitResource, NeedsAViewerAndTakesOnlyGet) {
  write(UnitState::routing, {});
  EXPECT_EQ(get("/api/v1/unit", {}).status, 401);
  const ApiResponse post = call(Method::post, "/api/v1/unit", login("anna"), json::object());
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
}

class UnitResourceWithoutAFile : public test_support::StoreBacked {};

TEST_F(UnitResourceWithoutAFile, IsUnknownSayingSo) {
  const ApiResponse r = get("/api/v1/unit", login("ola"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, unknown("the unit's state is not known: samtel-admind was started without "
                            "--unit-status"));
}

}  // namespace
}  // namespace samtel::fw::admin
