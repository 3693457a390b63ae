#pragma once
// samtel/sip/responder.hpp — how the unit answers and forwards: its To-tags, its branches and
// the Server header, the same for every part of the SIP core.
//
// Promises:
//  * `tag_for()` is a function of the request's top branch, From-tag and Call-ID and of this
//    run's instance, so a retransmitted request gets the same To-tag and two runs never share one.
//  * `new_branch()` is unique within the run and begins with the magic cookie `z9hG4bK-` and the
//    instance (RFC 3261 §8.1.1.7); `owns_branch()` tells a branch this run made.
//  * `reply()` never throws; nothing is sent when the response cannot be built.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samtel/sip/endpoint.hpp"
#include "samtel/sip/message.hpp"

namespace samtel::fw {

using Headers = std::vector<std::pair<const char*, std::string>>;

class Responder {
 public:
  // `instance`: random per run (e.g. 8 hex digits).
  Responder(Network& network, std::string instance);

  const std::string& instance() const { return instance_; }
  std::string tag_for(const SipMessage& request) const;
  std::string new_branch();
  bool owns_branch(std::string_view branch) const;
  // A branch that is a function of the request (a stateless proxy's, RFC 3261 §16.11).
  std::string stateless_branch(const SipMessage& request) const;

  void set_user_agent(std::string user_agent) { user_agent_ = std::move(user_agent); }
  const std::string& user_agent() const { return user_agent_; }

  // `code` `reason` to `request` with the unit's To-tag, `headers` and Server.
  void reply(const SipMessage& request, const Endpoint& to, int code, std::string_view reason = {},
             const Headers& headers = {});
  void send(const osip_message_t& message, const Endpoint& to);

 private:
  Network& network_;
  std::string instance_;
  std::uint64_t instance_hash_;  // the instance's part of every To-tag, hashed once
  std::string user_agent_ = "samteld";
  std::uint64_t branches_ = 0;
};

}  // namespace samtel::fw
