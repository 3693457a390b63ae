#pragma once
// The service's resources, one file each; each adds its routes to the router. Internal to the
// admin part: the service (service.hpp) is what others use.
#include <chrono>
#include <mutex>
#include <string>

#include "samtel/admin/accounts.hpp"
#include "samtel/admin/login_throttle.hpp"
#include "samtel/admin/monotonic_clock.hpp"
#include "samtel/admin/router.hpp"

namespace samtel::fw::admin {

// GET /api/v1/health: {"status": "ok", "version": ...}, without a token.
void add_health_resource(Router& router, std::string version);

// /api/v1/session: POST signs in (throttled per source), GET says who, DELETE signs out.
class SessionResource {
 public:
  SessionResource(Accounts& accounts, const MonotonicClock& mono, std::chrono::seconds ttl,
                  LoginThrottlePolicy policy)
      : accounts_(accounts), mono_(mono), ttl_(ttl), throttle_(policy) {}
  void add_to(Router& router);

 private:
  ApiResponse sign_in(const Call& call);
  ApiResponse who(const Call& call);
  ApiResponse sign_out(const Call& call);

  Accounts& accounts_;
  const MonotonicClock& mono_;
  std::chrono::seconds ttl_;
  std::mutex throttle_mutex_;  // guards throttle_
  LoginThrottle throttle_;
};

}  // namespace samtel::fw::admin
