#pragma once
// samtel/admin/notice_runner.hpp — the notifier at work inside samtel-admind (not in samteld: the
// routing daemon neither sends mail nor opens outgoing connections).
//
// Promises:
//  * Every `interval` it reads samteld's status file and the published schedule, lets the
//    notifier's state machine (samtel/notices/notifier.hpp) decide what is due, records each new
//    notice and its deliveries in the schedule store's notice log before sending, sends by e-mail
//    (the local MTA's sendmail command), webhook and SIP MESSAGE (to a contact's `sip` address,
//    over UDP), and records every attempt there and in the journal (events notice.made,
//    notice.delivered, notice.failed, notice.given_up).
//  * Keys already in the notice log are never made again, so a restart of the admin service does
//    not repeat a notice.
//  * A store that cannot be read or written, a mail command, webhook or SIP MESSAGE that fails:
//    logged and retried, never the end of the service. `stop()` ends the thread within one send's
//    timeout (a SIP MESSAGE's: 32 s at most).
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "samtel/admin/shared_store.hpp"
#include "samtel/log/logger.hpp"
#include "samtel/notices/notifier.hpp"
#include "samtel/notices/senders.hpp"

namespace samtel::fw::admin {

struct NoticeRunnerOptions {
  std::string unit_status;  // samteld's status.json; empty: faults are not watched
  notices::MailSettings mail;
  std::chrono::seconds webhook_timeout{10};
  notices::SipSettings sip;
  std::chrono::milliseconds interval{std::chrono::seconds{5}};
  notices::NotifierSettings notifier;
};

class NoticeRunner {
 public:
  NoticeRunner(SharedStore& store, const Clock& wall, NoticeRunnerOptions options, Logger& log);
  ~NoticeRunner();
  NoticeRunner(const NoticeRunner&) = delete;
  NoticeRunner& operator=(const NoticeRunner&) = delete;

  void start();
  void stop();
  // One round: observe, record, send what is due.
  void step(notices::MonoTime mono);

 private:
  notices::UnitObservation observe_unit() const;
  void record(const notices::Notice& notice, std::size_t index);
  void send(const notices::Delivery& d, notices::MonoTime mono);

  SharedStore& store_;
  const Clock& wall_;
  NoticeRunnerOptions options_;
  Logger& log_;
  notices::Notifier notifier_;
  std::map<std::size_t, std::int64_t> notice_ids_;  // notifier's index -> the notice log's id
  std::string store_problem_;                       // the last one logged, not to repeat it
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace samtel::fw::admin
