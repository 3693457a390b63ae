#pragma once
// samtel/admin/web_files.hpp — the web page's files (HTML, CSS, JavaScript modules, images), read
// once from the directory the package installs them in and served by the admin service at every
// path outside /api/ and /feeds/.
//
// Promises:
//  * `load()` reads the regular files under a directory (not following links out of it, none of
//    whose names begin with '.'), of the kinds in `content_type_of()`, each at most 2 MiB and 8
//    MiB in all; anything else there is skipped and named in `skipped`. A directory that cannot
//    be read is an error naming it. The files are not read again: the package replaces them
//    together with the program, which restarts.
//  * `serves()` is true for GET and HEAD of a path that is not under /api/ or /feeds/.
//    `answer()` gives the file (`/` is /index.html) with its type, an ETag, and headers that make
//    the browser strict: a Content-Security-Policy allowing only the unit's own scripts, styles,
//    images and API (`kContentSecurityPolicy`; no inline script, no other origin, no framing),
//    `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, and `Cache-Control: no-cache` so a
//    new package's page is taken at once (a matching If-None-Match gives 304 without the body).
//    Any other path is 404 in the service's error shape.
//
//   auto files = WebFiles::load("/usr/share/samtel/web");
//   if (files && files->serves(request)) return files->answer(request);
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/admin/api.hpp"

namespace samtel::fw::admin {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// "text/html; charset=utf-8" for ".html", ...; "" for a kind the page does not use.
std::string_view content_type_of(const std::filesystem::path& file);

class WebFiles {
 public:
  struct File {
    std::string content;
    std::string_view type;
    std::string etag;  // "\"<16 hex digits>\""
  };

  static tl::expected<WebFiles, std::string> load(const std::filesystem::path& directory);

  bool serves(const ApiRequest& request) const;
  ApiResponse answer(const ApiRequest& request) const;

  std::size_t count() const { return files_.size(); }
  std::size_t bytes() const { return bytes_; }
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::map<std::string, File, std::less<>> files_;  // by path: "/index.html"
  std::size_t bytes_ = 0;
  std::vector<std::string> skipped_;
};

}  // namespace samtel::fw::admin
