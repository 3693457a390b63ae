#include "samtel/calls/redirect.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace samtel::fw {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') continue;
    out += c;
  }
  return out + '"';
}

void add_contact(osip_message_t& m, std::string_view address, double q) {
  char qs[8];
  std::snprintf(qs, sizeof qs, "%.1f", q);
  const std::string contact = "<" + std::string(address) + ">;q=" + qs;
  osip_message_set_contact(&m, contact.c_str());
}

}  // namespace

RedirectTarget redirect_target(const RoutePlan& plan) {
  RedirectTarget t;
  t.contacts.reserve(plan.attempts.size());
  for (const Attempt& a : plan.attempts) t.contacts.push_back(a.address);
  t.fallback = plan.fallback;
  t.warn = plan.attempts.empty();
  return t;
}

Message make_redirect(const osip_message_t& invite, std::string_view tag,
                      const RedirectTarget& target, std::string_view unit_host,
                      std::string_view user_agent) {
  Message r = make_response(invite, 302, {}, tag);
  if (!r) return r;
  double q = 1.0;
  for (std::string_view c : target.contacts) {
    add_contact(*r, c, q);
    q = std::max(0.1, q - 0.1);
  }
  if (target.fallback != nullptr) {
    add_contact(*r, target.fallback->address, target.contacts.empty() ? 1.0 : std::max(0.1, q));
    if (target.warn && !target.fallback->message.empty()) {
      add_header(*r, "Warning",
                 "399 " + std::string(unit_host) + " " + quoted(target.fallback->message));
    }
  }
  add_header(*r, "Server", std::string(user_agent));
  return r;
}

}  // namespace samtel::fw
