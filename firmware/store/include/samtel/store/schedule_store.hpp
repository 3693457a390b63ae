#pragma once
// schedule_store.hpp — the unit's schedule store (`schedule.db` in the state directory): every
// published schedule as an immutable version per site, an append-only hash-chained audit trail,
// the administrators' accounts and their sessions. The admin service changes it; samteld follows
// the version published for each site.
//
// Promises:
//  * Versions are never changed or deleted (triggers refuse it); a change, an undo or an upload
//    is a new version whose parent is the version it was made from. Each site has exactly one
//    published version, the one in force. A version's content is the site file canonicalised:
//    parsed keeping its key order and written back with two-space indents and a final newline;
//    `content_hash` is hex BLAKE2b-256 of that text.
//  * Content is checked with the core's loader (`samtel::parse_site`) before anything is
//    written: bad content gives `invalid` with every problem, one per line, and the store stays
//    as it was. So does a site whose id or line numbers clash with another site's published
//    version (`samtel::assemble_schedule`), so samteld can always load every published site.
//  * `publish()` is optimistic: it names the version the change was made from (`base`), and is
//    refused with `conflict` (and `current`) when another change was published since. The new
//    version, the published pointer and the audit entry are written in one transaction.
//  * Every change of versions and accounts, every failed login and every lock is audited, with
//    the actor as given. The audit trail is append-only (triggers refuse UPDATE and DELETE) and
//    hash-chained (samtel/store/audit.hpp); `verify()` walks it and checks every version's hash.
//  * Passwords: at least `kMinPasswordCharacters` characters (counted as characters, not bytes),
//    at most `kMaxPasswordBytes` bytes; stored only as libsodium `crypto_pwhash_str` (Argon2id)
//    hashes. There are no default accounts.
//  * The lock policy: `kFailuresBeforeLock` failed passwords in a row lock the account for
//    `kFirstLock`; each further failure before a success locks it again for twice as long as
//    the one before, at most `kLongestLock` (5 failures: 1 min, 6: 2 min, 7: 4 min, ... 11 and
//    more: 1 h). A locked account is refused without its password being checked (`denied`,
//    with `locked_until`). A correct password resets the count; so does a new password.
//  * Sessions: a token is 32 random bytes (libsodium `randombytes_buf`) as 64 hex digits; only
//    its BLAKE2b-256 hash is stored. `session()` gives the account's current role; an expired
//    session, or one of a removed account, is `not_found`. A new password or a removal ends the
//    account's sessions.
//  * Removing an account deactivates it (its name stays in the trail; adding the name again
//    gives it back). The last active administrator can be neither removed nor demoted.
//  * Calendar feeds (calendar_feed.hpp): only a hash of the token is stored. Making and revoking
//    one are audited (feed_created, feed_revoked) with the site and the subject in the detail,
//    never the token. A token that is unknown, not a token at all, or a revoked feed's gives
//    `not_found` with one and the same message (`kNoSuchFeed`), so the answer does not tell
//    which. A fetch is noted in `last_fetched` only when the note is older than
//    `kFeedFetchResolution`, so a phone polling often costs a read, not a write.
//  * Storage: WAL (samtel/store/database.hpp), foreign keys on, `quick_check` at open, numbered
//    migrations; every commit is synced (`synchronous=FULL`: a published version survives a
//    power loss), and a passive checkpoint follows each write. Other connections (samteld) read
//    while the store writes; `data_version()` changes when one of them commits.
//  * One connection, one thread: a ScheduleStore is used by one thread at a time. Move-only.
//  * Instants come from the injected clock; nothing here reads the system clock.
//
//   ManualClock clock{at("2026-12-02T12:00:00Z")};
//   auto store = ScheduleStore::open("/var/lib/samtel/schedule.db", clock).value();
//   auto v1 = store.initialise(site_file_text, {"root", "cli"}, "from st-olavs.json").value();
//   auto v2 = store.publish({.site = "st-olavs", .base = v1, .content = changed,
//                            .actor = {"anna", "10.0.0.7"}, .comment = "Kari on call 24 Dec"});
//   if (!v2 && v2.error().kind == StoreError::Kind::conflict) { /* reload *v2.error().current */ }
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "samtel/store/audit.hpp"
#include "samtel/store/calendar_feed.hpp"
#include "samtel/store/database.hpp"
#include "samtel/store/deviation_review.hpp"
#include "samtel/store/notice_log.hpp"
#include "samtel/store/role.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::store {

struct VersionInfo {
  VersionId id = 0;
  std::string site;
  std::optional<VersionId> parent;  // none for a site's first version
  Instant created{};
  std::string author;
  std::string comment;
  std::string content_hash;
};

struct Version : VersionInfo {
  std::string content;  // the site file's JSON text, exactly as published (canonical form)
};

struct StoreError {
  enum class Kind {
    invalid,    // bad input (content, name, password, argument); nothing was written
    not_found,  // no such site, version, user or session
    conflict,   // the change was made from a version no longer published (see `current`), or
                // it would leave no administrator
    exists,     // the site already has versions, the user exists, the backup file exists
    damaged,    // the file is not a sound database, or a backup fails its checks
    io,         // SQLite or the file system failed
    denied,     // wrong name or password, or a locked account (see `locked_until`)
  } kind;
  std::string message;
  std::optional<VersionId> current;     // conflict: the version published now
  std::optional<Instant> locked_until;  // denied: the account is locked until then
};

std::string_view to_string(StoreError::Kind k);

// What a change publishes.
// (Every member has an initialiser, so a designated initialiser may leave any out.)
struct Publication {
  std::string site{};
  VersionId base = 0;     // the version the change was made from
  std::string content{};  // the whole new site file (JSON text)
  Actor actor{};
  std::string comment{};
  // version_published, or site_replaced for a whole file uploaded; nothing else.
  AuditAction action = AuditAction::version_published;
  nlohmann::json detail{};       // the change as data (before/after of each field)
  std::string routing_effect{};  // plain-language preview summary
  bool confirmed_gaps = false;   // the author confirmed coverage gaps it opens
};

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::viewer;
  int failures = 0;  // failed passwords since the last success
  std::optional<Instant> locked_until;
  bool active = true;  // false once removed
};

struct Session {
  std::string user;
  Role role = Role::viewer;
  Instant expires{};
};

// How costly a password hash is (libsodium's Argon2id limits). `minimum` is for tests only.
enum class PasswordCost { interactive, minimum };

struct ScheduleStoreOptions {
  PasswordCost password_cost = PasswordCost::interactive;
  ConnectionOptions connection{};
};

class ScheduleStore {
 public:
  // The schema version this build migrates the file to (PRAGMA user_version).
  static int schema_version();
  static constexpr std::size_t kMinPasswordCharacters = 12;
  static constexpr std::size_t kMaxPasswordBytes = 1024;
  static constexpr std::size_t kMaxUserNameBytes = 64;
  static constexpr std::size_t kMaxContentBytes = 4 << 20;
  static constexpr int kFailuresBeforeLock = 5;
  static constexpr std::chrono::seconds kFirstLock{60};
  static constexpr std::chrono::seconds kLongestLock{3600};
  static constexpr std::chrono::seconds kFeedFetchResolution{600};
  static constexpr std::string_view kNoSuchFeed =
      "no calendar feed at this address: the link is not one, or the feed was revoked";
  // The actor of a feed revoked by its token, without an account: no account's name has a
  // space, so it is never mistaken for one.
  static constexpr std::string_view kFeedHolder = "feed holder";

  // How long an account is locked after its `failures`-th failure in a row (0: not locked).
  static std::chrono::seconds lock_duration(int failures);

  // Opens (creating and migrating if needed) the store at `path`; `clock` must outlive it.
  static tl::expected<ScheduleStore, StoreError> open(const std::string& path, const Clock& clock,
                                                      const ScheduleStoreOptions& options = {});

  // The first version of a site from a site file's text (the site id is the file's own);
  // `exists` if the site already has versions. `source` names the text in messages ("<text>").
  tl::expected<VersionId, StoreError> initialise(std::string_view site_json, const Actor& actor,
                                                 std::string_view comment,
                                                 std::string_view source = {});
  // Sites with a published version, by id.
  std::vector<std::string> sites() const;
  tl::expected<Version, StoreError> published(std::string_view site) const;
  // Every site's published version, by site, read by one statement: never a mix of two
  // publications.
  tl::expected<std::vector<Version>, StoreError> published_all() const;
  // The published version of each site, by site, without the content: a cheap way to tell
  // whether the schedule in force has changed.
  tl::expected<std::vector<std::pair<std::string, VersionId>>, StoreError> published_ids() const;
  tl::expected<Version, StoreError> version(VersionId id) const;
  // A site's versions, newest first: at most `limit`, all older than `before` when given.
  std::vector<VersionInfo> versions(std::string_view site, int limit = 50,
                                    std::optional<VersionId> before = {}) const;

  // Publishes a change as a new version (see above); returns its id.
  tl::expected<VersionId, StoreError> publish(const Publication& p);
  // Undo: publishes the content of `earlier` (a version of `site`) again as a new version made
  // from `base`, audited as version_restored.
  tl::expected<VersionId, StoreError> restore(std::string_view site, VersionId earlier,
                                              VersionId base, const Actor& actor,
                                              std::string_view comment);

  // An audit entry for something the services did (a read of the call log, an export, ...);
  // refused (`invalid`) for the version and account actions, which only the store writes.
  // Returns the entry's seq.
  tl::expected<std::int64_t, StoreError> append_audit(const Actor& actor, AuditAction action,
                                                      nlohmann::json detail,
                                                      std::string_view comment = {},
                                                      std::string_view site = {});
  // Entries after `after_seq`, oldest first, at most `limit`.
  std::vector<AuditEntry> audit(std::int64_t after_seq = 0, int limit = 100) const;
  // Walks the whole trail and every version's hash.
  VerifyReport verify() const;
  // PRAGMA data_version: changes when another connection commits.
  std::int64_t data_version() const;
  // An online copy to `to` (a new file, not overwritten: `exists`), as one file with no log.
  tl::expected<void, StoreError> backup(const std::string& to) const;

  // Accounts (see above). Every change is audited with `actor`.
  tl::expected<std::int64_t, StoreError> add_user(std::string_view name, Role role,
                                                  std::string_view password, const Actor& actor);
  tl::expected<User, StoreError> user(std::string_view name) const;
  // Every account, removed ones too, by name.
  std::vector<User> users() const;
  tl::expected<void, StoreError> set_password(std::string_view name, std::string_view password,
                                              const Actor& actor);
  tl::expected<void, StoreError> set_role(std::string_view name, Role role, const Actor& actor);
  tl::expected<void, StoreError> remove_user(std::string_view name, const Actor& actor);
  // Checks a password (see the lock policy above); the user on success, `denied` otherwise.
  tl::expected<User, StoreError> authenticate(std::string_view name, std::string_view password,
                                              const Actor& actor);
  // A session for an active account; returns its token (the only copy).
  tl::expected<std::string, StoreError> start_session(std::string_view user,
                                                      std::chrono::seconds ttl);
  tl::expected<Session, StoreError> session(std::string_view token) const;
  void end_session(std::string_view token);

  // Calendar feeds (see above and calendar_feed.hpp). `create_feed()` returns the token, the
  // only copy; the store does not check the subject against the published schedule (the admin
  // service does).
  tl::expected<IssuedFeed, StoreError> create_feed(const FeedScope& scope, const Actor& actor);
  // Feeds by id, revoked ones too.
  std::vector<CalendarFeed> feeds(const FeedFilter& filter = {}) const;
  tl::expected<CalendarFeed, StoreError> feed(FeedId id) const;
  // The live feed `token` opens, its fetch noted.
  tl::expected<CalendarFeed, StoreError> open_feed(std::string_view token);
  // Revokes a live feed: `not_found` for an unknown id, or a feed revoked already.
  tl::expected<CalendarFeed, StoreError> revoke_feed(FeedId id, const Actor& actor);
  // Revokes the live feed `token` opens (its holder, without an account: actor kFeedHolder).
  tl::expected<CalendarFeed, StoreError> revoke_feed_by_token(std::string_view token,
                                                              std::string_view source);

  // The notifier's log (notice_log.hpp). `record_notice()` returns the notice's id (`exists` for
  // a key recorded before); `record_delivery()` a delivery's, pending.
  tl::expected<std::int64_t, StoreError> record_notice(const notices::Notice& n);
  tl::expected<std::int64_t, StoreError> record_delivery(std::int64_t notice,
                                                         const std::string& contact,
                                                         notices::Channel channel,
                                                         const std::string& address);
  // One attempt at a delivery and how the delivery stands after it (delivered, failed or given-up).
  tl::expected<void, StoreError> record_attempt(std::int64_t delivery, int attempt,
                                                notices::DeliveryState state,
                                                const std::string& error);
  // The newest `limit` notices with their deliveries; every key ever recorded.
  std::vector<NoticeRecord> notices(int limit = 50) const;
  std::vector<std::string> notice_keys() const;
  // The deliveries by channel and state (notice_log.hpp), for GET /metrics.
  tl::expected<std::vector<DeliveryCount>, StoreError> notice_delivery_counts() const;
  // Deviation reviews (deviation_review.hpp). Records `r` as the decision in force on its
  // candidate, in place of any before it, with its audit entry (`deviation_reviewed`, the
  // decision replaced in the detail) in one transaction. `invalid`, naming the field, for an
  // empty or over-long site, key or note, or one with control characters; nothing is written.
  tl::expected<DeviationReview, StoreError> review_deviation(const ReviewRequest& r,
                                                             const Actor& actor);
  // The decisions in force on a site's candidates, by key.
  std::vector<DeviationReview> deviation_reviews(std::string_view site) const;
  // A site's changes published with coverage gaps their author confirmed (`confirmed_gaps`),
  // made in [from, to), oldest first.
  std::vector<AuditEntry> gap_confirmations(std::string_view site, Instant from, Instant to) const;

  const std::string& path() const { return db_.path(); }

 private:
  ScheduleStore(Connection db, const Clock& clock, PasswordCost cost)
      : db_(std::move(db)), clock_(&clock), cost_(cost) {}

  struct NewVersion;
  // publish() and restore(): checks, then the version, the pointer and the entry in one go.
  tl::expected<VersionId, StoreError> commit_publication(const Publication& p);
  tl::expected<VersionId, StoreError> write_version(const NewVersion& v);
  tl::expected<std::int64_t, StoreError> write_audit(AuditEntry e);
  // The feed `token` opens, live or revoked.
  tl::expected<CalendarFeed, StoreError> feed_by_token(std::string_view token) const;
  tl::expected<CalendarFeed, StoreError> revoke(const CalendarFeed& feed, const Actor& actor);
  tl::expected<std::string, StoreError> hash_password(std::string_view password) const;
  tl::expected<void, StoreError> keep_an_administrator(std::string_view name, Role role,
                                                       bool active) const;
  void checkpoint() const;

  Connection db_;
  const Clock* clock_;
  PasswordCost cost_;
  std::string dummy_hash_;  // checked for an unknown name, so it takes as long as a known one
};

// Replaces the store at `path` with the content of `backup` (a file `backup()` wrote), online:
// readers of `path` see the old content or the new. The backup is checked first, on a copy
// (integrity, schema, the audit chain and the versions' hashes), and never written to; a backup
// that fails gives `damaged` with what was found and leaves `path` as it was.
tl::expected<void, StoreError> restore_backup(const std::string& backup, const std::string& path);

}  // namespace samtel::fw::store
