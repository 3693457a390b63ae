// Sending a change: read the site's published version (the base), ask for a preview and show it,
// then publish with that base (unless --preview-only); and `rollback`, which publishes an earlier
// version's schedule again on the same base.
#include <ostream>

#include "command_support.hpp"
#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// The published version's id from GET /sites/{site}/schedule, as the service wrote it.
tl::expected<Json, ClientFailure> published_version(AdminClient& client, const std::string& site) {
  auto schedule = client.get(site_path(site) + "/schedule");
  if (!schedule) return tl::unexpected(schedule.error());
  if (schedule->is_object() && schedule->contains("version") &&
      (*schedule)["version"].is_object() && (*schedule)["version"].contains("id") &&
      !(*schedule)["version"]["id"].is_null()) {
    return (*schedule)["version"]["id"];
  }
  return tl::unexpected(ClientFailure{kExitUnavailable,
                                      "the service's answer for site " + quote_value(site) +
                                          "'s schedule names no published version",
                                      0,
                                      {}});
}

// The failure of publishing, with what to do about gaps.
int publish_failed(Terminal& t, ClientFailure failure) {
  if (failure.status == 409 && failure.pointer == "/confirm_gaps") {
    failure.message += "; give --confirm-gaps to publish it with them";
  }
  return fail(t, failure);
}

void print_preview(Terminal& t, const Json& preview) {
  t.out << cell(preview, "summary") << '\n';
  std::string text =
      preview.is_object() && preview.contains("preview_text") && preview["preview_text"].is_string()
          ? preview["preview_text"].get<std::string>()
          : std::string();
  if (!text.empty() && text.back() != '\n') text += '\n';
  t.out << text;
}

int send_change(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  auto change = build_change(c, o);
  if (!change) return fail(t, change.error());

  auto base = published_version(client, o.site);
  if (!base) return fail(t, base.error());
  auto preview =
      client.post(site_path(o.site) + "/preview", Json{{"base", *base}, {"change", *change}});
  if (!preview) return fail(t, preview.error());
  if (!o.json) print_preview(t, *preview);
  if (o.change.preview_only || c == AdminCommand::preview) {
    if (o.json) print_json(t, Json{{"preview", *preview}});
    return kExitOk;
  }

  Json request{{"base", *base}, {"change", *change}, {"comment", o.change.comment}};
  if (o.change.confirm_gaps) request["confirm_gaps"] = true;
  auto published = client.post(site_path(o.site) + "/changes", request);
  if (!published) return publish_failed(t, published.error());
  if (o.json) {
    print_json(t, Json{{"preview", *preview}, {"publish", *published}});
  } else {
    t.out << "published version " << cell(*published, "version") << '\n';
  }
  return kExitOk;
}

int rollback(AdminClient& client, const AdminOptions& o, Terminal& t) {
  const AdminCommand c = AdminCommand::rollback;
  for (const auto& missing : {require(c, "--site", o.site), require(c, "--version", o.version)}) {
    if (missing) return fail(t, *missing);
  }
  auto version = parse_number(c, "--version", o.version);
  if (!version) return fail(t, version.error());
  auto base = published_version(client, o.site);
  if (!base) return fail(t, base.error());
  auto answer =
      client.post(site_path(o.site) + "/rollback",
                  Json{{"base", *base}, {"version", *version}, {"comment", o.change.comment}});
  if (!answer) return fail(t, answer.error());
  if (o.json) {
    print_json(t, *answer);
  } else {
    t.out << "published version " << cell(*answer, "version") << " (the schedule of version "
          << *version << ")\n";
  }
  return kExitOk;
}

}  // namespace

int run_change_command(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  if (c == AdminCommand::rollback) return rollback(client, o, t);
  return send_change(c, client, o, t);
}

}  // namespace samtel::fw::admin
