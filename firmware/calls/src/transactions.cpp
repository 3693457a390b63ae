#include "samtel/calls/transactions.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include <osip2/osip.h>

namespace samtel::fw {
namespace {

Transactions& self_of(osip_transaction_t* tr) {
  return *static_cast<Transactions*>(
      osip_get_application_context(static_cast<osip_t*>(tr->config)));
}

TxContext* context_of(osip_transaction_t* tr) {
  return static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
}

void free_transaction(osip_transaction_t* tr) {
  delete context_of(tr);
  osip_transaction_free2(tr);
}

// The event oSIP's parser would have made of a received message (osip_parse), without parsing
// it again: the message's kind decides the event's type.
osip_event_t* incoming_event(osip_message_t* sip) {
  auto* ev = static_cast<osip_event_t*>(osip_malloc(sizeof(osip_event_t)));
  if (ev == nullptr) return nullptr;
  std::memset(ev, 0, sizeof *ev);
  ev->sip = sip;
  if (MSG_IS_REQUEST(sip)) {
    ev->type = MSG_IS_INVITE(sip) ? RCV_REQINVITE : MSG_IS_ACK(sip) ? RCV_REQACK : RCV_REQUEST;
  } else {
    ev->type = MSG_IS_STATUS_1XX(sip)   ? RCV_STATUS_1XX
               : MSG_IS_STATUS_2XX(sip) ? RCV_STATUS_2XX
                                        : RCV_STATUS_3456XX;
  }
  return ev;
}

}  // namespace

Transactions::Transactions(Responder& responder, Timers& timers, TransactionUser& user, Logger& log)
    : responder_(responder), timers_(timers), user_(user), log_(log) {
  sip_init();
  osip_t* o = nullptr;
  if (osip_init(&o) != 0) throw std::runtime_error("cannot initialise the SIP stack");
  osip_ = o;
  osip_set_application_context(osip_, this);
  osip_set_cb_send_message(osip_, &Transactions::on_send);
  for (int t : {OSIP_ICT_STATUS_1XX_RECEIVED, OSIP_ICT_STATUS_2XX_RECEIVED,
                OSIP_ICT_STATUS_2XX_RECEIVED_AGAIN, OSIP_ICT_STATUS_3XX_RECEIVED,
                OSIP_ICT_STATUS_4XX_RECEIVED, OSIP_ICT_STATUS_5XX_RECEIVED,
                OSIP_ICT_STATUS_6XX_RECEIVED, OSIP_ICT_STATUS_TIMEOUT}) {
    osip_set_message_callback(osip_, t, &Transactions::on_message);
  }
  for (int t : {OSIP_ICT_KILL_TRANSACTION, OSIP_IST_KILL_TRANSACTION, OSIP_NICT_KILL_TRANSACTION,
                OSIP_NIST_KILL_TRANSACTION}) {
    osip_set_kill_transaction_callback(osip_, t, &Transactions::on_kill);
  }
  for (int t : {OSIP_ICT_TRANSPORT_ERROR, OSIP_IST_TRANSPORT_ERROR, OSIP_NICT_TRANSPORT_ERROR,
                OSIP_NIST_TRANSPORT_ERROR}) {
    osip_set_transport_error_callback(osip_, t, &Transactions::on_transport_error);
  }
}

Transactions::~Transactions() {
  timers_.cancel(poll_);
  for (osip_list_t* l : {&osip_->osip_ict_transactions, &osip_->osip_ist_transactions,
                         &osip_->osip_nict_transactions, &osip_->osip_nist_transactions}) {
    while (osip_list_size(l) > 0) {
      auto* tr = static_cast<osip_transaction_t*>(osip_list_get(l, 0));
      delete context_of(tr);
      osip_transaction_free(tr);
    }
  }
  free_dead();
  osip_release(osip_);
}

std::optional<SipMessage> Transactions::feed(SipMessage message) {
  osip_event_t* ev = incoming_event(message.tree.get());
  if (ev == nullptr) return message;
  if (osip_find_transaction_and_add_event(osip_, ev) == OSIP_SUCCESS) {
    (void)message.tree.release();  // the transaction owns it now
    pump();
    return std::nullopt;
  }
  ev->sip = nullptr;  // still `message`'s
  osip_event_free(ev);
  return message;
}

osip_transaction_t* Transactions::serve_invite(const osip_message_t& invite, std::uint64_t call,
                                               const Endpoint& caller) {
  Message copy = clone(invite);
  if (!copy) return nullptr;
  osip_event_t* ev = incoming_event(copy.get());
  if (ev == nullptr) return nullptr;
  osip_transaction_t* ist = osip_create_transaction(osip_, ev);
  if (ist == nullptr) {
    ev->sip = nullptr;
    osip_event_free(ev);
    return nullptr;
  }
  (void)copy.release();
  osip_transaction_set_your_instance(
      ist, new TxContext{TxContext::Kind::server_invite, call, 0, caller});
  queue(ist, ev);
  return ist;
}

void Transactions::respond(osip_transaction_t* server, Message response) {
  if (server == nullptr || !response) return;
  osip_event_t* ev = osip_new_outgoing_sipmessage(response.release());
  ev->transactionid = server->transactionid;
  queue(server, ev);
}

osip_transaction_t* Transactions::ring(Message request, const Endpoint& target, std::uint64_t call,
                                       std::size_t attempt) {
  osip_transaction_t* ict = nullptr;
  if (!request || osip_transaction_init(&ict, ICT, osip_, request.get()) != 0) return nullptr;
  osip_ict_set_destination(ict->ict_context, osip_strdup(target.address.to_string().c_str()),
                           target.port);
  osip_transaction_set_your_instance(
      ict, new TxContext{TxContext::Kind::client_invite, call, attempt, target});
  osip_event_t* ev = osip_new_outgoing_sipmessage(request.release());
  ev->transactionid = ict->transactionid;
  queue(ict, ev);
  live_.emplace(ict, MonoTime{});
  return ict;
}

void Transactions::cancel(osip_transaction_t* ict) {
  if (live_.count(ict) == 0) return;
  TxContext* ctx = context_of(ict);
  abandon(ict);
  if (ctx == nullptr || ctx->cancel_sent || ict->orig_request == nullptr) return;
  if (!ctx->got_provisional) {
    ctx->cancel_wanted = true;
    return;
  }
  ctx->cancel_sent = true;
  // Same Request-URI, Call-ID, From, To, CSeq number and top Via as the INVITE.
  const osip_message_t* inv = ict->orig_request;
  osip_message_t* cancel = nullptr;
  if (osip_message_init(&cancel) != 0) return;
  cancel->sip_method = osip_strdup("CANCEL");
  cancel->sip_version = osip_strdup("SIP/2.0");
  osip_uri_clone(inv->req_uri, &cancel->req_uri);
  osip_from_clone(inv->from, &cancel->from);
  osip_to_clone(inv->to, &cancel->to);
  osip_call_id_clone(inv->call_id, &cancel->call_id);
  osip_cseq_clone(inv->cseq, &cancel->cseq);
  osip_free(cancel->cseq->method);
  cancel->cseq->method = osip_strdup("CANCEL");
  osip_via_t* vc = nullptr;
  osip_via_clone(static_cast<osip_via_t*>(osip_list_get(&inv->vias, 0)), &vc);
  osip_list_add(&cancel->vias, vc, 0);
  osip_message_set_header(cancel, "Max-Forwards", "70");
  osip_message_set_content_length(cancel, "0");
  osip_transaction_t* nict = nullptr;
  if (osip_transaction_init(&nict, NICT, osip_, cancel) != 0) {
    osip_message_free(cancel);
    return;
  }
  osip_nict_set_destination(nict->nict_context, osip_strdup(ctx->peer.address.to_string().c_str()),
                            ctx->peer.port);
  osip_transaction_set_your_instance(
      nict, new TxContext{TxContext::Kind::client_cancel, ctx->call, ctx->attempt, ctx->peer});
  osip_event_t* ev = osip_new_outgoing_sipmessage(cancel);
  ev->transactionid = nict->transactionid;
  queue(nict, ev);
  pump();
}

void Transactions::queue(osip_transaction_t* tr, osip_event_t* ev) {
  osip_transaction_add_event(tr, ev);
  queued_ = true;
}

bool Transactions::serving() const { return osip_list_size(&osip_->osip_ist_transactions) > 0; }

std::size_t Transactions::size() const {
  std::size_t n = 0;
  for (osip_list_t* l : {&osip_->osip_ict_transactions, &osip_->osip_ist_transactions,
                         &osip_->osip_nict_transactions, &osip_->osip_nist_transactions})
    n += static_cast<std::size_t>(osip_list_size(l));
  return n;
}

void Transactions::response(osip_transaction_t* tr, const osip_message_t& msg) {
  TxContext* ctx = context_of(tr);
  if (ctx == nullptr || ctx->kind == TxContext::Kind::client_cancel) return;  // 200 to a CANCEL
  if (status(msg) < 200) {
    ctx->got_provisional = true;
    if (ctx->cancel_wanted) {
      cancel(tr);
      return;
    }
  }
  user_.on_client_response(tr, *ctx, msg);
}

void Transactions::abandon(osip_transaction_t* tr) {
  if (live_.count(tr) != 0) abandoned_[tr] = timers_.now() + std::chrono::seconds(32);
}

void Transactions::reap_abandoned() {
  const MonoTime now = timers_.now();
  for (auto it = abandoned_.begin(); it != abandoned_.end();) {
    if (it->second > now) {
      ++it;
      continue;
    }
    osip_transaction_t* tr = it->first;
    it = abandoned_.erase(it);
    if (live_.erase(tr) == 0) continue;
    osip_remove_transaction(osip_, tr);
    if (TxContext* ctx = context_of(tr)) user_.on_transaction_gone(tr, *ctx);
    free_transaction(tr);
  }
}

void Transactions::free_dead() {
  for (osip_transaction_t* tr : dead_) free_transaction(tr);
  dead_.clear();
}

void Transactions::pump() {
  if (pumping_) return;
  pumping_ = true;
  for (int round = 0; round < 8; ++round) {
    queued_ = false;
    osip_timers_ict_execute(osip_);
    osip_timers_ist_execute(osip_);
    osip_timers_nict_execute(osip_);
    osip_timers_nist_execute(osip_);
    osip_ict_execute(osip_);
    osip_ist_execute(osip_);
    osip_nict_execute(osip_);
    osip_nist_execute(osip_);
    // oSIP's executes run the transactions there were when they began: an event the callbacks
    // queued (the next branch's INVITE after a failure, a CANCEL, a response) may still wait, and
    // waits for another round, not for the next poll.
    if (dead_.empty() && !queued_) break;
    free_dead();
  }
  pumping_ = false;
  if (!abandoned_.empty()) reap_abandoned();
  schedule_poll();
}

void Transactions::schedule_poll() {
  if (size() == 0 || poll_ != 0) return;  // nothing to run, or already armed
  poll_ = timers_.start(std::chrono::milliseconds(20), [this] {
    poll_ = 0;
    pump();
  });
}

// oSIP's callbacks.

int Transactions::on_send(osip_transaction_t* tr, osip_message_t* msg, char* host, int port, int) {
  Transactions& self = self_of(tr);
  Endpoint to;
  if (const TxContext* ctx = context_of(tr)) {
    to = ctx->peer;  // responses go back the way the request came (and on its TCP connection)
  } else {
    asio::error_code ec;
    to.address = asio::ip::make_address(host != nullptr ? host : "", ec);
    if (ec) return -1;
    to.port = static_cast<std::uint16_t>(port);
  }
  self.responder_.send(*msg, to);
  return 0;
}

void Transactions::on_message(int type, osip_transaction_t* tr, osip_message_t* msg) {
  Transactions& self = self_of(tr);
  if (type == OSIP_ICT_STATUS_TIMEOUT) {
    const TxContext* ctx = context_of(tr);
    if (ctx != nullptr && ctx->kind == TxContext::Kind::client_invite) {
      self.user_.on_client_timeout(tr, *ctx);
    }
    return;
  }
  if (msg != nullptr) self.response(tr, *msg);
}

void Transactions::on_kill(int, osip_transaction_t* tr) {
  Transactions& self = self_of(tr);
  if (const TxContext* ctx = context_of(tr)) self.user_.on_transaction_gone(tr, *ctx);
  osip_remove_transaction(self.osip_, tr);
  self.live_.erase(tr);
  self.abandoned_.erase(tr);
  self.dead_.push_back(tr);
}

void Transactions::on_transport_error(int, osip_transaction_t* tr, int) {
  self_of(tr).log_.warn(JournalEvent::sip_transport_error, {});
}

}  // namespace samtel::fw
