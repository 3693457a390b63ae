// `samtel admin who|route|sites|versions|export|audit|calls`: reading from the service, printed as
// tables for people (render_table, as `samtel who`) or as the service's JSON.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>

#include "command_support.hpp"
#include "samtel/output.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const Json& list(const Json& answer, const char* key) {
  static const Json empty = Json::array();
  if (!answer.is_object()) return empty;
  const auto it = answer.find(key);
  return it != answer.end() && it->is_array() ? *it : empty;
}

// "2026-12-16T09:00:00+01:00" as "2026-12-16T09:00" (a table's width); other values as cells.
std::string minutes(const Json& object, const char* key) {
  std::string text = cell(object, key);
  return text.size() > 16 && text[10] == 'T' ? text.substr(0, 16) : text;
}

void print_table(Terminal& t, const Rows& rows) {
  t.out << render_table(rows, TableStyle::one_rule);
}

int who(AdminClient& client, const AdminOptions& o, Terminal& t) {
  auto answer = client.get("/api/v1/who" + query({{"at", o.at}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  Rows rows{{"line", "desk", "state", "role", "on duty", "address", "until"}};
  for (const Json& desk : list(*answer, "desks")) {
    const bool open = desk.value("open", false);
    const std::string state =
        open ? (desk.value("coverage_gap", false) ? "open, GAP" : "open") : "closed";
    const Json& roles = list(desk, "roles");
    if (roles.empty())
      rows.push_back({cell(desk, "line"), cell(desk, "desk"), state, "-", "-", "-", "-"});
    for (std::size_t r = 0; r < roles.size(); ++r) {
      rows.push_back({r == 0 ? cell(desk, "line") : "", r == 0 ? cell(desk, "desk") : "",
                      r == 0 ? state : "", cell(roles[r], "role"), cell(roles[r], "name"),
                      cell(roles[r], "address"), minutes(roles[r], "until")});
    }
  }
  t.out << "On duty at " << cell(*answer, "instant") << '\n';
  print_table(t, rows);
  return kExitOk;
}

int route(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::route;
  for (const auto& missing : {require(c, "--line", o.line), require(c, "--at", o.at)}) {
    if (missing) return fail(t, *missing);
  }
  auto answer =
      client.get("/api/v1/route" + query({{"line", o.line}, {"at", o.at}, {"desk", o.desk}}));
  if (!answer) return fail(t, answer.error());
  const Json& plan = *answer;
  if (o.json) {
    print_json(t, plan);
    return kExitOk;
  }
  const bool open = plan.value("open", false);
  t.out << "line " << cell(plan, "line") << ", desk " << cell(plan, "desk") << " (site "
        << cell(plan, "site") << ")\n"
        << "at " << cell(plan, "instant") << " (" << cell(plan, "instant_utc") << ")\n"
        << (open ? "OPEN" : "CLOSED")
        << (plan.value("coverage_gap", false) ? " - COVERAGE GAP" : "") << '\n';
  int n = 1;
  for (const Json& a : list(plan, "attempts")) {
    t.out << "  " << n++ << ". " << cell(a, "role_name") << ": " << cell(a, "name") << " <"
          << cell(a, "address") << "> ring " << cell(a, "ring_seconds") << " s\n";
  }
  if (plan.contains("fallback") && plan["fallback"].is_object()) {
    const Json& f = plan["fallback"];
    t.out << "  " << (open ? "then" : "->") << " fallback: " << cell(f, "name") << " <"
          << cell(f, "address") << ">\n";
    if (!open && f.value("message", std::string()) != "")
      t.out << "  message: " << cell(f, "message") << '\n';
  }
  t.out << cell(plan, "reason") << '\n';
  return kExitOk;
}

int sites(AdminClient& client, const AdminOptions& o, Terminal& t) {
  auto answer = client.get("/api/v1/sites");
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  Rows rows{{"site", "name", "version", "line", "line name", "desks"}};
  for (const Json& site : list(*answer, "sites")) {
    const Json& lines = list(site, "lines");
    if (lines.empty())
      rows.push_back({cell(site, "id"), cell(site, "name"), cell(site, "version"), "-", "-", "-"});
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string desks;
      for (const Json& d : list(lines[i], "desks")) desks += (desks.empty() ? "" : ", ") + cell(d);
      rows.push_back({i == 0 ? cell(site, "id") : "", i == 0 ? cell(site, "name") : "",
                      i == 0 ? cell(site, "version") : "", cell(lines[i], "number"),
                      cell(lines[i], "name"), desks});
    }
  }
  print_table(t, rows);
  return kExitOk;
}

int versions(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::versions;
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  if (!o.limit.empty()) {
    if (auto n = parse_number(c, "--limit", o.limit); !n) return fail(t, n.error());
  }
  auto answer = client.get(site_path(o.site) + "/versions" + query({{"limit", o.limit}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  Rows rows{{"version", "parent", "created", "author", "published", "comment"}};
  for (const Json& v : list(*answer, "versions")) {
    rows.push_back({cell(v, "id"), cell(v, "parent"), minutes(v, "created"), cell(v, "author"),
                    v.value("published", false) ? "published" : "", cell(v, "comment")});
  }
  t.out << "Versions of site " << escape_control_characters(o.site) << ", newest first\n";
  print_table(t, rows);
  return kExitOk;
}

int export_site(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::export_site;
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  if (!o.version.empty()) {
    if (auto n = parse_number(c, "--version", o.version); !n) return fail(t, n.error());
  }
  auto answer = o.version.empty() ? client.get(site_path(o.site) + "/schedule")
                                  : client.get("/api/v1/versions/" + o.version);
  if (!answer) return fail(t, answer.error());
  const Json& info =
      answer->is_object() && answer->contains("version") ? (*answer)["version"] : Json();
  if (!answer->is_object() || !answer->contains("content") || !(*answer)["content"].is_object()) {
    return fail(t, kExitUnavailable, "export: the service's answer holds no site document");
  }
  if (info.is_object() && info.contains("site") && info["site"] != o.site) {
    return fail(t, kExitInvalid,
                "export: version " + o.version + " is of site " + quote_value(cell(info, "site")) +
                    ", not " + quote_value(o.site));
  }
  const std::string text = (*answer)["content"].dump(2) + "\n";
  if (o.output.empty()) {
    t.out << text;
    return kExitOk;
  }
  std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
  if (!(file << text) || !file.flush()) {
    return fail(t, kExitInvalid,
                "export: cannot write " + quote_value(o.output) + ": " + std::strerror(errno));
  }
  t.err << "version " << cell(info, "id") << " of site " << escape_control_characters(o.site)
        << " written to " << escape_control_characters(o.output) << '\n';
  return kExitOk;
}

int audit(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::audit;
  for (const auto& [option, text] : {std::pair{"--after", &o.after}, {"--limit", &o.limit}}) {
    if (text->empty()) continue;
    if (auto n = parse_number(c, option, *text); !n) return fail(t, n.error());
  }
  auto answer = client.get("/api/v1/audit" + query({{"after", o.after}, {"limit", o.limit}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  Rows rows{{"seq", "at", "user", "action", "site", "versions", "comment"}};
  for (const Json& e : list(*answer, "entries")) {
    std::string versions;
    if (e.contains("version_to") && !e["version_to"].is_null())
      versions = cell(e, "version_from") + " -> " + cell(e, "version_to");
    rows.push_back(
        {cell(e, "seq"), minutes(e, "at"), cell(e, "user"),
         cell(e, "action") + (e.value("confirmed_gaps", false) ? " (gaps confirmed)" : ""),
         cell(e, "site"), versions.empty() ? "-" : versions, cell(e, "comment")});
  }
  print_table(t, rows);
  return kExitOk;
}

int calls(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::calls;
  for (const auto& missing : {require(c, "--from", o.from), require(c, "--to", o.to)}) {
    if (missing) return fail(t, *missing);
  }
  if (!o.limit.empty()) {
    if (auto n = parse_number(c, "--limit", o.limit); !n) return fail(t, n.error());
  }
  auto answer =
      client.get("/api/v1/calls" +
                 query({{"from", o.from}, {"to", o.to}, {"after", o.after}, {"limit", o.limit}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  Rows rows{{"arrived (UTC)", "line", "desk", "caller", "outcome", "answered by", "wait ms"}};
  for (const Json& call : list(*answer, "calls")) {
    rows.push_back({minutes(call, "arrived_utc"), cell(call, "line"), cell(call, "desk"),
                    cell(call, "caller"), cell(call, "outcome"), cell(call, "answered_person"),
                    cell(call, "wait_ms")});
  }
  print_table(t, rows);
  if (answer->contains("next") && !(*answer)["next"].is_null()) {
    t.out << "more: add --after " << cell(*answer, "next") << '\n';
  }
  return kExitOk;
}

}  // namespace

int run_read_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  switch (c) {
    case AdminCommand::who: return who(client, o, t);
    case AdminCommand::route: return route(client, o, t);
    case AdminCommand::sites: return sites(client, o, t);
    case AdminCommand::versions: return versions(client, o, t);
    case AdminCommand::export_site: return export_site(client, o, t);
    case AdminCommand::audit: return audit(client, o, t);
    case AdminCommand::calls: return calls(client, o, t);
    default: return fail(t, kExitUsage, std::string(to_string(c)) + ": not a reading command");
  }
}

}  // namespace samtel::fw::admin
