// reportsync-bench SUBCOMMAND ...: the project's benchmarks, each printing one JSON line.
//   trace FILE        replay a sequential editing trace, one change per edit
//   concurrent FILE   replay a concurrent trace, one replica per agent, merging along parents
//   sync-push FILE    a trace's history pushed to a real server on loopback
//   sync-pull FILE    the same history pulled by a fresh replica
//   sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS]   long-polling clients,
//                                                a change every 2 s
//   attack-mix [SECONDS] [CLIENTS]   clients syncing on the real server binary while an
//                                    attacker runs slow connections, wrong logins and
//                                    big bodies
//   login-count [LOGINS] [STORE]     what the stored failed-login counts add to a login
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace rs::bench {
int runTrace(const std::string& path);
int runConcurrent(const std::string& path);
int runSyncPush(const std::string& path);
int runSyncPull(const std::string& path);
int runSyncLoad(int seconds, int clients, int perReport, int startSpreadMs);
int runAttackMix(int seconds, int clients);
int runLoginCount(int logins, const std::string& where);
}  // namespace rs::bench

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "sync-load")
      return rs::bench::runSyncLoad(
          argc > 2 ? std::atoi(argv[2]) : 30, argc > 3 ? std::atoi(argv[3]) : 20,
          argc > 4 ? std::atoi(argv[4]) : 10, argc > 5 ? std::atoi(argv[5]) : 2000);
    if (command == "attack-mix")
      return rs::bench::runAttackMix(argc > 2 ? std::atoi(argv[2]) : 60,
                                     argc > 3 ? std::atoi(argv[3]) : 50);
    if (command == "login-count")
      return rs::bench::runLoginCount(argc > 2 ? std::atoi(argv[2]) : 2000,
                                      argc > 3 ? argv[3] : "");
    if (argc != 3) {
      std::fprintf(
          stderr,
          "usage: reportsync-bench trace|concurrent|sync-push|sync-pull TRACE.json.gz\n"
          "       reportsync-bench sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS]\n"
          "       reportsync-bench attack-mix [SECONDS] [CLIENTS]\n"
          "       reportsync-bench login-count [LOGINS] [postgres://...]\n");
      return 2;
    }
    if (command == "trace") return rs::bench::runTrace(argv[2]);
    if (command == "concurrent") return rs::bench::runConcurrent(argv[2]);
    if (command == "sync-push") return rs::bench::runSyncPush(argv[2]);
    if (command == "sync-pull") return rs::bench::runSyncPull(argv[2]);
    std::fprintf(stderr, "reportsync-bench: unknown subcommand '%s'\n", argv[1]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reportsync-bench: %s\n", e.what());
    return 1;
  }
}
