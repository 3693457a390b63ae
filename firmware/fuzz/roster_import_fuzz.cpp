// libFuzzer target: arbitrary bytes as a roster file (samtel/roster_import.hpp), read against the
// St. Olavs example site (SAMTEL_FUZZ_SITE, loaded once).
//
// Input (tests/core/roster-import-corpus/README.md): byte 0 chooses the reader (bit 0 clear: CSV,
// set: iCalendar), whether the rota "amm" is given for the import (bit 1; a CSV file may name its
// rota in a column instead, an iCalendar file is always given it) and the import's role for
// iCalendar events (bit 2 clear: primary, set: backup); the rest is the file.
//
// Findings, besides crashes, leaks and undefined behaviour: a refusal without a problem, a
// problem without a message or on a line the file does not have; a clean import without shifts,
// or with a shift that does not start before it ends, lasts longer than kMaxShiftDays or names a
// role or person the site does not have; a change request for a clean import that does not
// serialise, or that parse_change() or apply_change() refuses on the example's document.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "samtel/config.hpp"
#include "samtel/file.hpp"
#include "samtel/roster_import.hpp"
#include "samtel/site_change.hpp"

namespace {

using namespace samtel;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "roster_import_fuzz: violated: %s\n", what);
  std::abort();
}

struct Example {
  Site site;
  nlohmann::ordered_json document;
};

const Example& example() {
  static const Example loaded = [] {
    auto site = load_site_file(SAMTEL_FUZZ_SITE);
    auto text = read_text_file(SAMTEL_FUZZ_SITE);
    check(site.has_value() && text.has_value(), "the example site loads");
    return Example{std::move(*site), nlohmann::ordered_json::parse(*text)};
  }();
  return loaded;
}

// Lines as the readers count them: each LF, CRLF or lone CR ends one.
std::size_t line_count(std::string_view text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n' || text[i] == '\r') ++lines;
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Example& ex = example();
  const std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
  const bool ical = (data[0] & 1) != 0;
  RosterImportOptions options;
  options.source = ical ? "roster.ics" : "roster.csv";
  options.rota = ical || (data[0] & 2) != 0 ? "amm" : "";
  options.role = (data[0] & 4) != 0 ? "backup" : "primary";

  const RosterImportResult result =
      ical ? read_roster_ical(ex.site, file, options) : read_roster_csv(ex.site, file, options);
  if (!result) {
    check(!result.error().empty(), "a refusal names a problem");
    const std::size_t lines = line_count(file);
    for (const ImportProblem& p : result.error()) {
      check(!p.message.empty(), "a problem says what is wrong");
      check(p.line <= lines, "a problem is on a line of the file");
      check(!p.to_string().empty(), "a problem can be written");
    }
    return 0;
  }

  check(result->rota < ex.site.rotas.size(), "the import's rota is the site's");
  const Rota& rota = ex.site.rotas[result->rota];
  check(!result->shifts.empty(), "a clean import has shifts");
  for (const ImportedShift& s : result->shifts) {
    check(s.start < s.end, "a shift starts before it ends");
    check(s.end - s.start <= kMaxShiftDays, "a shift lasts no longer than kMaxShiftDays");
    check(s.role < rota.roles.size(), "a shift's role is the rota's");
    check(s.person < ex.site.people.size(), "a shift's person is the site's");
  }

  // What the import accepts, the change applies: one change, loaded by the site's loader.
  try {
    const nlohmann::json request = roster_import_change(ex.site, *result);
    check(!request.dump().empty(), "the request serialises");
    auto change = parse_change(nlohmann::ordered_json(request));
    check(change.has_value(), "parse_change() takes the import's request");
    auto applied = apply_change(ex.document, *change);
    if (!applied) {
      for (const ConfigError& e : applied.error()) {
        std::fprintf(stderr, "%s\n", e.to_string().c_str());
      }
    }
    check(applied.has_value(), "apply_change() takes the import's request");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "roster_import_fuzz: %s\n", e.what());
    check(false, "nothing throws");
  }
  return 0;
}
