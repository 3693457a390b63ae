#include "samtel/calls/proxy_call.hpp"

#include <cstdlib>
#include <cstring>

#include <osip2/osip.h>

#include "samtel/calls/record_builder.hpp"
#include "samtel/calls/redirect.hpp"

namespace samtel::fw {

struct ProxiedCalls::Call {
  std::uint64_t id = 0;
  std::shared_ptr<const Schedule> schedule;
  std::shared_ptr<const UnitConfig> unit;
  RoutePlan plan;
  LineSettings line;
  SipMessage invite;  // as received (Via stamped)
  Endpoint caller;
  osip_transaction_t* ist = nullptr;
  std::string call_id, caller_tag, branch;
  enum class State : std::uint8_t { ringing, answered, ended } state = State::ringing;
  bool record_complete = false;  // the record is final and waits for end_call() to log it

  std::size_t attempt = 0;  // index into plan.attempts of the branch being rung
  osip_transaction_t* ict = nullptr;
  MonoTime arrived_steady;
  Timers::Id ring_timer = 0, setup_timer = 0, linger_timer = 0;
  Endpoint callee;
  std::optional<Endpoint> bye_from;
  CallRecord record;
};

namespace {

std::int64_t ms_between(MonoTime a, MonoTime b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

// The host and port of a SIP URI whose host is an IP address.
std::optional<std::pair<asio::ip::address, std::uint16_t>> ip_target(const std::string& uri) {
  osip_uri_t* u = nullptr;
  if (osip_uri_init(&u) != 0) return std::nullopt;
  std::optional<std::pair<asio::ip::address, std::uint16_t>> out;
  if (osip_uri_parse(u, uri.c_str()) == 0 && u->host != nullptr && u->scheme != nullptr &&
      std::strcmp(u->scheme, "sip") == 0) {
    std::string host = u->host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    asio::error_code ec;
    auto addr = asio::ip::make_address(host, ec);
    long port = 5060;
    if (u->port != nullptr) port = std::strtol(u->port, nullptr, 10);
    if (!ec && port > 0 && port < 65536) out = std::pair{addr, static_cast<std::uint16_t>(port)};
  }
  osip_uri_free(u);
  return out;
}

}  // namespace

ProxiedCalls::ProxiedCalls(Responder& responder, Timers& timers, const Clock& clock,
                           CallLog* call_log, Endpoint self, Counters& counters, Logger& log)
    : responder_(responder),
      timers_(timers),
      clock_(clock),
      call_log_(call_log),
      self_(std::move(self)),
      counters_(counters),
      log_(log),
      transactions_(responder, timers, *this, log) {}

ProxiedCalls::~ProxiedCalls() {
  for (auto& [id, call] : calls_) {
    for (Timers::Id t : {call->ring_timer, call->setup_timer, call->linger_timer})
      timers_.cancel(t);
  }
}

std::string ProxiedCalls::self_host() const {
  return self_.address.to_string() + ":" + std::to_string(self_.port);
}

ProxiedCalls::Call* ProxiedCalls::find(const std::string& call_id) const {
  auto it = by_call_id_.find(call_id);
  if (it == by_call_id_.end()) return nullptr;
  auto c = calls_.find(it->second);
  return c == calls_.end() ? nullptr : c->second.get();
}

ProxiedCalls::Known ProxiedCalls::known(const SipMessage& invite) const {
  const Call* call = find(invite.call_id);
  if (call == nullptr) return Known::none;
  if (call->branch == invite.branch && call->caller_tag == invite.from_tag) {
    return Known::retransmission;
  }
  return call->state == Call::State::ended ? Known::none : Known::merged;
}

bool ProxiedCalls::start(SipMessage&& invite, const Endpoint& from, const NumberMatch& match,
                         RoutePlan plan, std::shared_ptr<const Schedule> schedule,
                         std::shared_ptr<const UnitConfig> unit) {
  // The server transaction, so retransmissions and ACKs to our final responses are absorbed.
  const std::uint64_t id = next_id_;
  osip_transaction_t* ist = transactions_.serve_invite(*invite.tree, id, from);
  if (ist == nullptr) return false;
  ++next_id_;
  auto call = std::make_unique<Call>();
  call->id = id;
  call->line = unit->line(match.line.line->number);
  call->record = begin_record(invite.call_id, invite.caller, match, plan, RoutingMode::proxy,
                              unit->caller, false);
  call->schedule = std::move(schedule);
  call->unit = std::move(unit);
  call->plan = std::move(plan);
  call->caller = from;
  call->ist = ist;
  call->call_id = invite.call_id;
  call->caller_tag = invite.from_tag;
  call->branch = invite.branch;
  call->arrived_steady = timers_.now();
  call->invite = std::move(invite);
  ++counters_.proxied;

  // 100 Trying at once, through the transaction.
  transactions_.respond(ist, make_response(*call->invite.tree, 100, {}, {}));

  Call& c = *call;
  by_call_id_[c.call_id] = c.id;
  calls_.emplace(c.id, std::move(call));
  ++active_;
  c.setup_timer = timers_.start(c.unit->limits.max_call_setup, [this, id = c.id] {
    auto it = calls_.find(id);
    if (it == calls_.end()) return;
    it->second->setup_timer = 0;
    if (it->second->state == Call::State::ringing) {
      finish_with_fallback(*it->second, "nobody answered within the call set-up limit");
    }
  });
  log_.info(JournalEvent::call_proxied, {{"call", c.call_id},
                                         {"line", c.record.line},
                                         {"desk", c.record.desk},
                                         {"attempts", std::to_string(c.plan.attempts.size())}});
  transactions_.pump();
  ring_next(c);
  activity();
  return true;
}

std::optional<Endpoint> ProxiedCalls::target_of(const std::string& uri,
                                                const LineSettings& line) const {
  if (line.outbound)
    return Endpoint{Transport::udp, line.outbound->first, line.outbound->second, 0};
  if (auto t = ip_target(uri)) return Endpoint{Transport::udp, t->first, t->second, 0};
  return std::nullopt;
}

void ProxiedCalls::ring_next(Call& call) {
  while (call.attempt < call.plan.attempts.size()) {
    const Attempt& a = call.plan.attempts[call.attempt];
    const std::string address{a.address};
    AttemptRecord ar = begin_attempt(a, clock_.now());
    auto target = target_of(address, call.line);
    osip_uri_t* uri = nullptr;
    if (!target || osip_uri_init(&uri) != 0 || osip_uri_parse(uri, address.c_str()) != 0) {
      if (uri != nullptr) osip_uri_free(uri);
      call.record.attempts.push_back(ar);
      log_.warn(JournalEvent::call_attempt_unreachable,
                {{"call", call.call_id}, {"address", address}});
      ++call.attempt;
      continue;
    }
    // Forward the INVITE (RFC 3261 §16.6): new Request-URI, Max-Forwards - 1, Record-Route, Via.
    Message fwd = clone(*call.invite.tree);
    if (!fwd) {
      osip_uri_free(uri);
      call.record.attempts.push_back(ar);
      ++call.attempt;
      continue;
    }
    osip_uri_free(fwd->req_uri);
    fwd->req_uri = uri;
    set_max_forwards(*fwd, call.invite.max_forwards ? *call.invite.max_forwards - 1 : 70);
    pop_own_route(*fwd, self_.address.to_string(), self_.port);
    osip_message_set_record_route(fwd.get(), ("<sip:" + self_host() + ";lr>").c_str());
    push_via(*fwd, self_host(), responder_.new_branch());

    osip_transaction_t* ict = transactions_.ring(std::move(fwd), *target, call.id, call.attempt);
    if (ict == nullptr) {
      call.record.attempts.push_back(ar);
      ++call.attempt;
      continue;
    }
    call.ict = ict;
    call.callee = *target;
    call.record.attempts.push_back(ar);
    call.ring_timer = timers_.start(
        a.ring_timeout, [this, id = call.id, n = call.attempt] { on_ring_timeout(id, n); });
    log_.info(JournalEvent::call_ringing, {{"call", call.call_id},
                                           {"role", ar.role},
                                           {"person", ar.person},
                                           {"address", address},
                                           {"ring_s", std::to_string(a.ring_timeout.count())}});
    transactions_.pump();
    return;
  }
  finish_with_fallback(call, call.plan.attempts.empty() ? "nobody on duty" : "nobody answered");
}

// Ring timeout of attempt `n`: CANCEL that branch and ring the next.
void ProxiedCalls::on_ring_timeout(std::uint64_t id, std::size_t n) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  call.ring_timer = 0;
  if (call.state != Call::State::ringing || call.attempt != n) return;
  if (call.ict != nullptr) transactions_.cancel(call.ict);
  log_.info(JournalEvent::call_no_answer,
            {{"call", call.call_id}, {"attempt", std::to_string(n + 1)}});
  next_attempt(call, AttemptResult::no_answer, 0);
  transactions_.pump();
}

// The branch being rung is done: record how it ended and ring the next.
void ProxiedCalls::next_attempt(Call& call, AttemptResult result, int response) {
  timers_.cancel(call.ring_timer);
  call.ring_timer = 0;
  if (!call.record.attempts.empty()) {
    AttemptRecord& a = call.record.attempts.back();
    a.ended = clock_.now();
    a.result = result;
    if (response != 0) a.response = response;
  }
  call.ict = nullptr;
  ++call.attempt;
  ring_next(call);
}

void ProxiedCalls::finish_with_fallback(Call& call, std::string_view why) {
  if (call.state != Call::State::ringing) return;
  call.state = Call::State::ended;
  --active_;
  timers_.cancel(call.ring_timer);
  call.ring_timer = 0;
  if (call.ict != nullptr) {
    // Still ringing when the call set-up limit passed.
    transactions_.cancel(call.ict);
    if (!call.record.attempts.empty()) {
      call.record.attempts.back().ended = clock_.now();
      call.record.attempts.back().result = AttemptResult::no_answer;
    }
  }
  const Fallback* fb = call.plan.fallback;
  ++counters_.fallbacks;
  if (call.ist != nullptr && fb != nullptr) {
    transactions_.respond(call.ist,
                          make_redirect(*call.invite.tree, responder_.tag_for(call.invite),
                                        RedirectTarget{{}, fb, true}, self_.address.to_string(),
                                        call.unit->user_agent));
  }
  call.record.outcome = call.plan.open ? CallOutcome::fallback : CallOutcome::closed;
  call.record.fallback = fb != nullptr ? fb->address : "";
  call.record.ended = clock_.now();
  call.record.wait_ms = ms_between(call.arrived_steady, timers_.now());
  call.record_complete = true;
  log_.info(JournalEvent::call_fallback, {{"call", call.call_id},
                                          {"line", call.record.line},
                                          {"why", std::string(why)},
                                          {"to", call.record.fallback}});
  transactions_.pump();
  end_call(call.id);
}

void ProxiedCalls::end_call(std::uint64_t id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  if (call.record_complete && call_log_ != nullptr) call_log_->append(call.record, {}, true);
  if (call.state == Call::State::answered && !call.record.ended) {
    // The dialog outlived the unit's interest (shutdown or lost BYE): record what is known.
    call.record.ended = clock_.now();
    if (call_log_ != nullptr) call_log_->append(call.record, {}, true);
  }
  for (Timers::Id t : {call.ring_timer, call.setup_timer, call.linger_timer}) timers_.cancel(t);
  auto by = by_call_id_.find(call.call_id);
  if (by != by_call_id_.end() && by->second == id) by_call_id_.erase(by);
  if (call.state != Call::State::ended) --active_;
  calls_.erase(it);
  activity();
}

void ProxiedCalls::on_cancel(SipMessage msg, const Endpoint& from) {
  Call* call = find(msg.call_id);
  if (call != nullptr && call->branch != msg.branch) call = nullptr;
  if (call == nullptr) {
    responder_.reply(msg, from, 481);
    return;
  }
  responder_.reply(msg, from, 200);
  if (call->state != Call::State::ringing) return;
  ++counters_.caller_gave_up;
  if (call->ict != nullptr && call->attempt < call->plan.attempts.size() &&
      !call->record.attempts.empty()) {
    AttemptRecord& a = call->record.attempts.back();
    a.ended = clock_.now();
    a.result = AttemptResult::cancelled;
  }
  // Stop ringing: CANCEL the branch (once it has answered provisionally), 487 to the caller.
  if (call->ict != nullptr) transactions_.cancel(call->ict);
  if (call->ist != nullptr) {
    transactions_.respond(
        call->ist, make_response(*call->invite.tree, 487, {}, responder_.tag_for(call->invite)));
  }
  call->record.outcome = CallOutcome::caller_gave_up;
  call->record.ended = clock_.now();
  call->record.wait_ms = ms_between(call->arrived_steady, timers_.now());
  call->record_complete = true;
  log_.info(JournalEvent::call_cancelled, {{"call", call->call_id}, {"line", call->record.line}});
  transactions_.pump();
  end_call(call->id);
}

void ProxiedCalls::on_bye(SipMessage msg, const Endpoint& from) {
  Call* found = find(msg.call_id);
  if (found == nullptr || found->state == Call::State::ringing) {
    responder_.reply(msg, from, 481);
    return;
  }
  Call& call = *found;
  call.bye_from = from;
  if (call.state == Call::State::answered) {
    call.state = Call::State::ended;
    --active_;
    call.record.ended = clock_.now();
    if (call.record.answered) {
      call.record.duration_s = (*call.record.ended - *call.record.answered).count();
    }
    log_.info(JournalEvent::call_ended,
              {{"call", call.call_id},
               {"line", call.record.line},
               {"duration_s", std::to_string(call.record.duration_s.value_or(0))}});
    if (call_log_ != nullptr) call_log_->append(std::move(call.record), {}, /*power_safe=*/true);
    // Keep the dialog a while for retransmitted BYEs and the 200 OK on its way back; that needs
    // only the tags and the two ends, so the rest of the call is let go now.
    call.record = CallRecord{};
    call.record_complete = false;
    call.invite = SipMessage{};
    call.plan = RoutePlan{};
    call.line = LineSettings{};
    timers_.cancel(call.ring_timer);
    timers_.cancel(call.setup_timer);
    call.ring_timer = call.setup_timer = 0;
    call.linger_timer = timers_.start(std::chrono::seconds(32), [this, id = call.id] {
      auto it = calls_.find(id);
      if (it != calls_.end()) it->second->linger_timer = 0;
      end_call(id);
    });
    activity();
  }
  forward_request(std::move(msg), call);
}

void ProxiedCalls::on_reinvite(SipMessage msg, const Endpoint& from) {
  // The unit holds no sessions of its own; in a proxied dialog a re-INVITE passes through.
  Call* call = find(msg.call_id);
  if (call != nullptr && call->state == Call::State::answered) {
    forward_request(std::move(msg), *call);
  } else {
    responder_.reply(msg, from, 481);
  }
}

void ProxiedCalls::on_ack(SipMessage msg, const Endpoint&) {
  // An ACK to a non-2xx final response belongs to its server transaction.
  if (transactions_.serving()) {
    auto back = transactions_.feed(std::move(msg));
    if (!back) return;
    msg = std::move(*back);
  }
  // An ACK to a 2xx is end to end: it passes through if it belongs to a proxied call.
  if (Call* call = find(msg.call_id)) forward_request(std::move(msg), *call);
}

void ProxiedCalls::forward_request(SipMessage msg, Call& call) {
  const bool towards_callee = msg.from_tag == call.caller_tag;
  const Endpoint to = towards_callee ? call.callee : call.caller;
  pop_own_route(*msg.tree, self_.address.to_string(), self_.port);
  if (msg.max_forwards && *msg.max_forwards <= 0) return;
  set_max_forwards(*msg.tree, msg.max_forwards ? *msg.max_forwards - 1 : 70);
  // A stateless proxy's branch is a function of the request (RFC 3261 §16.11).
  push_via(*msg.tree, self_host(), responder_.stateless_branch(msg));
  responder_.send(*msg.tree, to);
}

void ProxiedCalls::on_response(SipMessage msg) {
  forward_response(std::move(msg.tree), msg.cseq_method, msg.call_id);
}

void ProxiedCalls::forward_response(Message msg, std::string_view cseq_method,
                                    const std::string& call_id) {
  // Only responses to requests this unit forwarded carry its Via on top.
  if (!msg || !responder_.owns_branch(top_branch(*msg))) return;
  remove_top_via(*msg);
  Call* call = find(call_id);
  if (call == nullptr) return;
  // Responses go back where the request came from: the BYE's sender, else the caller.
  Endpoint to = call->caller;
  if (cseq_method == "BYE" && call->bye_from) to = *call->bye_from;
  responder_.send(*msg, to);
}

void ProxiedCalls::pass_upstream(Call& call, const osip_message_t& response) {
  Message up = clone(response);
  if (!up) return;
  remove_top_via(*up);
  transactions_.respond(call.ist, std::move(up));
}

// Branch `ctx` answered: the current one, or one given up at its ring timeout whose person
// picked up as the CANCEL crossed (a 2xx ends the search whichever branch sent it, RFC 3261
// §16.7); the branch rung meanwhile is cancelled then.
void ProxiedCalls::answered(Call& call, const TxContext& ctx, const osip_message_t& response) {
  timers_.cancel(call.ring_timer);
  timers_.cancel(call.setup_timer);
  call.ring_timer = call.setup_timer = 0;
  if (ctx.attempt != call.attempt) {
    if (call.ict != nullptr) transactions_.cancel(call.ict);
    if (call.attempt < call.record.attempts.size()) {
      AttemptRecord& rung = call.record.attempts[call.attempt];
      rung.ended = clock_.now();
      rung.result = AttemptResult::cancelled;
    }
    call.attempt = ctx.attempt;
    call.callee = ctx.peer;
    log_.info(JournalEvent::call_late_answer_taken,
              {{"call", call.call_id}, {"attempt", std::to_string(ctx.attempt + 1)}});
  }
  call.state = Call::State::answered;
  ++counters_.answered;
  const int code = status(response);
  call.record.answered = clock_.now();
  call.record.wait_ms = ms_between(call.arrived_steady, timers_.now());
  call.record.outcome = call.attempt == 0 ? CallOutcome::answered : CallOutcome::escalated_answered;
  const Attempt& a = call.plan.attempts[call.attempt];
  call.record.answered_role = a.role_info != nullptr ? a.role_info->id : "";
  call.record.answered_person = a.person != nullptr ? a.person->id : "";
  // One attempt record per attempt rung, in plan order (ring_next).
  if (call.attempt < call.record.attempts.size()) {
    AttemptRecord& picked_up = call.record.attempts[call.attempt];
    picked_up.ended = clock_.now();
    picked_up.response = code;
    picked_up.result = AttemptResult::answered;
  }
  pass_upstream(call, response);
  call.ict = nullptr;
  log_.info(JournalEvent::call_answered, {{"call", call.call_id},
                                          {"person", call.record.answered_person},
                                          {"wait_ms", std::to_string(*call.record.wait_ms)}});
  activity();
}

void ProxiedCalls::on_client_response(osip_transaction_t* tr, const TxContext& ctx,
                                      const osip_message_t& msg) {
  const int code = status(msg);
  auto it = calls_.find(ctx.call);
  if (it == calls_.end()) {
    // The call is gone (the caller cancelled while this branch answered): the callee's session
    // is left to the exchange's session timer. Rare; logged so it can be seen.
    if (code >= 200 && code < 300) {
      log_.warn(JournalEvent::call_late_answer, {{"call_index", std::to_string(ctx.call)}});
    }
    return;
  }
  Call& call = *it->second;
  const bool current =
      call.ict == tr && call.attempt == ctx.attempt && call.state == Call::State::ringing;
  if (code < 200) {
    if (current && code != 100) pass_upstream(call, msg);
    return;
  }
  if (code < 300) {
    if (call.state == Call::State::ringing && ctx.attempt <= call.attempt) {
      answered(call, ctx, msg);
    } else if (call.state == Call::State::answered && call.callee.address == ctx.peer.address &&
               call.callee.port == ctx.peer.port) {
      // A retransmitted 2xx of the answered branch: end to end, passed on statelessly.
      forward_response(clone(msg), cseq_method(msg), call.call_id);
    }
    return;
  }
  // A final failure: the branch is done; ring the next.
  if (!current) return;
  log_.info(JournalEvent::call_attempt_failed,
            {{"call", call.call_id}, {"status", std::to_string(code)}});
  next_attempt(call, attempt_result(code), code);
}

void ProxiedCalls::on_client_timeout(osip_transaction_t* tr, const TxContext& ctx) {
  auto it = calls_.find(ctx.call);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  if (call.ict != tr || call.state != Call::State::ringing) return;
  next_attempt(call, AttemptResult::no_answer, 408);
}

void ProxiedCalls::on_transaction_gone(osip_transaction_t* tr, const TxContext& ctx) {
  auto it = calls_.find(ctx.call);
  if (it == calls_.end()) return;
  if (it->second->ist == tr) it->second->ist = nullptr;
  if (it->second->ict == tr) it->second->ict = nullptr;
}

}  // namespace samtel::fw
