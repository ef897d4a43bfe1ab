#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "test_store.h"

extern char** environ;

namespace rs::test {

ServerProcess::ServerProcess(std::string binary, std::string dataDir,
                             std::vector<std::string> extraArgs, std::string logPath)
    : binary_(std::move(binary)),
      dataDir_(std::move(dataDir)),
      extraArgs_(std::move(extraArgs)),
      logPath_(std::move(logPath)) {
  for (const std::string& arg : extraArgs_) tls_ = tls_ || arg == "--cert";
  start();
}

ServerProcess::~ServerProcess() {
  if (running()) stop();
}

// Reads the "listening on HOST:PORT" line the server prints once it is bound.
static int readPort(int fd) {
  std::string line;
  char c;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) break;
    if (c == '\n') {
      size_t colon = line.rfind(':');
      if (line.rfind("listening on ", 0) == 0 && colon != std::string::npos)
        return std::stoi(line.substr(colon + 1));
      line.clear();
    } else {
      line.push_back(c);
    }
  }
  throw std::runtime_error("reportsync-server did not start");
}

void ServerProcess::start(int port) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {binary_};
  for (const std::string& a : storeArgs(dataDir_)) args.push_back(a);
  args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});
  args.insert(args.end(), extraArgs_.begin(), extraArgs_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  if (logPath_.empty())
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  else
    posix_spawn_file_actions_addopen(&actions, 2, logPath_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error("cannot start " + binary_);
  }
  port_ = readPort(out[0]);
  close(out[0]);
}

static void signalAndWait(pid_t& pid, int sig) {
  if (pid <= 0) return;
  ::kill(pid, sig);
  waitpid(pid, nullptr, 0);
  pid = -1;
}

void ServerProcess::stop() {
  signalAndWait(pid_, SIGTERM);
}
void ServerProcess::kill() {
  signalAndWait(pid_, SIGKILL);
}

}  // namespace rs::test
