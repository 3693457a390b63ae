// The e-mail a notice becomes, and the sendmail command that takes it (real processes: tee, false,
// a path that does not exist); no network.
#include "samtel/notices/senders.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace samtel::fw::notices {
namespace {

using namespace std::chrono_literals;

Notice notice(std::string title) {
  Notice n;
  n.kind = NoticeKind::maintenance_started;
  n.key = "maintenance-started:test/switch:2026-12-10T21:00:00Z";
  n.site = "test";
  n.title = std::move(title);
  n.text = "Started: planned maintenance.";
  n.at = parse_utc("2026-12-10T21:00:00Z").value();
  n.created = n.at;
  return n;
}

NotificationContact contact(std::string name) {
  NotificationContact c;
  c.name = std::move(name);
  c.email = "drift@hospital.test";
  return c;
}

TEST(MailMessage, AsciiHeadersAsTheyAre) {
  const std::string m =
      mail_message(notice("Planned maintenance started"), contact("Drift \"IT\""),
                   "samtel@unit.test", parse_utc("2026-12-06T09:05:07Z").value(), "1.2.1@samtel");
  EXPECT_EQ(m,
            "From: \"samtel\" <samtel@unit.test>\n"
            "To: \"Drift \\\"IT\\\"\" <drift@hospital.test>\n"
            "Subject: [samtel] Planned maintenance started\n"
            "Date: Sun, 06 Dec 2026 09:05:07 +0000\n"
            "Message-ID: <1.2.1@samtel>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            "X-Samtel-Notice: maintenance-started\n"
            "\n"
            "Started: planned maintenance.\n\nKind: maintenance-started\nSite: test\n"
            "Time: 2026-12-10T21:00:00Z\n");
}

TEST(MailMessage, WordsThatAreNotAsciiAreEncodedWordsNeverSplittingACharacter) {
  const std::string m =
      mail_message(notice("Vedlikehold: ærlig øving på sentralbordet i Trondheim, åtte timer"),
                   contact("Driftsvakt Ærlig"), "samtel@unit.test",
                   parse_utc("2026-12-06T09:05:07Z").value(), "x@samtel");
  EXPECT_NE(m.find("To: =?UTF-8?B?RHJpZnRzdmFrdCDDhnJsaWc=?= <drift@hospital.test>\n"),
            std::string::npos)
      << m;
  // The subject is folded into encoded words of at most 75 characters each.
  const auto start = m.find("Subject: ");
  const auto end = m.find("\nDate: ");
  const std::string subject_lines = m.substr(start, end - start);
  std::istringstream lines(subject_lines);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_LE(line.size(), 78u) << line;
    EXPECT_NE(line.find("=?UTF-8?B?"), std::string::npos) << line;
  }
  EXPECT_GE(count, 2);
}

TEST(MailCommand, WordsAndProblems) {
  EXPECT_EQ(parse_mail_command("/usr/sbin/sendmail  -t -oi").value(),
            (std::vector<std::string>{"/usr/sbin/sendmail", "-t", "-oi"}));
  EXPECT_EQ(parse_mail_command("sendmail -t").error(),
            "the mail command must start with an absolute path, not 'sendmail'");
  EXPECT_EQ(parse_mail_command("  ").error(), "the mail command is empty");
  EXPECT_EQ(parse_mail_command("/bin/x\n-t").error(),
            "the mail command contains a control character");
}

TEST(SendMail, TheCommandTakesTheMessageOnItsStandardInput) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("samtel-mail-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "message").string();
  MailSettings s;
  s.command = {"/usr/bin/tee", out};
  EXPECT_EQ(send_mail(s, "Subject: x\n\nhei\n"), std::nullopt);
  std::ifstream f(out);
  std::stringstream got;
  got << f.rdbuf();
  EXPECT_EQ(got.str(), "Subject: x\n\nhei\n");
  std::filesystem::remove_all(dir);
}

TEST(SendMail, FailuresNameTheCommand) {
  MailSettings s;
  s.command = {"/bin/false"};
  EXPECT_EQ(send_mail(s, "x"), "/bin/false exited with 1");
  s.command = {"/nonexistent/sendmail", "-t"};
  const auto missing = send_mail(s, "x");
  ASSERT_TRUE(missing);
  EXPECT_EQ(*missing,
            "/nonexistent/sendmail exited with 127: cannot run the mail command: No such file or "
            "directory");
  s.command = {"/bin/sleep", "5"};
  s.timeout = 1s;
  EXPECT_EQ(send_mail(s, ""), "/bin/sleep took longer than 1 s");
}

TEST(Webhook, ARefusedConnectionIsAnError) {
  // Port 9 on the loopback (discard) has no listener in the test environment.
  const auto error = post_webhook("http://127.0.0.1:9/hook", notice("x"), 2s);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("POST http://127.0.0.1:9/hook: ", 0), 0u) << *error;
  EXPECT_EQ(post_webhook("ftp://x/y", notice("x"), 2s),
            "not an http:// or https:// URL: ftp://x/y");
}

}  // namespace
}  // namespace samtel::fw::notices
