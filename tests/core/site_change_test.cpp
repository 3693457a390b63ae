// Changes to a site's document: each kind applied to the St. Olavs example gives the expected
// document, a site the loader accepts and the new person in route(); every error names its pointer.
#include "samtel/site_change.hpp"

#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace samtel {
namespace {

using nlohmann::ordered_json;
using test::at;

ordered_json st_olavs_doc() {
  std::ifstream in(test::example_path("st-olavs.json"), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return ordered_json::parse(text.str());
}

Site load(const ordered_json& doc) { return test::must_parse(doc.dump()); }

// Applies the change in `request` to `doc`, checking that `doc` is left as it was.
tl::expected<AppliedChange, ConfigErrors> apply(const ordered_json& doc,
                                                const std::string& request) {
  const ordered_json copy = doc;
  auto change = parse_change(request);
  if (!change) return tl::unexpected(change.error());
  auto applied = apply_change(doc, *change);
  EXPECT_EQ(doc, copy) << "the input document was modified";
  return applied;
}

AppliedChange must_apply(const ordered_json& doc, const std::string& request) {
  auto applied = apply(doc, request);
  if (!applied) throw std::runtime_error("change refused:\n" + test::join_errors(applied.error()));
  return std::move(*applied);
}

// The errors of a change that must be refused.
ConfigErrors refused(const ordered_json& doc, const std::string& request) {
  auto applied = apply(doc, request);
  if (applied) {
    ADD_FAILURE() << "expected the change to be refused:\n" << request;
    return {};
  }
  return applied.error();
}

::testing::AssertionResult has_error(const ConfigErrors& errors, std::string_view source,
                                     std::string_view pointer, std::string_view part) {
  for (const ConfigError& e : errors) {
    if (e.source == source && e.pointer == pointer && e.message.find(part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no error " << source << ": " << pointer << ": ..." << part << "...; the errors were:\n"
         << test::join_errors(errors);
}

// In the request / in the document after the change.
::testing::AssertionResult request_error(const ConfigErrors& errors, std::string_view pointer,
                                         std::string_view part) {
  return has_error(errors, kChangeSource, pointer, part);
}
::testing::AssertionResult site_error(const ConfigErrors& errors, std::string_view pointer,
                                      std::string_view part) {
  return has_error(errors, kChangedSiteSource, pointer, part);
}

std::string first_person(const Site& site, const std::string& time, std::size_t desk = 0) {
  const RoutePlan plan = test::route_at(site, at(time), desk);
  return plan.attempts.empty() ? std::string("nobody") : plan.attempts[0].person->id;
}

// ---------------------------------------------------------------------------------------------
// The vocabulary

TEST(SiteChangeKinds, TextFormsRoundTripAndAuthorities) {
  const std::vector<std::pair<std::string, ChangeAuthority>> kinds{
      {"override_add", ChangeAuthority::scheduler},
      {"override_remove", ChangeAuthority::scheduler},
      {"swap_add", ChangeAuthority::scheduler},
      {"swap_remove", ChangeAuthority::scheduler},
      {"shift_add", ChangeAuthority::scheduler},
      {"shift_remove", ChangeAuthority::scheduler},
      {"shifts_import", ChangeAuthority::scheduler},
      {"special_day_add", ChangeAuthority::administrator},
      {"special_day_remove", ChangeAuthority::administrator},
      {"hours_set", ChangeAuthority::administrator},
      {"person_update", ChangeAuthority::scheduler},
      {"person_add", ChangeAuthority::scheduler},
      {"person_retire", ChangeAuthority::administrator},
      {"site_replace", ChangeAuthority::administrator},
      {"maintenance_add", ChangeAuthority::administrator},
      {"maintenance_remove", ChangeAuthority::administrator}};
  for (const auto& [text, who] : kinds) {
    const auto kind = change_kind_from_string(text);
    ASSERT_TRUE(kind.has_value()) << text;
    EXPECT_EQ(to_string(*kind), text);
    EXPECT_EQ(authority(*kind), who) << text;
  }
  EXPECT_FALSE(change_kind_from_string("Override_add").has_value());
  EXPECT_FALSE(change_kind_from_string("").has_value());
  EXPECT_EQ(to_string(ChangeAuthority::scheduler), "scheduler");
  EXPECT_EQ(to_string(ChangeAuthority::administrator), "administrator");
}

// ---------------------------------------------------------------------------------------------
// Overrides

constexpr const char* kNesForBerg = R"({"kind": "override_add", "rota": "amm", "role": "primary",
    "person": "nes", "start": "2026-12-16T08:00", "end": "2026-12-17T08:00", "replaces": "berg",
    "reason": "Kurs"})";

TEST(SiteChangeOverrideAdd, NesCoversBergAndIsRungFirst) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, kNesForBerg);

  ordered_json expected = doc;
  const ordered_json entry = ordered_json::parse(R"({"role": "primary", "person": "nes",
      "start": "2026-12-16T08:00", "end": "2026-12-17T08:00", "replaces": "berg",
      "reason": "Kurs"})");
  expected["rotas"][0]["overrides"].push_back(entry);
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.site["rotas"][0]["overrides"][2].dump(), entry.dump());  // in the file's key order

  EXPECT_EQ(c.detail, (nlohmann::json{{"kind", "override_add"},
                                      {"fields",
                                       {{{"pointer", "/rotas/0/overrides/2"},
                                         {"before", nullptr},
                                         {"after", nlohmann::json(entry)}}}}}));
  EXPECT_EQ(c.summary,
            "Override: Overlege Tor Nes covers Overlege Ola Berg (primary, amm) 2026-12-16 08:00 – "
            "2026-12-17 08:00: Kurs");

  EXPECT_EQ(first_person(load(doc), "2026-12-16T12:00"), "berg");
  const Site after = load(c.site);
  EXPECT_EQ(first_person(after, "2026-12-16T12:00"), "nes");
  EXPECT_EQ(first_person(after, "2026-12-15T12:00"), "berg");  // before the override
  EXPECT_EQ(first_person(after, "2026-12-17T08:00"), "berg");  // half-open: over at its end
  EXPECT_EQ(test::route_at(after, at("2026-12-16T12:00")).attempts[0].source,
            DutySource::override_);
}

TEST(SiteChangeOverrideAdd, WithoutReplacesTheOverrideTakesTheRole) {
  const AppliedChange c = must_apply(st_olavs_doc(), R"({"kind": "override_add", "rota": "amm",
      "role": "backup", "person": "aas", "start": "2027-01-12T08:00", "end": "2027-01-12T20:00",
      "reason": "Opplæring"})");
  EXPECT_EQ(c.summary,
            "Override: Overlege Kari Aas takes backup (amm) 2027-01-12 08:00 – 2027-01-12 20:00: "
            "Opplæring");
  const Site after = load(c.site);  // the plan borrows from it
  const RoutePlan plan = test::route_at(after, at("2027-01-12T12:00"));
  EXPECT_EQ(test::attempt_ids(plan), (std::vector<std::string>{"gran", "aas"}));
}

TEST(SiteChangeOverrideRemove, ByIndexBringsBackThePatternPerson) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c =
      must_apply(doc, R"({"kind": "override_remove", "rota": "amm", "index": 1})");
  ordered_json expected = doc;
  expected["rotas"][0]["overrides"].erase(1);
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/rotas/0/overrides/1");
  EXPECT_EQ(c.detail["fields"][0]["before"]["person"], "sand");
  EXPECT_TRUE(c.detail["fields"][0]["after"].is_null());
  EXPECT_EQ(c.summary,
            "Override removed: Overlege Lars Sand taking primary (amm) 2027-02-15 12:00 – "
            "2027-02-16 08:00: Sykdom");
  // The week from 2027-02-15 is occurrence 58: Fjeld's.
  EXPECT_EQ(first_person(load(doc), "2027-02-15T14:00"), "sand");
  EXPECT_EQ(first_person(load(c.site), "2027-02-15T14:00"), "fjeld");
}

TEST(SiteChangeOverrideRemove, ANonExistentOverrideIsNamed) {
  const ordered_json doc = st_olavs_doc();
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "override_remove", "rota": "amm",
      "index": 5})"),
                            "/index", "rota 'amm' has 2 overrides (0..1); there is no override 5"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "override_remove", "rota": "kardiologi",
      "index": 0})"),
                            "/index", "rota 'kardiologi' has no overrides"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "override_remove", "rota": "amm",
      "index": -1})"),
                            "/index", "value -1 out of range"));
}

// ---------------------------------------------------------------------------------------------
// Swaps and shifts

TEST(SiteChangeSwapAdd, ExchangesTwoOccurrences) {
  const ordered_json doc = st_olavs_doc();
  // 2027-01-11 is occurrence 53 (gran), 2027-01-18 occurrence 54 (aas).
  const AppliedChange c = must_apply(doc, R"({"kind": "swap_add", "rota": "amm", "role": "primary",
      "occurrences": ["2027-01-11T08:00", "2027-01-18T08:00"], "reason": "Ferie"})");
  ordered_json expected = doc;
  expected["rotas"][0]["swaps"].push_back(ordered_json::parse(
      R"({"role": "primary", "occurrences": ["2027-01-11T08:00", "2027-01-18T08:00"],
          "reason": "Ferie"})"));
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.summary,
            "Swap (primary, amm): the shifts from 2027-01-11 08:00 and 2027-01-18 08:00 "
            "exchanged: Ferie");
  EXPECT_EQ(first_person(load(doc), "2027-01-12T12:00"), "gran");
  EXPECT_EQ(first_person(load(c.site), "2027-01-12T12:00"), "aas");
  EXPECT_EQ(first_person(load(c.site), "2027-01-19T12:00"), "gran");
}

TEST(SiteChangeSwapAdd, AnOccurrenceThatIsNoShiftStartIsTheLoadersError) {
  const ConfigErrors errors = refused(st_olavs_doc(), R"({"kind": "swap_add", "rota": "amm",
      "role": "primary", "occurrences": ["2027-01-12T08:00", "2027-01-18T08:00"],
      "reason": "Ferie"})");
  EXPECT_TRUE(site_error(errors, "/rotas/0/swaps/1/occurrences/0",
                         "no shift of role 'primary' starts at '2027-01-12T08:00'"));
}

TEST(SiteChangeSwapRemove, TheChristmasSwapUndone) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "swap_remove", "rota": "amm", "index": 0})");
  ordered_json expected = doc;
  expected["rotas"][0]["swaps"].erase(0);
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.summary,
            "Swap removed (primary, amm): the shifts from 2026-12-21 08:00 and 2026-12-28 08:00 "
            "exchanged: Bytte jul/nyttår");
  EXPECT_EQ(first_person(load(doc), "2026-12-22T12:00"), "eide");
  EXPECT_EQ(first_person(load(c.site), "2026-12-22T12:00"), "dahl");
}

TEST(SiteChangeShiftAdd, AnExtraBackupOnANamedAddress) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "shift_add", "rota": "amm", "role": "backup",
      "note": "Ekstra", "person": "ruud", "start": "2027-01-12T16:00", "end": "2027-01-13T08:00",
      "address": "kontor"})");
  ordered_json expected = doc;
  // In the file's order, whatever the request's.
  expected["rotas"][0]["shifts"].push_back(ordered_json::parse(
      R"({"role": "backup", "person": "ruud", "start": "2027-01-12T16:00",
          "end": "2027-01-13T08:00", "address": "kontor", "note": "Ekstra"})"));
  EXPECT_EQ(c.site.dump(), expected.dump());
  EXPECT_EQ(c.summary,
            "Shift: Overlege Eva Ruud as backup (amm) 2027-01-12 16:00 – 2027-01-13 08:00 on "
            "kontor: Ekstra");
  const Site after = load(c.site);
  const RoutePlan plan = test::route_at(after, at("2027-01-12T18:00"));
  EXPECT_EQ(test::attempt_ids(plan), (std::vector<std::string>{"gran", "ruud"}));
  EXPECT_EQ(plan.attempts[1].address, "sip:4611@pbx.stolav.example");
}

TEST(SiteChangeShiftAdd, AnUnknownAddressLabelIsNamed) {
  EXPECT_TRUE(request_error(
      refused(st_olavs_doc(), R"({"kind": "shift_add", "rota": "amm",
      "role": "backup", "person": "ruud", "start": "2027-01-12T16:00", "end": "2027-01-13T08:00",
      "address": "mobil"})"),
      "/address", "person 'ruud' has no address labelled 'mobil' (labels: dect, kontor)"));
}

TEST(SiteChangeShiftRemove, TheChristmasEveBackupGoes) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "shift_remove", "rota": "amm", "index": 0})");
  ordered_json expected = doc;
  expected["rotas"][0]["shifts"].erase(0);
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(test::attempt_ids(test::route_at(load(doc), at("2026-12-24T12:00"))),
            (std::vector<std::string>{"eide", "aas"}));
  EXPECT_EQ(test::attempt_ids(test::route_at(load(c.site), at("2026-12-24T12:00"))),
            (std::vector<std::string>{"eide", "moe"}));
}

// Two nights of a roster for amm, as samtel/roster_import.hpp writes a file's rows.
constexpr const char* kTwoNights = R"({"kind": "shifts_import", "rota": "amm", "shifts": [
    {"role": "primary", "person": "nes", "start": "2027-01-12T08:00", "end": "2027-01-13T08:00"},
    {"role": "backup", "person": "ruud", "start": "2027-01-12T08:00", "end": "2027-01-13T08:00",
     "note": "Ekstra"},
    {"person": "lie", "role": "primary", "end": "2027-01-14T08:00", "start": "2027-01-13T08:00"}],
    "source": "januar.csv"})";

TEST(SiteChangeShiftsImport, AppendsEveryShiftInOneChange) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, kTwoNights);
  ordered_json expected = doc;
  auto& shifts = expected["rotas"][0]["shifts"];
  // In the file's order, whatever the request's.
  for (const char* entry : {
           R"({"role": "primary", "person": "nes", "start": "2027-01-12T08:00",
               "end": "2027-01-13T08:00"})",
           R"({"role": "backup", "person": "ruud", "start": "2027-01-12T08:00",
               "end": "2027-01-13T08:00", "note": "Ekstra"})",
           R"({"role": "primary", "person": "lie", "start": "2027-01-13T08:00",
               "end": "2027-01-14T08:00"})"}) {
    shifts.push_back(ordered_json::parse(entry));
  }
  EXPECT_EQ(c.site.dump(), expected.dump());
  ASSERT_EQ(c.detail["fields"].size(), 3u);
  EXPECT_EQ(c.detail["kind"], "shifts_import");
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/rotas/0/shifts/1");
  EXPECT_EQ(c.detail["fields"][2]["pointer"], "/rotas/0/shifts/3");
  EXPECT_TRUE(c.detail["fields"][2]["before"].is_null());
  EXPECT_EQ(c.summary,
            "Roster imported from januar.csv: 3 shift(s) in amm (2 primary, 1 backup) "
            "2027-01-12 08:00 – 2027-01-14 08:00");

  EXPECT_EQ(first_person(load(doc), "2027-01-12T12:00"), "gran");
  const Site after = load(c.site);
  EXPECT_EQ(test::attempt_ids(test::route_at(after, at("2027-01-12T12:00"))),
            (std::vector<std::string>{"nes", "ruud"}));
  EXPECT_EQ(first_person(after, "2027-01-13T12:00"), "lie");
  EXPECT_EQ(first_person(after, "2027-01-14T08:00"), "gran");  // half-open: the pattern again
}

TEST(SiteChangeShiftsImport, ShiftsMayNotOverlapEachOtherOrTheRotas) {
  const ordered_json doc = st_olavs_doc();
  ordered_json request = ordered_json::parse(kTwoNights);
  request["shifts"][2]["start"] = "2027-01-13T07:00";
  EXPECT_TRUE(request_error(refused(doc, request.dump()), "/shifts/2/start",
                            "overlaps shift 0 of the import (Overlege Tor Nes as primary "
                            "2027-01-12 08:00 – 2027-01-13 08:00)"));
  // The rota's own backup on Christmas Eve.
  request = ordered_json::parse(kTwoNights);
  request["shifts"][1]["start"] = "2026-12-24T20:00";
  EXPECT_TRUE(request_error(refused(doc, request.dump()), "/shifts/1/start",
                            "overlaps the rota's shift 0 (Overlege Kari Aas as backup 2026-12-24 "
                            "08:00 – 2026-12-25 08:00): remove it first (shift_remove)"));
  // Imported twice: every shift of the second overlaps its twin.
  const AppliedChange once = must_apply(doc, kTwoNights);
  const ConfigErrors twice = refused(once.site, kTwoNights);
  EXPECT_EQ(twice.size(), 3u) << test::join_errors(twice);
  EXPECT_TRUE(request_error(twice, "/shifts/0/start", "overlaps the rota's shift 1"));
}

TEST(SiteChangeShiftsImport, EveryShiftIsCheckedAtItsPointer) {
  const ordered_json doc = st_olavs_doc();
  const auto with = [](std::size_t i, const std::string& key, const ordered_json& value) {
    ordered_json r = ordered_json::parse(kTwoNights);
    r["shifts"][i][key] = value;
    return r.dump();
  };
  EXPECT_TRUE(request_error(refused(doc, with(1, "person", "nse")), "/shifts/1/person",
                            "unknown person 'nse' (known: aas, berg, "));
  EXPECT_TRUE(request_error(refused(doc, with(2, "role", "tertiary")), "/shifts/2/role",
                            "rota 'amm' has no role 'tertiary' (roles: primary, backup)"));
  EXPECT_TRUE(request_error(refused(doc, with(0, "start", "2027-01-32T08:00")), "/shifts/0/start",
                            "'2027-01-32'"));
  EXPECT_TRUE(
      request_error(refused(doc, with(0, "adress", "dect")), "/shifts/0/adress", "unknown key"));
  EXPECT_TRUE(request_error(refused(doc, with(1, "note", "a\nb")), "/shifts/1/note",
                            "contains a control character (U+000A)"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "shifts_import", "rota": "amm",
      "shifts": []})"),
                            "/shifts", "an import adds at least one shift"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "shifts_import", "rota": "amn",
      "shifts": [{"role": "primary", "person": "nes", "start": "2027-01-12T08:00",
                  "end": "2027-01-13T08:00"}]})"),
                            "/rota", "unknown rota 'amn'"));
  ordered_json many = ordered_json::parse(kTwoNights);
  many["shifts"] = ordered_json::array();
  for (std::size_t i = 0; i <= kMaxImportShifts; ++i) many["shifts"].push_back(1);
  EXPECT_TRUE(request_error(refused(doc, many.dump()), "/shifts",
                            "an import adds at most 5000 shifts (this one 5001)"));
  // What the loader checks it reports where it found it in the new document.
  EXPECT_TRUE(site_error(refused(doc, with(0, "end", "2027-01-12T07:00")), "/rotas/0/shifts/1/end",
                         "shift ends"));
  EXPECT_TRUE(site_error(refused(doc, with(0, "start", "2027-03-28T02:30")),
                         "/rotas/0/shifts/1/start", "does not exist"));
}

// ---------------------------------------------------------------------------------------------
// Special days and hours

TEST(SiteChangeSpecialDayAdd, ASiteDayClosesTheLineAndComesFirst) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "special_day_add", "name": "Romjul stengt",
      "date": "2026-12-29", "hours": []})");
  ordered_json expected = doc;
  auto& days = expected["special_days"];
  days.insert(days.begin(), ordered_json::parse(
                                R"({"name": "Romjul stengt", "date": "2026-12-29", "hours": []})"));
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/special_days/0");
  EXPECT_EQ(c.summary, "Special day 'Romjul stengt' on 2026-12-29 (site): hours closed");
  EXPECT_TRUE(test::route_at(load(doc), at("2026-12-29T12:00")).open);
  EXPECT_FALSE(test::route_at(load(c.site), at("2026-12-29T12:00")).open);

  // The same date again in the same list is refused; removing it gives the original back.
  EXPECT_TRUE(request_error(refused(c.site, R"({"kind": "special_day_add", "name": "Igjen",
      "date": "2026-12-29", "treat_as": "holiday"})"),
                            "/date",
                            "the site's special days have 'Romjul stengt' on 2026-12-29 already"));
  const AppliedChange back =
      must_apply(c.site, R"({"kind": "special_day_remove", "date": "2026-12-29"})");
  EXPECT_EQ(back.site, doc);
  EXPECT_EQ(back.summary, "Special day removed: 'Romjul stengt' on 2026-12-29 (site)");
}

TEST(SiteChangeSpecialDayAdd, ADesksOwnDayBeatsTheSitesYearlyRule) {
  const ordered_json doc = st_olavs_doc();
  // Julaften is treated as a holiday on the site: cardiology is closed then. Its own rule opens it.
  const AppliedChange c = must_apply(doc, R"({"kind": "special_day_add", "name": "Julaften",
      "date": "2026-12-24", "treat_as": "weekday", "desk": "kardiologi"})");
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/lines/0/desks/2/special_days/0");
  EXPECT_EQ(c.site["lines"][0]["desks"][2]["special_days"],
            ordered_json::parse(
                R"([{"name": "Julaften", "date": "2026-12-24", "treat_as": "weekday"}])"));
  EXPECT_EQ(c.summary,
            "Special day 'Julaften' on 2026-12-24 (desk kardiologi of line 73553888): weekday "
            "hours");
  EXPECT_FALSE(test::route_at(load(doc), at("2026-12-24T12:00"), 2).open);
  EXPECT_TRUE(test::route_at(load(c.site), at("2026-12-24T12:00"), 2).open);
  EXPECT_FALSE(test::route_at(load(c.site), at("2026-12-24T21:00"), 2).open);  // 08-20
}

TEST(SiteChangeMaintenance, AWindowIsPlannedRoutedToTheFallbackAndCancelled) {
  ordered_json doc = st_olavs_doc();
  doc["maintenance_fallback"] = ordered_json::parse(
      R"({"name": "Reservelinje", "address": "sip:reserve@pbx.stolav.example"})");
  const AppliedChange c = must_apply(doc, R"({"kind": "maintenance_add", "id": "sentralbord-2027",
      "start": "2027-01-12T22:00", "end": "2027-01-13T02:00",
      "reason": "Oppgradering av sentralbordet", "lines": ["73553888"]})");
  EXPECT_EQ(c.site["maintenance"],
            ordered_json::parse(R"([{"id": "sentralbord-2027", "start": "2027-01-12T22:00",
                "end": "2027-01-13T02:00", "reason": "Oppgradering av sentralbordet",
                "lines": ["73553888"]}])"));
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/maintenance/0");
  EXPECT_EQ(c.summary,
            "Planned maintenance 'sentralbord-2027' 2027-01-12 22:00 – 2027-01-13 02:00 (line(s) "
            "73553888): Oppgradering av sentralbordet");
  // Half-open: the fallback from 22:00 up to 02:00, the roster again at 02:00.
  const Site changed = load(c.site);
  EXPECT_FALSE(test::route_at(changed, at("2027-01-12T21:59")).maintenance);
  const RoutePlan during = test::route_at(changed, at("2027-01-12T22:00"));
  ASSERT_NE(during.maintenance, nullptr);
  EXPECT_EQ(during.maintenance->id, "sentralbord-2027");
  EXPECT_TRUE(during.attempts.empty());
  ASSERT_NE(during.fallback, nullptr);
  EXPECT_EQ(during.fallback->address, "sip:reserve@pbx.stolav.example");
  EXPECT_FALSE(test::route_at(changed, at("2027-01-13T02:00")).maintenance);

  // The same id again is refused; cancelling it gives the document back.
  EXPECT_TRUE(request_error(refused(c.site, R"({"kind": "maintenance_add", "id": "sentralbord-2027",
      "start": "2027-02-01T22:00", "end": "2027-02-01T23:00", "reason": "Igjen"})"),
                            "/id", "the site has a maintenance window 'sentralbord-2027' already"));
  const AppliedChange back =
      must_apply(c.site, R"({"kind": "maintenance_remove", "id": "sentralbord-2027"})");
  EXPECT_EQ(back.site["maintenance"], ordered_json::array());
  EXPECT_EQ(back.summary,
            "Planned maintenance removed: 'sentralbord-2027' 2027-01-12 22:00 – 2027-01-13 02:00");
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "maintenance_remove", "id": "x"})"), "/id",
                            "the site has no maintenance window 'x' (known: none)"));
}

TEST(SiteChangeMaintenance, TheLoaderRefusesAWindowWithoutAFallbackOrEndingBeforeItStarts) {
  const ordered_json doc = st_olavs_doc();  // no maintenance fallback
  EXPECT_TRUE(site_error(refused(doc, R"({"kind": "maintenance_add", "id": "nett",
      "start": "2027-01-12T22:00", "end": "2027-01-13T02:00", "reason": "Nettverk"})"),
                         "/maintenance/0", "has no maintenance fallback"));
  ordered_json with_fallback = doc;
  with_fallback["maintenance_fallback"] =
      ordered_json::parse(R"({"name": "Reservelinje", "address": "sip:reserve@pbx.example"})");
  EXPECT_TRUE(site_error(refused(with_fallback, R"({"kind": "maintenance_add", "id": "nett",
      "start": "2027-01-13T02:00", "end": "2027-01-12T22:00", "reason": "Nettverk"})"),
                         "/maintenance/0/end", "maintenance ends"));
  EXPECT_TRUE(request_error(refused(with_fallback, R"({"kind": "maintenance_add", "id": "nett",
      "start": "2027-01-13T02:00", "end": "2027-01-12T22:00"})"),
                            "", "missing required key 'reason'"));
}

TEST(SiteChangeSpecialDay, MissingPlacesAndDatesAreNamed) {
  const ordered_json doc = st_olavs_doc();
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "special_day_remove", "date": "2026-12-30"})"),
                            "/date",
                            "the site has no special day on 2026-12-30 (dated ones: none)"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "special_day_add", "name": "X",
      "date": "2026-12-30", "hours": [], "desk": "hud"})"),
                            "/desk", "no line has a desk 'hud'"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "special_day_add", "name": "X",
      "date": "2026-12-30", "hours": [], "line": "999", "desk": "medisin"})"),
                            "/line", "unknown line '999' (lines: 73553888)"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "special_day_add", "name": "X",
      "date": "2026-12-30", "hours": [], "line": "73553888", "desk": "hud"})"),
                            "/desk",
                            "line 73553888 has no desk 'hud' (desks: medisin, kirurgi, kardiologi, "
                            "gastro, lunge)"));
  // Neither 'treat_as' nor 'hours': the loader's rule, where it found it.
  EXPECT_TRUE(site_error(refused(doc, R"({"kind": "special_day_add", "name": "X",
      "date": "2026-12-30"})"),
                         "/special_days/0", "give exactly one of 'treat_as' (another day type's"));
}

TEST(SiteChangeHoursSet, TheLinesWeekdayHoursFromADate) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "hours_set", "line": "73553888",
      "from": "2027-03-01", "hours": {"weekday": ["08:00-22:00"]}})");
  ordered_json expected = doc;
  expected["lines"][0]["hours"].push_back(
      ordered_json::parse(R"({"from": "2027-03-01", "weekday": ["08:00-22:00"]})"));
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/lines/0/hours/1");
  EXPECT_EQ(c.summary, "Hours of line 73553888 from 2027-03-01: weekday 08:00-22:00");
  const Site before = load(doc), after = load(c.site);
  EXPECT_TRUE(test::route_at(before, at("2027-03-01T22:30")).open);
  EXPECT_FALSE(test::route_at(after, at("2027-03-01T22:30")).open);
  EXPECT_TRUE(test::route_at(after, at("2027-02-26T22:30")).open);     // before the date
  EXPECT_TRUE(test::route_at(after, at("2027-03-06T17:30")).open);     // Saturday carries over
  EXPECT_TRUE(test::route_at(after, at("2027-03-01T19:00"), 2).open);  // cardiology: own hours

  // Setting the same date again replaces that version.
  const AppliedChange again = must_apply(c.site, R"({"kind": "hours_set", "line": "73553888",
      "from": "2027-03-01", "hours": {"weekday": ["08:00-21:00"], "weekend": []}})");
  EXPECT_EQ(again.site["lines"][0]["hours"].size(), 2u);
  EXPECT_EQ(again.detail["fields"][0]["before"],
            nlohmann::json::parse(R"({"from": "2027-03-01", "weekday": ["08:00-22:00"]})"));
  EXPECT_EQ(again.summary,
            "Hours of line 73553888 from 2027-03-01: weekday 08:00-21:00; weekend closed "
            "(replaces the version from that date)");
}

TEST(SiteChangeHoursSet, ADeskWithoutHoursOfItsOwnGetsThem) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "hours_set", "line": "73553888",
      "desk": "medisin", "from": "2027-03-01", "hours": {"weekday": ["08:00-20:00"]}})");
  ordered_json hours = doc["lines"][0]["hours"];
  hours.push_back(ordered_json::parse(R"({"from": "2027-03-01", "weekday": ["08:00-20:00"]})"));
  EXPECT_EQ(c.site["lines"][0]["desks"][0]["hours"], hours);
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/lines/0/desks/0/hours");
  EXPECT_TRUE(c.detail["fields"][0]["before"].is_null());
  const Site after = load(c.site);
  EXPECT_FALSE(test::route_at(after, at("2027-03-01T21:00"), 0).open);  // medisin
  EXPECT_TRUE(test::route_at(after, at("2027-03-01T21:00"), 1).open);   // kirurgi: the line's
}

TEST(SiteChangeHoursSet, AnIncompleteFirstVersionIsTheLoadersError) {
  EXPECT_TRUE(site_error(refused(st_olavs_doc(), R"({"kind": "hours_set", "line": "73553888",
      "from": "2020-01-01", "hours": {"weekday": ["08:00-22:00"]}})"),
                         "/lines/0/hours/0", "the first hours version must give 'saturday'"));
  EXPECT_TRUE(site_error(refused(st_olavs_doc(), R"({"kind": "hours_set", "line": "73553888",
      "from": "2027-03-01", "hours": {"weekday": ["08:00-22:00", "21:00-23:00"]}})"),
                         "/lines/0/hours/1/weekday/1", "overlaps window 08:00-22:00"));
}

// ---------------------------------------------------------------------------------------------
// People and the whole site

TEST(SiteChangePersonUpdate, NewAddressesAreRung) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "person_update", "person": "nes",
      "addresses": [{"label": "mobil", "uri": "tel:+4790000010"}]})");
  ordered_json expected = doc;
  expected["people"][9]["addresses"] =
      ordered_json::parse(R"([{"label": "mobil", "uri": "tel:+4790000010"}])");
  EXPECT_EQ(c.site, expected);
  EXPECT_EQ(c.summary, "Person Overlege Tor Nes: addresses mobil tel:+4790000010");
  // Nes is the backup in the week from 2026-12-28 (occurrence 51).
  const Site after = load(c.site);
  const RoutePlan plan = test::route_at(after, at("2026-12-29T12:00"));
  ASSERT_EQ(plan.attempts.size(), 2u);
  EXPECT_EQ(plan.attempts[1].person->id, "nes");
  EXPECT_EQ(plan.attempts[1].address, "tel:+4790000010");
}

TEST(SiteChangePersonUpdate, RemovingALabelAShiftUsesIsTheLoadersError) {
  EXPECT_TRUE(site_error(refused(st_olavs_doc(), R"({"kind": "person_update", "person": "aas",
      "name": "Overlege Kari Aas-Berg",
      "addresses": [{"label": "dect", "uri": "sip:4101@pbx.stolav.example"}]})"),
                         "/rotas/0/shifts/0/address",
                         "person 'aas' has no address labelled 'kontor'"));
}

TEST(SiteChangePersonAdd, AddsAndRefusesATakenId) {
  const ordered_json doc = st_olavs_doc();
  const AppliedChange c = must_apply(doc, R"({"kind": "person_add", "id": "vikar1",
      "name": "Vikar Overlege Åse Li", "addresses": [{"label": "mobil", "uri": "tel:+4790000099"}]})");
  EXPECT_EQ(c.site["people"].size(), doc["people"].size() + 1);
  EXPECT_EQ(c.site["people"].back()["id"], "vikar1");
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "/people/22");
  EXPECT_EQ(c.summary, "Person added: Vikar Overlege Åse Li (vikar1)");
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "person_add", "id": "nes", "name": "X",
      "addresses": [{"label": "mobil", "uri": "tel:+4790000099"}]})"),
                            "/id", "a person with id 'nes' exists already (Overlege Tor Nes)"));
  EXPECT_TRUE(site_error(refused(doc, R"({"kind": "person_add", "id": "x", "name": "X",
      "addresses": []})"),
                         "/people/22/addresses", "a person needs at least one address"));
}

TEST(SiteChangePersonRetire, RefusedWhileOnTheRotaAndDoneWithoutDuty) {
  const ordered_json doc = st_olavs_doc();
  EXPECT_TRUE(site_error(refused(doc, R"({"kind": "person_retire", "person": "berg",
      "from": "2027-01-01"})"),
                         "/rotas/0/patterns/0/rotation",
                         "'Overlege Ola Berg' is retired from 2027-01-01 but holds this rotation's "
                         "shift from 2027-01-25 08:00"));
  const AppliedChange added = must_apply(doc, R"({"kind": "person_add", "id": "vikar1",
      "name": "Vikar", "addresses": [{"label": "mobil", "uri": "tel:+4790000099"}]})");
  const AppliedChange c = must_apply(
      added.site, R"({"kind": "person_retire", "person": "vikar1", "from": "2027-01-01"})");
  EXPECT_EQ(c.site["people"][22]["retired"], "2027-01-01");
  EXPECT_EQ(c.summary, "Person retired: Vikar from 2027-01-01");
  ASSERT_TRUE(load(c.site).people[22].retired.has_value());
  // Retired, vikar1 can no longer be given a shift after the date.
  EXPECT_TRUE(site_error(refused(c.site, R"({"kind": "shift_add", "rota": "amm", "role": "backup",
      "person": "vikar1", "start": "2027-01-12T16:00", "end": "2027-01-13T08:00"})"),
                         "/rotas/0/shifts/1/person", "'Vikar' is retired from 2027-01-01"));
}

TEST(SiteChangeSiteReplace, TheWholeDocument) {
  const ordered_json doc = st_olavs_doc();
  std::ifstream in(test::example_path("st-olavs-proposed.json"), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const ordered_json proposed = ordered_json::parse(text.str());
  ordered_json request{{"kind", "site_replace"}, {"site", proposed}};
  const AppliedChange c = must_apply(doc, request.dump());
  EXPECT_EQ(c.site, proposed);
  EXPECT_EQ(c.detail["fields"][0]["pointer"], "");
  EXPECT_EQ(c.summary, "Whole site replaced: St. Olavs hospital (22 people, 4 rotas, 1 lines)");

  ordered_json broken = proposed;
  broken.erase("lines");
  request["site"] = broken;
  EXPECT_TRUE(site_error(refused(doc, request.dump()), "", "missing required key 'lines'"));
}

// ---------------------------------------------------------------------------------------------
// Errors in the request

TEST(SiteChangeErrors, EveryProblemNamesItsPointer) {
  const ordered_json doc = st_olavs_doc();
  struct Case {
    std::string request, pointer, part;
  };
  const std::vector<Case> cases{
      {R"({"kind": "override_ad"})", "/kind", "unknown kind 'override_ad' (known: override_add, "},
      {R"({"rota": "amm"})", "", "missing required key 'kind'"},
      {R"({"kind": 3})", "/kind", "expected a string, found a number"},
      {R"([1])", "", "expected an object, found an array"},
      {R"({"kind": "override_add", "rota": "amm", "role": "primary", "person": "nes",
           "start": "2026-12-16T08:00", "reason": "Kurs"})",
       "", "missing required key 'end'"},
      {R"({"kind": "override_add", "rota": 7, "role": "primary", "person": "nes",
           "start": "2026-12-16T08:00", "end": "2026-12-17T08:00", "reason": "Kurs"})",
       "/rota", "expected a string, found a number"},
      {R"({"kind": "override_add", "rota": "amm", "role": "primary", "persn": "nes",
           "person": "nes", "start": "2026-12-16T08:00", "end": "2026-12-17T08:00",
           "reason": "Kurs"})",
       "/persn", "unknown key 'persn' (allowed here: kind, rota, role, person, start, end, "},
      {R"({"kind": "override_add", "rota": "amm", "role": "primary", "person": "nes",
           "start": "2026-13-01T08:00", "end": "2026-12-17T08:00", "reason": "Kurs"})",
       "/start", "'2026-13-01'"},
      {R"({"kind": "override_add", "rota": "amm", "role": "primary", "person": "nes",
           "start": "2026-12-16T08:00", "end": "2026-12-17T08:00", "reason": "Ku\nrs"})",
       "/reason", "contains a control character (U+000A)"},
      {R"({"kind": "hours_set", "line": "73553888", "from": "2027-02-30",
           "hours": {"weekday": []}})",
       "/from", "2027-02-30"},
      {R"({"kind": "hours_set", "line": "73553888", "from": "2027-03-01", "hours": {}})", "/hours",
       "give the windows of at least one day type"},
      {R"({"kind": "hours_set", "line": "73553888", "from": "2027-03-01",
           "hours": {"weekdays": []}})",
       "/hours/weekdays", "unknown key 'weekdays'"},
      {R"({"kind": "person_update", "person": "nes"})", "",
       "give 'name' or 'addresses' (or both) to change"},
      {R"({"kind": "swap_add", "rota": "amm", "role": "primary",
           "occurrences": ["2027-01-11T08:00"], "reason": "x"})",
       "/occurrences", "a swap names exactly two occurrences"},
      {R"({"kind": "site_replace", "site": []})", "/site", "expected an object, found an array"},
      {R"({"kind": "override_add", "kind": "swap_add"})", "/kind", "duplicate key 'kind'"},
      {R"({"kind": "override_add",)", "", "not valid JSON at line 1"},
  };
  for (const Case& c : cases) {
    auto change = parse_change(c.request);
    ASSERT_FALSE(change.has_value()) << c.request;
    EXPECT_TRUE(request_error(change.error(), c.pointer, c.part)) << c.request;
  }
}

TEST(SiteChangeErrors, WhatTheRequestNamesMustExist) {
  const ordered_json doc = st_olavs_doc();
  const auto override_with = [](const std::string& field, const std::string& value) {
    ordered_json r = ordered_json::parse(kNesForBerg);
    r[field] = value;
    return r.dump();
  };
  EXPECT_TRUE(request_error(refused(doc, override_with("person", "nesse")), "/person",
                            "unknown person 'nesse' (known: aas, berg, "));
  EXPECT_TRUE(request_error(refused(doc, override_with("replaces", "x")), "/replaces",
                            "unknown person 'x'"));
  EXPECT_TRUE(request_error(refused(doc, override_with("rota", "amn")), "/rota",
                            "unknown rota 'amn' (known: amm, kardiologi, gastro, lunge)"));
  EXPECT_TRUE(request_error(refused(doc, override_with("role", "tertiary")), "/role",
                            "rota 'amm' has no role 'tertiary' (roles: primary, backup)"));
  EXPECT_TRUE(request_error(refused(doc, R"({"kind": "person_retire", "person": "x",
      "from": "2027-01-01"})"),
                            "/person", "unknown person 'x'"));
}

TEST(SiteChangeErrors, TheLoaderFindsTimesThatDoNotWorkInTheSitesZone) {
  const ordered_json doc = st_olavs_doc();
  const auto override_with = [](const std::string& field, const std::string& value) {
    ordered_json r = ordered_json::parse(kNesForBerg);
    r[field] = value;
    return r.dump();
  };
  EXPECT_TRUE(site_error(refused(doc, override_with("end", "2026-12-15T08:00")),
                         "/rotas/0/overrides/2/end", "override ends"));
  EXPECT_TRUE(site_error(refused(doc, override_with("start", "2027-03-28T02:30")),
                         "/rotas/0/overrides/2/start", "does not exist"));
  EXPECT_TRUE(site_error(refused(doc, override_with("start", "2027-10-31T02:30")),
                         "/rotas/0/overrides/2/start", "happens twice in Europe/Oslo"));
}

TEST(SiteChangeErrors, TheBodyAsJsonAndAMismatchedKind) {
  const ordered_json doc = st_olavs_doc();
  auto change = parse_change(ordered_json::parse(kNesForBerg));
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->kind, ChangeKind::override_add);
  EXPECT_EQ(change->body.begin().key(), "kind");  // the order as given
  SiteChange wrong = *change;
  wrong.kind = ChangeKind::swap_add;
  auto applied = apply_change(doc, wrong);
  ASSERT_FALSE(applied.has_value());
  EXPECT_TRUE(request_error(applied.error(), "/kind",
                            "the request says 'override_add', the change 'swap_add'"));
  EXPECT_TRUE(
      site_error(apply_change(ordered_json::array(), *change).error(), "", "not a JSON object"));
}

}  // namespace
}  // namespace samtel

namespace samtel {
namespace {

// Every field of a valid request of each kind replaced by values of every JSON type: the change
// is refused or applied, never a crash or an exception.
TEST(SiteChangeErrors, MutatedRequestsNeverThrow) {
  const ordered_json doc = st_olavs_doc();
  const std::vector<std::string> requests{
      kNesForBerg,
      R"({"kind": "override_remove", "rota": "amm", "index": 1})",
      R"({"kind": "swap_add", "rota": "amm", "role": "primary",
          "occurrences": ["2027-01-11T08:00", "2027-01-18T08:00"], "reason": "Ferie"})",
      R"({"kind": "shift_add", "rota": "amm", "role": "backup", "person": "ruud",
          "start": "2027-01-12T16:00", "end": "2027-01-13T08:00", "address": "kontor"})",
      R"({"kind": "special_day_add", "name": "X", "date": "2026-12-29", "hours": [],
          "line": "73553888", "desk": "medisin"})",
      R"({"kind": "special_day_remove", "date": "2026-12-29", "desk": "medisin"})",
      R"({"kind": "hours_set", "line": "73553888", "desk": "gastro", "from": "2027-03-01",
          "hours": {"weekday": ["08:00-22:00"]}})",
      R"({"kind": "person_update", "person": "nes", "name": "N",
          "addresses": [{"label": "mobil", "uri": "tel:+4790000010"}]})",
      R"({"kind": "person_add", "id": "v", "name": "V",
          "addresses": [{"label": "mobil", "uri": "tel:+4790000010"}]})",
      R"({"kind": "person_retire", "person": "vik", "from": "2027-01-01"})",
      R"({"kind": "site_replace", "site": {"site": {}}})",
      kTwoNights,
  };
  const std::vector<ordered_json> values{nullptr,
                                         1,
                                         -1,
                                         2.5,
                                         "x",
                                         "",
                                         ordered_json::array(),
                                         ordered_json::object(),
                                         ordered_json::array({1, 2}),
                                         ordered_json::array({"a", "b"}),
                                         true};
  std::size_t applied = 0, refused_count = 0;
  // Applied (true) or refused with at least one error (false).
  const auto attempt = [&](const ordered_json& request) {
    auto change = parse_change(request);
    if (!change) {
      if (change.error().empty()) throw std::logic_error("refused without an error");
      return false;
    }
    auto result = apply_change(doc, *change);
    if (!result && result.error().empty()) throw std::logic_error("refused without an error");
    return result.has_value();
  };
  for (const std::string& text : requests) {
    const ordered_json request = ordered_json::parse(text);
    for (const auto& [key, original] : request.items()) {
      for (const ordered_json& v : values) {
        ordered_json mutated = request;
        mutated[key] = v;
        std::optional<bool> ok;
        EXPECT_NO_THROW(ok = attempt(mutated)) << mutated.dump();
        if (ok) (*ok ? applied : refused_count) += 1;
      }
      ordered_json without = request;
      without.erase(key);
      EXPECT_NO_THROW(parse_change(without).and_then([&](const SiteChange& c) {
        return apply_change(doc, c);
      })) << without.dump();
    }
    // The site document itself in odd shapes.
    const auto change = parse_change(request);
    for (const ordered_json& v : values) {
      ordered_json site = doc;
      site["rotas"] = v;
      site["lines"][0]["desks"] = v;
      EXPECT_NO_THROW(apply_change(site, *change)) << text;
    }
  }
  EXPECT_GT(refused_count, 0u);
  EXPECT_GT(applied, 0u);
}

}  // namespace
}  // namespace samtel
