#include "samtel/describe.hpp"

namespace samtel {

std::string_view to_string(LineState s) {
  switch (s) {
    case LineState::open: return "open";
    case LineState::closed: return "closed";
    case LineState::gap: return "gap";
  }
  return "closed";
}

LineState state_of(const RoutePlan& plan) {
  if (!plan.open) return LineState::closed;
  return plan.coverage_gap ? LineState::gap : LineState::open;
}

std::string day_text(const RoutePlan& p) {
  if (p.special_day) {
    std::string s = "special: " + std::string(*p.special_day);
    s += p.hours_type == DayType::special ? " (own hours)"
                                          : " (" + std::string(to_string(p.hours_type)) + " hours)";
    return s;
  }
  if (p.holiday) return "holiday: " + std::string(*p.holiday);
  return std::string(to_string(p.day_type));
}

std::string attempt_text(const Attempt& a) {
  std::string s = a.role_info->name + ": " + a.person->name + " <" + std::string(a.address) + "> " +
                  std::to_string(a.ring_timeout.count()) + " s";
  if (a.source != DutySource::pattern) s += " [" + std::string(to_string(a.source)) + "]";
  return s;
}

std::string first_text(const RoutePlan& p) {
  return p.attempts.empty() ? std::string() : attempt_text(p.attempts[0]);
}

std::string backup_text(const RoutePlan& p) {
  return p.attempts.size() < 2 ? std::string() : attempt_text(p.attempts[1]);
}

std::string others_text(const RoutePlan& p) {
  std::string s;
  for (std::size_t i = 2; i < p.attempts.size(); ++i) {
    s += (s.empty() ? "" : "; ") + attempt_text(p.attempts[i]);
  }
  return s;
}

std::string fallback_text(const Fallback& f) { return f.name + " <" + f.address + ">"; }

bool equivalent(const Fallback& a, const Fallback& b, bool messages) {
  return a.name == b.name && a.address == b.address && (!messages || a.message == b.message);
}

bool equivalent(const RoutePlan& a, const RoutePlan& b, bool messages) {
  if (a.open != b.open || a.coverage_gap != b.coverage_gap ||
      a.attempts.size() != b.attempts.size() ||
      (a.maintenance == nullptr) != (b.maintenance == nullptr) ||
      (a.maintenance != nullptr && a.maintenance->reason != b.maintenance->reason)) {
    return false;
  }
  if ((a.fallback == nullptr) != (b.fallback == nullptr)) return false;
  if (a.fallback != nullptr && !equivalent(*a.fallback, *b.fallback, messages)) return false;
  for (std::size_t i = 0; i < a.attempts.size(); ++i) {
    const Attempt& x = a.attempts[i];
    const Attempt& y = b.attempts[i];
    if (x.role_info->id != y.role_info->id || x.role_info->name != y.role_info->name ||
        x.person->id != y.person->id || x.person->name != y.person->name ||
        x.address != y.address || x.ring_timeout != y.ring_timeout) {
      return false;
    }
  }
  return true;
}

std::string plan_text(const RoutePlan& p, Detail detail) {
  const auto fallback_words = [&] {
    std::string s = p.fallback == nullptr ? std::string("?") : p.fallback->name;
    if (detail >= Detail::addresses && p.fallback != nullptr) s += " <" + p.fallback->address + ">";
    return s;
  };
  if (p.maintenance != nullptr) {
    return "planned maintenance: " + p.maintenance->reason + " (to " + fallback_words() + ")";
  }
  if (!p.open) return "closed (to " + fallback_words() + ")";
  if (p.coverage_gap) return "open, nobody on duty (to " + fallback_words() + ")";
  std::string s = "open: ";
  for (std::size_t i = 0; i < p.attempts.size(); ++i) {
    const Attempt& a = p.attempts[i];
    if (i > 0) s += ", then ";
    s += a.role_info->name;
    if (detail >= Detail::people) s += " " + a.person->name;
    if (detail >= Detail::addresses) s += " <" + std::string(a.address) + ">";
    if (detail >= Detail::ring_times) s += " (" + std::to_string(a.ring_timeout.count()) + " s)";
  }
  if (detail >= Detail::addresses) s += "; then " + fallback_words();
  return s;
}

}  // namespace samtel
