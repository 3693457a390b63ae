// samtel's schedule commands: route, who, hours, holidays and check, over a configuration's files.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "samtel/calendar.hpp"
#include "samtel/config.hpp"
#include "samtel/coverage.hpp"
#include "samtel/output.hpp"
#include "samtel/routing.hpp"
#include "samtel/text.hpp"

namespace samtel::cli {
namespace {

using nlohmann::json;

// How many days --to may lie after --from for `hours` and `check`: ten years. Their work and
// memory grow with the span.
constexpr long kMaxSpanDays = 3660;

// An option's value if it was given on the command line (even as ""), nullopt if it was not.
std::optional<std::string> given(const CLI::Option* option, const std::string& value) {
  if (option->count() == 0) return std::nullopt;
  return value;
}

// An option given as "" would read as not given (the default line, desk); refuse it instead.
void refuse_empty(const CLI::Option* option, const std::string& value, const char* what) {
  if (option->count() != 0 && value.empty()) {
    throw InvalidInput{option->get_name() + ": empty " + what +
                       "; give one or leave the option out"};
  }
}

Schedule load_or_throw(const std::vector<std::string>& configs) {
  auto schedule = load_schedule_for_command_line(configs);
  if (!schedule) throw InvalidInput{schedule.error()};
  return std::move(*schedule);
}

Fold parse_fold(const std::string& s) {
  if (s == "earlier") return Fold::earlier;
  if (s == "later") return Fold::later;
  throw InvalidInput{"--fold must be 'earlier' or 'later', not " + quote_value(s)};
}

// Resolves --at against the zone; not given means now, given empty is an error (an empty value
// from a script must not silently become "now"). Says so on stderr when the time was ambiguous.
Instant resolve_at(const std::optional<std::string>& given_at, const Zone& zone, Fold fold) {
  if (!given_at) return SystemClock{}.now();
  const std::string& at = *given_at;
  if (at.empty()) {
    throw InvalidInput{
        "--at: empty time; give YYYY-MM-DDTHH:MM[:SS], local to the line or followed by Z or "
        "+HH:MM"};
  }
  auto t = parse_time(at, zone, fold);
  if (!t) throw InvalidInput{"--at: " + t.error()};
  if (t->ambiguous) {
    std::cerr << "note: " << at << " happens twice in " << zone.name()
              << " (clocks go back); using the " << (fold == Fold::earlier ? "earlier" : "later")
              << " one, " << format_rfc3339(zone, t->instant) << " (--fold "
              << (fold == Fold::earlier ? "later" : "earlier") << " for the other)\n";
  }
  return t->instant;
}

LocalDays today(const Zone& zone) {
  return date::floor<date::days>(to_local(zone, SystemClock{}.now()));
}

LocalDays resolve_date(const std::string& text, const Zone& zone, const char* option) {
  if (text == "today") return today(zone);
  if (text.empty()) {
    throw InvalidInput{std::string(option) + ": empty date; give YYYY-MM-DD or 'today'"};
  }
  auto d = parse_date(text);
  if (!d) throw InvalidInput{std::string(option) + ": " + d.error()};
  return LocalDays{*d};
}

struct DateSpan {
  LocalDays from, to;  // both inclusive
};

// --from and --to of `hours` and `check` in `zone`: --from not given is today, --to not given is
// `default_length` after --from. Refuses --to before --from and more than ten years.
DateSpan resolve_span(const std::optional<std::string>& from_text,
                      const std::optional<std::string>& to_text, const Zone& zone,
                      date::days default_length) {
  const LocalDays from = from_text ? resolve_date(*from_text, zone, "--from") : today(zone);
  const LocalDays to = to_text ? resolve_date(*to_text, zone, "--to") : from + default_length;
  const auto text = [](LocalDays d) { return format_date(date::year_month_day{d}); };
  if (to < from) throw InvalidInput{"--to " + text(to) + " is before --from " + text(from)};
  if (const long days = (to - from).count(); days > kMaxSpanDays) {
    throw InvalidInput{"--from/--to span more than ten years: --to " + text(to) + " is " +
                       std::to_string(days) + " days after --from " + text(from) + ", at most " +
                       std::to_string(kMaxSpanDays)};
  }
  return DateSpan{from, to};
}

Schedule::LineRef pick_line(const Schedule& schedule, const std::string& number) {
  if (number.empty()) {
    auto ref = schedule.first_line();
    if (!ref) throw InvalidInput{"the configuration has no lines"};
    return ref;
  }
  auto ref = schedule.find_line(number);
  if (!ref) {
    std::string known;
    for (const Site& s : schedule.sites()) {
      for (const Line& l : s.lines) known += (known.empty() ? "" : ", ") + l.number;
    }
    throw InvalidInput{"no line with number " + quote_value(number) + " (lines: " + known + ")"};
  }
  return ref;
}

int cmd_route(const std::vector<std::string>& configs, const std::optional<std::string>& at,
              const std::string& line_number, const std::string& desk_id, const std::string& fold,
              bool as_json) {
  const Schedule schedule = load_or_throw(configs);
  const auto ref = pick_line(schedule, line_number);
  const Instant t = resolve_at(at, *ref.line->zone, parse_fold(fold));
  auto plan = route(schedule, ref.line->number, desk_id, t);
  if (!plan) throw InvalidInput{plan.error()};
  if (as_json) {
    std::cout << route_json(*plan).dump(2) << "\n";
    return kOk;
  }
  const Zone& zone = *ref.line->zone;
  std::cout << ref.line->name << " (" << ref.line->number << "), desk " << plan->desk->name << "\n"
            << "at " << format_rfc3339(zone, t) << " (" << format_utc(t) << ")\n"
            << (plan->open ? "OPEN" : "CLOSED") << (plan->coverage_gap ? " - COVERAGE GAP" : "")
            << (plan->maintenance != nullptr ? " - PLANNED MAINTENANCE" : "") << "\n";
  int n = 1;
  for (const Attempt& a : plan->attempts) {
    std::cout << "  " << n++ << ". " << a.role_info->name << ": " << a.person->name << " <"
              << a.address << "> ring " << a.ring_timeout.count() << " s\n";
  }
  std::cout << "  " << (plan->open ? "then" : "->") << " fallback: " << plan->fallback->name << " <"
            << plan->fallback->address << ">\n";
  if (!plan->open && !plan->fallback->message.empty()) {
    std::cout << "  message: " << plan->fallback->message << "\n";
  }
  std::cout << plan->reason() << "\n";
  return kOk;
}

int cmd_who(const std::vector<std::string>& configs, const std::optional<std::string>& at,
            const std::string& fold, bool as_json) {
  const Schedule schedule = load_or_throw(configs);
  const auto first = schedule.first_line();
  if (!first) throw InvalidInput{"the configuration has no lines"};
  const Instant t = resolve_at(at, *first.line->zone, parse_fold(fold));
  std::vector<std::vector<std::string>> rows{
      {"line", "desk", "state", "role", "on duty", "address", "until"}};
  for (const Site& site : schedule.sites()) {
    for (const Line& line : site.lines) {
      for (const Desk& desk : line.desks) {
        const RoutePlan plan = route(site, line, desk, t);
        const Rota& rota = site.rotas[desk.rota];
        const std::string state = plan.open ? (plan.coverage_gap ? "open, GAP" : "open") : "closed";
        for (std::size_t r = 0; r < rota.roles.size(); ++r) {
          const auto duty = rota.on_duty(r, t);
          std::string who = "-", address = "-", until = "-";
          if (duty) {
            const Person& p = site.people[duty->person];
            who = p.name;
            address = p.addresses[duty->address.value_or(0)].uri;
            until = format_rfc3339(*line.zone, duty->end).substr(0, 16);
          }
          rows.push_back({r == 0 ? line.number : "", r == 0 ? desk.name : "", r == 0 ? state : "",
                          rota.roles[r].name, who, address, until});
        }
      }
    }
  }
  if (as_json) {
    std::cout << who_json(schedule, t).dump(2) << "\n";
  } else {
    std::cout << "On duty at " << format_rfc3339(*first.line->zone, t) << "\n"
              << render_table(rows, TableStyle::one_rule);
  }
  return kOk;
}

int cmd_hours(const std::vector<std::string>& configs, const std::optional<std::string>& from_text,
              const std::optional<std::string>& to_text, const std::string& line_number,
              const std::string& desk_id, bool as_json) {
  const Schedule schedule = load_or_throw(configs);
  const auto ref = pick_line(schedule, line_number);
  const Line& line = *ref.line;
  const Zone& zone = *line.zone;
  const auto [from, to] = resolve_span(from_text, to_text, zone, date::days{6});
  std::vector<const Desk*> desks;
  if (desk_id.empty()) {
    for (const Desk& d : line.desks) desks.push_back(&d);
  } else {
    const Desk* d = line.find_desk(desk_id);
    if (d == nullptr) {
      throw InvalidInput{"line " + line.number + " has no desk " + quote_value(desk_id)};
    }
    desks.push_back(d);
  }
  std::vector<std::vector<std::string>> rows{
      {"date", "day", "desk", "day type", "local", "UTC", "hours"}};
  json out = json::array();
  for (LocalDays day = from; day <= to; day += date::days{1}) {
    const date::year_month_day ymd{day};
    const std::string weekday = date::format("%a", date::weekday{day});
    for (const Desk* desk : desks) {
      const DayInfo info = classify_day(day, desk->special_days, ref.site->special_days);
      std::string type{to_string(info.type)};
      if (info.special)
        type += " (" + info.special->name + ")";
      else if (info.holiday)
        type += " (" + std::string(*info.holiday) + ")";
      const auto windows = windows_on(desk->hours, day, info);
      if (windows.empty()) {
        rows.push_back({format_date(ymd), weekday, desk->id, type, "closed", "", ""});
      }
      for (const Window& w : windows) {
        const auto local_start = LocalSeconds{day} + std::chrono::minutes{w.start};
        const auto local_end = LocalSeconds{w.crosses_midnight() ? day + date::days{1} : day} +
                               std::chrono::minutes{w.end};
        const Instant start = resolve_local_lenient(zone, local_start);
        const Instant end = resolve_local_lenient(zone, local_end);
        const double hours = static_cast<double>((end - start).count()) / 3600.0;
        char hours_text[16];
        std::snprintf(hours_text, sizeof hours_text, "%.2f", hours);
        rows.push_back({format_date(ymd), weekday, desk->id, type, format_window(w),
                        format_utc(start) + " - " + format_utc(end), hours_text});
        out.push_back({{"date", format_date(ymd)},
                       {"desk", desk->id},
                       {"day_type", std::string(to_string(info.type))},
                       {"hours_type", std::string(to_string(info.hours_type))},
                       {"holiday", info.holiday ? json(std::string(*info.holiday)) : json(nullptr)},
                       {"special_day", info.special ? json(info.special->name) : json(nullptr)},
                       {"local", format_window(w)},
                       {"start", format_rfc3339(zone, start)},
                       {"end", format_rfc3339(zone, end)},
                       {"start_utc", format_utc(start)},
                       {"end_utc", format_utc(end)},
                       {"seconds", (end - start).count()}});
      }
    }
  }
  if (as_json) {
    std::cout << json{{"line", line.number}, {"zone", zone.name()}, {"windows", out}}.dump(2)
              << "\n";
  } else {
    std::cout << "Opening windows of " << line.name << " (" << line.number << "), " << zone.name()
              << "\n"
              << render_table(rows, TableStyle::one_rule);
  }
  return kOk;
}

int cmd_holidays(int year, bool as_json) {
  if (year < 1583 || year > 9999)
    throw InvalidInput{"--year must be 1583..9999 (Gregorian calendar)"};
  json out = json::array();
  std::vector<std::vector<std::string>> rows{{"date", "day", "holiday"}};
  for (const Holiday& h : public_holidays(year)) {
    out.push_back({{"date", format_date(h.date)}, {"name", std::string(h.name)}});
    rows.push_back({format_date(h.date), date::format("%a", date::weekday{date::sys_days{h.date}}),
                    std::string(h.name)});
  }
  if (as_json)
    std::cout << out.dump(2) << "\n";
  else
    std::cout << "Public holidays in Norway, " << year << " (every Sunday is one too)\n"
              << render_table(rows, TableStyle::one_rule);
  return kOk;
}

int cmd_check(const std::vector<std::string>& configs, const std::optional<std::string>& from_text,
              const std::optional<std::string>& to_text) {
  auto schedule = load_schedule(configs);
  if (!schedule) {
    for (const ConfigError& e : schedule.error()) std::cout << e.to_string() << "\n";
    std::cout << "INVALID: " << schedule.error().size()
              << " problem(s); the file would not be loaded.\n";
    return kInvalid;
  }
  // Every site's span is resolved (in its own zone) before anything is printed.
  std::vector<DateSpan> spans;
  for (const Site& site : schedule->sites()) {
    spans.push_back(resolve_span(from_text, to_text, *site.zone, date::days{365}));
  }
  std::size_t problems = 0;
  for (std::size_t i = 0; i < schedule->sites().size(); ++i) {
    const Site& site = schedule->sites()[i];
    const Zone& zone = *site.zone;
    const auto [from, to] = spans[i];
    const Instant a = resolve_local_lenient(zone, LocalSeconds{from});
    const Instant b = resolve_local_lenient(zone, LocalSeconds{to + date::days{1}});
    std::size_t lines = 0, desks = 0;
    for (const Line& l : site.lines) {
      ++lines;
      desks += l.desks.size();
    }
    std::cout << site.source << ": valid (" << site.name << ": " << lines << " line(s), " << desks
              << " desk(s), " << site.people.size() << " people, " << site.rotas.size()
              << " rota(s))\n";
    std::cout << "Coverage from " << format_date(date::year_month_day{from}) << " to "
              << format_date(date::year_month_day{to}) << ":\n";
    const CoverageReport report = analyse_coverage(site, a, b);
    for (const CoverageGap& g : report.gaps) {
      std::cout << "  GAP line " << g.line->number << " desk " << g.desk->id
                << ": open with nobody on duty " << format_rfc3339(zone, g.start) << " - "
                << format_rfc3339(zone, g.end) << "\n";
    }
    for (const AssignmentOverlap& o : report.overlaps) {
      std::cout << "  OVERLAP " << format_rfc3339(zone, o.start) << " - "
                << format_rfc3339(zone, o.end) << ": " << o.description << "\n";
    }
    if (report.gaps.empty() && report.overlaps.empty())
      std::cout << "  no coverage gaps, no overlapping assignments\n";
    problems += report.gaps.size() + report.overlaps.size();
  }
  std::cout << (problems == 0 ? "OK" : "WARNINGS: " + std::to_string(problems) + " finding(s)")
            << "\n";
  return kOk;
}

// What the schedule commands were given.
struct ScheduleArgs {
  std::vector<std::string> configs;
  std::string at, line, desk, fold = "earlier", from, to;
  bool as_json = false;
  int year = 0;
};

}  // namespace

Dispatch add_schedule_commands(CLI::App& app) {
  auto a = std::make_shared<ScheduleArgs>();

  const auto add_config = [&](CLI::App* sub) {
    // A missing or unreadable file is invalid input (exit 2), reported by the loader.
    sub->add_option("--config", a->configs,
                    "site configuration file (JSON); repeat for several sites")
        ->required();
  };

  auto* route_cmd = app.add_subcommand("route", "whom a call would ring at a given time");
  add_config(route_cmd);
  auto* route_at =
      route_cmd
          ->add_option("--at", a->at, "YYYY-MM-DDTHH:MM[:SS] local to the line, or with Z / +HH:MM")
          ->required();
  auto* route_line =
      route_cmd->add_option("--line", a->line, "dialled number (default: the first line)");
  auto* route_desk =
      route_cmd->add_option("--desk", a->desk, "desk id (default: the line's default desk)");
  route_cmd->add_option("--fold", a->fold,
                        "for a local time that happens twice: earlier (default) or later");
  route_cmd->add_flag("--json", a->as_json, "print one JSON object");

  auto* who_cmd = app.add_subcommand("who", "who is on duty, per line and desk");
  add_config(who_cmd);
  auto* who_at = who_cmd->add_option("--at", a->at, "time (default: now)");
  who_cmd->add_option("--fold", a->fold, "earlier (default) or later");
  who_cmd->add_flag("--json", a->as_json, "print JSON");

  auto* hours_cmd = app.add_subcommand("hours", "opening windows in local time and UTC");
  add_config(hours_cmd);
  auto* hours_from = hours_cmd->add_option("--from", a->from,
                                           "first date, YYYY-MM-DD or 'today' (default: today)");
  auto* hours_to = hours_cmd->add_option(
      "--to", a->to, "last date, inclusive (default: six days after --from; at most ten years on)");
  auto* hours_line =
      hours_cmd->add_option("--line", a->line, "dialled number (default: the first line)");
  auto* hours_desk = hours_cmd->add_option("--desk", a->desk, "desk id (default: all desks)");
  hours_cmd->add_flag("--json", a->as_json, "print JSON");

  auto* holidays_cmd = app.add_subcommand("holidays", "Norway's public holidays of a year");
  holidays_cmd->add_option("--year", a->year, "the year")->required();
  holidays_cmd->add_flag("--json", a->as_json, "print JSON");

  auto* check_cmd =
      app.add_subcommand("check", "validate a configuration, then look for gaps and overlaps");
  add_config(check_cmd);
  auto* check_from =
      check_cmd->add_option("--from", a->from, "first date of the horizon (default: today)");
  auto* check_to = check_cmd->add_option(
      "--to", a->to,
      "last date of the horizon (default: a year after --from; at most ten years on)");

  return [=]() -> std::optional<int> {
    for (const CLI::Option* o : {route_line, hours_line}) refuse_empty(o, a->line, "line number");
    for (const CLI::Option* o : {route_desk, hours_desk}) refuse_empty(o, a->desk, "desk id");
    if (*route_cmd) {
      return cmd_route(a->configs, given(route_at, a->at), a->line, a->desk, a->fold, a->as_json);
    }
    if (*who_cmd) return cmd_who(a->configs, given(who_at, a->at), a->fold, a->as_json);
    if (*hours_cmd) {
      return cmd_hours(a->configs, given(hours_from, a->from), given(hours_to, a->to), a->line,
                       a->desk, a->as_json);
    }
    if (*holidays_cmd) return cmd_holidays(a->year, a->as_json);
    if (*check_cmd) {
      return cmd_check(a->configs, given(check_from, a->from), given(check_to, a->to));
    }
    return std::nullopt;
  };
}

}  // namespace samtel::cli
