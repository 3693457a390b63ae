#pragma once
// samtel/call_record_json.hpp — call records read back from the JSON lines `to_json()` writes:
// the records samteld journaled while its call log could not be written, and the simulator's
// call log of simulated traffic, both to be appended to a call log (`samtel call-log import`).
//
// Promises:
//  * `call_record_from_json()` is the inverse of `to_json()` (samtel/call_record.hpp) for every
//    field: to_json(call_record_from_json(to_json(r))) == to_json(r). Lines journaled before the
//    call log's schema version 2 have no `caller_category` and `municipality`; they read as
//    `unknown` and empty. Any other missing key, unknown key, wrong type, bad instant, unknown
//    enum text or negative duration is an error naming the field by its JSON Pointer
//    ("/attempts/1/result: expected one of answered, ..., found 'maybe'").
//  * `call_records_from_json_lines()` reads text of such lines (empty lines skipped, CRLF
//    accepted) all or nothing: with any bad line, the result is every problem, each starting
//    "line N: ", and no record. At most `kMaxRecordLine` bytes a line.
//  * Never throws; nothing is printed.
//
//   auto records = call_records_from_json_lines(read_text_file("calls.jsonl").value());
//   if (!records) for (const std::string& e : records.error()) std::cerr << e << '\n';
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"

namespace samtel {

inline constexpr std::size_t kMaxRecordLine = 1 << 20;

// The problems of one line, each "/field: message" (or a syntax error with its column).
tl::expected<CallRecord, std::vector<std::string>> call_record_from_json(std::string_view line);

tl::expected<std::vector<CallRecord>, std::vector<std::string>> call_records_from_json_lines(
    std::string_view text);

}  // namespace samtel
