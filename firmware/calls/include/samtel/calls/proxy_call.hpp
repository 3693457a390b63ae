#pragma once
// samtel/calls/proxy_call.hpp — proxy mode: the unit rings the people on duty itself, one after
// the other (sequential forking, RFC 3261 §16), and sends the caller to the fallback when nobody
// answers. One state machine per call: ringing -> answered -> ended, or ringing -> ended.
//
// Promises:
//  * 100 Trying at once. Each attempt is rung for its ring timeout on the injected monotonic
//    `Timers` (a wall-clock step neither fires nor skips an escalation); 486/480/603/408 and other
//    failures, and a branch that cannot be reached, move to the next attempt at once; a 2xx ends
//    the search and is passed to the caller, also from a branch given up at its ring timeout
//    whose person picked up as the CANCEL crossed (the branch rung meanwhile is cancelled). After
//    the last attempt, or when the call set-up limit (`limits.max_call_setup`) passes, the caller
//    gets a 302 to the fallback with its message.
//  * A CANCEL from the caller stops everything: 200 to the CANCEL, CANCEL to the ringing branch,
//    487 to the INVITE, the record's outcome `caller-gave-up`. A CANCEL that matches no ringing
//    call gets 481.
//  * Record-Route keeps the unit on the path, so ACK, BYE and re-INVITEs of an answered call pass
//    through it (statelessly, RFC 3261 §16.11); a BYE from either side ends the call and its
//    record gets its duration. The dialog is kept 32 s after the BYE for retransmissions, holding
//    only what they need.
//  * A retransmitted INVITE never starts a second call, even after its server transaction has
//    ended with the 2xx; another INVITE with the Call-ID of a call in progress gets 482.
//  * Exactly one call-log record per call: at the BYE of an answered call; at the end of the
//    search for one that went to the fallback; at the CANCEL of one the caller gave up.
//  * A call keeps the schedule, unit settings and route plan it started with, whatever is
//    reloaded meanwhile. Calls are found by id, never by a pointer that may dangle.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "samtel/call_record.hpp"
#include "samtel/calls/counters.hpp"
#include "samtel/calls/timers.hpp"
#include "samtel/calls/transactions.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/routing.hpp"
#include "samtel/sip/responder.hpp"
#include "samtel/store/call_log.hpp"
#include "samtel/unit/settings.hpp"

namespace samtel::fw {

class ProxiedCalls final : public TransactionUser {
 public:
  // `self`: the unit's address and port (Via and Record-Route); `call_log` may be null.
  ProxiedCalls(Responder& responder, Timers& timers, const Clock& clock, CallLog* call_log,
               Endpoint self, Counters& counters, Logger& log);
  ~ProxiedCalls() override;
  ProxiedCalls(const ProxiedCalls&) = delete;
  ProxiedCalls& operator=(const ProxiedCalls&) = delete;

  // A retransmitted INVITE, ACK to a non-2xx or response goes to its transaction; the message
  // comes back when it belongs to none.
  std::optional<SipMessage> feed(SipMessage message) {
    return transactions_.feed(std::move(message));
  }

  // What an INVITE without a To-tag that no server transaction took is to the calls here:
  //  * `retransmission`: of the INVITE of a call whose server transaction has ended (its 2xx
  //    crossed the retransmission; the 2xx is the callee's to repeat): to be absorbed.
  //  * `merged`: another INVITE with the Call-ID of a call in progress (the same request reaching
  //    the unit by another path, RFC 3261 §8.2.2.2): to be answered 482, the call left alone.
  //  * `none`: a new call.
  enum class Known : std::uint8_t { none, retransmission, merged };
  Known known(const SipMessage& invite) const;

  // A new call to proxy, routed by `plan` (with at least one attempt). Takes `invite` and returns
  // true; returns false, with `invite` untouched and unanswered, when its server transaction
  // cannot be created.
  bool start(SipMessage&& invite, const Endpoint& from, const NumberMatch& match, RoutePlan plan,
             std::shared_ptr<const Schedule> schedule, std::shared_ptr<const UnitConfig> unit);

  void on_ack(SipMessage ack, const Endpoint& from);
  void on_cancel(SipMessage cancel, const Endpoint& from);
  void on_bye(SipMessage bye, const Endpoint& from);
  void on_reinvite(SipMessage invite, const Endpoint& from);
  // A response no transaction took: passed on if it answers a request this unit forwarded.
  void on_response(SipMessage response);

  std::size_t in_progress() const { return active_; }  // ringing or answered
  // No call (not even one kept for late retransmissions) and no transaction: an ACK can only be
  // the end of a redirect's transaction, absorbed without a look.
  bool idle() const { return calls_.empty() && transactions_.size() == 0; }
  std::size_t transactions() const { return transactions_.size(); }

  // Told when calls start, are answered or end (for the front panel).
  std::function<void()> on_activity;

 private:
  struct Call;
  void on_client_response(osip_transaction* tr, const TxContext& ctx,
                          const osip_message_t& message) override;
  void on_client_timeout(osip_transaction* tr, const TxContext& ctx) override;
  void on_transaction_gone(osip_transaction* tr, const TxContext& ctx) override;

  Call* find(const std::string& call_id) const;
  void ring_next(Call& call);
  void on_ring_timeout(std::uint64_t id, std::size_t attempt);
  void next_attempt(Call& call, AttemptResult result, int response);
  void answered(Call& call, const TxContext& branch, const osip_message_t& response);
  void finish_with_fallback(Call& call, std::string_view why);
  void end_call(std::uint64_t id);
  void forward_request(SipMessage msg, Call& call);
  void forward_response(Message msg, std::string_view cseq_method, const std::string& call_id);
  void pass_upstream(Call& call, const osip_message_t& response);
  std::optional<Endpoint> target_of(const std::string& uri, const LineSettings& line) const;
  std::string self_host() const;
  void activity() {
    if (on_activity) on_activity();
  }

  Responder& responder_;
  Timers& timers_;
  const Clock& clock_;
  CallLog* call_log_;
  Endpoint self_;
  Counters& counters_;
  Logger& log_;
  Transactions transactions_;
  std::map<std::uint64_t, std::unique_ptr<Call>> calls_;
  std::unordered_map<std::string, std::uint64_t> by_call_id_;
  std::size_t active_ = 0;  // calls not yet ended (ringing or answered)
  std::uint64_t next_id_ = 1;
};

}  // namespace samtel::fw
