#pragma once
// The admin service over a real temporary schedule store holding docs/examples/st-olavs.json,
// called in memory through handle(): three accounts (anna administrator, kari scheduler, ola
// viewer), the wall clock at 2026-12-02T12:00:00Z moved by hand, cheap password hashes.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "samtel/admin/call_log_retention.hpp"
#include "samtel/admin/schedule_resources.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/admin/shared_store.hpp"
#include "samtel/admin/store_accounts.hpp"
#include "samtel/admin/zone_rules.hpp"
#include "served.hpp"

namespace samtel::fw::admin::test_support {

inline const std::string kPassword = "correct horse battery";

inline Instant utc(const char* text) { return *parse_utc(text); }

inline std::string example_site() {
  return read_file(SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json");
}

class StoreBacked : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::ScheduleStore::open(dir / "schedule.db", wall,
                                        {.password_cost = store::PasswordCost::minimum});
    ASSERT_TRUE(s) << s.error().message;
    auto v = s->initialise(example_site(), {"root", "cli"}, "from st-olavs.json");
    ASSERT_TRUE(v) << v.error().message;
    v1 = *v;
    for (const auto& [name, role] :
         {std::pair{"anna", Role::administrator}, std::pair{"kari", Role::scheduler},
          std::pair{"ola", Role::viewer}}) {
      ASSERT_TRUE(s->add_user(name, role, kPassword, {"root", "cli"}));
    }
    shared = std::make_unique<SharedStore>(std::move(*s));
    accounts = std::make_unique<StoreAccounts>(*shared, wall);
    ServiceSettings settings;
    settings.requests_per_second = 1000;
    settings.request_burst = 1000;
    settings.max_body_bytes = max_body_bytes;
    service = std::make_unique<AdminService>(*accounts, mono, settings);
    zone_rules = std::make_unique<ZoneRules>(*shared, wall);
    if (!call_log.empty()) {
      store::PurgeOptions quick;
      quick.between_batches = [] {};
      retention = std::make_unique<CallLogRetention>(*shared, wall, call_log, Retention{}, quick);
    }
    add_schedule_resources(service->router(), {.store = *shared,
                                               .wall = wall,
                                               .call_log = call_log,
                                               .zone_rules = zone_rules.get(),
                                               .unit_status = unit_status,
                                               .retention = retention.get()});
  }

  ApiResponse call(Method method, const std::string& path, const std::string& token = {},
                   const nlohmann::json& body = nullptr,
                   std::multimap<std::string, std::string> query = {}) {
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.query = std::move(query);
    if (!body.is_null()) {
      r.body = body.dump();
      r.content_type = "application/json";
    }
    if (!token.empty()) r.authorization = "Bearer " + token;
    r.source = "192.0.2.7";
    return service->handle(r);
  }
  ApiResponse get(const std::string& path, const std::string& token,
                  std::multimap<std::string, std::string> query = {}) {
    return call(Method::get, path, token, nullptr, std::move(query));
  }
  ApiResponse post(const std::string& path, const std::string& token, const nlohmann::json& body) {
    return call(Method::post, path, token, body);
  }

  std::string login(const std::string& name) {
    const ApiResponse r = post("/api/v1/session", {}, {{"user", name}, {"password", kPassword}});
    EXPECT_EQ(r.status, 201) << r.body.dump();
    return r.status == 201 ? r.body.value("token", "") : "";
  }

  template <typename F>
  decltype(auto) with_store(F&& f) {
    return shared->with(std::forward<F>(f));
  }

  TempDir dir;
  ManualClock wall{utc("2026-12-02T12:00:00Z")};
  ManualMonotonicClock mono;
  std::string call_log;                    // set before SetUp() for the calls tests
  std::size_t max_body_bytes = 64 * 1024;  // set before SetUp() for a larger limit
  std::string unit_status;  // samteld's status.json; set before SetUp() for the unit tests
  store::VersionId v1 = 0;
  std::unique_ptr<SharedStore> shared;
  std::unique_ptr<StoreAccounts> accounts;
  std::unique_ptr<AdminService> service;
  std::unique_ptr<ZoneRules> zone_rules;
  std::unique_ptr<CallLogRetention> retention;  // with a call log: its retention, by default
};

}  // namespace samtel::fw::admin::test_support
