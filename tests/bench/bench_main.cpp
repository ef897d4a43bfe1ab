// reportsync-bench SUBCOMMAND ...: the project's benchmarks, each printing one JSON line.
//   trace FILE        replay a sequential editing trace, one change per edit
//   concurrent FILE   replay a concurrent trace, one replica per agent, merging along parents
#include <cstdio>
#include <exception>
#include <string>

namespace rs::bench {
int runTrace(const std::string& path);
int runConcurrent(const std::string& path);
}  // namespace rs::bench

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: reportsync-bench trace|concurrent TRACE.json.gz\n");
    return 2;
  }
  std::string command = argv[1];
  try {
    if (command == "trace") return rs::bench::runTrace(argv[2]);
    if (command == "concurrent") return rs::bench::runConcurrent(argv[2]);
    std::fprintf(stderr, "reportsync-bench: unknown subcommand '%s'\n", argv[1]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reportsync-bench: %s\n", e.what());
    return 1;
  }
}
