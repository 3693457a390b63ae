// Planned maintenance windows, their fallback and the notification contacts of a site.
#include "samtel/maintenance.hpp"

#include <gtest/gtest.h>

#include "samtel/coverage.hpp"
#include "samtel/describe.hpp"
#include "samtel/output.hpp"
#include "samtel/routing.hpp"
#include "test_support.hpp"

namespace samtel {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::at_later;
using test::base_site;
using test::errors_of;
using test::join_errors;
using test::json;
using test::must_parse;
using test::route_at;

json maintenance_fallback() {
  return {{"name", "Reservelinje"},
          {"address", "tel:+4733333333"},
          {"message", "Planlagt vedlikehold: du settes over."}};
}

// The synthetic site with a second line and a site-wide maintenance fallback.
json site_with_maintenance(json windows) {
  json j = base_site();
  json second = j["lines"][0];
  second["number"] = "11113333";
  second["name"] = "Andre linje";
  j["lines"].push_back(second);
  j["maintenance_fallback"] = maintenance_fallback();
  j["maintenance"] = std::move(windows);
  return j;
}

json window(const std::string& id, const std::string& start, const std::string& end) {
  return {{"id", id}, {"start", start}, {"end", end}, {"reason", "Nytt sentralbord"}};
}

bool has_error(const ConfigErrors& errors, std::string_view pointer, std::string_view part) {
  for (const ConfigError& e : errors) {
    if (e.pointer == pointer && e.message.find(part) != std::string::npos) return true;
  }
  ADD_FAILURE() << "no error at " << pointer << " with '" << part << "':\n" << join_errors(errors);
  return false;
}

TEST(Maintenance, WindowsLoadSortedWithTheirInstants) {
  json w2 = window("later", "2026-02-10T22:00", "2026-02-11T02:00");
  w2["lines"] = {"11113333"};
  const Site site = must_parse(
      site_with_maintenance({w2, window("first", "2026-01-07T12:00", "2026-01-07T13:00")}));
  ASSERT_EQ(site.maintenance.size(), 2u);
  EXPECT_EQ(site.maintenance[0].id, "first");
  EXPECT_EQ(site.maintenance[0].start, at("2026-01-07T12:00"));
  EXPECT_EQ(site.maintenance[0].end, at("2026-01-07T13:00"));
  EXPECT_TRUE(site.maintenance[0].lines.empty());
  EXPECT_EQ(site.maintenance[1].id, "later");
  EXPECT_EQ(site.maintenance[1].lines, std::vector<std::size_t>{1});
  ASSERT_TRUE(site.lines[0].maintenance_fallback);
  EXPECT_EQ(site.lines[0].maintenance_fallback->address, "tel:+4733333333");
}

TEST(Maintenance, RoutingSendsEveryCallToTheMaintenanceFallbackWhileAWindowLasts) {
  const Site site =
      must_parse(site_with_maintenance({window("switch", "2026-01-07T12:00", "2026-01-07T13:00")}));
  const RoutePlan before = route_at(site, at("2026-01-07T11:59:59"));
  EXPECT_TRUE(before.open);
  EXPECT_EQ(before.maintenance, nullptr);
  EXPECT_EQ(before.attempts.size(), 2u);

  const RoutePlan during = route_at(site, at("2026-01-07T12:00"));
  EXPECT_FALSE(during.open);
  EXPECT_TRUE(during.attempts.empty());
  ASSERT_NE(during.maintenance, nullptr);
  EXPECT_EQ(during.maintenance->id, "switch");
  EXPECT_EQ(during.fallback, &*site.lines[0].maintenance_fallback);
  EXPECT_EQ(during.reason(),
            "Planned maintenance 'switch' (2026-01-07 12:00 - 2026-01-07 13:00): Nytt sentralbord. "
            "Send every caller to Reservelinje (tel:+4733333333) with the message: Planlagt "
            "vedlikehold: du settes over.");
  EXPECT_EQ(plan_text(during, Detail::addresses),
            "planned maintenance: Nytt sentralbord (to Reservelinje <tel:+4733333333>)");
  const auto j = route_json(during);
  EXPECT_EQ(j["maintenance"]["id"], "switch");
  EXPECT_EQ(j["maintenance"]["start"], "2026-01-07T12:00:00+01:00");
  EXPECT_EQ(j["open"], false);

  // Half-open: 13:00 routes by the roster again. Also outside service hours the line is under
  // maintenance, not merely closed.
  const RoutePlan after = route_at(site, at("2026-01-07T13:00"));
  EXPECT_TRUE(after.open);
  EXPECT_EQ(after.maintenance, nullptr);
}

TEST(Maintenance, AWindowForOneLineLeavesTheOthersAlone) {
  json w = window("one", "2026-01-07T12:00", "2026-01-07T13:00");
  w["lines"] = {"11113333"};
  json j = site_with_maintenance({w});
  j["lines"][1]["maintenance_fallback"] = {{"name", "Egen reserve"}, {"address", "sip:r@pbx.test"}};
  const Site site = must_parse(j);
  const Instant t = at("2026-01-07T12:30");
  const RoutePlan first = route(site, site.lines[0], site.lines[0].desks[0], t);
  EXPECT_TRUE(first.open);
  EXPECT_EQ(first.maintenance, nullptr);
  const RoutePlan second = route(site, site.lines[1], site.lines[1].desks[0], t);
  ASSERT_NE(second.maintenance, nullptr);
  EXPECT_EQ(second.fallback->name, "Egen reserve");  // the line's own comes before the site's
}

TEST(Maintenance, AWindowOverTheAutumnChangeLastsAnHourLonger) {
  // 2026-10-25: clocks go back 03:00 -> 02:00 in Oslo. 22:00 to 06:00 is 9 hours.
  const Site site =
      must_parse(site_with_maintenance({window("night", "2026-10-24T22:00", "2026-10-25T06:00")}));
  const MaintenanceWindow& w = site.maintenance[0];
  EXPECT_EQ(w.end - w.start, 9h);
  EXPECT_NE(route_at(site, at_later("2026-10-25T02:30")).maintenance, nullptr);
  EXPECT_NE(route_at(site, at("2026-10-25T05:59:59")).maintenance, nullptr);
  EXPECT_EQ(route_at(site, at("2026-10-25T06:00")).maintenance, nullptr);
  // The timeline switches exactly at the window's instants.
  const auto segments = timeline(site, site.lines[0], site.lines[0].desks[0],
                                 at("2026-10-24T21:00"), at("2026-10-25T07:00"));
  std::vector<Instant> maintenance_starts;
  for (const Segment& s : segments) {
    if (s.plan.maintenance != nullptr) maintenance_starts.push_back(s.start);
    if (s.plan.maintenance != nullptr) EXPECT_EQ(s.end, w.end);
  }
  EXPECT_EQ(maintenance_starts, std::vector<Instant>{w.start});
}

TEST(Maintenance, AWindowOverTheSpringChangeIsAnHourShorter) {
  const Site site =
      must_parse(site_with_maintenance({window("spring", "2026-03-28T22:00", "2026-03-29T06:00")}));
  EXPECT_EQ(site.maintenance[0].end - site.maintenance[0].start, 7h);
}

TEST(Maintenance, ATimeThatHappensTwiceNeedsItsOffset) {
  const auto errors =
      errors_of(site_with_maintenance({window("x", "2026-10-25T02:30", "2026-10-25T04:00")}));
  EXPECT_TRUE(has_error(errors, "/maintenance/0/start", "happens twice"));
  const Site site = must_parse(
      site_with_maintenance({window("x", "2026-10-25T02:30+01:00", "2026-10-25T04:00")}));
  EXPECT_EQ(site.maintenance[0].start, at_later("2026-10-25T02:30"));
}

TEST(Maintenance, EndBeforeStartIsRefused) {
  const auto errors =
      errors_of(site_with_maintenance({window("x", "2026-01-07T13:00", "2026-01-07T12:00")}));
  ASSERT_EQ(errors.size(), 1u) << join_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/maintenance/0/end");
  EXPECT_EQ(errors[0].message,
            "maintenance ends (2026-01-07 12:00) before it starts (2026-01-07 13:00)");
  EXPECT_TRUE(has_error(
      errors_of(site_with_maintenance({window("x", "2026-01-07T13:00", "2026-01-07T13:00")})),
      "/maintenance/0/end", "before it starts"));
}

TEST(Maintenance, AWindowNeedsAFallbackForEveryLineItCovers) {
  json j = site_with_maintenance({window("x", "2026-01-07T12:00", "2026-01-07T13:00")});
  j.erase("maintenance_fallback");
  j["lines"][0]["maintenance_fallback"] = maintenance_fallback();
  const auto errors = errors_of(j);
  ASSERT_EQ(errors.size(), 1u) << join_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/maintenance/0");
  EXPECT_EQ(errors[0].message,
            "line '11113333' has no maintenance fallback: give 'maintenance_fallback' on the line "
            "(/lines/1) or the site (/maintenance_fallback)");
  // Without windows no fallback is needed.
  j.erase("maintenance");
  must_parse(j);
}

TEST(Maintenance, OverlappingWindowsOnACommonLineAreRefused) {
  json other = window("b", "2026-01-07T12:30", "2026-01-07T14:00");
  other["lines"] = {"11113333"};
  const auto errors = errors_of(
      site_with_maintenance({window("a", "2026-01-07T12:00", "2026-01-07T13:00"), other}));
  ASSERT_EQ(errors.size(), 1u) << join_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/maintenance/1");
  EXPECT_EQ(errors[0].message,
            "maintenance window 'b' (2026-01-07 12:30 - 2026-01-07 14:00) overlaps window 'a' "
            "(2026-01-07 12:00 - 2026-01-07 13:00) on the same line");
  // Different lines may overlap; windows that meet do not overlap.
  json first = window("a", "2026-01-07T12:00", "2026-01-07T13:00");
  first["lines"] = {"11112222"};
  must_parse(site_with_maintenance({first, other}));
  must_parse(site_with_maintenance({window("a", "2026-01-07T12:00", "2026-01-07T13:00"),
                                    window("b", "2026-01-07T13:00", "2026-01-07T14:00")}));
}

TEST(Maintenance, UnknownLinesAndDuplicateIdsAreNamed) {
  json w = window("a", "2026-01-07T12:00", "2026-01-07T13:00");
  w["lines"] = {"99999999"};
  EXPECT_TRUE(has_error(errors_of(site_with_maintenance({w})), "/maintenance/0/lines/0",
                        "unknown line '99999999' (lines: 11112222, 11113333)"));
  EXPECT_TRUE(has_error(
      errors_of(site_with_maintenance({window("a", "2026-01-07T12:00", "2026-01-07T13:00"),
                                       window("a", "2026-01-08T12:00", "2026-01-08T13:00")})),
      "/maintenance/1/id", "duplicate maintenance id 'a'"));
}

json contact() {
  return {{"name", "Drift"},
          {"email", "drift@hospital.test"},
          {"sip", "sip:drift@pbx.test"},
          {"webhook", "https://alerts.hospital.test/samtel"},
          {"tell", {"fault-raised", "maintenance-announced"}}};
}

TEST(NotificationContacts, LoadWithWhatEachIsTold) {
  json j = base_site();
  j["notices"] = {{"announce_before_hours", 48}, {"contacts", {contact()}}};
  const Site site = must_parse(j);
  EXPECT_EQ(site.notices.announce_before, 48h);
  ASSERT_EQ(site.notices.contacts.size(), 1u);
  const NotificationContact& c = site.notices.contacts[0];
  EXPECT_EQ(c.name, "Drift");
  EXPECT_EQ(c.email, "drift@hospital.test");
  EXPECT_EQ(c.sip, "sip:drift@pbx.test");
  EXPECT_EQ(c.webhook, "https://alerts.hospital.test/samtel");
  EXPECT_TRUE(c.wants(NoticeKind::fault_raised));
  EXPECT_TRUE(c.wants(NoticeKind::maintenance_announced));
  EXPECT_FALSE(c.wants(NoticeKind::fault_cleared));
  EXPECT_EQ(must_parse(base_site()).notices.announce_before, 24h);  // the default
}

TEST(NotificationContacts, BadContactsAreRefusedAtTheirPointer) {
  json j = base_site();
  json bad = contact();
  bad["email"] = "drift hospital.test";
  bad["sip"] = "tel:+4790000000";
  bad["webhook"] = "ftp://x";
  bad["tell"] = {"fault-raised", "fault-raised", "tea-time"};
  json none = {{"name", "Ingen"}, {"tell", {"fault-raised"}}};
  j["notices"] = {{"contacts", {bad, none}}};
  const auto errors = errors_of(j);
  EXPECT_TRUE(has_error(errors, "/notices/contacts/0/email", "is not an e-mail address"));
  EXPECT_TRUE(has_error(errors, "/notices/contacts/0/sip", "needs a sip: or sips: address"));
  EXPECT_TRUE(
      has_error(errors, "/notices/contacts/0/webhook", "is not an http:// or https:// URL"));
  EXPECT_TRUE(has_error(errors, "/notices/contacts/0/tell/1", "'fault-raised' is named twice"));
  EXPECT_TRUE(has_error(errors, "/notices/contacts/0/tell/2",
                        "expected a kind of notice (fault-raised, fault-cleared, "
                        "maintenance-announced, maintenance-started, maintenance-ended, "
                        "restarted-after-crash), found 'tea-time'"));
  EXPECT_TRUE(has_error(errors, "/notices/contacts/1", "give at least one of"));
  EXPECT_EQ(errors.size(), 6u) << join_errors(errors);
}

TEST(NoticeKinds, EachHasOneTextForm) {
  for (NoticeKind k : kNoticeKinds) EXPECT_EQ(notice_kind_from_string(to_string(k)), k);
  EXPECT_FALSE(notice_kind_from_string("Fault-raised"));
}

}  // namespace
}  // namespace samtel
