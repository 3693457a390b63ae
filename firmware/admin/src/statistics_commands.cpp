// `samtel admin statistics`: the statistics for the partners over a named period (docs/admin.md,
// "Statistics for the partners"), as the service's JSON, CSV or printable report, or that report
// printed to PDF by Debian's headless Chromium from a local file.
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command_support.hpp"
#include "samtel/call_statistics.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

namespace fs = std::filesystem;

constexpr AdminCommand kCommand = AdminCommand::statistics;
// How long Chromium may take to print one report.
constexpr auto kPrintTimeout = std::chrono::seconds(120);

CommandError usage(const std::string& message) { return {kExitUsage, "statistics: " + message}; }

// "month=2027-03", "from=...&to=...": the period's query, checked as the service checks it.
tl::expected<std::vector<std::pair<const char*, std::string>>, CommandError> period_query(
    const AdminOptions& o) {
  std::vector<std::pair<const char*, std::string>> named;
  const std::pair<PeriodKind, const std::string*> kinds[] = {{PeriodKind::month, &o.month},
                                                             {PeriodKind::quarter, &o.quarter},
                                                             {PeriodKind::year, &o.year}};
  int given = 0;
  for (const auto& [kind, value] : kinds) {
    if (value->empty()) continue;
    ++given;
    auto period = parse_period(kind, *value);
    if (!period) {
      return tl::unexpected(usage("--" + std::string(to_string(kind)) + ": " + period.error()));
    }
    named.emplace_back(kind == PeriodKind::month     ? "month"
                       : kind == PeriodKind::quarter ? "quarter"
                                                     : "year",
                       *value);
  }
  if (!o.from.empty() || !o.to.empty()) {
    ++given;
    if (o.from.empty() || o.to.empty()) return tl::unexpected(usage("--from goes with --to"));
    for (const std::string* date : {&o.from, &o.to}) {
      if (auto d = parse_date(*date); !d) {
        return tl::unexpected(usage((date == &o.from ? "--from: " : "--to: ") + d.error()));
      }
    }
    named.emplace_back("from", o.from);
    named.emplace_back("to", o.to);
  }
  if (given == 0)
    return tl::unexpected(usage("give --month, --quarter, --year or --from and --to"));
  if (given > 1) {
    return tl::unexpected(
        usage("give one period only (--month, --quarter, --year or --from/--to)"));
  }
  return named;
}

// `name` as a program to run: a path as it is, else the first executable in PATH.
std::optional<fs::path> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return fs::path(name);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// A directory of our own for the report's file and Chromium's profile, removed when done.
class TemporaryDirectory {
 public:
  static tl::expected<TemporaryDirectory, std::string> create() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/samtel-report-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return tl::unexpected("cannot make a temporary directory " + quote_value(pattern) + ": " +
                            std::strerror(errno));
    }
    return TemporaryDirectory(pattern);
  }
  TemporaryDirectory(TemporaryDirectory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  explicit TemporaryDirectory(fs::path p) : path_(std::move(p)) {}
  fs::path path_;
};

// The last line of a file that says something (Chromium's last message), "" if none.
std::string last_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

// Runs Chromium headless on the local file `html`, printing it to `pdf`; "" or why it failed.
std::string print_to_pdf(const fs::path& chromium, const fs::path& dir, const fs::path& html,
                         const fs::path& pdf) {
  std::vector<std::string> args{chromium.string(),
                                "--headless",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-extensions",
                                "--disable-background-networking",
                                "--disable-sync",
                                "--no-pdf-header-footer",
                                "--user-data-dir=" + (dir / "profile").string(),
                                "--print-to-pdf=" + pdf.string()};
  // Chromium's sandbox refuses to run as root; a root's run is the only one without it.
  if (::geteuid() == 0) args.emplace_back("--no-sandbox");
  args.push_back("file://" + html.string());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const fs::path log = dir / "chromium.log";

  const pid_t pid = ::fork();
  if (pid < 0) return std::string("cannot start Chromium: ") + std::strerror(errno);
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so that its helpers end with it
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + kPrintTimeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      return std::string("waiting for Chromium: ") + std::strerror(errno);
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return "Chromium did not print the report within " + std::to_string(kPrintTimeout.count()) +
             " s";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Helpers it left behind end with its group.
  ::kill(-pid, SIGKILL);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string said = last_line(log);
    return "Chromium failed (" +
           (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                              : std::string("killed by a signal")) +
           ")" + (said.empty() ? "" : ": " + escape_control_characters(said));
  }
  std::ifstream in(pdf, std::ios::binary);
  std::array<char, 5> head{};
  in.read(head.data(), head.size());
  if (!in || std::string_view(head.data(), head.size()) != "%PDF-") {
    return "Chromium printed no PDF";
  }
  return {};
}

bool write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  return static_cast<bool>(out);
}

int statistics(AdminClient& client, const AdminOptions& o, Terminal& t) {
  if (auto missing = require(kCommand, "--site", o.site)) return fail(t, *missing);
  auto period = period_query(o);
  if (!period) return fail(t, period.error());
  const std::string format = o.format.empty() ? "json" : o.format;
  if (format != "json" && format != "csv" && format != "html" && format != "pdf") {
    return fail(t,
                usage("--format: expected json, csv, html or pdf, found " + quote_value(format)));
  }
  if (!o.disclosure.empty() && !disclosure_from_string(o.disclosure)) {
    return fail(
        t, usage("--disclosure: expected shared or internal, found " + quote_value(o.disclosure)));
  }
  std::optional<fs::path> chromium;
  if (format == "pdf") {
    if (o.output.empty()) return fail(t, usage("--format pdf needs --output FILE"));
    chromium = find_program(o.chromium);
    if (!chromium) {
      return fail(t, kExitUnavailable,
                  "statistics: --format pdf prints the report with Chromium, and " +
                      quote_value(o.chromium) +
                      " is not installed (apt-get install chromium); or take --format html and "
                      "print it from a browser");
    }
  }

  auto pairs = *period;
  pairs.emplace_back("disclosure", o.disclosure);
  pairs.emplace_back("format", format == "pdf" ? "html" : format);
  auto answer = client.get_text(site_path(o.site) + "/statistics" + query(pairs));
  if (!answer) return fail(t, answer.error());

  if (format != "pdf") {
    if (o.output.empty()) {
      t.out << answer->body;
      if (!answer->body.ends_with('\n')) t.out << '\n';
      return kExitOk;
    }
    if (!write_file(o.output, answer->body)) {
      return fail(t, kExitInvalid, "statistics: cannot write " + quote_value(o.output));
    }
    t.err << "wrote " << o.output << '\n';
    return kExitOk;
  }

  auto dir = TemporaryDirectory::create();
  if (!dir) return fail(t, kExitUnavailable, "statistics: " + dir.error());
  const fs::path html = dir->path() / "report.html";
  const fs::path pdf = dir->path() / "report.pdf";
  if (!write_file(html, answer->body)) {
    return fail(t, kExitUnavailable, "statistics: cannot write " + quote_value(html.string()));
  }
  if (const std::string failed = print_to_pdf(*chromium, dir->path(), html, pdf); !failed.empty()) {
    return fail(t, kExitUnavailable, "statistics: " + failed);
  }
  std::error_code ec;
  fs::copy_file(pdf, o.output, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    return fail(t, kExitInvalid,
                "statistics: cannot write " + quote_value(o.output) + ": " + ec.message());
  }
  t.err << "wrote " << o.output << " (" << fs::file_size(o.output, ec) << " bytes)\n";
  return kExitOk;
}

}  // namespace

int run_statistics_command(AdminCommand c, AdminClient& client, const AdminOptions& o,
                           Terminal& t) {
  if (c != kCommand) {
    return fail(t, kExitUsage, std::string(to_string(c)) + ": not a statistics command");
  }
  return statistics(client, o, t);
}

}  // namespace samtel::fw::admin
