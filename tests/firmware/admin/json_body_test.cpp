// A request's JSON body: 415 for another media type, 400 with line and column for text that is
// not JSON, with the pointer for a key given twice, and for nesting too deep.
#include "samtel/admin/json_body.hpp"

#include <gtest/gtest.h>

namespace samtel::fw::admin {
namespace {

ApiRequest post(std::string content_type, std::string body) {
  ApiRequest r;
  r.method = Method::post;
  r.path = "/api/v1/session";
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.source = "127.0.0.1";
  return r;
}

TEST(JsonBody, MediaTypeMustBeJson) {
  struct Case {
    const char* content_type;
    bool json;
  };
  const Case cases[] = {
      {"application/json", true},
      {"application/json; charset=utf-8", true},
      {"Application/JSON", true},
      {" application/json ;charset=UTF-8", true},
      {"", false},
      {"text/plain", false},
      {"application/jsonx", false},
      {"application/json-patch+json", false},
      {"application", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(is_json_media_type(c.content_type), c.json) << c.content_type;

  auto refused = parse_json_body(post("text/plain", "{}"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status, 415);
  EXPECT_EQ(refused.error().header("Accept"), "application/json");
  EXPECT_EQ(refused.error().body["error"]["message"],
            "the body must be application/json, not 'text/plain'");
  auto none = parse_json_body(post("", "{}"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().body["error"]["message"],
            "the body must be application/json; no Content-Type was given");
}

TEST(JsonBody, SyntaxErrorsGiveLineAndColumn) {
  auto bad =
      parse_json_body(post("application/json", "{\n  \"user\": \"kari\",\n  \"password\" 1\n}"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 400);
  const std::string message = bad.error().body["error"]["message"];
  EXPECT_EQ(message.rfind("not valid JSON at line 3, column 14: ", 0), 0u) << message;
  EXPECT_FALSE(bad.error().body["error"].contains("pointer"));

  // A number beyond a double is refused like any syntax error, never an exception.
  auto huge = parse_json_body(post("application/json", R"({"user": 6e6666})"));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().status, 400);
  EXPECT_EQ(huge.error().body["error"]["message"],
            "not valid JSON: the number '6e6666' is too large (beyond a double)");

  auto empty = parse_json_body(post("application/json", ""));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().status, 400);
  const std::string empty_message = empty.error().body["error"]["message"];
  EXPECT_EQ(empty_message.rfind("not valid JSON at line 1, column 1: ", 0), 0u) << empty_message;
}

TEST(JsonBody, DuplicateKeyIsRefusedWithItsPointer) {
  auto dup = parse_json_body(
      post("application/json", R"({"rotas": [{"end": "10:00", "end": "11:00"}], "a": 1, "a": 2})"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().status, 400);
  EXPECT_EQ(dup.error().body["error"]["pointer"], "/rotas/0/end");
  EXPECT_EQ(dup.error().body["error"]["message"],
            "duplicate key 'end' (only one may be given) (and 1 more problem)");
}

TEST(JsonBody, NestingDeeperThanTheLimitIsRefusedBeforeParsing) {
  const std::string ok = std::string(kMaxBodyDepth, '[') + std::string(kMaxBodyDepth, ']');
  EXPECT_TRUE(parse_json_body(post("application/json", ok)));
  const std::string deep = std::string(kMaxBodyDepth + 1, '[');
  auto refused = parse_json_body(post("application/json", deep));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().body["error"]["message"],
            "the body nests arrays and objects deeper than 64 levels");
  // Brackets inside strings do not count.
  const std::string in_string = "[\"" + std::string(200, '[') + "\\\"\"]";
  EXPECT_TRUE(parse_json_body(post("application/json", in_string)));
}

TEST(JsonBody, AValidBodyIsParsed) {
  auto ok = parse_json_body(post("application/json", R"({"user": "kari", "password": "x"})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["user"], "kari");
}

}  // namespace
}  // namespace samtel::fw::admin
