// The logger's two line formats: logfmt and one JSON object a line, each event on one line
// whatever its values hold.
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
  const std::string line = Logger::format(Logger::Level::info, "http.request",
                                          {{"path", "/a b"}, {"user", "kari"}, {"note", "x\"\ny"}});
  EXPECT_EQ(line.rfind("ts=", 0), 0u);
  EXPECT_EQ(without_time(line, " level="),
            " level=info event=http.request path=\"/a b\" user=kari note=\"x\\\"\\ny\"\n");
}

TEST(Logger, JsonIsOneObjectALine) {
  const std::string line = Logger::format(
      Logger::Level::warning, "admin.refused",
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

}  // namespace
}  // namespace samtel::fw
