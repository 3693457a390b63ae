// `samtel call-log purge` run as a separate process on a real call log and schedule store: the
// counts it prints, dry and not, its audit entry by the console's user, and what it refuses.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include "common/run_command.hpp"
#include "samtel/file.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/schedule_store.hpp"

namespace samtel::fw::store {
namespace {

using test::CommandRun;
using test::temp_path;

CommandRun samtel(const std::vector<std::string>& args) {
  return test::run_command(SAMTEL_CLI, args, {});
}

std::string me() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : "uid " + std::to_string(geteuid());
}

// A schedule store with St. Olavs, and a call log with a call from seven years ago (due) and one
// from an hour ago (not), relative to the system clock the command reads.
struct UnitFiles {
  std::string store = temp_path("purge-schedule.db");
  std::string log = temp_path("purge-calls.db");
  UnitFiles() {
    SystemClock clock;
    auto s = ScheduleStore::open(store, clock).value();
    EXPECT_TRUE(s.initialise(
        read_text_file(std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json").value(),
        {"root", "cli"}, "first"));
    auto calls = CallLog::open(log).value();
    for (const Instant arrived :
         {clock.now() - std::chrono::days{7 * 365}, clock.now() - std::chrono::hours{1}}) {
      CallRecord r;
      r.call_id = "cli-" + format_utc(arrived);
      r.arrived = arrived;
      r.line = "73553888";
      r.desk = "kirurgi";
      r.caller = "********12";
      r.day_type = "weekday";
      r.outcome = CallOutcome::redirected;
      r.reason = "Open.";
      r.attempts.push_back({"primary", "fjeld", "sip:4105@pbx.example", arrived, arrived, 302,
                            AttemptResult::redirected});
      calls->append(r);
    }
    calls->close();
  }
};

TEST(CallLogCli, PurgePrintsItsCountsAndIsAudited) {
  UnitFiles unit;
  CommandRun dry =
      samtel({"call-log", "purge", "--log", unit.log, "--store", unit.store, "--dry-run"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_EQ(dry.out,
            "callers' numbers would be blanked: 1\n"
            "call records would be deleted: 1\n"
            "attempts would be deleted: 1\n"
            "months would be aggregated: 1\n"
            "aggregates would be deleted: 0\n");
  CommandRun done = samtel({"call-log", "purge", "--log", unit.log, "--store", unit.store});
  ASSERT_EQ(done.code, 0) << done.err;
  EXPECT_EQ(done.out,
            "callers' numbers blanked: 1\n"
            "call records deleted: 1\n"
            "attempts deleted: 1\n"
            "months aggregated: 1\n"
            "aggregates deleted: 0\n");

  SystemClock clock;
  auto s = ScheduleStore::open(unit.store, clock).value();
  const auto trail = s.audit(0, 100);
  ASSERT_EQ(trail.size(), 3u);  // the first version, the dry run, the purge
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(trail[i].action, AuditAction::call_log_purged);
    EXPECT_EQ(trail[i].actor.user, me());
    EXPECT_EQ(trail[i].actor.source, "cli");
    EXPECT_EQ(trail[i].detail["trigger"], "cli");
  }
  EXPECT_EQ(trail[1].detail["dry_run"], true);
  EXPECT_EQ(trail[2].detail["calls_deleted"], 1);
  EXPECT_EQ(trail[2].detail["retention"]["call_records_days"], 1826);
}

TEST(CallLogCli, PurgeRefusesBadSettingsAndMissingFiles) {
  UnitFiles unit;
  const std::string bad = temp_path("purge-unit.json");
  std::ofstream(bad) << R"({"retention": {"caller_number_days": 0}})";
  CommandRun r =
      samtel({"call-log", "purge", "--log", unit.log, "--store", unit.store, "--unit", bad});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "samtel: " + bad + ": /retention/caller_number_days: value 0 out of range 1..36525\n");
  CommandRun missing =
      samtel({"call-log", "purge", "--log", unit.log + ".nothing", "--store", unit.store});
  EXPECT_EQ(missing.code, 3);
  EXPECT_EQ(missing.err, "samtel: call log " + unit.log +
                             ".nothing: no such file (samteld has not written one)\n");
  EXPECT_FALSE(std::filesystem::exists(unit.log + ".nothing"));
  EXPECT_EQ(samtel({"call-log", "purge", "--log", unit.log}).code, 1);  // --store missing
}

}  // namespace
}  // namespace samtel::fw::store
