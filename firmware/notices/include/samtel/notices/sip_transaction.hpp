#pragma once
// samtel/notices/sip_transaction.hpp — a SIP non-INVITE client transaction over UDP (RFC 3261
// §17.1.2), the one a notice's SIP MESSAGE (RFC 3428) goes out in: a pure state machine, without
// sockets, sleeps or a clock of its own.
//
// Promises:
//  * `start(now)` gives the request to send; it is retransmitted when Timer E fires: T1 (500 ms)
//    after the start, then doubling up to T2 (4 s) while no response has come, every T2 once a
//    provisional one has (§17.1.2.2). `on_timer(now)` gives the request again when a retransmission
//    is due, and nothing otherwise.
//  * Timer F (64·T1 = 32 s, or the shorter `timeout` given) ends the transaction as `timed_out`
//    when no final response came before it.
//  * `on_response()` takes a parsed message and tells whether it belongs to this transaction: a
//    response whose top Via branch, Call-ID and CSeq method are the request's (§17.1.3). Any other
//    message changes nothing. A 1xx moves it to proceeding; a 2xx ends it `delivered`; any other
//    final response ends it `refused` with the status and reason kept for the error text.
//  * Once it has ended nothing changes it and it asks for no wake-up (`next_wakeup()` nullopt); a
//    retransmitted final response is simply not needed (the socket is closed, so Timer K is not
//    kept).
//
//   SipTransaction tx(request, branch, call_id, "MESSAGE");
//   send(tx.start(mono.now()));
//   while (!tx.ended()) {
//     if (auto bytes = receive_until(*tx.next_wakeup())) tx.on_response(parse(*bytes), now());
//     else if (auto again = tx.on_timer(now())) send(*again);
//   }
//   if (tx.outcome() != SipTransaction::Outcome::delivered) return tx.error();
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "samtel/notices/notice.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw::notices {

struct SipTimers {
  std::chrono::milliseconds t1{500};
  std::chrono::milliseconds t2{4000};
  // Timer F; at most 64·T1 (a longer one is cut to it).
  std::chrono::milliseconds timeout{32000};
};

class SipTransaction {
 public:
  enum class State : std::uint8_t {
    created,     // start() not yet called
    trying,      // sent, no response yet
    proceeding,  // a provisional response came
    ended,       // a final response came or Timer F fired
  };
  enum class Outcome : std::uint8_t {
    pending,    // not ended
    delivered,  // a 2xx
    refused,    // a final response other than 2xx
    timed_out,  // no final response within Timer F
  };

  // `request`: the whole request as sent; `branch`, `call_id`, `method`: its top Via branch, its
  // Call-ID and its method, which a response to it repeats.
  SipTransaction(std::string request, std::string branch, std::string call_id, std::string method,
                 SipTimers timers = {});

  // The request to send now; Timers E and F start.
  const std::string& start(MonoTime now);
  // True when `message` is a response of this transaction (see above).
  bool on_response(const SipMessage& message, MonoTime now);
  // When on_timer() is next needed; nullopt when ended (or not started).
  std::optional<MonoTime> next_wakeup() const;
  // The request again when Timer E has fired; ends the transaction when Timer F has.
  std::optional<std::string> on_timer(MonoTime now);

  State state() const { return state_; }
  Outcome outcome() const { return outcome_; }
  bool ended() const { return state_ == State::ended; }
  int status() const { return status_; }  // of the final response; 0 when none came
  const std::string& reason() const { return reason_; }
  // refused: "404 Not Found"; timed_out: "no final response within 32 s"; otherwise "".
  std::string error() const;
  int transmissions() const { return transmissions_; }

 private:
  std::string request_, branch_, call_id_, method_;
  SipTimers timers_;
  State state_ = State::created;
  Outcome outcome_ = Outcome::pending;
  MonoTime timer_e_{}, timer_f_{};
  std::chrono::milliseconds interval_e_{};
  int status_ = 0;
  std::string reason_;
  int transmissions_ = 0;
};

std::string_view to_string(SipTransaction::Outcome o);

}  // namespace samtel::fw::notices
