#pragma once
// The admin service served on a real socket on 127.0.0.1 (any free port) for one test, with
// in-memory accounts, its request log in a file, and a temporary directory; stopped and removed
// afterwards.
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <stdlib.h>

#include "samtel/admin/http_server.hpp"
#include "samtel/admin/memory_accounts.hpp"
#include "samtel/admin/service.hpp"

namespace samtel::fw::admin::test_support {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "samtel-admin-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A self-signed certificate for 127.0.0.1 and localhost, made with the openssl command; "" if it
// could not be made.
inline bool make_certificate(const std::string& cert, const std::string& key) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

class Served {
 public:
  explicit Served(ServiceSettings settings = {}) : settings_(std::move(settings)) {
    log_.set_stderr(false);
    log_.open_file(dir_ / "admind.log");
  }
  ~Served() { stop(); }

  // Starts serving, with the routes `add_routes` adds; the error of HttpServer::create() if it
  // refused.
  std::string start(const ServerOptions& options,
                    const std::function<void(Router&)>& add_routes = {}) {
    service_ = std::make_unique<AdminService>(accounts, mono, settings_, &log_);
    if (add_routes) add_routes(service_->router());
    auto server = HttpServer::create(options, *service_, log_);
    if (!server) return server.error();
    server_ = std::move(*server);
    serving_ = std::thread([this] { server_->run(); });
    return {};
  }
  void stop() {
    if (!server_) return;
    server_->stop();
    if (serving_.joinable()) serving_.join();
    server_.reset();
  }
  std::uint16_t port() const { return server_->port(); }
  std::string url(bool tls = false) const {
    return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
  }
  std::string log_text() const { return read_file(dir_ / "admind.log"); }
  const TempDir& dir() const { return dir_; }

  ManualClock clock{Instant{std::chrono::hours(24 * 20522 + 9)}};  // 2026-03-10T09:00:00Z
  ManualMonotonicClock mono;
  InMemoryAccounts accounts{clock};

 private:
  TempDir dir_;
  ServiceSettings settings_;
  Logger log_;
  std::unique_ptr<AdminService> service_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
};

}  // namespace samtel::fw::admin::test_support
