// The store-backed service on a real socket on 127.0.0.1: two changes from the same base sent at
// once, each on its own connection; exactly one is published and the other refused 409.
#include <algorithm>
#include <array>
#include <thread>

#include <gtest/gtest.h>

#include "samtel/admin/client.hpp"
#include "samtel/admin/http_server.hpp"
#include "store_fixture.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;

class StoreOverHttp : public test_support::StoreBacked {};

TEST_F(StoreOverHttp, OfTwoChangesFromTheSameBaseOneIsPublished) {
  Logger log;
  log.set_stderr(false);
  ServerOptions options;
  options.listen = *parse_listen_address("127.0.0.1:0");
  auto server = HttpServer::create(options, *service, log);
  ASSERT_TRUE(server) << server.error();
  std::thread serving([&] { (*server)->run(); });
  const std::string url = "http://127.0.0.1:" + std::to_string((*server)->port());
  const std::string token = login("kari");

  std::array<int, 2> status{};
  std::array<std::thread, 2> senders;
  for (std::size_t i = 0; i < 2; ++i) {
    senders[i] = std::thread([&, i] {
      ClientOptions o;
      o.url = *parse_base_url(url);
      o.token = token;
      o.timeout = std::chrono::seconds(10);
      AdminClient client(std::move(o));
      const std::string day = i == 0 ? "16" : "18";
      const json change = {{"kind", "override_add"},
                           {"rota", "amm"},
                           {"role", "primary"},
                           {"person", "nes"},
                           {"start", "2026-12-" + day + "T08:00"},
                           {"end", "2026-12-" + day + "T20:00"},
                           {"reason", "Kurs"}};
      auto r = client.post("/api/v1/sites/st-olavs/changes", {{"base", v1}, {"change", change}});
      status[i] = r ? 201 : r.error().status;
    });
  }
  for (auto& t : senders) t.join();
  (*server)->stop();
  serving.join();

  std::sort(status.begin(), status.end());
  EXPECT_EQ(status, (std::array<int, 2>{201, 409}));
  const auto versions = with_store([](store::ScheduleStore& s) { return s.versions("st-olavs"); });
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].parent, v1);
}

}  // namespace
}  // namespace samtel::fw::admin
