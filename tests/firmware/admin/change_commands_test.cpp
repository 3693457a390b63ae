// The change commands of `samtel admin` against a fake service: each reads the published version,
// previews and publishes with it as the base, sending exactly the change kind of docs/changes.md;
// --preview-only, --json, @FILE, conflicts (409), refusals and failures, and usage errors that
// send nothing.
#include <fstream>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "admin_command_fixture.hpp"
#include "samtel/admin/api.hpp"
#include "served.hpp"

namespace samtel::fw::admin {
namespace {

using nlohmann::json;
using test_support::Outcome;
using test_support::samtel;
using test_support::TempDir;
using Strings = std::vector<std::string>;

constexpr const char* kSummary =
    "Override: Overlege Tor Nes covers Overlege Ola Berg (primary, amm) 2026-12-16 08:00 – "
    "2026-12-17 08:00: Kurs";
constexpr const char* kPreviewText =
    "Wednesdays 08:00–23:00: open: Vakthavende overlege AMM Overlege Ola Berg (25 s) → open: "
    "Vakthavende overlege AMM Overlege Tor Nes (25 s) (2026-12-16)";

const Strings kPublished{"GET /api/v1/sites/stolav/schedule", "POST /api/v1/sites/stolav/preview",
                         "POST /api/v1/sites/stolav/changes"};

// "409 Conflict" — or "409" while api.hpp's reason_phrase() has no phrase for it.
std::string status_line(int status) {
  const std::string_view phrase = reason_phrase(status);
  return std::to_string(status) + (phrase.empty() ? "" : " " + std::string(phrase));
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class ChangeCommands : public test_support::AdminCommandTest {
 protected:
  void SetUp() override {
    AdminCommandTest::SetUp();
    fake_.answer("GET", "/api/v1/sites/stolav/schedule", 200,
                 json{{"version", {{"id", 7}, {"site", "stolav"}, {"published", true}}},
                      {"content", json::object()}});
    fake_.answer("POST", "/api/v1/sites/stolav/preview", 200,
                 json{{"base", 7},
                      {"summary", kSummary},
                      {"detail", json::object()},
                      {"preview", {{"changes_routing", true}}},
                      {"preview_text", kPreviewText},
                      {"gaps_opened", 0},
                      {"gaps_closed", 0}});
    fake_.answer("POST", "/api/v1/sites/stolav/changes", 201,
                 json{{"version", 8}, {"base", 7}, {"summary", kSummary}, {"gaps_opened", 0}});
  }
  // The JSON body of the request to `path` (the last one).
  json body_of(const std::string& method_and_path) const {
    json found;
    for (const auto& r : fake_.received()) {
      if (r.method + " " + r.target == method_and_path) found = r.json();
    }
    return found;
  }
  // The change sent for preview, after checking that publishing sent the same on the same base.
  json change_sent() const {
    const json preview = body_of("POST /api/v1/sites/stolav/preview");
    EXPECT_EQ(preview.value("base", json()), json(7));
    return preview.value("change", json());
  }

  TempDir dir_;
};

const Strings kOverride{"override",   "add",
                        "--site",     "stolav",
                        "--rota",     "amm",
                        "--role",     "primary",
                        "--person",   "nes",
                        "--start",    "2026-12-16T08:00",
                        "--end",      "2026-12-17T08:00",
                        "--replaces", "berg",
                        "--reason",   "Kurs"};

Strings with(Strings args, const Strings& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(ChangeCommands, OverrideAddPreviewsThenPublishesOnThePublishedVersion) {
  const Outcome r = run(with(kOverride, {"--comment", "Kurs i Oslo"}));
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), kPublished);
  const json change{{"kind", "override_add"},      {"rota", "amm"},
                    {"role", "primary"},           {"person", "nes"},
                    {"start", "2026-12-16T08:00"}, {"end", "2026-12-17T08:00"},
                    {"replaces", "berg"},          {"reason", "Kurs"}};
  EXPECT_EQ(body_of("POST /api/v1/sites/stolav/preview"), (json{{"base", 7}, {"change", change}}));
  EXPECT_EQ(body_of("POST /api/v1/sites/stolav/changes"),
            (json{{"base", 7}, {"change", change}, {"comment", "Kurs i Oslo"}}));
  EXPECT_EQ(fake_.received().at(2).authorization, "Bearer tok3n");
  EXPECT_EQ(r.out, std::string(kSummary) + "\n" + kPreviewText + "\npublished version 8\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(ChangeCommands, PreviewOnlyPublishesNothing) {
  const Outcome r = run(with(kOverride, {"--preview-only"}));
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), (Strings{kPublished[0], kPublished[1]}));
  EXPECT_EQ(r.out, std::string(kSummary) + "\n" + kPreviewText + "\n");
}

TEST_F(ChangeCommands, JsonPrintsThePreviewAndThePublishAnswers) {
  const Outcome r = run(with(kOverride, {"--json"}));
  EXPECT_EQ(r.code, kExitOk) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["preview"]["summary"], kSummary);
  EXPECT_EQ(out["preview"]["gaps_opened"], 0);
  EXPECT_EQ(out["publish"],
            (json{{"version", 8}, {"base", 7}, {"summary", kSummary}, {"gaps_opened", 0}}));
  const Outcome only = run(with(kOverride, {"--json", "--preview-only"}));
  EXPECT_EQ(json::parse(only.out).size(), 1u);
  EXPECT_EQ(json::parse(only.out)["preview"]["base"], 7);
}

TEST_F(ChangeCommands, AConflictPrintsTheServicesMessageAndExits2) {
  fake_.answer("POST", "/api/v1/sites/stolav/changes", 409,
               json{{"error",
                     {{"status", 409},
                      {"message",
                       "version 7 is no longer the published one: version 9 is (anna: Julaften "
                       "stengt); preview again on version 9"}}},
                    {"current", 9}});
  const Outcome r = run(kOverride);
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err, "samtel admin: " + status_line(409) +
                       ": version 7 is no longer the published one: version 9 is "
                       "(anna: Julaften stengt); preview again on version 9\n");
  EXPECT_EQ(r.out, std::string(kSummary) + "\n" + kPreviewText + "\n");  // what was refused
}

TEST_F(ChangeCommands, GapsNeedConfirmGaps) {
  fake_.refuse("POST", "/api/v1/sites/stolav/changes", 409,
               "the change leaves line 73586000 desk medisin open with nobody on duty "
               "2026-12-16 08:00 - 2026-12-17 08:00",
               "/confirm_gaps");
  const Outcome r = run(kOverride);
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err,
            "samtel admin: " + status_line(409) +
                ": the change leaves line 73586000 desk medisin open with "
                "nobody on duty 2026-12-16 08:00 - 2026-12-17 08:00 (at /confirm_gaps); give "
                "--confirm-gaps to publish it with them\n");
  fake_.answer("POST", "/api/v1/sites/stolav/changes", 201, json{{"version", 8}});
  const Outcome confirmed = run(with(kOverride, {"--confirm-gaps"}));
  EXPECT_EQ(confirmed.code, kExitOk) << confirmed.err;
  const json sent = body_of("POST /api/v1/sites/stolav/changes");
  EXPECT_EQ(sent["confirm_gaps"], true);
  EXPECT_EQ(sent["comment"], "");
}

TEST_F(ChangeCommands, RefusalsAndFailuresOfThePreview) {
  fake_.refuse("POST", "/api/v1/sites/stolav/preview", 400,
               "unknown person 'nes' (known: aas, berg)", "/change/person");
  const Outcome bad = run(kOverride);
  EXPECT_EQ(bad.code, kExitInvalid);
  EXPECT_EQ(bad.err,
            "samtel admin: 400 Bad Request: unknown person 'nes' (known: aas, berg) (at "
            "/change/person)\n");
  EXPECT_EQ(bad.out, "");
  fake_.refuse("POST", "/api/v1/sites/stolav/preview", 403, "this needs the role scheduler");
  EXPECT_EQ(run(kOverride).code, kExitInvalid);
  fake_.refuse("GET", "/api/v1/sites/stolav/schedule", 401, "sign in again");
  EXPECT_EQ(run(kOverride).err, "samtel admin: 401 Unauthorized: sign in again\n");
  fake_.refuse("GET", "/api/v1/sites/stolav/schedule", 500, "internal error");
  EXPECT_EQ(run(kOverride).code, kExitUnavailable);
  for (const auto& request : fake_.requests()) EXPECT_NE(request, kPublished[2]);

  const std::string url = fake_.url();
  fake_.stop();
  const Outcome unreachable = samtel(with({"admin", "--url", url, "--timeout", "2"}, kOverride));
  EXPECT_EQ(unreachable.code, kExitUnavailable);
  EXPECT_EQ(unreachable.err.rfind("samtel admin: cannot reach the admin service at " + url, 0), 0u);
}

TEST_F(ChangeCommands, OverrideRemoveByIndex) {
  const Outcome r =
      run({"override", "remove", "--site", "stolav", "--rota", "amm", "--index", "2"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), kPublished);
  EXPECT_EQ(change_sent(), (json{{"kind", "override_remove"}, {"rota", "amm"}, {"index", 2}}));
}

TEST_F(ChangeCommands, SwapSendsTwoOccurrences) {
  const Outcome r =
      run({"swap", "--site", "stolav", "--rota", "amm", "--role", "primary", "--occurrence",
           "2026-12-16T08:00", "--occurrence", "2026-12-23T08:00", "--reason", "Bytte"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(change_sent(), (json{{"kind", "swap_add"},
                                 {"rota", "amm"},
                                 {"role", "primary"},
                                 {"occurrences", {"2026-12-16T08:00", "2026-12-23T08:00"}},
                                 {"reason", "Bytte"}}));
  const Outcome one = run({"swap", "--site", "stolav", "--rota", "amm", "--role", "primary",
                           "--occurrence", "2026-12-16T08:00", "--reason", "Bytte"});
  EXPECT_EQ(one.code, kExitUsage);
  EXPECT_EQ(one.err,
            "samtel admin: swap: give --occurrence twice, the local start times of the two "
            "occurrences that change hands (given 1)\n");
  EXPECT_EQ(fake_.requests().size(), 3u);
}

TEST_F(ChangeCommands, ShiftAddWithAddressAndNote) {
  const Outcome r = run({"shift", "add", "--site", "stolav", "--rota", "amm", "--role", "backup",
                         "--person", "aas", "--start", "2026-12-31T16:00", "--end",
                         "2027-01-01T08:00", "--address", "mobil", "--note", "Nyttår"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(change_sent(), (json{{"kind", "shift_add"},
                                 {"rota", "amm"},
                                 {"role", "backup"},
                                 {"person", "aas"},
                                 {"start", "2026-12-31T16:00"},
                                 {"end", "2027-01-01T08:00"},
                                 {"address", "mobil"},
                                 {"note", "Nyttår"}}));
}

TEST_F(ChangeCommands, MaintenanceAddAndRemove) {
  EXPECT_EQ(run({"maintenance", "add", "--site", "stolav", "--id", "sentralbord-2027", "--start",
                 "2027-01-12T22:00", "--end", "2027-01-13T02:00", "--reason",
                 "Oppgradering av sentralbordet", "--line", "73586000"})
                .code,
            kExitOk);
  EXPECT_EQ(change_sent(), (json{{"kind", "maintenance_add"},
                                 {"id", "sentralbord-2027"},
                                 {"start", "2027-01-12T22:00"},
                                 {"end", "2027-01-13T02:00"},
                                 {"reason", "Oppgradering av sentralbordet"},
                                 {"lines", {"73586000"}}}));
  EXPECT_EQ(run({"maintenance", "remove", "--site", "stolav", "--id", "sentralbord-2027"}).code,
            kExitOk);
  EXPECT_EQ(change_sent(), (json{{"kind", "maintenance_remove"}, {"id", "sentralbord-2027"}}));
  const std::size_t sent = fake_.requests().size();
  const Outcome no_reason = run({"maintenance", "add", "--site", "stolav", "--id", "x", "--start",
                                 "2027-01-12T22:00", "--end", "2027-01-13T02:00"});
  EXPECT_EQ(no_reason.code, kExitUsage);
  EXPECT_EQ(no_reason.err, "samtel admin: maintenance add: --reason is required\n");
  EXPECT_EQ(fake_.requests().size(), sent);
}

TEST_F(ChangeCommands, SpecialDayAddClosedTreatedAsOrWithHours) {
  EXPECT_EQ(run({"special-day", "add", "--site", "stolav", "--name", "Julaften", "--date",
                 "2026-12-24", "--closed", "--line", "73586000"})
                .code,
            kExitOk);
  EXPECT_EQ(change_sent(), (json{{"kind", "special_day_add"},
                                 {"name", "Julaften"},
                                 {"date", "2026-12-24"},
                                 {"hours", json::array()},
                                 {"line", "73586000"}}));
  EXPECT_EQ(
      run({"special-day", "add", "--site", "stolav", "--name", "Romjul", "--date", "2026-12-27",
           "--last", "2026-12-30", "--treat-as", "saturday", "--desk", "medisin"})
          .code,
      kExitOk);
  EXPECT_EQ(change_sent(), (json{{"kind", "special_day_add"},
                                 {"name", "Romjul"},
                                 {"date", {"2026-12-27", "2026-12-30"}},
                                 {"treat_as", "saturday"},
                                 {"desk", "medisin"}}));
  EXPECT_EQ(run({"special-day", "add", "--site", "stolav", "--name", "Nyttårsaften", "--date",
                 "2026-12-31", "--hours", R"(["10:00-15:00"])"})
                .code,
            kExitOk);
  EXPECT_EQ(change_sent(), (json{{"kind", "special_day_add"},
                                 {"name", "Nyttårsaften"},
                                 {"date", "2026-12-31"},
                                 {"hours", {"10:00-15:00"}}}));
  const std::size_t sent = fake_.requests().size();
  const Outcome neither =
      run({"special-day", "add", "--site", "stolav", "--name", "X", "--date", "2026-12-31"});
  EXPECT_EQ(neither.code, kExitUsage);
  EXPECT_EQ(neither.err,
            "samtel admin: special-day add: give exactly one of --treat-as DAYTYPE, --closed and "
            "--hours JSON\n");
  EXPECT_EQ(run({"special-day", "add", "--site", "stolav", "--name", "X", "--date", "2026-12-31",
                 "--closed", "--treat-as", "sunday"})
                .code,
            kExitUsage);
  const Outcome bad_json = run({"special-day", "add", "--site", "stolav", "--name", "X", "--date",
                                "2026-12-31", "--hours", "[10:00"});
  EXPECT_EQ(bad_json.code, kExitInvalid);
  EXPECT_EQ(bad_json.err,
            "samtel admin: special-day add: --hours '[10:00' is not valid JSON (give the JSON "
            "itself, or @FILE)\n");
  EXPECT_EQ(fake_.requests().size(), sent);
}

TEST_F(ChangeCommands, HoursSetFromAFile) {
  const std::string file = dir_ / "hours.json";
  write(file, R"({"weekday": ["08:00-16:00"], "saturday": []})");
  const Outcome r = run({"hours", "set", "--site", "stolav", "--line", "73586000", "--desk",
                         "medisin", "--from", "2027-03-01", "--hours", "@" + file});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(change_sent(),
            (json{{"kind", "hours_set"},
                  {"line", "73586000"},
                  {"desk", "medisin"},
                  {"from", "2027-03-01"},
                  {"hours", {{"weekday", {"08:00-16:00"}}, {"saturday", json::array()}}}}));
  const Outcome missing = run({"hours", "set", "--site", "stolav", "--line", "73586000", "--from",
                               "2027-03-01", "--hours", "@" + (dir_ / "nothing.json")});
  EXPECT_EQ(missing.code, kExitInvalid);
  EXPECT_EQ(missing.err,
            "samtel admin: hours set: cannot read '" + (dir_ / "nothing.json") + "'\n");
  EXPECT_EQ(fake_.requests().size(), 3u);
}

TEST_F(ChangeCommands, PreviewSendsAnyKindAndNeverPublishes) {
  const std::string file = dir_ / "change.json";
  write(file, R"({"kind": "person_retire", "person": "berg", "from": "2027-01-01"})");
  const Outcome r = run({"preview", "--site", "stolav", "--change", "@" + file});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), (Strings{kPublished[0], kPublished[1]}));
  EXPECT_EQ(change_sent(),
            (json{{"kind", "person_retire"}, {"person", "berg"}, {"from", "2027-01-01"}}));
  EXPECT_EQ(r.out, std::string(kSummary) + "\n" + kPreviewText + "\n");
  const Outcome no_kind = run({"preview", "--site", "stolav", "--change", R"({"person":"berg"})"});
  EXPECT_EQ(no_kind.code, kExitInvalid);
  EXPECT_EQ(no_kind.err,
            "samtel admin: preview: --change must be a JSON object with a \"kind\" "
            "(docs/changes.md)\n");
}

TEST_F(ChangeCommands, PublishSendsTheChangeGiven) {
  const Outcome r = run({"publish", "--site", "stolav", "--change",
                         R"({"kind":"swap_remove","rota":"amm","index":0})", "--comment", "feil"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), kPublished);
  EXPECT_EQ(body_of(kPublished[2]),
            (json{{"base", 7},
                  {"change", {{"kind", "swap_remove"}, {"rota", "amm"}, {"index", 0}}},
                  {"comment", "feil"}}));
  EXPECT_EQ(r.out.substr(r.out.size() - 20), "published version 8\n");
}

TEST_F(ChangeCommands, ImportReplacesTheSiteWithAFile) {
  const std::string file = dir_ / "stolav.json";
  write(file, R"({"site": {"id": "stolav", "name": "St. Olavs hospital"}, "lines": []})");
  const Outcome r = run({"import", "--site", "stolav", file, "--comment", "ny struktur"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), kPublished);
  EXPECT_EQ(body_of(kPublished[2]),
            (json{{"base", 7},
                  {"change",
                   {{"kind", "site_replace"},
                    {"site",
                     {{"site", {{"id", "stolav"}, {"name", "St. Olavs hospital"}}},
                      {"lines", json::array()}}}}},
                  {"comment", "ny struktur"}}));
}

TEST_F(ChangeCommands, RollbackOnThePublishedVersion) {
  fake_.answer("POST", "/api/v1/sites/stolav/rollback", 201, json{{"version", 9}});
  const Outcome r = run({"rollback", "--site", "stolav", "--version", "5", "--comment", "angre"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            (Strings{"GET /api/v1/sites/stolav/schedule", "POST /api/v1/sites/stolav/rollback"}));
  EXPECT_EQ(body_of("POST /api/v1/sites/stolav/rollback"),
            (json{{"base", 7}, {"version", 5}, {"comment", "angre"}}));
  EXPECT_EQ(r.out, "published version 9 (the schedule of version 5)\n");
  const Outcome as_json = run({"rollback", "--site", "stolav", "--version", "5", "--json"});
  EXPECT_EQ(as_json.out, "{\n  \"version\": 9\n}\n");
}

const std::string kRosterImport = "POST /api/v1/sites/stolav/roster-import";
const std::string kRosterPath = "/api/v1/sites/stolav/roster-import";
constexpr const char* kRosterSummary =
    "Roster imported from desember.csv: 2 shift(s) in amm (2 primary) 2026-12-14 08:00 – "
    "2026-12-16 08:00";
constexpr const char* kRosterPreviewText =
    "Mondays 08:00–23:00: open: Vakthavende overlege AMM Overlege Ola Berg (25 s) → open: "
    "Vakthavende overlege AMM Overlege Anne Moe (25 s) (2026-12-14)";
const std::string kDecember =
    "Dato;Fra;Til;Rolle;Lege\n"
    "14.12.2026;08:00;08:00;primary;moe\n"
    "15.12.2026;08:00;08:00;primary;moe\n";

json roster_preview() {
  return json{{"base", 7},
              {"summary", kRosterSummary},
              {"detail", json::object()},
              {"preview", {{"changes_routing", true}}},
              {"preview_text", kRosterPreviewText},
              {"gaps_opened", 0},
              {"gaps_closed", 0},
              {"shifts", 2}};
}

json roster_published() {
  return json{{"version", 8},
              {"base", 7},
              {"summary", kRosterSummary},
              {"preview_text", kRosterPreviewText},
              {"gaps_opened", 0}};
}

TEST_F(ChangeCommands, RosterImportSendsTheFileToPreviewThenToPublish) {
  const std::string file = dir_ / "desember.csv";
  write(file, kDecember);
  fake_.answer_next("POST", kRosterPath, 200, roster_preview());
  fake_.answer_next("POST", kRosterPath, 201, roster_published());
  const Outcome r = run({"roster", "import", "--site", "stolav", "--rota", "amm", file, "--comment",
                         "Desember fra turnusplanen"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(),
            (Strings{"GET /api/v1/sites/stolav/schedule", kRosterImport, kRosterImport}));
  const json sent{{"base", 7},
                  {"format", "csv"},
                  {"source", "desember.csv"},
                  {"rota", "amm"},
                  {"text", kDecember}};
  json preview = sent;
  preview["publish"] = false;
  EXPECT_EQ(fake_.received().at(1).json(), preview);
  json publish = sent;
  publish["publish"] = true;
  publish["comment"] = "Desember fra turnusplanen";
  EXPECT_EQ(fake_.received().at(2).json(), publish);
  EXPECT_EQ(r.out,
            std::string(kRosterSummary) + "\n" + kRosterPreviewText + "\npublished version 8\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(ChangeCommands, RosterImportOfACalendarWithItsRoleOnlyPreviewed) {
  const std::string file = dir_ / "Vakter.ICS";
  const std::string calendar =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Oslo:20261214T080000\r\n"
      "DTEND;TZID=Europe/Oslo:20261215T080000\r\nSUMMARY:moe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  write(file, calendar);
  fake_.answer("POST", kRosterPath, 200, roster_preview());
  const Outcome r = run({"roster", "import", "--site", "stolav", "--rota", "amm", "--role",
                         "primary", "--preview-only", file});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(fake_.requests(), (Strings{"GET /api/v1/sites/stolav/schedule", kRosterImport}));
  EXPECT_EQ(body_of(kRosterImport), (json{{"base", 7},
                                          {"format", "ical"},
                                          {"source", "Vakter.ICS"},
                                          {"rota", "amm"},
                                          {"role", "primary"},
                                          {"text", calendar},
                                          {"publish", false}}));
  EXPECT_EQ(r.out, std::string(kRosterSummary) + "\n" + kRosterPreviewText + "\n");

  // --format wins over the file's name.
  const std::string text_file = dir_ / "desember.txt";
  write(text_file, kDecember);
  EXPECT_EQ(run({"roster", "import", "--site", "stolav", "--rota", "amm", "--format", "csv",
                 "--preview-only", text_file})
                .code,
            kExitOk);
  EXPECT_EQ(body_of(kRosterImport).value("format", ""), "csv");
}

TEST_F(ChangeCommands, RosterImportPrintsEachProblemByLineAndPublishesNothing) {
  const std::string file = dir_ / "feil.csv";
  write(file, kDecember);
  fake_.answer("POST", kRosterPath, 400,
               json{{"error",
                     {{"status", 400},
                      {"message",
                       "the roster file 'feil.csv' has 2 problems (each in \"problems\"), so "
                       "nothing was imported; the first: feil.csv:2: person 'nse' is not in the "
                       "site (did you mean 'nes'?)"},
                      {"pointer", "/text"}}},
                    {"problems",
                     {{{"line", 2},
                       {"column", "Lege"},
                       {"message", "person 'nse' is not in the site (did you mean 'nes'?)"}},
                      {{"line", 4},
                       {"column", "Fra"},
                       {"message",
                        "overlaps the shift on line 3 (Overlege Anne Moe as primary 2026-12-15 "
                        "08:00 – 2026-12-16 08:00)"}}}}});
  const Outcome r = run({"roster", "import", "--site", "stolav", "--rota", "amm", file});
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err, file + ":2: person 'nse' is not in the site (did you mean 'nes'?)\n" + file +
                       ":4: overlaps the shift on line 3 (Overlege Anne Moe as primary "
                       "2026-12-15 08:00 – 2026-12-16 08:00)\n"
                       "samtel admin: roster import: 2 problem(s) in " +
                       file + "; nothing was imported\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(fake_.requests(), (Strings{"GET /api/v1/sites/stolav/schedule", kRosterImport}));

  // A problem of the whole file has no line.
  fake_.answer(
      "POST", kRosterPath, 400,
      json{{"error", {{"status", 400}, {"message", "1 problem"}, {"pointer", "/text"}}},
           {"problems", {{{"line", 0}, {"column", ""}, {"message", "the file is empty"}}}}});
  EXPECT_EQ(run({"roster", "import", "--site", "stolav", "--rota", "amm", file}).err,
            file + ": the file is empty\nsamtel admin: roster import: 1 problem(s) in " + file +
                "; nothing was imported\n");
}

TEST_F(ChangeCommands, RosterImportThatOpensGapsNeedsConfirmGaps) {
  const std::string file = dir_ / "desember.csv";
  write(file, kDecember);
  fake_.answer_next("POST", kRosterPath, 200, roster_preview());
  fake_.answer_next("POST", kRosterPath, 409,
                    json{{"error",
                          {{"status", 409},
                           {"message",
                            "the change opens 1 coverage gap(s), times when a desk is open with "
                            "nobody on duty: line 73553888 desk medisin from "
                            "2026-12-14T08:00:00+01:00 to 2026-12-15T08:00:00+01:00; send "
                            "\"confirm_gaps\": true to publish it anyway"},
                           {"pointer", "/confirm_gaps"}}}});
  const Outcome r = run({"roster", "import", "--site", "stolav", "--rota", "amm", file});
  EXPECT_EQ(r.code, kExitInvalid);
  EXPECT_EQ(r.err,
            "samtel admin: " + status_line(409) +
                ": the change opens 1 coverage gap(s), times when a desk is open with nobody on "
                "duty: line 73553888 desk medisin from 2026-12-14T08:00:00+01:00 to "
                "2026-12-15T08:00:00+01:00; send \"confirm_gaps\": true to publish it anyway (at "
                "/confirm_gaps); give --confirm-gaps to publish it with them\n");
  fake_.answer_next("POST", kRosterPath, 200, roster_preview());
  fake_.answer_next("POST", kRosterPath, 201, roster_published());
  EXPECT_EQ(
      run({"roster", "import", "--site", "stolav", "--rota", "amm", "--confirm-gaps", file}).code,
      kExitOk);
  EXPECT_EQ(body_of(kRosterImport).value("confirm_gaps", false), true);
}

TEST_F(ChangeCommands, RosterImportUsageErrorsAndUnreadableFilesSendNothing) {
  const std::string csv = dir_ / "desember.csv";
  write(csv, kDecember);
  const Outcome no_rota = run({"roster", "import", "--site", "stolav", csv});
  EXPECT_EQ(no_rota.code, kExitUsage);
  EXPECT_EQ(no_rota.err, "samtel admin: roster import: --rota is required\n");
  EXPECT_EQ(run({"roster", "import", "--site", "stolav", "--rota", "amm"}).err,
            "samtel admin: roster import: FILE is required\n");
  const std::string text_file = dir_ / "desember.txt";
  write(text_file, kDecember);
  const Outcome unknown = run({"roster", "import", "--site", "stolav", "--rota", "amm", text_file});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_EQ(unknown.err, "samtel admin: roster import: cannot tell the format of '" + text_file +
                             "' from its name (.csv or .ics); give --format csv or --format "
                             "ical\n");
  const Outcome bad_format =
      run({"roster", "import", "--site", "stolav", "--rota", "amm", "--format", "xlsx", csv});
  EXPECT_EQ(bad_format.code, kExitUsage);
  EXPECT_EQ(bad_format.err,
            "samtel admin: roster import: --format 'xlsx' is neither csv nor ical\n");
  const Outcome missing =
      run({"roster", "import", "--site", "stolav", "--rota", "amm", dir_ / "nothing.csv"});
  EXPECT_EQ(missing.code, kExitInvalid);
  EXPECT_EQ(missing.err,
            "samtel admin: roster import: cannot read '" + (dir_ / "nothing.csv") + "'\n");
  const std::string latin1 = dir_ / "latin1.csv";
  write(latin1,
        "Dato;Fra;Til;Rolle;Lege\r\n14.12.2026;08:00;08:00;primary;moe\r\n"
        "15.12.2026;08:00;08:00;primary;Overlege Tor N\xE6s\r\n");
  const Outcome not_utf8 = run({"roster", "import", "--site", "stolav", "--rota", "amm", latin1});
  EXPECT_EQ(not_utf8.code, kExitInvalid);
  EXPECT_EQ(not_utf8.err, "samtel admin: roster import: " + latin1 +
                              ":3: not UTF-8 text; export the roster as UTF-8\n");
  EXPECT_EQ(run({"roster"}).code, kExitUsage);  // import
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(ChangeCommands, UsageErrorsSendNothing) {
  const Outcome no_site = run({"override", "remove", "--rota", "amm", "--index", "1"});
  EXPECT_EQ(no_site.code, kExitUsage);
  EXPECT_EQ(no_site.err, "samtel admin: override remove: --site is required\n");
  const Outcome bad_index =
      run({"override", "remove", "--site", "stolav", "--rota", "amm", "--index", "first"});
  EXPECT_EQ(bad_index.code, kExitUsage);
  EXPECT_EQ(bad_index.err,
            "samtel admin: override remove: --index 'first' is not a whole number "
            "0..999999999999\n");
  const Outcome no_reason =
      run({"override", "add", "--site", "stolav", "--rota", "amm", "--role", "primary", "--person",
           "nes", "--start", "2026-12-16T08:00", "--end", "2026-12-17T08:00"});
  EXPECT_EQ(no_reason.code, kExitUsage);
  EXPECT_EQ(no_reason.err, "samtel admin: override add: --reason is required\n");
  EXPECT_EQ(run({"rollback", "--site", "stolav", "--version", "v5"}).code, kExitUsage);
  EXPECT_EQ(run({"import", "--site", "stolav"}).code, kExitUsage);
  const Outcome unreadable = run({"import", "--site", "stolav", dir_ / "nothing.json"});
  EXPECT_EQ(unreadable.code, kExitInvalid);
  EXPECT_EQ(run({"override"}).code, kExitUsage);  // add or remove
  EXPECT_TRUE(fake_.requests().empty());
}

}  // namespace
}  // namespace samtel::fw::admin
