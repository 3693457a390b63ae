#pragma once
// calendar_feed.hpp — a duty calendar served at a secret URL (`/feeds/<token>.ics`) that a
// consultant subscribes to on a phone: what the schedule store keeps of it, in the store's
// vocabulary. The store's members that make, list, fetch and revoke feeds are in
// schedule_store.hpp.
//
// Promises:
//  * A feed's subject is a person of a site or a desk of a line of a site (`FeedSubject`);
//    `to_string()` and `feed_subject_from_string()` are exact inverses over "person" and "desk",
//    the text stored; any other text gives nullopt.
//  * The token is 32 random bytes (libsodium `randombytes_buf`) as 64 hex digits, given once,
//    when the feed is made (`IssuedFeed`); the store keeps only its BLAKE2b-256 hash, so neither
//    the file nor a `CalendarFeed` holds anything that opens the feed.
//  * A revoked feed stays in the store with who revoked it and when; its token opens nothing.
//
//   auto issued = store.create_feed({.site = "st-olavs", .subject = FeedSubject::person,
//                                    .subject_id = "vik"}, {"kari", "10.0.0.7"});
//   send_once("/feeds/" + issued->token + ".ics");
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "samtel/time.hpp"

namespace samtel::fw::store {

using FeedId = std::int64_t;

enum class FeedSubject { person, desk };

constexpr std::string_view to_string(FeedSubject s) {
  switch (s) {
    case FeedSubject::person: return "person";
    case FeedSubject::desk: return "desk";
  }
  return "person";
}

constexpr std::optional<FeedSubject> feed_subject_from_string(std::string_view s) {
  for (FeedSubject f : {FeedSubject::person, FeedSubject::desk})
    if (to_string(f) == s) return f;
  return std::nullopt;
}

// What a feed shows. (Every member has an initialiser, so a designated initialiser may leave
// any out.)
struct FeedScope {
  std::string site{};
  FeedSubject subject = FeedSubject::person;
  std::string subject_id{};  // the person's id, or the desk's
  std::string line{};        // a desk's line (its number); empty for a person
};

struct CalendarFeed : FeedScope {
  FeedId id = 0;
  Instant created{};
  std::string created_by;  // the account that made it
  std::optional<Instant> revoked;
  std::string revoked_by;  // who revoked it ("" while it is not)
  std::optional<Instant> last_fetched;
};

// A feed just made, with its token: the only copy there will ever be.
struct IssuedFeed {
  CalendarFeed feed;
  std::string token;
};

// Which feeds to list: all of them, or a site's, or one account's.
struct FeedFilter {
  std::optional<std::string> site{};
  std::optional<std::string> created_by{};
};

}  // namespace samtel::fw::store
