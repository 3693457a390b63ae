// `samtel admin deviations list|review`: deviation candidates for a person to review, and the
// decision on one (docs/admin.md, "Deviations").
#include <ostream>
#include <utility>

#include "command_support.hpp"
#include "samtel/output.hpp"
#include "samtel/store/deviation_review.hpp"

namespace samtel::fw::admin {
namespace {

using store::ReviewDecision;

// "filed AVV-2026-881 (kari 2026-12-02T12:00:00Z)", or "open".
std::string status_text(const Json& d) {
  const auto review = d.find("review");
  if (review == d.end() || !review->is_object()) return cell(d, "status");
  const auto decision =
      store::review_decision_from_string(cell(*review, "decision")).value_or(ReviewDecision::filed);
  return cell(*review, "decision") + " " +
         cell(*review, std::string(store::note_name(decision)).c_str()) + " (" +
         cell(*review, "by") + " " + cell(*review, "at") + ")";
}

std::string call_ids(const Json& d) {
  std::string out;
  const auto calls = d.find("calls");
  if (calls == d.end() || !calls->is_array()) return "-";
  for (const Json& c : *calls) out += (out.empty() ? "" : ",") + cell(c, "id");
  return out.empty() ? "-" : out;
}

int list(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::deviations_list;
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  if (auto missing = require(c, "--from", o.from)) return fail(t, *missing);
  if (auto missing = require(c, "--to", o.to)) return fail(t, *missing);
  auto answer = client.get(site_path(o.site) + "/deviations" +
                           query({{"from", o.from}, {"to", o.to}, {"status", o.deviation.status}}));
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"start", "category", "severity", "calls", "status", "key", "description"}};
  const auto found = answer->find("deviations");
  if (found != answer->end() && found->is_array()) {
    for (const Json& d : *found) {
      rows.push_back({cell(d, "start"), cell(d, "category"), cell(d, "severity"), call_ids(d),
                      status_text(d), cell(d, "key"), cell(d, "description")});
    }
  }
  t.out << render_table(rows, TableStyle::one_rule);
  return kExitOk;
}

int review(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::deviations_review;
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  if (auto missing = require(c, "--key", o.deviation.key)) return fail(t, *missing);
  const std::pair<ReviewDecision, const std::string*> given[] = {
      {ReviewDecision::filed, &o.deviation.filed},
      {ReviewDecision::dismissed, &o.deviation.dismissed},
      {ReviewDecision::explained, &o.deviation.explained}};
  std::optional<std::pair<ReviewDecision, std::string>> decision;
  int count = 0;
  for (const auto& [d, text] : given) {
    if (text->empty()) continue;
    ++count;
    decision.emplace(d, *text);
  }
  if (count != 1) {
    return fail(t, kExitUsage,
                "deviations review: give one of --filed REFERENCE, --dismissed REASON or "
                "--explained TEXT");
  }
  const Json body = {{"decision", std::string(to_string(decision->first))},
                     {std::string(store::note_name(decision->first)), decision->second}};
  auto answer = client.put(
      site_path(o.site) + "/deviations/" + encode_component(o.deviation.key) + "/review", body);
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
    return kExitOk;
  }
  t.out << o.deviation.key << ": " << to_string(decision->first) << " " << decision->second << '\n';
  return kExitOk;
}

}  // namespace

int run_deviation_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  switch (c) {
    case AdminCommand::deviations_list: return list(client, o, t);
    case AdminCommand::deviations_review: return review(client, o, t);
    default: return fail(t, kExitUsage, std::string(to_string(c)) + ": not a deviation command");
  }
}

}  // namespace samtel::fw::admin
