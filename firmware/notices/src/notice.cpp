#include "samtel/notices/notice.hpp"

#include "samtel/text.hpp"

namespace samtel::fw::notices {

std::string_view to_string(Channel c) {
  switch (c) {
    case Channel::email: return "email";
    case Channel::webhook: return "webhook";
    case Channel::sip: return "sip";
  }
  return "email";
}

std::optional<Channel> channel_from_string(std::string_view s) {
  for (Channel c : {Channel::email, Channel::webhook, Channel::sip}) {
    if (to_string(c) == s) return c;
  }
  return std::nullopt;
}

std::string_view to_string(DeliveryState s) {
  switch (s) {
    case DeliveryState::pending: return "pending";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::failed: return "failed";
    case DeliveryState::given_up: return "given-up";
  }
  return "pending";
}

std::optional<DeliveryState> delivery_state_from_string(std::string_view s) {
  for (DeliveryState d : {DeliveryState::pending, DeliveryState::delivered, DeliveryState::failed,
                          DeliveryState::given_up}) {
    if (to_string(d) == s) return d;
  }
  return std::nullopt;
}

std::string subject(const Notice& n) {
  std::string title = n.title;
  for (char& ch : title) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  return "[samtel] " + title;
}

std::string body(const Notice& n) {
  std::string out = n.text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "\nKind: " + std::string(to_string(n.kind)) + "\n";
  if (!n.site.empty()) out += "Site: " + n.site + "\n";
  out += "Time: " + format_utc(n.at) + "\n";
  return out;
}

nlohmann::json webhook_json(const Notice& n) {
  return {{"kind", to_string(n.kind)},
          {"key", n.key},
          {"site", n.site},
          {"title", n.title},
          {"text", n.text},
          {"at", format_utc(n.at)},
          {"created", format_utc(n.created)}};
}

}  // namespace samtel::fw::notices
