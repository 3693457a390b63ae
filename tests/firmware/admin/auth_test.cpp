// Who is calling: bearer tokens, 401 without or with an unknown or expired token (the wall clock
// moved by hand), 403 when the role is too low, and the in-memory accounts behind the seam.
#include "samtel/admin/auth.hpp"

#include <gtest/gtest.h>

#include "samtel/admin/memory_accounts.hpp"

namespace samtel::fw::admin {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Instant kT0 = Instant{date::sys_days{date::year{2026} / 3 / 10}} + hours(9);

ApiRequest with_header(std::string authorization) {
  ApiRequest r;
  r.authorization = std::move(authorization);
  return r;
}

TEST(BearerToken, ReadsOnlyTheBearerScheme) {
  struct Case {
    const char* header;
    std::optional<std::string_view> token;
  };
  const Case cases[] = {
      {"Bearer abc123", "abc123"},
      {"bearer abc123", "abc123"},
      {"BEARER  abc-._~+/123==", "abc-._~+/123=="},
      {"Bearer abc ", "abc"},
      {"", std::nullopt},
      {"Bearer", std::nullopt},
      {"Bearer ", std::nullopt},
      {"Bearerabc", std::nullopt},
      {"Basic a2FyaTp4", std::nullopt},
      {"Bearer a b", std::nullopt},
      {"Bearer ===", std::nullopt},
      {"Bearer ab=c", std::nullopt},
      {"Bearer abc\n", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(bearer_token(c.header), c.token) << c.header;
}

class Authorize : public ::testing::Test {
 protected:
  ManualClock clock_{kT0};
  InMemoryAccounts accounts_{clock_};

  std::string sign_in(const std::string& name, Role role, seconds ttl = hours(8)) {
    accounts_.add_user(name, "pw-" + name, role);
    auto user = accounts_.authenticate(name, "pw-" + name, "127.0.0.1");
    EXPECT_TRUE(user);
    auto token = accounts_.start_session(*user, ttl);
    EXPECT_TRUE(token);
    return "Bearer " + *token;
  }
};

TEST_F(Authorize, NoTokenIs401WithAChallenge) {
  auto r = authorize(accounts_, with_header(""), Role::viewer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().header("WWW-Authenticate"), R"(Bearer realm="samtel")");
  EXPECT_EQ(r.error().body["error"]["message"],
            "sign in first: this needs a bearer token (POST /api/v1/session)");

  auto basic = authorize(accounts_, with_header("Basic a2FyaTp4"), Role::viewer);
  ASSERT_FALSE(basic);
  EXPECT_EQ(basic.error().status, 401);
  EXPECT_EQ(basic.error().header("WWW-Authenticate"),
            R"(Bearer realm="samtel", error="invalid_token")");
}

TEST_F(Authorize, UnknownTokenIs401) {
  sign_in("kari", Role::administrator);
  auto r = authorize(accounts_, with_header("Bearer 0123456789abcdef"), Role::viewer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().header("WWW-Authenticate"),
            R"(Bearer realm="samtel", error="invalid_token")");
  EXPECT_EQ(r.error().body["error"]["message"],
            "the token is unknown, ended or expired; sign in again");
}

TEST_F(Authorize, ExpiredTokenIs401AtTheExpiryNotBefore) {
  const std::string header = sign_in("kari", Role::viewer, seconds(600));
  clock_.advance(seconds(599));
  auto before = authorize(accounts_, with_header(header), Role::viewer);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->user, "kari");
  EXPECT_EQ(before->expires, kT0 + seconds(600));
  clock_.advance(seconds(1));
  auto at = authorize(accounts_, with_header(header), Role::viewer);
  ASSERT_FALSE(at);
  EXPECT_EQ(at.error().status, 401);
  EXPECT_EQ(accounts_.sessions(), 0u);  // forgotten once seen expired
}

TEST_F(Authorize, RoleTooLowIs403) {
  const std::string viewer = sign_in("ola", Role::viewer);
  const std::string scheduler = sign_in("kari", Role::scheduler);
  const std::string admin = sign_in("per", Role::administrator);
  struct Case {
    const std::string* header;
    Role needed;
    int status;  // 0: let through
  };
  const Case cases[] = {
      {&viewer, Role::viewer, 0},          {&viewer, Role::scheduler, 403},
      {&viewer, Role::administrator, 403}, {&scheduler, Role::viewer, 0},
      {&scheduler, Role::scheduler, 0},    {&scheduler, Role::administrator, 403},
      {&admin, Role::viewer, 0},           {&admin, Role::scheduler, 0},
      {&admin, Role::administrator, 0},
  };
  for (const Case& c : cases) {
    auto r = authorize(accounts_, with_header(*c.header), c.needed);
    EXPECT_EQ(r ? 0 : r.error().status, c.status) << *c.header << " " << to_string(c.needed);
  }
  auto refused = authorize(accounts_, with_header(viewer), Role::administrator);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().body["error"]["message"],
            "this needs the role administrator; 'ola' has the role viewer");
}

TEST_F(Authorize, AccountsUnavailableIs503) {
  const std::string header = sign_in("kari", Role::viewer);
  accounts_.set_unavailable(true);
  auto r = authorize(accounts_, with_header(header), Role::viewer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 503);
}

TEST(SessionCookie, ReadsOnlyItsOwnCookieOfTokenCharacters) {
  EXPECT_EQ(session_cookie("samtel_session=abc123"), "abc123");
  EXPECT_EQ(session_cookie("lang=nb; samtel_session=abc123; theme=dark"), "abc123");
  EXPECT_EQ(session_cookie("lang=nb;samtel_session=abc123"), "abc123");
  EXPECT_EQ(session_cookie("xsamtel_session=abc123"), std::nullopt);
  EXPECT_EQ(session_cookie("samtel_session=a b"), std::nullopt);
  EXPECT_EQ(session_cookie("samtel_session="), std::nullopt);
  EXPECT_EQ(session_cookie(""), std::nullopt);
  EXPECT_EQ(session_cookie_header("abc", seconds(28800)),
            "samtel_session=abc; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(session_cookie_header("", seconds(0)),
            "samtel_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
}

TEST(CsrfToken, IsFixedPerSessionAndDiffersBetweenSessions) {
  const std::string a = csrf_token("0123456789abcdef");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(csrf_token("0123456789abcdef"), a);
  EXPECT_NE(csrf_token("0123456789abcdeF"), a);
  EXPECT_NE(a, "0123456789abcdef");
}

TEST_F(Authorize, CookieReadsAndChangesOnlyWithItsCsrfToken) {
  const std::string token = sign_in("kari", Role::scheduler).substr(7);
  ApiRequest read;
  read.method = Method::get;
  read.cookie = "lang=nb; samtel_session=" + token;
  auto r = authorize(accounts_, read, Role::viewer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "kari");

  ApiRequest change = read;
  change.method = Method::post;
  auto without = authorize(accounts_, change, Role::scheduler);
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().status, 403);
  EXPECT_EQ(without.error().body["error"]["message"],
            "a change from the web page must carry its CSRF token (X-CSRF-Token); reload the page");
  change.csrf = csrf_token(token + "0");
  auto wrong = authorize(accounts_, change, Role::scheduler);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().status, 403);
  EXPECT_EQ(wrong.error().body["error"]["message"],
            "the CSRF token (X-CSRF-Token) is not this session's; reload the page");
  change.csrf = csrf_token(token);
  EXPECT_TRUE(authorize(accounts_, change, Role::scheduler));
  change.method = Method::delete_;
  EXPECT_TRUE(authorize(accounts_, change, Role::scheduler));

  // A bearer token needs no CSRF token (a browser never sends one by itself), and it wins.
  ApiRequest bearer = with_header("Bearer " + token);
  bearer.method = Method::post;
  bearer.cookie = "samtel_session=0123456789abcdef";
  EXPECT_TRUE(authorize(accounts_, bearer, Role::scheduler));

  // An unknown cookie is 401, before the CSRF token is looked at.
  ApiRequest stale;
  stale.method = Method::post;
  stale.cookie = "samtel_session=0123456789abcdef";
  auto unknown = authorize(accounts_, stale, Role::viewer);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status, 401);
}

TEST(AuthFailure, EachKindHasItsAnswer) {
  EXPECT_EQ(auth_failure({AuthError::Kind::bad_credentials, "", {}}).status, 401);
  EXPECT_EQ(auth_failure({AuthError::Kind::no_session, "", {}}).status, 401);
  const ApiResponse locked = auth_failure({AuthError::Kind::locked, "", seconds(900)});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.header("Retry-After"), "900");
  EXPECT_EQ(auth_failure({AuthError::Kind::locked, "", {}}).header("Retry-After"), "60");
  EXPECT_EQ(auth_failure({AuthError::Kind::unavailable, "", {}}).status, 503);
}

TEST(InMemoryAccounts, StartsEmptyAndChecksPasswords) {
  ManualClock clock(kT0);
  InMemoryAccounts accounts(clock);
  // No default accounts, ever.
  for (const char* name : {"admin", "root", "samtel", ""}) {
    for (const char* password : {"admin", "", "samtel", "password"}) {
      auto r = accounts.authenticate(name, password, "127.0.0.1");
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().kind, AuthError::Kind::bad_credentials);
    }
  }
  accounts.add_user("kari", "correct horse", Role::scheduler);
  EXPECT_FALSE(accounts.authenticate("kari", "correct hors", "127.0.0.1"));
  EXPECT_FALSE(accounts.authenticate("kari", "correct horse ", "127.0.0.1"));
  EXPECT_FALSE(accounts.authenticate("Kari", "correct horse", "127.0.0.1"));
  auto ok = accounts.authenticate("kari", "correct horse", "127.0.0.1");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->role, Role::scheduler);

  auto a = accounts.start_session(*ok, hours(1));
  auto b = accounts.start_session(*ok, hours(1));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(bearer_token("Bearer " + *a));
  accounts.end_session(*a);
  EXPECT_FALSE(accounts.session(*a));
  EXPECT_TRUE(accounts.session(*b));
  accounts.end_session("never issued");

  accounts.lock("kari", seconds(300));
  auto locked = accounts.authenticate("kari", "correct horse", "127.0.0.1");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, AuthError::Kind::locked);
  EXPECT_EQ(locked.error().retry_after, seconds(300));
}

}  // namespace
}  // namespace samtel::fw::admin
