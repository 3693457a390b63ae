#pragma once
// samtel/admin/client.hpp — talking to samtel-admind from the command line (`samtel admin`): the
// service's address, one request at a time over HTTP or HTTPS, and every failure as one line and
// an exit status.
//
// Promises:
//  * `parse_base_url()` takes `http://HOST[:PORT]` or `https://HOST[:PORT]` (default ports 80 and
//    443, an optional trailing '/'; IPv6 in brackets). Plain http:// is taken only for a loopback
//    host (127.0.0.0/8, ::1, localhost), where the service listens without TLS: a password is
//    never sent in clear over a network.
//  * Over HTTPS the server's certificate is verified, against `ca_file` when given (a unit's own
//    self-signed certificate) or else the system's trusted authorities, host name included.
//  * A request gives the answer's JSON body for 2xx, or a `ClientFailure`: for 4xx exit status 2
//    with the service's own message ("401 Unauthorized: unknown user or wrong password", with
//    " (at /pointer)" when one field is at fault) and the refusal's whole body (a roster file's
//    "problems"); for 5xx, no answer, or a TLS failure exit 3.
//    Messages are one line: control characters in what the server sent are escaped.
//  * An answer's JSON keeps the order of its members as the service wrote them (a site's document
//    exported reads like the file it came from).
//  * Paths are sent as given: `encode_component()` is for the parts a caller puts in them (a site
//    id in a path, a time in a query, "+01:00" must not read as a space).
//
//   AdminClient client({.url = *parse_base_url("https://unit.example:8443"), .token = token});
//   auto health = client.get("/api/v1/health");
//   if (!health) { std::cerr << health.error().message << '\n'; return health.error().exit_code; }
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace samtel::fw::admin {

// Exit statuses of `samtel admin`, as `samtel`'s own (lib/cli/main.cpp) with one more.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;        // the command line is wrong
inline constexpr int kExitInvalid = 2;      // the input or the request was refused (4xx)
inline constexpr int kExitUnavailable = 3;  // the service cannot be reached or failed (5xx)

struct BaseUrl {
  bool tls = false;
  std::string host;  // without brackets
  std::uint16_t port = 0;
  std::string to_string() const;  // "https://[::1]:8443"
};

tl::expected<BaseUrl, std::string> parse_base_url(std::string_view text);

struct ClientOptions {
  BaseUrl url;
  std::string token;    // sent as a bearer token when not empty
  std::string ca_file;  // PEM: the authorities to trust for HTTPS; empty: the system's
  std::chrono::seconds timeout{10};
};

// An answer's body: a JSON value with its members in the order the service wrote them.
using AnswerJson = nlohmann::ordered_json;

struct ClientFailure {
  int exit_code = kExitUnavailable;
  std::string message;  // one line
  int status = 0;       // the HTTP status, 0 when there was no answer
  std::string pointer;  // the error's JSON Pointer when the service named one ("/confirm_gaps")
  AnswerJson answer;    // the service's refusal as it sent it (null when not JSON): "problems"
};

// `text` percent-encoded for a path segment or a query value: letters, digits, "-._~" and ":@"
// stay as they are, every other byte becomes %XX ("2026-12-16T09:00+01:00" ->
// "2026-12-16T09:00%2B01:00").
std::string encode_component(std::string_view text);

class AdminClient {
 public:
  explicit AdminClient(ClientOptions options);
  ~AdminClient();
  AdminClient(AdminClient&&) noexcept;
  AdminClient& operator=(AdminClient&&) noexcept;

  // The answer's body (null for 204), or why there is none.
  tl::expected<AnswerJson, ClientFailure> get(const std::string& path);
  tl::expected<AnswerJson, ClientFailure> post(const std::string& path, const AnswerJson& body);
  tl::expected<AnswerJson, ClientFailure> put(const std::string& path, const AnswerJson& body);
  tl::expected<AnswerJson, ClientFailure> remove(const std::string& path);

  // A body that is not JSON (CSV, an HTML page) as it is, with its type; failures as get().
  struct TextAnswer {
    std::string body;
    std::string content_type;
  };
  tl::expected<TextAnswer, ClientFailure> get_text(const std::string& path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samtel::fw::admin
