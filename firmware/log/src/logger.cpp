#include "samtel/log/logger.hpp"

#include <chrono>
#include <cstdlib>

#include <date/date.h>
#include <sys/stat.h>
#include <sys/uio.h>

#ifdef SAMTEL_HAVE_SYSTEMD
#include <systemd/sd-journal.h>
#endif

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

// syslog(3)'s priorities, as the journal takes them.
char priority(Logger::Level l) {
  switch (l) {
    case Logger::Level::debug: return '7';
    case Logger::Level::info: return '6';
    case Logger::Level::warning: return '4';
    case Logger::Level::error: return '3';
  }
  return '6';
}

// "caller_hash" -> "SAMTEL_CALLER_HASH"; the journal takes A-Z, 0-9 and _ in a field's name.
std::string field_name(std::string_view key) {
  std::string out = "SAMTEL_";
  for (char c : key) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '_';
    }
  }
  return out.substr(0, 64);  // the journal's longest name
}

// The logfmt line after ts= and level=: "event=... key=value ...", without the newline.
std::string logfmt_body(std::string_view event, std::initializer_list<Logger::Field> fields) {
  std::string line = "event=";
  append_value(line, event);
  for (const auto& [k, v] : fields) {
    line += ' ';
    line += k;
    line += '=';
    append_value(line, v);
  }
  return line;
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

std::string Logger::format(Level level, JournalEvent journal_event,
                           std::initializer_list<Field> fields, LogFormat style) {
  const std::string_view event = to_string(journal_event);
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
  line += ' ';
  line += logfmt_body(event, fields);
  line += '\n';
  return line;
}

std::vector<std::string> Logger::journal_fields(Level level, JournalEvent event,
                                                std::initializer_list<Field> fields) {
  std::vector<std::string> out;
  out.reserve(fields.size() + 3);
  out.push_back("MESSAGE=" + logfmt_body(to_string(event), fields));
  out.push_back(std::string("PRIORITY=") + priority(level));
  out.push_back("SAMTEL_EVENT=" + std::string(to_string(event)));
  const auto taken = [&](const std::string& name) {
    for (std::size_t i = 2; i < out.size(); ++i) {
      if (out[i].compare(0, name.size() + 1, name + "=") == 0) return true;
    }
    return false;
  };
  for (const auto& [k, v] : fields) {
    const std::string base = field_name(k);
    std::string name = base;
    for (int n = 2; taken(name); ++n) name = base + "_" + std::to_string(n);
    out.push_back(name + "=" + v);
  }
  return out;
}

bool Logger::stderr_is_journal() {
  // systemd sets JOURNAL_STREAM to "device:inode" of the stream it gave as stdout and stderr.
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  struct stat st {};
  if (::fstat(2, &st) != 0) return false;
  const std::string expected = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  return expected == stream;
}

void Logger::log(Level level, JournalEvent event, std::initializer_list<Field> fields) {
  if (level < level_) return;
  bool journaled = false;
#ifdef SAMTEL_HAVE_SYSTEMD
  if (to_stderr_ && to_journal_) {
    const std::vector<std::string> journal = journal_fields(level, event, fields);
    std::vector<iovec> iov;
    iov.reserve(journal.size());
    for (const std::string& f : journal) {
      iov.push_back({const_cast<char*>(f.data()), f.size()});  // NOLINT: iovec is not const
    }
    journaled = sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) == 0;
  }
#endif
  const std::string line = format(level, event, fields, format_);
  if (to_stderr_ && !journaled) std::fwrite(line.data(), 1, line.size(), stderr);
  if (file_ != nullptr) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
}

}  // namespace samtel::fw
