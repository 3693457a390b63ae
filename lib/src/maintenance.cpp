#include "samtel/maintenance.hpp"

#include <algorithm>

namespace samtel {

bool MaintenanceWindow::covers_line(std::size_t line) const {
  return lines.empty() || std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::string_view to_string(NoticeKind k) {
  switch (k) {
    case NoticeKind::fault_raised: return "fault-raised";
    case NoticeKind::fault_cleared: return "fault-cleared";
    case NoticeKind::maintenance_announced: return "maintenance-announced";
    case NoticeKind::maintenance_started: return "maintenance-started";
    case NoticeKind::maintenance_ended: return "maintenance-ended";
    case NoticeKind::restarted_after_crash: return "restarted-after-crash";
  }
  return "fault-raised";
}

std::optional<NoticeKind> notice_kind_from_string(std::string_view s) {
  for (NoticeKind k : kNoticeKinds) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

std::string notice_kind_names() {
  std::string out;
  for (NoticeKind k : kNoticeKinds) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
  return out;
}

}  // namespace samtel
