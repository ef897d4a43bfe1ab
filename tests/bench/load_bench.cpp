// reportsync-bench sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS]: CLIENTS desktop
// programs on one server, PER_REPORT (default 10) people to a report (a county's departments), each
// behaving as the program's sync worker does: one connection, long-polling (wait 2 s) for
// colleagues' changes whenever it has nothing to send, and typing a small change every
// 2 s which it pushes at once. The programs start over the first START_SPREAD_MS (default
// 2,000: people do not open them in one millisecond; 0 starts all at once, as after a
// server restart without the program's jittered retry). Runs for SECONDS (default 30).
// Reports push latency and checks that at the end every client holds every change of its
// report.
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include "bench_clients.h"
#include "bench_server.h"
#include "bench_util.h"
#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "doc/local_edit.h"

namespace rs::bench {

namespace {

const char kPassword[] = "bench-password";

int processThreads() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  return 0;
}

}  // namespace

int runSyncLoad(int seconds, int clients, int perReport, int startSpreadMs) {
  raiseFileLimit();
  perReport = std::max(1, std::min(perReport, clients));
  int reports = (clients + perReport - 1) / perReport;
  BenchServer server;
  server.service().addUser("office", server::Role::kMember, kPassword);
  std::string token;
  std::vector<std::string> ids;
  {
    core::ServerConnection c(server.url(), "");
    token = c.login("office", kPassword).token;
    ids = shareReports(c, reports, perReport);
  }

  std::vector<Client> all(clients);
  std::atomic<uint64_t> failures{0};
  double loadAtStart = loadAverage();
  auto start = Clock::now();
  auto end = start + std::chrono::seconds(seconds);
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
      if (startSpreadMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % startSpreadMs));
      try {
        me.syncUntil(server.url(), token, end, rng);
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
    core::ServerConnection conn(server.url(), token);
    for (Client& c : all) {
      c.catchUp(conn);
      converged = converged && c.doc.version().total() == madeIn[c.number / perReport] + 1;
    }
  }
  for (uint64_t m : madeIn) total += m;

  JsonWriter w;
  w.beginObject().key("bench").value("sync-load").key("ok").value(errors == 0 && converged);
  w.key("clients").value(clients).key("clients_per_report").value(perReport);
  w.key("reports")
      .value(reports)
      .key("seconds")
      .value(elapsed)
      .key("start_spread_ms")
      .value(startSpreadMs);
  w.key("changes").value(total).key("changes_per_s").value(double(total) / elapsed);
  w.key("requests_per_s").value(double(requests) / elapsed);
  w.key("push_p50_ms").value(percentile(latencies, 0.50));
  w.key("push_p99_ms").value(percentile(latencies, 0.99));
  w.key("push_max_ms").value(percentile(latencies, 1.0));
  w.key("errors").value(errors).key("converged").value(converged);
  w.key("peak_threads").value(peakThreads);
  w.key("load_1min_start").value(loadAtStart).key("load_1min_end").value(loadAtEnd);
  printLine(w);
  return errors == 0 && converged ? 0 : 1;
}

}  // namespace rs::bench
