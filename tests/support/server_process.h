// The real reportsync-server binary on a free loopback port, stopped at scope exit.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "test_store.h"

namespace rs::test {

class ServerProcess {
 public:
  // Starts the server on `dataDir` (or the run's PostgreSQL database for it, or a
  // postgres:// URL: test_store.h) and waits until it listens. `extraArgs` are appended.
  // Its standard error (the request log) goes to `logPath` (appended), else nowhere.
  ServerProcess(std::string binary, std::string dataDir, std::vector<std::string> extraArgs = {},
                std::string logPath = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // https:// when the server was given --cert.
  std::string url() const {
    return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_);
  }
  int port() const { return port_; }
  void stop();               // SIGTERM and wait
  void kill();               // SIGKILL and wait: a crash
  void start(int port = 0);  // again, on the same port when given (after stop/kill)
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  std::string binary_, dataDir_;
  std::vector<std::string> extraArgs_;
  std::string logPath_;
  bool tls_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace rs::test
