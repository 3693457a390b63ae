#pragma once
// json_check.hpp — checking JSON documents that people write (site configurations, simulator
// scenarios, the unit's settings, board files), so that every file reports every problem the same
// way.
//
// Promises:
//  * `parse_checked()` parses text; a syntax error is reported with its line and column (what an
//    editor shows) and gives no document; the bytes the parser quotes are escaped as in
//    `escape_control_characters()` and cut after 200 bytes, so the message is one short line of
//    UTF-8 whatever the text held. A number beyond a double is such an error too (no position).
//    Every key given twice in one object is reported with its JSON Pointer (nlohmann/json would
//    silently keep the last one, losing a value the author wrote); the document is still returned
//    so checking can go on and find every other problem, but the checker is no longer ok(), so the
//    caller rejects the file.
//  * `JsonChecker` collects problems, each with a JSON Pointer (RFC 6901) and a plain message.
//    Its checks never throw and report instead of stopping, so one pass finds every problem.
//  * Keys named `$schema`, `$comment` and `comment` are allowed in every object.
//  * Checks against an expectation in the file's own words (a line offset, a list of choices, a
//    device path) report "expected <expectation>, found <value>", naming a number by its value:
//    "expected a line offset 0..511, found the number 512", "expected 16 or 20, found a string".
//  * `text()` is `string()` for what people read (names, messages, reasons, ids, addresses): it
//    also refuses a control character (samtel/text.hpp), which would otherwise come out raw in
//    plans, logs, SIP headers and terminals. Values and keys echoed in messages are quoted with
//    `quote_value()`, and a pointer through a key holding a control character shows it escaped
//    (`/a\nb`), so every problem reads as one line.
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/text.hpp"

namespace samtel {

struct JsonProblem {
  std::string pointer;  // "" for the whole document
  std::string message;
};

// RFC 6901 escaping of one reference token ('~' -> "~0", '/' -> "~1").
std::string escape_pointer_token(std::string_view key);
std::string pointer_at(const std::string& pointer, std::string_view key);
std::string pointer_at(const std::string& pointer, std::size_t index);
// "an object", "a string", "a number", ... for messages.
std::string json_type_name(const nlohmann::json& value);
// As json_type_name(), but a number by its value: "the number 17.5", "a string".
std::string json_value_name(const nlohmann::json& value);

class JsonChecker {
 public:
  using json = nlohmann::json;

  void error(std::string pointer, std::string message);
  bool ok() const { return problems_.empty(); }
  std::size_t count() const { return problems_.size(); }
  const std::vector<JsonProblem>& problems() const { return problems_; }
  std::vector<JsonProblem> take() { return std::move(problems_); }

  // `value` must be an object whose keys are all in `allowed`; each unknown key is reported.
  bool object(const json& value, const std::string& ptr,
              std::initializer_list<std::string_view> allowed);
  // The member `key` of `obj`, or nullptr (reported when `required`).
  const json* member(const json& obj, const std::string& ptr, std::string_view key, bool required);
  std::optional<std::string> string(const json& obj, const std::string& ptr, std::string_view key,
                                    bool required, bool non_empty = true);
  // A string as `string()` that holds no control character; else reported as "contains a control
  // character (U+000A)".
  std::optional<std::string> text(const json& obj, const std::string& ptr, std::string_view key,
                                  bool required, bool non_empty = true);
  // The same check for a string found elsewhere (an element of a list); false if reported.
  bool check_text(std::string_view value, const std::string& ptr);
  // true or false: a member of `obj` ("expected true or false, found ...").
  std::optional<bool> boolean(const json& obj, const std::string& ptr, std::string_view key,
                              bool required);
  // A whole number in [lo, hi]: a member of `obj`, or a value at `ptr`.
  std::optional<long> integer(const json& obj, const std::string& ptr, std::string_view key,
                              bool required, long lo, long hi);
  std::optional<long> integer(const json& value, const std::string& ptr, long lo, long hi);
  // A number (whole or not) in [lo, hi].
  std::optional<double> number(const json& value, const std::string& ptr, double lo, double hi);

  // Checks against an expectation in the file's words ("expected ..., found <json_value_name()>").
  // A whole number in [lo, hi]; `expected` says what it is: "a line offset 0..511".
  std::optional<long> integer(const json& value, const std::string& ptr, long lo, long hi,
                              std::string_view expected);
  // One of the whole numbers `allowed`: "expected 16 or 20".
  std::optional<long> integer_one_of(const json& value, const std::string& ptr,
                                     std::initializer_list<long> allowed);
  // One of the strings `allowed`: "expected "simulated" or "desk-unit", found a string 'x'" (a
  // string found is quoted too).
  std::optional<std::string> string_one_of(const json& value, const std::string& ptr,
                                           std::initializer_list<std::string_view> allowed);
  // A string starting with '/'; `expected` says what it is: "an absolute device path such as
  // "/dev/lcd"".
  std::optional<std::string> absolute_path(const json& value, const std::string& ptr,
                                           std::string_view expected);

  const json* array(const json& obj, const std::string& ptr, std::string_view key, bool required);

 private:
  std::vector<JsonProblem> problems_;
};

// Parses `text`, reporting a syntax error or duplicate keys into `checker` (see above).
std::optional<nlohmann::json> parse_checked(std::string_view text, JsonChecker& checker);

}  // namespace samtel
