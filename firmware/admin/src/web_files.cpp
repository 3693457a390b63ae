#include "samtel/admin/web_files.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{2} << 20;
constexpr std::size_t kMaxTotalBytes = std::size_t{8} << 20;

// FNV-1a, 64 bits: an ETag only has to change when the content does.
std::string etag_of(std::string_view content) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : content) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  std::array<char, 19> out{};
  std::snprintf(out.data(), out.size(), "\"%016llx\"", static_cast<unsigned long long>(h));
  return out.data();
}

bool starts_with_dot(const std::filesystem::path& relative) {
  for (const auto& part : relative) {
    if (!part.empty() && part.native().front() == '.') return true;
  }
  return false;
}

}  // namespace

std::string_view content_type_of(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return {};
}

tl::expected<WebFiles, std::string> WebFiles::load(const std::filesystem::path& directory) {
  std::error_code ec;
  const auto status = std::filesystem::status(directory, ec);
  if (status.type() != std::filesystem::file_type::directory) {
    return tl::unexpected("the web page's directory " + quote_value(directory.string()) +
                          (status.type() == std::filesystem::file_type::not_found
                               ? std::string(" does not exist")
                           : ec ? ": " + ec.message()
                                : std::string(" is not a directory")));
  }
  WebFiles out;
  std::filesystem::recursive_directory_iterator it(directory, ec), end;
  if (ec) {
    return tl::unexpected("the web page's directory " + quote_value(directory.string()) + ": " +
                          ec.message());
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      return tl::unexpected("the web page's directory " + quote_value(directory.string()) + ": " +
                            ec.message());
    }
    const std::filesystem::path relative = it->path().lexically_relative(directory);
    if (starts_with_dot(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const std::string_view type = content_type_of(it->path());
    const auto size = it->file_size(ec);
    if (type.empty() || ec || size > kMaxFileBytes || out.bytes_ + size > kMaxTotalBytes) {
      out.skipped_.push_back(relative.generic_string());
      continue;
    }
    std::ifstream f(it->path(), std::ios::binary);
    std::ostringstream content;
    content << f.rdbuf();
    if (!f) {
      out.skipped_.push_back(relative.generic_string());
      continue;
    }
    File file{content.str(), type, {}};
    file.etag = etag_of(file.content);
    out.bytes_ += file.content.size();
    out.files_.emplace("/" + relative.generic_string(), std::move(file));
  }
  return out;
}

bool WebFiles::serves(const ApiRequest& request) const {
  if (request.method != Method::get && request.method != Method::head) return false;
  const std::string_view path = request.path;
  return !(path.starts_with("/api/") || path == "/api" || path.starts_with("/feeds/"));
}

ApiResponse WebFiles::answer(const ApiRequest& request) const {
  const std::string_view path =
      request.path == "/" ? std::string_view("/index.html") : std::string_view(request.path);
  const auto it = files_.find(path);
  if (it == files_.end()) return error_response(404, "no page here");
  const File& file = it->second;
  ApiResponse r;
  r.headers = {{"Content-Security-Policy", std::string(kContentSecurityPolicy)},
               {"X-Frame-Options", "DENY"},
               {"Referrer-Policy", "no-referrer"},
               {"Cache-Control", "no-cache"},
               {"ETag", file.etag}};
  if (request.if_none_match == file.etag) {
    r.status = 304;
    return r;
  }
  r.text = file.content;
  r.content_type = std::string(file.type);
  return r;
}

}  // namespace samtel::fw::admin
