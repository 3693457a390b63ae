#pragma once
// notify.hpp — what samteld and samtel-admind tell systemd (sd_notify), in one place.
//
// Promises:
//  * `notify_service_manager("READY=1")` sends the state (one or more `NAME=value` lines) to
//    systemd when the process runs in a unit of `Type=notify` (NOTIFY_SOCKET set), and does
//    nothing otherwise, or in a build without libsystemd. It never fails the caller.
//  * `watchdog_interval()` is the unit's `WatchdogSec=` when systemd expects `WATCHDOG=1` from
//    this process, and nothing otherwise; a daemon sends `WATCHDOG=1` at least twice within it.
//
//   if (auto every = watchdog_interval()) kick_every = *every / 2;
//   notify_service_manager("READY=1\nSTATUS=serving");
#include <chrono>
#include <optional>
#include <string>

namespace samtel::fw {

void notify_service_manager(const std::string& state);
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace samtel::fw
