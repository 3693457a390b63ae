// The schedule store's schema, as numbered migrations (samtel/store/database.hpp): step N takes
// the file from schema version N-1 to N. Steps are only ever added at the end.
#include "store_sql.hpp"

namespace samtel::fw::store::sql {
namespace {

// The notifier's log (samtel/store/notice_log.hpp): every notice made, each delivery of it (one per
// contact and way) as it stands, and every attempt. Kept in its own constant so that the step can
// be renumbered when steps meet.
constexpr const char* kNoticeLogSql = R"sql(
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('fault-raised', 'fault-cleared',
                'maintenance-announced', 'maintenance-started', 'maintenance-ended',
                'restarted-after-crash')),
  site        TEXT NOT NULL,
  title       TEXT NOT NULL,
  text        TEXT NOT NULL,
  at_utc      TEXT NOT NULL,
  created_utc TEXT NOT NULL
);
CREATE INDEX notices_by_created ON notices(created_utc, id);
CREATE TABLE notice_deliveries (
  id          INTEGER PRIMARY KEY,
  notice      INTEGER NOT NULL REFERENCES notices(id),
  contact     TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'sip')),
  address     TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'given-up')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  updated_utc TEXT NOT NULL
);
CREATE INDEX notice_deliveries_by_notice ON notice_deliveries(notice, id);
CREATE TABLE notice_attempts (
  id       INTEGER PRIMARY KEY,
  delivery INTEGER NOT NULL REFERENCES notice_deliveries(id),
  attempt  INTEGER NOT NULL,
  at_utc   TEXT NOT NULL,
  state    TEXT NOT NULL CHECK (state IN ('delivered', 'failed', 'given-up')),
  error    TEXT NOT NULL
);
CREATE INDEX notice_attempts_by_delivery ON notice_attempts(delivery, id);
CREATE TRIGGER notice_attempts_are_kept BEFORE UPDATE ON notice_attempts
BEGIN SELECT RAISE(ABORT, 'delivery attempts are a log: append only'); END;
)sql";

// Deviation candidates reviewed by a person (samtel/store/deviation_review.hpp): the current
// decision on each candidate of a site; every decision, earlier ones too, is in the audit trail.
// Its own constant, so that the step can move if another is added before it.
constexpr const char* kDeviationReviewsSql = R"sql(
CREATE TABLE deviation_reviews (
  site          TEXT NOT NULL,
  candidate_key TEXT NOT NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('filed', 'dismissed', 'explained')),
  note          TEXT NOT NULL CHECK (note <> ''),
  reviewed_by   TEXT NOT NULL,
  reviewed_utc  TEXT NOT NULL,
  PRIMARY KEY (site, candidate_key)
);
)sql";

// Instants are TEXT as format_utc() writes them ("2026-12-02T12:00:00Z"): readable with the
// sqlite3 shell, and ordered as text the same as in time.
constexpr Migration kMigrations[] = {
    {"versions, the published version per site, the audit trail, users and sessions", R"sql(
CREATE TABLE versions (
  id           INTEGER PRIMARY KEY,
  site         TEXT NOT NULL,
  parent       INTEGER REFERENCES versions(id),
  created_utc  TEXT NOT NULL,
  author       TEXT NOT NULL,
  comment      TEXT NOT NULL,
  content      TEXT NOT NULL,
  content_hash TEXT NOT NULL
);
CREATE INDEX versions_by_site ON versions(site, id);
CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable: publish a new version instead'); END;
CREATE TRIGGER versions_are_kept BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;

CREATE TABLE published (
  site      TEXT PRIMARY KEY,
  version   INTEGER NOT NULL REFERENCES versions(id),
  since_utc TEXT NOT NULL
);
CREATE TRIGGER published_inserts_its_own_version BEFORE INSERT ON published
WHEN (SELECT site FROM versions WHERE id = NEW.version) IS NOT NEW.site
BEGIN SELECT RAISE(ABORT, 'a site can only publish a version of its own'); END;
CREATE TRIGGER published_updates_its_own_version BEFORE UPDATE ON published
WHEN (SELECT site FROM versions WHERE id = NEW.version) IS NOT NEW.site
BEGIN SELECT RAISE(ABORT, 'a site can only publish a version of its own'); END;

CREATE TABLE audit (
  seq            INTEGER PRIMARY KEY,
  at_utc         TEXT NOT NULL,
  user_name      TEXT NOT NULL,
  source         TEXT NOT NULL,
  action         TEXT NOT NULL,
  site           TEXT NOT NULL,
  version_from   INTEGER REFERENCES versions(id),
  version_to     INTEGER REFERENCES versions(id),
  comment        TEXT NOT NULL,
  detail         TEXT NOT NULL,
  routing_effect TEXT NOT NULL,
  confirmed_gaps INTEGER NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL
);
CREATE INDEX audit_by_site ON audit(site, seq);
CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_is_kept BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- The last entry written, so that entries removed from the end of the trail show.
CREATE TABLE audit_head (
  one  INTEGER PRIMARY KEY CHECK (one = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE users (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  role             TEXT NOT NULL CHECK (role IN ('viewer', 'scheduler', 'administrator')),
  password_hash    TEXT NOT NULL,
  failures         INTEGER NOT NULL DEFAULT 0,
  locked_until_utc TEXT,
  active           INTEGER NOT NULL DEFAULT 1,
  created_utc      TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  created_utc TEXT NOT NULL,
  expires_utc TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
)sql"},
    {"calendar feeds", R"sql(
-- A duty calendar served at a secret URL: only the hash of its token is kept. A desk's feed
-- names its line too, since a desk id is unique only within its line.
CREATE TABLE calendar_feeds (
  id               INTEGER PRIMARY KEY,
  site             TEXT NOT NULL,
  subject_kind     TEXT NOT NULL CHECK (subject_kind IN ('person', 'desk')),
  subject_id       TEXT NOT NULL,
  line             TEXT NOT NULL,
  token_hash       TEXT NOT NULL UNIQUE,
  created_utc      TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  revoked_utc      TEXT,
  revoked_by       TEXT,
  last_fetched_utc TEXT,
  CHECK ((subject_kind = 'desk') = (line <> '')),
  CHECK ((revoked_utc IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX calendar_feeds_by_creator ON calendar_feeds(created_by, id);
)sql"},
    {"the notifier's notices, deliveries and attempts", kNoticeLogSql},
    {"deviation reviews", kDeviationReviewsSql},
};

}  // namespace

std::span<const Migration> schedule_migrations() { return kMigrations; }

}  // namespace samtel::fw::store::sql
