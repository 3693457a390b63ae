#pragma once
// recent_invites.hpp — the INVITEs a redirect server answered lately, so that a retransmission
// gets the same answer (routed at the same instant, same To-tag) and the call log one record.
//
// Promises:
//  * An INVITE is remembered for at least `kWindow` (32 s, the client's Timer B: after that it
//    has stopped retransmitting) and at most `kWindow` + one generation (8 s) after it was stored,
//    by the monotonic clock the caller passes in.
//  * Memory is bounded: at most `kMaxPerGeneration` entries in each generation; a flood that
//    fills the newest generation ages the others early rather than growing.
//  * 16 bytes an entry in open-addressed tables (half full at most), so a steady 1,000 calls/s
//    holds about 1.3 MB.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "samtel/time.hpp"

namespace samtel::fw {

class RecentInvites {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kGeneration{8};
  static constexpr std::chrono::seconds kWindow{32};
  static constexpr std::size_t kMaxPerGeneration = 65536;

  struct Entry {
    Instant decided;        // the instant the call was routed at
    bool answered = false;  // its answer has left
  };

  // `key` identifies the INVITE (a hash of its Call-ID and top Via branch).
  std::optional<Entry> find(std::uint64_t key, Clock::time_point now);
  void insert(std::uint64_t key, Entry entry, Clock::time_point now);
  void mark_answered(std::uint64_t key);
  std::size_t size() const;

 private:
  struct Slot {
    std::uint64_t key = 0;   // 0: empty
    std::int64_t value = 0;  // decided seconds * 2 + answered
  };
  struct Generation {
    std::vector<Slot> slots;
    std::size_t used = 0;
  };
  // An entry stored early in the newest generation leaves with the oldest one kGenerations
  // shifts later: one generation more than kWindow / kGeneration keeps every entry kWindow.
  static constexpr int kGenerations = 5;

  void age(Clock::time_point now);
  void shift();
  static Slot* locate(Generation& g, std::uint64_t key);
  static void put(Generation& g, std::uint64_t key, std::int64_t value);

  Generation gens_[kGenerations];
  Clock::time_point started_{};  // when the newest generation began
};

}  // namespace samtel::fw
