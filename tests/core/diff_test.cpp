#include "samtel/diff.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "test_support.hpp"

namespace samtel {
namespace {

Schedule schedule_of(Site site) {
  std::vector<Site> sites;
  sites.push_back(std::move(site));
  return Schedule{std::move(sites)};
}

const Schedule& st_olavs() {
  static const Schedule s = schedule_of(test::load_example("st-olavs.json"));
  return s;
}

const Schedule& st_olavs_proposed() {
  static const Schedule s = schedule_of(test::load_example("st-olavs-proposed.json"));
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Diff, AConfigurationDoesNotDifferFromItself) {
  const ConfigDiff d = diff_schedules(st_olavs(), st_olavs(),
                                      DateRange{test::day("2026-12-01"), test::day("2027-02-28")});
  EXPECT_TRUE(d.intervals.empty());
  EXPECT_TRUE(d.groups.empty());
  EXPECT_TRUE(d.messages.empty());
}

TEST(Diff, ProposedHoursInPlainLanguage) {
  const ConfigDiff d = diff_schedules(st_olavs(), st_olavs_proposed(),
                                      DateRange{test::day("2026-12-28"), test::day("2027-01-24")});
  std::vector<std::string> groups;
  for (const DiffGroup& g : d.groups) groups.push_back(g.to_string());
  EXPECT_EQ(
      groups,
      (std::vector<std::string>{
          "Weekdays 22:00–23:00: open: Vakthavende overlege AMM, then Bakvakt AMM → closed (to "
          "Sentralbord St. Olavs hospital) (15 days, 2027-01-04 … 2027-01-22)",
          "Saturdays 18:00–20:00: closed (to Sentralbord St. Olavs hospital) → open: Vakthavende "
          "overlege AMM, then Bakvakt AMM (2027-01-09, 2027-01-16, 2027-01-23)"}));
  ASSERT_EQ(d.groups.size(), 2u);
  EXPECT_EQ(d.groups[0].desks, (std::vector<std::string>{"Medisin", "Kirurgi"}));
  // Before the new version takes effect nothing changes: the first Saturday is 2027-01-02.
  for (const DiffInterval& iv : d.intervals) EXPECT_GE(iv.start, test::at("2027-01-04T00:00"));
  // Two desks x (15 weekday evenings + 3 Saturday evenings).
  EXPECT_EQ(d.intervals.size(), 2u * (15 + 3));
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0].which, "closed");
  EXPECT_EQ(d.messages[0].desks.size(), 5u);
}

TEST(Diff, RosterChangesAreDescribedByPerson) {
  // Swap the AMM primary rotation's first two people in a copy of the configuration.
  std::string text = read_file(test::example_path("st-olavs.json"));
  const std::string from = "\"aas\",\n            \"berg\"";
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), "\"berg\",\n            \"aas\"");
  auto site = parse_site(text, "swapped.json");
  ASSERT_TRUE(site.has_value());
  const Schedule swapped = schedule_of(std::move(*site));
  // 2026-11-23 .. 29 is occurrence 46 (46 % 6 = 4, fjeld); 2026-12-14 is 49 % 6 = 1 (berg -> aas).
  const ConfigDiff d = diff_schedules(st_olavs(), swapped,
                                      DateRange{test::day("2026-12-14"), test::day("2026-12-14")});
  ASSERT_FALSE(d.intervals.empty());
  EXPECT_EQ(d.intervals[0].before_text,
            "open: Vakthavende overlege AMM Overlege Ola Berg (25 s), then Bakvakt AMM Overlege "
            "Jon Lie (20 s)");
  EXPECT_EQ(d.intervals[0].after_text,
            "open: Vakthavende overlege AMM Overlege Kari Aas (25 s), then Bakvakt AMM Overlege "
            "Jon Lie (20 s)");
}

TEST(Diff, LinesAndDesksOnlyOnOneSide) {
  // A synthetic site with one line (11112222) and one desk, in place of St. Olavs' line.
  const Schedule other = schedule_of(test::must_parse(test::base_site()));
  const ConfigDiff d = diff_schedules(st_olavs(), other,
                                      DateRange{test::day("2027-01-11"), test::day("2027-01-11")});
  std::map<std::string, std::pair<Instant, Instant>> covered;  // desk -> first start, last end
  bool only_before = false, only_after = false;
  for (const DiffInterval& iv : d.intervals) {
    if (!iv.after) only_before = true;
    if (!iv.before) only_after = true;
    auto [it, fresh] =
        covered.emplace(iv.line_number + "/" + iv.desk_id, std::pair{iv.start, iv.end});
    if (!fresh) it->second.second = iv.end;
  }
  EXPECT_TRUE(only_before);
  EXPECT_TRUE(only_after);
  EXPECT_EQ(covered.size(), 6u);  // five St. Olavs desks, one synthetic desk
  for (const auto& [desk, span] : covered) {
    EXPECT_EQ(span.first, test::at("2027-01-11T00:00")) << desk;
    EXPECT_EQ(span.second, test::at("2027-01-12T00:00")) << desk;
  }
}

}  // namespace
}  // namespace samtel
