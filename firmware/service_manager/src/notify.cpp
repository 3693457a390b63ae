#include "samtel/service_manager/notify.hpp"

#include <cstdint>

#ifdef SAMTEL_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace samtel::fw {

void notify_service_manager(const std::string& state) {
#ifdef SAMTEL_HAVE_SYSTEMD
  (void)sd_notify(0, state.c_str());
#else
  (void)state;
#endif
}

std::optional<std::chrono::microseconds> watchdog_interval() {
#ifdef SAMTEL_HAVE_SYSTEMD
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
    return std::chrono::microseconds(static_cast<std::chrono::microseconds::rep>(usec));
#endif
  return std::nullopt;
}

}  // namespace samtel::fw
