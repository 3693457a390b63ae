#pragma once
// samtel/calls/transactions.hpp — the glue to GNU oSIP's transaction layer (RFC 3261 §17) for the
// proxied calls: server INVITE transactions towards the caller, client INVITE and CANCEL
// transactions towards the people rung. oSIP keeps the retransmissions and RFC 3261's timers;
// this part owns its state, feeds it, runs it, and reports to a `TransactionUser`.
//
// Promises:
//  * Every transaction carries a `TxContext` (which call, by id, and which attempt; never a
//    pointer to a call, which may end first); the context is freed with the transaction.
//  * `feed()` hands a received message to the transaction it belongs to (a retransmitted INVITE,
//    an ACK to a non-2xx final response, a response to a branch) and gives it back when none
//    does, so it is parsed once either way.
//  * `cancel()` sends CANCEL for a branch only after it has answered provisionally (RFC 3261
//    §9.1; until then the wish is kept and acted on at the first 1xx), and lets the branch go: a
//    branch given up is freed at the latest 32 s later even if the callee never answers (a
//    proxy's Timer C).
//  * oSIP's timers are run while any transaction is alive, polled every 20 ms on the injected
//    `Timers`; nothing is polled when none is. What is sent in answer to a message (from within
//    oSIP's callbacks too: the next branch's INVITE after a failure, a CANCEL, a response) leaves
//    before `feed()` or `pump()` returns, not at the next poll.
//  * The user is told of responses and timeouts of client INVITE transactions only, and of every
//    transaction that ends (`on_transaction_gone`), after which its pointer is never used again.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "samtel/calls/timers.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/sip/endpoint.hpp"
#include "samtel/sip/message.hpp"
#include "samtel/sip/responder.hpp"

struct osip;
struct osip_event;
struct osip_transaction;

namespace samtel::fw {

struct TxContext {
  enum class Kind : std::uint8_t { server_invite, client_invite, client_cancel };
  Kind kind = Kind::server_invite;
  std::uint64_t call = 0;
  std::size_t attempt = 0;
  Endpoint peer;                 // where its messages go (and for a server one, came from)
  bool got_provisional = false;  // client INVITE: a CANCEL may be sent only after a 1xx
  bool cancel_wanted = false, cancel_sent = false;
};

class TransactionUser {
 public:
  virtual ~TransactionUser() = default;
  // A response to a client INVITE transaction (`message` belongs to oSIP: clone to keep).
  virtual void on_client_response(osip_transaction* tr, const TxContext& ctx,
                                  const osip_message_t& message) = 0;
  // A client INVITE transaction ended without a final response (Timer B).
  virtual void on_client_timeout(osip_transaction* tr, const TxContext& ctx) = 0;
  // The transaction is gone; its pointer is never used again.
  virtual void on_transaction_gone(osip_transaction* tr, const TxContext& ctx) = 0;
};

class Transactions {
 public:
  Transactions(Responder& responder, Timers& timers, TransactionUser& user, Logger& log);
  ~Transactions();
  Transactions(const Transactions&) = delete;
  Transactions& operator=(const Transactions&) = delete;

  // Gives `message` (received from `from`) to its transaction; returns it when none took it.
  std::optional<SipMessage> feed(SipMessage message);
  // A server INVITE transaction for a new call (a copy of `invite` is kept by oSIP); nullptr
  // when oSIP cannot create it.
  osip_transaction* serve_invite(const osip_message_t& invite, std::uint64_t call,
                                 const Endpoint& caller);
  // Sends `response` through a server transaction.
  void respond(osip_transaction* server, Message response);
  // A client INVITE transaction sending `request` to `target`; nullptr when oSIP cannot create
  // it (the request is freed).
  osip_transaction* ring(Message request, const Endpoint& target, std::uint64_t call,
                         std::size_t attempt);
  // Stops a client INVITE transaction (see above).
  void cancel(osip_transaction* client);

  bool serving() const;      // any server INVITE transaction alive
  std::size_t size() const;  // transactions alive
  // Runs oSIP's state machines and timers until nothing is left to do.
  void pump();

 private:
  static int on_send(osip_transaction* tr, osip_message_t* msg, char* host, int port, int sock);
  static void on_message(int type, osip_transaction* tr, osip_message_t* msg);
  static void on_kill(int type, osip_transaction* tr);
  static void on_transport_error(int type, osip_transaction* tr, int error);
  void response(osip_transaction* tr, const osip_message_t& msg);
  void queue(osip_transaction* tr, osip_event* ev);
  void abandon(osip_transaction* tr);
  void reap_abandoned();
  void schedule_poll();
  void free_dead();

  Responder& responder_;
  Timers& timers_;
  TransactionUser& user_;
  Logger& log_;
  osip* osip_ = nullptr;
  std::vector<osip_transaction*> dead_;
  // Client transactions alive, and those abandoned (rung out, CANCEL sent) with the time by which
  // they are freed even if the callee never sends a final response.
  std::unordered_map<osip_transaction*, MonoTime> live_, abandoned_;
  Timers::Id poll_ = 0;
  bool pumping_ = false;
  bool queued_ = false;  // an event was queued during the current round of pump()
};

}  // namespace samtel::fw
