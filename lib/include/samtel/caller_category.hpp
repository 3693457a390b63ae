#pragma once
// samtel/caller_category.hpp — what kind of place a call comes from, for the statistics the
// cooperation agreements ask for: a legevakt, a nursing home, a GP's office, a hospital, another
// known number, or a number the site's caller directory does not know.
//
// Promises:
//  * Every value has one text form (`to_string`), the one written in the site configuration, the
//    call log's `caller_category` column and JSON; `caller_category_from_string` is its exact
//    inverse and returns nullopt for any other text. The text forms never change.
//  * `kAllCallerCategories` lists every value, in the order reports show them.
//
//   auto c = caller_category_from_string("nursing-home");  // CallerCategory::nursing_home
//   std::cout << to_string(CallerCategory::gp_office);     // "gp-office"
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace samtel {

enum class CallerCategory : std::uint8_t {
  legevakt,      // the municipality's out-of-hours emergency clinic
  nursing_home,  // a nursing home (sykehjem)
  gp_office,     // a general practitioner's office (fastlegekontor)
  hospital,      // another hospital
  other,         // a known number of another kind
  unknown,       // a number the directory does not know (or none given)
};
inline constexpr std::array<CallerCategory, 6> kAllCallerCategories{
    CallerCategory::legevakt, CallerCategory::nursing_home, CallerCategory::gp_office,
    CallerCategory::hospital, CallerCategory::other,        CallerCategory::unknown};

std::string_view to_string(CallerCategory c);
std::optional<CallerCategory> caller_category_from_string(std::string_view s);

}  // namespace samtel
