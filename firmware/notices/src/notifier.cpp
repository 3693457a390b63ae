#include "samtel/notices/notifier.hpp"

#include <algorithm>

#include "samtel/period.hpp"

namespace samtel::fw::notices {
namespace {

using Liveness = UnitObservation::Liveness;

std::string window_span(const Site& site, const MaintenanceWindow& w) {
  return format_local_offset(*site.zone, w.start) + " - " + format_local_offset(*site.zone, w.end);
}

std::string window_lines(const Site& site, const MaintenanceWindow& w) {
  if (w.lines.empty()) return "all lines of " + site.name;
  std::string out = w.lines.size() == 1 ? "line " : "lines ";
  for (std::size_t i = 0; i < w.lines.size(); ++i) {
    const Line& l = site.lines[w.lines[i]];
    out += (i > 0 ? ", " : "") + l.number + " (" + l.name + ")";
  }
  return out;
}

// Where the calls of the window's lines go meanwhile.
std::string window_fallbacks(const Site& site, const MaintenanceWindow& w) {
  std::set<std::string> seen;
  std::string out;
  for (std::size_t i = 0; i < site.lines.size(); ++i) {
    const Line& l = site.lines[i];
    if (!w.covers_line(i) || !l.maintenance_fallback) continue;
    const std::string f =
        l.maintenance_fallback->name + " (" + l.maintenance_fallback->address + ")";
    if (seen.insert(f).second) out += (out.empty() ? "" : ", ") + f;
  }
  return out;
}

Notice maintenance_notice(NoticeKind kind, const Site& site, const MaintenanceWindow& w,
                          Instant now) {
  Notice n;
  n.kind = kind;
  n.site = site.id;
  n.key = std::string(to_string(kind)) + ":" + site.id + "/" + w.id + ":" + format_utc(w.start);
  n.created = now;
  const std::string what = "planned maintenance '" + w.id + "' of " + window_lines(site, w) + " (" +
                           window_span(site, w) + "): " + w.reason + ".";
  const std::string calls = "Calls go to " + window_fallbacks(site, w) + " meanwhile.";
  switch (kind) {
    case NoticeKind::maintenance_announced:
      n.at = w.start;
      n.title = "Planned maintenance " + format_local(*site.zone, w.start) + ": " + w.reason;
      n.text = "Announced: " + what + "\n" + calls;
      break;
    case NoticeKind::maintenance_started:
      n.at = w.start;
      n.title = "Planned maintenance started: " + w.reason;
      n.text = "Started: " + what + "\n" + calls;
      break;
    default:
      n.at = w.end;
      n.title = "Planned maintenance ended: " + w.reason;
      n.text = "Ended: " + what + "\nCalls are routed by the roster again.";
      break;
  }
  return n;
}

Notice unit_notice(NoticeKind kind, const std::string& key_tail, std::string title,
                   std::string text, Instant at, Instant now) {
  Notice n;
  n.kind = kind;
  n.key = std::string(to_string(kind)) + ":" + key_tail;
  n.title = std::move(title);
  n.text = std::move(text);
  n.at = at;
  n.created = now;
  return n;
}

const UnitFault* find_fault(const std::vector<UnitFault>& faults, Fault kind) {
  for (const UnitFault& f : faults) {
    if (f.kind == kind) return &f;
  }
  return nullptr;
}

}  // namespace

void Notifier::make(Notice n, const Schedule& schedule, std::vector<Notice>& out, MonoTime mono) {
  if (!made_.insert(n.key).second) return;
  const std::size_t index = notices_.size();
  for (const Site& site : schedule.sites()) {
    if (!n.site.empty() && site.id != n.site) continue;
    for (const NotificationContact& c : site.notices.contacts) {
      if (!c.wants(n.kind)) continue;
      const auto queue = [&](Channel channel, const std::string& address) {
        if (address.empty()) return;
        Delivery d;
        d.id = next_id_++;
        d.notice = index;
        d.contact = c;
        d.channel = channel;
        d.address = address;
        d.next_try = mono;
        deliveries_.emplace(d.id, std::move(d));
      };
      queue(Channel::email, c.email);
      queue(Channel::webhook, c.webhook);
      queue(Channel::sip, c.sip);
    }
  }
  notices_.push_back(n);
  out.push_back(std::move(n));
}

std::vector<Notice> Notifier::observe(const Schedule& schedule, const UnitObservation& unit,
                                      Instant wall, MonoTime mono) {
  std::vector<Notice> out;
  if (unit.liveness != Liveness::unknown) {
    const std::optional<UnitObservation>& last = last_unit_;
    const bool crashed_before =
        last && (last->liveness == Liveness::gone ||
                 (last->liveness == Liveness::running && last->started != unit.started));
    if (unit.liveness == Liveness::running && crashed_before) {
      make(unit_notice(NoticeKind::restarted_after_crash, format_utc(unit.started),
                       "samteld restarted after a crash",
                       "samteld stopped without writing its stop and is running again since " +
                           format_utc(unit.started) + ".",
                       unit.started, wall),
           schedule, out, mono);
    }
    // Faults: those of a running samteld; a stopped or gone one has none to clear or raise.
    const std::vector<UnitFault> none;
    const std::vector<UnitFault>& now_faults =
        unit.liveness == Liveness::running ? unit.faults : none;
    const std::vector<UnitFault>& before =
        last && last->liveness == Liveness::running ? last->faults : none;
    for (const UnitFault& f : now_faults) {
      if (find_fault(before, f.kind) != nullptr && last) continue;
      make(unit_notice(
               NoticeKind::fault_raised, std::string(to_string(f.kind)) + ":" + format_utc(f.since),
               "Fault: " + std::string(to_string(f.kind)),
               "samteld reports the fault '" + std::string(to_string(f.kind)) + "': " + f.message,
               f.since, wall),
           schedule, out, mono);
    }
    if (unit.liveness == Liveness::running) {
      for (const UnitFault& f : before) {
        if (find_fault(now_faults, f.kind) != nullptr) continue;
        make(unit_notice(NoticeKind::fault_cleared,
                         std::string(to_string(f.kind)) + ":" + format_utc(f.since),
                         "Fault cleared: " + std::string(to_string(f.kind)),
                         "samteld no longer reports the fault '" + std::string(to_string(f.kind)) +
                             "' (raised " + format_utc(f.since) + "): " + f.message,
                         wall, wall),
             schedule, out, mono);
      }
    }
    last_unit_ = unit;
  }
  for (const Site& site : schedule.sites()) {
    for (const MaintenanceWindow& w : site.maintenance) {
      if (w.start - site.notices.announce_before <= wall && wall < w.start) {
        make(maintenance_notice(NoticeKind::maintenance_announced, site, w, wall), schedule, out,
             mono);
      }
      if (w.contains(wall)) {
        make(maintenance_notice(NoticeKind::maintenance_started, site, w, wall), schedule, out,
             mono);
      }
      if (w.end <= wall && wall < w.end + settings_.ended_for) {
        make(maintenance_notice(NoticeKind::maintenance_ended, site, w, wall), schedule, out, mono);
      }
    }
  }
  return out;
}

bool Notifier::within_limit(const std::string& contact, MonoTime mono) {
  auto& sent = sent_by_contact_[contact];
  while (!sent.empty() && sent.front() + settings_.per_contact_window <= mono) sent.pop_front();
  if (static_cast<int>(sent.size()) >= settings_.per_contact_limit) return false;
  sent.push_back(mono);
  return true;
}

std::vector<Delivery> Notifier::due(MonoTime mono) {
  std::vector<Delivery> out;
  for (auto& [id, d] : deliveries_) {
    if (d.state != DeliveryState::pending && d.state != DeliveryState::failed) continue;
    if (d.in_flight || mono < d.next_try) continue;
    if (!within_limit(d.contact.name, mono)) continue;
    ++d.attempts;
    d.in_flight = true;
    out.push_back(d);
  }
  return out;
}

Delivery Notifier::finished(std::int64_t delivery, std::optional<std::string> error,
                            MonoTime mono) {
  auto it = deliveries_.find(delivery);
  if (it == deliveries_.end()) return Delivery{};
  Delivery& d = it->second;
  d.in_flight = false;
  if (!error) {
    d.state = DeliveryState::delivered;
    d.error.clear();
  } else {
    d.error = std::move(*error);
    if (d.attempts >= settings_.max_attempts) {
      d.state = DeliveryState::given_up;
    } else {
      d.state = DeliveryState::failed;
      auto wait = settings_.first_retry;
      for (int i = 1; i < d.attempts && wait < settings_.longest_retry; ++i) wait *= 2;
      d.next_try = mono + std::min(wait, settings_.longest_retry);
    }
  }
  Delivery out = d;
  if (d.state == DeliveryState::delivered || d.state == DeliveryState::given_up) {
    deliveries_.erase(it);
  }
  return out;
}

void Notifier::set_log_id(std::int64_t delivery, std::int64_t log_id) {
  if (auto it = deliveries_.find(delivery); it != deliveries_.end()) it->second.log_id = log_id;
}

std::vector<Delivery> Notifier::pending() const {
  std::vector<Delivery> out;
  for (const auto& [id, d] : deliveries_) out.push_back(d);
  return out;
}

}  // namespace samtel::fw::notices
