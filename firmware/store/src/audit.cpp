#include "samtel/store/audit.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "blake2b.hpp"

namespace samtel::fw::store {
namespace {

constexpr std::array kActions{
    std::pair{AuditAction::store_initialised, std::string_view{"store_initialised"}},
    std::pair{AuditAction::version_published, std::string_view{"version_published"}},
    std::pair{AuditAction::version_restored, std::string_view{"version_restored"}},
    std::pair{AuditAction::site_replaced, std::string_view{"site_replaced"}},
    std::pair{AuditAction::user_added, std::string_view{"user_added"}},
    std::pair{AuditAction::user_changed, std::string_view{"user_changed"}},
    std::pair{AuditAction::user_removed, std::string_view{"user_removed"}},
    std::pair{AuditAction::login_failed, std::string_view{"login_failed"}},
    std::pair{AuditAction::account_locked, std::string_view{"account_locked"}},
    std::pair{AuditAction::logged_in, std::string_view{"logged_in"}},
    std::pair{AuditAction::call_log_read, std::string_view{"call_log_read"}},
    std::pair{AuditAction::call_log_exported, std::string_view{"call_log_exported"}},
    std::pair{AuditAction::tz_rules_changed, std::string_view{"tz_rules_changed"}},
    std::pair{AuditAction::backup_restored, std::string_view{"backup_restored"}},
    std::pair{AuditAction::feed_created, std::string_view{"feed_created"}},
    std::pair{AuditAction::feed_revoked, std::string_view{"feed_revoked"}},
    std::pair{AuditAction::deviation_reviewed, std::string_view{"deviation_reviewed"}},
    std::pair{AuditAction::call_log_purged, std::string_view{"call_log_purged"}},
};

// One field of the serialisation: its length, then its bytes.
void field(std::string& out, std::string_view bytes) {
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
  out += ';';
}

void field(std::string& out, const std::optional<VersionId>& v) {
  field(out, v ? std::to_string(*v) : std::string("-"));
}

}  // namespace

std::string_view to_string(AuditAction a) {
  for (const auto& [action, name] : kActions) {
    if (action == a) return name;
  }
  return "unknown";
}

std::optional<AuditAction> audit_action_from_string(std::string_view s) {
  for (const auto& [action, name] : kActions) {
    if (name == s) return action;
  }
  return std::nullopt;
}

std::string audit_detail_text(const nlohmann::json& detail) {
  // nlohmann::json keeps object keys sorted, so equal details give equal text.
  return detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string audit_hash(const AuditEntry& e, std::string_view detail_text) {
  std::string text(e.prev_hash);
  field(text, std::to_string(e.seq));
  field(text, format_utc(e.at));
  field(text, e.actor.user);
  field(text, e.actor.source);
  field(text, to_string(e.action));
  field(text, e.site);
  field(text, e.version_from);
  field(text, e.version_to);
  field(text, e.comment);
  field(text, detail_text);
  field(text, e.routing_effect);
  field(text, e.confirmed_gaps ? "1" : "0");
  return blake2b_hex(text);
}

void AuditChainCheck::problem(std::int64_t seq, std::string text) {
  report_.problems.push_back(std::move(text));
  if (!report_.first_bad_seq || seq < *report_.first_bad_seq) report_.first_bad_seq = seq;
}

void AuditChainCheck::add(const AuditEntry& e, std::string_view detail_text) {
  ++report_.entries;
  const std::string seq = "seq " + std::to_string(e.seq);
  const std::int64_t expected = last_seq_ + 1;
  if (e.seq != expected) {
    if (e.seq > expected) {
      problem(expected,
              seq + " follows seq " + std::to_string(last_seq_) + ": " +
                  (e.seq == expected + 1 ? "seq " + std::to_string(expected) + " is missing"
                                         : "seqs " + std::to_string(expected) + " to " +
                                               std::to_string(e.seq - 1) + " are missing"));
    } else {
      problem(e.seq, seq + " follows seq " + std::to_string(last_seq_) + ": out of order");
    }
  } else if (e.prev_hash != last_hash_) {
    // A gap above already explains a broken link; this is an entry moved or one before removed.
    problem(e.seq, seq + ": its prev_hash is not the hash of " +
                       (last_seq_ == 0 ? std::string("the start of the trail")
                                       : "seq " + std::to_string(last_seq_)) +
                       " (an entry was removed or reordered)");
  }
  if (audit_hash(e, detail_text) != e.hash) {
    problem(e.seq, seq + ": its hash does not match its fields (the entry was edited)");
  }
  last_seq_ = e.seq;
  last_hash_ = e.hash;
}

VerifyReport AuditChainCheck::finish(const std::optional<AuditHead>& head) {
  if (!head) {
    if (report_.entries > 0) {
      problem(1, "the store has no record of the trail's last entry, but it holds " +
                     std::to_string(report_.entries) + " entries");
    }
  } else if (head->seq != last_seq_ || head->hash != last_hash_) {
    const std::int64_t from = std::min(head->seq, last_seq_ + 1);
    problem(from, "the trail ends at seq " + std::to_string(last_seq_) +
                      ", but the last entry written was seq " + std::to_string(head->seq) +
                      (head->seq > last_seq_ ? " (entries at the end were removed)"
                                             : " (the end of the trail was changed)"));
  }
  return std::move(report_);
}

}  // namespace samtel::fw::store
