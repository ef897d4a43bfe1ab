// reportsync-bench SUBCOMMAND ...: the project's benchmarks, each printing one JSON line.
//   trace FILE        replay a sequential editing trace, one change per edit
//   concurrent FILE   replay a concurrent trace, one replica per agent, merging along parents
//   sync-push FILE [packed]  a trace's history pushed to a real server on loopback, as
//                     stored spans (or, with `packed`, from packed changes as before)
//   sync-pull FILE    the same history pulled by a fresh replica
//   sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS] [--servers N]
//             [--postgres [URL]] [--interval MS] [--by-report]   long-polling clients on
//                                                  the real server
//                                                  binary(ies), a change every 2 s
//   attack-mix [SECONDS] [CLIENTS]   clients syncing on the real server binary while an
//                                    attacker runs slow connections, wrong logins and
//                                    big bodies
//   login-count [LOGINS] [STORE]     what the stored failed-login counts add to a login
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace rs::bench {
int runTrace(const std::string& path);
int runConcurrent(const std::string& path);
int runOpen(const std::string& path);
int runSyncPush(const std::string& path, bool packed);
int runSyncPull(const std::string& path);
int runSyncLoad(const std::vector<std::string>& args);
int runAttackMix(int seconds, int clients);
int runLoginCount(int logins, const std::string& where);
}  // namespace rs::bench

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "sync-load") return rs::bench::runSyncLoad({argv + 2, argv + argc});
    if (command == "attack-mix")
      return rs::bench::runAttackMix(argc > 2 ? std::atoi(argv[2]) : 60,
                                     argc > 3 ? std::atoi(argv[3]) : 50);
    if (command == "login-count")
      return rs::bench::runLoginCount(argc > 2 ? std::atoi(argv[2]) : 2000,
                                      argc > 3 ? argv[3] : "");
    if (argc != 3 && !(argc == 4 && command == "sync-push" && std::string(argv[3]) == "packed")) {
      std::fprintf(
          stderr,
          "usage: reportsync-bench trace|concurrent|open|sync-push|sync-pull TRACE.json.gz\n"
          "       reportsync-bench sync-push TRACE.json.gz packed\n"
          "       reportsync-bench sync-load [SECONDS] [CLIENTS] [PER_REPORT] [START_SPREAD_MS]\n"
          "                [--servers N] [--postgres [URL]] [--interval MS] [--by-report]\n"
          "       reportsync-bench attack-mix [SECONDS] [CLIENTS]\n"
          "       reportsync-bench login-count [LOGINS] [postgres://...]\n");
      return 2;
    }
    if (command == "trace") return rs::bench::runTrace(argv[2]);
    if (command == "concurrent") return rs::bench::runConcurrent(argv[2]);
    if (command == "open") return rs::bench::runOpen(argv[2]);
    if (command == "sync-push") return rs::bench::runSyncPush(argv[2], argc == 4);
    if (command == "sync-pull") return rs::bench::runSyncPull(argv[2]);
    std::fprintf(stderr, "reportsync-bench: unknown subcommand '%s'\n", argv[1]);
    return 2;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "reportsync-bench: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reportsync-bench: %s\n", e.what());
    return 1;
  }
}
