#pragma once
// samtel/admin/http_server.hpp — the admin service on a socket: HTTP or HTTPS through Debian's
// cpp-httplib, which does all the HTTP parsing; each request becomes an `ApiRequest` once and is
// answered by `AdminService::handle()` (service.hpp).
//
// Promises:
//  * `create()` refuses to serve plain HTTP on an address that is not a loopback one (tokens and
//    passwords would cross the network in clear), with a message saying so and what to give
//    instead; `--tls-cert` and `--tls-key` go together. With them it serves HTTPS (TLS 1.2 at the
//    least) on any address; a certificate or key it cannot load is an error naming the file and
//    OpenSSL's reason. It binds before it returns, so `port()` is known (port 0: any free one).
//  * Every answer is JSON in the error shape of api.hpp, also the ones the HTTP library gives by
//    itself (400 for a request it cannot read, 413 over `max_body_bytes`, 414, 431): a body over
//    the limit is refused while it is read, not after. Answers carry `Cache-Control: no-store`
//    and `X-Content-Type-Options: nosniff`; over HTTPS also `Strict-Transport-Security`.
//  * Reading and writing a request each time out (`read_timeout`, `write_timeout`); an idle
//    keep-alive connection is closed after `keep_alive`. Requests are served by `threads` workers;
//    an open connection holds its worker (the HTTP library's model), so there are enough for a
//    few browsers' kept-alive connections (up to six each) without one waiting for another's.
//  * Each request is one log line (event `http.request`): method, path (control characters
//    escaped, cut after 200 bytes, a calendar feed's token left out: `path_for_log()`), status,
//    milliseconds, the account's name once known, the peer's address — never a body, a query string
//    or a header's value, so never a token or a password.
//  * `run()` serves until `stop()`, which may be called from any thread, before or during `run()`.
//    `serving()` says whether it is in its accept loop now.
//
//   auto server = HttpServer::create({.listen = *parse_listen_address("127.0.0.1:0")}, service,
//   log); std::thread serving([&] { (*server)->run(); });
//   ... (*server)->port() ...
//   (*server)->stop();
//   serving.join();
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "samtel/admin/listen_address.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/log/logger.hpp"

namespace samtel::fw::admin {

struct ServerOptions {
  ListenAddress listen;
  std::string tls_cert, tls_key;  // PEM files; both or neither
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive{5};
  std::size_t max_body_bytes = std::size_t{1} << 20;
  std::size_t threads = 16;
};

// Why `options` cannot be served (plain HTTP off loopback, half a TLS pair); empty if they can.
std::string refusal_to_serve(const ServerOptions& options);

class HttpServer {
 public:
  static tl::expected<std::unique_ptr<HttpServer>, std::string> create(const ServerOptions& options,
                                                                       AdminService& service,
                                                                       Logger& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  bool tls() const { return tls_; }
  // Serves until stop(); false if the listening socket failed.
  bool run();
  void stop();
  // run() is in the library's accept loop: connections are taken (the watchdog's test).
  bool serving() const;

 private:
  struct Impl;
  HttpServer(std::unique_ptr<Impl> impl, std::uint16_t port, bool tls);

  std::unique_ptr<Impl> impl_;
  std::uint16_t port_;
  bool tls_;
  std::atomic<bool> entered_{false}, finished_{false}, stop_requested_{false};
};

}  // namespace samtel::fw::admin
