// The schedule store's backups: an online copy out, and a checked copy back in.
#include <filesystem>
#include <system_error>

#include "samtel/store/schedule_store.hpp"
#include "store_sql.hpp"

namespace samtel::fw::store {

using Kind = StoreError::Kind;
using sql::error;
using sql::failed;

namespace {

namespace fs = std::filesystem;

void remove_with_log(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

}  // namespace

tl::expected<void, StoreError> ScheduleStore::backup(const std::string& to) const {
  if (exists(to)) {
    return tl::unexpected(error(Kind::exists, to + " exists; a backup never overwrites a file"));
  }
  // Written under a name of its own and renamed when whole, so a failed backup leaves no file
  // that looks like one.
  const std::string partial = to + ".partial";
  remove_with_log(partial);
  {
    auto out = open_connection(partial);
    if (!out) return tl::unexpected(failed(out.error()));
    if (auto r = copy_database(db_, *out); !r) {
      out->close();
      remove_with_log(partial);
      return tl::unexpected(failed(r.error()));
    }
    // One file with no write-ahead log beside it: copied into it, and synced, as the mode
    // changes.
    if (auto r = out->exec("PRAGMA synchronous=FULL; PRAGMA journal_mode=DELETE"); !r) {
      out->close();
      remove_with_log(partial);
      return tl::unexpected(failed(r.error()));
    }
  }
  std::error_code ec;
  fs::rename(partial, to, ec);
  if (ec) {
    remove_with_log(partial);
    return tl::unexpected(error(Kind::io, "cannot write " + to + ": " + ec.message()));
  }
  return {};
}

tl::expected<void, StoreError> restore_backup(const std::string& backup, const std::string& path) {
  if (!exists(backup)) return tl::unexpected(error(Kind::not_found, "no backup at " + backup));
  const std::string damaged = backup + " is not a backup of a schedule store: ";
  // The backup is read only; the checks run on a copy, which migrations may change.
  auto in = open_connection(backup, {.read_only = true});
  if (!in) return tl::unexpected(error(Kind::damaged, damaged + in.error().message));
  if (auto r = quick_check(*in); !r) {
    return tl::unexpected(error(Kind::damaged, damaged + r.error().message));
  }
  const std::string copy = path + ".restoring";
  remove_with_log(copy);
  const auto fail = [&](StoreError e) -> tl::expected<void, StoreError> {
    remove_with_log(copy);
    return tl::unexpected(std::move(e));
  };
  {
    auto scratch = open_connection(copy);
    if (!scratch) return fail(failed(scratch.error()));
    if (auto r = copy_database(*in, *scratch); !r) return fail(failed(r.error()));
  }
  in->close();
  {
    SystemClock clock;  // nothing is written with it: verify() reads only
    auto checked = ScheduleStore::open(copy, clock);
    if (!checked) return fail(error(Kind::damaged, damaged + checked.error().message));
    const VerifyReport report = checked->verify();
    if (!report.ok()) {
      std::string text = damaged + "its audit trail or versions fail verification:";
      for (const std::string& p : report.problems) text += "\n  " + p;
      return fail(error(Kind::damaged, text));
    }
    auto live = open_connection(path);
    if (!live) return fail(failed(live.error()));
    auto source = open_connection(copy, {.read_only = true});
    if (!source) return fail(failed(source.error()));
    if (auto r = copy_database(*source, *live); !r) return fail(failed(r.error()));
  }
  remove_with_log(copy);
  return {};
}

}  // namespace samtel::fw::store
