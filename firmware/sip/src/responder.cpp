#include "samtel/sip/responder.hpp"

#include <cstdio>

namespace samtel::fw {
namespace {

std::string hex(std::uint64_t v, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(buf + (16 - digits));
}

}  // namespace

Responder::Responder(Network& network, std::string instance)
    : network_(network), instance_(std::move(instance)), instance_hash_(fnv1a(instance_)) {}

std::string Responder::tag_for(const SipMessage& req) const {
  return hex(fnv1a(req.branch, fnv1a(req.from_tag, fnv1a(req.call_id, instance_hash_))), 12);
}

std::string Responder::new_branch() {
  return "z9hG4bK-" + instance_ + "-" + std::to_string(++branches_);
}

bool Responder::owns_branch(std::string_view branch) const {
  const std::string prefix = "z9hG4bK-" + instance_ + "-";
  return branch.substr(0, prefix.size()) == prefix;
}

std::string Responder::stateless_branch(const SipMessage& req) const {
  return "z9hG4bK-" + instance_ + "-s" + hex(fnv1a(req.branch, fnv1a(req.method_name)), 12);
}

void Responder::reply(const SipMessage& req, const Endpoint& to, int code, std::string_view reason,
                      const Headers& headers) {
  if (!req.tree) return;
  Message r = make_response(*req.tree, code, reason, tag_for(req));
  if (!r) return;
  for (const auto& [name, value] : headers) add_header(*r, name, value);
  add_header(*r, "Server", user_agent_);
  send(*r, to);
}

void Responder::send(const osip_message_t& m, const Endpoint& to) {
  network_.send(to, serialize(m));
}

}  // namespace samtel::fw
