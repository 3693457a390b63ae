#pragma once
// samtel/admin/metrics_resource.hpp — `GET /metrics` for a Prometheus-style scraper: samteld's
// counts (samtel/status/unit_metrics.hpp: calls by line, desk and outcome, the answer-wait
// histogram, faults, the call-log backlog, the schedule version in force), which samteld writes
// to STATE_DIR/metrics.txt every 10 seconds, served with two gauges of the admin service's own and
// the notices' deliveries from the schedule store's notice log.
//
// Promises:
//  * Who may scrape: with a token configured (`--metrics-token-file`), only a request with
//    `Authorization: Bearer TOKEN` (compared in constant time), from any address; a missing or
//    other token is 401 in the API's error shape. Without one, only a peer on loopback
//    (127.0.0.0/8,
//    ::1); any other is 403. No account and no session are involved, and nothing is audited: the
//    answer holds counts only, never a call record.
//  * The answer is `text/plain; version=0.0.4` (Prometheus' text format): first
//    `samtel_unit_metrics_up` (1: samteld's file was read; 0: it was not given, is missing or
//    unreadable, and then nothing of samteld's follows) and, when read,
//    `samtel_unit_metrics_age_seconds` (how old the file is: a samteld that stopped writing shows
//    here), then the file's text as samteld wrote it. A file larger than 1 MiB is not read.
//    Last, with a store given, `samtel_notice_deliveries{channel,state}`: the notice log's
//    deliveries by channel (email, webhook, sip) and how they stand (pending, delivered, failed and
//    to be retried, given-up), every pair even at 0 (`notice_metrics_text()`); when the store
//    cannot be read, the family's HELP and TYPE without samples.
//  * `metrics_text()` and `notice_metrics_text()` are that text as pure functions;
//    `read_metrics_token()` reads a token file
//    and refuses, naming the file, one that is missing, empty, shorter than 16 characters or
//    holds white space inside.
//
//   add_metrics_resource(router, {.unit_metrics = "/var/lib/samtel/metrics.txt", .token = ""});
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/admin/router.hpp"
#include "samtel/admin/shared_store.hpp"

namespace samtel::fw::admin {

struct MetricsResource {
  std::string unit_metrics;      // samteld's metrics.txt; empty: not given
  std::string token;             // the scraper's bearer token; empty: loopback only
  SharedStore* store = nullptr;  // for the notice log's counts; nullptr: not served
};

void add_metrics_resource(Router& router, MetricsResource resource);

// `unit_metrics`: the file's text, or why it could not be read; `age`: how old it is.
std::string metrics_text(const tl::expected<std::string, std::string>& unit_metrics,
                         std::chrono::seconds age);

// `counts`: the notice log's deliveries by channel and state, or why they could not be read.
std::string notice_metrics_text(
    const tl::expected<std::vector<store::DeliveryCount>, std::string>& counts);

tl::expected<std::string, std::string> read_metrics_token(const std::string& path);

}  // namespace samtel::fw::admin
