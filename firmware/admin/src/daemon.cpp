#include "samtel/admin/daemon.hpp"

#include <csignal>
#include <iostream>
#include <thread>

#include <pthread.h>

#include "samtel/admin/http_server.hpp"
#include "samtel/admin/memory_accounts.hpp"
#include "samtel/admin/service.hpp"
#include "samtel/log/logger.hpp"

namespace samtel::fw::admin {
namespace {

int refuse(Logger& log, const std::string& why) {
  std::cerr << "samtel-admind: " << why << '\n';
  log.set_stderr(false);  // said above, in the words people read
  log.error("admin.refused", {{"reason", why}});
  return 2;
}

}  // namespace

int run_daemon(const DaemonOptions& o) {
  Logger log;
  const auto format = log_format_from_string(o.log_format);
  if (!format) return refuse(log, "--log-format must be logfmt or json, not " + o.log_format);
  log.set_format(*format);
  if (o.log_level == "debug") log.set_level(Logger::Level::debug);
  if (o.log_level == "warning") log.set_level(Logger::Level::warning);

  auto listen = parse_listen_address(o.listen);
  if (!listen) return refuse(log, listen.error());

  // SIGTERM and SIGINT are taken by sigwait() below: blocked before any thread starts, so that
  // every thread inherits the mask and none is interrupted. A peer that goes away must not end
  // the process either.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  SystemClock wall;
  SteadyClock mono;
  InMemoryAccounts accounts(wall);  // until the schedule store: no accounts at all
  ServiceSettings settings;
  settings.version = o.version;
  AdminService service(accounts, mono, settings, &log);

  ServerOptions server_options;
  server_options.listen = *listen;
  server_options.tls_cert = o.tls_cert;
  server_options.tls_key = o.tls_key;
  server_options.max_body_bytes = settings.max_body_bytes;
  auto server = HttpServer::create(server_options, service, log);
  if (!server) return refuse(log, server.error());

  log.info("admin.started", {{"listen", listen->address.to_string()},
                             {"port", std::to_string((*server)->port())},
                             {"tls", (*server)->tls() ? "on" : "off"},
                             {"store", o.store.empty() ? "-" : o.store},
                             {"version", o.version}});
  if (!o.store.empty()) {
    log.warn("admin.store_not_yet_used",
             {{"store", o.store}, {"note", "accounts come with the schedule store; none yet"}});
  }
  bool served = true;
  std::thread serving([&] { served = (*server)->run(); });
  int signal = 0;
  sigwait(&stop_signals, &signal);
  log.info("admin.stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*server)->stop();
  serving.join();
  log.info("admin.stopped", {});
  return served ? 0 : 2;
}

}  // namespace samtel::fw::admin
