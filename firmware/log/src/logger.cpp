#include "samtel/log/logger.hpp"

#include <chrono>

#include <date/date.h>

namespace samtel::fw {
namespace {

std::string_view level_name(Logger::Level l) {
  switch (l) {
    case Logger::Level::debug: return "debug";
    case Logger::Level::info: return "info";
    case Logger::Level::warning: return "warning";
    case Logger::Level::error: return "error";
  }
  return "info";
}

void append_value(std::string& out, std::string_view v) {
  const bool quote = v.empty() || v.find_first_of(" \"=\\\t\r\n") != std::string_view::npos;
  if (!quote) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
}

void append_json_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string_view to_string(LogFormat f) {
  switch (f) {
    case LogFormat::logfmt: return "logfmt";
    case LogFormat::json: return "json";
  }
  return "logfmt";
}

std::optional<LogFormat> log_format_from_string(std::string_view s) {
  for (LogFormat f : {LogFormat::logfmt, LogFormat::json})
    if (to_string(f) == s) return f;
  return std::nullopt;
}

Logger::~Logger() {
  if (file_ != nullptr) std::fclose(file_);
}

bool Logger::open_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  if (file_ != nullptr) std::fclose(file_);
  file_ = f;
  return true;
}

std::string Logger::format(Level level, std::string_view event, std::initializer_list<Field> fields,
                           LogFormat style) {
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  if (style == LogFormat::json) {
    std::string line = "{\"ts\":\"" + date::format("%FT%TZ", now) + "\",\"level\":\"";
    line += level_name(level);
    line += "\",\"event\":";
    append_json_string(line, event);
    for (const auto& [k, v] : fields) {
      line += ',';
      append_json_string(line, k);
      line += ':';
      append_json_string(line, v);
    }
    line += "}\n";
    return line;
  }
  std::string line = "ts=" + date::format("%FT%TZ", now) + " level=";
  line += level_name(level);
  line += " event=";
  append_value(line, event);
  for (const auto& [k, v] : fields) {
    line += ' ';
    line += k;
    line += '=';
    append_value(line, v);
  }
  line += '\n';
  return line;
}

void Logger::log(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < level_) return;
  const std::string line = format(level, event, fields, format_);
  if (to_stderr_) std::fwrite(line.data(), 1, line.size(), stderr);
  if (file_ != nullptr) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
}

}  // namespace samtel::fw
