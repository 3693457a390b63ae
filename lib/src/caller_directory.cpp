#include "samtel/caller_directory.hpp"

namespace samtel {

std::string national_number(std::string_view number) {
  for (std::string_view country : {"+47", "0047"}) {
    if (number.substr(0, country.size()) == country)
      return std::string(number.substr(country.size()));
  }
  return std::string(number);
}

std::string keep_last_digits(std::string_view number, std::size_t digits) {
  if (number.size() <= digits) return std::string(number.size(), '*');
  return std::string(number.size() - digits, '*') +
         std::string(number.substr(number.size() - digits));
}

std::vector<const CallerEntry*> CallerDirectory::entries() const {
  std::vector<const CallerEntry*> out;
  for (const auto* m : {&exact_, &prefixes_}) {
    for (const auto& [key, entry] : *m) out.push_back(&entry);
  }
  return out;
}

bool CallerDirectory::add(CallerEntry entry) {
  std::string key = national_number(entry.number);
  if (key.empty()) return false;
  auto& into = entry.prefix ? prefixes_ : exact_;
  return into.emplace(std::move(key), std::move(entry)).second;
}

const CallerEntry* CallerDirectory::find(std::string_view number) const {
  const std::string n = national_number(number);
  if (n.empty()) return nullptr;
  if (const auto it = exact_.find(n); it != exact_.end()) return &it->second;
  for (std::size_t len = n.size(); len > 0; --len) {
    if (const auto it = prefixes_.find(std::string_view(n).substr(0, len)); it != prefixes_.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

CallerClass classify_caller(const CallerDirectory& directory, std::string_view number) {
  const CallerEntry* e = directory.find(number);
  if (e == nullptr) return {};
  return {e->category, e->municipality};
}

}  // namespace samtel
