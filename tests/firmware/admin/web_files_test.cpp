// The web page's files: what is read from the directory and what is skipped, the answer's type,
// strict headers and ETag, 304 on a matching If-None-Match, and the paths left to the API.
#include "samtel/admin/web_files.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "samtel/admin/memory_accounts.hpp"
#include "samtel/admin/service.hpp"

namespace samtel::fw::admin {
namespace {

namespace fs = std::filesystem;

class WebFilesTest : public ::testing::Test {
 protected:
  WebFilesTest() {
    dir_ = fs::temp_directory_path() /
           ("samtel-web-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "js");
    fs::create_directories(dir_ / ".git");
    write("index.html", "<!doctype html><title>samtel</title>");
    write("js/app.js", "export const a = 1;\n");
    write("style.css", "body{}");
    write(".git/config", "x");
    write(".hidden.js", "x");
    write("notes.exe", "MZ");
  }
  ~WebFilesTest() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }

  static ApiRequest get(std::string path) {
    ApiRequest r;
    r.method = Method::get;
    r.path = std::move(path);
    r.source = "127.0.0.1";
    return r;
  }

  fs::path dir_;
};

TEST_F(WebFilesTest, ServesThePagesFilesWithStrictHeaders) {
  auto files = WebFiles::load(dir_);
  ASSERT_TRUE(files) << files.error();
  EXPECT_EQ(files->count(), 3u);
  EXPECT_EQ(files->bytes(), 36u + 20u + 6u);
  EXPECT_EQ(files->skipped(), std::vector<std::string>{"notes.exe"});

  const ApiResponse index = files->answer(get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.text, "<!doctype html><title>samtel</title>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Content-Security-Policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(index.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(index.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  EXPECT_EQ(index.header("ETag").size(), 18u);

  const ApiResponse js = files->answer(get("/js/app.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js.header("ETag"), index.header("ETag"));

  ApiRequest again = get("/index.html");
  again.if_none_match = index.header("ETag");
  const ApiResponse unchanged = files->answer(again);
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_FALSE(unchanged.text);

  for (const char* path :
       {"/.git/config", "/.hidden.js", "/notes.exe", "/js/../index.html", "/missing.html", "/js"}) {
    const ApiResponse r = files->answer(get(path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body["error"]["message"], "no page here") << path;
  }
}

TEST_F(WebFilesTest, LeavesTheApiAndFeedsAndChangesToTheService) {
  auto files = WebFiles::load(dir_);
  ASSERT_TRUE(files);
  EXPECT_TRUE(files->serves(get("/")));
  EXPECT_TRUE(files->serves(get("/js/app.js")));
  EXPECT_FALSE(files->serves(get("/api/v1/health")));
  EXPECT_FALSE(files->serves(get("/api")));
  EXPECT_FALSE(files->serves(get("/feeds/abc.ics")));
  ApiRequest post = get("/");
  post.method = Method::post;
  EXPECT_FALSE(files->serves(post));

  ManualMonotonicClock mono;
  ManualClock wall{Instant{}};
  InMemoryAccounts accounts{wall};
  ServiceSettings settings;
  settings.requests_per_second = 1;
  settings.request_burst = 1;
  AdminService service(accounts, mono, settings);
  service.serve_web_page(std::move(*files));
  for (int i = 0; i < 5; ++i) {  // the page's files are not counted against the request rate
    EXPECT_EQ(service.handle(get("/js/app.js")).status, 200);
  }
  EXPECT_EQ(service.handle(get("/api/v1/health")).status, 200);
  EXPECT_EQ(service.handle(get("/api/v1/health")).status, 429);
}

TEST(WebFilesLoad, AMissingDirectoryIsNamed) {
  auto files = WebFiles::load("/nonexistent/samtel-web");
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error(), "the web page's directory '/nonexistent/samtel-web' does not exist");
}

}  // namespace
}  // namespace samtel::fw::admin
