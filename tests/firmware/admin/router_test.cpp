// The router and the one error shape, in memory: which route answers, 404, 405 with Allow, HEAD
// answered by GET, path parameters.
#include "samtel/admin/router.hpp"

#include <gtest/gtest.h>

namespace samtel::fw::admin {
namespace {

using nlohmann::json;

Handler answer(std::string text) {
  return [text = std::move(text)](const Call& call) {
    ApiResponse r;
    r.body = {{"route", text}};
    for (const auto& [k, v] : call.params) r.body["params"][k] = v;
    return r;
  };
}

Router example_router() {
  Router router;
  router.add(Method::get, "/api/v1/versions", {}, answer("list"));
  router.add(Method::post, "/api/v1/versions", {}, answer("create"));
  router.add(Method::get, "/api/v1/versions/published", {}, answer("published"));
  router.add(Method::get, "/api/v1/versions/{id}", {}, answer("one"));
  router.add(Method::delete_, "/api/v1/versions/{id}", {}, answer("delete"));
  router.add(Method::get, "/api/v1/sites/{site}/lines/{line}", {}, answer("line"));
  return router;
}

// The route chosen, with its parameters, or the status of the refusal.
json route_of(const Router& router, Method method, std::string_view path) {
  auto found = router.find(method, path);
  if (!found) return found.error().status;
  const ApiRequest request{method, std::string(path), {}, {}, {}, {}, "127.0.0.1"};
  const json null;
  return found->route->handler(Call{request, found->params, nullptr, null}).body;
}

TEST(Router, ChoosesByMethodAndPathWithParameters) {
  const Router router = example_router();
  struct Case {
    Method method;
    const char* path;
    json expected;
  };
  const Case cases[] = {
      {Method::get, "/api/v1/versions", {{"route", "list"}}},
      {Method::post, "/api/v1/versions", {{"route", "create"}}},
      // Added before the pattern, so the literal wins.
      {Method::get, "/api/v1/versions/published", {{"route", "published"}}},
      {Method::get, "/api/v1/versions/17", {{"route", "one"}, {"params", {{"id", "17"}}}}},
      {Method::head, "/api/v1/versions/17", {{"route", "one"}, {"params", {{"id", "17"}}}}},
      {Method::delete_, "/api/v1/versions/a b", {{"route", "delete"}, {"params", {{"id", "a b"}}}}},
      {Method::get,
       "/api/v1/sites/st-olavs/lines/73553888",
       {{"route", "line"}, {"params", {{"line", "73553888"}, {"site", "st-olavs"}}}}},
      // An empty segment is no parameter; a trailing slash is another path.
      {Method::get, "/api/v1/versions/", 404},
      {Method::get, "/api/v1/versions//", 404},
      {Method::get, "/api/v1/version", 404},
      {Method::get, "/api/v1/versions/17/x", 404},
      {Method::get, "", 404},
      {Method::get, "api/v1/versions", 404},
      {Method::put, "/api/v1/versions", 405},
      {Method::post, "/api/v1/versions/17", 405},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(route_of(router, c.method, c.path), c.expected)
        << to_string(c.method) << " " << c.path;
  }
}

TEST(Router, UnknownPathIs404InTheErrorShape) {
  const Router router = example_router();
  auto found = router.find(Method::get, "/nothing/here");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status, 404);
  EXPECT_EQ(found.error().body,
            json::parse(R"({"error":{"status":404,"message":"no resource at '/nothing/here'"}})"));
}

TEST(Router, WrongMethodIs405WithAllow) {
  const Router router = example_router();
  auto found = router.find(Method::patch, "/api/v1/versions/9");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status, 405);
  EXPECT_EQ(found.error().header("allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(found.error().body["error"]["message"],
            "the method PATCH is not allowed on '/api/v1/versions/9'; allowed: GET, HEAD, DELETE");
  EXPECT_FALSE(found.error().body["error"].contains("pointer"));

  auto post_only = Router{};
  post_only.add(Method::post, "/api/v1/session", {}, answer("x"));
  auto head = post_only.find(Method::head, "/api/v1/session");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().header("Allow"), "POST");
}

TEST(Router, ControlCharactersInAPathStayOnOneLine) {
  const Router router = example_router();
  auto found = router.find(Method::get, "/a\nb");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().body["error"]["message"], "no resource at '/a\\nb'");
}

TEST(Router, RefusesABadPatternAndADuplicate) {
  Router router;
  router.add(Method::get, "/a/{id}", {}, answer("a"));
  EXPECT_THROW(router.add(Method::get, "/a/{id}", {}, answer("b")), std::logic_error);
  EXPECT_THROW(router.add(Method::get, "a", {}, answer("c")), std::logic_error);
  EXPECT_NO_THROW(router.add(Method::post, "/a/{id}", {}, answer("d")));
}

TEST(Methods, TextFormsAreExactInverses) {
  for (Method m :
       {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::delete_}) {
    EXPECT_EQ(method_from_string(to_string(m)), m);
  }
  EXPECT_EQ(to_string(Method::delete_), "DELETE");
  for (const char* other : {"get", "OPTIONS", "TRACE", "CONNECT", "", "GET "}) {
    EXPECT_FALSE(method_from_string(other)) << other;
  }
  const ApiResponse r = not_implemented("BREW");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.body["error"]["message"],
            "the method 'BREW' is not implemented; the service knows GET, HEAD, POST, PUT, PATCH "
            "and DELETE");
}

TEST(ErrorShape, PointerOnlyWhenAFieldIsAtFault) {
  EXPECT_EQ(error_response(400, "expected a string", "/rotas/0/end").body,
            json::parse(R"({"error":{"status":400,"message":"expected a string",)"
                        R"("pointer":"/rotas/0/end"}})"));
  EXPECT_EQ(error_response(404, "gone").body,
            json::parse(R"({"error":{"status":404,"message":"gone"}})"));
  const ApiResponse slow = too_many_requests("slow down", 0);
  EXPECT_EQ(slow.status, 429);
  EXPECT_EQ(slow.header("Retry-After"), "1");
  EXPECT_EQ(payload_too_large(1024).body["error"]["message"],
            "the body is larger than the 1024 bytes this service takes");
}

}  // namespace
}  // namespace samtel::fw::admin
