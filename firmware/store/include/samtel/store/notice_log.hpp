#pragma once
// samtel/store/notice_log.hpp — the notifier's log in the schedule store (schedule_store.hpp):
// every notice made, every delivery of it (one per contact and way) as it stands, and every
// attempt at one.
//
// Promises:
//  * A notice's key is unique: recording a notice whose key is there already gives `exists` and
//    writes nothing, so a notice is never recorded (or sent) twice.
//  * An attempt is appended to the log and its delivery brought up to date in one transaction;
//    attempts are never changed afterwards.
//  * `notices()` lists the newest first, each with its deliveries in the order they were made.
//  * `notice_delivery_counts()` counts the deliveries by channel and how they stand now, every
//    pair of the two vocabularies (channel, then state, in their order), none left out for 0.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "samtel/maintenance.hpp"
#include "samtel/notices/notice.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::store {

struct DeliveryRecord {
  std::int64_t id = 0;
  std::int64_t notice = 0;
  std::string contact;
  notices::Channel channel = notices::Channel::email;
  std::string address;
  notices::DeliveryState state = notices::DeliveryState::pending;
  int attempts = 0;
  std::string last_error;
  Instant updated{};
};

struct DeliveryCount {
  notices::Channel channel = notices::Channel::email;
  notices::DeliveryState state = notices::DeliveryState::pending;
  std::int64_t deliveries = 0;
};

struct NoticeRecord {
  notices::Notice notice;  // with its id
  std::vector<DeliveryRecord> deliveries;
};

}  // namespace samtel::fw::store
