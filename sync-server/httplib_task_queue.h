// cpp-httplib's worker threads for the sync server.
//
// httplib 0.11 runs each connection on one task-queue thread for as long as it stays
// open (keep-alive), and a long-polling pull holds its thread while it waits. A fixed pool
// therefore fills with waiting pulls and idle connections, and every other request (a push,
// a login) queues behind them. This queue starts a thread whenever none is idle, up to
// `maxThreads`; beyond that, tasks wait for a thread. Idle threads above `keepThreads`
// end after `idleSeconds`.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rs::server {

class GrowingTaskQueue : public httplib::TaskQueue {
 public:
  GrowingTaskQueue(size_t maxThreads, size_t keepThreads = 8, int idleSeconds = 60);
  ~GrowingTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;  // runs the queued tasks, then joins every thread

  size_t threads();  // threads alive now

 private:
  void work();

  const size_t maxThreads_, keepThreads_;
  const int idleSeconds_;
  std::mutex mu_;
  std::condition_variable ready_, ended_;
  std::deque<std::function<void()>> tasks_;
  size_t alive_ = 0, idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace rs::server
