#pragma once
// log.hpp — one-line structured logs (logfmt: `ts=... level=info event=call.routed key=value`),
// written to stderr (the journal under systemd) and, if opened, to a file in the state directory.
//
// Promises:
//  * One event is one line; values with spaces or quotes are quoted and escaped, newlines never
//    reach the output.
//  * Logging never throws and never blocks on anything but the write itself.
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace samtel::fw {

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
                            std::initializer_list<Field> fields);

 private:
  Level level_ = Level::info;
  bool to_stderr_ = true;
  std::FILE* file_ = nullptr;
};

}  // namespace samtel::fw
