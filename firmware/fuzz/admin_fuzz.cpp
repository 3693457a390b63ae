// libFuzzer target: the admin service's API layer (samtel/admin/service.hpp) with arbitrary
// requests: method, path, Content-Type, Authorization and body, from a peer on loopback, against
// in-memory accounts (a viewer, a scheduler and an administrator) and, besides the service's own
// resources, three handlers of the kinds to come: one taking a JSON body that it validates, one
// reading a path parameter, one for administrators only.
//
// Input (tests/firmware/admin-corpus/README.md): byte 0 chooses the method (low 3 bits: GET,
// HEAD, POST, PUT, PATCH, DELETE, or a token the service does not know), whether to send a live
// token (bit 3) and whose (bits 4-5), and whether the peer is ::1 (bit 6); the rest is path,
// Content-Type, Authorization and body, separated by NUL bytes. The monotonic clock moves 100 ms
// an input, so the rate limit and the login throttle both come and go.
//
// With bit 7 of byte 0 set, the request goes instead to the service over a real schedule store (a
// temporary SQLite file holding docs/examples/st-olavs.json), and bit 3, then bits 1-2, choose
// what the rest of the input is:
//   bit 3 set: the body of a roster import (POST /api/v1/sites/st-olavs/roster-import) with an
//      administrator's token, so files reach the roster file readers and the import's change;
//   else bits 1-2:
//   0  the body of a change (bit 0 set) or a preview (bit 0 clear) to site st-olavs, with an
//      administrator's token, so bodies reach parse_change(), apply_change(), the preview and the
//      store's publication;
//   1  the body of POST /api/v1/feeds, with a scheduler's token (bit 0 set) or an
//      administrator's;
//   2  what follows /feeds/ in a calendar's secret URL, fetched (bit 0 clear; an empty rest
//      fetches a live feed made at the start) or revoked (bit 0 set), with no token;
//   3  the site of GET /api/v1/feeds?site= (bit 0 clear, an administrator) or the id of DELETE
//      /api/v1/feeds/{id} (bit 0 set, a scheduler).
// And with bit 6 set (before bit 3), deviation candidates over a call log of a few calls: bit 0
// set, PUT /api/v1/sites/st-olavs/deviations/{key}/review with the key, then the body, separated by
// a NUL (a scheduler); bit 0 clear, GET /api/v1/sites/st-olavs/deviations with from, to and status
// separated by NULs (an administrator; an empty field is left out).
//
// Findings, besides crashes, leaks and undefined behaviour: a 500 (an exception escaped a
// handler), a status the service does not document, an error body not in the one shape (or with
// a message of more than one line; a roster file's 400 has its "problems" beside the error), a 405
// without Allow, a 401 without WWW-Authenticate, a 429
// without Retry-After, a body that is not valid UTF-8 JSON, a text answer without its media type.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <stdlib.h>

#include "samtel/admin/memory_accounts.hpp"
#include "samtel/admin/schedule_resources.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/admin/store_accounts.hpp"
#include "samtel/json_check.hpp"
#include "samtel/store/call_log.hpp"

namespace {

using namespace samtel;
using namespace samtel::fw::admin;
// Access roles, not the roster's duty roles (samtel::Role).
using samtel::fw::admin::Role;

void check(bool ok, const char* what, const ApiResponse& r) {
  if (ok) return;
  std::fprintf(stderr, "admin_fuzz: violated: %s (status %d)\n", what, r.status);
  std::abort();
}

ApiResponse bad_request(const JsonChecker& c) {
  const JsonProblem& p = c.problems().front();
  return error_response(400, p.message, p.pointer);
}

struct World {
  ManualClock clock{Instant{std::chrono::hours(24 * 20522)}};
  ManualMonotonicClock mono;
  InMemoryAccounts accounts{clock};
  AdminService service{accounts, mono};
  const User users[3] = {
      {"ola", Role::viewer}, {"kari", Role::scheduler}, {"per", Role::administrator}};

  World() {
    for (const User& u : users) accounts.add_user(u.name, "pw-" + u.name, u.role);
    Router& router = service.router();
    // A rota's change: the body validated field by field, as the resources to come will.
    router.add(Method::put, "/api/v1/rotas/{id}", {.role = Role::scheduler, .json_body = true},
               [](const Call& call) {
                 JsonChecker c;
                 if (c.object(call.body, "", {"start", "end", "comment"})) {
                   c.text(call.body, "", "start", true);
                   c.text(call.body, "", "end", true);
                   c.text(call.body, "", "comment", false, false);
                 }
                 if (!c.ok()) return bad_request(c);
                 ApiResponse r;
                 r.body = {{"rota", call.params.at("id").size()}, {"changed", true}};
                 return r;
               });
    // A version by number: 400 for a path parameter that is not one, 404 for one not there.
    router.add(Method::get, "/api/v1/versions/{id}", {.role = Role::viewer, .json_body = false},
               [](const Call& call) {
                 const std::string& id = call.params.at("id");
                 if (id.empty() || id.size() > 9 || id.find_first_not_of("0123456789") != id.npos)
                   return error_response(400,
                                         "the version must be a number, not " + quote_value(id));
                 if (std::stol(id) != 1) return error_response(404, "no version " + id);
                 ApiResponse r;
                 r.body = {{"id", 1}};
                 return r;
               });
    router.add(Method::delete_, "/api/v1/users/{name}",
               {.role = Role::administrator, .json_body = false}, [](const Call&) {
                 ApiResponse r;
                 r.status = 204;
                 return r;
               });
  }
};

// The service over a schedule store in a temporary directory, with one administrator signed in.
struct StoreWorld {
  ManualClock clock{Instant{std::chrono::hours(24 * 20522)}};
  ManualMonotonicClock mono;
  std::unique_ptr<SharedStore> shared;
  std::unique_ptr<StoreAccounts> accounts;
  std::unique_ptr<AdminService> service;
  std::string token;            // per, an administrator
  std::string scheduler_token;  // kari
  std::string feed_url;         // a live calendar feed of vik's, "/feeds/<token>.ics"

  // Three calls in December 2026 that make deviation candidates: two with nobody on duty, one
  // answered late.
  static bool write_call_log(const std::string& path) {
    auto log = fw::CallLog::open(path);
    if (!log) return false;
    const std::pair<const char*, CallOutcome> calls[] = {
        {"2026-12-01T09:00:00Z", CallOutcome::gap},
        {"2026-12-01T09:05:00Z", CallOutcome::gap},
        {"2026-12-02T10:00:00Z", CallOutcome::answered}};
    int n = 0;
    for (const auto& [arrived, outcome] : calls) {
      CallRecord c;
      c.call_id = "fuzz-" + std::to_string(++n) + "@127.0.0.1";
      c.arrived = parse_utc(arrived).value_or(Instant{});
      c.line = "73553888";
      c.desk = "medisin";
      c.caller = "********0" + std::to_string(n);
      c.open = true;
      c.outcome = outcome;
      if (outcome == CallOutcome::answered) c.wait_ms = 90000;
      (*log)->append(c);
    }
    (*log)->close();
    return true;
  }

  StoreWorld() {
    std::string dir = "/tmp/samtel-admin-fuzz-XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) return;
    std::ifstream in(SAMTEL_SOURCE_DIR "/docs/examples/st-olavs.json");
    std::ostringstream site;
    site << in.rdbuf();
    auto store = fw::store::ScheduleStore::open(
        dir + "/schedule.db", clock, {.password_cost = fw::store::PasswordCost::minimum});
    if (!store || !store->initialise(site.str(), {"root", "fuzz"}, "seed") ||
        !store->add_user("per", Role::administrator, "correct horse battery", {"root", "fuzz"}) ||
        !store->add_user("kari", Role::scheduler, "correct horse battery", {"root", "fuzz"})) {
      return;
    }
    if (!write_call_log(dir + "/calls.db")) return;
    shared = std::make_unique<SharedStore>(std::move(*store));
    accounts = std::make_unique<StoreAccounts>(*shared, clock);
    ServiceSettings settings;
    settings.requests_per_second = 1e6;
    settings.request_burst = 1e6;
    service = std::make_unique<AdminService>(*accounts, mono, settings);
    add_schedule_resources(service->router(),
                           {.store = *shared, .wall = clock, .call_log = dir + "/calls.db"});
    token = accounts->start_session({"per", Role::administrator}, std::chrono::hours(24 * 365))
                .value_or("");
    scheduler_token =
        accounts->start_session({"kari", Role::scheduler}, std::chrono::hours(24 * 365))
            .value_or("");
    const ApiResponse made = service->handle({.method = Method::post,
                                              .path = "/api/v1/feeds",
                                              .content_type = "application/json",
                                              .authorization = "Bearer " + scheduler_token,
                                              .body = R"({"site": "st-olavs", "person": "vik"})",
                                              .source = "127.0.0.1"});
    if (made.status == 201) feed_url = made.body.value("url", "");
  }
};

std::string_view field(std::string_view& rest) {
  const auto nul = rest.find('\0');
  const std::string_view f = rest.substr(0, nul);
  rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
  return f;
}

void check_answer(const ApiResponse& r) {
  check(r.status != 500, "an exception escaped a handler", r);
  check(is_documented_status(r.status), "a status the service does not document", r);
  std::string text;
  try {
    text = r.body.dump();  // strict: throws on text that is not UTF-8
  } catch (const std::exception&) {
    check(false, "a body that is not valid UTF-8", r);
  }
  if (r.status == 204) check(r.body.is_null(), "a body with 204", r);
  if (r.text) check(!r.content_type.empty(), "a text answer without its media type", r);
  if (r.status < 400) return;
  const auto& e = r.body.is_object() ? r.body.value("error", nlohmann::json()) : nlohmann::json();
  // A 409 for a stale base also says which version is current, next to the error.
  const bool current = r.status == 409 && r.body.size() == 2 && r.body.contains("current") &&
                       r.body["current"].is_number_integer();
  // A roster file's problems, each with its line, column and message, next to the error.
  const bool problems = r.status == 400 && r.body.size() == 2 && r.body.contains("problems") &&
                        r.body["problems"].is_array();
  if (problems) {
    for (const auto& p : r.body["problems"]) {
      const bool shape = p.is_object() && p.size() == 3 && p.contains("line") &&
                         p.contains("column") && p.contains("message") &&
                         p["line"].is_number_unsigned() && p["column"].is_string() &&
                         p["message"].is_string();
      check(shape, "a roster file's problem not {line, column, message}", r);
      check(p["message"].get<std::string>().find('\n') == std::string::npos,
            "a roster file's problem of more than one line", r);
    }
  }
  check(e.is_object() && (r.body.size() == 1 || current || problems),
        "an error body not in the one shape", r);
  check(e.value("status", 0) == r.status, "the error's status is not the answer's", r);
  const auto message = e.value("message", std::string());
  check(!message.empty() && message.find('\n') == std::string::npos,
        "an error message empty or of more than one line", r);
  check(e.size() == 2 || (e.size() == 3 && e.contains("pointer") && e["pointer"].is_string() &&
                          !e["pointer"].get<std::string>().empty()),
        "an error with members besides status, message and a pointer", r);
  if (r.status == 405) check(!r.header("Allow").empty(), "a 405 without Allow", r);
  if (r.status == 401) check(!r.header("WWW-Authenticate").empty(), "a 401 without a challenge", r);
  if (r.status == 429) check(!r.header("Retry-After").empty(), "a 429 without Retry-After", r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  world.mono.advance(std::chrono::milliseconds(100));
  if (size == 0) return 0;
  const std::uint8_t head = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  if ((head & 0x80) != 0) {
    static StoreWorld store_world;
    if (!store_world.service || store_world.token.empty() || store_world.feed_url.empty()) {
      return 0;
    }
    const bool bit0 = (head & 1) != 0;
    const std::string administrator = "Bearer " + store_world.token;
    const std::string scheduler = "Bearer " + store_world.scheduler_token;
    ApiRequest request;
    request.source = "127.0.0.1";
    if ((head & 0x40) != 0) {
      if (bit0) {
        request.method = Method::put;
        request.path = "/api/v1/sites/st-olavs/deviations/" + std::string(field(rest)) + "/review";
        request.content_type = "application/json";
        request.authorization = scheduler;
        request.body = std::string(rest);
      } else {
        request.method = Method::get;
        request.path = "/api/v1/sites/st-olavs/deviations";
        request.authorization = administrator;
        for (const char* name : {"from", "to", "status"}) {
          const std::string_view value = field(rest);
          if (!value.empty()) request.query.emplace(name, std::string(value));
        }
      }
      check_answer(store_world.service->handle(request));
      return 0;
    }
    if ((head & 8) != 0) {
      request.method = Method::post;
      request.path = "/api/v1/sites/st-olavs/roster-import";
      request.content_type = "application/json";
      request.authorization = administrator;
      request.body = std::string(rest);
      check_answer(store_world.service->handle(request));
      return 0;
    }
    switch ((head >> 1) & 3u) {
      case 0:
        request.method = Method::post;
        request.path = bit0 ? "/api/v1/sites/st-olavs/changes" : "/api/v1/sites/st-olavs/preview";
        request.content_type = "application/json";
        request.authorization = administrator;
        request.body = std::string(rest);
        break;
      case 1:
        request.method = Method::post;
        request.path = "/api/v1/feeds";
        request.content_type = "application/json";
        request.authorization = bit0 ? scheduler : administrator;
        request.body = std::string(rest);
        break;
      case 2:
        request.method = bit0 ? Method::delete_ : Method::get;
        request.path = !bit0 && rest.empty() ? store_world.feed_url : "/feeds/" + std::string(rest);
        break;
      default:
        request.method = bit0 ? Method::delete_ : Method::get;
        request.path = bit0 ? "/api/v1/feeds/" + std::string(rest) : "/api/v1/feeds";
        if (!bit0) request.query.emplace("site", std::string(rest));
        request.authorization = bit0 ? scheduler : administrator;
        break;
    }
    check_answer(store_world.service->handle(request));
    return 0;
  }

  ApiRequest request;
  const unsigned m = head & 7u;
  const std::string_view path = field(rest);
  request.path = std::string(path);
  request.content_type = std::string(field(rest));
  request.authorization = std::string(field(rest));
  request.body = std::string(rest);
  request.source = (head & 0x40) != 0 ? "::1" : "127.0.0.1";

  std::string token;
  if ((head & 8) != 0) {
    const User& who = world.users[((head >> 4) & 3u) % 3];
    token = world.accounts.start_session(who, std::chrono::hours(1)).value();
    request.authorization = "Bearer " + token;
  }
  ApiResponse answer;
  if (m < 6) {
    request.method = static_cast<Method>(m);
    answer = world.service.handle(request);
  } else {
    // What the HTTP glue answers for a method it does not know.
    answer = not_implemented(request.content_type);
  }
  check_answer(answer);
  if (!token.empty()) world.accounts.end_session(token);
  // Tokens from sign-ins in the input are ended too, so memory stays bounded.
  if (answer.status == 201 && answer.body.contains("token"))
    world.accounts.end_session(answer.body["token"].get<std::string>());
  return 0;
}
