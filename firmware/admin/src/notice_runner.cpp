#include "samtel/admin/notice_runner.hpp"

#include "samtel/status/unit_status.hpp"

namespace samtel::fw::admin {

using notices::Channel;
using notices::Delivery;
using notices::DeliveryState;
using notices::MonoTime;
using notices::Notice;
using notices::UnitObservation;

NoticeRunner::NoticeRunner(SharedStore& store, const Clock& wall, NoticeRunnerOptions options,
                           Logger& log)
    : store_(store),
      wall_(wall),
      options_(std::move(options)),
      log_(log),
      notifier_(options_.notifier) {
  for (std::string& key : store_.with([](store::ScheduleStore& s) { return s.notice_keys(); })) {
    notifier_.remember(std::move(key));
  }
}

NoticeRunner::~NoticeRunner() { stop(); }

void NoticeRunner::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      step(std::chrono::steady_clock::now());
      lock.lock();
      wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void NoticeRunner::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

UnitObservation NoticeRunner::observe_unit() const {
  UnitObservation out;
  if (options_.unit_status.empty()) return out;
  auto status = read_unit_status(options_.unit_status);
  if (!status) return out;
  out.started = status->started;
  if (status->state == UnitState::stopped) {
    out.liveness = UnitObservation::Liveness::stopped;
  } else if (process_gone(status->pid)) {
    out.liveness = UnitObservation::Liveness::gone;
  } else {
    out.liveness = UnitObservation::Liveness::running;
    out.faults = status->faults;
  }
  return out;
}

void NoticeRunner::record(const Notice& notice, std::size_t index) {
  auto id = store_.with([&](store::ScheduleStore& s) { return s.record_notice(notice); });
  if (!id) {
    log_.error(JournalEvent::notice_unrecorded,
               {{"key", notice.key}, {"error", id.error().message}});
    return;
  }
  notice_ids_[index] = *id;
  log_.info(JournalEvent::notice_made, {{"notice", std::to_string(*id)},
                                        {"kind", std::string(to_string(notice.kind))},
                                        {"site", notice.site},
                                        {"title", notice.title}});
  for (const Delivery& d : notifier_.pending()) {
    if (d.notice != index) continue;
    auto did = store_.with([&](store::ScheduleStore& s) {
      return s.record_delivery(*id, d.contact.name, d.channel, d.address);
    });
    if (did) {
      notifier_.set_log_id(d.id, *did);
    } else {
      log_.error(JournalEvent::notice_unrecorded,
                 {{"key", notice.key}, {"error", did.error().message}});
    }
  }
}

void NoticeRunner::send(const Delivery& d, MonoTime mono) {
  const Notice& notice = notifier_.notices()[d.notice];
  std::optional<std::string> error;
  if (d.channel == Channel::email) {
    const std::string id = std::to_string(notice_ids_[d.notice]) + "." + std::to_string(d.id) +
                           "." + std::to_string(d.attempts) + "@samtel";
    error = notices::send_mail(
        options_.mail,
        notices::mail_message(notice, d.contact, options_.mail.from, wall_.now(), id));
  } else if (d.channel == Channel::webhook) {
    error = notices::post_webhook(d.address, notice, options_.webhook_timeout);
  } else {
    error = notices::send_sip_message(options_.sip, d.address, notice);
  }
  const Delivery after = notifier_.finished(d.id, error, mono);
  const JournalEvent event =
      after.state == DeliveryState::delivered  ? JournalEvent::notice_delivered
      : after.state == DeliveryState::given_up ? JournalEvent::notice_given_up
                                               : JournalEvent::notice_failed;
  const Logger::Level level =
      after.state == DeliveryState::delivered ? Logger::Level::info : Logger::Level::warning;
  log_.log(level, event,
           {{"notice", std::to_string(notice_ids_[d.notice])},
            {"kind", std::string(to_string(notice.kind))},
            {"contact", d.contact.name},
            {"channel", std::string(to_string(d.channel))},
            {"address", d.address},
            {"attempt", std::to_string(d.attempts)},
            {"error", error.value_or("")}});
  if (d.log_id == 0) return;
  auto r = store_.with([&](store::ScheduleStore& s) {
    return s.record_attempt(d.log_id, d.attempts, after.state, error.value_or(""));
  });
  if (!r)
    log_.error(JournalEvent::notice_unrecorded,
               {{"delivery", std::to_string(d.log_id)}, {"error", r.error().message}});
}

void NoticeRunner::step(MonoTime mono) {
  auto published = store_.published();
  if (!published) {
    if (published.error().message != store_problem_) {
      store_problem_ = published.error().message;
      log_.error(JournalEvent::notice_no_schedule, {{"error", store_problem_}});
    }
    return;
  }
  store_problem_.clear();
  const std::size_t first = notifier_.notices().size();
  const auto made = notifier_.observe(*published->schedule, observe_unit(), wall_.now(), mono);
  for (std::size_t i = 0; i < made.size(); ++i) record(made[i], first + i);
  for (const Delivery& d : notifier_.due(mono)) send(d, mono);
}

}  // namespace samtel::fw::admin
