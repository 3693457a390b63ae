#pragma once
// log.hpp — one-line structured logs (logfmt: `ts=... level=info event=call.routed key=value`,
// or one JSON object a line: `{"ts":"...","level":"info","event":"call.routed","key":"value"}`),
// written to stderr and, if opened, to a file in the state directory; under systemd, when stderr
// is the journal (JOURNAL_STREAM names it), to the journal with structured fields instead.
//
// Promises:
//  * Every line is one `JournalEvent` (journal_event.hpp): the product's events are one list.
//  * One event is one line; values with spaces or quotes are quoted and escaped, newlines never
//    reach the output. In JSON, every value is a string, with `"`, `\` and control characters
//    escaped; the members come in the order given, after ts, level and event.
//  * In the journal every line carries MESSAGE (the logfmt line without ts and level: the journal
//    has both), PRIORITY (syslog's: debug 7, info 6, warning 4, error 3), SAMTEL_EVENT (the
//    event's name) and one SAMTEL_<KEY> field per key=value pair, the key in capitals with every
//    character other than A-Z and 0-9 made `_` (`caller_hash` -> SAMTEL_CALLER_HASH), the value
//    as given, newlines included. A key that would clash with SAMTEL_EVENT or with one before it
//    gets `_2`, `_3`... `journal_fields()` is that formatting as a pure function. If the journal
//    refuses a line, it is written to stderr as text.
//  * `to_string()` and `log_format_from_string()` are exact inverses over "logfmt" and "json".
//  * Logging never throws and never blocks on anything but the write itself.
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samtel/log/journal_event.hpp"

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

  // Lines go to the journal with fields, not to stderr as text (Logger starts with this on when
  // stderr is the journal's stream: stderr_is_journal()).
  void set_journal(bool on) { to_journal_ = on; }

  void log(Level level, JournalEvent event, std::initializer_list<Field> fields = {});
  void info(JournalEvent event, std::initializer_list<Field> fields = {}) {
    log(Level::info, event, fields);
  }
  void warn(JournalEvent event, std::initializer_list<Field> fields = {}) {
    log(Level::warning, event, fields);
  }
  void error(JournalEvent event, std::initializer_list<Field> fields = {}) {
    log(Level::error, event, fields);
  }
  void debug(JournalEvent event, std::initializer_list<Field> fields = {}) {
    log(Level::debug, event, fields);
  }

  static std::string format(Level level, JournalEvent event, std::initializer_list<Field> fields,
                            LogFormat style = LogFormat::logfmt);
  // The journal's fields of one line, each "NAME=value" (see above).
  static std::vector<std::string> journal_fields(Level level, JournalEvent event,
                                                 std::initializer_list<Field> fields);

 private:
  Level level_ = Level::info;
  LogFormat format_ = LogFormat::logfmt;
  bool to_stderr_ = true;
  bool to_journal_ = stderr_is_journal();
  std::FILE* file_ = nullptr;

  static bool stderr_is_journal();
};

}  // namespace samtel::fw
