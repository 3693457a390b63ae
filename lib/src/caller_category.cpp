#include "samtel/caller_category.hpp"

namespace samtel {

std::string_view to_string(CallerCategory c) {
  switch (c) {
    case CallerCategory::legevakt: return "legevakt";
    case CallerCategory::nursing_home: return "nursing-home";
    case CallerCategory::gp_office: return "gp-office";
    case CallerCategory::hospital: return "hospital";
    case CallerCategory::other: return "other";
    case CallerCategory::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<CallerCategory> caller_category_from_string(std::string_view s) {
  for (CallerCategory c : kAllCallerCategories) {
    if (to_string(c) == s) return c;
  }
  return std::nullopt;
}

}  // namespace samtel
