// samtel-sim — the simulator's command line: sweep, replay, coverage, diff, heatmap, report.
//
// Exit status: 0 ok, 1 usage error, 2 invalid input (configuration, scenario, dates, unknown
// line or desk, unwritable output), 3 a scenario's expectations for its explicit calls were not
// met. Errors go to standard error and name what is wrong; nothing here may crash on bad input.
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "samtel/config.hpp"
#include "samtel/diff.hpp"
#include "samtel/file.hpp"
#include "samtel/sim/call_log_records.hpp"
#include "samtel/sim/coverage_review.hpp"
#include "samtel/sim/heatmap.hpp"
#include "samtel/sim/period_option.hpp"
#include "samtel/sim/render.hpp"
#include "samtel/sim/replay.hpp"
#include "samtel/sim/report.hpp"
#include "samtel/sim/sweep.hpp"
#include "terminal_progress.hpp"

namespace {

using namespace samtel;
using namespace samtel::sim;

constexpr int kOk = 0;
constexpr int kUsage = 1;
constexpr int kInvalid = 2;
constexpr int kUnmet = 3;

struct InvalidInput {
  std::string message;
};

struct Options {
  std::vector<std::string> configs;
  std::string scenario;
  std::string from, to, week, month;
  std::string line, desk;
  std::string format = "table";
  std::string output;
  std::string shade;
  std::string call_log;  // replay: also write the calls as call-log JSON lines here
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool calls = false;
};

Schedule load_or_throw(const std::vector<std::string>& configs) {
  auto schedule = load_schedule_for_command_line(configs, "the configuration");
  if (!schedule) throw InvalidInput{schedule.error()};
  return std::move(*schedule);
}

Scenario load_scenario_or_throw(const std::string& path, const Schedule& schedule) {
  auto s = load_scenario_file(path, schedule);
  if (!s) {
    std::string all;
    for (const ScenarioError& e : s.error()) all += e.to_string() + "\n";
    all += std::to_string(s.error().size()) + " problem(s) in the scenario; nothing was run.";
    throw InvalidInput{all};
  }
  return std::move(*s);
}

Format format_or_throw(const std::string& text) {
  auto f = format_from_string(text);
  if (!f) throw InvalidInput{"--format must be table, csv or json, not '" + text + "'"};
  return *f;
}

Shade shade_or_throw(const std::string& text, Shade fallback) {
  if (text.empty()) return fallback;
  if (text == "none") return Shade::none;
  if (text == "load") return Shade::load;
  if (text == "unanswered") return Shade::unanswered;
  throw InvalidInput{"--shade must be none, load or unanswered, not '" + text + "'"};
}

const Zone& zone_of(const Schedule& schedule, const std::string& line) {
  const auto ref = line.empty() ? schedule.first_line() : schedule.find_line(line);
  if (!ref) {
    auto desks = select_desks(schedule, line, "");
    throw InvalidInput{desks ? std::string("the configuration has no lines") : desks.error()};
  }
  return *ref.line->zone;
}

DateRange range_or_throw(const Options& o, const Zone& zone, long default_days = 28) {
  auto r = parse_date_range(o.from, o.to, zone, SystemClock{}.now(), default_days);
  if (!r) throw InvalidInput{r.error()};
  return *r;
}

std::vector<DeskRef> desks_or_throw(const Schedule& schedule, const std::string& line,
                                    const std::string& desk) {
  auto d = select_desks(schedule, line, desk);
  if (!d) throw InvalidInput{d.error()};
  return *d;
}

// Writes to --output, or to standard output.
void emit(const Options& o, const std::string& text) {
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) throw InvalidInput{"cannot write to standard output"};
    return;
  }
  std::ofstream out(o.output, std::ios::binary);
  if (!out) throw InvalidInput{"--output: cannot open '" + o.output + "' for writing"};
  out << text;
  out.close();
  if (!out) throw InvalidInput{"--output: cannot write '" + o.output + "'"};
}

int cmd_sweep(const Options& o, Progress& progress) {
  const Schedule schedule = load_or_throw(o.configs);
  const Format format = format_or_throw(o.format);
  const auto desks = desks_or_throw(schedule, o.line, o.desk);
  const Zone& zone = *desks.front().line->zone;
  const DateRange range = range_or_throw(o, zone);
  const Span span = to_span(zone, range);
  const auto rows = sweep(desks, span.from, span.to, &progress);
  emit(o, sweep_output(rows, format));
  return kOk;
}

// The period of a replay: --from/--to, else the scenario's, else the days of its explicit calls,
// else four weeks from today.
DateRange replay_range(const Options& o, const Scenario& s) {
  const Zone& zone = *s.line->zone;
  if (!o.from.empty() || !o.to.empty()) return range_or_throw(o, zone);
  if (s.from || s.to) {
    Options copy = o;
    copy.from = format_date(date::year_month_day{s.from.value_or(*s.to - date::days{27})});
    copy.to = format_date(date::year_month_day{s.to.value_or(*s.from + date::days{27})});
    return range_or_throw(copy, zone);
  }
  if (!s.calls.empty()) {
    LocalDays first = local_day(zone, s.calls.front().at), last = first;
    for (const ScriptedCall& c : s.calls) {
      first = std::min(first, local_day(zone, c.at));
      last = std::max(last, local_day(zone, c.at));
    }
    Options copy = o;
    copy.from = format_date(date::year_month_day{first});
    copy.to = format_date(date::year_month_day{last});
    return range_or_throw(copy, zone);
  }
  return range_or_throw(o, zone);
}

int cmd_replay(const Options& o, Progress& progress) {
  const Schedule schedule = load_or_throw(o.configs);
  const Format format = format_or_throw(o.format);
  Scenario scenario = load_scenario_or_throw(o.scenario, schedule);
  if (o.seed_given) scenario.seed = o.seed;
  const DateRange range = replay_range(o, scenario);
  const Span span = to_span(*scenario.line->zone, range);
  const ReplayResult result = replay(scenario, span.from, span.to, &progress);
  const TrafficSummary summary = summarise(result);
  if (!o.call_log.empty()) {
    if (auto written = write_file_atomically(o.call_log, call_log_lines(result)); !written) {
      throw InvalidInput{"--call-log: " + written.error()};
    }
  }
  std::string text;
  if (o.calls) {
    text = calls_output(result, format);
  } else {
    text = summary_output(result, summary, format);
  }
  emit(o, text);
  const auto unmet = unmet_expectations(result);
  if (!unmet.empty()) {
    for (const std::string& u : unmet)
      std::cerr << "samtel-sim: " << scenario.source << ": " << u << "\n";
    std::cerr << "samtel-sim: " << unmet.size() << " expectation(s) not met\n";
    return kUnmet;
  }
  return kOk;
}

int cmd_coverage(const Options& o, Progress& progress) {
  const Schedule schedule = load_or_throw(o.configs);
  const Format format = format_or_throw(o.format);
  std::string text;
  for (const Site& site : schedule.sites()) {
    const DateRange range = range_or_throw(o, *site.zone);
    const Span span = to_span(*site.zone, range);
    const CoverageReview review = review_coverage(site, span.from, span.to, &progress);
    text += (text.empty() || format != Format::table ? "" : "\n") + coverage_output(review, format);
  }
  emit(o, text);
  return kOk;
}

int cmd_diff(const Options& o, Progress& progress) {
  if (o.configs.size() != 2) {
    throw InvalidInput{"diff needs exactly two configurations: --config BEFORE --config AFTER"};
  }
  const Schedule before = load_or_throw({o.configs[0]});
  const Schedule after = load_or_throw({o.configs[1]});
  const Format format = format_or_throw(o.format);
  const DateRange range = range_or_throw(o, zone_of(before, ""));
  const ConfigDiff d = diff_schedules(before, after, range, &progress);
  emit(o, diff_output(d, o.configs[0], o.configs[1], format));
  return kOk;
}

// --week (the Monday-to-Sunday week containing a date), --month (YYYY-MM) or --from/--to.
DateRange picture_range(const Options& o, const Zone& zone) {
  const int given =
      int(!o.week.empty()) + int(!o.month.empty()) + int(!o.from.empty() || !o.to.empty());
  if (given > 1) throw InvalidInput{"give one of --week, --month or --from/--to"};
  if (!o.week.empty()) {
    Options copy = o;
    copy.from = o.week;
    const DateRange day = range_or_throw(copy, zone, 1);
    const LocalDays monday = day.first - (date::weekday{day.first} - date::Monday);
    return DateRange{monday, monday + date::days{6}};
  }
  if (!o.month.empty()) {
    auto d = parse_date(o.month + "-01");
    if (o.month.size() != 7 || !d)
      throw InvalidInput{"--month: expected YYYY-MM, not '" + o.month + "'"};
    const auto ym = d->year() / d->month();
    Options copy = o;
    copy.from = format_date(ym / date::day{1});
    copy.to = format_date(date::year_month_day{ym / date::last});
    return range_or_throw(copy, zone);
  }
  return range_or_throw(o, zone);
}

int cmd_heatmap(const Options& o, Progress& progress) {
  const Schedule schedule = load_or_throw(o.configs);
  const auto lines = desks_or_throw(schedule, o.line, "");
  const DeskRef line = lines.front();
  const Desk* desk =
      o.desk.empty() ? &line.line->desks[line.line->default_desk] : line.line->find_desk(o.desk);
  if (desk == nullptr) {
    auto known = select_desks(schedule, line.line->number, o.desk);
    throw InvalidInput{known ? "line " + line.line->number + " has no desk '" + o.desk + "'"
                             : known.error()};
  }
  const DateRange range = picture_range(o, *line.line->zone);
  HeatmapOptions opt;
  std::optional<Scenario> scenario;
  std::optional<ReplayResult> result;
  if (!o.scenario.empty()) {
    scenario = load_scenario_or_throw(o.scenario, schedule);
    if (o.seed_given) scenario->seed = o.seed;
    if (scenario->line != line.line) {
      throw InvalidInput{"the scenario is for line " + scenario->line->number +
                         ", the picture for line " + line.line->number + " (use --line)"};
    }
    const Span span = to_span(*line.line->zone, range);
    result = replay(*scenario, span.from, span.to, &progress);
    opt.traffic = &*result;
    opt.shade = shade_or_throw(o.shade, Shade::load);
  } else if (!o.shade.empty() && o.shade != "none") {
    throw InvalidInput{"--shade " + o.shade + " needs a --scenario to simulate"};
  }
  emit(o, heatmap_svg(*line.site, *line.line, *desk, range, opt));
  return kOk;
}

int cmd_report(const Options& o, Progress& progress) {
  const Schedule schedule = load_or_throw(o.configs);
  const auto first = schedule.first_line();
  if (!first) throw InvalidInput{"the configuration has no lines"};
  const auto desks = desks_or_throw(schedule, o.line.empty() ? first.line->number : o.line, o.desk);
  const DeskRef line = desks.front();
  const Zone& zone = *line.line->zone;
  std::optional<Scenario> scenario;
  DateRange range;
  if (!o.scenario.empty()) {
    scenario = load_scenario_or_throw(o.scenario, schedule);
    if (o.seed_given) scenario->seed = o.seed;
    if (scenario->line != line.line) {
      throw InvalidInput{"the scenario is for line " + scenario->line->number +
                         ", the report for line " + line.line->number + " (use --line)"};
    }
    range = replay_range(o, *scenario);
  } else {
    range = range_or_throw(o, zone);
  }
  const Span span = to_span(zone, range);
  std::optional<ReplayResult> result;
  std::optional<TrafficSummary> summary;
  if (scenario) {
    result = replay(*scenario, span.from, span.to, &progress);
    summary = summarise(*result);
  }
  const CoverageReview coverage = review_coverage(*line.site, span.from, span.to, &progress);
  const auto rows = sweep(desks, span.from, span.to, &progress);
  std::string configuration;
  for (const auto& c : o.configs) configuration += (configuration.empty() ? "" : ", ") + c;
  ReportInput in;
  in.configuration = configuration;
  in.line = line;
  in.desks = desks;
  in.range = range;
  in.coverage = &coverage;
  in.sweep = &rows;
  in.replay = result ? &*result : nullptr;
  in.summary = summary ? &*summary : nullptr;
  in.shade = shade_or_throw(o.shade, Shade::load);
  emit(o, html_report(in));
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "samtel-sim: simulate the samhandlingstelefon over a period, from the configuration alone.\n"
      "Dates are local to the line (YYYY-MM-DD or 'today'); --to is inclusive; the default period\n"
      "is four weeks from today."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "samtel-sim " SAMTEL_VERSION);
  Options o;

  const auto add_config = [&](CLI::App* sub, const char* help) {
    sub->add_option("--config", o.configs, help)->required()->check(CLI::ExistingFile);
  };
  const auto add_range = [&](CLI::App* sub) {
    sub->add_option("--from", o.from, "first day, YYYY-MM-DD or 'today' (default: today)");
    sub->add_option("--to", o.to, "last day, inclusive (default: four weeks in all)");
  };
  const auto add_format = [&](CLI::App* sub) {
    sub->add_option("--format", o.format, "table (default), csv or json");
  };
  const auto add_output = [&](CLI::App* sub, const char* help) {
    sub->add_option("--output,-o", o.output, help);
  };

  auto* sweep_cmd = app.add_subcommand(
      "sweep",
      "the routing timeline of every line and desk as merged intervals: open or closed, "
      "who is rung first, the backup, the fallback");
  add_config(sweep_cmd, "site configuration (JSON); repeat for several sites");
  add_range(sweep_cmd);
  sweep_cmd->add_option("--line", o.line, "only this line (dialled number)");
  sweep_cmd->add_option("--desk", o.desk, "only this desk (id)");
  add_format(sweep_cmd);
  add_output(sweep_cmd, "write to this file instead of standard output");

  auto* replay_cmd = app.add_subcommand(
      "replay", "call traffic from a scenario on a virtual clock; a summary per day type and hour");
  add_config(replay_cmd, "site configuration (JSON); repeat for several sites");
  replay_cmd
      ->add_option("--scenario", o.scenario,
                   "scenario file (JSON), e.g. sim/scenarios/st-olavs.json")
      ->required()
      ->check(CLI::ExistingFile);
  replay_cmd->add_option("--from", o.from,
                         "first day (default: the scenario's, else four weeks from today)");
  replay_cmd->add_option("--to", o.to, "last day, inclusive");
  replay_cmd->add_option("--seed", o.seed, "use this seed instead of the scenario's")
      ->each([&](const std::string&) { o.seed_given = true; });
  replay_cmd->add_flag("--calls", o.calls,
                       "list every call and its outcome instead of the summary");
  replay_cmd->add_option("--call-log", o.call_log,
                         "also write the calls as call-log records, one JSON line each (for "
                         "`samtel call-log import`)");
  add_format(replay_cmd);
  add_output(replay_cmd, "write to this file instead of standard output");

  auto* coverage_cmd = app.add_subcommand(
      "coverage",
      "open hours with nobody on duty, overlapping assignments, duties ending with no "
      "successor, and the holidays, special days and clock changes in the period");
  add_config(coverage_cmd, "site configuration (JSON); repeat for several sites");
  add_range(coverage_cmd);
  add_format(coverage_cmd);
  add_output(coverage_cmd, "write to this file instead of standard output");

  auto* diff_cmd = app.add_subcommand(
      "diff", "what-if: every interval whose routing differs between two configurations");
  add_config(diff_cmd, "give twice: --config BEFORE --config AFTER");
  add_range(diff_cmd);
  add_format(diff_cmd);
  add_output(diff_cmd, "write to this file instead of standard output");

  auto* heatmap_cmd = app.add_subcommand(
      "heatmap", "an SVG picture of one desk: days x hours, open / closed / nobody on duty");
  add_config(heatmap_cmd, "site configuration (JSON)");
  heatmap_cmd->add_option("--week", o.week, "the Monday-Sunday week containing this date");
  heatmap_cmd->add_option("--month", o.month, "a calendar month, YYYY-MM");
  add_range(heatmap_cmd);
  heatmap_cmd->add_option("--line", o.line, "line (default: the first)");
  heatmap_cmd->add_option("--desk", o.desk, "desk (default: the line's default desk)");
  heatmap_cmd->add_option("--scenario", o.scenario, "simulate this scenario and shade by it")
      ->check(CLI::ExistingFile);
  heatmap_cmd->add_option("--seed", o.seed, "use this seed instead of the scenario's")
      ->each([&](const std::string&) { o.seed_given = true; });
  heatmap_cmd->add_option("--shade", o.shade,
                          "with --scenario: load (default), unanswered or none");
  add_output(heatmap_cmd, "write the SVG to this file instead of standard output");

  auto* report_cmd = app.add_subcommand(
      "report",
      "a self-contained HTML report: summary, heatmaps, coverage, timeline (and traffic "
      "with --scenario)");
  add_config(report_cmd, "site configuration (JSON); repeat for several sites");
  report_cmd->add_option("--scenario", o.scenario, "also simulate this scenario")
      ->check(CLI::ExistingFile);
  report_cmd->add_option("--seed", o.seed, "use this seed instead of the scenario's")
      ->each([&](const std::string&) { o.seed_given = true; });
  add_range(report_cmd);
  report_cmd->add_option("--line", o.line, "line (default: the first)");
  report_cmd->add_option("--desk", o.desk, "only this desk (default: every desk of the line)");
  report_cmd->add_option("--shade", o.shade,
                         "heatmap shading with --scenario: load (default), unanswered, none");
  add_output(report_cmd, "write the HTML to this file instead of standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  cli::TerminalProgress progress;
  try {
    int rc = kUsage;
    if (*sweep_cmd)
      rc = cmd_sweep(o, progress);
    else if (*replay_cmd)
      rc = cmd_replay(o, progress);
    else if (*coverage_cmd)
      rc = cmd_coverage(o, progress);
    else if (*diff_cmd)
      rc = cmd_diff(o, progress);
    else if (*heatmap_cmd)
      rc = cmd_heatmap(o, progress);
    else if (*report_cmd)
      rc = cmd_report(o, progress);
    progress.clear();
    return rc;
  } catch (const InvalidInput& e) {
    progress.clear();
    std::cerr << "samtel-sim: " << e.message << "\n";
    return kInvalid;
  } catch (const std::exception& e) {
    progress.clear();
    std::cerr << "samtel-sim: internal error: " << e.what() << "\n";
    return kInvalid;
  }
}
