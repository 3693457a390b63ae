#include "samtel/admin/json_body.hpp"

#include <algorithm>
#include <cctype>

namespace samtel::fw::admin {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether arrays and objects nest deeper than `limit` anywhere in `text` (brackets inside strings
// do not count). Checked before parsing: the parser's memory grows with the depth.
bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view kJson = "application/json";
  return std::equal(type.begin(), type.end(), kJson.begin(), kJson.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

tl::expected<nlohmann::json, ApiResponse> parse_json_body(const ApiRequest& request) {
  if (!is_json_media_type(request.content_type)) {
    ApiResponse r = error_response(
        415, request.content_type.empty()
                 ? std::string("the body must be application/json; no Content-Type was given")
                 : "the body must be application/json, not " + quote_value(request.content_type));
    r.headers.emplace_back("Accept", "application/json");
    return tl::unexpected(std::move(r));
  }
  if (nests_deeper_than(request.body, kMaxBodyDepth)) {
    return tl::unexpected(error_response(400, "the body nests arrays and objects deeper than " +
                                                  std::to_string(kMaxBodyDepth) + " levels"));
  }
  JsonChecker checker;
  auto document = parse_checked(request.body, checker);
  if (!document || !checker.ok()) return tl::unexpected(body_problem(checker));
  return std::move(*document);
}

ApiResponse body_problem(const JsonChecker& checker) {
  if (checker.ok()) return error_response(400, "the body is not valid");
  const JsonProblem& first = checker.problems().front();
  std::string message = first.message;
  if (checker.count() > 1) {
    message += " (and " + std::to_string(checker.count() - 1) + " more problem" +
               (checker.count() > 2 ? "s" : "") + ")";
  }
  return error_response(400, std::move(message), first.pointer);
}

}  // namespace samtel::fw::admin
