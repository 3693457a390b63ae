#include "samtel/json_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <sstream>

namespace samtel {
namespace {

using nlohmann::json;

std::string join_keys(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out.empty() ? "none" : out;
}

// "16 or 20", "\"simulated\" or \"desk-unit\"", "a, b or c".
template <typename T, typename Show>
std::string choices(std::initializer_list<T> allowed, Show show) {
  std::string out;
  std::size_t i = 0;
  for (const T& value : allowed) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += show(value);
    ++i;
  }
  return out;
}

// A whole number that fits in a long, or nullopt.
std::optional<long> whole_number(const json& v) {
  if (!v.is_number_integer()) return std::nullopt;
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<long>::max())) {
    return std::nullopt;
  }
  return v.get<long>();
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// The parse callback: tracks the keys of every open object and reports repeats.
class DuplicateKeyFinder {
 public:
  explicit DuplicateKeyFinder(JsonChecker& c) : c_(c) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: frames_.push_back(Frame{false, 0, {}, {}}); break;
      case json::parse_event_t::array_start: frames_.push_back(Frame{true, 0, {}, {}}); break;
      case json::parse_event_t::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) {
          c_.error(pointer(), "duplicate key " + quote_value(f.key) + " (only one may be given)");
        }
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        element_done();
        break;
      case json::parse_event_t::value: element_done(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  void element_done() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }
  std::string pointer() const {
    std::string out;
    for (const Frame& f : frames_) {
      out += "/" + (f.is_array ? std::to_string(f.index) : escape_pointer_token(f.key));
    }
    return out;
  }
  JsonChecker& c_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer_at(const std::string& pointer, std::string_view key) {
  return pointer + "/" + escape_pointer_token(key);
}

std::string pointer_at(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::string json_value_name(const json& value) {
  return value.is_number() ? "the number " + value.dump() : json_type_name(value);
}

void JsonChecker::error(std::string pointer, std::string message) {
  // Only a key of the document can bring a control character into a pointer.
  if (first_control_character(pointer)) pointer = escape_control_characters(pointer);
  problems_.push_back(JsonProblem{std::move(pointer), std::move(message)});
}

bool JsonChecker::object(const json& value, const std::string& ptr,
                         std::initializer_list<std::string_view> allowed) {
  if (!value.is_object()) {
    error(ptr, "expected an object, found " + json_type_name(value));
    return false;
  }
  for (const auto& [key, member] : value.items()) {
    if (key == "$schema" || key == "$comment" || key == "comment") continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      error(pointer_at(ptr, key),
            "unknown key " + quote_value(key) + " (allowed here: " + join_keys(allowed) + ")");
    }
  }
  return true;
}

const json* JsonChecker::member(const json& obj, const std::string& ptr, std::string_view key,
                                bool required) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) error(ptr, "missing required key '" + std::string(key) + "'");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonChecker::string(const json& obj, const std::string& ptr,
                                               std::string_view key, bool required,
                                               bool non_empty) {
  const json* v = member(obj, ptr, key, required);
  if (v == nullptr) return std::nullopt;
  const std::string p = pointer_at(ptr, key);
  if (!v->is_string()) {
    error(p, "expected a string, found " + json_type_name(*v));
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (non_empty && s.empty()) {
    error(p, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonChecker::text(const json& obj, const std::string& ptr,
                                             std::string_view key, bool required, bool non_empty) {
  auto s = string(obj, ptr, key, required, non_empty);
  if (s && !check_text(*s, pointer_at(ptr, key))) return std::nullopt;
  return s;
}

bool JsonChecker::check_text(std::string_view value, const std::string& ptr) {
  if (const auto c = first_control_character(value)) {
    error(ptr, "contains a control character (" + code_point_name(*c) + ")");
    return false;
  }
  return true;
}

std::optional<bool> JsonChecker::boolean(const json& obj, const std::string& ptr,
                                         std::string_view key, bool required) {
  const json* v = member(obj, ptr, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    error(pointer_at(ptr, key), "expected true or false, found " + json_value_name(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<long> JsonChecker::integer(const json& obj, const std::string& ptr,
                                         std::string_view key, bool required, long lo, long hi) {
  const json* v = member(obj, ptr, key, required);
  if (v == nullptr) return std::nullopt;
  return integer(*v, pointer_at(ptr, key), lo, hi);
}

std::optional<long> JsonChecker::integer(const json& v, const std::string& ptr, long lo, long hi) {
  if (!v.is_number_integer()) {
    error(ptr, "expected a whole number, found " + json_type_name(v));
    return std::nullopt;
  }
  const auto range = " out of range " + std::to_string(lo) + ".." + std::to_string(hi);
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<long>::max())) {
    // Too large for a long: report it as written, not wrapped round to a negative number.
    error(ptr, "value " + std::to_string(v.get<std::uint64_t>()) + range);
    return std::nullopt;
  }
  const auto n = v.get<long>();
  if (n < lo || n > hi) {
    error(ptr, "value " + std::to_string(n) + range);
    return std::nullopt;
  }
  return n;
}

std::optional<double> JsonChecker::number(const json& v, const std::string& ptr, double lo,
                                          double hi) {
  if (!v.is_number()) {
    error(ptr, "expected a number, found " + json_type_name(v));
    return std::nullopt;
  }
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    error(ptr, "value " + format_number(d) + " out of range " + format_number(lo) + ".." +
                   format_number(hi));
    return std::nullopt;
  }
  return d;
}

std::optional<long> JsonChecker::integer(const json& v, const std::string& ptr, long lo, long hi,
                                         std::string_view expected) {
  if (const auto n = whole_number(v); n && lo <= *n && *n <= hi) return n;
  error(ptr, "expected " + std::string(expected) + ", found " + json_value_name(v));
  return std::nullopt;
}

std::optional<long> JsonChecker::integer_one_of(const json& v, const std::string& ptr,
                                                std::initializer_list<long> allowed) {
  const auto n = whole_number(v);
  if (n && std::find(allowed.begin(), allowed.end(), *n) != allowed.end()) return n;
  error(ptr, "expected " + choices(allowed, [](long a) { return std::to_string(a); }) + ", found " +
                 json_value_name(v));
  return std::nullopt;
}

std::optional<std::string> JsonChecker::string_one_of(
    const json& v, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  }
  error(ptr, "expected " +
                 choices(allowed, [](std::string_view a) { return "\"" + std::string(a) + "\""; }) +
                 ", found " + json_value_name(v) +
                 (v.is_string() ? " " + quote_value(v.get_ref<const std::string&>()) : ""));
  return std::nullopt;
}

std::optional<std::string> JsonChecker::absolute_path(const json& v, const std::string& ptr,
                                                      std::string_view expected) {
  if (!v.is_string() || v.get_ref<const std::string&>().rfind('/', 0) != 0) {
    error(ptr, "expected " + std::string(expected) + ", found " + json_value_name(v));
    return std::nullopt;
  }
  return v.get<std::string>();
}

const json* JsonChecker::array(const json& obj, const std::string& ptr, std::string_view key,
                               bool required) {
  const json* v = member(obj, ptr, key, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    error(pointer_at(ptr, key), "expected an array, found " + json_type_name(*v));
    return nullptr;
  }
  return v;
}

namespace {

// The parser's explanation for a message: it quotes the bytes last read, which may not be UTF-8
// and may be long, so they are escaped like any value echoed and cut after 200 bytes (on a
// character's boundary): the message stays one line of text.
std::string explanation(std::string_view what) {
  constexpr std::size_t kMax = 200;
  std::string out = escape_control_characters(what);
  if (out.size() <= kMax) return out;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

}  // namespace

std::optional<json> parse_checked(std::string_view text, JsonChecker& checker) {
  json root;
  try {
    root = json::parse(text.begin(), text.end(), DuplicateKeyFinder{checker});
  } catch (const json::parse_error& e) {
    // Translate the byte offset into line and column, which is what an editor shows.
    std::size_t line = 1, column = 1;
    const std::size_t upto = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    for (std::size_t i = 0; i < upto; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    // what() reads "[json.exception.parse_error.101] parse error at line 2, column 11: syntax
    // error while parsing value - ..."; keep the explanation after the position.
    std::string what = e.what();
    if (const auto pos = what.find("parse error"); pos != std::string::npos)
      what = what.substr(pos);
    if (what.rfind("parse error at line ", 0) == 0) {
      if (const auto colon = what.find(": "); colon != std::string::npos)
        what = what.substr(colon + 2);
    }
    checker.error("", "not valid JSON at line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ": " + explanation(what));
    return std::nullopt;
  } catch (const json::out_of_range& e) {
    // A number beyond a double ("1e999"): what() reads "[json.exception.out_of_range.406] number
    // overflow parsing '1e999'", with no position.
    const std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    const std::string number =
        open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
    checker.error("", "not valid JSON: the number " + quote_value(number) +
                          " is too large (beyond a double)");
    return std::nullopt;
  } catch (const json::exception& e) {
    checker.error("", "not valid JSON: " + explanation(e.what()));
    return std::nullopt;
  }
  return root;
}

}  // namespace samtel
