#pragma once
// samtel/admin/json_body.hpp — a request's JSON body, read once: the media type, then the text.
//
// Promises:
//  * `parse_json_body()` answers 415 unless the Content-Type is `application/json` (any case,
//    parameters such as `; charset=utf-8` allowed), with `Accept: application/json`; then 400 for
//    text that is not JSON, saying at which line and column, or for an object with a key given
//    twice, with the key's JSON Pointer (samtel/json_check.hpp, the checks every JSON file of the
//    project gets); also 400, before parsing, for arrays and objects nested deeper than
//    `kMaxBodyDepth`. It never throws. The size limit (413) is checked by the caller before this.
//  * `body_problem()` turns the first problem a `JsonChecker` found in a body into the 400 answer,
//    with its pointer, so every resource reports a bad field the same way.
//
//   auto body = parse_json_body(request);
//   if (!body) return body.error();
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/admin/api.hpp"
#include "samtel/json_check.hpp"

namespace samtel::fw::admin {

// How deep a body's arrays and objects may nest.
inline constexpr std::size_t kMaxBodyDepth = 64;

// Whether a Content-Type header names application/json.
bool is_json_media_type(std::string_view content_type);

tl::expected<nlohmann::json, ApiResponse> parse_json_body(const ApiRequest& request);

// 400 for the first problem of `checker` (which must not be ok()).
ApiResponse body_problem(const JsonChecker& checker);

}  // namespace samtel::fw::admin
