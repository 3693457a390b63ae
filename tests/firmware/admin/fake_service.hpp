#pragma once
// A stand-in for samtel-admind on 127.0.0.1 (any free port) for tests of `samtel admin`: it
// records every request it receives (method, path with its query as sent, body, the bearer
// token) and answers each with the canned status and JSON given for its method and path (or,
// first, those queued for the next requests to it), or 404 in the error shape.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace samtel::fw::admin::test_support {

struct Received {
  std::string method;
  std::string target;  // the path and query as sent: "/api/v1/who?at=2026-12-16T09:00"
  std::string body;
  std::string authorization;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class FakeService {
 public:
  FakeService() {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      received_.push_back(
          {req.method, req.target, req.body, req.get_header_value("Authorization")});
      auto& next = queued_[req.method + " " + req.path];
      if (!next.empty()) {
        res.status = next.front().first;
        res.set_content(next.front().second, "application/json");
        next.pop_front();
        return;
      }
      const auto it = canned_.find(req.method + " " + req.path);
      if (it == canned_.end()) {
        res.status = 404;
        res.set_content(R"({"error":{"status":404,"message":"no such resource"}})",
                        "application/json");
        return;
      }
      res.status = it->second.first;
      if (!it->second.second.empty()) res.set_content(it->second.second, "application/json");
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Delete(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    serving_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeService() { stop(); }
  FakeService(const FakeService&) = delete;
  FakeService& operator=(const FakeService&) = delete;

  // Answers `method` on `path` (without its query) with `status` and `body` (JSON text; "" for
  // none).
  void answer(const std::string& method, const std::string& path, int status, std::string body) {
    std::lock_guard lock(mutex_);
    canned_[method + " " + path] = {status, std::move(body)};
  }
  void answer(const std::string& method, const std::string& path, int status,
              const nlohmann::json& body) {
    answer(method, path, status, body.dump());
  }
  // Answers the next request to `method` on `path` with `status` and `body`, before the canned
  // answer; several are given in the order of the requests they answer.
  void answer_next(const std::string& method, const std::string& path, int status,
                   const nlohmann::json& body) {
    std::lock_guard lock(mutex_);
    queued_[method + " " + path].emplace_back(status, body.dump());
  }
  // An error in the service's shape.
  void refuse(const std::string& method, const std::string& path, int status,
              const std::string& message, const std::string& pointer = {}) {
    nlohmann::json error{{"status", status}, {"message", message}};
    if (!pointer.empty()) error["pointer"] = pointer;
    answer(method, path, status, nlohmann::json{{"error", error}});
  }

  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  // "GET /api/v1/who?at=..." of every request, in order.
  std::vector<std::string> requests() const {
    std::vector<std::string> out;
    for (const Received& r : received()) out.push_back(r.method + " " + r.target);
    return out;
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void stop() {
    if (!serving_.joinable()) return;
    server_.stop();
    serving_.join();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread serving_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<int, std::string>> canned_;
  std::map<std::string, std::deque<std::pair<int, std::string>>> queued_;
  std::vector<Received> received_;
};

}  // namespace samtel::fw::admin::test_support
