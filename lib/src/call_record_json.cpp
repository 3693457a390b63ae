#include "samtel/call_record_json.hpp"

#include <nlohmann/json.hpp>

#include "samtel/json_check.hpp"

namespace samtel {
namespace {

using nlohmann::json;

// One line's fields, read with the shared checks; every problem is collected.
class RecordReader {
 public:
  std::optional<Instant> instant(const json& obj, const std::string& ptr, std::string_view key,
                                 bool nullable) {
    const json* v = c_.member(obj, ptr, key, true);
    if (v == nullptr || (nullable && v->is_null())) return std::nullopt;
    const std::string at = pointer_at(ptr, key);
    if (!v->is_string()) {
      c_.error(at, "expected a UTC instant such as \"2027-03-01T08:00:00Z\"" +
                       std::string(nullable ? " or null" : "") + ", found " + json_value_name(*v));
      return std::nullopt;
    }
    auto t = parse_utc(v->get<std::string>());
    if (!t) {
      c_.error(at, "expected a UTC instant such as \"2027-03-01T08:00:00Z\", found " +
                       quote_value(v->get<std::string>()));
      return std::nullopt;
    }
    return *t;
  }

  std::string text(const json& obj, const std::string& ptr, std::string_view key, bool nullable,
                   bool required = true) {
    const json* v = c_.member(obj, ptr, key, required);
    if (v == nullptr || (nullable && v->is_null())) return {};
    if (!v->is_string()) {
      c_.error(pointer_at(ptr, key), std::string("expected a string") +
                                         (nullable ? " or null" : "") + ", found " +
                                         json_value_name(*v));
      return {};
    }
    return v->get<std::string>();
  }

  bool flag(const json& obj, const std::string& ptr, std::string_view key) {
    return c_.boolean(obj, ptr, key, true).value_or(false);
  }

  std::optional<std::int64_t> count(const json& obj, const std::string& ptr, std::string_view key) {
    const json* v = c_.member(obj, ptr, key, true);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number_integer() || (v->is_number_integer() && v->get<std::int64_t>() < 0)) {
      c_.error(pointer_at(ptr, key),
               "expected a whole number 0 or more, or null, found " + json_value_name(*v));
      return std::nullopt;
    }
    return v->get<std::int64_t>();
  }

  // An enum's text form, checked against every value's.
  template <typename E, std::size_t N>
  E choice(const json& obj, const std::string& ptr, std::string_view key,
           const std::array<E, N>& all, E fallback, bool required = true) {
    const json* v = c_.member(obj, ptr, key, required);
    if (v == nullptr) return fallback;
    if (v->is_string()) {
      for (E e : all) {
        if (to_string(e) == v->get<std::string>()) return e;
      }
    }
    std::string known;
    for (E e : all) known += (known.empty() ? "" : ", ") + std::string(to_string(e));
    c_.error(pointer_at(ptr, key),
             "expected one of " + known + ", found " +
                 (v->is_string() ? quote_value(v->get<std::string>()) : json_value_name(*v)));
    return fallback;
  }

  JsonChecker& checker() { return c_; }

 private:
  JsonChecker c_;
};

constexpr std::array kModes{RoutingMode::redirect, RoutingMode::proxy};

std::vector<std::string> messages(std::vector<JsonProblem> problems) {
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (JsonProblem& p : problems) {
    out.push_back(p.pointer.empty() ? std::move(p.message) : p.pointer + ": " + p.message);
  }
  return out;
}

}  // namespace

tl::expected<CallRecord, std::vector<std::string>> call_record_from_json(std::string_view line) {
  RecordReader r;
  JsonChecker& c = r.checker();
  if (line.size() > kMaxRecordLine) {
    return tl::unexpected(std::vector<std::string>{"longer than " + std::to_string(kMaxRecordLine) +
                                                   " bytes; not a call record"});
  }
  auto parsed = parse_checked(line, c);
  if (!parsed) return tl::unexpected(messages(c.take()));
  const json& j = *parsed;
  CallRecord rec;
  try {
    if (!c.object(j, "",
                  {"call_id",
                   "arrived_utc",
                   "answered_utc",
                   "ended_utc",
                   "line",
                   "desk",
                   "mode",
                   "caller",
                   "caller_category",
                   "municipality",
                   "open",
                   "day_type",
                   "coverage_gap",
                   "clock_fault",
                   "outcome",
                   "answered_role",
                   "answered_person",
                   "wait_ms",
                   "duration_s",
                   "fallback",
                   "reason",
                   "attempts"})) {
      return tl::unexpected(messages(c.take()));
    }
    rec.call_id = r.text(j, "", "call_id", false);
    if (auto t = r.instant(j, "", "arrived_utc", false)) rec.arrived = *t;
    rec.answered = r.instant(j, "", "answered_utc", true);
    rec.ended = r.instant(j, "", "ended_utc", true);
    rec.line = r.text(j, "", "line", false);
    rec.desk = r.text(j, "", "desk", false);
    rec.mode = r.choice(j, "", "mode", kModes, RoutingMode::redirect);
    rec.caller = r.text(j, "", "caller", false);
    // Absent in lines journaled before schema version 2.
    rec.caller_category = r.choice(j, "", "caller_category", kAllCallerCategories,
                                   CallerCategory::unknown, j.contains("municipality"));
    rec.municipality = r.text(j, "", "municipality", false, j.contains("caller_category"));
    rec.open = r.flag(j, "", "open");
    rec.day_type = r.text(j, "", "day_type", false);
    rec.coverage_gap = r.flag(j, "", "coverage_gap");
    rec.clock_fault = r.flag(j, "", "clock_fault");
    rec.outcome = r.choice(j, "", "outcome", kAllCallOutcomes, CallOutcome::failed);
    rec.answered_role = r.text(j, "", "answered_role", true);
    rec.answered_person = r.text(j, "", "answered_person", true);
    rec.wait_ms = r.count(j, "", "wait_ms");
    rec.duration_s = r.count(j, "", "duration_s");
    rec.fallback = r.text(j, "", "fallback", true);
    rec.reason = r.text(j, "", "reason", false);
    if (rec.call_id.empty() && j.contains("call_id") && j["call_id"].is_string()) {
      c.error("/call_id", "must not be empty");
    }
    if (const json* attempts = c.array(j, "", "attempts", true)) {
      for (std::size_t i = 0; i < attempts->size(); ++i) {
        const std::string p = pointer_at("/attempts", i);
        const json& a = (*attempts)[i];
        if (!c.object(
                a, p,
                {"role", "person", "address", "started_utc", "ended_utc", "response", "result"})) {
          continue;
        }
        AttemptRecord at;
        at.role = r.text(a, p, "role", false);
        at.person = r.text(a, p, "person", false);
        at.address = r.text(a, p, "address", false);
        if (auto t = r.instant(a, p, "started_utc", false)) at.started = *t;
        if (auto t = r.instant(a, p, "ended_utc", false)) at.ended = *t;
        at.response = static_cast<int>(c.integer(a, p, "response", true, 0, 699).value_or(0));
        at.result = r.choice(a, p, "result", kAllAttemptResults, AttemptResult::error);
        rec.attempts.push_back(std::move(at));
      }
    }
  } catch (const std::exception& e) {
    c.error("", std::string("unexpected structure: ") + e.what());
  }
  if (!c.ok()) return tl::unexpected(messages(c.take()));
  return rec;
}

tl::expected<std::vector<CallRecord>, std::vector<std::string>> call_records_from_json_lines(
    std::string_view text) {
  std::vector<CallRecord> records;
  std::vector<std::string> errors;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto record = call_record_from_json(line);
    if (!record) {
      for (const std::string& e : record.error()) {
        errors.push_back("line " + std::to_string(number) + ": " + e);
      }
      continue;
    }
    if (errors.empty()) records.push_back(std::move(*record));
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return records;
}

}  // namespace samtel
