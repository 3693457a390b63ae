// GET /metrics: samteld's counts as it wrote them and the notice log's deliveries, for a scraper
// with the configured token, or on loopback when there is none (samtel/admin/metrics_resource.hpp).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <sodium.h>

#include "samtel/admin/metrics_resource.hpp"

namespace samtel::fw::admin {
namespace {

constexpr std::uintmax_t kMaxUnitMetricsBytes = 1 << 20;
constexpr std::size_t kMinTokenCharacters = 16;

struct UnitMetricsFile {
  tl::expected<std::string, std::string> text;
  std::chrono::seconds age{0};
};

UnitMetricsFile read_unit_metrics(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return {tl::unexpected(std::string("not given")), {}};
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return {tl::unexpected(path + ": " + ec.message()), {}};
  if (size > kMaxUnitMetricsBytes) return {tl::unexpected(path + ": larger than 1 MiB"), {}};
  const auto written = fs::last_write_time(path, ec);
  if (ec) return {tl::unexpected(path + ": " + ec.message()), {}};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return {tl::unexpected(path + ": cannot be read"), {}};
  const auto age =
      std::chrono::duration_cast<std::chrono::seconds>(fs::file_time_type::clock::now() - written);
  return {text.str(), std::max(age, std::chrono::seconds(0))};
}

// Whether the request may scrape (see the header); the refusal otherwise.
std::optional<ApiResponse> refusal(const ApiRequest& request, const std::string& token) {
  if (token.empty()) {
    if (source_address(request.source).is_loopback()) return std::nullopt;
    return error_response(403,
                          "metrics are served on loopback only: configure a token "
                          "(--metrics-token-file) for a scraper on another host");
  }
  const std::string expected = "Bearer " + token;
  const std::string& given = request.authorization;
  if (given.size() == expected.size() &&
      sodium_memcmp(given.data(), expected.data(), expected.size()) == 0) {
    return std::nullopt;
  }
  ApiResponse r = error_response(401, "metrics need the scraper's token: Authorization: Bearer");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"samtel metrics\"");
  return r;
}

}  // namespace

std::string metrics_text(const tl::expected<std::string, std::string>& unit_metrics,
                         std::chrono::seconds age) {
  std::string out =
      "# HELP samtel_unit_metrics_up Whether samteld's metrics file was read (1) or not (0).\n"
      "# TYPE samtel_unit_metrics_up gauge\n";
  out += unit_metrics ? "samtel_unit_metrics_up 1\n" : "samtel_unit_metrics_up 0\n";
  out +=
      "# HELP samtel_unit_metrics_age_seconds How long ago samteld wrote its metrics (every 10 "
      "seconds while it runs).\n"
      "# TYPE samtel_unit_metrics_age_seconds gauge\n";
  if (!unit_metrics) return out;
  out += "samtel_unit_metrics_age_seconds " + std::to_string(age.count()) + "\n";
  out += *unit_metrics;
  if (!unit_metrics->empty() && unit_metrics->back() != '\n') out += '\n';
  return out;
}

std::string notice_metrics_text(
    const tl::expected<std::vector<store::DeliveryCount>, std::string>& counts) {
  std::string out =
      "# HELP samtel_notice_deliveries Deliveries of notices in the notice log, by channel and how "
      "they stand (failed: to be retried).\n"
      "# TYPE samtel_notice_deliveries gauge\n";
  if (!counts) return out;
  for (const store::DeliveryCount& c : *counts) {
    out += "samtel_notice_deliveries{channel=\"" + std::string(to_string(c.channel)) +
           "\",state=\"" + std::string(to_string(c.state)) + "\"} " + std::to_string(c.deliveries) +
           "\n";
  }
  return out;
}

tl::expected<std::string, std::string> read_metrics_token(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected("--metrics-token-file " + path + ": cannot be read");
  std::string token;
  std::getline(in, token, '\0');
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.empty()) return tl::unexpected("--metrics-token-file " + path + ": empty");
  if (token.find_first_of(" \t\r\n") != std::string::npos) {
    return tl::unexpected("--metrics-token-file " + path +
                          ": the token holds white space (one line, the token alone)");
  }
  if (token.size() < kMinTokenCharacters) {
    return tl::unexpected("--metrics-token-file " + path + ": the token is shorter than " +
                          std::to_string(kMinTokenCharacters) + " characters");
  }
  return token;
}

void add_metrics_resource(Router& router, MetricsResource resource) {
  router.add(Method::get, "/metrics", {}, [r = std::move(resource)](const Call& call) {
    if (auto refused = refusal(call.request, r.token)) return *refused;
    const UnitMetricsFile file = read_unit_metrics(r.unit_metrics);
    ApiResponse out;
    std::string text = metrics_text(file.text, file.age);
    if (r.store != nullptr) {
      auto counts =
          r.store->with([](store::ScheduleStore& s) { return s.notice_delivery_counts(); });
      text += notice_metrics_text(
          counts.map_error([](const store::StoreError& e) { return e.message; }));
    }
    out.text = std::move(text);
    out.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return out;
  });
}

}  // namespace samtel::fw::admin
