#pragma once
// samtel/calls/sip_server.hpp — samteld's SIP core, independent of sockets and of the clock: the
// transports hand it each received message (it is a `Receiver`), a `Network` sends what it
// answers, `Timers` give it monotonic time and timeouts, a `Clock` the wall-clock instant that
// routing is decided by. The daemon wires it to Asio; tests and fuzzers wire it to memory.
//
// The path of a message: parse once (sip/message.hpp) -> admission (trust, rate, size) ->
// dispatch by method -> redirect (302, redirect.hpp) or a proxied call (proxy_call.hpp).
//
// Promises:
//  * `receive()` never throws and never crashes, whatever the bytes: malformed requests get 400
//    when they can be answered, anything else is dropped and counted.
//  * Only trusted peers (unit settings) may send requests; others get 403 and are counted.
//    Requests beyond a source's rate get 503 with Retry-After; oversized ones 513 (admission.hpp).
//  * A redirect's answer is sent once its call-log record is on the disk (or, with the unit's
//    durability "crash", once it is committed; see store/call_log.hpp); a retransmission arriving
//    before then is absorbed (the answer is on its way), in proxy mode's redirects too. While more
//    than `limits.max_log_backlog` records wait for their commit, new calls get 503 with
//    Retry-After (the exchange's own failover takes them) rather than queueing without bound.
//  * Redirect mode answers INVITE statelessly (RFC 3261 §8.2.7, §16.11 allows a stateless
//    redirect server) with 302 and the route plan's attempts as Contacts in order with falling
//    q-values, the fallback last; closed or nobody on duty: the fallback only, its message in a
//    Warning header. A retransmitted INVITE gets the same answer and the same To-tag, and the call
//    log gets one record.
//  * Proxy mode: see proxy_call.hpp.
//  * A request whose method it does not know gets 501 (RFC 3261 §8.2.1, RFC 4475 §3.1.1.2), a
//    Request-URI with a scheme other than sip, sips or tel gets 416 (§8.2.2.1, RFC 4475 §3.3.3).
//  * Routing is decided by samtel::route() at the instant the INVITE arrives, by the injected
//    clock. A clock before `clock_floor` is treated as unset: the call goes to the fallback and
//    a fault is raised.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>

#include "samtel/calls/admission.hpp"
#include "samtel/calls/counters.hpp"
#include "samtel/calls/proxy_call.hpp"
#include "samtel/calls/recent_invites.hpp"
#include "samtel/calls/timers.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/routing.hpp"
#include "samtel/sip/endpoint.hpp"
#include "samtel/sip/message.hpp"
#include "samtel/sip/responder.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

class SipServer final : public Receiver {
 public:
  // `self` is the address and port the unit listens on (for Via and Record-Route). `io` runs the
  // call log's completions; `call_log` may be null (nothing is recorded, answers go at once).
  SipServer(asio::io_context& io, Network& network, Endpoint self, const Clock& clock,
            Timers& timers, CallLog* call_log, Logger& log);
  ~SipServer() override;
  SipServer(const SipServer&) = delete;
  SipServer& operator=(const SipServer&) = delete;

  // Installs a schedule and unit settings (atomically; calls in progress keep theirs).
  void configure(std::shared_ptr<const Schedule> schedule, std::shared_ptr<const UnitConfig> unit);
  // Instants before this are taken as an unset clock.
  void set_clock_floor(Instant floor) { clock_floor_ = floor; }

  void receive(std::string_view bytes, const Endpoint& from) override;
  // Answered `code` (400 or 513) when it is a request from a trusted peer with the headers an
  // answer needs, else dropped; counted as malformed either way.
  void reject_stream(std::string_view head, const Endpoint& from, std::string_view reason,
                     int code) override;

  // Stop taking new calls (503); calls in progress go on.
  void drain() { draining_ = true; }
  // Calls ringing or connected (not those kept only for late retransmissions).
  std::size_t calls_in_progress() const { return proxy_.in_progress(); }
  std::size_t transactions() const { return proxy_.transactions(); }
  const Counters& counters() const { return counters_; }
  // The source of the last request refused as untrusted (for the daemon's summary line).
  const std::optional<asio::ip::address>& last_untrusted() const { return last_untrusted_; }

  // Raised when routing cannot be trusted (clock unset); cleared by the daemon.
  std::function<void(const std::string&)> on_fault;
  // Told when the number of calls in progress or their state changes (for the indicator).
  std::function<void()> on_activity;

 private:
  void handle_request(SipMessage msg, const Endpoint& from);
  void handle_invite(SipMessage msg, const Endpoint& from);
  void redirect(const SipMessage& invite, const Endpoint& from, const NumberMatch& match,
                const RoutePlan& plan, bool clock_fault, bool retransmission);

  asio::io_context& io_;
  Network& network_;
  Endpoint self_;
  const Clock& clock_;
  Timers& timers_;
  CallLog* call_log_;
  Logger& log_;
  Responder responder_;
  Admission admission_;
  std::shared_ptr<const Schedule> schedule_;
  std::shared_ptr<const UnitConfig> unit_;
  Instant clock_floor_{};
  bool draining_ = false;
  Counters counters_;
  std::optional<asio::ip::address> last_untrusted_;

  // INVITEs received recently, so retransmissions of redirected ones get the same answer and one
  // log record; an entry is `answered` once its 302 has left (after its record's commit or sync),
  // and a retransmission before that is absorbed, so no answer can precede its record. This holds
  // for a proxy line's redirects (closed, nobody on duty) too. A proxied call's entry is never
  // answered: a retransmission that outlived the call's server transaction is absorbed.
  RecentInvites recent_;
  ProxiedCalls proxy_;
  // Completions posted from the call log's writer thread check this before touching the server.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace samtel::fw
