// samtel call-log import: appends call records given as JSON lines (the lines samteld journals
// for a record its call log could not store, or the simulator's `replay --call-log`) to a call
// log through the call log's own writer, so they are stored exactly as samteld stores its own.
// The file is read and checked whole first: with one bad line nothing is imported.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "samtel/call_record_json.hpp"
#include "samtel/file.hpp"
#include "samtel/store/call_log.hpp"

namespace samtel::cli {
namespace {

struct CallLogArgs {
  std::string log, file;
};

int cmd_import(const CallLogArgs& a) {
  auto text = read_text_file(a.file);
  if (!text) throw InvalidInput{text.error()};
  auto records = call_records_from_json_lines(*text);
  if (!records) {
    std::string all;
    for (const std::string& e : records.error()) all += a.file + ": " + e + "\n";
    throw InvalidInput{all + std::to_string(records.error().size()) +
                       " problem(s); nothing was imported."};
  }
  // No run of its own: the import is not samteld running (docs/firmware.md, unit_runs).
  std::uint64_t unstored = 0;
  fw::CallLog::Options options;
  options.journal = [&unstored](const CallRecord&, const std::string&) { ++unstored; };
  auto log = fw::CallLog::open(a.log, options);
  if (!log) throw StoreFailure{log.error()};
  for (CallRecord& r : *records) (*log)->append(std::move(r));
  (*log)->flush();
  const auto error = (*log)->last_error();
  const fw::CallLog::Stats stats = (*log)->close();
  if (unstored > 0 || stats.committed != records->size()) {
    throw StoreFailure{"call log " + a.log + ": " + std::to_string(stats.committed) + " of " +
                       std::to_string(records->size()) + " record(s) stored" +
                       (error ? ": " + *error : std::string())};
  }
  std::cout << "imported " << stats.committed << " call record(s) into " << a.log << "\n";
  return kOk;
}

}  // namespace

Dispatch add_call_log_commands(CLI::App& app) {
  auto a = std::make_shared<CallLogArgs>();
  auto* group = app.add_subcommand("call-log", "the unit's call log (calls.db)");
  group->require_subcommand(1);
  auto* import = group->add_subcommand(
      "import", "append call records given as JSON lines (journaled by samteld, or simulated)");
  import->add_option("--log", a->log, "the call log (calls.db); created when missing")->required();
  import->add_option("FILE", a->file, "the records, one JSON object a line")->required();
  return [=]() -> std::optional<int> {
    if (!*group) return std::nullopt;
    if (*import) return cmd_import(*a);
    return std::nullopt;
  };
}

}  // namespace samtel::cli
