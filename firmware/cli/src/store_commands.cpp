// samtel's store commands: the schedule store's versions, its audit trail and its backups
// (docs/store.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <system_error>

#include "commands.hpp"
#include "samtel/config.hpp"
#include "samtel/file.hpp"
#include "samtel/output.hpp"
#include "samtel/text.hpp"
#include "store_access.hpp"

namespace samtel::cli {
namespace {

using fw::store::AuditAction;
using fw::store::ScheduleStore;
using fw::store::Version;
using fw::store::VersionId;
using fw::store::VersionInfo;

std::string read_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) throw InvalidInput{text.error()};
  return std::move(*text);
}

// Writes `text` to `path` whole or not at all: a temporary file beside it, renamed over it.
void write_file(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(partial, ec);
      throw InvalidInput{path + ": cannot write the file"};
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw InvalidInput{path + ": cannot write the file: " + ec.message()};
  }
}

// The site a command means: the one given, or the store's only site.
std::string pick_site(const ScheduleStore& store, const std::optional<std::string>& given) {
  if (given) {
    if (given->empty()) throw InvalidInput{"--site: empty site id; give one or leave it out"};
    return *given;
  }
  const auto sites = store.sites();
  if (sites.empty()) throw StoreFailure{store.path() + " holds no site yet"};
  if (sites.size() > 1) {
    std::string list;
    for (const std::string& s : sites) list += (list.empty() ? "" : ", ") + s;
    throw InvalidInput{store.path() + " holds several sites (" + list + "); name one with --site"};
  }
  return sites.front();
}

int cmd_init(const std::string& path, const std::vector<std::string>& configs,
             const std::optional<std::string>& comment) {
  // Every file is checked, alone and together, before the store is touched.
  if (auto schedule = load_schedule_for_command_line(configs); !schedule) {
    throw InvalidInput{schedule.error()};
  }
  ScheduleStore store = open_store(path, true);
  const auto present = store.sites();
  std::vector<std::pair<std::string, std::string>> files;  // path, text
  for (const std::string& config : configs) {
    std::string text = read_file(config);
    const std::string id = parse_site(text, config).value().id;
    for (const std::string& s : present) {
      if (s == id) {
        throw StoreFailure{"site " + quote_value(id) + " (" + config + ") is in " + path +
                           " already; nothing was added"};
      }
    }
    files.emplace_back(config, std::move(text));
  }
  const fw::store::Actor actor = console_actor();
  for (const auto& [config, text] : files) {
    auto id = store.initialise(text, actor, comment.value_or("initialised from " + config), config);
    if (!id) fail(id.error());
    const Version v = store.version(*id).value();
    std::cout << v.site << ": version " << v.id << " published (from " << config << ")\n";
  }
  return kOk;
}

int cmd_export(const std::string& path, const std::optional<std::string>& site,
               const std::optional<VersionId>& version, const std::optional<std::string>& out) {
  const ScheduleStore store = open_store(path, false);
  tl::expected<Version, fw::store::StoreError> v;
  if (version) {
    v = store.version(*version);
    if (v && site && v->site != *site) {
      throw StoreFailure{"version " + std::to_string(*version) + " is a version of site " +
                         quote_value(v->site) + ", not of " + quote_value(*site)};
    }
  } else {
    v = store.published(pick_site(store, site));
  }
  if (!v) fail(v.error());
  if (!out) {
    std::cout << v->content;
    return kOk;
  }
  write_file(*out, v->content);
  std::cout << "version " << v->id << " of site " << v->site << " written to " << *out << "\n";
  return kOk;
}

int cmd_versions(const std::string& path, const std::optional<std::string>& site) {
  const ScheduleStore store = open_store(path, false);
  std::vector<std::string> sites;
  if (site)
    sites.push_back(pick_site(store, site));
  else
    sites = store.sites();
  if (sites.empty()) std::cout << path << " holds no site yet\n";
  for (const std::string& s : sites) {
    auto published = store.published(s);
    if (!published) fail(published.error());
    std::vector<std::vector<std::string>> rows{
        {"version", "parent", "created (UTC)", "author", "comment"}};
    std::optional<VersionId> before;
    for (;;) {
      const std::vector<VersionInfo> page = store.versions(s, 100, before);
      for (const VersionInfo& v : page) {
        rows.push_back({std::to_string(v.id) + (v.id == published->id ? " *" : ""),
                        v.parent ? std::to_string(*v.parent) : "-", format_utc(v.created), v.author,
                        escape_control_characters(v.comment)});
      }
      if (page.size() < 100) break;
      before = page.back().id;
    }
    std::cout << "Site " << s << " (* published)\n" << render_table(rows, TableStyle::one_rule);
  }
  return kOk;
}

int cmd_verify(const std::string& path) {
  const ScheduleStore store = open_store(path, false);
  const fw::store::VerifyReport report = store.verify();
  if (report.ok()) {
    std::cout << "OK: " << report.entries << " audit entries and " << report.versions
              << " versions verified\n";
    return kOk;
  }
  for (const std::string& p : report.problems) std::cout << p << "\n";
  std::cout << "DAMAGED: " << report.problems.size() << " problem(s)";
  if (report.first_bad_seq)
    std::cout << "; the first bad audit entry is seq " << *report.first_bad_seq;
  std::cout << "\n";
  return kStoreError;
}

int cmd_backup(const std::string& path, const std::string& to) {
  const ScheduleStore store = open_store(path, false);
  if (auto r = store.backup(to); !r) fail(r.error());
  std::cout << path << " backed up to " << to << "\n";
  return kOk;
}

int cmd_restore(const std::string& path, const std::string& backup) {
  if (auto r = fw::store::restore_backup(backup, path); !r) fail(r.error());
  ScheduleStore store = open_store(path, false);
  auto seq = store.append_audit(console_actor(), AuditAction::backup_restored, {{"backup", backup}},
                                "restored from " + backup);
  if (!seq) fail(seq.error());
  std::cout << path << " restored from " << backup << " (" << store.sites().size() << " site(s), "
            << *seq << " audit entries with this one)\n";
  return kOk;
}

int cmd_rollback(const std::string& path, const std::optional<std::string>& site, VersionId version,
                 const std::optional<std::string>& comment) {
  ScheduleStore store = open_store(path, false);
  const std::string s = pick_site(store, site);
  auto now = store.published(s);
  if (!now) fail(now.error());
  auto id = store.restore(s, version, now->id, console_actor(), comment.value_or(""));
  if (!id) fail(id.error());
  std::cout << s << ": version " << *id << " published, with the content of version " << version
            << "\n";
  return kOk;
}

// What the store commands were given.
struct StoreArgs {
  std::string store;
  std::vector<std::string> configs;
  std::string comment, site, out, file;
  VersionId version = 0;
};

}  // namespace

Dispatch add_store_commands(CLI::App& app) {
  auto a = std::make_shared<StoreArgs>();
  auto* group = app.add_subcommand("store", "the schedule store: versions, audit trail, backups");
  group->require_subcommand(1);
  const auto add_store = [&](CLI::App* sub) {
    sub->add_option("--store", a->store, "the schedule store (schedule.db)")->required();
  };

  auto* init = group->add_subcommand("init", "put sites' first versions into a store");
  add_store(init);
  init->add_option("--config", a->configs, "site configuration file (JSON); repeat for several")
      ->required();
  auto* init_comment = init->add_option("--comment", a->comment, "why (default: the file)");

  auto* exp = group->add_subcommand("export", "write out a version's site file");
  add_store(exp);
  auto* exp_site = exp->add_option("--site", a->site, "site id (default: the only site)");
  auto* exp_version =
      exp->add_option("--version", a->version, "version number (default: the published one)");
  auto* exp_out = exp->add_option("-o,--output", a->out, "file to write (default: stdout)");

  auto* versions = group->add_subcommand("versions", "list a store's versions, newest first");
  add_store(versions);
  auto* versions_site = versions->add_option("--site", a->site, "site id (default: every site)");

  auto* verify = group->add_subcommand("verify", "check the audit trail's chain and the versions");
  add_store(verify);

  auto* backup = group->add_subcommand("backup", "copy a store to a new file while it is in use");
  add_store(backup);
  backup->add_option("OUT", a->file, "the backup file to write (not overwritten)")->required();

  auto* restore = group->add_subcommand("restore", "replace a store with a backup's content");
  add_store(restore);
  restore->add_option("BACKUP", a->file, "a file 'samtel store backup' wrote")->required();

  auto* rollback = group->add_subcommand("rollback", "publish an earlier version's content again");
  add_store(rollback);
  auto* rollback_site = rollback->add_option("--site", a->site, "site id (default: the only site)");
  rollback->add_option("--version", a->version, "the earlier version")->required();
  auto* rollback_comment = rollback->add_option("--comment", a->comment, "why");

  const auto given = [](const CLI::Option* o, const std::string& v) {
    return o->count() > 0 ? std::optional<std::string>(v) : std::nullopt;
  };
  return [=]() -> std::optional<int> {
    if (!*group) return std::nullopt;
    if (*init) return cmd_init(a->store, a->configs, given(init_comment, a->comment));
    if (*exp) {
      return cmd_export(a->store, given(exp_site, a->site),
                        exp_version->count() > 0 ? std::optional(a->version) : std::nullopt,
                        given(exp_out, a->out));
    }
    if (*versions) return cmd_versions(a->store, given(versions_site, a->site));
    if (*verify) return cmd_verify(a->store);
    if (*backup) return cmd_backup(a->store, a->file);
    if (*restore) return cmd_restore(a->store, a->file);
    if (*rollback) {
      return cmd_rollback(a->store, given(rollback_site, a->site), a->version,
                          given(rollback_comment, a->comment));
    }
    return std::nullopt;
  };
}

}  // namespace samtel::cli
