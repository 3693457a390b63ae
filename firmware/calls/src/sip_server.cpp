#include "samtel/calls/sip_server.hpp"

#include <cstdio>
#include <random>

#include <asio/post.hpp>

#include "samtel/calls/record_builder.hpp"
#include "samtel/calls/redirect.hpp"

namespace samtel::fw {
namespace {

constexpr const char* kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS";

std::string random_instance() {
  std::random_device rd;
  const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(buf + 8);
}

}  // namespace

SipServer::SipServer(asio::io_context& io, Network& network, Endpoint self, const Clock& clock,
                     Timers& timers, CallLog* call_log, Logger& log)
    : io_(io),
      network_(network),
      self_(std::move(self)),
      clock_(clock),
      timers_(timers),
      call_log_(call_log),
      log_(log),
      responder_(network, random_instance()),
      proxy_(responder_, timers, clock, call_log, self_, counters_, log) {
  sip_init();
  proxy_.on_activity = [this] {
    if (on_activity) on_activity();
  };
}

SipServer::~SipServer() { *alive_ = false; }

void SipServer::configure(std::shared_ptr<const Schedule> schedule,
                          std::shared_ptr<const UnitConfig> unit) {
  schedule_ = std::move(schedule);
  unit_ = std::move(unit);
  admission_.configure(*unit_);
  responder_.set_user_agent(unit_->user_agent);
}

// ---------------------------------------------------------------------------------------------
// Receiving: parse once, admit, dispatch.

void SipServer::receive(std::string_view bytes, const Endpoint& from) {
  ++counters_.received;
  if (!unit_ || !schedule_) return;
  // An ACK to a 302 (or any ACK while no call is proxied) belongs to nothing the unit keeps and
  // is never answered: absorbed before it is parsed, as most of the traffic in redirect mode.
  if (bytes.substr(0, 4) == "ACK " && proxy_.idle()) return;
  const auto stripped = without_multipart_body(bytes);
  auto parsed = parse_message(stripped ? std::string_view(*stripped) : bytes);
  if (!parsed) {
    ++counters_.malformed;
    ParseError& e = parsed.error();
    if (e.answerable && e.partial && unit_->trusted_source(from.address) &&
        method(*e.partial) != "ACK") {
      stamp_top_via(*e.partial, from.address.to_string(), from.port);
      const int code = e.status;
      responder_.reply(describe(std::move(e.partial)), from, code,
                       code == 505 ? "Version Not Supported" : "Bad Request - " + e.reason);
    }
    log_.debug(JournalEvent::sip_malformed, {{"from", to_string(from)}, {"reason", e.reason}});
    return;
  }
  SipMessage msg = std::move(*parsed);
  if (msg.request) stamp_top_via(*msg.tree, from.address.to_string(), from.port);
  const Verdict verdict = admission_.check(from.address, msg.request, bytes.size(),
                                           stripped.has_value(), timers_.now());
  switch (verdict) {
    case Verdict::admit: break;
    case Verdict::untrusted:
      ++counters_.untrusted;
      if (!msg.request) return;
      // Summed up by the daemon per interval (one line, not one per request).
      last_untrusted_ = from.address;
      log_.debug(JournalEvent::sip_untrusted,
                 {{"from", to_string(from)}, {"method", msg.method_name}});
      break;
    case Verdict::rate_limited: ++counters_.rate_limited; break;
    case Verdict::oversized: ++counters_.oversized; break;
    case Verdict::unsupported_body: break;
  }
  if (verdict != Verdict::admit) {
    if (msg.method != Method::ack) {
      const Refusal r = refusal(verdict);
      responder_.reply(msg, from, r.code, r.reason, r.headers);
    }
    return;
  }
  if (!msg.request) {
    if (auto unclaimed = proxy_.feed(std::move(msg))) proxy_.on_response(std::move(*unclaimed));
    return;
  }
  handle_request(std::move(msg), from);
}

void SipServer::reject_stream(std::string_view head, const Endpoint& from, std::string_view reason,
                              int code) {
  ++counters_.received;
  ++counters_.malformed;
  if (!unit_ || head.empty()) return;
  if (!unit_->trusted_source(from.address)) {
    ++counters_.untrusted;
    return;
  }
  auto parsed = parse_message(head_without_body(head));
  SipMessage req = parsed ? std::move(*parsed) : describe(std::move(parsed.error().partial));
  if (!req.tree || !req.request || req.method == Method::ack) return;
  stamp_top_via(*req.tree, from.address.to_string(), from.port);
  responder_.reply(
      req, from, code,
      code == 513 ? std::string("Message Too Large") : "Bad Request - " + std::string(reason));
  log_.debug(JournalEvent::sip_unframeable,
             {{"from", to_string(from)}, {"reason", std::string(reason)}});
}

void SipServer::handle_request(SipMessage msg, const Endpoint& from) {
  if (msg.scheme == UriScheme::other) {
    if (msg.method != Method::ack) responder_.reply(msg, from, 416);
    return;
  }
  if (msg.method == Method::ack) {
    proxy_.on_ack(std::move(msg), from);
    return;
  }
  if (msg.max_forwards && *msg.max_forwards == 0 && msg.method != Method::options) {
    responder_.reply(msg, from, 483);
    return;
  }
  if (msg.proxy_require) {
    responder_.reply(msg, from, 420, {}, {{"Unsupported", *msg.proxy_require}});
    return;
  }
  switch (msg.method) {
    case Method::invite: handle_invite(std::move(msg), from); return;
    case Method::options:
      ++counters_.options;
      responder_.reply(msg, from, 200, {}, {{"Allow", kAllow}, {"Accept", "application/sdp"}});
      return;
    case Method::cancel: proxy_.on_cancel(std::move(msg), from); return;
    case Method::bye: proxy_.on_bye(std::move(msg), from); return;
    case Method::other:
      responder_.reply(msg, from, 501, "Not Implemented", {{"Allow", kAllow}});
      return;
    default:  // a SIP method the unit does not serve
      responder_.reply(msg, from, 405, {}, {{"Allow", kAllow}});
      return;
  }
}

void SipServer::handle_invite(SipMessage msg, const Endpoint& from) {
  if (!msg.to_tag.empty()) {
    // A re-INVITE: the unit holds no sessions of its own. In a proxied dialog it passes through.
    proxy_.on_reinvite(std::move(msg), from);
    return;
  }
  if (msg.require && unit_->default_mode == RoutingMode::redirect) {
    responder_.reply(msg, from, 420, {}, {{"Unsupported", *msg.require}});
    return;
  }
  auto match = resolve_number(*schedule_, *unit_, msg.dialled);
  if (!match) {
    ++counters_.not_found;
    responder_.reply(msg, from, 404, "Not Found - not a number served here");
    return;
  }
  const LineSettings& line = unit_->line(match->line.line->number);
  const std::uint64_t key = msg.transaction_key;

  if (line.mode == RoutingMode::proxy) {
    // A retransmission reaches its server transaction, which answers it again.
    auto unclaimed = proxy_.feed(std::move(msg));
    if (!unclaimed) {
      ++counters_.retransmissions;
      return;
    }
    msg = std::move(*unclaimed);
    switch (proxy_.known(msg)) {
      case ProxiedCalls::Known::retransmission: ++counters_.retransmissions; return;
      case ProxiedCalls::Known::merged: responder_.reply(msg, from, 482); return;
      case ProxiedCalls::Known::none: break;
    }
  }

  // Redirect mode, and every new call: decide at the arrival instant.
  const MonoTime now_steady = timers_.now();
  const auto remembered = recent_.find(key, now_steady);
  if (remembered) {
    ++counters_.retransmissions;
    // A redirect's first answer waits for its record's commit and is on its way; answering now
    // could put a 302 on the wire before the record of the call is safe. (A proxied call's INVITE
    // is never marked answered: its answers were its server transaction's.)
    if (!remembered->answered) return;
  }
  // Answers wait for their records' commit, or with durability "power-loss" their sync.
  const bool until_synced = unit_->durability == Durability::power_loss;
  if (!remembered && call_log_ != nullptr &&
      call_log_->backlog(until_synced) >= unit_->limits.max_log_backlog) {
    // The disk is behind: refuse rather than queue without bound; the exchange fails over.
    ++counters_.log_behind;
    if (counters_.log_behind % 1000 == 1) {
      log_.warn(JournalEvent::call_log_behind,
                {{"backlog", std::to_string(call_log_->backlog(until_synced))},
                 {"refused", std::to_string(counters_.log_behind)}});
    }
    responder_.reply(msg, from, 503, "Service Unavailable - call log behind",
                     {{"Retry-After", "5"}});
    return;
  }
  const Instant t = remembered ? remembered->decided : clock_.now();
  if (!remembered) {
    ++counters_.invites;
    recent_.insert(key, {t, false}, now_steady);
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
      responder_.reply(msg, from, 503, "Service Unavailable - shutting down",
                       {{"Retry-After", "10"}});
      return;
    }
    redirect(msg, from, *match, plan, clock_fault, remembered.has_value());
    return;
  }
  if (calls_in_progress() >= unit_->limits.max_calls) {
    // Too many calls ringing at once: let the exchange route this one to the fallback.
    log_.warn(JournalEvent::call_limit, {{"calls", std::to_string(calls_in_progress())}});
    plan.attempts.clear();
    redirect(msg, from, *match, plan, clock_fault, remembered.has_value());
    return;
  }
  if (!proxy_.start(std::move(msg), from, *match, std::move(plan), schedule_, unit_)) {
    // NOLINTNEXTLINE(bugprone-use-after-move): start() leaves it untouched when it returns false.
    responder_.reply(msg, from, 500);
  }
}

// ---------------------------------------------------------------------------------------------
// Redirect mode

void SipServer::redirect(const SipMessage& invite, const Endpoint& from, const NumberMatch& match,
                         const RoutePlan& plan, bool clock_fault, bool retransmission) {
  Message r = make_redirect(*invite.tree, responder_.tag_for(invite), redirect_target(plan),
                            self_.address.to_string(), unit_->user_agent);
  if (!r) return;
  if (retransmission || call_log_ == nullptr) {
    responder_.send(*r, from);
    recent_.mark_answered(invite.transaction_key);
    if (retransmission) return;
  }
  ++counters_.redirected;
  if (!plan.open)
    ++counters_.closed;
  else if (plan.attempts.empty())
    ++counters_.fallbacks;
  CallRecord rec = begin_record(invite.call_id, invite.caller, match, plan, RoutingMode::redirect,
                                unit_->caller, clock_fault);
  finish_redirect(rec, plan, clock_fault);
  log_.debug(JournalEvent::call_redirected, {{"call", rec.call_id},
                                             {"line", rec.line},
                                             {"desk", rec.desk},
                                             {"outcome", std::string(to_string(rec.outcome))}});
  if (call_log_ == nullptr) return;
  // The answer leaves once its record is on the disk (durability "power-loss") or committed
  // ("crash"), so losing the unit cannot lose a call that was answered. A failing disk must not
  // stop calls: the record goes to the journal instead, then the answer is sent.
  auto bytes = std::make_shared<std::string>(serialize(*r));
  call_log_->append(
      std::move(rec),
      // Runs on a call-log thread: touches only the io_context (which outlives the call log)
      // until the posted handler has checked that the server is still there. A record that
      // could not be written is in the journal by now (store/call_log.hpp): the answer goes
      // anyway, and the call log raises its own fault.
      [this, &io = io_, bytes, from, key = invite.transaction_key, alive = alive_](bool) {
        asio::post(io, [this, bytes, from, key, alive] {
          if (!*alive) return;
          recent_.mark_answered(key);
          network_.send(from, std::move(*bytes));
        });
      },
      /*power_safe=*/unit_->durability == Durability::power_loss);
}

}  // namespace samtel::fw
