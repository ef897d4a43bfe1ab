// reportsync-bench sync-load [SECONDS] [CLIENTS]: CLIENTS people (default 20) on one
// report, each typing a small change every 100 ms and pushing it at once, and pulling the
// others' changes, for SECONDS (default 30). Reports throughput and push latency, and
// checks that at the end every client holds every change.
#include <algorithm>
#include <atomic>
#include <thread>

#include "bench_server.h"
#include "bench_util.h"
#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "doc/local_edit.h"

namespace rs::bench {

namespace {

const char kPassword[] = "bench-password";

struct Client {
  int number = 0;
  doc::Document doc;
  std::vector<double> latenciesMs;
  uint64_t cursor = 0;
  uint64_t made = 0;
  uint64_t errors = 0;

  // Applies pulled changes; own changes come back and are skipped as duplicates.
  void pull(core::ServerConnection& c, const std::string& id) {
    for (bool more = true; more;) {
      core::PullPage page = c.pull(id, cursor, 5000, 0);
      for (const std::string& bytes : page.changes)
        if (doc.apply(doc::decodeChange(bytes, doc.actors())) == doc::ApplyResult::kMissingDeps)
          ++errors;
      cursor = page.lastSeq;
      more = page.more;
    }
  }

  void typeAndPush(core::ServerConnection& c, const std::string& id) {
    doc::OpId section = *doc.sectionByNumber({number + 1});
    doc::LocalEdit e(doc, benchActor(uint8_t(number + 1)), "client", 0);
    e.insertText(section, 0, U"[" + std::u32string(1, U'a' + number % 26) + U"]");
    std::string bytes = doc::encodeChange(e.finish(), doc.actors());
    ++made;
    auto t0 = Clock::now();
    auto outcome = c.push(id, {bytes});
    latenciesMs.push_back(msSince(t0));
    if (outcome[0].status != core::PushOutcome::kAccepted) ++errors;
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int runSyncLoad(int seconds, int clients) {
  BenchServer server;
  server.service().addUser("office", server::Role::kMember, kPassword);
  std::string id = crdt::toHex(benchActor(77));
  std::string token;
  {
    core::ServerConnection c(server.url(), "");
    token = c.login("office", kPassword).token;
    c.share(id);
    doc::Document setup;
    doc::LocalEdit e(setup, benchActor(200), "office", 0);
    for (int i = 0; i < clients; ++i) e.createSection(std::nullopt, i, "section");
    c.push(id, {doc::encodeChange(e.finish(), setup.actors())});
  }

  std::vector<Client> all(clients);
  std::atomic<uint64_t> failures{0};
  auto start = Clock::now();
  auto end = start + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      Client& me = all[i];
      me.number = i;
      try {
        core::ServerConnection c(server.url(), token);
        me.pull(c, id);
        auto next = Clock::now();
        while (next < end) {
          me.typeAndPush(c, id);
          me.pull(c, id);
          next += std::chrono::milliseconds(100);
          std::this_thread::sleep_until(next);
        }
        me.pull(c, id);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = msSince(start) / 1000;

  // Everyone catches up once more (others may have pushed after one's last pull).
  uint64_t total = 0, errors = failures;
  std::vector<double> latencies;
  for (Client& c : all) {
    core::ServerConnection conn(server.url(), token);
    c.pull(conn, id);
    total += c.made;
    errors += c.errors;
    latencies.insert(latencies.end(), c.latenciesMs.begin(), c.latenciesMs.end());
  }
  bool converged = true;
  for (Client& c : all) converged = converged && c.doc.version().total() == total + 1;

  JsonWriter w;
  w.beginObject().key("bench").value("sync-load").key("ok").value(errors == 0 && converged);
  w.key("clients").value(clients).key("seconds").value(elapsed);
  w.key("changes").value(total).key("changes_per_s").value(double(total) / elapsed);
  w.key("push_p50_ms").value(percentile(latencies, 0.50));
  w.key("push_p99_ms").value(percentile(latencies, 0.99));
  w.key("errors").value(errors).key("converged").value(converged);
  printLine(w);
  return errors == 0 && converged ? 0 : 1;
}

}  // namespace rs::bench
