// A month of simulated traffic into a call log: the simulator writes its calls as call-log
// records (samtel-sim replay --call-log), `samtel call-log import` appends them through the call
// log's writer, and the reader gives back every record with its caller category and
// municipality. A file with one bad line imports nothing and names the line and the field.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/run_command.hpp"
#include "samtel/store/call_log_reader.hpp"

namespace samtel::fw {
namespace {

const std::string kSource = SAMTEL_SOURCE_DIR;

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::vector<CallRecord> read_all(const std::string& db, Instant from, Instant to) {
  auto reader = store::CallLogReader::open(db);
  EXPECT_TRUE(reader) << reader.error();
  std::vector<CallRecord> out;
  if (!reader) return out;
  std::int64_t after = 0;
  for (;;) {
    auto page = reader->calls(from, to, after, store::CallLogReader::kMaxLimit);
    EXPECT_TRUE(page) << page.error();
    if (!page) break;
    for (auto& c : page->calls) out.push_back(std::move(c.record));
    if (!page->next) break;
    after = *page->next;
  }
  return out;
}

TEST(CallLogImport, AMonthOfSimulatedTrafficIsImportedAndReadBack) {
#ifndef SAMTEL_SIM
  GTEST_SKIP() << "built without the simulator";
#else
  const std::string jsonl = test::temp_path("december.jsonl");
  const std::string summary = test::temp_path("summary.txt");
  const auto sim = test::run_command(
      SAMTEL_SIM, {"replay", "--config", kSource + "/docs/examples/st-olavs.json", "--scenario",
                   kSource + "/sim/scenarios/st-olavs.json", "--from", "2026-12-01", "--to",
                   "2026-12-31", "--call-log", jsonl, "-o", summary});
  ASSERT_EQ(sim.code, 0) << sim.err;
  const std::vector<nlohmann::json> lines = lines_of(test::slurp(jsonl));
  ASSERT_GT(lines.size(), 2000u);  // the scenario's month: about 90 calls a day
  std::map<std::string, std::size_t> by_category, by_municipality;
  for (const nlohmann::json& l : lines) {
    ++by_category[l.at("caller_category").get<std::string>()];
    ++by_municipality[l.at("municipality").get<std::string>()];
    EXPECT_EQ(l.at("caller").get<std::string>().find_first_not_of('*'),
              l.at("caller").get<std::string>().size() - 2);  // the last two digits only
  }
  EXPECT_GT(by_category["unknown"], 0u);
  EXPECT_GT(by_category["legevakt"], 0u);
  EXPECT_GT(by_municipality["Orkland"], 0u);

  const std::string db = test::temp_path("calls.db");
  const auto imported = test::run_command(SAMTEL_CLI, {"call-log", "import", "--log", db, jsonl});
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_EQ(imported.out,
            "imported " + std::to_string(lines.size()) + " call record(s) into " + db + "\n");

  const Instant from = *parse_utc("2026-11-30T23:00:00Z"), to = *parse_utc("2026-12-31T23:00:00Z");
  const std::vector<CallRecord> records = read_all(db, from, to);
  ASSERT_EQ(records.size(), lines.size());
  std::map<std::string, std::size_t> read_category, read_municipality;
  for (const CallRecord& r : records) {
    ++read_category[std::string(to_string(r.caller_category))];
    ++read_municipality[r.municipality];
  }
  EXPECT_EQ(read_category, by_category);
  EXPECT_EQ(read_municipality, by_municipality);
  EXPECT_EQ(nlohmann::json::parse(to_json(records.front())), lines.front());
  EXPECT_EQ(nlohmann::json::parse(to_json(records.back())), lines.back());
  // The import is no run of samteld's.
  auto reader = store::CallLogReader::open(db);
  ASSERT_TRUE(reader);
  EXPECT_TRUE(reader->not_running(from, to, to)->empty());

  // One bad line: nothing of the file is imported, and the line and field are named.
  std::string text = test::slurp(jsonl);
  nlohmann::json bad = lines[5];
  bad["outcome"] = "maybe";
  text += bad.dump() + "\n";
  const std::string broken = test::temp_path("broken.jsonl");
  std::ofstream(broken, std::ios::binary) << text;
  const auto refused = test::run_command(SAMTEL_CLI, {"call-log", "import", "--log", db, broken});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("broken.jsonl: line " + std::to_string(lines.size() + 1) +
                             ": /outcome: expected one of redirected,"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("1 problem(s); nothing was imported."), std::string::npos);
  EXPECT_EQ(read_all(db, from, to).size(), lines.size());

  const auto missing =
      test::run_command(SAMTEL_CLI, {"call-log", "import", "--log", db, "/nonexistent.jsonl"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("/nonexistent.jsonl"), std::string::npos) << missing.err;
#endif
}

}  // namespace
}  // namespace samtel::fw
