#pragma once
// store_access.hpp (internal) — what the store and user commands share: the store a command
// names, opened; who the console's user is; a store's refusal as the command's failure.
#include <string>

#include "samtel/store/schedule_store.hpp"

namespace samtel::cli {

// Opens the store at `path`. Unless `create`, a missing file is a failure (a mistyped path must
// not leave an empty store behind).
fw::store::ScheduleStore open_store(const std::string& path, bool create);

// The actor of a command: the Unix user running it (effective uid), source "cli".
fw::store::Actor console_actor();

// Throws the error as the command's failure: InvalidInput for bad input (exit 2), StoreFailure
// for everything else (exit 3).
[[noreturn]] void fail(const fw::store::StoreError& e);

}  // namespace samtel::cli
