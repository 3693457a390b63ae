// Sending a change: read the site's published version (the base), ask for a preview and show it,
// then publish with that base (unless --preview-only); a roster file goes the same way to the
// service's roster-import. And `rollback`, which publishes an earlier version's schedule again on
// the same base.
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
                                      {},
                                      {}});
}

// A refusal: a roster file's problems one a line as "FILE:LINE: message", or the service's
// message (with what to do about gaps).
int refused(Terminal& t, AdminCommand c, const AdminOptions& o, ClientFailure failure) {
  const Json* problems = failure.answer.is_object() && failure.answer.contains("problems") &&
                                 failure.answer["problems"].is_array()
                             ? &failure.answer["problems"]
                             : nullptr;
  if (problems != nullptr) {
    for (const Json& p : *problems) {
      const Json line = p.is_object() ? p.value("line", Json()) : Json();
      const bool numbered = line.is_number_unsigned() && line.get<std::size_t>() > 0;
      t.err << o.file << (numbered ? ":" + cell(line) : std::string()) << ": " << cell(p, "message")
            << '\n';
    }
    return fail(t, failure.exit_code,
                std::string(to_string(c)) + ": " + std::to_string(problems->size()) +
                    " problem(s) in " + o.file + "; nothing was imported");
  }
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

// Where a change command sends its change, and what: the bodies without "base" (the published
// version's) and, to publish, without "comment" and "confirm_gaps".
struct Sending {
  std::string preview_path, publish_path;
  Json preview, publish;
};

tl::expected<Sending, CommandError> sending(AdminCommand c, const AdminOptions& o) {
  const std::string site = site_path(o.site);
  if (c == AdminCommand::roster_import) {
    auto request = build_roster_import(o);
    if (!request) return tl::unexpected(std::move(request.error()));
    Sending out{site + "/roster-import", site + "/roster-import", *request, std::move(*request)};
    out.preview["publish"] = false;
    out.publish["publish"] = true;
    return out;
  }
  auto change = build_change(c, o);
  if (!change) return tl::unexpected(std::move(change.error()));
  return Sending{site + "/preview", site + "/changes", Json{{"change", *change}},
                 Json{{"change", *change}}};
}

// {"base": base, ...body}
Json on_base(const Json& base, const Json& body) {
  Json out{{"base", base}};
  out.update(body);
  return out;
}

int send_change(AdminCommand c, AdminClient& client, const AdminOptions& o, Terminal& t) {
  if (auto missing = require(c, "--site", o.site)) return fail(t, *missing);
  auto how = sending(c, o);
  if (!how) return fail(t, how.error());

  auto base = published_version(client, o.site);
  if (!base) return fail(t, base.error());
  auto preview = client.post(how->preview_path, on_base(*base, how->preview));
  if (!preview) return refused(t, c, o, preview.error());
  if (!o.json) print_preview(t, *preview);
  if (o.change.preview_only || c == AdminCommand::preview) {
    if (o.json) print_json(t, Json{{"preview", *preview}});
    return kExitOk;
  }

  Json request = on_base(*base, how->publish);
  request["comment"] = o.change.comment;
  if (o.change.confirm_gaps) request["confirm_gaps"] = true;
  auto published = client.post(how->publish_path, request);
  if (!published) return refused(t, c, o, published.error());
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
