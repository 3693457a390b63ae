// The webhook: the notice as JSON, POSTed over HTTP(S) with cpp-httplib. This target's only file
// that includes httplib.h.
#include <httplib.h>

#include "samtel/notices/senders.hpp"

namespace samtel::fw::notices {

std::optional<std::string> post_webhook(const std::string& url, const Notice& n,
                                        std::chrono::seconds timeout) {
  try {
    const bool https = url.rfind("https://", 0) == 0;
    if (!https && url.rfind("http://", 0) != 0) return "not an http:// or https:// URL: " + url;
    const std::size_t host_at = url.find("//") + 2;
    const std::size_t path_at = url.find('/', host_at);
    const std::string origin = url.substr(0, path_at);
    const std::string path = path_at == std::string::npos ? "/" : url.substr(path_at);
    httplib::Client client(origin);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    if (https) client.enable_server_certificate_verification(true);
    const std::string body = webhook_json(n).dump();
    auto res = client.Post(path, body, "application/json");
    if (!res) return "POST " + url + ": " + httplib::to_string(res.error());
    if (res->status < 200 || res->status > 299) {
      return "POST " + url + ": HTTP " + std::to_string(res->status);
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    return "POST " + url + ": " + e.what();
  }
}

}  // namespace samtel::fw::notices
