#include "command_support.hpp"

#include <charconv>
#include <fstream>
#include <ostream>
#include <sstream>

#include "samtel/text.hpp"

namespace samtel::fw::admin {

int fail(Terminal& t, int code, const std::string& message) {
  t.err << "samtel admin: " << message << '\n';
  return code;
}

int fail(Terminal& t, const ClientFailure& failure) {
  return fail(t, failure.exit_code, failure.message);
}

int fail(Terminal& t, const CommandError& error) { return fail(t, error.code, error.message); }

std::optional<CommandError> require(AdminCommand c, const char* option, const std::string& value) {
  if (!value.empty()) return std::nullopt;
  return CommandError{kExitUsage, std::string(to_string(c)) + ": " + option + " is required"};
}

tl::expected<std::int64_t, CommandError> parse_number(AdminCommand c, const char* option,
                                                      const std::string& text, std::int64_t max) {
  std::int64_t value = -1;
  const char* end = text.data() + text.size();
  const auto [stop, err] = std::from_chars(text.data(), end, value);
  if (text.empty() || err != std::errc() || stop != end || value < 0 || value > max) {
    return tl::unexpected(CommandError{
        kExitUsage, std::string(to_string(c)) + ": " + option + " " + quote_value(text) +
                        " is not a whole number 0.." + std::to_string(max)});
  }
  return value;
}

tl::expected<std::string, CommandError> read_text_file(AdminCommand c, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return tl::unexpected(CommandError{
        kExitInvalid, std::string(to_string(c)) + ": cannot read " + quote_value(path)});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

tl::expected<Json, CommandError> read_json_file(AdminCommand c, const std::string& path) {
  auto text = read_text_file(c, path);
  if (!text) return tl::unexpected(std::move(text.error()));
  auto value = Json::parse(*text, nullptr, false);
  if (value.is_discarded()) {
    return tl::unexpected(CommandError{
        kExitInvalid, std::string(to_string(c)) + ": " + quote_value(path) + " is not valid JSON"});
  }
  return value;
}

tl::expected<Json, CommandError> read_json_argument(AdminCommand c, const char* option,
                                                    const std::string& text) {
  if (!text.empty() && text.front() == '@') return read_json_file(c, text.substr(1));
  auto value = Json::parse(text, nullptr, false);
  if (value.is_discarded()) {
    return tl::unexpected(CommandError{
        kExitInvalid, std::string(to_string(c)) + ": " + option + " " + quote_value(text) +
                          " is not valid JSON (give the JSON itself, or @FILE)"});
  }
  return value;
}

std::string query(const std::vector<std::pair<const char*, std::string>>& pairs) {
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (value.empty()) continue;
    out += (out.empty() ? "?" : "&") + std::string(key) + "=" + encode_component(value);
  }
  return out;
}

std::string site_path(const std::string& site) { return "/api/v1/sites/" + encode_component(site); }

std::string cell(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return escape_control_characters(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  return escape_control_characters(value.dump());
}

std::string cell(const Json& object, const char* key) {
  if (!object.is_object()) return "-";
  const auto it = object.find(key);
  return it == object.end() ? "-" : cell(*it);
}

void print_json(Terminal& t, const Json& answer) { t.out << answer.dump(2) << '\n'; }

}  // namespace samtel::fw::admin
