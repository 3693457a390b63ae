#pragma once
// audit.hpp — the schedule store's audit trail as values: what was done (`AuditAction`), by whom
// and from where (`Actor`), one entry of the trail (`AuditEntry`), and the hash chain that makes
// an edited, removed or reordered entry show.
//
// Promises:
//  * `to_string()` and `audit_action_from_string()` are exact inverses over the actions' names
//    (the names are the enumerators' own, "version_published"); any other text gives nullopt.
//    The text form is the one stored.
//  * `audit_hash()` is hex BLAKE2b-256 (libsodium's `crypto_generichash`, 32 bytes) of the
//    entry's `prev_hash` followed by a canonical serialisation of every other field of the entry
//    but `hash`: each field in declaration order as `<length in bytes>:<bytes>;`, numbers in
//    decimal, instants as `format_utc()` writes them, an absent version as `-`, the detail as its
//    stored JSON text (`audit_detail_text()`), `confirmed_gaps` as `0` or `1`. Text is hashed
//    byte for byte, and every field carries its length, so no two different entries serialise
//    alike.
//  * The first entry's `prev_hash` is `kGenesisHash` (64 zeros); each later one's is the hash of
//    the entry before it, and seqs run 1, 2, 3, ... without gaps.
//  * `AuditChainCheck` walks the trail in seq order and names every entry that breaks the chain:
//    a missing seq (removed), a `prev_hash` that is not the previous entry's hash (removed or
//    reordered), a hash that does not match the fields (edited). `finish()` compares the last
//    entry with the head the store keeps, so entries removed from the end show too.
//
//   AuditChainCheck check;
//   for (const auto& [entry, detail_text] : stored) check.add(entry, detail_text);
//   VerifyReport report = check.finish(head);
//   if (!report.ok()) std::cerr << "audit damaged from seq " << *report.first_bad_seq << '\n';
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "samtel/time.hpp"

namespace samtel::fw::store {

using VersionId = std::int64_t;

// What an audit entry records. The store writes the version and account actions itself; the
// others come from the services through `ScheduleStore::append_audit()`.
enum class AuditAction {
  store_initialised,   // a site's first version (`samtel store init`)
  version_published,   // a change published as a new version
  version_restored,    // an earlier version's content published again (undo, rollback)
  site_replaced,       // a whole site file uploaded as a new version
  user_added,          // an account added (or a removed one given back)
  user_changed,        // an account's role or password changed
  user_removed,        // an account removed (deactivated; its name stays in the trail)
  login_failed,        // a wrong password, an unknown name, or a locked account
  account_locked,      // too many failures: the account is locked for a while
  logged_in,           // a password accepted
  call_log_read,       // call records shown to someone
  call_log_exported,   // call records exported
  tz_rules_changed,    // the system's time-zone rules changed under the schedule
  backup_restored,     // the store was replaced by a backup's content
  feed_created,        // a calendar feed made (its subject in the detail, never its token)
  feed_revoked,        // a calendar feed revoked, by an account or by its token's holder
  deviation_reviewed,  // a deviation candidate filed, dismissed or explained (or decided again)
  call_log_purged,     // the call log's retention applied (its counts in the detail)
};

std::string_view to_string(AuditAction a);
std::optional<AuditAction> audit_action_from_string(std::string_view s);

// Who did something and from where: a user name and an address ("anna", "127.0.0.1"), or the
// unit's console ("root", "cli"). What the unit does by itself is the user "system" with the job
// as its source: {"system", "tzdata"} (changed time-zone rules), {"system", "retention"} (the
// daily purge of the call log).
struct Actor {
  std::string user;
  std::string source;
};

// 64 hex zeros: the `prev_hash` of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;
  Instant at{};
  Actor actor;
  AuditAction action = AuditAction::version_published;
  std::string site;  // "" for an entry about no site
  std::optional<VersionId> version_from, version_to;
  std::string comment;
  nlohmann::json detail;       // the change as data; see audit_detail_text()
  std::string routing_effect;  // plain-language summary of what the change does to calls
  std::string prev_hash, hash;
  bool confirmed_gaps = false;  // the author confirmed the coverage gaps the change opens
};

// How a detail is stored: compact JSON, keys sorted; text that is not UTF-8 becomes U+FFFD.
std::string audit_detail_text(const nlohmann::json& detail);

// The entry's hash (see above); `detail_text` is the detail as stored, which the hash covers.
std::string audit_hash(const AuditEntry& e, std::string_view detail_text);

// What `ScheduleStore::verify()` and `AuditChainCheck` found.
struct VerifyReport {
  std::int64_t entries = 0;           // audit entries walked
  std::vector<std::string> problems;  // one line each, in the order found
  bool ok() const { return problems.empty(); }
  std::optional<std::int64_t> first_bad_seq;  // the lowest seq named by a problem
  std::int64_t versions = 0;                  // versions whose content hash was checked
};

// Where the store says the trail ends.
struct AuditHead {
  std::int64_t seq = 0;
  std::string hash;
};

class AuditChainCheck {
 public:
  void add(const AuditEntry& e, std::string_view detail_text);
  // The report; `head` is the store's record of the last entry (nullopt: it has none).
  VerifyReport finish(const std::optional<AuditHead>& head);

 private:
  void problem(std::int64_t seq, std::string text);

  VerifyReport report_;
  std::int64_t last_seq_ = 0;
  std::string last_hash_{kGenesisHash};
};

}  // namespace samtel::fw::store
