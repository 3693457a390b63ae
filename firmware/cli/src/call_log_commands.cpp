// samtel call-log: samteld's call log on the unit (calls.db).
//  * purge: the call log's retention applied on the unit by its operator
//    (samtel/store/call_log_purge.hpp), audited in the schedule store as `call_log_purged` by the
//    console's user.
//  * import: appends call records given as JSON lines (the lines samteld journals for a record
//    its call log could not store, or the simulator's `replay --call-log`) to a call log through
//    the call log's own writer, so they are stored exactly as samteld stores its own. The file is
//    read and checked whole first: with one bad line nothing is imported.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "samtel/call_record_json.hpp"
#include "samtel/file.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/store/call_log_purge.hpp"
#include "samtel/store/published_schedule.hpp"
#include "samtel/time.hpp"
#include "samtel/unit/settings.hpp"
#include "store_access.hpp"

namespace samtel::cli {
namespace {

struct CallLogArgs {
  std::string log, store, unit, file;
  bool dry_run = false;
};

int cmd_purge(const CallLogArgs& a) {
  fw::Retention retention;
  if (!a.unit.empty()) {
    auto unit = fw::load_unit_file(a.unit);
    if (!unit) {
      std::string why;
      for (const std::string& e : unit.error()) why += (why.empty() ? "" : "\n") + e;
      throw InvalidInput{why};
    }
    retention = unit->retention;
  }
  fw::store::ScheduleStore store = open_store(a.store, false);
  auto published = fw::store::load_published(store);
  if (!published) fail(published.error());
  auto purge = fw::store::CallLogPurge::open(a.log);
  if (!purge) throw StoreFailure{purge.error()};
  fw::store::PurgeOptions options;
  options.dry_run = a.dry_run;
  const SystemClock clock;
  auto counts = purge->run(clock.now(), retention, *published->schedule, options);
  auto audited =
      store.append_audit(console_actor(), fw::store::AuditAction::call_log_purged,
                         fw::store::purge_audit_detail(retention, "cli", a.dry_run, counts));
  if (!audited) fail(audited.error());
  if (!counts) throw StoreFailure{counts.error()};
  const char* verb = a.dry_run ? "would be " : "";
  std::cout << "callers' numbers " << verb << "blanked: " << counts->numbers_blanked << '\n'
            << "call records " << verb << "deleted: " << counts->calls_deleted << '\n'
            << "attempts " << verb << "deleted: " << counts->attempts_deleted << '\n'
            << "months " << verb << "aggregated: " << counts->months_aggregated << '\n'
            << "aggregates " << verb << "deleted: " << counts->aggregates_deleted << '\n';
  return kOk;
}

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
  auto* group = app.add_subcommand("call-log", "samteld's call log on the unit (calls.db)");
  group->require_subcommand(1);
  auto* purge = group->add_subcommand(
      "purge",
      "apply the retention now: blank old callers' numbers, delete old records after "
      "keeping their months' statistics; audited in the schedule store");
  purge->add_option("--log", a->log, "the call log (calls.db)")->required();
  purge->add_option("--store", a->store, "the schedule store (schedule.db): sites and the audit")
      ->required();
  purge->add_option("--unit", a->unit,
                    "the unit's settings (unit.json); default retention "
                    "without it");
  purge->add_flag("--dry-run", a->dry_run, "count what it would do; change nothing");
  auto* import = group->add_subcommand(
      "import", "append call records given as JSON lines (journaled by samteld, or simulated)");
  import->add_option("--log", a->log, "the call log (calls.db); created when missing")->required();
  import->add_option("FILE", a->file, "the records, one JSON object a line")->required();
  return [=]() -> std::optional<int> {
    if (!*group) return std::nullopt;
    if (*purge) return cmd_purge(*a);
    if (*import) return cmd_import(*a);
    return std::nullopt;
  };
}

}  // namespace samtel::cli
