#pragma once
// samtel/notices/senders.hpp — the ways a notice leaves the unit: e-mail through the unit's local
// mail transfer agent (the sendmail interface), a webhook (HTTP(S) POST of JSON) and a SIP MESSAGE
// (RFC 3428) over UDP.
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
//  * `parse_sip_target()` takes `sip:user@host[:port]` only (host an IP address, IPv6 in brackets,
//    or a name; port 5060 when not given); any other form (sips:, tel:, no user, a password, URI
//    parameters or headers) is an error naming the address.
//  * `sip_message_request()` is the MESSAGE as sent, a pure function of its arguments: Via (UDP,
//    the branch given, which starts `z9hG4bK`, with rport), Max-Forwards 70, From (with its tag),
//    To, Call-ID, CSeq `1 MESSAGE`, User-Agent, `Content-Type: text/plain;charset=UTF-8` and
//    Content-Length; the body is the subject line, a blank line and the body (CRLF line ends),
//    cut at a UTF-8 character boundary and ended with "…" when the whole request would be 1300
//    bytes or more, so it always fits one UDP datagram below that.
//  * `send_sip_message()` resolves the host (getaddrinfo), sends the request from an ephemeral
//    UDP port in a non-INVITE client transaction (sip_transaction.hpp: retransmitted at Timer E,
//    given up at Timer F) and counts a 2xx as delivered; a final response other than 2xx is an
//    error naming its status and reason, no final response in time one naming the timeout, an
//    ICMP "port unreachable" (a transport error, RFC 3261 §17.1.4) one saying nothing answers.
//  * None of them throws.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/maintenance.hpp"
#include "samtel/notices/notice.hpp"
#include "samtel/notices/sip_transaction.hpp"

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

// A contact's SIP address, as the unit sends to it.
struct SipTarget {
  std::string uri;   // as given: "sip:drift@pbx.hospital.example:5070"
  std::string user;  // "drift"
  std::string host;  // "pbx.hospital.example", "192.0.2.7" or "::1" (without brackets)
  std::uint16_t port = 5060;
};
tl::expected<SipTarget, std::string> parse_sip_target(std::string_view address);

struct SipSettings {
  std::string from;  // the From URI; empty: sip:samtel@<the local address the request leaves from>
  std::string user_agent = "samtel-admind";
  SipTimers timers;  // `timeout`: Timer F, 32 s at most
};

// What makes one request unique: its top Via branch ("z9hG4bK..."), Call-ID and From tag.
struct SipRequestIds {
  std::string branch, call_id, from_tag;
};

// The largest request sent is one byte below this.
inline constexpr std::size_t kSipMessageLimit = 1300;

// `local`: the address and port the request leaves from, "192.0.2.1:40000" ("[::1]:40000").
std::string sip_message_request(const Notice& n, const SipTarget& to, const std::string& from_uri,
                                const std::string& local, const SipRequestIds& ids,
                                std::string_view user_agent);

// nullopt when a 2xx came back.
std::optional<std::string> send_sip_message(const SipSettings& settings, const std::string& address,
                                            const Notice& n);

}  // namespace samtel::fw::notices
