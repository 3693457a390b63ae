// `samtel admin feed add|list|revoke`: duty calendars at secret URLs (docs/admin.md, "Duty
// calendars").
#include <ostream>

#include "command_support.hpp"
#include "samtel/output.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// "person vik", "desk gastro on 73553888".
std::string subject(const Json& feed) {
  if (feed.contains("desk")) return "desk " + cell(feed, "desk") + " on " + cell(feed, "line");
  return "person " + cell(feed, "person");
}

int add(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::feed_add;
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  if (o.person.empty() == o.desk.empty()) {
    return fail(t, kExitUsage, "feed add: give --person or --desk (one of them)");
  }
  if (!o.line.empty() && o.desk.empty()) {
    return fail(t, kExitUsage, "feed add: --line goes with --desk");
  }
  Json body = {{"site", o.site}};
  if (!o.person.empty()) body["person"] = o.person;
  if (!o.desk.empty()) body["desk"] = o.desk;
  if (!o.line.empty()) body["line"] = o.line;
  auto answer = client.post("/api/v1/feeds", body);
  if (!answer) return fail(t, answer.error());
  const auto path = answer->find("url");
  const auto base = parse_base_url(o.url);
  if (path == answer->end() || !path->is_string() || !base) {
    return fail(t, kExitUnavailable, "feed add: the service's answer holds no URL");
  }
  // Only the URL on standard output, for a script to pass on; what it is goes to the error.
  t.out << base->to_string() << path->get<std::string>() << '\n';
  t.err << "calendar feed " << cell(*answer, "id") << ": " << subject(*answer) << " at "
        << cell(*answer, "site")
        << "; the URL is shown only now, and whoever holds it can read and revoke the calendar\n";
  return kExitOk;
}

int list(AdminClient& client, const AdminOptions& o, Terminal& t) {
  auto answer = client.get("/api/v1/feeds" + query({{"site", o.site}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"id", "site", "shows", "created", "by", "last fetched", "revoked"}};
  const auto feeds = answer->find("feeds");
  if (feeds != answer->end() && feeds->is_array()) {
    for (const Json& f : *feeds) {
      const std::string revoked = f.contains("revoked") && !f["revoked"].is_null()
                                      ? cell(f, "revoked") + " by " + cell(f, "revoked_by")
                                      : "-";
      rows.push_back({cell(f, "id"), cell(f, "site"), subject(f), cell(f, "created"),
                      cell(f, "created_by"), cell(f, "last_fetched"), revoked});
    }
  }
  t.out << render_table(rows, TableStyle::one_rule);
  return kExitOk;
}

int revoke(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::feed_revoke;
  if (auto missing = require(c, "the feed's id", o.feed)) return fail(t, *missing);
  auto id = parse_number(c, "the feed's id", o.feed);
  if (!id) return fail(t, id.error());
  auto answer = client.remove("/api/v1/feeds/" + std::to_string(*id));
  if (!answer) return fail(t, answer.error());
  t.out << "calendar feed " << *id << " revoked: its URL opens nothing from now on\n";
  return kExitOk;
}

}  // namespace

int run_feed_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  switch (c) {
    case AdminCommand::feed_add: return add(client, o, t);
    case AdminCommand::feed_list: return list(client, o, t);
    case AdminCommand::feed_revoke: return revoke(client, o, t);
    default:
      return fail(t, kExitUsage, std::string(to_string(c)) + ": not a calendar feed command");
  }
}

}  // namespace samtel::fw::admin
