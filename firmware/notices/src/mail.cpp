// E-mail through the local mail transfer agent: the message (RFC 5322, RFC 2047 for words that are
// not ASCII) and the sendmail command that takes it on its standard input.
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samtel/notices/senders.hpp"

namespace samtel::fw::notices {
namespace {

bool is_ascii(std::string_view s) {
  for (char ch : s) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  return true;
}

// RFC 2045 base64 (libsodium's, the original alphabet with padding).
std::string base64(std::string_view in) {
  std::string out(sodium_base64_ENCODED_LEN(in.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()),
                    in.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// RFC 2047 encoded words for `text`, each at most 75 characters, never splitting a UTF-8
// character, joined by folding whitespace.
std::string encoded_words(std::string_view text) {
  constexpr std::size_t kChunk = 39;  // 52 base64 characters: with "Subject: " under 78 columns
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kChunk);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string header_text(std::string_view text) {
  return is_ascii(text) ? std::string(text) : encoded_words(text);
}

// A display name: a quoted string when ASCII, an encoded word otherwise.
std::string display_name(std::string_view name) {
  if (!is_ascii(name)) return encoded_words(name);
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string rfc5322_date(Instant t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::weekday wd{day};
  const date::hh_mm_ss time{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return buf;
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> parse_mail_command(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      return tl::unexpected(std::string("the mail command contains a control character"));
    } else {
      word += ch;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.empty()) return tl::unexpected(std::string("the mail command is empty"));
  if (words[0][0] != '/') {
    return tl::unexpected("the mail command must start with an absolute path, not '" + words[0] +
                          "'");
  }
  return words;
}

std::string mail_message(const Notice& n, const NotificationContact& to, const std::string& from,
                         Instant now, std::string_view message_id) {
  std::string m;
  m += "From: \"samtel\" <" + from + ">\n";
  m += "To: " + display_name(to.name) + " <" + to.email + ">\n";
  m += "Subject: " + header_text(subject(n)) + "\n";
  m += "Date: " + rfc5322_date(now) + "\n";
  m += "Message-ID: <" + std::string(message_id) + ">\n";
  m += "MIME-Version: 1.0\n";
  m += "Content-Type: text/plain; charset=UTF-8\n";
  m += "Content-Transfer-Encoding: 8bit\n";
  m += "X-Samtel-Notice: " + std::string(to_string(n.kind)) + "\n";
  m += "\n";
  m += body(n);
  return m;
}

std::optional<std::string> send_mail(const MailSettings& settings, const std::string& message) {
  if (settings.command.empty()) return "no mail command";
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return std::string("pipe: ") + std::strerror(errno);
  }
  std::vector<char*> argv;
  for (const std::string& w : settings.command) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("fork: ") + std::strerror(errno);
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::execv(argv[0], argv.data());
    const char* why = std::strerror(errno);
    (void)!::write(2, "cannot run the mail command: ", 29);
    (void)!::write(2, why, std::strlen(why));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  std::signal(SIGPIPE, SIG_IGN);
  std::size_t written = 0;
  while (written < message.size()) {
    const ssize_t w = ::write(in[1], message.data() + written, message.size() - written);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    written += static_cast<std::size_t>(w);
  }
  ::close(in[1]);
  std::string said;
  const auto deadline = std::chrono::steady_clock::now() + settings.timeout;
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      timed_out = r == 0;
      break;
    }
    char buf[512];
    const ssize_t got = ::read(out[0], buf, sizeof buf);
    if (got <= 0) break;
    if (said.size() < 2000) said.append(buf, static_cast<std::size_t>(got));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
  for (char& ch : said) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  const std::string name = settings.command[0];
  if (timed_out) {
    return name + " took longer than " + std::to_string(settings.timeout.count()) + " s";
  }
  if (written < message.size()) return name + " did not take the message: " + said;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  if (WIFEXITED(status)) {
    return name + " exited with " + std::to_string(WEXITSTATUS(status)) +
           (said.empty() ? "" : ": " + said);
  }
  return name + " ended by a signal" + (said.empty() ? "" : ": " + said);
}

}  // namespace samtel::fw::notices
