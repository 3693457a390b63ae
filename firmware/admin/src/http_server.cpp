// The only file of the service that includes httplib.h. Debian's cpp-httplib is a compiled
// library built with OpenSSL, zlib and brotli support: its header must be read with the same
// CPPHTTPLIB_* definitions (they come from its pkg-config file through CMake).
#include "samtel/admin/http_server.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <unistd.h>

#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// What the request log needs from the handler, on the worker thread that serves the request
// (httplib reads, routes, answers and logs one request on one thread).
struct RequestNote {
  bool started = false;
  std::chrono::steady_clock::time_point start;
  std::string user;
};
thread_local RequestNote t_note;

std::string openssl_reason() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    if (!out.empty()) out += "; ";
    out += buffer;
  }
  return out.empty() ? "unknown reason" : out;
}

std::string readable(const std::string& path, const char* option) {
  std::ifstream f(path);
  if (!f) return std::string(option) + " " + quote_value(path) + ": " + std::strerror(errno);
  return {};
}

void write_answer(const ApiResponse& answer, httplib::Response& res) {
  res.status = answer.status;
  for (const auto& [name, value] : answer.headers) {
    // The answer's own value replaces a default (Cache-Control of the web page's files).
    res.headers.erase(name);
    res.set_header(name, value);
  }
  if (answer.text) {
    res.set_content(*answer.text, answer.content_type);
  } else if (!answer.body.is_null()) {
    // Text people sent may be echoed in a message; bytes that are not UTF-8 become U+FFFD
    // rather than an exception.
    res.set_content(answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  }
}

ApiRequest to_api_request(const httplib::Request& req, Method method) {
  ApiRequest r;
  r.method = method;
  r.path = req.path;
  r.query.insert(req.params.begin(), req.params.end());
  r.content_type = req.get_header_value("Content-Type");
  r.authorization = req.get_header_value("Authorization");
  r.cookie = req.get_header_value("Cookie");
  r.csrf = req.get_header_value("X-CSRF-Token");
  r.if_none_match = req.get_header_value("If-None-Match");
  r.body = req.body;
  r.source = req.remote_addr;
  return r;
}

// Text a peer sent, for the log: control characters and bytes that are not UTF-8 escaped, and
// cut (on a character's boundary) after 200 bytes, so that one request stays one short line.
std::string for_log(std::string_view text) {
  constexpr std::size_t kMax = 200;
  std::string out = escape_control_characters(text);
  if (out.size() <= kMax) return out;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

// What the library answers by itself, in the service's words.
std::string library_refusal(int status, std::size_t max_body_bytes) {
  switch (status) {
    case 400: return "the request could not be read (request line, headers or body)";
    case 404: return "no resource here";
    case 413:
      return "the body is larger than the " + std::to_string(max_body_bytes) +
             " bytes this service takes";
    case 414: return "the request target is too long";
    case 431: return "the request's headers are too large";
    default: return "the request could not be served";
  }
}

// The library closes its listening socket only in stop() while serving: a server bound but never
// served (stopped before, or never run) would keep it, and the kernel would go on accepting
// connections that no one answers. This closes it.
template <class Base>
class Bound final : public Base {
 public:
  using Base::Base;
  void close_unserved() {
    const auto sock = this->svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) ::close(sock);
  }
};

}  // namespace

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> server;
  std::function<void()> close_unserved;
};

std::string refusal_to_serve(const ServerOptions& o) {
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return "--tls-cert and --tls-key go together: give both (HTTPS) or neither (plain HTTP, on a "
           "loopback address only)";
  }
  if (o.tls_cert.empty() && !o.listen.is_loopback()) {
    return "refusing to serve plain HTTP on " + o.listen.to_string() +
           ": without TLS the admin service listens only on a loopback address (127.0.0.1 or "
           "[::1]), since tokens and passwords would cross the network in clear; give --tls-cert "
           "and --tls-key to listen there";
  }
  return {};
}

tl::expected<std::unique_ptr<HttpServer>, std::string> HttpServer::create(
    const ServerOptions& options, AdminService& service, Logger& log) {
  if (std::string why = refusal_to_serve(options); !why.empty()) return tl::unexpected(why);
  const bool tls = !options.tls_cert.empty();
  auto impl = std::make_unique<Impl>();
  if (tls) {
    for (const auto& [path, option] :
         {std::pair{options.tls_cert, "--tls-cert"}, std::pair{options.tls_key, "--tls-key"}}) {
      if (std::string why = readable(path, option); !why.empty()) return tl::unexpected(why);
    }
    std::string why;
    ERR_clear_error();
    auto server = std::make_unique<Bound<httplib::SSLServer>>([&](SSL_CTX& ctx) {
      SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
      SSL_CTX_set_options(
          &ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
      if (SSL_CTX_use_certificate_chain_file(&ctx, options.tls_cert.c_str()) != 1) {
        why = "--tls-cert " + quote_value(options.tls_cert) +
              ": not a PEM certificate (chain): " + openssl_reason();
        return false;
      }
      if (SSL_CTX_use_PrivateKey_file(&ctx, options.tls_key.c_str(), SSL_FILETYPE_PEM) != 1) {
        const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
        why = "--tls-key " + quote_value(options.tls_key) +
              (mismatch ? " does not match --tls-cert " + quote_value(options.tls_cert) + ": "
                        : ": not a PEM private key without a passphrase: ") +
              openssl_reason();
        return false;
      }
      if (SSL_CTX_check_private_key(&ctx) != 1) {
        why = "--tls-key " + quote_value(options.tls_key) + " does not match --tls-cert " +
              quote_value(options.tls_cert) + ": " + openssl_reason();
        return false;
      }
      return true;
    });
    if (!server->is_valid()) {
      return tl::unexpected(why.empty() ? "cannot set up TLS: " + openssl_reason() : why);
    }
    impl->close_unserved = [s = server.get()] { s->close_unserved(); };
    impl->server = std::move(server);
  } else {
    auto server = std::make_unique<Bound<httplib::Server>>();
    impl->close_unserved = [s = server.get()] { s->close_unserved(); };
    impl->server = std::move(server);
  }
  httplib::Server& s = *impl->server;

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_read_timeout(options.read_timeout);
  s.set_write_timeout(options.write_timeout);
  s.set_keep_alive_timeout(options.keep_alive.count());
  s.set_keep_alive_max_count(100);
  // An answer leaves in more than one write (head, body): without TCP_NODELAY the second waits
  // for the peer's delayed ACK, 40 ms on Linux, on every request of a kept-alive connection.
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(options.max_body_bytes);
  httplib::Headers defaults{{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}};
  if (tls) defaults.emplace("Strict-Transport-Security", "max-age=31536000");
  s.set_default_headers(std::move(defaults));

  s.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_note = RequestNote{true, std::chrono::steady_clock::now(), {}};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto serve = [&service](const httplib::Request& req, httplib::Response& res) {
    const auto method = method_from_string(req.method);
    const ApiResponse answer =
        method ? service.handle(to_api_request(req, *method)) : not_implemented(req.method);
    t_note.user = answer.user;
    write_answer(answer, res);
  };
  // Every path to the service, which routes by itself; [\s\S] also matches a decoded line break.
  const std::string every_path = R"([\s\S]*)";
  s.Get(every_path, serve);  // and HEAD
  s.Post(every_path, serve);
  s.Put(every_path, serve);
  s.Patch(every_path, serve);
  s.Delete(every_path, serve);
  s.Options(every_path, serve);

  const std::size_t max_body = options.max_body_bytes;
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body](const httplib::Request&, httplib::Response& res) {
        // Our own answers have their body; only the library's bare refusals are filled in.
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        write_answer(error_response(res.status, library_refusal(res.status, max_body)), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        write_answer(error_response(500, "internal error; it has been logged"), res);
      });
  s.set_logger([&log](const httplib::Request& req, const httplib::Response& res) {
    const long ms = t_note.started
                        ? static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - t_note.start)
                                                .count())
                        : 0;
    log.info(JournalEvent::http_request,
             {{"method", for_log(req.method)},
              {"path", for_log(path_for_log(req.path))},
              {"status", std::to_string(res.status)},
              {"ms", std::to_string(ms)},
              {"user", t_note.user.empty() ? "-" : for_log(t_note.user)},
              {"source", req.remote_addr}});
    t_note = RequestNote{};
  });

  const std::string host = options.listen.address.to_string();
  int port = options.listen.port;
  errno = 0;
  if (port == 0) {
    port = s.bind_to_any_port(host);
    if (port <= 0) port = -1;
  } else if (!s.bind_to_port(host, port)) {
    port = -1;
  }
  if (port < 0) {
    const int e = errno;
    return tl::unexpected("cannot listen on " + options.listen.to_string() + ": " +
                          (e != 0 ? std::strerror(e) : "the address cannot be bound"));
  }
  return std::unique_ptr<HttpServer>(
      new HttpServer(std::move(impl), static_cast<std::uint16_t>(port), tls));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl, std::uint16_t port, bool tls)
    : impl_(std::move(impl)), port_(port), tls_(tls) {}

HttpServer::~HttpServer() {
  if (!entered_) impl_->close_unserved();
}

bool HttpServer::run() {
  entered_ = true;
  if (stop_requested_) {
    impl_->close_unserved();
    finished_ = true;
    return true;
  }
  const bool ok = impl_->server->listen_after_bind();
  finished_ = true;
  return ok || stop_requested_;
}

bool HttpServer::serving() const { return entered_ && !finished_ && impl_->server->is_running(); }

void HttpServer::stop() {
  stop_requested_ = true;
  // run() may be between its look at stop_requested_ and the library's accept loop, where a stop
  // would be lost: wait until it serves or has finished.
  while (entered_ && !finished_ && !impl_->server->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server->stop();
}

}  // namespace samtel::fw::admin
