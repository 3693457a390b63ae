// The schedule store: opening, versions and what publishes them, the audit trail and its check.
// Accounts and sessions are in accounts.cpp, backups in backup.cpp.
#include "samtel/store/schedule_store.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

#include <sodium.h>

#include "blake2b.hpp"
#include "samtel/config.hpp"
#include "samtel/text.hpp"
#include "store_sql.hpp"

namespace samtel::fw::store {

using Kind = StoreError::Kind;
using sql::error;
using sql::failed;

// A version about to be written, with what its audit entry says.
struct ScheduleStore::NewVersion {
  std::string site;
  std::optional<VersionId> parent;
  std::string content;  // canonical
  Actor actor;
  std::string comment;
  AuditAction action;
  nlohmann::json detail;
  std::string routing_effect;
  bool confirmed_gaps = false;
};

namespace {

// Frames in the write-ahead log past which a checkpoint restarts it (see checkpoint_wal()).
constexpr int kRestartFrames = 1000;

constexpr const char* kVersionColumns =
    "id, site, parent, created_utc, author, comment, content_hash, content";
constexpr const char* kAuditColumns =
    "seq, at_utc, user_name, source, action, site, version_from, version_to, comment, detail, "
    "routing_effect, confirmed_gaps, prev_hash, hash";

// A row of kVersionColumns; the content only when `with_content`.
Version read_version(const Statement& s, bool with_content) {
  Version v;
  v.id = sqlite3_column_int64(s.get(), 0);
  v.site = sql::text(s, 1);
  v.parent = sql::optional_int(s, 2);
  v.created = sql::instant(s, 3);
  v.author = sql::text(s, 4);
  v.comment = sql::text(s, 5);
  v.content_hash = sql::text(s, 6);
  if (with_content) v.content = sql::text(s, 7);
  return v;
}

// A row of kAuditColumns, and its detail's text as stored.
std::pair<AuditEntry, std::string> read_audit(const Statement& s) {
  AuditEntry e;
  e.seq = sqlite3_column_int64(s.get(), 0);
  e.at = sql::instant(s, 1);
  e.actor = {sql::text(s, 2), sql::text(s, 3)};
  // An action this build does not know (a newer one, or an edit) keeps the chain check honest:
  // the hash is computed over the stored text, not the enum.
  const std::string action = sql::text(s, 4);
  e.action = audit_action_from_string(action).value_or(AuditAction::version_published);
  e.site = sql::text(s, 5);
  e.version_from = sql::optional_int(s, 6);
  e.version_to = sql::optional_int(s, 7);
  e.comment = sql::text(s, 8);
  std::string detail = sql::text(s, 9);
  e.detail = nlohmann::json::parse(detail, nullptr, false);
  if (e.detail.is_discarded()) e.detail = detail;
  e.routing_effect = sql::text(s, 10);
  e.confirmed_gaps = sqlite3_column_int64(s.get(), 11) != 0;
  e.prev_hash = sql::text(s, 12);
  e.hash = sql::text(s, 13);
  return {std::move(e), std::move(detail)};
}

std::string joined(const ConfigErrors& errors) {
  std::string text;
  for (const ConfigError& e : errors) text += (text.empty() ? "" : "\n") + e.to_string();
  return text;
}

// A site file checked with the core's loader, and its canonical text (see the header).
struct CheckedSite {
  std::string content;
  Site site;
};

tl::expected<CheckedSite, StoreError> check_site(std::string_view text, std::string_view source) {
  if (text.size() > ScheduleStore::kMaxContentBytes) {
    return tl::unexpected(error(
        Kind::invalid, std::string(source) + ": the file has " + std::to_string(text.size()) +
                           " bytes, at most " + std::to_string(ScheduleStore::kMaxContentBytes)));
  }
  auto site = parse_site(text, source);
  if (!site) return tl::unexpected(error(Kind::invalid, joined(site.error())));
  std::string canonical;
  try {
    canonical = nlohmann::ordered_json::parse(text).dump(2) + "\n";
  } catch (const std::exception& e) {
    return tl::unexpected(error(Kind::invalid, std::string(source) + ": " + e.what()));
  }
  auto again = parse_site(canonical, source);
  if (!again) return tl::unexpected(error(Kind::invalid, joined(again.error())));
  return CheckedSite{std::move(canonical), std::move(*again)};
}

// The other sites' published versions and `site` must make one schedule (ids and line numbers
// unique), or samteld could not load them all.
tl::expected<void, StoreError> check_with_other_sites(const ScheduleStore& store,
                                                      const Site& site) {
  std::vector<Site> all;
  for (const std::string& id : store.sites()) {
    if (id == site.id) continue;
    auto v = store.published(id);
    if (!v) return tl::unexpected(v.error());
    auto other = parse_site(v->content,
                            "published version " + std::to_string(v->id) + " of site '" + id + "'");
    if (!other) return tl::unexpected(error(Kind::damaged, joined(other.error())));
    all.push_back(std::move(*other));
  }
  all.push_back(site);
  if (auto together = assemble_schedule(std::move(all)); !together) {
    return tl::unexpected(error(Kind::invalid, joined(together.error())));
  }
  return {};
}

bool written_by_the_store(AuditAction a) {
  switch (a) {
    case AuditAction::store_initialised:
    case AuditAction::version_published:
    case AuditAction::version_restored:
    case AuditAction::site_replaced:
    case AuditAction::user_added:
    case AuditAction::user_changed:
    case AuditAction::user_removed:
    case AuditAction::login_failed:
    case AuditAction::account_locked:
    case AuditAction::logged_in:
    case AuditAction::feed_created:
    case AuditAction::feed_revoked:
    case AuditAction::deviation_reviewed: return true;
    case AuditAction::call_log_read:
    case AuditAction::call_log_exported:
    case AuditAction::tz_rules_changed:
    case AuditAction::backup_restored:
    case AuditAction::call_log_purged: return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(StoreError::Kind k) {
  switch (k) {
    case Kind::invalid: return "invalid";
    case Kind::not_found: return "not_found";
    case Kind::conflict: return "conflict";
    case Kind::exists: return "exists";
    case Kind::damaged: return "damaged";
    case Kind::io: return "io";
    case Kind::denied: return "denied";
  }
  return "io";
}

// --- Opening ----------------------------------------------------------------------------------

tl::expected<ScheduleStore, StoreError> ScheduleStore::open(const std::string& path,
                                                            const Clock& clock,
                                                            const ScheduleStoreOptions& options) {
  static const int sodium = sodium_init();  // once per process (thread-safe)
  if (sodium < 0) return tl::unexpected(error(Kind::io, "cannot initialise libsodium"));
  auto db = open_database(path, {.migrations = sql::schedule_migrations(),
                                 .connection = options.connection,
                                 .quick_check = true});
  if (!db) return tl::unexpected(failed(db.error()));
  // Schedule changes are rare and must not be lost: every commit waits for the disk.
  if (auto r = db->exec("PRAGMA synchronous=FULL"); !r) return tl::unexpected(failed(r.error()));
  return ScheduleStore(std::move(*db), clock, options.password_cost);
}

int ScheduleStore::schema_version() { return static_cast<int>(sql::schedule_migrations().size()); }

void ScheduleStore::checkpoint() const { (void)checkpoint_wal(db_, kRestartFrames); }

std::int64_t ScheduleStore::data_version() const {
  auto s = db_.prepare("PRAGMA data_version");
  if (!s || s->step() != SQLITE_ROW) return -1;
  return sqlite3_column_int64(s->get(), 0);
}

// --- Versions ---------------------------------------------------------------------------------

std::vector<std::string> ScheduleStore::sites() const {
  std::vector<std::string> out;
  auto s = db_.prepare("SELECT site FROM published ORDER BY site");
  if (!s) return out;
  while (s->step() == SQLITE_ROW) out.push_back(sql::text(*s, 0));
  return out;
}

tl::expected<Version, StoreError> ScheduleStore::published(std::string_view site) const {
  auto s = db_.prepare(std::string("SELECT ") + kVersionColumns +
                       " FROM versions WHERE id = (SELECT version FROM published WHERE site = ?)");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_text(1, site);
  const int rc = s->step();
  if (rc == SQLITE_ROW) return read_version(*s, true);
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read site")));
  return tl::unexpected(
      error(Kind::not_found, "no site " + quote_value(site) + " in " + db_.path()));
}

tl::expected<std::vector<Version>, StoreError> ScheduleStore::published_all() const {
  auto s = db_.prepare(
      "SELECT v.id, v.site, v.parent, v.created_utc, v.author, v.comment, v.content_hash, "
      "v.content FROM published p JOIN versions v ON v.id = p.version ORDER BY p.site");
  if (!s) return tl::unexpected(failed(s.error()));
  std::vector<Version> out;
  int rc = SQLITE_ROW;
  while ((rc = s->step()) == SQLITE_ROW) out.push_back(read_version(*s, true));
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read the sites")));
  return out;
}

tl::expected<std::vector<std::pair<std::string, VersionId>>, StoreError>
ScheduleStore::published_ids() const {
  auto s = db_.prepare("SELECT site, version FROM published ORDER BY site");
  if (!s) return tl::unexpected(failed(s.error()));
  std::vector<std::pair<std::string, VersionId>> out;
  int rc = SQLITE_ROW;
  while ((rc = s->step()) == SQLITE_ROW) {
    out.emplace_back(sql::text(*s, 0), sqlite3_column_int64(s->get(), 1));
  }
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read the sites")));
  return out;
}

tl::expected<Version, StoreError> ScheduleStore::version(VersionId id) const {
  auto s = db_.prepare(std::string("SELECT ") + kVersionColumns + " FROM versions WHERE id = ?");
  if (!s) return tl::unexpected(failed(s.error()));
  s->bind_int64(1, id);
  const int rc = s->step();
  if (rc == SQLITE_ROW) return read_version(*s, true);
  if (rc != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot read version")));
  return tl::unexpected(
      error(Kind::not_found, "no version " + std::to_string(id) + " in " + db_.path()));
}

std::vector<VersionInfo> ScheduleStore::versions(std::string_view site, int limit,
                                                 std::optional<VersionId> before) const {
  std::vector<VersionInfo> out;
  auto s = db_.prepare(std::string("SELECT ") + kVersionColumns +
                       " FROM versions WHERE site = ? AND id < ? ORDER BY id DESC LIMIT ?");
  if (!s) return out;
  s->bind_text(1, site);
  s->bind_int64(2, before.value_or(std::numeric_limits<VersionId>::max()));
  s->bind_int64(3, std::max(limit, 0));
  while (s->step() == SQLITE_ROW) out.push_back(read_version(*s, false));
  return out;
}

tl::expected<VersionId, StoreError> ScheduleStore::write_version(const NewVersion& v) {
  const std::string created = format_utc(clock_->now());
  const std::string hash = blake2b_hex(v.content);
  auto insert = db_.prepare(
      "INSERT INTO versions (site, parent, created_utc, author, comment, content, content_hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return tl::unexpected(failed(insert.error()));
  insert->bind_text(1, v.site);
  if (v.parent)
    insert->bind_int64(2, *v.parent);
  else
    insert->bind_null(2);
  insert->bind_text(3, created);
  insert->bind_text(4, v.actor.user);
  insert->bind_text(5, v.comment);
  insert->bind_text(6, v.content);
  insert->bind_text(7, hash);
  if (insert->step() != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot add version")));
  const VersionId id = sqlite3_last_insert_rowid(db_.get());

  auto point = db_.prepare(
      "INSERT INTO published (site, version, since_utc) VALUES (?, ?, ?) "
      "ON CONFLICT(site) DO UPDATE SET version = excluded.version, since_utc = excluded.since_utc");
  if (!point) return tl::unexpected(failed(point.error()));
  point->bind_text(1, v.site);
  point->bind_int64(2, id);
  point->bind_text(3, created);
  if (point->step() != SQLITE_DONE) return tl::unexpected(failed(db_.error("cannot publish")));

  AuditEntry e;
  e.actor = v.actor;
  e.action = v.action;
  e.site = v.site;
  e.version_from = v.parent;
  e.version_to = id;
  e.comment = v.comment;
  e.detail = v.detail;
  e.routing_effect = v.routing_effect;
  e.confirmed_gaps = v.confirmed_gaps;
  if (auto r = write_audit(std::move(e)); !r) return tl::unexpected(r.error());
  return id;
}

tl::expected<VersionId, StoreError> ScheduleStore::initialise(std::string_view site_json,
                                                              const Actor& actor,
                                                              std::string_view comment,
                                                              std::string_view source) {
  auto checked = check_site(site_json, source.empty() ? "<text>" : source);
  if (!checked) return tl::unexpected(checked.error());
  const std::string& site = checked->site.id;
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  if (auto now = published(site); now) {
    return tl::unexpected(error(Kind::exists, "site " + quote_value(site) + " is in " + db_.path() +
                                                  " already (version " + std::to_string(now->id) +
                                                  " is published); publish a change instead"));
  } else if (now.error().kind != Kind::not_found) {
    return tl::unexpected(now.error());
  }
  if (auto r = check_with_other_sites(*this, checked->site); !r) return tl::unexpected(r.error());
  nlohmann::json detail = nlohmann::json::object();
  if (!source.empty()) detail["file"] = std::string(source);
  auto id = write_version({.site = site,
                           .parent = std::nullopt,
                           .content = std::move(checked->content),
                           .actor = actor,
                           .comment = std::string(comment),
                           .action = AuditAction::store_initialised,
                           .detail = std::move(detail),
                           .routing_effect = {},
                           .confirmed_gaps = false});
  if (!id) return id;
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return id;
}

tl::expected<VersionId, StoreError> ScheduleStore::publish(const Publication& p) {
  if (p.action != AuditAction::version_published && p.action != AuditAction::site_replaced) {
    return tl::unexpected(error(Kind::invalid,
                                "a publication is audited as version_published or "
                                "site_replaced, not " +
                                    std::string(to_string(p.action))));
  }
  return commit_publication(p);
}

tl::expected<VersionId, StoreError> ScheduleStore::restore(std::string_view site, VersionId earlier,
                                                           VersionId base, const Actor& actor,
                                                           std::string_view comment) {
  auto old = version(earlier);
  if (!old) return tl::unexpected(old.error());
  if (old->site != site) {
    return tl::unexpected(
        error(Kind::not_found, "version " + std::to_string(earlier) + " is a version of site " +
                                   quote_value(old->site) + ", not of " + quote_value(site)));
  }
  Publication p;
  p.site = std::string(site);
  p.base = base;
  p.content = std::move(old->content);
  p.actor = actor;
  p.comment =
      comment.empty() ? "version " + std::to_string(earlier) + " again" : std::string(comment);
  p.action = AuditAction::version_restored;
  p.detail = {{"restored", earlier}};
  p.routing_effect =
      "calls are routed by the schedule of version " + std::to_string(earlier) + " again";
  return commit_publication(p);
}

tl::expected<VersionId, StoreError> ScheduleStore::commit_publication(const Publication& p) {
  auto checked = check_site(p.content, "the new version of site '" + p.site + "'");
  if (!checked) return tl::unexpected(checked.error());
  if (checked->site.id != p.site) {
    return tl::unexpected(error(Kind::invalid, "the new version of site " + quote_value(p.site) +
                                                   ": /site/id: the file is site " +
                                                   quote_value(checked->site.id) +
                                                   "; a version cannot change its site"));
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  auto current = published(p.site);
  if (!current) return tl::unexpected(current.error());
  if (current->id != p.base) {
    StoreError e =
        error(Kind::conflict,
              "version " + std::to_string(p.base) + " of site " + quote_value(p.site) +
                  " is no longer the one published: version " + std::to_string(current->id) +
                  " was published by " + quote_value(current->author) + " at " +
                  format_utc(current->created) + "; make the change again from it");
    e.current = current->id;
    return tl::unexpected(std::move(e));
  }
  if (blake2b_hex(checked->content) == current->content_hash) {
    return tl::unexpected(error(Kind::invalid,
                                "nothing to publish: the content is that of "
                                "version " +
                                    std::to_string(current->id) + ", the one published"));
  }
  if (auto r = check_with_other_sites(*this, checked->site); !r) return tl::unexpected(r.error());
  auto id = write_version({.site = p.site,
                           .parent = p.base,
                           .content = std::move(checked->content),
                           .actor = p.actor,
                           .comment = p.comment,
                           .action = p.action,
                           .detail = p.detail,
                           .routing_effect = p.routing_effect,
                           .confirmed_gaps = p.confirmed_gaps});
  if (!id) return id;
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return id;
}

// --- The audit trail --------------------------------------------------------------------------

tl::expected<std::int64_t, StoreError> ScheduleStore::write_audit(AuditEntry e) {
  auto head = db_.prepare("SELECT seq, hash FROM audit_head WHERE one = 1");
  if (!head) return tl::unexpected(failed(head.error()));
  const int rc = head->step();
  if (rc == SQLITE_ROW) {
    e.seq = sqlite3_column_int64(head->get(), 0) + 1;
    e.prev_hash = sql::text(*head, 1);
  } else if (rc == SQLITE_DONE) {
    e.seq = 1;
    e.prev_hash = std::string(kGenesisHash);
  } else {
    return tl::unexpected(failed(db_.error("cannot read the audit trail")));
  }
  e.at = clock_->now();
  const std::string detail = audit_detail_text(e.detail);
  e.hash = audit_hash(e, detail);
  const std::string at = format_utc(e.at);
  const std::string_view action = to_string(e.action);

  auto insert = db_.prepare(std::string("INSERT INTO audit (") + kAuditColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return tl::unexpected(failed(insert.error()));
  insert->bind_int64(1, e.seq);
  insert->bind_text(2, at);
  insert->bind_text(3, e.actor.user);
  insert->bind_text(4, e.actor.source);
  insert->bind_text(5, action);
  insert->bind_text(6, e.site);
  for (const auto& [column, v] : {std::pair{7, e.version_from}, std::pair{8, e.version_to}}) {
    if (v)
      insert->bind_int64(column, *v);
    else
      insert->bind_null(column);
  }
  insert->bind_text(9, e.comment);
  insert->bind_text(10, detail);
  insert->bind_text(11, e.routing_effect);
  insert->bind_int64(12, e.confirmed_gaps ? 1 : 0);
  insert->bind_text(13, e.prev_hash);
  insert->bind_text(14, e.hash);
  if (insert->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot append to the audit trail")));
  }
  auto move_head = db_.prepare(
      "INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?) "
      "ON CONFLICT(one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
  if (!move_head) return tl::unexpected(failed(move_head.error()));
  move_head->bind_int64(1, e.seq);
  move_head->bind_text(2, e.hash);
  if (move_head->step() != SQLITE_DONE) {
    return tl::unexpected(failed(db_.error("cannot append to the audit trail")));
  }
  return e.seq;
}

tl::expected<std::int64_t, StoreError> ScheduleStore::append_audit(const Actor& actor,
                                                                   AuditAction action,
                                                                   nlohmann::json detail,
                                                                   std::string_view comment,
                                                                   std::string_view site) {
  if (written_by_the_store(action)) {
    return tl::unexpected(error(Kind::invalid, std::string(to_string(action)) +
                                                   " entries are written by the store itself, "
                                                   "with the change they record"));
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return tl::unexpected(failed(tx.error()));
  AuditEntry e;
  e.actor = actor;
  e.action = action;
  e.site = std::string(site);
  e.comment = std::string(comment);
  e.detail = std::move(detail);
  auto seq = write_audit(std::move(e));
  if (!seq) return seq;
  if (auto r = tx->commit(); !r) return tl::unexpected(failed(r.error()));
  checkpoint();
  return seq;
}

std::vector<AuditEntry> ScheduleStore::audit(std::int64_t after_seq, int limit) const {
  std::vector<AuditEntry> out;
  auto s = db_.prepare(std::string("SELECT ") + kAuditColumns +
                       " FROM audit WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!s) return out;
  s->bind_int64(1, after_seq);
  s->bind_int64(2, std::max(limit, 0));
  while (s->step() == SQLITE_ROW) out.push_back(read_audit(*s).first);
  return out;
}

std::vector<AuditEntry> ScheduleStore::gap_confirmations(std::string_view site, Instant from,
                                                         Instant to) const {
  std::vector<AuditEntry> out;
  // Instants as stored order as text as in time (schedule_schema.cpp).
  auto s = db_.prepare(std::string("SELECT ") + kAuditColumns +
                       " FROM audit WHERE site = ? AND confirmed_gaps = 1 AND at_utc >= ? AND "
                       "at_utc < ? ORDER BY seq");
  if (!s) return out;
  const std::string from_text = format_utc(from);
  const std::string to_text = format_utc(to);
  s->bind_text(1, site);
  s->bind_text(2, from_text);
  s->bind_text(3, to_text);
  while (s->step() == SQLITE_ROW) out.push_back(read_audit(*s).first);
  return out;
}

VerifyReport ScheduleStore::verify() const {
  AuditChainCheck chain;
  std::vector<std::string> unreadable;
  if (auto s = db_.prepare(std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY seq")) {
    int rc = 0;
    while ((rc = s->step()) == SQLITE_ROW) {
      const auto [entry, detail] = read_audit(*s);
      chain.add(entry, detail);
    }
    if (rc != SQLITE_DONE) unreadable.push_back(db_.error("cannot read the audit trail").message);
  } else {
    unreadable.push_back(s.error().message);
  }
  std::optional<AuditHead> head;
  if (auto s = db_.prepare("SELECT seq, hash FROM audit_head WHERE one = 1");
      s && s->step() == SQLITE_ROW) {
    head = AuditHead{sqlite3_column_int64(s->get(), 0), sql::text(*s, 1)};
  }
  VerifyReport report = chain.finish(head);
  if (auto s = db_.prepare("SELECT id, content, content_hash FROM versions ORDER BY id")) {
    int rc = 0;
    while ((rc = s->step()) == SQLITE_ROW) {
      ++report.versions;
      if (blake2b_hex(sql::text(*s, 1)) != sql::text(*s, 2)) {
        report.problems.push_back("version " + std::to_string(sqlite3_column_int64(s->get(), 0)) +
                                  ": its content does not match its hash (the content was edited)");
      }
    }
    if (rc != SQLITE_DONE) unreadable.push_back(db_.error("cannot read the versions").message);
  } else {
    unreadable.push_back(s.error().message);
  }
  report.problems.insert(report.problems.end(), unreadable.begin(), unreadable.end());
  return report;
}

}  // namespace samtel::fw::store
