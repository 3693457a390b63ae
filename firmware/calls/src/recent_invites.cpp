#include "samtel/calls/recent_invites.hpp"

#include <algorithm>
#include <bit>

namespace samtel::fw {
namespace {

std::uint64_t stored_key(std::uint64_t key) { return key == 0 ? 1 : key; }  // 0 marks an empty slot

std::int64_t pack(const RecentInvites::Entry& e) {
  return e.decided.time_since_epoch().count() * 2 + (e.answered ? 1 : 0);
}

RecentInvites::Entry unpack(std::int64_t v) {
  const std::int64_t seconds = v >= 0 ? v / 2 : (v - 1) / 2;  // floor, also before 1970
  return {Instant{std::chrono::seconds{seconds}}, (v - seconds * 2) == 1};
}

}  // namespace

RecentInvites::Slot* RecentInvites::locate(Generation& g, std::uint64_t key) {
  if (g.slots.empty()) return nullptr;
  const std::size_t mask = g.slots.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    Slot& s = g.slots[i];
    if (s.key == key) return &s;
    if (s.key == 0) return nullptr;
  }
}

void RecentInvites::put(Generation& g, std::uint64_t key, std::int64_t value) {
  if ((g.used + 1) * 2 > g.slots.size()) {
    // Grow to keep the table at most half full (linear probing stays short).
    std::vector<Slot> old = std::move(g.slots);
    g.slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    g.used = 0;
    for (const Slot& s : old) {
      if (s.key != 0) put(g, s.key, s.value);
    }
  }
  const std::size_t mask = g.slots.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    Slot& s = g.slots[i];
    if (s.key == key) {
      s.value = value;
      return;
    }
    if (s.key == 0) {
      s = Slot{key, value};
      ++g.used;
      return;
    }
  }
}

void RecentInvites::shift() {
  // The oldest generation goes; the new one starts empty, sized for what the last one held, so a
  // burst's large table is not kept once the burst has passed.
  const std::size_t expected = gens_[0].used;
  for (int i = kGenerations - 1; i > 0; --i) gens_[i] = std::move(gens_[i - 1]);
  gens_[0] = Generation{};
  if (expected > 0)
    gens_[0].slots.assign(std::bit_ceil(std::max<std::size_t>(64, expected * 2)), Slot{});
}

void RecentInvites::age(Clock::time_point now) {
  if (started_ == Clock::time_point{}) started_ = now;
  if (now - started_ >= kGeneration * kGenerations) {
    // Idle so long that even the newest entries are older than kWindow: start afresh.
    for (Generation& g : gens_) g = Generation{};
    started_ = now;
    return;
  }
  while (now - started_ >= kGeneration) {
    shift();
    started_ += kGeneration;
  }
}

std::optional<RecentInvites::Entry> RecentInvites::find(std::uint64_t key, Clock::time_point now) {
  age(now);
  key = stored_key(key);
  for (Generation& g : gens_) {
    if (const Slot* s = locate(g, key)) return unpack(s->value);
  }
  return std::nullopt;
}

void RecentInvites::insert(std::uint64_t key, Entry entry, Clock::time_point now) {
  age(now);
  if (gens_[0].used >= kMaxPerGeneration) {
    shift();  // a flood: the window gets shorter instead of the memory larger
    started_ = now;
  }
  put(gens_[0], stored_key(key), pack(entry));
}

void RecentInvites::mark_answered(std::uint64_t key) {
  key = stored_key(key);
  for (Generation& g : gens_) {
    if (Slot* s = locate(g, key)) {
      s->value |= 1;
      return;
    }
  }
}

std::size_t RecentInvites::size() const {
  std::size_t n = 0;
  for (const Generation& g : gens_) n += g.used;
  return n;
}

}  // namespace samtel::fw
