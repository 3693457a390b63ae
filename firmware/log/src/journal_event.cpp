#include "samtel/log/journal_event.hpp"

namespace samtel::fw {

std::string_view to_string(JournalEvent event) {
  switch (event) {
    case JournalEvent::admin_handler_failed: return "admin.handler_failed";
    case JournalEvent::admin_no_accounts: return "admin.no_accounts";
    case JournalEvent::admin_no_web_page: return "admin.no_web_page";
    case JournalEvent::admin_refused: return "admin.refused";
    case JournalEvent::admin_started: return "admin.started";
    case JournalEvent::admin_stopped: return "admin.stopped";
    case JournalEvent::admin_stopping: return "admin.stopping";
    case JournalEvent::admin_store: return "admin.store";
    case JournalEvent::admin_web_file_skipped: return "admin.web_file_skipped";
    case JournalEvent::admin_web_page: return "admin.web_page";
    case JournalEvent::board_button: return "board.button";
    case JournalEvent::board_config: return "board.config";
    case JournalEvent::board_open_failed: return "board.open_failed";
    case JournalEvent::board_test_call: return "board.test_call";
    case JournalEvent::call_answered: return "call.answered";
    case JournalEvent::call_attempt_failed: return "call.attempt_failed";
    case JournalEvent::call_attempt_unreachable: return "call.attempt_unreachable";
    case JournalEvent::call_cancelled: return "call.cancelled";
    case JournalEvent::call_ended: return "call.ended";
    case JournalEvent::call_fallback: return "call.fallback";
    case JournalEvent::call_late_answer: return "call.late_answer";
    case JournalEvent::call_late_answer_taken: return "call.late_answer_taken";
    case JournalEvent::call_limit: return "call.limit";
    case JournalEvent::call_no_answer: return "call.no_answer";
    case JournalEvent::call_proxied: return "call.proxied";
    case JournalEvent::call_redirected: return "call.redirected";
    case JournalEvent::call_ringing: return "call.ringing";
    case JournalEvent::call_log_behind: return "call_log.behind";
    case JournalEvent::call_log_recovered: return "call_log.recovered";
    case JournalEvent::call_log_unwritten: return "call_log.unwritten";
    case JournalEvent::config_rejected: return "config.rejected";
    case JournalEvent::config_reloaded: return "config.reloaded";
    case JournalEvent::http_request: return "http.request";
    case JournalEvent::notice_made: return "notice.made";
    case JournalEvent::notice_delivered: return "notice.delivered";
    case JournalEvent::notice_failed: return "notice.failed";
    case JournalEvent::notice_given_up: return "notice.given_up";
    case JournalEvent::notice_unrecorded: return "notice.unrecorded";
    case JournalEvent::notice_no_schedule: return "notice.no_schedule";
    case JournalEvent::retention_scheduled: return "retention.scheduled";
    case JournalEvent::retention_purged: return "retention.purged";
    case JournalEvent::retention_failed: return "retention.failed";
    case JournalEvent::samteld_failed: return "samteld.failed";
    case JournalEvent::samteld_fault: return "samteld.fault";
    case JournalEvent::samteld_fault_cleared: return "samteld.fault_cleared";
    case JournalEvent::samteld_handler_failed: return "samteld.handler_failed";
    case JournalEvent::samteld_started: return "samteld.started";
    case JournalEvent::samteld_status_unwritable: return "samteld.status_unwritable";
    case JournalEvent::samteld_stopped: return "samteld.stopped";
    case JournalEvent::samteld_stopping: return "samteld.stopping";
    case JournalEvent::schedule_published: return "schedule.published";
    case JournalEvent::schedule_refused: return "schedule.refused";
    case JournalEvent::schedule_unreadable: return "schedule.unreadable";
    case JournalEvent::sip_malformed: return "sip.malformed";
    case JournalEvent::sip_transport_error: return "sip.transport_error";
    case JournalEvent::sip_unframeable: return "sip.unframeable";
    case JournalEvent::sip_untrusted: return "sip.untrusted";
    case JournalEvent::store_opened: return "store.opened";
    case JournalEvent::tcp_accept_failed: return "tcp.accept_failed";
    case JournalEvent::tcp_caps_above_nofile: return "tcp.caps_above_nofile";
    case JournalEvent::tcp_idle: return "tcp.idle";
    case JournalEvent::tcp_message_timeout: return "tcp.message_timeout";
    case JournalEvent::traffic_refused: return "traffic.refused";
    case JournalEvent::tz_database: return "tz.database";
    case JournalEvent::tz_rules_changed: return "tz.rules_changed";
    case JournalEvent::tz_unreadable: return "tz.unreadable";
    case JournalEvent::udp_send_failed: return "udp.send_failed";
  }
  return "unknown";
}

std::optional<JournalEvent> journal_event_from_string(std::string_view name) {
  for (JournalEvent e : kJournalEvents)
    if (to_string(e) == name) return e;
  return std::nullopt;
}

}  // namespace samtel::fw
