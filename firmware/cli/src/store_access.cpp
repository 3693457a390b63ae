#include "store_access.hpp"

#include <filesystem>
#include <system_error>

#include <pwd.h>
#include <unistd.h>

#include "commands.hpp"

namespace samtel::cli {

fw::store::ScheduleStore open_store(const std::string& path, bool create) {
  static const SystemClock clock;
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    throw StoreFailure{"no schedule store at " + path + " ('samtel store init' makes one)"};
  }
  auto store = fw::store::ScheduleStore::open(path, clock);
  if (!store) fail(store.error());
  return std::move(*store);
}

fw::store::Actor console_actor() {
  const uid_t uid = geteuid();
  const passwd* pw = getpwuid(uid);
  return {pw != nullptr && pw->pw_name != nullptr ? pw->pw_name : "uid " + std::to_string(uid),
          "cli"};
}

void fail(const fw::store::StoreError& e) {
  if (e.kind == fw::store::StoreError::Kind::invalid) throw InvalidInput{e.message};
  throw StoreFailure{e.message};
}

}  // namespace samtel::cli
