#pragma once
// samtel/admin/api.hpp — the admin service's requests and answers as values, with no socket in
// sight: the HTTP glue (http_server.hpp) turns bytes into an `ApiRequest` once, and an
// `ApiResponse` back into bytes; everything between is plain functions that tests call in memory.
//
// Promises:
//  * `Method` is the vocabulary of HTTP methods the service knows; `method_from_string()` takes the
//    exact upper-case token and gives nullopt for any other (answered 501 by `not_implemented()`).
//  * Every error the service gives has one shape, made only by `error_response()`:
//      {"error": {"status": 400, "message": "...", "pointer": "/rotas/0/end"}}
//    `pointer` (RFC 6901) is there only when one field of the request body is at fault. A message
//    is one line: values people sent are echoed with `quote_value()` (samtel/text.hpp).
//  * `is_documented_status()` is the list of statuses the service may answer (docs/admin.md);
//    500 is not on it: a handler validates its input instead of letting an exception escape.
//  * `path_for_log()` never gives a calendar feed's token: a path under `/feeds/` (the feed's
//    secret URL) is logged as `/feeds/…`.
//
//   ApiResponse r = error_response(415, "the body must be application/json");
//   r.headers.emplace_back("Accept", "application/json");
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/ip/address.hpp>
#include <nlohmann/json.hpp>

namespace samtel::fw::admin {

enum class Method { get, head, post, put, patch, delete_ };

// "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE".
std::string_view to_string(Method m);
std::optional<Method> method_from_string(std::string_view token);

using Header = std::pair<std::string, std::string>;

struct ApiRequest {
  Method method = Method::get;
  std::string path;                               // decoded, without the query: "/api/v1/session"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string content_type;                       // the Content-Type header, as sent
  std::string authorization;                      // the Authorization header, as sent
  std::string cookie;                             // the Cookie header, as sent (the web page)
  std::string csrf;                               // the X-CSRF-Token header, as sent
  std::string if_none_match;                      // the If-None-Match header (the web page's files)
  std::string body;
  std::string source;  // the peer's address, "127.0.0.1" or "::1"
};

struct ApiResponse {
  int status = 200;
  nlohmann::json body;  // null: no body (204), or the body is `text`
  // A body that is not JSON (a duty calendar, a file of the web page), sent as it is with
  // `content_type`; when set, `body` is not sent.
  std::optional<std::string> text;
  std::string content_type;
  std::vector<Header> headers;
  // Who made the request, for the request log only (never sent): the account's name once known.
  std::string user;

  // The value of header `name` (case-insensitive), or "" if absent.
  std::string header(std::string_view name) const;
};

// `source` as an address, for limits kept per source; text that is not an address (never from
// the HTTP glue, which gives the peer's) counts as "::".
asio::ip::address source_address(std::string_view source);

// The standard reason phrase of a status the service uses ("Not Found"); "" for others.
std::string_view reason_phrase(int status);

// The path as the request log shows it (see above).
std::string path_for_log(std::string_view path);

// Whether `status` is one the service documents (2xx it answers, 4xx, 501, 503).
bool is_documented_status(int status);

// The one error shape (see above); `pointer` empty when no field is at fault.
ApiResponse error_response(int status, std::string message, std::string pointer = {});

// 501 for a method the service does not know at all.
ApiResponse not_implemented(std::string_view method);

// 413: a body over the limit of `limit` bytes.
ApiResponse payload_too_large(std::size_t limit);

// 429 with Retry-After (whole seconds, at least 1).
ApiResponse too_many_requests(std::string message, long retry_after_seconds);

}  // namespace samtel::fw::admin
