#pragma once
// samtel/notices/notifier.hpp — what to tell whom and when: the notifier's state machine, pure.
//
// Promises:
//  * `observe()` compares samteld's state (its faults, whether it is alive) and the published
//    schedule's maintenance windows with what it saw before, and makes the notices due:
//      - fault-raised / fault-cleared: a fault kind appearing in or leaving samteld's status;
//      - restarted-after-crash: samteld running again after its process went away without writing
//        its stop, or running with a new start time when the last status seen was not "stopped";
//      - maintenance-announced: from `announce_before` (the site's) ahead of a window's start,
//      until
//        it starts; maintenance-started while it lasts; maintenance-ended for a day after its end.
//    Every notice has a key (notice.hpp); a key already made (or given to `remember()`, from the
//    notice log) is never made again.
//  * Each notice becomes one delivery per contact that wants its kind and per way the contact has
//    (e-mail, webhook, SIP MESSAGE to its SIP address), in that order. Faults and restarts go to
//    the contacts of every site; maintenance to the site's.
//  * `due()` hands out the deliveries to attempt now, at most `per_contact_limit` per contact in
//    any `per_contact_window` (the rest wait, none is dropped). A failed attempt is retried after
//    `first_retry`, doubling up to `longest_retry`; after `max_attempts` it is given up.
//  * Pure: no clock is read, no file, socket or process touched. The wall time and the monotonic
//    time are arguments; retries and the rate limit run on monotonic time only, so a step of the
//    wall clock neither sends twice nor holds back a retry.
//
//   Notifier n{settings};
//   for (auto& notice : n.observe(schedule, unit, wall.now(), mono.now())) log(notice);
//   for (const Delivery& d : n.due(mono.now())) n.finished(d.id, send(d), mono.now());
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "samtel/notices/notice.hpp"
#include "samtel/schedule.hpp"
#include "samtel/status/unit_status.hpp"

namespace samtel::fw::notices {

// samteld as the admin service sees it.
struct UnitObservation {
  enum class Liveness {
    unknown,  // no status file, or one that cannot be read: nothing is concluded
    running,  // routing or fault, its process alive
    stopped,  // stopped cleanly
    gone,     // its process went away without writing its stop
  };
  Liveness liveness = Liveness::unknown;
  Instant started{};
  std::vector<UnitFault> faults;
};

struct NotifierSettings {
  int max_attempts = 6;
  std::chrono::seconds first_retry{30};
  std::chrono::seconds longest_retry{std::chrono::minutes{30}};
  int per_contact_limit = 10;
  std::chrono::seconds per_contact_window{std::chrono::hours{1}};
  std::chrono::hours ended_for{24};  // how long after a window's end its end is still told
};

struct Delivery {
  std::int64_t id = 0;  // the notifier's own, until the notice log gives one (`log_id`)
  std::int64_t log_id = 0;
  std::size_t notice = 0;  // index into notices()
  NotificationContact contact;
  Channel channel = Channel::email;
  std::string address;  // the contact's e-mail, webhook URL or SIP address
  int attempts = 0;
  DeliveryState state = DeliveryState::pending;
  std::string error;  // of the last failed attempt
  MonoTime next_try{};
  bool in_flight = false;  // handed out by due(), not yet finished()
};

class Notifier {
 public:
  explicit Notifier(NotifierSettings settings = {}) : settings_(settings) {}

  // A notice made before (from the notice log): never made again.
  void remember(std::string key) { made_.insert(std::move(key)); }

  // The notices due now; their deliveries are queued.
  std::vector<Notice> observe(const Schedule& schedule, const UnitObservation& unit, Instant wall,
                              MonoTime mono);

  // The deliveries to attempt now (their `attempts` counted), in the order the notices were made;
  // one handed out is not handed out again until it is finished().
  std::vector<Delivery> due(MonoTime mono);
  // The outcome of an attempt handed out by due(): delivered, or failed with the error (retried,
  // or given up after the last attempt). The delivery as it stands now.
  Delivery finished(std::int64_t delivery, std::optional<std::string> error, MonoTime mono);
  // The notice log's id for a delivery, kept for the records of its later attempts.
  void set_log_id(std::int64_t delivery, std::int64_t log_id);

  const std::vector<Notice>& notices() const { return notices_; }
  std::vector<Delivery> pending() const;  // not yet delivered or given up

 private:
  void make(Notice n, const Schedule& schedule, std::vector<Notice>& out, MonoTime mono);
  bool within_limit(const std::string& contact, MonoTime mono);

  NotifierSettings settings_;
  std::set<std::string> made_;
  std::vector<Notice> notices_;
  std::map<std::int64_t, Delivery> deliveries_;  // by id: the order they were queued
  std::map<std::string, std::deque<MonoTime>> sent_by_contact_;
  std::int64_t next_id_ = 1;
  std::optional<UnitObservation> last_unit_;
};

}  // namespace samtel::fw::notices
