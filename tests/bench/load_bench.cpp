// reportsync-bench sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS]
//                           [--servers N] [--postgres [URL]] [--interval MS] [--by-report]:
// CLIENTS desktop programs on the real reportsync-server binary, PER_REPORT (default 10)
// people to a report (a county's departments), each behaving as the program's sync worker
// does: one connection, long-polling (wait 2 s) for colleagues' changes whenever it has
// nothing to send, and typing a small change every MS (default 2,000) which it pushes at
// once (--interval 0: back to back, a saturating load that measures throughput). The
// programs start over the first START_SPREAD_MS (default 2,000: people do not open them in
// one millisecond; 0 starts all at once, as after a server restart without the program's
// jittered retry). Runs for SECONDS (default 30). The store is an LMDB folder (one server)
// or, with --postgres, one PostgreSQL database shared by N server processes (default 1):
// a cluster the bench starts in /tmp (fsync on) or the empty database at URL; client i
// talks to process i mod N, or with --by-report every client of report r to process r mod N
// (a load balancer hashing the report id of the path: each process's pushes, and so its
// write locks, then cover its own reports only). Reports push latency and throughput, errors,
// whether at the end every client holds every change of its report, the servers' peak resident
// memory, and where the CPU went (servers, PostgreSQL, the bench's own clients) with how often a
// write waited for the store's writer lock (server_fleet.h).
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "bench_clients.h"
#include "bench_util.h"
#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "doc/local_edit.h"
#include "server_fleet.h"

namespace rs::bench {

namespace {

const char kPassword[] = "bench-password";

int processThreads() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  return 0;
}

struct LoadOptions {
  int seconds = 30, clients = 20, perReport = 10, startSpreadMs = 2000;
  int servers = 1, intervalMs = 2000;
  bool byReport = false;
  std::string store;  // ServerFleet's: "", "postgres" or a URL
};

int number(const std::string& text, const char* what, int low, int high) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < low ||
      std::stoi(text) > high)
    throw std::invalid_argument(std::string(what) + " takes a number from " + std::to_string(low) +
                                " to " + std::to_string(high) + ", not '" + text + "'");
  return std::stoi(text);
}

LoadOptions parseLoadOptions(const std::vector<std::string>& args) {
  LoadOptions o;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool hasValue = i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
    if (a == "--servers" && hasValue) {
      o.servers = number(args[++i], "--servers", 1, 64);
    } else if (a == "--interval" && hasValue) {
      o.intervalMs = number(args[++i], "--interval", 0, 600000);
    } else if (a == "--by-report") {
      o.byReport = true;
    } else if (a == "--postgres") {
      o.store = hasValue ? args[++i] : "postgres";
    } else if (a.rfind("--", 0) == 0) {
      throw std::invalid_argument("sync-load: unknown or incomplete option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() > 4) throw std::invalid_argument("sync-load: too many arguments");
  int* fields[] = {&o.seconds, &o.clients, &o.perReport, &o.startSpreadMs};
  const char* names[] = {"SECONDS", "CLIENTS", "PER_REPORT", "START_SPREAD_MS"};
  const int lows[] = {1, 1, 1, 0};
  for (size_t i = 0; i < positional.size(); ++i)
    *fields[i] = number(positional[i], names[i], lows[i], 1000000);
  return o;
}

// With RS_PUSH_STAGES=1 (the servers inherit the bench's environment): server 0's figures
// of where a push's time went (sync-server/push_stages.h), from its /metrics, as
// "push_stages_ms": {STAGE: [p50, p90, p99, max, mean over the pushes at or above the
// p99 total]}, the number of commit batches ("commits") and the commit batches' and woken
// long-polls' [p50, p90, p99, max].
void writePushStages(JsonWriter& w, const std::string& metrics) {
  std::map<std::string, double> values;  // "name{labels}" -> value
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    size_t space = line.rfind(' ');
    if (line.empty() || line[0] == '#' || space == std::string::npos) continue;
    values[line.substr(0, space)] = std::atof(line.c_str() + space + 1);
  }
  auto quantiles = [&](const std::string& name, const std::string& labels) {
    std::string sep = labels.empty() ? "" : ",";
    w.beginArray();
    for (const char* q : {"0.5", "0.9", "0.99", "1"})
      w.value(values[name + "{" + labels + sep + "quantile=\"" + q + "\"}"]);
  };
  w.key("push_stages_ms").beginObject();
  for (const char* stage :
       {"gate", "read", "check", "queue", "write", "commit", "durable", "wake", "reply", "total"}) {
    std::string labels = std::string("stage=\"") + stage + "\"";
    w.key(stage);
    quantiles("reportsync_push_stage_ms", labels);
    w.value(values["reportsync_push_tail_stage_ms{" + labels + "}"]).endArray();
  }
  w.endObject();
  // Write transactions the pushes took (quiet-insensitive, beside pushes per second).
  w.key("commits").value(values["reportsync_commit_batch_pushes_count"]);
  for (const char* name : {"commit_batch_pushes", "commit_notify_ms", "commit_pulls_woken",
                           "poll_wake_ms", "poll_reply_ms"}) {
    w.key(name);
    quantiles(std::string("reportsync_") + name, "");
    w.endArray();
  }
}

double ownCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int runSyncLoad(const std::vector<std::string>& args) {
  LoadOptions o = parseLoadOptions(args);
  raiseFileLimit();
  int clients = o.clients;
  int perReport = std::min(o.perReport, clients);
  int reports = (clients + perReport - 1) / perReport;
  ServerFleet fleet(o.servers, o.store, "office", kPassword);
  std::string token;
  std::vector<std::string> ids;
  {
    core::ServerConnection c(fleet.url(0), "");
    token = c.login("office", kPassword).token;
    core::ServerConnection office(fleet.url(0), token);
    ids = shareReports(office, reports, perReport);
  }
  std::optional<WriterLockSampler> sampler;
  std::optional<PgStatements> pgBefore;
  if (fleet.postgres()) {
    sampler.emplace(fleet.pgUrl());
    pgBefore = readPgStatements(fleet.pgUrl(), true);
  }

  std::vector<Client> all(clients);
  std::atomic<uint64_t> failures{0};
  double loadAtStart = loadAverage();
  double serverCpu0 = fleet.serverCpuSeconds(), dbCpu0 = fleet.databaseCpuSeconds();
  double benchCpu0 = ownCpuSeconds();
  auto start = Clock::now();
  auto end = start + std::chrono::seconds(o.seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      Client& me = all[i];
      me.number = i;
      me.section = i % perReport;
      me.report = ids[i / perReport];
      pthread_setname_np(pthread_self(), "bench-client");
      std::mt19937 rng(i);
      // People open the program at different moments, not in one millisecond: all at
      // once, every first poll would end together and every first edit go out together.
      if (o.startSpreadMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % o.startSpreadMs));
      try {
        int server = (o.byReport ? i / perReport : i) % fleet.size();
        me.syncUntil(fleet.url(server), token, end, rng, o.intervalMs);
      } catch (const std::exception& e) {
        if (failures++ == 0) std::fprintf(stderr, "client %d: %s\n", i, e.what());
      }
    });
  }
  int peakThreads = 0;
  while (Clock::now() < end) {
    peakThreads = std::max(peakThreads, processThreads());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  double loadAtEnd = loadAverage();
  for (auto& t : threads) t.join();
  double elapsed = msSince(start) / 1000;
  double serverCpu = fleet.serverCpuSeconds() - serverCpu0;
  double dbCpu = fleet.databaseCpuSeconds() - dbCpu0;
  double benchCpu = ownCpuSeconds() - benchCpu0;
  if (sampler) sampler->stop();
  std::optional<PgStatements> pg;
  if (pgBefore) pg = readPgStatements(fleet.pgUrl(), false);

  // Everyone catches up once more (others may have pushed after one's last pull).
  uint64_t errors = failures, requests = 0;
  std::vector<uint64_t> madeIn(reports, 0);
  std::vector<double> latencies;
  for (Client& c : all) {
    madeIn[c.number / perReport] += c.made;
    errors += c.errors;
    requests += c.requests;
    latencies.insert(latencies.end(), c.latenciesMs.begin(), c.latenciesMs.end());
  }
  bool converged = true;
  uint64_t total = 0;
  {
    core::ServerConnection conn(fleet.url(0), token);
    for (Client& c : all) {
      c.catchUp(conn);
      converged = converged && c.doc.version().total() == madeIn[c.number / perReport] + 1;
    }
  }
  for (uint64_t m : madeIn) total += m;
  double pushesPerS = double(latencies.size()) / elapsed;

  JsonWriter w;
  w.beginObject().key("bench").value("sync-load").key("ok").value(errors == 0 && converged);
  w.key("clients").value(clients).key("clients_per_report").value(perReport);
  w.key("reports")
      .value(reports)
      .key("seconds")
      .value(elapsed)
      .key("start_spread_ms")
      .value(o.startSpreadMs);
  w.key("changes").value(total).key("changes_per_s").value(double(total) / elapsed);
  w.key("store").value(fleet.postgres() ? "postgres" : "lmdb").key("servers").value(fleet.size());
  w.key("interval_ms").value(o.intervalMs).key("by_report").value(o.byReport);
  w.key("pushes_per_s").value(pushesPerS);
  w.key("requests_per_s").value(double(requests) / elapsed);
  w.key("push_p50_ms").value(percentile(latencies, 0.50));
  w.key("push_p99_ms").value(percentile(latencies, 0.99));
  w.key("push_max_ms").value(percentile(latencies, 1.0));
  w.key("errors").value(errors).key("converged").value(converged);
  w.key("server_peak_rss_mib").value(int64_t(fleet.peakRssMib()));
  w.key("server_peak_rss_sum_mib").value(int64_t(fleet.peakRssSumMib()));
  // Where the time went: CPU seconds over the run; this machine's cores bound their sum.
  w.key("cpu_s_servers").value(serverCpu).key("cpu_s_postgres").value(dbCpu);
  w.key("cpu_s_bench_clients").value(benchCpu);
  w.key("cores_busy").value((serverCpu + dbCpu + benchCpu) / elapsed);
  w.key("pushes_per_server_cpu_s")
      .value(serverCpu + dbCpu > 0 ? double(latencies.size()) / (serverCpu + dbCpu) : 0);
  if (sampler) {
    w.key("writer_lock_waiting_mean").value(sampler->meanWaiting());
    w.key("writer_lock_waited_share").value(sampler->shareWithWaiter());
    w.key("pg_active_mean").value(sampler->meanActive());
  }
  const char* stages = std::getenv("RS_PUSH_STAGES");
  if (stages && std::string(stages) == "1") writePushStages(w, fleet.metrics(0));
  if (pg && pg->counted) {
    // Over the run (the reports' setup before it not counted); pulls' reads included.
    double pushes = std::max<double>(1, double(latencies.size()));
    w.key("pg_statements_per_push").value(pg->calls / pushes);
    w.key("pg_exec_ms_per_push").value(pg->execMs / pushes);
    std::fprintf(stderr, "costliest statements:\n%s", pg->costliest.c_str());
  }
  if (pg) {
    // What the run's changes added to the database (tables, indexes, TOAST, and rows superseded
    // until vacuumed).
    w.key("pg_database_bytes").value(pg->databaseBytes);
    w.key("pg_bytes_per_change")
        .value(total ? double(pg->databaseBytes - pgBefore->databaseBytes) / double(total) : 0);
  }
  w.key("peak_threads").value(peakThreads);
  w.key("load_1min_start").value(loadAtStart).key("load_1min_end").value(loadAtEnd);
  printLine(w);
  return errors == 0 && converged ? 0 : 1;
}

}  // namespace rs::bench
