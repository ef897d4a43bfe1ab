// reportsync-bench attack-mix [SECONDS] [CLIENTS]: CLIENTS (default 50) desktop programs
// syncing on the real server binary (long-polling, a change every 2 s, as sync-load) while
// a bounded attacker on other loopback addresses runs, for SECONDS (default 60):
//   - 96 slow connections (6 addresses x 16) sending a header line every 2 s, reopened
//     whenever the server cuts one;
//   - wrong logins from 2 threads, each attempt from one of 64 addresses;
//   - 32 MiB push bodies without a session from 2 threads, and with a valid session
//     (a stolen one) from 1 thread, each body malformed; each thread starts at most 10
//     a second (1 GB/s offered in all: the attacker's own CPU is this machine's too).
// Reports the programs' push latency and errors and the server's peak resident memory
// (VmHWM of its process). The programs come from 127.0.0.1, which the server is told to
// exempt from its per-address cap (--unlimited-addresses), as a department's many machines.
#include <capnp/message.h>
#include <poll.h>
#include <pthread.h>

#include <atomic>
#include <random>
#include <thread>

#include "../support/raw_http.h"
#include "../support/run_process.h"
#include "../support/server_process.h"
#include "bench_clients.h"
#include "bench_server.h"
#include "bench_util.h"
#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "proto/sync.capnp.h"

namespace rs::bench {

namespace {

using rs::test::Reply;

const char kPassword[] = "bench-password";
constexpr size_t kBigBody = (32u << 20) - 4096;

struct AttackCounts {
  std::atomic<uint64_t> slowOpened{0}, slowCut{0}, capRefused{0};
  std::atomic<uint64_t> logins{0}, loginsRefused{0};
  std::atomic<uint64_t> bodies{0}, bodiesRefused{0}, bodiesRead{0};
};

bool sendAll(int fd, const std::string& bytes) {
  return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size());
}

std::string protocolHeader() {
  return "X-Reportsync-Protocol: " + std::to_string(doc::kProtocolVersion) + "\r\n";
}

// Keeps 6 x 16 connections each trickling a header line every 2 s, until `stop`.
void slowConnections(int port, const std::atomic<bool>& stop, AttackCounts& n) {
  struct Slow {
    int fd = -1;
    std::string from;
  };
  std::vector<Slow> slow;
  for (int a = 0; a < 6; ++a)
    for (int i = 0; i < 16; ++i) slow.push_back({-1, "127.0.3." + std::to_string(a + 1)});
  while (!stop) {
    for (Slow& s : slow) {
      if (s.fd >= 0) {
        pollfd p{s.fd, POLLIN | POLLRDHUP, 0};
        if (poll(&p, 1, 0) == 0 && sendAll(s.fd, "X-Slow: 1\r\n")) continue;
        Reply r = rs::test::readReply(s.fd, 100);
        (r.status == 503 ? n.capRefused : n.slowCut)++;
        close(s.fd);
        s.fd = -1;
      }
      try {
        s.fd = rs::test::connectFrom(port, s.from);
        sendAll(s.fd, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        ++n.slowOpened;
      } catch (const std::exception&) {
        s.fd = -1;
      }
    }
    for (int i = 0; i < 20 && !stop; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (Slow& s : slow)
    if (s.fd >= 0) close(s.fd);
}

// Wrong passwords for `user`, each attempt from one of 64 addresses, until `stop`.
void wrongLogins(int port, int thread, const std::string& user, const std::atomic<bool>& stop,
                 AttackCounts& n) {
  for (int i = 0; !stop; ++i) {
    capnp::MallocMessageBuilder message;
    auto login = message.initRoot<proto::LoginRequest>();
    login.setUser(user);
    login.setPassword("guess-" + std::to_string(thread) + "-" + std::to_string(i));
    std::string from = "127.0.4." + std::to_string(1 + (thread * 32 + i) % 64);
    try {
      Reply r = rs::test::request(
          port, from, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n" + protocolHeader(),
          messageToString(message));
      ++n.logins;
      n.loginsRefused += r.status != 200;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

// 32 MiB malformed pushes to `report`, with `token` (empty: none), until `stop`.
void bigBodies(int port, int thread, const std::string& report, const std::string& token,
               const std::atomic<bool>& stop, AttackCounts& n) {
  static const std::string body(kBigBody, 'x');
  auto next = Clock::now();
  for (int i = 0; !stop; ++i) {
    std::this_thread::sleep_until(next);
    next += std::chrono::milliseconds(100);
    std::string from = "127.0.5." + std::to_string(1 + thread * 16 + i % 16);
    try {
      int fd = rs::test::connectFrom(port, from);
      std::string head =
          "POST /api/v1/reports/" + report + "/changes HTTP/1.1\r\nHost: x\r\n" + protocolHeader() +
          "Authorization: Bearer " + (token.empty() ? std::string("stolen?") : token) +
          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
      if (sendAll(fd, head)) sendAll(fd, body);  // a refused body is cut short
      Reply r = rs::test::readReply(fd, 30000);
      close(fd);
      ++n.bodies;
      (r.status == 400 ? n.bodiesRead : n.bodiesRefused)++;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

int runAttackMix(int seconds, int clients) {
  raiseFileLimit();
  const int perReport = 10;
  int reports = (clients + perReport - 1) / perReport;
  std::string dir = tempDir("attack");
  for (const char* user : {"office", "mallory"}) {
    auto r = rs::test::runProcess({RS_SERVER_PATH, "admin", "--data", dir, "add-user", user,
                                   "--role", "member", "--password-stdin"},
                                  std::string(kPassword) + "\n");
    if (r.exitCode != 0) throw std::runtime_error("add-user failed: " + r.err);
  }
  rs::test::ServerProcess server(RS_SERVER_PATH, dir, {"--unlimited-addresses", "127.0.0.1"});
  std::string token, stolen;
  std::vector<std::string> ids;
  {
    core::ServerConnection c(server.url(), "");
    token = c.login("office", kPassword).token;
    core::ServerConnection officeConn(server.url(), token);
    ids = shareReports(officeConn, reports, perReport);
    stolen = core::ServerConnection(server.url(), "").login("mallory", kPassword).token;
    core::ServerConnection m(server.url(), stolen);
    m.share(crdt::toHex(reportActor(999, 0x66)));
  }
  std::string malloryReport = crdt::toHex(reportActor(999, 0x66));

  double loadAtStart = loadAverage();
  AttackCounts attack;
  std::atomic<bool> stop{false};
  std::vector<std::thread> attackers;
  attackers.emplace_back([&] { slowConnections(server.port(), stop, attack); });
  for (int t = 0; t < 2; ++t)
    attackers.emplace_back([&, t] { wrongLogins(server.port(), t, "office", stop, attack); });
  for (int t = 0; t < 2; ++t)
    attackers.emplace_back([&, t] { bigBodies(server.port(), t, ids[0], "", stop, attack); });
  attackers.emplace_back([&] { bigBodies(server.port(), 2, malloryReport, stolen, stop, attack); });

  std::vector<Client> all(clients);
  std::atomic<uint64_t> failures{0};
  auto start = Clock::now();
  auto end = start + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      Client& me = all[i];
      me.number = i;
      me.section = i % perReport;
      me.report = ids[i / perReport];
      std::mt19937 rng(i);
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 2000));
      try {
        me.syncUntil(server.url(), token, end, rng);
      } catch (const std::exception& e) {
        if (failures++ == 0) std::fprintf(stderr, "client %d: %s\n", i, e.what());
      }
    });
  for (auto& t : threads) t.join();
  double elapsed = msSince(start) / 1000;
  double loadAtEnd = loadAverage();
  stop = true;
  for (auto& t : attackers) t.join();
  long peakRssMib = rs::test::procStatus(server.pid(), "VmHWM:") / 1024;
  long rssMib = rs::test::procStatus(server.pid(), "VmRSS:") / 1024;
  server.stop();
  removeDir(dir);

  uint64_t errors = failures, changes = 0;
  std::vector<double> latencies;
  for (Client& c : all) {
    errors += c.errors;
    changes += c.made;
    latencies.insert(latencies.end(), c.latenciesMs.begin(), c.latenciesMs.end());
  }
  double p99 = percentile(latencies, 0.99);
  bool ok = errors == 0 && p99 <= 100 && peakRssMib <= 512;
  JsonWriter w;
  w.beginObject().key("bench").value("attack-mix").key("ok").value(ok);
  w.key("clients").value(clients).key("seconds").value(elapsed).key("changes").value(changes);
  w.key("push_p50_ms").value(percentile(latencies, 0.50));
  w.key("push_p99_ms").value(p99).key("push_max_ms").value(percentile(latencies, 1.0));
  w.key("errors").value(errors);
  w.key("server_peak_rss_mib")
      .value(int64_t(peakRssMib))
      .key("server_rss_end_mib")
      .value(int64_t(rssMib));
  w.key("slow_opened").value(attack.slowOpened.load()).key("slow_cut").value(attack.slowCut.load());
  w.key("slow_refused_by_cap").value(attack.capRefused.load());
  w.key("wrong_logins")
      .value(attack.logins.load())
      .key("wrong_logins_refused")
      .value(attack.loginsRefused.load());
  w.key("big_bodies")
      .value(attack.bodies.load())
      .key("big_bodies_refused")
      .value(attack.bodiesRefused.load());
  w.key("big_bodies_read").value(attack.bodiesRead.load());
  w.key("load_1min_start").value(loadAtStart).key("load_1min_end").value(loadAtEnd);
  printLine(w);
  return ok ? 0 : 1;
}

}  // namespace rs::bench
