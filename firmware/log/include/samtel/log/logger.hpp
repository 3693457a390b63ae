#pragma once
// log.hpp — one-line structured logs (logfmt: `ts=... level=info event=call.routed key=value`,
// or one JSON object a line: `{"ts":"...","level":"info","event":"call.routed","key":"value"}`),
// written to stderr (the journal under systemd) and, if opened, to a file in the state directory.
//
// Promises:
//  * One event is one line; values with spaces or quotes are quoted and escaped, newlines never
//    reach the output. In JSON, every value is a string, with `"`, `\` and control characters
//    escaped; the members come in the order given, after ts, level and event.
//  * `to_string()` and `log_format_from_string()` are exact inverses over "logfmt" and "json".
//  * Logging never throws and never blocks on anything but the write itself.
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace samtel::fw {

enum class LogFormat { logfmt, json };
std::string_view to_string(LogFormat f);
std::optional<LogFormat> log_format_from_string(std::string_view s);

class Logger {
 public:
  enum class Level { debug, info, warning, error };
  using Field = std::pair<std::string_view, std::string>;

  Logger() = default;
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Also append to this file (created if needed). Returns false with errno set on failure.
  bool open_file(const std::string& path);
  void set_level(Level l) { level_ = l; }
  void set_stderr(bool on) { to_stderr_ = on; }
  void set_format(LogFormat f) { format_ = f; }

  void log(Level level, std::string_view event, std::initializer_list<Field> fields = {});
  void info(std::string_view event, std::initializer_list<Field> fields = {}) {
    log(Level::info, event, fields);
  }
  void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
    log(Level::warning, event, fields);
  }
  void error(std::string_view event, std::initializer_list<Field> fields = {}) {
    log(Level::error, event, fields);
  }
  void debug(std::string_view event, std::initializer_list<Field> fields = {}) {
    log(Level::debug, event, fields);
  }

  static std::string format(Level level, std::string_view event,
                            std::initializer_list<Field> fields,
                            LogFormat style = LogFormat::logfmt);

 private:
  Level level_ = Level::info;
  LogFormat format_ = LogFormat::logfmt;
  bool to_stderr_ = true;
  std::FILE* file_ = nullptr;
};

}  // namespace samtel::fw
