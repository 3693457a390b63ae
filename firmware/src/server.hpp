#pragma once
// server.hpp — samteld's SIP core, independent of sockets: one method takes a received message,
// a `Network` sends what it answers. The daemon wires it to UDP and TCP sockets; tests and the
// fuzzer wire it to memory.
//
// Promises:
//  * `receive()` never throws and never crashes, whatever the bytes: malformed requests get 400
//    when they can be answered, anything else is dropped and counted.
//  * Only trusted peers (unit settings) may send requests; others get 403 and are counted.
//    Requests beyond a source's rate get 503 with Retry-After; oversized ones 513.
//  * A redirect's answer is sent once its call-log record is on the disk (or, with the unit's
//    durability "crash", once it is committed; see call_log.hpp); a
//    retransmission arriving before then is absorbed (the answer is on its way). While more than
//    `limits.max_log_backlog` records wait for their commit, new calls get 503 with Retry-After
//    (the exchange's own failover takes them) rather than queueing without bound.
//  * Redirect mode answers INVITE statelessly (RFC 3261 §8.2.7, §16.11 allows a stateless
//    redirect server) with 302 and the route plan's attempts as Contacts in order with falling
//    q-values, the fallback last; closed or nobody on duty: the fallback only, its message in a
//    Warning header. A retransmitted INVITE gets the same answer and the same To-tag, and the call
//    log gets one record.
//  * Proxy mode is a stateful proxy with sequential forking (oSIP transactions, RFC 3261 timers):
//    100 Trying at once, each attempt rung for its ring timeout on the monotonic clock (Asio's
//    steady_timer: a wall-clock step neither fires nor skips an escalation), 486/480/603/408 and
//    other failures move to the next attempt, a 2xx ends the search, after the last attempt the
//    caller is redirected (302) to the fallback. Record-Route keeps the unit on the path, so it
//    sees ACK and BYE and logs the call's duration. A CANCEL from the caller stops everything.
//  * Routing is decided by samtel::route() at the instant the INVITE arrives, by the injected
//    clock. A clock before `clock_floor` is treated as unset: the call goes to the fallback and
//    a fault is raised.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/steady_timer.hpp>

#include "call_log.hpp"
#include "log.hpp"
#include "recent_invites.hpp"
#include "samtel/routing.hpp"
#include "sip.hpp"
#include "unit.hpp"

struct osip;
struct osip_transaction;

namespace samtel::fw {

enum class Transport { udp, tcp };

struct Endpoint {
  Transport transport = Transport::udp;
  asio::ip::address address;
  std::uint16_t port = 0;
  std::uint64_t connection = 0;  // TCP: which accepted connection; 0 = open a new one / UDP
};
std::string to_string(const Endpoint& e);

class Network {
 public:
  virtual ~Network() = default;
  virtual void send(const Endpoint& to, std::string bytes) = 0;
};

struct Counters {
  std::uint64_t received = 0, malformed = 0, untrusted = 0, rate_limited = 0, oversized = 0;
  std::uint64_t invites = 0, retransmissions = 0, redirected = 0, proxied = 0, answered = 0;
  std::uint64_t fallbacks = 0, closed = 0, caller_gave_up = 0, not_found = 0, options = 0;
  std::uint64_t clock_faults = 0, log_behind = 0;
};

class SipServer {
 public:
  // `self` is the address and port the unit listens on (for Via and Record-Route).
  SipServer(asio::io_context& io, Network& network, Endpoint self, const Clock& clock,
            CallLog* call_log, Logger& log);
  ~SipServer();
  SipServer(const SipServer&) = delete;
  SipServer& operator=(const SipServer&) = delete;

  // Installs a schedule and unit settings (atomically; calls in progress keep theirs).
  void configure(std::shared_ptr<const Schedule> schedule, std::shared_ptr<const UnitConfig> unit);
  // Instants before this are taken as an unset clock.
  void set_clock_floor(Instant floor) { clock_floor_ = floor; }

  // One complete SIP message from `from`.
  void receive(std::string_view bytes, const Endpoint& from);
  // The header block of a message a stream transport could not frame (`reason`, e.g. "bad
  // Content-Length"): answered `code` (400 or 513) when it is a request from a trusted peer
  // with the headers an answer needs, else dropped; counted as malformed either way.
  void reject_stream(std::string_view head, const Endpoint& from, std::string_view reason, int code);

  // Stop taking new calls (503); calls in progress go on.
  void drain() { draining_ = true; }
  // Calls ringing or connected (not those kept only for late retransmissions).
  std::size_t calls_in_progress() const;
  std::size_t transactions() const;
  const Counters& counters() const { return counters_; }
  // The source of the last request refused as untrusted (for the daemon's summary line).
  const std::optional<asio::ip::address>& last_untrusted() const { return last_untrusted_; }

  // Raised when routing cannot be trusted (clock unset); cleared by the daemon.
  std::function<void(const std::string&)> on_fault;
  // Told when the number of calls in progress or their state changes (for the indicator).
  std::function<void()> on_activity;

 private:
  struct Call;
  struct TxContext;

  void handle_request(Message msg, const Endpoint& from, std::string_view raw);
  void handle_response(Message msg, const Endpoint& from);
  void handle_invite(Message msg, const Endpoint& from);
  void redirect(const osip_message_t& invite, const Endpoint& from, const NumberMatch& match,
                const RoutePlan& plan, bool clock_fault, bool retransmission, std::uint64_t key);
  void start_proxy(Message msg, const Endpoint& from, const NumberMatch& match, RoutePlan plan,
                   bool clock_fault);
  void ring_next(Call& call);
  void on_ring_timeout(std::uint64_t call_id, std::size_t attempt);
  void cancel_branch(osip_transaction* ict);
  void finish_search_with_fallback(Call& call, std::string_view why);
  void end_call(std::uint64_t id);
  void forward_stateless_request(Message msg, const Endpoint& from, Call& call);
  void forward_stateless_response(Message msg);

  void reply(const osip_message_t& req, const Endpoint& to, int code, std::string_view reason = {},
             const std::vector<std::pair<const char*, std::string>>& headers = {});
  void send_message(const osip_message_t& m, const Endpoint& to);
  std::optional<Endpoint> target_of(const std::string& uri, const LineSettings& line) const;
  std::string new_branch();
  std::string tag_for(const osip_message_t& req) const;
  Instant now() const { return clock_.now(); }

  // oSIP plumbing.
  static int osip_send(osip_transaction* tr, osip_message_t* msg, char* host, int port, int sock);
  static void osip_message_event(int type, osip_transaction* tr, osip_message_t* msg);
  static void osip_kill(int type, osip_transaction* tr);
  static void osip_transport_error(int type, osip_transaction* tr, int error);
  void pump();
  void schedule_timers();
  void on_client_response(osip_transaction* tr, osip_message_t* msg);
  void on_client_timeout(osip_transaction* tr);
  void self_log_late_answer(std::uint64_t id);

  asio::io_context& io_;
  Network& network_;
  Endpoint self_;
  const Clock& clock_;
  CallLog* call_log_;
  Logger& log_;
  std::shared_ptr<const Schedule> schedule_;
  std::shared_ptr<const UnitConfig> unit_;
  Instant clock_floor_{};
  bool draining_ = false;
  Counters counters_;
  std::optional<asio::ip::address> last_untrusted_;
  RateLimiter rate_;
  std::uint64_t next_id_ = 1, branch_counter_ = 0;
  std::string instance_;  // random per start, part of branches and tags

  // Redirect mode: INVITEs answered recently, so retransmissions get the same answer and one log
  // record; an entry is `answered` once its 302 has left (after its record's commit or sync), and
  // a retransmission before that is absorbed, so no answer can precede its record.
  RecentInvites recent_;

  // Proxy mode.
  osip* osip_ = nullptr;
  std::map<std::uint64_t, std::unique_ptr<Call>> calls_;
  std::size_t active_calls_ = 0;  // calls_ not yet ended (ringing or answered)
  std::unordered_map<std::string, std::uint64_t> calls_by_call_id_;
  std::vector<osip_transaction*> dead_;
  // Client transactions alive, and those abandoned (rung out, CANCEL sent) with the time by which
  // they are freed even if the callee never sends a final response (a proxy's Timer C).
  std::unordered_map<osip_transaction*, std::chrono::steady_clock::time_point> live_, abandoned_;
  void abandon(osip_transaction* tr);
  void reap_abandoned();
  asio::steady_timer osip_timer_;
  bool pumping_ = false;
  // Completions posted from the call log's writer thread check this before touching the server.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace samtel::fw
