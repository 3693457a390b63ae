// The non-INVITE client transaction of a SIP MESSAGE (samtel/notices/sip_transaction.hpp): Timers
// E and F of RFC 3261 §17.1.2.2 on the monotonic time given, responses matched by §17.1.3.
#include "samtel/notices/sip_transaction.hpp"

#include <algorithm>

namespace samtel::fw::notices {

using std::chrono::milliseconds;

SipTransaction::SipTransaction(std::string request, std::string branch, std::string call_id,
                               std::string method, SipTimers timers)
    : request_(std::move(request)),
      branch_(std::move(branch)),
      call_id_(std::move(call_id)),
      method_(std::move(method)),
      timers_(timers) {
  timers_.timeout = std::min(timers_.timeout, 64 * timers_.t1);
}

const std::string& SipTransaction::start(MonoTime now) {
  if (state_ == State::created) {
    state_ = State::trying;
    interval_e_ = timers_.t1;
    timer_e_ = now + interval_e_;
    timer_f_ = now + timers_.timeout;
    ++transmissions_;
  }
  return request_;
}

bool SipTransaction::on_response(const SipMessage& message, MonoTime /*now*/) {
  if (message.request || message.branch != branch_ || message.call_id != call_id_ ||
      message.cseq_method != method_) {
    return false;
  }
  if (state_ != State::trying && state_ != State::proceeding) return true;
  if (message.status < 200) {
    // Provisional: Timer E runs on and is reset to T2 when it next fires (§17.1.2.2); Timer F
    // stands.
    if (state_ == State::trying) state_ = State::proceeding;
    return true;
  }
  state_ = State::ended;
  status_ = message.status;
  reason_ = message.reason;
  outcome_ = message.status < 300 ? Outcome::delivered : Outcome::refused;
  return true;
}

std::optional<MonoTime> SipTransaction::next_wakeup() const {
  if (state_ != State::trying && state_ != State::proceeding) return std::nullopt;
  return std::min(timer_e_, timer_f_);
}

std::optional<std::string> SipTransaction::on_timer(MonoTime now) {
  if (state_ != State::trying && state_ != State::proceeding) return std::nullopt;
  if (now >= timer_f_) {
    state_ = State::ended;
    outcome_ = Outcome::timed_out;
    return std::nullopt;
  }
  if (now < timer_e_) return std::nullopt;
  interval_e_ = state_ == State::trying ? std::min(2 * interval_e_, timers_.t2) : timers_.t2;
  timer_e_ = now + interval_e_;
  ++transmissions_;
  return request_;
}

std::string SipTransaction::error() const {
  switch (outcome_) {
    case Outcome::refused: return std::to_string(status_) + (reason_.empty() ? "" : " " + reason_);
    case Outcome::timed_out: {
      const auto ms = timers_.timeout.count();
      return "no final response within " +
             (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms");
    }
    case Outcome::pending:
    case Outcome::delivered: return {};
  }
  return {};
}

std::string_view to_string(SipTransaction::Outcome o) {
  switch (o) {
    case SipTransaction::Outcome::pending: return "pending";
    case SipTransaction::Outcome::delivered: return "delivered";
    case SipTransaction::Outcome::refused: return "refused";
    case SipTransaction::Outcome::timed_out: return "timed-out";
  }
  return "";
}

}  // namespace samtel::fw::notices
