#include "server.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include <asio/post.hpp>
#include <osip2/osip.h>

namespace samtel::fw {

using std::chrono::steady_clock;

std::string to_string(const Endpoint& e) {
  std::string host = e.address.is_v6() ? "[" + e.address.to_string() + "]" : e.address.to_string();
  return (e.transport == Transport::tcp ? "tcp:" : "udp:") + host + ":" + std::to_string(e.port);
}

// What a transaction belongs to: the call (by id, never by pointer: a call may end first) and,
// for server transactions, where the request came from.
struct SipServer::TxContext {
  enum class Kind { server_invite, client_invite, client_cancel } kind;
  std::uint64_t call = 0;
  std::size_t attempt = 0;
  Endpoint peer;
  bool got_provisional = false;  // client INVITE: a CANCEL may be sent only after a 1xx
  bool cancel_wanted = false, cancel_sent = false;
};

struct SipServer::Call {
  std::uint64_t id = 0;
  std::shared_ptr<const Schedule> schedule;
  std::shared_ptr<const UnitConfig> unit;
  RoutePlan plan;
  LineSettings line;
  Message invite;  // as received (Via stamped)
  Endpoint caller;
  osip_transaction_t* ist = nullptr;
  std::string call_id, caller_tag, branch;
  enum class State { ringing, answered, ended } state = State::ringing;

  std::size_t attempt = 0;  // index into plan.attempts of the branch being rung
  osip_transaction_t* ict = nullptr;
  steady_clock::time_point arrived_steady, attempt_started;
  std::unique_ptr<asio::steady_timer> ring_timer, setup_timer, linger_timer;
  Endpoint callee;
  std::optional<Endpoint> bye_from;
  CallRecord record;
};

namespace {

std::string hex64(std::uint64_t v, int digits = 16) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(buf + (16 - digits));
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') continue;
    out += c;
  }
  return out + '"';
}

std::string attempt_result(int code) {
  switch (code) {
    case 486: case 600: return "busy";
    case 603: return "declined";
    case 480: return "unavailable";
    case 408: return "no-answer";
    case 487: return "cancelled";
    default: return code >= 200 && code < 300 ? "answered" : "error";
  }
}

std::int64_t ms_between(steady_clock::time_point a, steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

// Parses the host and port of a SIP URI whose host is an IP address.
std::optional<std::pair<asio::ip::address, std::uint16_t>> ip_target(const std::string& uri) {
  osip_uri_t* u = nullptr;
  if (osip_uri_init(&u) != 0) return std::nullopt;
  std::optional<std::pair<asio::ip::address, std::uint16_t>> out;
  if (osip_uri_parse(u, uri.c_str()) == 0 && u->host != nullptr && u->scheme != nullptr &&
      (std::strcmp(u->scheme, "sip") == 0)) {
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

char* osip_dup(const std::string& s) { return osip_strdup(s.c_str()); }

void remove_top_via(osip_message_t& m) {
  auto* v = static_cast<osip_via_t*>(osip_list_get(&m.vias, 0));
  if (v != nullptr) {
    osip_list_remove(&m.vias, 0);
    osip_via_free(v);
  }
}

void set_max_forwards(osip_message_t& m, int value) {
  for (int i = osip_list_size(&m.headers) - 1; i >= 0; --i) {
    auto* h = static_cast<osip_header_t*>(osip_list_get(&m.headers, i));
    if (h != nullptr && h->hname != nullptr && osip_strcasecmp(h->hname, "max-forwards") == 0) {
      osip_list_remove(&m.headers, i);
      osip_header_free(h);
    }
  }
  osip_message_set_header(&m, "Max-Forwards", std::to_string(value).c_str());
}

// Removes the top Route if it names this unit (loose routing, RFC 3261 §16.4).
void pop_own_route(osip_message_t& m, const Endpoint& self) {
  auto* r = static_cast<osip_route_t*>(osip_list_get(&m.routes, 0));
  if (r == nullptr || r->url == nullptr || r->url->host == nullptr) return;
  const std::string port = r->url->port != nullptr ? r->url->port : "5060";
  if (r->url->host == self.address.to_string() && port == std::to_string(self.port)) {
    osip_list_remove(&m.routes, 0);
    osip_route_free(r);
  }
}

}  // namespace

SipServer::SipServer(asio::io_context& io, Network& network, Endpoint self, const Clock& clock,
                     CallLog* call_log, Logger& log)
    : io_(io), network_(network), self_(std::move(self)), clock_(clock), call_log_(call_log),
      log_(log), osip_timer_(io) {
  sip_init();
  std::random_device rd;
  instance_ = hex64((static_cast<std::uint64_t>(rd()) << 32) ^ rd(), 8);
  osip_t* o = nullptr;
  if (osip_init(&o) != 0) throw std::runtime_error("cannot initialise the SIP stack");
  osip_ = o;
  osip_set_application_context(osip_, this);
  osip_set_cb_send_message(osip_, &SipServer::osip_send);
  for (int t : {OSIP_ICT_STATUS_1XX_RECEIVED, OSIP_ICT_STATUS_2XX_RECEIVED,
                OSIP_ICT_STATUS_2XX_RECEIVED_AGAIN, OSIP_ICT_STATUS_3XX_RECEIVED,
                OSIP_ICT_STATUS_4XX_RECEIVED, OSIP_ICT_STATUS_5XX_RECEIVED,
                OSIP_ICT_STATUS_6XX_RECEIVED, OSIP_ICT_STATUS_TIMEOUT}) {
    osip_set_message_callback(osip_, t, &SipServer::osip_message_event);
  }
  for (int t : {OSIP_ICT_KILL_TRANSACTION, OSIP_IST_KILL_TRANSACTION, OSIP_NICT_KILL_TRANSACTION,
                OSIP_NIST_KILL_TRANSACTION}) {
    osip_set_kill_transaction_callback(osip_, t, &SipServer::osip_kill);
  }
  for (int t : {OSIP_ICT_TRANSPORT_ERROR, OSIP_IST_TRANSPORT_ERROR, OSIP_NICT_TRANSPORT_ERROR,
                OSIP_NIST_TRANSPORT_ERROR}) {
    osip_set_transport_error_callback(osip_, t, &SipServer::osip_transport_error);
  }
}

SipServer::~SipServer() {
  *alive_ = false;
  calls_.clear();
  // Free every transaction still alive, with its context.
  for (osip_list_t* l : {&osip_->osip_ict_transactions, &osip_->osip_ist_transactions,
                         &osip_->osip_nict_transactions, &osip_->osip_nist_transactions}) {
    while (osip_list_size(l) > 0) {
      auto* tr = static_cast<osip_transaction_t*>(osip_list_get(l, 0));
      delete static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
      osip_transaction_free(tr);
    }
  }
  for (osip_transaction_t* tr : dead_) {
    delete static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
    osip_transaction_free2(tr);
  }
  osip_release(osip_);
}

void SipServer::configure(std::shared_ptr<const Schedule> schedule,
                          std::shared_ptr<const UnitConfig> unit) {
  schedule_ = std::move(schedule);
  unit_ = std::move(unit);
  rate_.configure(unit_->limits.requests_per_second, unit_->limits.burst);
}

std::size_t SipServer::calls_in_progress() const { return active_calls_; }

std::size_t SipServer::transactions() const {
  return static_cast<std::size_t>(
      osip_list_size(&osip_->osip_ict_transactions) + osip_list_size(&osip_->osip_ist_transactions) +
      osip_list_size(&osip_->osip_nict_transactions) + osip_list_size(&osip_->osip_nist_transactions));
}

std::string SipServer::new_branch() {
  return "z9hG4bK-" + instance_ + "-" + std::to_string(++branch_counter_);
}

std::string SipServer::tag_for(const osip_message_t& req) const {
  const std::uint64_t h =
      fnv1a(top_branch(req), fnv1a(from_tag(req), fnv1a(call_id(req), fnv1a(instance_))));
  return hex64(h, 12);
}

void SipServer::send_message(const osip_message_t& m, const Endpoint& to) {
  network_.send(to, serialize(m));
}

void SipServer::reply(const osip_message_t& req, const Endpoint& to, int code,
                      std::string_view reason,
                      const std::vector<std::pair<const char*, std::string>>& headers) {
  Message r = make_response(req, code, reason, tag_for(req));
  if (!r) return;
  for (const auto& [name, value] : headers) add_header(*r, name, value);
  if (unit_) add_header(*r, "Server", unit_->user_agent);
  send_message(*r, to);
}

// ---------------------------------------------------------------------------------------------
// Receiving

void SipServer::receive(std::string_view bytes, const Endpoint& from) {
  ++counters_.received;
  if (!unit_ || !schedule_) return;
  const bool oversized = bytes.size() > unit_->limits.max_message_bytes;
  const auto stripped = without_multipart_body(bytes);
  auto parsed = parse_message(stripped ? std::string_view(*stripped) : bytes);
  if (!parsed) {
    ++counters_.malformed;
    if (parsed.error().answerable && parsed.error().partial &&
        unit_->trusted_source(from.address) && method(*parsed.error().partial) != "ACK") {
      stamp_top_via(*parsed.error().partial, from.address.to_string(), from.port);
      const int code = parsed.error().status;
      reply(*parsed.error().partial, from, code,
            code == 505 ? "Version Not Supported" : "Bad Request - " + parsed.error().reason);
    }
    log_.debug("sip.malformed", {{"from", to_string(from)}, {"reason", parsed.error().reason}});
    return;
  }
  Message msg = std::move(*parsed);
  if (!is_request(*msg)) {
    if (!unit_->trusted_source(from.address)) {
      ++counters_.untrusted;
      return;
    }
    handle_response(std::move(msg), from);
    return;
  }
  stamp_top_via(*msg, from.address.to_string(), from.port);
  const bool ack = method(*msg) == "ACK";
  if (!unit_->trusted_source(from.address)) {
    ++counters_.untrusted;
    if (!ack) reply(*msg, from, 403, "Forbidden - untrusted source");
    // Summed up by the daemon per interval (one line, not one per request).
    last_untrusted_ = from.address;
    log_.debug("sip.untrusted", {{"from", to_string(from)}, {"method", std::string(method(*msg))}});
    return;
  }
  if (!rate_.allow(from.address, steady_clock::now())) {
    ++counters_.rate_limited;
    if (!ack) reply(*msg, from, 503, "Service Unavailable - rate limit", {{"Retry-After", "5"}});
    return;
  }
  if (oversized) {
    ++counters_.oversized;
    if (!ack) reply(*msg, from, 513);
    return;
  }
  if (stripped) {
    if (!ack) reply(*msg, from, 415, {}, {{"Accept", "application/sdp"}});
    return;
  }
  handle_request(std::move(msg), from, bytes);
}

void SipServer::reject_stream(std::string_view head, const Endpoint& from, std::string_view reason, int code) {
  ++counters_.received;
  ++counters_.malformed;
  if (!unit_ || head.empty()) return;
  if (!unit_->trusted_source(from.address)) {
    ++counters_.untrusted;
    return;
  }
  auto parsed = parse_message(head_without_body(head));
  Message req = parsed ? std::move(*parsed) : std::move(parsed.error().partial);
  if (!req || !is_request(*req) || method(*req) == "ACK") return;
  stamp_top_via(*req, from.address.to_string(), from.port);
  reply(*req, from, code, code == 513 ? std::string("Message Too Large") : "Bad Request - " + std::string(reason));
  log_.debug("sip.unframeable", {{"from", to_string(from)}, {"reason", std::string(reason)}});
}

void SipServer::handle_request(Message msg, const Endpoint& from, std::string_view raw) {
  const std::string_view m = method(*msg);
  const char* scheme = msg->req_uri != nullptr ? msg->req_uri->scheme : nullptr;
  if (scheme == nullptr || (std::strcmp(scheme, "sip") != 0 && std::strcmp(scheme, "sips") != 0 &&
                            std::strcmp(scheme, "tel") != 0)) {
    if (m != "ACK") reply(*msg, from, 416);
    return;
  }
  const auto mf = max_forwards(*msg);
  if (m == "ACK") {
    // ACK to a non-2xx final response from a proxy-mode INVITE transaction (redirect mode keeps
    // none: its ACKs to 302 are absorbed without a second parse).
    osip_event_t* ev = osip_list_size(&osip_->osip_ist_transactions) > 0 ? osip_parse(raw.data(), raw.size())
                                                                          : nullptr;
    if (ev != nullptr) {
      if (ev->sip != nullptr) stamp_top_via(*ev->sip, from.address.to_string(), from.port);
      if (osip_find_transaction_and_add_event(osip_, ev) == OSIP_SUCCESS) {
        pump();
        return;
      }
      osip_event_free(ev);
    }
    // ACK to a 2xx: end to end, passes through if it belongs to a proxied call; else absorbed.
    auto it = calls_by_call_id_.find(call_id(*msg));
    if (it != calls_by_call_id_.end()) {
      auto c = calls_.find(it->second);
      if (c != calls_.end()) forward_stateless_request(std::move(msg), from, *c->second);
    }
    return;
  }
  if (mf && *mf == 0 && m != "OPTIONS") {
    reply(*msg, from, 483);
    return;
  }
  if (auto pr = header(*msg, "proxy-require")) {
    reply(*msg, from, 420, {}, {{"Unsupported", *pr}});
    return;
  }
  if (m == "INVITE") {
    handle_invite(std::move(msg), from);
    return;
  }
  if (m == "OPTIONS") {
    ++counters_.options;
    reply(*msg, from, 200, {},
          {{"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS"}, {"Accept", "application/sdp"}});
    return;
  }
  if (m == "CANCEL") {
    auto it = calls_by_call_id_.find(call_id(*msg));
    Call* call = nullptr;
    if (it != calls_by_call_id_.end()) {
      auto c = calls_.find(it->second);
      if (c != calls_.end() && c->second->branch == top_branch(*msg)) call = c->second.get();
    }
    if (call == nullptr) {
      reply(*msg, from, 481);
      return;
    }
    reply(*msg, from, 200);
    if (call->state != Call::State::ringing) return;
    ++counters_.caller_gave_up;
    const auto now_steady = steady_clock::now();
    if (call->ict != nullptr && call->attempt < call->plan.attempts.size() &&
        !call->record.attempts.empty()) {
      AttemptRecord& a = call->record.attempts.back();
      a.ended = now();
      a.result = "cancelled";
    }
    // Stop ringing: CANCEL the branch (once it has answered provisionally), 487 to the caller.
    if (call->ict != nullptr) cancel_branch(call->ict);
    if (call->ist != nullptr) {
      Message r = make_response(*call->invite, 487, {}, tag_for(*call->invite));
      osip_message_t* raw_r = r.release();
      osip_event_t* ev = osip_new_outgoing_sipmessage(raw_r);
      ev->transactionid = call->ist->transactionid;
      osip_transaction_add_event(call->ist, ev);
    }
    call->record.outcome = "caller-gave-up";
    call->record.ended = now();
    call->record.wait_ms = ms_between(call->arrived_steady, now_steady);
    log_.info("call.cancelled", {{"call", call->call_id}, {"line", call->record.line}});
    pump();
    end_call(call->id);
    return;
  }
  if (m == "BYE") {
    auto it = calls_by_call_id_.find(call_id(*msg));
    if (it == calls_by_call_id_.end() || calls_.find(it->second) == calls_.end() ||
        calls_[it->second]->state == Call::State::ringing) {
      reply(*msg, from, 481);
      return;
    }
    Call& call = *calls_[it->second];
    call.bye_from = from;
    if (call.state == Call::State::answered) {
      call.state = Call::State::ended;
      --active_calls_;
      call.record.ended = now();
      if (call.record.answered) {
        call.record.duration_s = (*call.record.ended - *call.record.answered).count();
      }
      log_.info("call.ended", {{"call", call.call_id},
                               {"line", call.record.line},
                               {"duration_s", std::to_string(call.record.duration_s.value_or(0))}});
      if (call_log_) call_log_->append(std::move(call.record), {}, /*power_safe=*/true);
      // Keep the dialog a while for retransmitted BYEs and the 200 OK on its way back; that needs
      // only the tags and the two ends, so the rest of the call is let go now.
      call.record = CallRecord{};
      call.invite.reset();
      call.plan = RoutePlan{};
      call.line = LineSettings{};
      call.ring_timer.reset();
      call.setup_timer.reset();
      call.linger_timer = std::make_unique<asio::steady_timer>(io_, std::chrono::seconds(32));
      call.linger_timer->async_wait([this, id = call.id](const asio::error_code& ec) {
        if (!ec) end_call(id);
      });
      if (on_activity) on_activity();
    }
    forward_stateless_request(std::move(msg), from, call);
    return;
  }
  if (m == "REGISTER" || m == "SUBSCRIBE" || m == "NOTIFY" || m == "MESSAGE" || m == "INFO" ||
      m == "UPDATE" || m == "PRACK" || m == "REFER" || m == "PUBLISH") {
    reply(*msg, from, 405, {}, {{"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS"}});
    return;
  }
  reply(*msg, from, 501, "Not Implemented", {{"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS"}});
}

void SipServer::handle_invite(Message msg, const Endpoint& from) {
  if (!to_tag(*msg).empty()) {
    // A re-INVITE: the unit holds no sessions of its own. In a proxied dialog it passes through.
    auto it = calls_by_call_id_.find(call_id(*msg));
    if (it != calls_by_call_id_.end() && calls_.count(it->second) != 0 &&
        calls_[it->second]->state == Call::State::answered) {
      forward_stateless_request(std::move(msg), from, *calls_[it->second]);
    } else {
      reply(*msg, from, 481);
    }
    return;
  }
  if (auto req = header(*msg, "require"); req && unit_->default_mode == RoutingMode::redirect) {
    reply(*msg, from, 420, {}, {{"Unsupported", *req}});
    return;
  }
  auto match = resolve_number(*schedule_, *unit_, request_user(*msg));
  if (!match) {
    ++counters_.not_found;
    reply(*msg, from, 404, "Not Found - not a number served here");
    return;
  }
  const LineSettings& line = unit_->line(match->line.line->number);
  const std::uint64_t key = fnv1a(top_branch(*msg), fnv1a(call_id(*msg)));

  if (line.mode == RoutingMode::proxy) {
    // A retransmission reaches its server transaction, which answers it again.
    const std::string text = serialize(*msg);
    osip_event_t* ev = osip_parse(text.data(), text.size());
    if (ev != nullptr && osip_find_transaction_and_add_event(osip_, ev) == OSIP_SUCCESS) {
      ++counters_.retransmissions;
      pump();
      return;
    }
    if (ev != nullptr) osip_event_free(ev);
  }

  // Redirect mode, and every new call: decide at the arrival instant.
  const auto now_steady = steady_clock::now();
  const auto remembered = recent_.find(key, now_steady);
  if (remembered && line.mode == RoutingMode::redirect) {
    ++counters_.retransmissions;
    // The first answer waits for its record's commit and is on its way; answering now could put
    // a 302 on the wire before the record of the call is safe.
    if (!remembered->answered) return;
  }
  // Answers wait for their records' commit, or with durability "power-loss" their sync.
  const bool until_synced = unit_->durability == Durability::power_loss;
  if (!remembered && call_log_ != nullptr && call_log_->backlog(until_synced) >= unit_->limits.max_log_backlog) {
    // The disk is behind: refuse rather than queue without bound; the exchange fails over.
    ++counters_.log_behind;
    if (counters_.log_behind % 1000 == 1) {
      log_.warn("call_log.behind", {{"backlog", std::to_string(call_log_->backlog(until_synced))},
                                    {"refused", std::to_string(counters_.log_behind)}});
    }
    reply(*msg, from, 503, "Service Unavailable - call log behind", {{"Retry-After", "5"}});
    return;
  }
  const Instant t = remembered ? remembered->decided : now();
  if (!remembered) {
    ++counters_.invites;
    recent_.insert(key, {t, call_log_ == nullptr || line.mode != RoutingMode::redirect}, now_steady);
  }
  const bool clock_fault = t < clock_floor_;
  RoutePlan plan = route(*match->line.site, *match->line.line, *match->desk, t);
  if (clock_fault) {
    ++counters_.clock_faults;
    if (!remembered && on_fault) on_fault("clock is unset (" + format_utc(t) + ")");
    // Routing by an unset clock could ring the wrong person or nobody: go to the fallback.
    plan.attempts.clear();
    plan.fallback = &match->desk->fallback;
  }
  if (line.mode == RoutingMode::redirect || draining_ || plan.attempts.empty()) {
    if (line.mode == RoutingMode::proxy && draining_ && !plan.attempts.empty()) {
      reply(*msg, from, 503, "Service Unavailable - shutting down", {{"Retry-After", "10"}});
      return;
    }
    redirect(*msg, from, *match, plan, clock_fault, remembered.has_value(), key);
    return;
  }
  if (calls_in_progress() >= unit_->limits.max_calls) {
    // Too many calls ringing at once: let the exchange route this one to the fallback.
    log_.warn("call.limit", {{"calls", std::to_string(calls_.size())}});
    plan.attempts.clear();
    redirect(*msg, from, *match, plan, clock_fault, remembered.has_value(), key);
    return;
  }
  start_proxy(std::move(msg), from, *match, std::move(plan), clock_fault);
}

// ---------------------------------------------------------------------------------------------
// Redirect mode

void SipServer::redirect(const osip_message_t& invite, const Endpoint& from,
                         const NumberMatch& match, const RoutePlan& plan, bool clock_fault,
                         bool retransmission, std::uint64_t key) {
  Message r = make_response(invite, 302, {}, tag_for(invite));
  if (!r) return;
  double q = 1.0;
  std::string first;
  for (const Attempt& a : plan.attempts) {
    char qs[8];
    std::snprintf(qs, sizeof qs, "%.1f", q);
    const std::string contact = "<" + std::string(a.address) + ">;q=" + qs;
    osip_message_set_contact(r.get(), contact.c_str());
    q = std::max(0.1, q - 0.1);
  }
  if (plan.fallback != nullptr) {
    char qs[8];
    std::snprintf(qs, sizeof qs, "%.1f", plan.attempts.empty() ? 1.0 : std::max(0.1, q));
    const std::string contact = "<" + plan.fallback->address + ">;q=" + qs;
    osip_message_set_contact(r.get(), contact.c_str());
    if (plan.attempts.empty() && !plan.fallback->message.empty()) {
      add_header(*r, "Warning", "399 " + self_.address.to_string() + " " + quoted(plan.fallback->message));
    }
  }
  add_header(*r, "Server", unit_->user_agent);
  if (retransmission || call_log_ == nullptr) {
    send_message(*r, from);
    if (retransmission) return;
  }
  ++counters_.redirected;
  const bool closed = !plan.open;
  if (closed) ++counters_.closed;
  else if (plan.attempts.empty()) ++counters_.fallbacks;
  CallRecord rec;
  rec.call_id = call_id(invite);
  rec.arrived = plan.instant;
  rec.ended = plan.instant;
  rec.line = match.line.line->number;
  rec.desk = match.desk->id;
  rec.mode = "redirect";
  rec.caller = unit_->caller.minimise(from_user(invite));
  rec.open = plan.open;
  rec.day_type = std::string(to_string(plan.day_type));
  rec.coverage_gap = plan.coverage_gap;
  rec.clock_fault = clock_fault;
  rec.outcome = clock_fault ? "fallback" : closed ? "closed" : plan.attempts.empty() ? "fallback" : "redirected";
  rec.fallback = plan.fallback != nullptr ? plan.fallback->address : "";
  // Routed by an unset clock, the plan's words about service hours would be wrong: say why.
  rec.reason = clock_fault ? "The unit's clock is unset (it reads " + format_utc(plan.instant) +
                                 "): the call was sent to the fallback without looking at the schedule."
                           : plan.reason();
  for (const Attempt& a : plan.attempts) {
    rec.attempts.push_back(AttemptRecord{a.role_info != nullptr ? a.role_info->id : "",
                                         a.person != nullptr ? a.person->id : "",
                                         std::string(a.address), plan.instant, plan.instant, 302,
                                         "redirected"});
  }
  log_.debug("call.redirected", {{"call", rec.call_id}, {"line", rec.line}, {"desk", rec.desk},
                                 {"outcome", rec.outcome}});
  if (call_log_ == nullptr) return;
  // The answer leaves once its record is on the disk (durability "power-loss") or committed
  // ("crash"), so losing the unit cannot lose a call that was answered. A failing disk must not
  // stop calls: the record goes to the journal instead, then the answer is sent.
  auto bytes = std::make_shared<std::string>(serialize(*r));
  call_log_->append(
      std::move(rec),
      // Runs on a call-log thread: touches only the io_context (which outlives the call log)
      // until the posted handler has checked that the server is still there. A record that
      // could not be written is in the journal by now (call_log.hpp): the answer goes anyway,
      // and the call log raises its own fault.
      [this, &io = io_, bytes, from, key, alive = alive_](bool) {
        asio::post(io, [this, bytes, from, key, alive] {
          if (!*alive) return;
          recent_.mark_answered(key);
          network_.send(from, std::move(*bytes));
        });
      },
      /*power_safe=*/unit_->durability == Durability::power_loss);
}

// ---------------------------------------------------------------------------------------------
// Proxy mode

void SipServer::start_proxy(Message msg, const Endpoint& from, const NumberMatch& match,
                            RoutePlan plan, bool clock_fault) {
  // The server transaction, so retransmissions and ACKs to our final responses are absorbed.
  const std::string text = serialize(*msg);
  osip_event_t* ev = osip_parse(text.data(), text.size());
  if (ev == nullptr || ev->sip == nullptr) {
    if (ev != nullptr) osip_event_free(ev);
    reply(*msg, from, 500);
    return;
  }
  osip_transaction_t* ist = osip_create_transaction(osip_, ev);
  if (ist == nullptr) {
    osip_event_free(ev);
    reply(*msg, from, 500);
    return;
  }
  auto call = std::make_unique<Call>();
  call->id = next_id_++;
  osip_transaction_set_your_instance(ist, new TxContext{TxContext::Kind::server_invite, call->id, 0, from});
  osip_transaction_add_event(ist, ev);

  call->schedule = schedule_;
  call->unit = unit_;
  call->plan = std::move(plan);
  call->line = unit_->line(match.line.line->number);
  call->caller = from;
  call->ist = ist;
  call->call_id = call_id(*msg);
  call->caller_tag = from_tag(*msg);
  call->branch = top_branch(*msg);
  call->arrived_steady = steady_clock::now();
  CallRecord& rec = call->record;
  rec.call_id = call->call_id;
  rec.arrived = call->plan.instant;
  rec.line = match.line.line->number;
  rec.desk = match.desk->id;
  rec.mode = "proxy";
  rec.caller = unit_->caller.minimise(from_user(*msg));
  rec.open = call->plan.open;
  rec.day_type = std::string(to_string(call->plan.day_type));
  rec.coverage_gap = call->plan.coverage_gap;
  rec.clock_fault = clock_fault;
  rec.reason = call->plan.reason();
  call->invite = std::move(msg);
  ++counters_.proxied;

  // 100 Trying at once, through the transaction.
  Message trying = make_response(*call->invite, 100, {}, {});
  osip_event_t* tev = osip_new_outgoing_sipmessage(trying.release());
  tev->transactionid = ist->transactionid;
  osip_transaction_add_event(ist, tev);

  Call& c = *call;
  calls_by_call_id_[c.call_id] = c.id;
  calls_.emplace(c.id, std::move(call));
  ++active_calls_;
  c.setup_timer = std::make_unique<asio::steady_timer>(io_, unit_->limits.max_call_setup);
  c.setup_timer->async_wait([this, id = c.id](const asio::error_code& e) {
    if (e) return;
    auto it = calls_.find(id);
    if (it != calls_.end() && it->second->state == Call::State::ringing) {
      finish_search_with_fallback(*it->second, "nobody answered within the call set-up limit");
    }
  });
  log_.info("call.proxied", {{"call", c.call_id}, {"line", rec.line}, {"desk", rec.desk},
                             {"attempts", std::to_string(c.plan.attempts.size())}});
  pump();
  ring_next(c);
  if (on_activity) on_activity();
}

std::optional<Endpoint> SipServer::target_of(const std::string& uri, const LineSettings& line) const {
  if (line.outbound) return Endpoint{Transport::udp, line.outbound->first, line.outbound->second, 0};
  if (auto t = ip_target(uri)) return Endpoint{Transport::udp, t->first, t->second, 0};
  return std::nullopt;
}

void SipServer::ring_next(Call& call) {
  while (call.attempt < call.plan.attempts.size()) {
    const Attempt& a = call.plan.attempts[call.attempt];
    const std::string address{a.address};
    AttemptRecord ar{a.role_info != nullptr ? a.role_info->id : "",
                     a.person != nullptr ? a.person->id : "", address, now(), now(), 0, ""};
    auto target = target_of(address, call.line);
    osip_uri_t* uri = nullptr;
    if (!target || osip_uri_init(&uri) != 0 || osip_uri_parse(uri, address.c_str()) != 0) {
      if (uri != nullptr) osip_uri_free(uri);
      ar.result = "error";
      call.record.attempts.push_back(ar);
      log_.warn("call.attempt_unreachable", {{"call", call.call_id}, {"address", address}});
      ++call.attempt;
      continue;
    }
    // Forward the INVITE (RFC 3261 §16.6): new Request-URI, Max-Forwards - 1, Record-Route, Via.
    osip_message_t* fwd = nullptr;
    osip_message_clone(call.invite.get(), &fwd);
    osip_uri_free(fwd->req_uri);
    fwd->req_uri = uri;
    const auto mf = max_forwards(*fwd);
    set_max_forwards(*fwd, mf ? *mf - 1 : 70);
    pop_own_route(*fwd, self_);
    const std::string self_host = self_.address.to_string() + ":" + std::to_string(self_.port);
    osip_message_set_record_route(fwd, ("<sip:" + self_host + ";lr>").c_str());
    const std::string via = "SIP/2.0/UDP " + self_host + ";branch=" + new_branch() + ";rport";
    osip_via_t* v = nullptr;
    osip_via_init(&v);
    osip_via_parse(v, via.c_str());
    osip_list_add(&fwd->vias, v, 0);

    osip_transaction_t* ict = nullptr;
    if (osip_transaction_init(&ict, ICT, osip_, fwd) != 0) {
      osip_message_free(fwd);
      ar.result = "error";
      call.record.attempts.push_back(ar);
      ++call.attempt;
      continue;
    }
    osip_ict_set_destination(ict->ict_context, osip_dup(target->address.to_string()), target->port);
    osip_transaction_set_your_instance(
        ict, new TxContext{TxContext::Kind::client_invite, call.id, call.attempt, *target});
    osip_event_t* ev = osip_new_outgoing_sipmessage(fwd);
    ev->transactionid = ict->transactionid;
    osip_transaction_add_event(ict, ev);
    live_.emplace(ict, steady_clock::time_point{});

    call.ict = ict;
    call.callee = *target;
    call.attempt_started = steady_clock::now();
    call.record.attempts.push_back(ar);
    if (call.attempt > 0) call.record.outcome = "escalated";
    call.ring_timer = std::make_unique<asio::steady_timer>(io_, a.ring_timeout);
    call.ring_timer->async_wait([this, id = call.id, n = call.attempt](const asio::error_code& e) {
      if (!e) on_ring_timeout(id, n);
    });
    log_.info("call.ringing", {{"call", call.call_id},
                               {"role", ar.role},
                               {"person", ar.person},
                               {"address", address},
                               {"ring_s", std::to_string(a.ring_timeout.count())}});
    pump();
    return;
  }
  finish_search_with_fallback(call, call.plan.attempts.empty() ? "nobody on duty"
                                                               : "nobody answered");
}

// CANCELs a ringing branch (RFC 3261 §9.1: only once it has answered provisionally; until then
// the wish is remembered) and lets the transaction go.
void SipServer::cancel_branch(osip_transaction_t* ict) {
  if (live_.count(ict) == 0) return;
  auto* ctx = static_cast<TxContext*>(osip_transaction_get_your_instance(ict));
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
  osip_message_init(&cancel);
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
  osip_nict_set_destination(nict->nict_context, osip_dup(ctx->peer.address.to_string()), ctx->peer.port);
  osip_transaction_set_your_instance(
      nict, new TxContext{TxContext::Kind::client_cancel, ctx->call, ctx->attempt, ctx->peer});
  osip_event_t* ev = osip_new_outgoing_sipmessage(cancel);
  ev->transactionid = nict->transactionid;
  osip_transaction_add_event(nict, ev);
  pump();
}

// Ring timeout of attempt `n`: CANCEL that branch and ring the next.
void SipServer::on_ring_timeout(std::uint64_t id, std::size_t n) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  if (call.state != Call::State::ringing || call.attempt != n) return;
  if (call.ict != nullptr) cancel_branch(call.ict);
  if (!call.record.attempts.empty()) {
    call.record.attempts.back().ended = now();
    call.record.attempts.back().result = "no-answer";
  }
  log_.info("call.no_answer", {{"call", call.call_id}, {"attempt", std::to_string(n + 1)}});
  call.ict = nullptr;
  ++call.attempt;
  ring_next(call);
  pump();
}

void SipServer::finish_search_with_fallback(Call& call, std::string_view why) {
  if (call.state != Call::State::ringing) return;
  call.state = Call::State::ended;
  --active_calls_;
  if (call.ring_timer) call.ring_timer->cancel();
  if (call.ict != nullptr) cancel_branch(call.ict);
  const Fallback* fb = call.plan.fallback;
  ++counters_.fallbacks;
  if (call.ist != nullptr && fb != nullptr) {
    Message r = make_response(*call.invite, 302, {}, tag_for(*call.invite));
    const std::string contact = "<" + fb->address + ">";
    osip_message_set_contact(r.get(), contact.c_str());
    if (!fb->message.empty()) {
      add_header(*r, "Warning", "399 " + self_.address.to_string() + " " + quoted(fb->message));
    }
    add_header(*r, "Server", unit_->user_agent);
    osip_event_t* ev = osip_new_outgoing_sipmessage(r.release());
    ev->transactionid = call.ist->transactionid;
    osip_transaction_add_event(call.ist, ev);
  }
  call.record.outcome = call.plan.open ? "fallback" : "closed";
  call.record.fallback = fb != nullptr ? fb->address : "";
  call.record.ended = now();
  call.record.wait_ms = ms_between(call.arrived_steady, steady_clock::now());
  log_.info("call.fallback", {{"call", call.call_id},
                              {"line", call.record.line},
                              {"why", std::string(why)},
                              {"to", call.record.fallback}});
  pump();
  end_call(call.id);
}

void SipServer::end_call(std::uint64_t id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  if (call.record.outcome == "caller-gave-up" || call.record.outcome == "fallback" ||
      call.record.outcome == "closed" || call.record.outcome == "escalated") {
    if (call.record.outcome == "escalated") call.record.outcome = "fallback";
    if (call_log_) call_log_->append(call.record, {}, true);
  }
  if (call.state == Call::State::answered && !call.record.ended) {
    // The dialog outlived the unit's interest (shutdown or lost BYE): record what is known.
    call.record.ended = now();
    if (call_log_) call_log_->append(call.record, {}, true);
  }
  auto by = calls_by_call_id_.find(call.call_id);
  if (by != calls_by_call_id_.end() && by->second == id) calls_by_call_id_.erase(by);
  if (call.state != Call::State::ended) --active_calls_;
  calls_.erase(it);
  if (on_activity) on_activity();
}

void SipServer::on_client_response(osip_transaction_t* tr, osip_message_t* msg) {
  auto* ctx = static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
  if (ctx == nullptr) return;
  auto it = calls_.find(ctx->call);
  const int code = status(*msg);
  if (ctx->kind == TxContext::Kind::client_cancel) return;  // 200 to our CANCEL
  if (code < 200) {
    ctx->got_provisional = true;
    if (ctx->cancel_wanted) {
      cancel_branch(tr);
      return;
    }
  }
  if (it == calls_.end()) {
    // The call is gone (the caller cancelled while this branch answered): the callee's session
    // is left to the exchange's session timer. Rare; logged so it can be seen.
    if (code >= 200 && code < 300) self_log_late_answer(ctx->call);
    return;
  }
  Call& call = *it->second;
  const bool current = call.ict == tr && call.attempt == ctx->attempt && call.state == Call::State::ringing;
  if (code < 200) {
    if (!current || code == 100) return;
    osip_message_t* up = nullptr;
    osip_message_clone(msg, &up);
    remove_top_via(*up);
    osip_event_t* ev = osip_new_outgoing_sipmessage(up);
    ev->transactionid = call.ist->transactionid;
    osip_transaction_add_event(call.ist, ev);
    return;
  }
  if (code < 300) {
    if (!current) {
      if (call.state == Call::State::answered && call.callee.address == ctx->peer.address &&
          call.callee.port == ctx->peer.port) {
        forward_stateless_response(Message{[&] {
          osip_message_t* c = nullptr;
          osip_message_clone(msg, &c);
          return c;
        }()});
      }
      return;
    }
    if (call.ring_timer) call.ring_timer->cancel();
    if (call.setup_timer) call.setup_timer->cancel();
    call.state = Call::State::answered;
    ++counters_.answered;
    const auto t = steady_clock::now();
    call.record.answered = now();
    call.record.wait_ms = ms_between(call.arrived_steady, t);
    call.record.outcome = call.attempt == 0 ? "answered" : "escalated-answered";
    const Attempt& a = call.plan.attempts[call.attempt];
    call.record.answered_role = a.role_info != nullptr ? a.role_info->id : "";
    call.record.answered_person = a.person != nullptr ? a.person->id : "";
    if (!call.record.attempts.empty()) {
      call.record.attempts.back().ended = now();
      call.record.attempts.back().response = code;
      call.record.attempts.back().result = "answered";
    }
    osip_message_t* up = nullptr;
    osip_message_clone(msg, &up);
    remove_top_via(*up);
    osip_event_t* ev = osip_new_outgoing_sipmessage(up);
    ev->transactionid = call.ist->transactionid;
    osip_transaction_add_event(call.ist, ev);
    call.ict = nullptr;
    log_.info("call.answered", {{"call", call.call_id},
                                {"person", call.record.answered_person},
                                {"wait_ms", std::to_string(*call.record.wait_ms)}});
    if (on_activity) on_activity();
    return;
  }
  // A final failure: the branch is done; ring the next.
  if (!current) return;
  if (call.ring_timer) call.ring_timer->cancel();
  if (!call.record.attempts.empty()) {
    call.record.attempts.back().ended = now();
    call.record.attempts.back().response = code;
    call.record.attempts.back().result = attempt_result(code);
  }
  log_.info("call.attempt_failed", {{"call", call.call_id}, {"status", std::to_string(code)}});
  call.ict = nullptr;
  ++call.attempt;
  ring_next(call);
}

void SipServer::self_log_late_answer(std::uint64_t id) {
  log_.warn("call.late_answer", {{"call_index", std::to_string(id)}});
}

void SipServer::on_client_timeout(osip_transaction_t* tr) {
  auto* ctx = static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
  if (ctx == nullptr || ctx->kind != TxContext::Kind::client_invite) return;
  auto it = calls_.find(ctx->call);
  if (it == calls_.end()) return;
  Call& call = *it->second;
  if (call.ict != tr || call.state != Call::State::ringing) return;
  if (call.ring_timer) call.ring_timer->cancel();
  if (!call.record.attempts.empty()) {
    call.record.attempts.back().ended = now();
    call.record.attempts.back().result = "no-answer";
    call.record.attempts.back().response = 408;
  }
  call.ict = nullptr;
  ++call.attempt;
  ring_next(call);
}

void SipServer::forward_stateless_request(Message msg, const Endpoint&, Call& call) {
  const bool towards_callee = from_tag(*msg) == call.caller_tag;
  Endpoint to = towards_callee ? call.callee : call.caller;
  pop_own_route(*msg, self_);
  const auto mf = max_forwards(*msg);
  if (mf && *mf <= 0) return;
  set_max_forwards(*msg, mf ? *mf - 1 : 70);
  const std::string self_host = self_.address.to_string() + ":" + std::to_string(self_.port);
  // A stateless proxy's branch is a function of the request (RFC 3261 §16.11).
  const std::string via = "SIP/2.0/UDP " + self_host + ";branch=z9hG4bK-" + instance_ + "-s" +
                          hex64(fnv1a(top_branch(*msg), fnv1a(std::string(method(*msg)))), 12) + ";rport";
  osip_via_t* v = nullptr;
  osip_via_init(&v);
  osip_via_parse(v, via.c_str());
  osip_list_add(&msg->vias, v, 0);
  send_message(*msg, to);
}

void SipServer::forward_stateless_response(Message msg) {
  // Only responses to requests this unit forwarded carry its Via on top.
  const std::string branch = top_branch(*msg);
  if (branch.rfind("z9hG4bK-" + instance_ + "-", 0) != 0) return;
  remove_top_via(*msg);
  auto it = calls_by_call_id_.find(call_id(*msg));
  if (it == calls_by_call_id_.end()) return;
  auto c = calls_.find(it->second);
  if (c == calls_.end()) return;
  Call& call = *c->second;
  // Responses go back where the request came from: the BYE's sender, else the caller.
  Endpoint to = call.caller;
  if (cseq_method(*msg) == "BYE" && call.bye_from) to = *call.bye_from;
  send_message(*msg, to);
}

void SipServer::handle_response(Message msg, const Endpoint&) {
  const std::string text = serialize(*msg);
  osip_event_t* ev = osip_parse(text.data(), text.size());
  if (ev != nullptr) {
    if (osip_find_transaction_and_add_event(osip_, ev) == OSIP_SUCCESS) {
      pump();
      return;
    }
    osip_event_free(ev);
  }
  forward_stateless_response(std::move(msg));
}

// ---------------------------------------------------------------------------------------------
// oSIP plumbing

int SipServer::osip_send(osip_transaction_t* tr, osip_message_t* msg, char* host, int port, int) {
  auto* self = static_cast<SipServer*>(osip_get_application_context(static_cast<osip_t*>(tr->config)));
  auto* ctx = static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
  Endpoint to;
  if (ctx != nullptr && ctx->kind == TxContext::Kind::server_invite) {
    to = ctx->peer;  // responses go back the way the request came (and on its TCP connection)
  } else if (ctx != nullptr) {
    to = ctx->peer;
  } else {
    asio::error_code ec;
    to.address = asio::ip::make_address(host != nullptr ? host : "", ec);
    if (ec) return -1;
    to.port = static_cast<std::uint16_t>(port);
  }
  self->send_message(*msg, to);
  return 0;
}

void SipServer::osip_message_event(int type, osip_transaction_t* tr, osip_message_t* msg) {
  auto* self = static_cast<SipServer*>(osip_get_application_context(static_cast<osip_t*>(tr->config)));
  if (type == OSIP_ICT_STATUS_TIMEOUT) {
    self->on_client_timeout(tr);
    return;
  }
  if (msg != nullptr) self->on_client_response(tr, msg);
}

void SipServer::osip_kill(int, osip_transaction_t* tr) {
  auto* self = static_cast<SipServer*>(osip_get_application_context(static_cast<osip_t*>(tr->config)));
  auto* ctx = static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
  if (ctx != nullptr) {
    auto it = self->calls_.find(ctx->call);
    if (it != self->calls_.end()) {
      if (it->second->ist == tr) it->second->ist = nullptr;
      if (it->second->ict == tr) it->second->ict = nullptr;
    }
  }
  osip_remove_transaction(static_cast<osip_t*>(tr->config), tr);
  self->live_.erase(tr);
  self->abandoned_.erase(tr);
  self->dead_.push_back(tr);
}

void SipServer::osip_transport_error(int, osip_transaction_t* tr, int) {
  auto* self = static_cast<SipServer*>(osip_get_application_context(static_cast<osip_t*>(tr->config)));
  self->log_.warn("sip.transport_error", {});
}

void SipServer::abandon(osip_transaction_t* tr) {
  if (live_.count(tr) != 0) abandoned_[tr] = steady_clock::now() + std::chrono::seconds(32);
}

void SipServer::reap_abandoned() {
  const auto now_steady = steady_clock::now();
  for (auto it = abandoned_.begin(); it != abandoned_.end();) {
    if (it->second > now_steady) {
      ++it;
      continue;
    }
    osip_transaction_t* tr = it->first;
    it = abandoned_.erase(it);
    if (live_.erase(tr) == 0) continue;
    osip_remove_transaction(osip_, tr);
    delete static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
    osip_transaction_free2(tr);
  }
}

void SipServer::pump() {
  if (pumping_) return;
  pumping_ = true;
  for (int round = 0; round < 8; ++round) {
    osip_timers_ict_execute(osip_);
    osip_timers_ist_execute(osip_);
    osip_timers_nict_execute(osip_);
    osip_timers_nist_execute(osip_);
    osip_ict_execute(osip_);
    osip_ist_execute(osip_);
    osip_nict_execute(osip_);
    osip_nist_execute(osip_);
    if (dead_.empty()) break;
    for (osip_transaction_t* tr : dead_) {
      delete static_cast<TxContext*>(osip_transaction_get_your_instance(tr));
      osip_transaction_free2(tr);
    }
    dead_.clear();
  }
  pumping_ = false;
  if (!abandoned_.empty()) reap_abandoned();
  schedule_timers();
}

void SipServer::schedule_timers() {
  if (transactions() == 0) return;
  if (osip_timer_.expiry() > steady_clock::now()) return;  // already armed
  osip_timer_.expires_after(std::chrono::milliseconds(20));
  osip_timer_.async_wait([this](const asio::error_code& e) {
    if (!e) pump();
  });
}

}  // namespace samtel::fw
