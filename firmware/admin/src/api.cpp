#include "samtel/admin/api.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 6> kMethods{{
    {Method::get, "GET"},
    {Method::head, "HEAD"},
    {Method::post, "POST"},
    {Method::put, "PUT"},
    {Method::patch, "PATCH"},
    {Method::delete_, "DELETE"},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::string_view to_string(Method m) {
  for (const auto& [method, name] : kMethods)
    if (method == m) return name;
  return "GET";
}

std::optional<Method> method_from_string(std::string_view token) {
  for (const auto& [method, name] : kMethods)
    if (name == token) return method;
  return std::nullopt;
}

std::string ApiResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (equal_ignoring_case(k, name)) return v;
  return {};
}

asio::ip::address source_address(std::string_view source) {
  std::error_code ec;
  const auto a = asio::ip::make_address(std::string(source), ec);
  return ec ? asio::ip::address{asio::ip::address_v6::any()} : a;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

bool is_documented_status(int status) {
  switch (status) {
    case 200:
    case 201:
    case 204:
    case 304:
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 409:
    case 413:
    case 415:
    case 429:
    case 501:
    case 503: return true;
    default: return false;
  }
}

std::string path_for_log(std::string_view path) {
  constexpr std::string_view kFeeds = "/feeds/";
  if (path.starts_with(kFeeds) && path.size() > kFeeds.size()) return std::string(kFeeds) + "…";
  return std::string(path);
}

ApiResponse error_response(int status, std::string message, std::string pointer) {
  ApiResponse r;
  r.status = status;
  nlohmann::json error = {{"status", status}, {"message", std::move(message)}};
  if (!pointer.empty()) error["pointer"] = std::move(pointer);
  r.body = {{"error", std::move(error)}};
  return r;
}

ApiResponse not_implemented(std::string_view method) {
  ApiResponse r = error_response(
      501, "the method " + quote_value(method) +
               " is not implemented; the service knows GET, HEAD, POST, PUT, PATCH and DELETE");
  return r;
}

ApiResponse payload_too_large(std::size_t limit) {
  return error_response(
      413, "the body is larger than the " + std::to_string(limit) + " bytes this service takes");
}

ApiResponse too_many_requests(std::string message, long retry_after_seconds) {
  ApiResponse r = error_response(429, std::move(message));
  r.headers.emplace_back("Retry-After", std::to_string(std::max(1L, retry_after_seconds)));
  return r;
}

}  // namespace samtel::fw::admin
