#include "samtel/store/call_log_purge.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "samtel/call_statistics.hpp"
#include "samtel/period.hpp"
#include "samtel/store/call_log_reader.hpp"
#include "samtel/zone_database.hpp"

namespace samtel::fw::store {
namespace {

// A site's share of the call log: its lines, in its zone. The site "" holds lines no published
// site has (a line since removed), in the first site's zone.
struct Group {
  std::string site;
  const Zone* zone = nullptr;
  std::vector<std::string> lines;  // empty for "": every line not in another group
};

// The local month an instant falls in, as the run of its days.
DateRange month_of(const Zone& zone, Instant t) {
  const date::year_month_day day{local_day(zone, t)};
  const date::year_month month{day.year(), day.month()};
  return DateRange{LocalDays{month / 1}, LocalDays{month / date::last}};
}

DateRange next_month(DateRange m) {
  const date::year_month_day first{m.first};
  const date::year_month next = date::year_month{first.year(), first.month()} + date::months{1};
  return DateRange{LocalDays{next / 1}, LocalDays{next / date::last}};
}

std::string month_text(DateRange m) {
  return format_date(date::year_month_day{m.first}).substr(0, 7);
}

class Batches {
 public:
  Batches(const Connection& db, const PurgeOptions& options) : db_(db), options_(options) {}

  // Runs `sql` (binding the cutoff as ?1 and the batch size as ?2) in one write transaction per
  // batch until a batch changes nothing; `extra` runs first in each transaction with the same
  // bindings. Returns the rows `sql` changed in all, and adds those `extra` changed to `*also`.
  // A statement with a third parameter is given the highest id the last batch's `sql` returned
  // (`RETURNING id`; 0 at first), so that each batch starts where the last one ended instead of
  // scanning again what is done: a batch then costs its own rows, not the table's.
  tl::expected<std::int64_t, std::string> run(const char* sql, const std::string& cutoff,
                                              const char* extra = nullptr,
                                              std::int64_t* also = nullptr) {
    auto main = db_.prepare(sql);
    if (!main) return tl::unexpected(main.error().message);
    std::optional<Statement> first;
    if (extra != nullptr) {
      auto s = db_.prepare(extra);
      if (!s) return tl::unexpected(s.error().message);
      first = std::move(*s);
    }
    std::int64_t total = 0;
    after_ = 0;
    for (bool first_batch = true;; first_batch = false) {
      if (!first_batch) pause();
      auto tx = Transaction::begin(db_);
      if (!tx) return tl::unexpected(tx.error().message);
      if (first) {
        auto done = step(*first, cutoff, after_);
        if (!done) return tl::unexpected(done.error());
        if (also != nullptr) *also += sqlite3_changes(db_.get());
      }
      const std::int64_t resume = after_;
      auto done = step(*main, cutoff, resume);
      if (!done) return tl::unexpected(done.error());
      const int changed = sqlite3_changes(db_.get());
      auto committed = tx->commit();
      if (!committed) return tl::unexpected(committed.error().message);
      total += changed;
      if (changed < options_.batch_rows) return total;
    }
  }

  void pause() const {
    if (options_.between_batches)
      options_.between_batches();
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

 private:
  tl::expected<void, std::string> step(Statement& s, const std::string& cutoff,
                                       std::int64_t after) {
    s.bind_text(1, cutoff);
    s.bind_int64(2, options_.batch_rows);
    if (sqlite3_bind_parameter_count(s.get()) >= 3) s.bind_int64(3, after);
    int rc = SQLITE_ROW;
    while ((rc = s.step()) == SQLITE_ROW) {
      after_ = std::max(after_, static_cast<std::int64_t>(sqlite3_column_int64(s.get(), 0)));
    }
    s.reset();
    if (rc != SQLITE_DONE) return tl::unexpected(db_.error("purging the call log").message);
    return {};
  }

  const Connection& db_;
  const PurgeOptions& options_;
  std::int64_t after_ = 0;  // the highest id a batch returned
};

tl::expected<std::int64_t, std::string> count(const Connection& db, const char* sql,
                                              const std::string& cutoff) {
  auto s = db.prepare(sql);
  if (!s) return tl::unexpected(s.error().message);
  s->bind_text(1, cutoff);
  if (s->step() != SQLITE_ROW) return tl::unexpected(db.error("counting due records").message);
  return sqlite3_column_int64(s->get(), 0);
}

}  // namespace

nlohmann::json PurgeCounts::to_json() const {
  return {{"numbers_blanked", numbers_blanked},       {"calls_deleted", calls_deleted},
          {"attempts_deleted", attempts_deleted},     {"months_aggregated", months_aggregated},
          {"aggregates_deleted", aggregates_deleted}, {"dry_run", dry_run}};
}

nlohmann::json purge_audit_detail(const Retention& retention, std::string_view trigger,
                                  bool dry_run,
                                  const tl::expected<PurgeCounts, std::string>& result) {
  nlohmann::json detail = result ? result->to_json() : nlohmann::json::object();
  if (!result) {
    detail["dry_run"] = dry_run;
    detail["error"] = result.error();
  }
  detail["retention"] = {
      {"caller_number_days", retention.caller_number.count()},
      {"call_records_days", retention.call_records.count()},
      {"aggregates_days",
       retention.aggregates ? nlohmann::json(retention.aggregates->count()) : nullptr}};
  detail["trigger"] = std::string(trigger);
  return detail;
}

tl::expected<CallLogPurge, std::string> CallLogPurge::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return tl::unexpected("call log " + path + ": no such file (samteld has not written one)");
  }
  auto db = open_connection(path);
  if (!db) return tl::unexpected("call log " + path + ": " + db.error().message);
  auto s = db->prepare(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = "
      "'call_months'");
  if (!s) return tl::unexpected("call log " + path + ": " + s.error().message);
  if (s->step() != SQLITE_ROW || sqlite3_column_int(s->get(), 0) != 1) {
    return tl::unexpected("call log " + path +
                          ": no monthly aggregates table (samteld has not created or migrated "
                          "this file)");
  }
  s->reset();
  return CallLogPurge(std::move(*db));
}

tl::expected<PurgeCounts, std::string> CallLogPurge::run(Instant now, const Retention& retention,
                                                         const Schedule& schedule,
                                                         const PurgeOptions& options) const {
  const auto fail = [&](const std::string& e) {
    return tl::unexpected("call log " + db_.path() + ": " + e);
  };
  if (options.batch_rows < 1 || options.batch_rows > 100000) {
    return fail("batch_rows " + std::to_string(options.batch_rows) + " is not in 1..100000");
  }
  std::vector<Group> groups;
  for (const Site& site : schedule.sites()) {
    Group g{site.id, site.zone, {}};
    for (const Line& line : site.lines) g.lines.push_back(line.number);
    groups.push_back(std::move(g));
  }
  const Zone* first_zone =
      groups.empty() ? find_zone("Europe/Oslo").value_or(nullptr) : groups.front().zone;
  if (first_zone == nullptr) return fail("no time zone for the monthly aggregates");
  groups.push_back(Group{"", first_zone, {}});

  PurgeCounts counts;
  counts.dry_run = options.dry_run;
  // Records are deleted only from months that are over in every zone, so that no aggregate is
  // of a month still running.
  Instant records_cutoff = now - retention.call_records;
  for (const Group& g : groups) {
    records_cutoff = std::min(records_cutoff, to_span(*g.zone, month_of(*g.zone, now)).from);
  }
  const std::string caller_cutoff_text = format_utc(now - retention.caller_number);
  const std::string records_cutoff_text = format_utc(records_cutoff);
  Batches batches(db_, options);

  // 1. Callers' numbers past their limit.
  if (options.dry_run) {
    auto n = count(db_, "SELECT count(*) FROM calls WHERE arrived_utc < ?1 AND caller <> ''",
                   caller_cutoff_text);
    if (!n) return fail(n.error());
    counts.numbers_blanked = *n;
  } else {
    auto n = batches.run(
        "UPDATE calls SET caller = '' WHERE id IN (SELECT id FROM calls WHERE id > ?3 AND "
        "arrived_utc < ?1 AND caller <> '' ORDER BY id LIMIT ?2) RETURNING id",
        caller_cutoff_text);
    if (!n) return fail(n.error());
    counts.numbers_blanked = *n;
  }

  // 2. The aggregates of the months whose calls are due, before any of them goes.
  auto oldest = db_.prepare("SELECT min(arrived_utc) FROM calls WHERE arrived_utc < ?1");
  if (!oldest) return fail(oldest.error().message);
  oldest->bind_text(1, records_cutoff_text);
  if (oldest->step() != SQLITE_ROW) return fail(db_.error("finding due records").message);
  std::optional<Instant> oldest_due;
  if (sqlite3_column_type(oldest->get(), 0) != SQLITE_NULL) {
    const auto* text = sqlite3_column_text(oldest->get(), 0);
    auto t = parse_utc(reinterpret_cast<const char*>(text));
    if (!t) return fail("a call's arrival cannot be read: " + t.error());
    oldest_due = *t;
  }
  oldest->reset();
  if (oldest_due) {
    auto reader = CallLogReader::open(db_.path());
    if (!reader) return tl::unexpected(reader.error());
    auto exists = db_.prepare("SELECT 1 FROM call_months WHERE site = ?1 AND month = ?2");
    auto insert = db_.prepare(
        "INSERT INTO call_months (site, month, from_utc, to_utc, statistics, made_utc) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!exists) return fail(exists.error().message);
    if (!insert) return fail(insert.error().message);
    const std::string made_text = format_utc(now);
    for (const Group& g : groups) {
      const auto ours = [&](const std::string& line) {
        if (!g.site.empty())
          return std::find(g.lines.begin(), g.lines.end(), line) != g.lines.end();
        return std::none_of(groups.begin(), groups.end() - 1, [&](const Group& other) {
          return std::find(other.lines.begin(), other.lines.end(), line) != other.lines.end();
        });
      };
      for (DateRange m = month_of(*g.zone, *oldest_due); to_span(*g.zone, m).from < records_cutoff;
           m = next_month(m)) {
        const std::string month = month_text(m);
        exists->bind_text(1, g.site);
        exists->bind_text(2, month);
        const int rc = exists->step();
        exists->reset();
        if (rc == SQLITE_ROW) continue;  // aggregated by an earlier run
        if (rc != SQLITE_DONE) return fail(db_.error("reading the monthly aggregates").message);
        const Span span = to_span(*g.zone, m);
        StatisticsAccumulator acc(*g.zone, m);
        std::size_t calls = 0;
        for (std::int64_t after = 0;;) {
          auto page = reader->calls(span.from, span.to, after, CallLogReader::kMaxLimit);
          if (!page) return tl::unexpected(page.error());
          for (const StoredCall& c : page->calls) {
            if (!ours(c.record.line)) continue;
            acc.add(c.record);
            ++calls;
          }
          if (!page->next) break;
          after = *page->next;
        }
        if (calls == 0) continue;
        ++counts.months_aggregated;
        if (options.dry_run) continue;
        const std::string stats =
            statistics_json(acc.finish(), nullptr, Disclosure::internal).dump();
        const std::string from_text = format_utc(span.from), to_text = format_utc(span.to);
        auto tx = Transaction::begin(db_);
        if (!tx) return fail(tx.error().message);
        insert->bind_text(1, g.site);
        insert->bind_text(2, month);
        insert->bind_text(3, from_text);
        insert->bind_text(4, to_text);
        insert->bind_text(5, stats);
        insert->bind_text(6, made_text);
        const int irc = insert->step();
        insert->reset();
        if (irc != SQLITE_DONE) return fail(db_.error("storing a monthly aggregate").message);
        auto committed = tx->commit();
        if (!committed) return fail(committed.error().message);
        batches.pause();
      }
    }
  }

  // 3. The calls past their limit, with their attempts.
  if (options.dry_run) {
    auto calls =
        count(db_, "SELECT count(*) FROM calls WHERE arrived_utc < ?1", records_cutoff_text);
    if (!calls) return fail(calls.error());
    auto attempts = count(db_,
                          "SELECT count(*) FROM attempts WHERE call IN (SELECT id FROM calls "
                          "WHERE arrived_utc < ?1)",
                          records_cutoff_text);
    if (!attempts) return fail(attempts.error());
    counts.calls_deleted = *calls;
    counts.attempts_deleted = *attempts;
  } else if (oldest_due) {
    auto n = batches.run(
        "DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE id > ?3 AND arrived_utc < ?1 "
        "ORDER BY id LIMIT ?2) RETURNING id",
        records_cutoff_text,
        "DELETE FROM attempts WHERE call IN (SELECT id FROM calls WHERE id > ?3 AND arrived_utc "
        "< ?1 ORDER BY id LIMIT ?2)",
        &counts.attempts_deleted);
    if (!n) return fail(n.error());
    counts.calls_deleted = *n;
  }

  // 4. Aggregates past their own limit, when they have one.
  if (retention.aggregates) {
    const std::string cutoff = format_utc(now - *retention.aggregates);
    if (options.dry_run) {
      auto n = count(db_, "SELECT count(*) FROM call_months WHERE to_utc < ?1", cutoff);
      if (!n) return fail(n.error());
      counts.aggregates_deleted = *n;
    } else {
      auto n = batches.run(
          "DELETE FROM call_months WHERE rowid IN (SELECT rowid FROM call_months WHERE to_utc < "
          "?1 LIMIT ?2)",
          cutoff);
      if (!n) return fail(n.error());
      counts.aggregates_deleted = *n;
    }
  }
  if (!options.dry_run) {
    // What the run wrote goes into the database file now (a PASSIVE checkpoint, which never
    // waits for samteld's writer nor holds it up; restarting the log is samteld's checkpointer's).
    auto checkpoint = checkpoint_wal(db_, std::numeric_limits<int>::max());
    if (!checkpoint) return fail(checkpoint.error().message);
  }
  return counts;
}

}  // namespace samtel::fw::store
