// The admin service over real sockets on 127.0.0.1: health, signing in, 401, 413 refused while
// the body is read, the request log, the refusal to serve plain HTTP off loopback, HTTPS with a
// self-signed certificate made for the test, and samtel-admind itself started and stopped.
#include "samtel/admin/http_server.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samtel/admin/client.hpp"
#include "served.hpp"

namespace samtel::fw::admin {
namespace {

using test_support::make_certificate;
using test_support::Served;

ListenAddress at(const char* text) { return *parse_listen_address(text); }

// Options to listen at `listen`, with HTTPS when `cert` and `key` are given.
ServerOptions options(const char* listen, std::string cert = {}, std::string key = {}) {
  ServerOptions o;
  o.listen = at(listen);
  o.tls_cert = std::move(cert);
  o.tls_key = std::move(key);
  return o;
}

AdminClient client_for(const std::string& url, std::string token = {}, std::string ca = {}) {
  ClientOptions o;
  o.url = *parse_base_url(url);
  o.token = std::move(token);
  o.ca_file = std::move(ca);
  o.timeout = std::chrono::seconds(5);
  return AdminClient(std::move(o));
}

TEST(ListenAddress, ParsesAddressAndPort) {
  struct Case {
    const char* text;
    const char* parsed;  // nullptr: refused
    bool loopback;
  };
  const Case cases[] = {
      {"127.0.0.1:8443", "127.0.0.1:8443", true},
      {"127.1.2.3:0", "127.1.2.3:0", true},
      {"[::1]:8443", "[::1]:8443", true},
      {"[::ffff:127.0.0.1]:8443", "[::ffff:127.0.0.1]:8443", true},
      {"0.0.0.0:8443", "0.0.0.0:8443", false},
      {"192.0.2.10:443", "192.0.2.10:443", false},
      {"[::]:8443", "[::]:8443", false},
      {"[2001:db8::1]:65535", "[2001:db8::1]:65535", false},
      {"localhost:8443", nullptr, false},
      {"127.0.0.1", nullptr, false},
      {"127.0.0.1:", nullptr, false},
      {"127.0.0.1:65536", nullptr, false},
      {"127.0.0.1:-1", nullptr, false},
      {"127.0.0.1:84x", nullptr, false},
      {"::1:8443", nullptr, false},
      {"[::1]8443", nullptr, false},
      {"[::1", nullptr, false},
      {"", nullptr, false},
  };
  for (const Case& c : cases) {
    auto a = parse_listen_address(c.text);
    if (c.parsed == nullptr) {
      EXPECT_FALSE(a) << c.text;
      continue;
    }
    ASSERT_TRUE(a) << c.text << ": " << a.error();
    EXPECT_EQ(a->to_string(), c.parsed);
    EXPECT_EQ(a->is_loopback(), c.loopback) << c.text;
  }
  EXPECT_EQ(parse_listen_address("localhost:8443").error(),
            "--listen 'localhost:8443': 'localhost' is not an IP address (host names are not "
            "taken); expected ADDRESS:PORT such as 127.0.0.1:8443 or [::1]:8443");
}

TEST(RefusalToServe, PlainHttpOnlyOnLoopbackAndTlsFilesTogether) {
  EXPECT_EQ(refusal_to_serve(options("127.0.0.1:8443")), "");
  EXPECT_EQ(refusal_to_serve(options("[::1]:8443")), "");
  EXPECT_EQ(refusal_to_serve(options("0.0.0.0:8443", "c", "k")), "");
  EXPECT_EQ(refusal_to_serve(options("192.0.2.10:8443")),
            "refusing to serve plain HTTP on 192.0.2.10:8443: without TLS the admin service "
            "listens only on a loopback address (127.0.0.1 or [::1]), since tokens and passwords "
            "would cross the network in clear; give --tls-cert and --tls-key to listen there");
  EXPECT_NE(refusal_to_serve(options("[::]:8443")), "");
  EXPECT_EQ(refusal_to_serve(options("127.0.0.1:8443", "c")),
            "--tls-cert and --tls-key go together: give both (HTTPS) or neither (plain HTTP, on a "
            "loopback address only)");
}

TEST(HttpServer, RefusesToListenOffLoopbackWithoutTls) {
  Served served;
  const std::string error = served.start(options("0.0.0.0:0"));
  EXPECT_EQ(error.rfind("refusing to serve plain HTTP on 0.0.0.0:0: ", 0), 0u) << error;
}

TEST(HttpServer, HealthSignInAnd401OverASocket) {
  Served served;
  served.accounts.add_user("kari", "correct horse", Role::scheduler);
  ASSERT_EQ(served.start(options("127.0.0.1:0")), "");

  auto health = client_for(served.url()).get("/api/v1/health");
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->dump(), R"({"status":"ok","version":"0.1.0"})");

  auto anonymous = client_for(served.url());
  auto no_token = anonymous.get("/api/v1/session");
  ASSERT_FALSE(no_token);
  EXPECT_EQ(no_token.error().status, 401);
  EXPECT_EQ(no_token.error().exit_code, kExitInvalid);
  EXPECT_EQ(no_token.error().message,
            "401 Unauthorized: sign in first: this needs a bearer token (POST /api/v1/session)");

  auto wrong = anonymous.post("/api/v1/session", {{"user", "kari"}, {"password", "wrong"}});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "401 Unauthorized: unknown user or wrong password");

  auto signed_in =
      anonymous.post("/api/v1/session", {{"user", "kari"}, {"password", "correct horse"}});
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ((*signed_in)["role"], "scheduler");
  EXPECT_EQ((*signed_in)["expires"], "2026-03-10T17:00:00Z");
  const std::string token = (*signed_in)["token"];

  auto with_token = client_for(served.url(), token);
  auto who = with_token.get("/api/v1/session");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ((*who)["user"], "kari");
  auto bad = client_for(served.url(), "0123456789abcdef").get("/api/v1/session");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 401);
  auto out = with_token.remove("/api/v1/session");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->is_null());
  EXPECT_EQ(with_token.get("/api/v1/session").error().status, 401);

  auto unknown = anonymous.get("/api/v1/nothing");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "404 Not Found: no resource at '/api/v1/nothing'");

  // The request log: one line a request, who once known, never a password or a token.
  served.stop();
  const std::string log = served.log_text();
  EXPECT_NE(log.find("event=http.request method=GET path=/api/v1/health status=200 ms="),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("method=POST path=/api/v1/session status=201 ms="), std::string::npos);
  EXPECT_NE(log.find("user=kari source=127.0.0.1"), std::string::npos);
  EXPECT_NE(log.find("method=DELETE path=/api/v1/session status=204"), std::string::npos);
  EXPECT_EQ(log.find("correct horse"), std::string::npos);
  EXPECT_EQ(log.find("wrong"), std::string::npos);
  EXPECT_EQ(log.find(token), std::string::npos);
}

TEST(HttpServer, BodyOverTheLimitIs413WhileRead) {
  ServiceSettings settings;
  settings.max_body_bytes = 1024;
  Served served(settings);
  ServerOptions limited = options("127.0.0.1:0");
  limited.max_body_bytes = 1024;
  ASSERT_EQ(served.start(limited), "");
  auto client = client_for(served.url());
  auto big = client.post("/api/v1/session", {{"user", std::string(2000, 'k')}, {"password", "x"}});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().status, 413);
  EXPECT_EQ(big.error().message,
            "413 Content Too Large: the body is larger than the 1024 bytes this service takes");
  // Within the limit the body is read and checked.
  auto small = client.post("/api/v1/session", {{"user", std::string(900, 'k')}, {"password", "x"}});
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().status, 401);
}

TEST(HttpServer, HttpsWithASelfSignedCertificate) {
  Served served;
  served.accounts.add_user("kari", "correct horse", Role::administrator);
  const std::string cert = served.dir() / "cert.pem", key = served.dir() / "key.pem";
  ASSERT_TRUE(make_certificate(cert, key));
  ASSERT_EQ(served.start(options("127.0.0.1:0", cert, key)), "");

  auto trusted = client_for(served.url(true), {}, cert);
  auto health = trusted.get("/api/v1/health");
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ((*health)["status"], "ok");
  auto signed_in =
      trusted.post("/api/v1/session", {{"user", "kari"}, {"password", "correct horse"}});
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ((*signed_in)["role"], "administrator");

  // Without the certificate to trust, the client refuses the server.
  auto untrusted = client_for(served.url(true)).get("/api/v1/health");
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().exit_code, kExitUnavailable);
  EXPECT_NE(untrusted.error().message.find("the server's certificate is not trusted"),
            std::string::npos)
      << untrusted.error().message;
}

TEST(HttpServer, TlsFilesThatCannotBeLoadedAreNamed) {
  Served served;
  const std::string cert = served.dir() / "cert.pem", key = served.dir() / "key.pem";
  const std::string other_cert = served.dir() / "other.pem", other_key = served.dir() / "other.key";
  ASSERT_TRUE(make_certificate(cert, key));
  ASSERT_TRUE(make_certificate(other_cert, other_key));

  const std::string missing = served.dir() / "missing.pem";
  EXPECT_EQ(Served().start(options("127.0.0.1:0", missing, key)),
            "--tls-cert '" + missing + "': No such file or directory");
  const std::string not_a_cert = Served().start(options("127.0.0.1:0", key, key));
  EXPECT_EQ(not_a_cert.rfind("--tls-cert '" + key + "': not a PEM certificate (chain): ", 0), 0u)
      << not_a_cert;
  const std::string mismatch = Served().start(options("127.0.0.1:0", cert, other_key));
  EXPECT_EQ(
      mismatch.rfind("--tls-key '" + other_key + "' does not match --tls-cert '" + cert + "': ", 0),
      0u)
      << mismatch;
}

TEST(HttpServer, StoppedBeforeItServesItLeavesNoListeningSocket) {
  Logger log;
  log.set_stderr(false);
  ManualMonotonicClock mono;
  ManualClock clock{Instant{}};
  InMemoryAccounts accounts(clock);
  AdminService service(accounts, mono);
  for (bool run_after_stop : {true, false}) {
    std::string url;
    {
      auto server = HttpServer::create(options("127.0.0.1:0"), service, log);
      ASSERT_TRUE(server) << server.error();
      url = "http://127.0.0.1:" + std::to_string((*server)->port());
      (*server)->stop();
      if (run_after_stop) {
        EXPECT_TRUE((*server)->run());  // returns at once
      }
    }
    // Nothing listens there any more: refused at once, not a timeout.
    ClientOptions o;
    o.url = *parse_base_url(url);
    o.timeout = std::chrono::seconds(30);
    const auto started = std::chrono::steady_clock::now();
    auto r = AdminClient(o).get("/api/v1/health");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().exit_code, kExitUnavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  }
}

// samtel-admind as a process: its standard error, and its exit status once it ends.
class Daemon {
 public:
  explicit Daemon(std::vector<std::string> args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      std::vector<char*> argv{const_cast<char*>(SAMTEL_ADMIND)};
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(SAMTEL_ADMIND, argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    err_ = fds[0];
  }
  ~Daemon() {
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (err_ >= 0) ::close(err_);
  }
  // Reads standard error until `text` has appeared or it closes; what was read.
  std::string read_until(const std::string& text) {
    char buffer[4096];
    while (stderr_.find(text) == std::string::npos) {
      const ssize_t n = ::read(err_, buffer, sizeof buffer);
      if (n <= 0) break;
      stderr_.append(buffer, static_cast<std::size_t>(n));
    }
    return stderr_;
  }
  void signal(int s) { ::kill(pid_, s); }
  int wait() {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_)
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  int status_ = -1;
  std::string stderr_;
};

TEST(SamtelAdmind, RefusesToStartWithoutAStore) {
  Daemon d({"--listen", "127.0.0.1:0"});
  const std::string err = d.read_until("\n");
  EXPECT_EQ(d.wait(), 2);
  EXPECT_EQ(
      err.rfind("samtel-admind: --store is required: the schedule store's file (schedule.db)", 0),
      0u)
      << err;
  Daemon bad({"--listen", "127.0.0.1:0", "--store", "/nonexistent/schedule.db"});
  const std::string bad_err = bad.read_until("\n");
  EXPECT_EQ(bad.wait(), 2);
  EXPECT_EQ(
      bad_err.rfind("samtel-admind: cannot open the schedule store /nonexistent/schedule.db", 0),
      0u)
      << bad_err;
}

TEST(SamtelAdmind, RefusesPlainHttpOffLoopbackWithExitStatus2) {
  test_support::TempDir dir;
  Daemon d({"--listen", "0.0.0.0:0", "--store", dir / "schedule.db"});
  const std::string err = d.read_until("\n");
  EXPECT_EQ(d.wait(), 2);
  EXPECT_EQ(err.rfind("samtel-admind: refusing to serve plain HTTP on 0.0.0.0:0: without TLS the "
                      "admin service listens only on a loopback address",
                      0),
            0u)
      << err;
}

TEST(SamtelAdmind, ServesUntilSigterm) {
  test_support::TempDir dir;
  Daemon d({"--listen", "127.0.0.1:0", "--store", dir / "schedule.db"});
  const std::string err = d.read_until("event=admin.started");
  EXPECT_NE(err.find("event=admin.store"), std::string::npos) << err;
  EXPECT_NE(err.find("sites=0 users=0"), std::string::npos) << err;
  EXPECT_NE(err.find("no accounts: create one with samtel user add --store"), std::string::npos)
      << err;
  const auto at = err.find(" port=");
  ASSERT_NE(at, std::string::npos) << err;
  const int port = std::stoi(err.substr(at + 6));
  auto health = client_for("http://127.0.0.1:" + std::to_string(port)).get("/api/v1/health");
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ((*health)["status"], "ok");
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait(), 0);
  const std::string all = d.read_until("event=admin.stopped");
  EXPECT_NE(all.find("event=admin.stopping signal=SIGTERM"), std::string::npos) << all;
  EXPECT_NE(all.find("event=http.request method=GET path=/api/v1/health status=200"),
            std::string::npos);
}

}  // namespace
}  // namespace samtel::fw::admin
