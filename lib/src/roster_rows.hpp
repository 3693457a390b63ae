#pragma once
// roster_rows.hpp — what the two readers of a roster file (CSV, iCalendar) share: a row as a
// reader found it, the problems list, wall-clock times resolved with both instants named when
// ambiguous, and `check_rows()`, which decides everything the site decides (rota, roles, people,
// retirements, overlaps) and gives the import. Internal to samtel_roster_import.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/roster_import.hpp"

namespace samtel {

// One shift as a file gives it, before the site is consulted. Each `*_column` is the name the
// file uses for the value (a CSV header as written, an iCalendar property), for the problems.
struct RosterRow {
  std::size_t line = 0;
  std::string rota, rota_column;  // rota "": the import's (RosterImportOptions::rota)
  std::string role, role_column;
  std::string person, person_column;
  // Unset when the reader found the time wrong and said so.
  std::optional<Instant> start, end;
  std::string start_column, end_column;
  std::string note, note_column;
};

class ProblemList {
 public:
  explicit ProblemList(std::string source) : source_(std::move(source)) {}
  void add(std::size_t line, std::string column, std::string message) {
    problems_.push_back(ImportProblem{source_, line, std::move(column), std::move(message)});
  }
  bool empty() const { return problems_.empty(); }
  // The problems in the order of their lines (those of one line as found).
  ImportProblems take();

 private:
  std::string source_;
  ImportProblems problems_;
};

// The physical lines of `text`: each ends at LF, CRLF or a lone CR (not included).
std::vector<std::string_view> physical_lines(std::string_view text);

// Checks that `text` is UTF-8; else reports its first line that is not, and how many more there
// are, and returns false.
bool check_utf8(std::string_view text, ProblemList& problems);

// `text` without a leading UTF-8 byte order mark.
std::string_view without_bom(std::string_view text);

// What either reader checks first: the site has a time zone, and `text` is UTF-8. The text to
// read (without its byte order mark), or nullopt with the problem reported.
std::optional<std::string_view> readable_text(const Site& site, std::string_view text,
                                              ProblemList& problems);

// `what` ("the start", "DTEND") at wall-clock time `local` in `zone`, as an instant; a time that
// does not exist or happens twice is reported at `line`/`column`.
std::optional<Instant> resolve_wall_clock(const Zone& zone, LocalSeconds local,
                                          std::string_view what, std::size_t line,
                                          const std::string& column, ProblemList& problems);

// `text` with ASCII and Latin-1 letters in lower case (Æ -> æ), for names compared without case.
std::string fold_case(std::string_view text);

// `text` without spaces and tabs at either end.
std::string_view trim(std::string_view text);

// Everything the site decides about `rows` (what `problems` holds already is kept): the rota
// (`options.rota`, or the rows' own, one for the whole file), roles, people, how long each shift
// lasts, retirements, rows of one role that overlap each other or a shift the rota has already,
// and that there is a row at all. The import when nothing was found wrong.
RosterImportResult check_rows(const Site& site, const std::vector<RosterRow>& rows,
                              ProblemList problems, const RosterImportOptions& options);

}  // namespace samtel
