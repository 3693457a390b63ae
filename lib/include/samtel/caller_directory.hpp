#pragma once
// samtel/caller_directory.hpp — a site's directory of known callers (its configuration's
// `callers` section): numbers and number prefixes, each with a category and a municipality, and
// the lookup that decides them for a caller's number when a call arrives.
//
// Promises:
//  * `national_number()` is the one normalisation of phone numbers the unit uses, for dialled
//    numbers and callers alike: a leading "+47" or "0047" is removed ("+4773001234",
//    "004773001234" and "73001234" are the same number); anything else is kept as it is.
//  * `classify_caller()` compares normalised numbers: an exact number beats every prefix, and
//    among prefixes the longest that matches wins. A number no entry matches (or an empty one)
//    is `CallerCategory::unknown` with an empty municipality.
//  * Entries are normalised when the directory is built (`CallerDirectory::add`), which refuses a
//    second entry for the same number or the same prefix; the configuration loader reports that.
//  * `keep_last_digits()` masks a number as the unit's default caller policy does.
//  * Pure and cheap: a lookup costs one map search per digit of the number.
//
//   CallerDirectory d;
//   d.add({"+477355", true, CallerCategory::nursing_home, "Trondheim", ""});
//   classify_caller(d, "004773551234").municipality;  // "Trondheim"
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "samtel/caller_category.hpp"

namespace samtel {

std::string national_number(std::string_view number);

// The number with all but its last `digits` characters replaced by '*' ("********01"); all of
// it masked when it is no longer than that. The unit's default caller policy, and the
// simulator's.
std::string keep_last_digits(std::string_view number, std::size_t digits);

struct CallerEntry {
  std::string number;  // as written in the configuration; a whole number or a prefix
  bool prefix = false;
  CallerCategory category = CallerCategory::other;
  std::string municipality;  // "Trondheim"
  std::string name;          // optional: "Trondheim legevakt"
};

// What the directory says of one caller.
struct CallerClass {
  CallerCategory category = CallerCategory::unknown;
  std::string municipality;  // empty when unknown
};

class CallerDirectory {
 public:
  // Adds an entry; false (and nothing added) when its number or prefix, normalised, is empty or
  // already has an entry of the same kind.
  bool add(CallerEntry entry);
  bool empty() const { return exact_.empty() && prefixes_.empty(); }
  std::size_t size() const { return exact_.size() + prefixes_.size(); }
  // The entry for `number` (normalised inside), nullptr when none matches.
  const CallerEntry* find(std::string_view number) const;
  // Every entry: the numbers, then the prefixes, each in the order of their digits.
  std::vector<const CallerEntry*> entries() const;

 private:
  std::map<std::string, CallerEntry, std::less<>> exact_, prefixes_;  // by normalised digits
};

CallerClass classify_caller(const CallerDirectory& directory, std::string_view number);

}  // namespace samtel
