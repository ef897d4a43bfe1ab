// reportsync-bench login-count [LOGINS] [STORE]: what the stored failed-login counts
// (sync-server/login_counts.h) add to a login, in this process on the real store: STORE is
// a postgres:// URL, else a new LMDB data folder in /tmp. A failed login costs one side
// write (reserve); a right one two (reserve, then loggedIn). Each is timed from many
// addresses, then the prune of what they left. Argon2id (about 200 ms) is not included:
// these figures are what the counter adds to it.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench_clients.h"
#include "bench_util.h"
#include "login_guard.h"
#include "pg_engine.h"

namespace rs::bench {

int runLoginCount(int logins, const std::string& where) {
  std::string folder;
  std::unique_ptr<server::ServerStore> store;
  if (server::isPostgresUrl(where)) {
    store = std::make_unique<server::ServerStore>(std::make_unique<server::PgEngine>(where));
  } else {
    folder =
        std::filesystem::temp_directory_path() / ("rs-login-bench-" + std::to_string(getpid()));
    store = std::make_unique<server::ServerStore>(folder);
  }
  server::LoginCounts& counts = store->logins().counts();
  const server::LoginLimits limits;
  const int64_t windowMs = std::chrono::milliseconds(limits.window).count();
  const int64_t t0 = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  auto attempt = [&](int i, const std::string& name) {
    auto a = server::LoginCounts::attempt(name,
                                          "10." + std::to_string(i / 65536 % 256) + "." +
                                              std::to_string(i / 256 % 256) + "." +
                                              std::to_string(i % 256),
                                          t0 + i);
    a.limits[0] = limits.perAddressUser;
    a.limits[1] = limits.perAddress;
    a.limits[2] = 1 << 30;  // one name from every address: measure, do not refuse
    return a;
  };
  std::vector<double> failed, succeeded;
  for (int i = 0; i < logins; ++i) {
    auto start = Clock::now();
    counts.reserve(store->db(), attempt(i, "guess"), windowMs);
    failed.push_back(msSince(start));
  }
  for (int i = 0; i < logins; ++i) {
    auto a = attempt(logins + i, "office");
    auto start = Clock::now();
    counts.reserve(store->db(), a, windowMs);
    counts.loggedIn(store->db(), a, windowMs);
    succeeded.push_back(msSince(start));
  }
  size_t held = counts.size(store->db());
  auto start = Clock::now();
  size_t pruned = counts.prune(store->db(), t0 + 2 * logins + windowMs, windowMs);
  double pruneMs = msSince(start);

  JsonWriter w;
  w.beginObject();
  w.key("bench").value("login-count");
  w.key("engine").value(server::isPostgresUrl(where) ? "postgres" : "lmdb");
  w.key("logins").value(logins);
  w.key("failed_p50_ms").value(percentile(failed, 0.50));
  w.key("failed_p99_ms").value(percentile(failed, 0.99));
  w.key("right_p50_ms").value(percentile(succeeded, 0.50));
  w.key("right_p99_ms").value(percentile(succeeded, 0.99));
  w.key("counters_held").value(uint64_t(held));
  w.key("pruned").value(uint64_t(pruned));
  w.key("prune_ms").value(pruneMs);
  w.key("load").value(loadAverage());
  printLine(w);
  store.reset();
  if (!folder.empty()) std::filesystem::remove_all(folder);
  return pruned == held ? 0 : 1;
}

}  // namespace rs::bench
