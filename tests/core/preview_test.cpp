// The preview of a change: the routing difference over the horizon in plain words, and the
// coverage gaps the change opens or closes, with concrete times.
#include "samtel/preview.hpp"

#include <fstream>
#include <sstream>

#include "samtel/site_change.hpp"
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

ordered_json changed(const ordered_json& doc, const std::string& request) {
  auto applied =
      parse_change(request).and_then([&](const SiteChange& c) { return apply_change(doc, c); });
  if (!applied) throw std::runtime_error("refused:\n" + test::join_errors(applied.error()));
  return applied->site;
}

Site load(const ordered_json& doc) { return test::must_parse(doc.dump()); }

TEST(Preview, AnOverrideChangesExactlyItsHours) {
  const ordered_json doc = st_olavs_doc();
  const Site before = load(doc);
  const Site after = load(changed(doc, R"({"kind": "override_add", "rota": "amm",
      "role": "primary", "person": "nes", "start": "2026-12-16T08:00", "end": "2026-12-17T08:00",
      "replaces": "berg", "reason": "Kurs"})"));
  const Preview p = preview_change(before, after, at("2026-12-01T09:30"));
  EXPECT_EQ(p.from, at("2026-12-01T09:30"));
  EXPECT_EQ(p.to, at("2027-03-01T09:30"));
  EXPECT_TRUE(p.changes_routing());

  // The line is open 08:00-23:00 on that Wednesday; both desks of the AMM rota change.
  ASSERT_EQ(p.diff.intervals.size(), 2u);
  for (const DiffInterval& iv : p.diff.intervals) {
    EXPECT_EQ(iv.start, at("2026-12-16T08:00")) << iv.desk_id;
    EXPECT_EQ(iv.end, at("2026-12-16T23:00")) << iv.desk_id;
  }
  EXPECT_EQ(p.diff.intervals[0].desk_id, "medisin");
  EXPECT_EQ(p.diff.intervals[1].desk_id, "kirurgi");
  EXPECT_EQ(p.diff.intervals[0].before_text,
            "open: Vakthavende overlege AMM Overlege Ola Berg (25 s), then Bakvakt AMM Overlege "
            "Jon Lie (20 s)");
  EXPECT_EQ(p.diff.intervals[0].after_text,
            "open: Vakthavende overlege AMM Overlege Tor Nes (25 s), then Bakvakt AMM Overlege "
            "Jon Lie (20 s)");
  EXPECT_TRUE(p.gaps_opened.empty());
  EXPECT_TRUE(p.gaps_closed.empty());
  EXPECT_EQ(p.summary(),
            "Routing changes in the next 90 days (2026-12-01 09:30 to 2027-03-01 09:30):\n"
            "  Samhandlingstelefonen (73553888), Medisin and Kirurgi: Wednesdays 08:00–23:00: "
            "open: Vakthavende overlege AMM Overlege Ola Berg (25 s), then Bakvakt AMM Overlege "
            "Jon Lie (20 s) → open: Vakthavende overlege AMM Overlege Tor Nes (25 s), then Bakvakt "
            "AMM Overlege Jon Lie (20 s) (2026-12-16)\n"
            "No coverage gaps opened or closed.\n");

  const nlohmann::json j = p.to_json();
  EXPECT_EQ(j["from"], "2026-12-01T09:30:00+01:00");
  EXPECT_EQ(j["to"], "2027-03-01T09:30:00+01:00");
  EXPECT_EQ(j["horizon_days"], 90);
  EXPECT_EQ(j["changes_routing"], true);
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["desks"], (nlohmann::json{"Medisin", "Kirurgi"}));
  EXPECT_EQ(j["groups"][0]["days"], "Wednesdays");
  EXPECT_EQ(j["groups"][0]["start"], "08:00");
  EXPECT_EQ(j["groups"][0]["end"], "23:00");
  EXPECT_EQ(j["groups"][0]["dates"], (nlohmann::json{"2026-12-16"}));
  ASSERT_EQ(j["intervals"].size(), 2u);
  EXPECT_EQ(j["intervals"][0]["start"], "2026-12-16T08:00:00+01:00");
  EXPECT_EQ(j["intervals"][0]["end"], "2026-12-16T23:00:00+01:00");
  EXPECT_EQ(j["summary"], p.summary());
}

TEST(Preview, TheHorizonBoundsWhatIsReported) {
  const ordered_json doc = st_olavs_doc();
  const Site before = load(doc);
  const Site after = load(changed(doc, R"({"kind": "override_add", "rota": "amm",
      "role": "primary", "person": "nes", "start": "2026-12-16T08:00", "end": "2026-12-17T08:00",
      "replaces": "berg", "reason": "Kurs"})"));
  // From noon on the day: only the afternoon differs.
  const Preview p = preview_change(before, after, at("2026-12-16T12:00"), std::chrono::days{7});
  ASSERT_EQ(p.diff.intervals.size(), 2u);
  EXPECT_EQ(p.diff.intervals[0].start, at("2026-12-16T12:00"));
  ASSERT_EQ(p.diff.groups.size(), 1u);
  EXPECT_EQ(p.diff.groups[0].start, 12 * 60);
  // Starting after the override: nothing.
  const Preview later = preview_change(before, after, at("2026-12-17T08:00"));
  EXPECT_FALSE(later.changes_routing());
  EXPECT_EQ(later.summary(), "No routing changes in the next 90 days.\n");
}

// Cardiology's rotation ends on Monday 2027-01-04 at 08:00; a one-off shift for Vik covers it to
// Wednesday 14:00. Removing the shift leaves nobody in the rota's only role.
TEST(Preview, RemovingTheOnlyPersonInARoleOpensAGap) {
  ordered_json doc = st_olavs_doc();
  doc["rotas"][1]["patterns"][0]["until"] = "2027-01-04";
  doc = changed(doc, R"({"kind": "shift_add", "rota": "kardiologi", "role": "primary",
      "person": "vik", "start": "2027-01-04T08:00", "end": "2027-01-06T14:00"})");
  const Site before = load(doc);
  const Site after =
      load(changed(doc, R"({"kind": "shift_remove", "rota": "kardiologi", "index": 0})"));
  const Preview p = preview_change(before, after, at("2027-01-01T00:00"), std::chrono::days{14});

  // Cardiology is open on weekdays 08:00-20:00. After the change nobody is on duty from Monday;
  // before it, only from Wednesday 14:00: the gap opened is Monday, Tuesday and Wednesday's
  // morning, not the rest, which was a gap already.
  ASSERT_EQ(p.gaps_opened.size(), 3u);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"2027-01-04T08:00", "2027-01-04T20:00"},
      {"2027-01-05T08:00", "2027-01-05T20:00"},
      {"2027-01-06T08:00", "2027-01-06T14:00"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(p.gaps_opened[i].desk->id, "kardiologi");
    EXPECT_EQ(p.gaps_opened[i].line->number, "73553888");
    EXPECT_EQ(p.gaps_opened[i].start, at(expected[i].first)) << i;
    EXPECT_EQ(p.gaps_opened[i].end, at(expected[i].second)) << i;
  }
  EXPECT_TRUE(p.gaps_closed.empty());
  const std::string summary = p.summary();
  EXPECT_NE(summary.find("Coverage gap opened: Samhandlingstelefonen (73553888), Kardiologi: "
                         "2027-01-06 08:00 – 2027-01-06 14:00\n"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("Kardiologi: Mondays 08:00–20:00: open: Vakthavende kardiolog → open, "
                         "nobody on duty (to Sentralbord St. Olavs hospital) (2027-01-04)"),
            std::string::npos)
      << summary;
  EXPECT_EQ(p.to_json()["gaps_opened"][2]["start"], "2027-01-06T08:00:00+01:00");
  EXPECT_EQ(p.to_json()["gaps_opened"][2]["end"], "2027-01-06T14:00:00+01:00");

  // The change the other way round closes the same gaps.
  const Preview back = preview_change(after, before, at("2027-01-01T00:00"), std::chrono::days{14});
  EXPECT_TRUE(back.gaps_opened.empty());
  ASSERT_EQ(back.gaps_closed.size(), 3u);
  EXPECT_EQ(back.gaps_closed[2].start, at("2027-01-06T08:00"));
  EXPECT_EQ(back.gaps_closed[2].end, at("2027-01-06T14:00"));
  EXPECT_NE(back.summary().find("Coverage gap closed: Samhandlingstelefonen (73553888), "
                                "Kardiologi: 2027-01-04 08:00 – 2027-01-04 20:00\n"),
            std::string::npos);
}

TEST(Preview, ANoOpChangeSaysSo) {
  const ordered_json doc = st_olavs_doc();
  const Site before = load(doc);
  // A Wednesday treated as a weekday is what it was anyway.
  const Site after = load(changed(doc, R"({"kind": "special_day_add", "name": "Vanlig dag",
      "date": "2027-01-13", "treat_as": "weekday"})"));
  const Preview p = preview_change(before, after, at("2027-01-01T00:00"));
  EXPECT_FALSE(p.changes_routing());
  EXPECT_TRUE(p.diff.groups.empty());
  EXPECT_TRUE(p.gaps_opened.empty());
  EXPECT_TRUE(p.gaps_closed.empty());
  EXPECT_EQ(p.summary(), "No routing changes in the next 90 days.\n");
  EXPECT_EQ(p.to_json()["changes_routing"], false);
  EXPECT_TRUE(p.to_json()["groups"].empty());
}

TEST(Preview, AChangedMessageIsNotARoutingChange) {
  ordered_json doc = st_olavs_doc();
  const Site before = load(doc);
  doc["lines"][0]["closed"]["message"] = "Stengt. Ved akutt behov: ring AMK 113.";
  const Site after = load(doc);
  const Preview p = preview_change(before, after, at("2027-01-01T00:00"), std::chrono::days{30});
  EXPECT_FALSE(p.changes_routing());
  const std::string summary = p.summary();
  EXPECT_EQ(summary.rfind("No routing changes in the next 30 days.\nMessage when closed for "
                          "Medisin, Kirurgi, Kardiologi, Gastroenterologi and Lungemedisin "
                          "(line 73553888): 'Samhandlingstelefonen er åpen",
                          0),
            0u)
      << summary;
}

}  // namespace
}  // namespace samtel
