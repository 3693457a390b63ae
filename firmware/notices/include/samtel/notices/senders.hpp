#pragma once
// samtel/notices/senders.hpp — the ways a notice leaves the unit: e-mail through the unit's local
// mail transfer agent (the sendmail interface) and a webhook (HTTP(S) POST of JSON).
//
// Promises:
//  * `mail_message()` is an RFC 5322 message, a pure function of its arguments: From, To, Subject,
//    Date, Message-ID, MIME-Version and a UTF-8 text/plain body sent as 8bit; a Subject or display
//    name that is not ASCII is an RFC 2047 encoded word (UTF-8, base64), folded under 78 columns.
//  * `send_mail()` runs the configured command (no shell: the words as they are, default
//    `/usr/sbin/sendmail -t -oi`) with the message on its standard input, and waits at most the
//    timeout; a command that cannot start, exits non-zero or takes too long is an error naming it,
//    with what it wrote. The child is killed (by its process id) on timeout.
//  * `post_webhook()` POSTs `webhook_json()` to an http:// or https:// URL (certificates checked
//    against the system's), and counts any 2xx as delivered; every other outcome is an error text.
//  * Neither throws.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/maintenance.hpp"
#include "samtel/notices/notice.hpp"

namespace samtel::fw::notices {

struct MailSettings {
  std::vector<std::string> command{"/usr/sbin/sendmail", "-t", "-oi"};
  std::string from = "samtel@localhost";
  std::chrono::seconds timeout{30};
};

// The words of a mail command as people write it ("/usr/bin/msmtp --host=... -t"): split at
// spaces; empty, or not starting with an absolute path, is an error.
tl::expected<std::vector<std::string>, std::string> parse_mail_command(std::string_view text);

std::string mail_message(const Notice& n, const NotificationContact& to, const std::string& from,
                         Instant now, std::string_view message_id);

// nullopt when the command took the message.
std::optional<std::string> send_mail(const MailSettings& settings, const std::string& message);

std::optional<std::string> post_webhook(const std::string& url, const Notice& n,
                                        std::chrono::seconds timeout);

}  // namespace samtel::fw::notices
