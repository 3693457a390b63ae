// The logger's two line formats: logfmt and one JSON object a line, each event on one line
// whatever its values hold; the journal's fields of a line; the list of journal events.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "samtel/log/logger.hpp"

namespace samtel::fw {
namespace {

// The line without its time stamp (the logger reads the system clock).
std::string without_time(std::string line, std::string_view prefix_end) {
  const auto at = line.find(prefix_end);
  return at == std::string::npos ? line : line.substr(at);
}

TEST(Logger, LogfmtQuotesAndEscapesValues) {
  const std::string line = Logger::format(Logger::Level::info, JournalEvent::http_request,
                                          {{"path", "/a b"}, {"user", "kari"}, {"note", "x\"\ny"}});
  EXPECT_EQ(line.rfind("ts=", 0), 0u);
  EXPECT_EQ(without_time(line, " level="),
            " level=info event=http.request path=\"/a b\" user=kari note=\"x\\\"\\ny\"\n");
}

TEST(Logger, JsonIsOneObjectALine) {
  const std::string line = Logger::format(
      Logger::Level::warning, JournalEvent::admin_refused,
      {{"reason", "tab\there \"quoted\" back\\slash\x01"}, {"port", "8443"}}, LogFormat::json);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["level"], "warning");
  EXPECT_EQ(parsed["event"], "admin.refused");
  EXPECT_EQ(parsed["reason"], "tab\there \"quoted\" back\\slash\x01");
  EXPECT_EQ(parsed["port"], "8443");
  EXPECT_EQ(without_time(line, ",\"level\""),
            ",\"level\":\"warning\",\"event\":\"admin.refused\",\"reason\":\"tab\\there "
            "\\\"quoted\\\" back\\\\slash\\u0001\",\"port\":\"8443\"}\n");
}

TEST(Logger, FormatNamesAreExactInverses) {
  for (LogFormat f : {LogFormat::logfmt, LogFormat::json})
    EXPECT_EQ(log_format_from_string(to_string(f)), f);
  EXPECT_FALSE(log_format_from_string("JSON"));
  EXPECT_FALSE(log_format_from_string(""));
}

TEST(Logger, JournalFieldsCarryTheEventAndEachPair) {
  const std::vector<std::string> fields = Logger::journal_fields(
      Logger::Level::warning, JournalEvent::call_log_behind,
      {{"backlog", "812"}, {"caller-hash", "ab12"}, {"note", "two\nlines \"quoted\""}});
  const std::vector<std::string> expected = {
      "MESSAGE=event=call_log.behind backlog=812 caller-hash=ab12 "
      "note=\"two\\nlines \\\"quoted\\\"\"",
      "PRIORITY=4",
      "SAMTEL_EVENT=call_log.behind",
      "SAMTEL_BACKLOG=812",
      "SAMTEL_CALLER_HASH=ab12",
      "SAMTEL_NOTE=two\nlines \"quoted\"",  // the journal keeps a value whole, newline and all
  };
  EXPECT_EQ(fields, expected);
}

TEST(Logger, JournalPrioritiesAreSyslogs) {
  const std::pair<Logger::Level, std::string> cases[] = {{Logger::Level::debug, "PRIORITY=7"},
                                                         {Logger::Level::info, "PRIORITY=6"},
                                                         {Logger::Level::warning, "PRIORITY=4"},
                                                         {Logger::Level::error, "PRIORITY=3"}};
  for (const auto& [level, priority] : cases) {
    EXPECT_EQ(Logger::journal_fields(level, JournalEvent::samteld_started, {})[1], priority);
  }
  EXPECT_EQ(Logger::journal_fields(Logger::Level::info, JournalEvent::samteld_started, {}),
            (std::vector<std::string>{"MESSAGE=event=samteld.started", "PRIORITY=6",
                                      "SAMTEL_EVENT=samteld.started"}));
}

TEST(Logger, AJournalFieldNameIsNeverTakenTwice) {
  const auto fields =
      Logger::journal_fields(Logger::Level::info, JournalEvent::tz_database,
                             {{"event", "x"}, {"a.b", "1"}, {"a_b", "2"}, {"A-B", "3"}});
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[3], "SAMTEL_EVENT_2=x");  // not over SAMTEL_EVENT, the event's own
  EXPECT_EQ(fields[4], "SAMTEL_A_B=1");
  EXPECT_EQ(fields[5], "SAMTEL_A_B_2=2");
  EXPECT_EQ(fields[6], "SAMTEL_A_B_3=3");
}

TEST(JournalEvent, NamesAreUniqueAndReadBack) {
  std::set<std::string_view> names;
  for (JournalEvent e : kJournalEvents) {
    EXPECT_TRUE(names.insert(to_string(e)).second) << to_string(e);
    EXPECT_EQ(journal_event_from_string(to_string(e)), e);
  }
  EXPECT_EQ(to_string(JournalEvent::call_log_unwritten), "call_log.unwritten");
  EXPECT_FALSE(journal_event_from_string("call.routed"));
  EXPECT_FALSE(journal_event_from_string(""));
}

}  // namespace
}  // namespace samtel::fw
