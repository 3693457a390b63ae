// The samtel-sim command line as a person runs it: exit codes, where errors go, what they say.
#include <cstdlib>

#include <sys/wait.h>
#include <unistd.h>

#include "test_support.hpp"

namespace samtel::sim {
namespace {

struct CliResult {
  int status = -1;
  std::string out, err;
};

CliResult sim(const std::string& args) {
  static int counter = 0;
  // ctest runs the cases in parallel processes: the pid keeps their files apart.
  const std::string base =
      test::work_dir() + "/cli-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  const std::string command = "cd '" + std::string(SAMTEL_SOURCE_DIR) + "' && '" + SAMTEL_SIM_CLI +
                              "' " + args + " >'" + base + ".out' 2>'" + base + ".err'";
  const int raw = std::system(command.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = test::read_file(base + ".out");
  r.err = test::read_file(base + ".err");
  return r;
}

const std::string kConfig = " --config docs/examples/st-olavs.json";

TEST(Cli, HelpListsTheSubcommands) {
  const CliResult r = sim("--help");
  EXPECT_EQ(r.status, 0);
  for (const char* sub : {"sweep", "replay", "coverage", "diff", "heatmap", "report"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
  }
  EXPECT_EQ(sim("replay --help").status, 0);
}

TEST(Cli, UsageErrorsExitOne) {
  EXPECT_EQ(sim("").status, 1);
  EXPECT_EQ(sim("fly").status, 1);
  EXPECT_EQ(sim("sweep").status, 1);  // --config is required
  EXPECT_EQ(sim("sweep --config /nonexistent.json").status, 1);
  EXPECT_EQ(sim("replay" + kConfig).status, 1);  // --scenario is required
}

TEST(Cli, InvalidInputExitsTwoAndSaysWhat) {
  CliResult r = sim("sweep" + kConfig + " --from 2026-02-30");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "samtel-sim: --from: no such date '2026-02-30'\n");
  r = sim("sweep" + kConfig + " --from 2026-12-01 --to 2026-11-01");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--to is before --from"), std::string::npos);
  r = sim("sweep" + kConfig + " --desk hjerte");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no line has a desk 'hjerte'"), std::string::npos);
  r = sim("sweep" + kConfig + " --format xml --from 2026-12-01");
  EXPECT_EQ(r.status, 2);
  r = sim("diff" + kConfig + " --from 2026-12-01");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("exactly two configurations"), std::string::npos);
  r = sim("sweep --config tests/sim/data/small-site.json --config tests/sim/data/small-site.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is used by another file too"), std::string::npos);
  r = sim("heatmap" + kConfig + " --week 2026-12-01 --month 2026-12");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, ABadScenarioNamesTheJsonPath) {
  const std::string path = test::work_dir() + "/bad-scenario.json";
  std::ofstream(path)
      << R"({"name": "bad", "seed": 1, "arrivals": {"medisin": {"weekday": [1, 2]}}})";
  const CliResult r = sim("replay" + kConfig + " --scenario '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(path + ": /arrivals/medisin/weekday: expected 24 numbers"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(path + ": /arrivals/medisin: missing rates for 'saturday'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("problem(s) in the scenario; nothing was run."), std::string::npos);
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, RegressionScenarioPassesAndAFailedExpectationExitsThree) {
  CliResult r = sim("replay" + kConfig + " --scenario sim/scenarios/regression-calls.json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Calls: 19"), std::string::npos);
  const std::string path = test::work_dir() + "/unmet.json";
  std::ofstream(path)
      << R"({"name": "unmet", "seed": 1, "calls": [{"at": "2026-12-01T07:59", "expect": {"outcome": "answered"}}]})";
  r = sim("replay" + kConfig + " --scenario '" + path + "'");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("/calls/0: expected answered; got closed"), std::string::npos) << r.err;
}

TEST(Cli, EveryCommandRunsOnTheBundledExample) {
  const std::string range = " --from 2027-01-04 --to 2027-01-10";
  for (const std::string& args :
       {"sweep" + kConfig + range, "sweep" + kConfig + range + " --format csv",
        "sweep" + kConfig + range + " --format json", "coverage" + kConfig + range,
        "replay" + kConfig + " --scenario sim/scenarios/st-olavs.json" + range + " --format json",
        "replay" + kConfig + " --scenario sim/scenarios/st-olavs.json" + range + " --seed 7",
        "replay" + kConfig + " --scenario sim/scenarios/st-olavs.json" + range +
            " --calls --format csv",
        "diff" + kConfig + " --config docs/examples/st-olavs-proposed.json" + range,
        "heatmap" + kConfig + " --week 2027-01-06",
        "heatmap" + kConfig +
            " --month 2027-01 --desk kirurgi --scenario sim/scenarios/st-olavs.json --shade "
            "unanswered",
        "report" + kConfig + " --scenario sim/scenarios/st-olavs.json" + range}) {
    const CliResult r = sim(args);
    EXPECT_EQ(r.status, 0) << args << "\n" << r.err;
    EXPECT_FALSE(r.out.empty()) << args;
    EXPECT_TRUE(r.err.empty()) << args << "\n" << r.err;  // no progress line: stderr is not a TTY
  }
}

TEST(Cli, OutputFile) {
  const std::string path = test::work_dir() + "/week.svg";
  std::remove(path.c_str());
  const CliResult r = sim("heatmap" + kConfig + " --week 2026-03-29 -o '" + path + "'");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(test::read_file(path).rfind("<svg", 0), 0u);
  const CliResult bad = sim("heatmap" + kConfig + " --week 2026-03-29 -o /nonexistent/dir/x.svg");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("cannot open '/nonexistent/dir/x.svg'"), std::string::npos);
}

}  // namespace
}  // namespace samtel::sim
