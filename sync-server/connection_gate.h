// Holds the server's connections while they wait for a request, on one epoll thread, so a
// slow or silent client pins no worker thread. A connection goes to a worker only when a
// request is ready: its headers complete and, for a body up to `awaitBodyBytes`, the body
// too. Requests must be ready within `requestMs` of their first byte; idle keep-alive
// connections close after `idleMs`; one address holds at most `perAddress` connections.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "epoll_set.h"
#include "httplib_task_queue.h"

namespace rs::server {

struct GateOptions {
  int requestMs = 5000;    // headers (and a small body) within this of the first byte
  int idleMs = 10000;      // a connection without a request for this long is closed
  size_t perAddress = 16;  // connections at once from one address; 0: no cap
  std::set<std::string> unlimitedAddresses;  // addresses exempt from perAddress
  size_t maxHeaderBytes = 16 * 1024;         // larger header blocks get a 431
  size_t awaitBodyBytes = 16 * 1024;         // bodies up to this wait here, not on a worker
  size_t maxThreads = 4096;                  // workers serving ready requests at once
  int holdMs = 20;  // a worker waits this long for a connection's next request, then parks it
};

class ConnectionGate {
 public:
  // `serve(sock, ready)` runs on a worker for a connection with a request ready (complete
  // since `ready`); it must end by calling park(sock) or close(sock). Throws
  // std::system_error when epoll is unavailable.
  ConnectionGate(GateOptions options,
                 std::function<void(int, std::chrono::steady_clock::time_point)> serve);
  ~ConnectionGate();  // closes every connection it holds; waits for the workers
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Takes an accepted socket (refused with a 503 when its address holds too many).
  void admit(int sock);
  // Takes a connection whose client is at `address` (the plain side of a TLS connection).
  void admit(int sock, std::string address);
  // The client address of a connection the gate holds; empty when it holds none.
  std::string address(int sock);
  // After a request: waits for the connection's next one (up to idleMs).
  void park(int sock);
  // On the worker, after a request: whether the connection's next request is complete
  // within `waitMs` (then the worker serves it at once, sparing a handoff through the gate).
  bool nextRequestReady(int sock, int waitMs);
  // Ends the connection. `lingerMs` > 0: first reads and drops what the client still sends
  // (a refused body), for up to that long and `lingerBytes`, so that the client, once its
  // body is sent, reads the reply rather than a reset.
  void close(int sock, int lingerMs = 0, size_t lingerBytes = 0);

  const GateOptions& options() const { return options_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Conn {
    std::string address;
    Clock::time_point deadline;
    bool started = false;  // a request's first byte has come
    bool busy = false;     // on a worker
  };
  void check(int sock);    // under mu_
  void sweep();            // under mu_: ends connections past their deadline
  void release(int sock);  // under mu_: forgets and closes
  void watch(int sock);    // under mu_

  const GateOptions options_;
  const std::function<void(int, Clock::time_point)> serve_;
  EpollSet epoll_;
  std::mutex mu_;
  std::map<int, Conn> conns_;
  std::map<std::string, size_t> perAddress_;
  std::vector<char> peek_;
  std::unique_ptr<GrowingTaskQueue> workers_;
  EpollLoop loop_{epoll_, mu_};
};

}  // namespace rs::server
