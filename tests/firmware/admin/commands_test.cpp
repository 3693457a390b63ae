// `samtel admin`: the service's URL, and the commands registered on a CLI11 app and run against
// the service on a real socket: login (password from standard input), health, logout, and the
// exit statuses 0, 1, 2 and 3.
#include "samtel/admin/commands.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "run_samtel.hpp"
#include "samtel/admin/client.hpp"
#include "served.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::Outcome;
using test_support::read_file;
using test_support::samtel;
using test_support::Served;

TEST(BaseUrl, SchemeHostAndPortOnly) {
  struct Case {
    const char* text;
    const char* parsed;  // nullptr: refused
  };
  const Case cases[] = {
      {"https://unit.example:8443", "https://unit.example:8443"},
      {"https://unit.example", "https://unit.example:443"},
      {"https://unit.example/", "https://unit.example:443"},
      {"https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"},
      {"http://127.0.0.1:8443", "http://127.0.0.1:8443"},
      {"http://localhost:8443/", "http://localhost:8443"},
      {"http://[::1]:8443", "http://[::1]:8443"},
      {"http://unit.example:8443", nullptr},  // a password in clear over the network
      {"http://192.0.2.10:8443", nullptr},
      {"ftp://unit.example", nullptr},
      {"unit.example:8443", nullptr},
      {"https://", nullptr},
      {"https://unit.example:0", nullptr},
      {"https://unit.example:99999", nullptr},
      {"https://unit.example:84x", nullptr},
      {"https://unit.example/api", nullptr},
      {"https://kari@unit.example", nullptr},
      {"https://[::1", nullptr},
  };
  for (const Case& c : cases) {
    auto url = parse_base_url(c.text);
    if (c.parsed == nullptr) {
      EXPECT_FALSE(url) << c.text;
      continue;
    }
    ASSERT_TRUE(url) << c.text << ": " << url.error();
    EXPECT_EQ(url->to_string(), c.parsed);
  }
  EXPECT_EQ(parse_base_url("http://unit.example:8443").error(),
            "the service's URL 'http://unit.example:8443': plain http:// only to this machine "
            "(127.0.0.1, [::1], localhost), where the service listens without TLS; use https://; "
            "expected https://HOST[:PORT] (or http://127.0.0.1:PORT)");
}

class AdminCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SAMTEL_URL");
    ::unsetenv("SAMTEL_TOKEN");
    ::unsetenv("SAMTEL_CA_CERT");
    served_.accounts.add_user("kari", "correct horse", Role::scheduler);
    ServerOptions o;
    o.listen = *parse_listen_address("127.0.0.1:0");
    ASSERT_EQ(served_.start(o), "");
  }
  void TearDown() override {
    ::unsetenv("SAMTEL_URL");
    ::unsetenv("SAMTEL_TOKEN");
  }
  Served served_;
};

TEST_F(AdminCommands, LoginReadsThePasswordFromStandardInputAndPrintsOnlyTheToken) {
  const Outcome r =
      samtel({"admin", "--url", served_.url(), "login", "--user", "kari"}, "correct horse\n");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  ASSERT_EQ(r.out.size(), 65u) << r.out;  // 64 hexadecimal digits and a line end
  EXPECT_EQ(r.err, "signed in as kari (scheduler) until 2026-03-10T17:00:00Z\n");
  const std::string token = r.out.substr(0, 64);
  EXPECT_TRUE(served_.accounts.session(token));

  // The token from the environment; an option given wins over the environment.
  ::setenv("SAMTEL_TOKEN", "0123456789abcdef", 1);
  const Outcome out = samtel({"admin", "--url", served_.url(), "--token", token, "logout"});
  EXPECT_EQ(out.code, kExitOk) << out.err;
  EXPECT_EQ(out.err, "signed out\n");
  EXPECT_FALSE(served_.accounts.session(token));
  const Outcome again = samtel({"admin", "--url", served_.url(), "logout"});
  EXPECT_EQ(again.code, kExitInvalid);
  EXPECT_EQ(again.err,
            "samtel admin: 401 Unauthorized: the token is unknown, ended or expired; sign in "
            "again\n");
}

TEST_F(AdminCommands, LoginWritesTheTokenFileForItsOwnerOnly) {
  const std::string file = served_.dir() / "token";
  const Outcome r =
      samtel({"admin", "--url", served_.url(), "login", "--user", "kari", "--token-file", file},
             "correct horse\r\n");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "signed in as kari (scheduler) until 2026-03-10T17:00:00Z; token written to " +
                       file + "\n");
  const std::string token = read_file(file);
  ASSERT_EQ(token.size(), 65u);
  EXPECT_TRUE(served_.accounts.session(token.substr(0, 64)));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AdminCommands, RefusalsAreOneLineWithExitStatus2) {
  const Outcome wrong =
      samtel({"admin", "--url", served_.url(), "login", "--user", "kari"}, "nope\n");
  EXPECT_EQ(wrong.code, kExitInvalid);
  EXPECT_EQ(wrong.out, "");
  EXPECT_EQ(wrong.err, "samtel admin: 401 Unauthorized: unknown user or wrong password\n");
  const Outcome empty = samtel({"admin", "--url", served_.url(), "login", "--user", "kari"}, "");
  EXPECT_EQ(empty.code, kExitInvalid);
  EXPECT_EQ(empty.err, "samtel admin: login: no password given\n");
}

TEST_F(AdminCommands, HealthFromTheEnvironmentsUrl) {
  ::setenv("SAMTEL_URL", served_.url().c_str(), 1);
  const Outcome r = samtel({"admin", "health"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "ok (samtel-admind 0.1.0)\n");
}

TEST_F(AdminCommands, UsageErrorsAreExitStatus1) {
  EXPECT_EQ(samtel({"admin", "login"}).code, kExitUsage);  // --user is required
  EXPECT_EQ(samtel({"admin"}).code, kExitUsage);
  const Outcome no_token = samtel({"admin", "--url", served_.url(), "logout"});
  EXPECT_EQ(no_token.code, kExitUsage);
  EXPECT_EQ(no_token.err, "samtel admin: logout: no token; give --token or set SAMTEL_TOKEN\n");
  const Outcome bad_url = samtel({"admin", "--url", "http://192.0.2.10:8443", "health"});
  EXPECT_EQ(bad_url.code, kExitUsage);
  EXPECT_EQ(bad_url.err.rfind("samtel admin: the service's URL 'http://192.0.2.10:8443': ", 0), 0u);
}

TEST_F(AdminCommands, UnreachableAndServerFailuresAreExitStatus3) {
  const std::string url = served_.url();
  served_.stop();
  const Outcome r = samtel({"admin", "--url", url, "--timeout", "2", "health"});
  EXPECT_EQ(r.code, kExitUnavailable);
  EXPECT_EQ(r.err.rfind("samtel admin: cannot reach the admin service at " + url + ": ", 0), 0u)
      << r.err;
}

}  // namespace
}  // namespace samtel::fw::admin
