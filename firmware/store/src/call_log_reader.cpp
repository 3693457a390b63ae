#include "samtel/store/call_log_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <sqlite3.h>

#include "samtel/statistics_aggregate.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::store {
namespace {

// The schema versions this reader knows (up to CallLog::kSchemaVersion; not linked to keep the
// reader free of the writer's threads). Version 1 is a file samteld has not migrated yet.
constexpr int kOldestSchema = 1;
constexpr int kReadableSchema = 3;
// The first version with the monthly aggregates (call_months).
constexpr int kAggregatesSchema = 3;

// "2027-03", as call_months keys a month.
std::string month_key(date::year_month m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(m.year()),
                static_cast<unsigned>(m.month()));
  return buf;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  return p == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(p));
}

std::optional<std::int64_t> column_int(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s, i);
}

std::optional<Instant> column_instant(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  auto t = parse_utc(column_text(s, i));
  if (!t) return std::nullopt;
  return *t;
}

}  // namespace

tl::expected<CallLogReader, std::string> CallLogReader::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return tl::unexpected("call log " + path + ": no such file (samteld has not written one)");
  }
  auto db = open_connection(path, {.read_only = true});
  if (!db) return tl::unexpected("call log " + path + ": " + db.error().message);
  auto version = user_version(*db);
  if (!version) return tl::unexpected("call log " + path + ": " + version.error().message);
  if (*version < kOldestSchema || *version > kReadableSchema) {
    return tl::unexpected("call log " + path + ": schema version " + std::to_string(*version) +
                          ", this reader knows versions " + std::to_string(kOldestSchema) + " to " +
                          std::to_string(kReadableSchema));
  }
  return CallLogReader(std::move(*db), static_cast<int>(*version));
}

tl::expected<CallPage, std::string> CallLogReader::calls(Instant from, Instant to,
                                                         std::int64_t after_id, int limit) const {
  limit = std::clamp(limit, 1, kMaxLimit);
  auto calls = db_.prepare(
      "SELECT id, call_id, arrived_utc, answered_utc, ended_utc, line, desk, mode, caller, open, "
      "day_type, coverage_gap, clock_fault, outcome, answered_role, answered_person, wait_ms, "
      "duration_s, fallback, reason, " +
      std::string(schema_ >= 2 ? "caller_category, municipality" : "'unknown', ''") +
      " FROM calls WHERE arrived_utc >= ? AND arrived_utc < ? AND id > ? ORDER BY id LIMIT ?");
  if (!calls) return tl::unexpected("call log " + db_.path() + ": " + calls.error().message);
  auto attempts = db_.prepare(
      "SELECT role, person, address, started_utc, ended_utc, response, result FROM attempts "
      "WHERE call = ? ORDER BY seq");
  if (!attempts) return tl::unexpected("call log " + db_.path() + ": " + attempts.error().message);
  const std::string from_text = format_utc(from), to_text = format_utc(to);
  calls->bind_text(1, from_text);
  calls->bind_text(2, to_text);
  calls->bind_int64(3, after_id);
  calls->bind_int64(4, limit + 1);  // one more says whether there is a next page
  CallPage page;
  int rc = 0;
  while ((rc = calls->step()) == SQLITE_ROW) {
    sqlite3_stmt* s = calls->get();
    if (static_cast<int>(page.calls.size()) == limit) {
      page.next = page.calls.back().id;
      break;
    }
    StoredCall c;
    c.id = sqlite3_column_int64(s, 0);
    CallRecord& r = c.record;
    r.call_id = column_text(s, 1);
    r.arrived = column_instant(s, 2).value_or(Instant{});
    r.answered = column_instant(s, 3);
    r.ended = column_instant(s, 4);
    r.line = column_text(s, 5);
    r.desk = column_text(s, 6);
    r.mode = routing_mode_from_string(column_text(s, 7)).value_or(RoutingMode::redirect);
    r.caller = column_text(s, 8);
    r.open = sqlite3_column_int(s, 9) != 0;
    r.day_type = column_text(s, 10);
    r.coverage_gap = sqlite3_column_int(s, 11) != 0;
    r.clock_fault = sqlite3_column_int(s, 12) != 0;
    r.outcome = call_outcome_from_string(column_text(s, 13)).value_or(CallOutcome::failed);
    r.answered_role = column_text(s, 14);
    r.answered_person = column_text(s, 15);
    r.wait_ms = column_int(s, 16);
    r.duration_s = column_int(s, 17);
    r.fallback = column_text(s, 18);
    r.reason = column_text(s, 19);
    r.caller_category =
        caller_category_from_string(column_text(s, 20)).value_or(CallerCategory::unknown);
    r.municipality = column_text(s, 21);
    attempts->bind_int64(1, c.id);
    int arc = 0;
    while ((arc = attempts->step()) == SQLITE_ROW) {
      sqlite3_stmt* a = attempts->get();
      AttemptRecord at;
      at.role = column_text(a, 0);
      at.person = column_text(a, 1);
      at.address = column_text(a, 2);
      at.started = column_instant(a, 3).value_or(Instant{});
      at.ended = column_instant(a, 4).value_or(Instant{});
      at.response = sqlite3_column_int(a, 5);
      at.result = attempt_result_from_string(column_text(a, 6)).value_or(AttemptResult::error);
      r.attempts.push_back(std::move(at));
    }
    attempts->reset();
    if (arc != SQLITE_DONE) {
      return tl::unexpected(db_.error("call log " + db_.path() + ": reading attempts").message);
    }
    page.calls.push_back(std::move(c));
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return tl::unexpected(db_.error("call log " + db_.path() + ": reading calls").message);
  }
  return page;
}

tl::expected<std::vector<MonthlyAggregate>, std::string> CallLogReader::monthly_aggregates(
    const std::string& site, date::year_month first, date::year_month last) const {
  std::vector<MonthlyAggregate> out;
  if (schema_ < kAggregatesSchema || last < first) return out;
  auto rows = db_.prepare(
      "SELECT month, statistics FROM call_months WHERE site = ? AND month >= ? AND month <= ? "
      "ORDER BY month");
  if (!rows) return tl::unexpected("call log " + db_.path() + ": " + rows.error().message);
  // Bound texts must outlive the statement's steps.
  const std::string first_key = month_key(first), last_key = month_key(last);
  rows->bind_text(1, site);
  rows->bind_text(2, first_key);
  rows->bind_text(3, last_key);
  int rc = 0;
  while ((rc = rows->step()) == SQLITE_ROW) {
    const std::string month = column_text(rows->get(), 0);
    const auto bad = [&](const std::string& why) {
      return tl::unexpected("call log " + db_.path() + ": the monthly aggregate of site " +
                            quote_value(site) + ", month " + quote_value(month) + ": " + why);
    };
    auto day = parse_date(month + "-01");
    if (!day || month.size() != 7) return bad("not a month such as 2027-03");
    auto statistics = parse_statistics_json(column_text(rows->get(), 1));
    if (!statistics) return bad(statistics.error());
    statistics->from_aggregates = {month};
    out.push_back({day->year() / day->month(), std::move(*statistics)});
  }
  if (rc != SQLITE_DONE) {
    return tl::unexpected(db_.error("call log " + db_.path() + ": reading call_months").message);
  }
  return out;
}

tl::expected<std::vector<Span>, std::string> CallLogReader::not_running(Instant from, Instant to,
                                                                        Instant now) const {
  to = std::min(to, now);  // nothing is known of the future
  std::vector<Span> down;
  if (from >= to || schema_ < 2) return down;  // version 1 kept no runs
  auto runs = db_.prepare(
      "SELECT started_utc, last_alive_utc, stopped_utc FROM unit_runs ORDER BY started_utc, id");
  if (!runs) return tl::unexpected("call log " + db_.path() + ": " + runs.error().message);
  // The spans the runs cover, merged, from the first run recorded on.
  std::vector<Span> up;
  int rc = 0;
  while ((rc = runs->step()) == SQLITE_ROW) {
    sqlite3_stmt* s = runs->get();
    const auto started = column_instant(s, 0), alive = column_instant(s, 1);
    if (!started || !alive) continue;
    Instant end = *alive;
    if (auto stopped = column_instant(s, 2)) {
      end = *stopped;
    } else if (now - *alive <= 2 * kAliveInterval) {
      end = now;  // running now
    }
    if (end <= *started) end = *started;
    if (!up.empty() && *started <= up.back().to) {
      up.back().to = std::max(up.back().to, end);
    } else {
      up.push_back({*started, end});
    }
  }
  if (rc != SQLITE_DONE) {
    return tl::unexpected(db_.error("call log " + db_.path() + ": reading unit_runs").message);
  }
  if (up.empty()) return down;  // no run recorded: nothing is known
  Instant at = std::max(from, up.front().from);
  for (const Span& u : up) {
    if (u.from > at && at < to) down.push_back({at, std::min(u.from, to)});
    at = std::max(at, u.to);
  }
  if (at < to) down.push_back({at, to});
  return down;
}

}  // namespace samtel::fw::store
