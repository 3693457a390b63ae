// The service as a whole, in memory: the order of its checks (rate, route, size, who, body),
// signing in and out, the login throttle and the request rate on a clock moved by hand, and a
// handler's exception answered 500.
#include "samtel/admin/service.hpp"

#include <gtest/gtest.h>

#include "samtel/admin/auth.hpp"
#include "samtel/admin/memory_accounts.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::seconds;

const Instant kT0 = Instant{date::sys_days{date::year{2026} / 3 / 10}} + hours(9);

class Service : public ::testing::Test {
 protected:
  Service() {
    settings_.max_body_bytes = 256;
    settings_.requests_per_second = 1000;
    settings_.request_burst = 1000;
    settings_.session_ttl = seconds(3600);
    settings_.login = {.free_failures = 2,
                       .first_delay = seconds(5),
                       .max_delay = seconds(60),
                       .forget_after = seconds(3600),
                       .max_sources = 64};
    accounts_.add_user("kari", "correct horse", Role::scheduler);
    accounts_.add_user("ola", "battery staple", Role::viewer);
  }

  AdminService& service() {
    if (!service_) {
      service_ = std::make_unique<AdminService>(accounts_, mono_, settings_);
      service_->router().add(Method::put, "/api/v1/rotas/{id}",
                             {.role = Role::scheduler, .json_body = true}, [](const Call& c) {
                               ApiResponse r;
                               r.body = {{"id", c.params.at("id")}, {"got", c.body}};
                               return r;
                             });
      service_->router().add(Method::get, "/api/v1/broken", {},
                             [](const Call&) -> ApiResponse { throw std::runtime_error("a bug"); });
    }
    return *service_;
  }

  ApiResponse call(Method method, std::string path, std::string body = {},
                   std::string authorization = {}, std::string content_type = "application/json",
                   std::string source = "127.0.0.1") {
    ApiRequest r;
    r.method = method;
    r.path = std::move(path);
    r.body = std::move(body);
    r.authorization = std::move(authorization);
    r.content_type = std::move(content_type);
    r.source = std::move(source);
    return service().handle(r);
  }

  ApiResponse sign_in(const std::string& user, const std::string& password,
                      std::string source = "127.0.0.1") {
    return call(Method::post, "/api/v1/session",
                json{{"user", user}, {"password", password}}.dump(), {}, "application/json",
                std::move(source));
  }

  std::string bearer(const std::string& user, const std::string& password) {
    const ApiResponse r = sign_in(user, password);
    EXPECT_EQ(r.status, 201) << r.body;
    return "Bearer " + r.body.value("token", std::string());
  }

  ServiceSettings settings_;
  ManualClock clock_{kT0};
  ManualMonotonicClock mono_;
  InMemoryAccounts accounts_{clock_};
  std::unique_ptr<AdminService> service_;
};

TEST_F(Service, HealthNeedsNoToken) {
  const ApiResponse r = call(Method::get, "/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, json::parse(R"({"status":"ok","version":"0.1.0"})"));
  EXPECT_EQ(call(Method::head, "/api/v1/health").status, 200);
  EXPECT_EQ(call(Method::post, "/api/v1/health").status, 405);
}

TEST_F(Service, SignInGivesATokenThatWorksUntilSignOut) {
  const ApiResponse r = sign_in("kari", "correct horse");
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.body["role"], "scheduler");
  EXPECT_EQ(r.body["user"], "kari");
  EXPECT_EQ(r.body["expires"], "2026-03-10T10:00:00Z");
  EXPECT_EQ(r.body["token"].get<std::string>().size(), 64u);
  EXPECT_EQ(r.user, "kari");
  const std::string auth = "Bearer " + r.body["token"].get<std::string>();

  EXPECT_EQ(r.body["csrf"], csrf_token(r.body["token"].get<std::string>()));
  EXPECT_TRUE(r.header("Set-Cookie").empty());

  const ApiResponse who = call(Method::get, "/api/v1/session", {}, auth);
  EXPECT_EQ(who.status, 200);
  EXPECT_EQ(who.body, (json{{"user", "kari"},
                            {"role", "scheduler"},
                            {"expires", "2026-03-10T10:00:00Z"},
                            {"csrf", r.body["csrf"]}}));
  EXPECT_EQ(who.user, "kari");

  const ApiResponse out = call(Method::delete_, "/api/v1/session", {}, auth);
  EXPECT_EQ(out.status, 204);
  EXPECT_TRUE(out.body.is_null());
  EXPECT_EQ(call(Method::get, "/api/v1/session", {}, auth).status, 401);
  EXPECT_EQ(call(Method::delete_, "/api/v1/session", {}, auth).status, 401);
}

TEST_F(Service, TheWebPageSignsInWithACookieAndChangesWithItsCsrfToken) {
  const ApiResponse r = call(Method::post, "/api/v1/session",
                             R"({"user": "kari", "password": "correct horse", "cookie": true})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.body.contains("token"));  // only in the HttpOnly cookie
  const std::string cookie = r.header("Set-Cookie");
  ASSERT_TRUE(cookie.starts_with("samtel_session=")) << cookie;
  EXPECT_TRUE(cookie.ends_with("; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"));
  const std::string token = cookie.substr(15, 64);
  const std::string csrf = r.body["csrf"];
  EXPECT_EQ(csrf, csrf_token(token));

  ApiRequest req;
  req.source = "127.0.0.1";
  req.cookie = "samtel_session=" + token;
  req.method = Method::get;
  req.path = "/api/v1/session";
  const ApiResponse who = service().handle(req);
  EXPECT_EQ(who.status, 200);
  EXPECT_EQ(who.body["csrf"], csrf);  // a reloaded page learns it again

  req.method = Method::put;
  req.path = "/api/v1/rotas/amm";
  req.content_type = "application/json";
  req.body = "{}";
  EXPECT_EQ(service().handle(req).status, 403);
  req.csrf = csrf;
  EXPECT_EQ(service().handle(req).status, 200);

  req.method = Method::delete_;
  req.path = "/api/v1/session";
  req.body.clear();
  const ApiResponse out = service().handle(req);
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(out.header("Set-Cookie"),
            "samtel_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  req.method = Method::get;
  EXPECT_EQ(service().handle(req).status, 401);

  EXPECT_EQ(call(Method::post, "/api/v1/session",
                 R"({"user": "kari", "password": "correct horse", "cookie": 1})")
                .body["error"]["pointer"],
            "/cookie");
}

TEST_F(Service, TokenExpiresOnTheWallClock) {
  const std::string auth = bearer("ola", "battery staple");
  clock_.advance(seconds(3599));
  EXPECT_EQ(call(Method::get, "/api/v1/session", {}, auth).status, 200);
  clock_.advance(seconds(1));
  const ApiResponse r = call(Method::get, "/api/v1/session", {}, auth);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("WWW-Authenticate"), R"(Bearer realm="samtel", error="invalid_token")");
}

TEST_F(Service, SignInBodyIsChecked) {
  struct Case {
    std::string body;
    int status;
    json error;
  };
  const Case cases[] = {
      {R"({"user": "kari"})",
       400,
       {{"status", 400}, {"message", "missing required key 'password'"}}},
      {R"({"user": 7, "password": "x"})",
       400,
       {{"status", 400}, {"message", "expected a string, found a number"}, {"pointer", "/user"}}},
      {R"({"user": "ka\nri", "password": "x"})",
       400,
       {{"status", 400},
        {"message", "contains a control character (U+000A)"},
        {"pointer", "/user"}}},
      {R"({"user": "kari", "password": "x", "remember": true})",
       400,
       {{"status", 400},
        {"message", "unknown key 'remember' (allowed here: user, password, cookie)"},
        {"pointer", "/remember"}}},
      {R"(["kari", "x"])",
       400,
       {{"status", 400}, {"message", "expected an object, found an array"}}},
      {R"({"user": "kari", "password": ""})",
       400,
       {{"status", 400}, {"message", "must not be empty"}, {"pointer", "/password"}}},
  };
  for (const Case& c : cases) {
    const ApiResponse r = call(Method::post, "/api/v1/session", c.body);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_EQ(r.body["error"], c.error) << c.body;
  }
}

TEST_F(Service, ChecksComeInOrder) {
  const std::string viewer = bearer("ola", "battery staple");
  const std::string scheduler = bearer("kari", "correct horse");
  const std::string big(settings_.max_body_bytes + 1, ' ');
  struct Case {
    Method method;
    const char* path;
    std::string body;
    std::string auth;
    std::string content_type;
    int status;
  };
  const Case cases[] = {
      // No route: 404 before anything else, even with a body too large.
      {Method::put, "/api/v1/nothing", big, "", "text/plain", 404},
      {Method::post, "/api/v1/rotas/7", "{}", scheduler, "application/json", 405},
      // Too large: 413 before the token is looked at.
      {Method::put, "/api/v1/rotas/7", big, "", "application/json", 413},
      // Then who: 401, 403, before the media type and the text.
      {Method::put, "/api/v1/rotas/7", "{", "", "text/plain", 401},
      {Method::put, "/api/v1/rotas/7", "{", viewer, "text/plain", 403},
      {Method::put, "/api/v1/rotas/7", "{", scheduler, "text/plain", 415},
      {Method::put, "/api/v1/rotas/7", "{", scheduler, "application/json", 400},
      {Method::put, "/api/v1/rotas/7", R"({"a": 1})", scheduler, "application/json", 200},
  };
  for (const Case& c : cases) {
    const ApiResponse r = call(c.method, c.path, c.body, c.auth, c.content_type);
    EXPECT_EQ(r.status, c.status) << to_string(c.method) << " " << c.path << " " << c.body.size();
    EXPECT_TRUE(r.body.contains(c.status == 200 ? "got" : "error")) << r.body;
  }
  const ApiResponse ok = call(Method::put, "/api/v1/rotas/7", R"({"a": 1})", scheduler);
  EXPECT_EQ(ok.body, json::parse(R"({"id":"7","got":{"a":1}})"));
  EXPECT_EQ(ok.user, "kari");
  EXPECT_EQ(call(Method::put, "/api/v1/rotas/7", "{", scheduler).user, "kari");
  const ApiResponse bad = call(Method::put, "/api/v1/rotas/7", "{\"a\":\n tru}", scheduler);
  EXPECT_EQ(bad.body["error"]["message"].get<std::string>().rfind("not valid JSON at line 2, ", 0),
            0u);
}

TEST_F(Service, FailedSignInsFromOneAddressAreThrottled) {
  // Two failures are free, then 5 s, 10 s, ... from that address only.
  EXPECT_EQ(sign_in("kari", "wrong").status, 401);
  EXPECT_EQ(sign_in("kari", "wrong").status, 401);
  EXPECT_EQ(sign_in("nobody", "wrong").status, 401);
  ApiResponse r = sign_in("kari", "correct horse");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "5");
  EXPECT_EQ(r.body["error"]["message"], "too many failed sign-ins from this address; wait 5 s");
  EXPECT_EQ(sign_in("kari", "correct horse", "192.0.2.7").status, 201);  // another address
  mono_.advance(seconds(4));
  EXPECT_EQ(sign_in("kari", "correct horse").header("Retry-After"), "1");
  mono_.advance(seconds(1));
  EXPECT_EQ(sign_in("kari", "wrong").status, 401);  // the fourth failure: 10 s
  EXPECT_EQ(sign_in("kari", "correct horse").header("Retry-After"), "10");
  mono_.advance(seconds(10));
  EXPECT_EQ(sign_in("kari", "correct horse").status, 201);
  // A success forgets the failures.
  EXPECT_EQ(sign_in("kari", "wrong").status, 401);
  EXPECT_EQ(sign_in("kari", "correct horse").status, 201);
}

TEST_F(Service, ALockedAccountAndUnavailableAccountsAreNotCountedAsGuesses) {
  accounts_.lock("ola", seconds(900));
  for (int i = 0; i < 5; ++i) {
    const ApiResponse r = sign_in("ola", "battery staple");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("Retry-After"), "900");
  }
  accounts_.set_unavailable(true);
  EXPECT_EQ(sign_in("kari", "correct horse").status, 503);
  accounts_.set_unavailable(false);
  EXPECT_EQ(sign_in("kari", "correct horse").status, 201);
}

TEST_F(Service, RequestsBeyondTheRateAre429) {
  settings_.requests_per_second = 2;
  settings_.request_burst = 3;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(Method::get, "/api/v1/health").status, 200);
  const ApiResponse r = call(Method::get, "/api/v1/health");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "1");
  EXPECT_EQ(call(Method::get, "/nothing").status, 429);  // before the route
  EXPECT_EQ(call(Method::get, "/api/v1/health", {}, {}, {}, "::1").status, 200);
  mono_.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(call(Method::get, "/api/v1/health").status, 200);
  EXPECT_EQ(call(Method::get, "/api/v1/health").status, 429);
}

TEST_F(Service, AnExceptionFromAHandlerIs500) {
  const ApiResponse r = call(Method::get, "/api/v1/broken");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(
      r.body,
      json::parse(R"({"error":{"status":500,"message":"internal error; it has been logged"}})"));
  EXPECT_FALSE(is_documented_status(500));
}

}  // namespace
}  // namespace samtel::fw::admin
