// What both command lines print: tables padded by characters, RFC 4180 CSV, a plan as JSON.
#include "samtel/output.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace samtel {
namespace {

using test::at;
using test::base_site;
using test::must_parse;
using test::route_at;

const std::vector<std::vector<std::string>> kDesks{
    {"desk", "on duty", "note"},
    {"Øre-nese-hals", "Lege Åse Ødegård", ""},
    {"medisin", "Lege A", "ok"},
};

TEST(Table, ColumnsArePaddedByCharactersNotBytes) {
  EXPECT_EQ(render_table(kDesks),
            "desk           on duty           note\n"
            "-------------  ----------------  ----\n"
            "Øre-nese-hals  Lege Åse Ødegård\n"
            "medisin        Lege A            ok\n");
}

TEST(Table, OneRuleAcrossTheTableKeepsThePaddingOfAnEmptyLastCell) {
  EXPECT_EQ(render_table(kDesks, TableStyle::one_rule),
            "desk           on duty           note\n"
            "-------------------------------------\n"
            "Øre-nese-hals  Lege Åse Ødegård  \n"
            "medisin        Lege A            ok\n");
}

TEST(Table, ShortRowsAndNoRows) {
  EXPECT_EQ(render_table({{"a", "b"}, {"long cell"}}), "a          b\n---------  -\nlong cell\n");
  EXPECT_EQ(render_table({}), "");
}

TEST(Csv, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(render_csv({{"name", "message"},
                        {"Sentralbord, St. Olav", "Si \"hei\""},
                        {"two\r\nlines", "a\nb"},
                        {"Øre-nese-hals", ""}}),
            "name,message\r\n"
            "\"Sentralbord, St. Olav\",\"Si \"\"hei\"\"\"\r\n"
            "\"two\r\nlines\",\"a\nb\"\r\n"
            "Øre-nese-hals,\r\n");
}

TEST(PlanJson, TheDecisionInAFixedOrder) {
  const Site site = must_parse(base_site());
  // Monday 2026-01-05 after the 08:00 handover: a, then d.
  EXPECT_EQ(plan_json(route_at(site, at("2026-01-05T09:00"))).dump(),
            R"({"day_type":"weekday","hours_type":"weekday","holiday":null,"special_day":null,)"
            R"("window":"08:00-23:00","attempts":[)"
            R"({"role":"primary","role_name":"Primærvakt","person":"a","name":"Lege A",)"
            R"("address":"tel:+4790001001","ring_seconds":25,"source":"rotation"},)"
            R"({"role":"backup","role_name":"Bakvakt","person":"d","name":"Lege D",)"
            R"("address":"tel:+4790001004","ring_seconds":20,"source":"rotation"}],)"
            R"("fallback":{"name":"Sentralbord","address":"tel:+4711111111",)"
            R"("message":"Du settes over."}})");
}

TEST(PlanJson, ClosedOnAHoliday) {
  const Site site = must_parse(base_site());
  const auto j = plan_json(route_at(site, at("2026-01-01T20:00")));
  EXPECT_EQ(j["day_type"], "holiday");
  EXPECT_EQ(j["holiday"], "1. nyttårsdag");
  EXPECT_TRUE(j["window"].is_null());
  EXPECT_TRUE(j["attempts"].empty());
  EXPECT_EQ(j["fallback"]["name"], "Stengt-linje");
}

}  // namespace
}  // namespace samtel
