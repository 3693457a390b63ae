#include "samtel/samteld/store_follower.hpp"

#include <utility>

#include "samtel/config.hpp"
#include "samtel/file.hpp"

namespace samtel::fw {
namespace {

// The files as the sites' first versions: all of them, after all have loaded together.
tl::expected<void, std::vector<std::string>> bootstrap_sites(
    store::ScheduleStore& store, const std::vector<std::string>& files) {
  std::vector<std::string> errors;
  auto schedule = load_schedule(files);
  if (!schedule) {
    for (const ConfigError& e : schedule.error()) errors.push_back(e.to_string());
    return tl::unexpected(std::move(errors));
  }
  std::vector<std::string> texts;
  for (const std::string& file : files) {
    auto text = read_text_file(file);
    if (!text) return tl::unexpected(std::vector<std::string>{text.error()});
    texts.push_back(std::move(*text));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto v = store.initialise(texts[i], {"samteld", "--config"}, "from " + files[i], files[i]);
    if (!v) {
      errors.push_back(store.path() + ": " + files[i] + ": " + v.error().message);
      return tl::unexpected(std::move(errors));
    }
  }
  return {};
}

}  // namespace

StoreFollower::StoreFollower(store::ScheduleStore store, store::PublishedSchedule current,
                             std::unique_ptr<Clock> clock)
    : clock_(std::move(clock)), store_(std::move(store)), current_(std::move(current)) {
  data_version_ = store_.data_version();
}

tl::expected<std::unique_ptr<StoreFollower>, std::vector<std::string>> StoreFollower::open(
    const std::string& path, const std::vector<std::string>& bootstrap,
    std::vector<std::string>& notes) {
  auto clock = std::make_unique<SystemClock>();
  auto store = store::ScheduleStore::open(path, *clock);
  if (!store) return tl::unexpected(std::vector<std::string>{store.error().message});
  if (store->sites().empty()) {
    if (bootstrap.empty()) {
      return tl::unexpected(std::vector<std::string>{
          path +
          ": no site is published; give the site file(s) with --config once, or run "
          "samtel store init --store " +
          path + " --config FILE"});
    }
    if (auto done = bootstrap_sites(*store, bootstrap); !done) return tl::unexpected(done.error());
    notes.push_back("published " + std::to_string(bootstrap.size()) +
                    " site file(s) as the first version(s) in " + path);
  } else if (!bootstrap.empty()) {
    notes.push_back(path + " already has published sites; --config is not read (change the " +
                    "schedule through the admin service or samtel store)");
  }
  auto current = store::load_published(*store);
  if (!current) {
    std::vector<std::string> errors;
    for (std::string_view rest = current.error().message; !rest.empty();) {
      const auto nl = rest.find('\n');
      errors.emplace_back(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    }
    return tl::unexpected(std::move(errors));
  }
  return std::make_unique<StoreFollower>(std::move(*store), std::move(*current), std::move(clock));
}

tl::expected<bool, std::string> StoreFollower::poll() {
  const std::int64_t now = store_.data_version();
  if (now == data_version_) return false;
  data_version_ = now;
  auto next = store::load_published(store_);
  if (!next) return tl::unexpected(next.error().message);
  bool changed = next->versions.size() != current_.versions.size();
  for (std::size_t i = 0; !changed && i < next->versions.size(); ++i) {
    changed = next->versions[i].id != current_.versions[i].id;
  }
  if (changed) current_ = std::move(*next);
  return changed;
}

tl::expected<void, std::string> StoreFollower::reload() {
  data_version_ = store_.data_version();
  auto next = store::load_published(store_);
  if (!next) return tl::unexpected(next.error().message);
  current_ = std::move(*next);
  return {};
}

std::string StoreFollower::describe() const {
  std::string out;
  for (const store::VersionInfo& v : current_.versions) {
    if (!out.empty()) out += ", ";
    out += v.site + "@" + std::to_string(v.id);
  }
  return out;
}

}  // namespace samtel::fw
