#include "sim/button_line.hpp"

#include <algorithm>

namespace samtel::board {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// Quotes a line for a fault text: printable ASCII only, and not too long for the state file.
std::string quoted(std::string_view line) {
  constexpr std::size_t kShown = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < std::min(line.size(), kShown); ++i) {
    const char c = line[i];
    out += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  if (line.size() > kShown) out += "...";
  return out + "'";
}

constexpr std::string_view kExpected =
    "(expected status, test_call or acknowledge, optionally followed by ' long')";

}  // namespace

std::optional<ButtonPress> parse_button_line(std::string_view line) {
  const auto w = words(line);
  if (w.empty() || w.size() > 2) return std::nullopt;
  if (w.size() == 2 && w[1] != "long") return std::nullopt;
  ButtonPress press{Button::status, w.size() == 2};
  if (w[0] == "status") {
    press.button = Button::status;
  } else if (w[0] == "test_call") {
    press.button = Button::test_call;
  } else if (w[0] == "acknowledge") {
    press.button = Button::acknowledge;
  } else {
    return std::nullopt;
  }
  return press;
}

std::vector<ButtonLineReader::Line> ButtonLineReader::feed(std::string_view bytes) {
  std::vector<Line> lines;
  for (const char c : bytes) {
    if (c != '\n') {
      if (overlong_) continue;
      if (partial_.size() >= kMaxLine) {
        lines.push_back({std::nullopt, "a line longer than " + std::to_string(kMaxLine) +
                                           " bytes starting " + quoted(partial_) + " " +
                                           std::string(kExpected)});
        partial_.clear();
        overlong_ = true;
        continue;
      }
      partial_ += c;
      continue;
    }
    if (overlong_) {
      overlong_ = false;
      continue;
    }
    const std::string line = std::move(partial_);
    partial_.clear();
    if (words(line).empty()) continue;
    if (auto press = parse_button_line(line)) {
      lines.push_back({press, {}});
    } else {
      lines.push_back(
          {std::nullopt, "unknown line " + quoted(line) + " " + std::string(kExpected)});
    }
  }
  return lines;
}

}  // namespace samtel::board
