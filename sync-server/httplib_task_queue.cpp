#include "httplib_task_queue.h"

#include <chrono>

namespace rs::server {

GrowingTaskQueue::GrowingTaskQueue(size_t maxThreads, size_t keepThreads, int idleSeconds)
    : maxThreads_(std::max<size_t>(1, maxThreads)),
      keepThreads_(keepThreads),
      idleSeconds_(idleSeconds) {}

GrowingTaskQueue::~GrowingTaskQueue() {
  shutdown();
}

void GrowingTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mu_);
  tasks_.push_back(std::move(fn));
  // Threads are detached and counted: an idle one takes the task, else a new one starts.
  if (idle_ >= tasks_.size() || alive_ >= maxThreads_) {
    lock.unlock();
    ready_.notify_one();
    return;
  }
  ++alive_;
  lock.unlock();
  try {
    std::thread([this] { work(); }).detach();
  } catch (const std::system_error&) {
    // No more threads from the system: the task waits for a running one.
    std::lock_guard relock(mu_);
    --alive_;
  }
}

void GrowingTaskQueue::work() {
  std::unique_lock lock(mu_);
  while (true) {
    ++idle_;
    bool woke = ready_.wait_for(lock, std::chrono::seconds(idleSeconds_),
                                [&] { return shutdown_ || !tasks_.empty(); });
    --idle_;
    if (tasks_.empty() && (shutdown_ || (!woke && alive_ > keepThreads_))) break;
    if (tasks_.empty()) continue;
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    task = nullptr;
    lock.lock();
  }
  --alive_;
  ended_.notify_all();
}

void GrowingTaskQueue::shutdown() {
  std::unique_lock lock(mu_);
  shutdown_ = true;
  ready_.notify_all();
  ended_.wait(lock, [&] { return alive_ == 0; });
}

size_t GrowingTaskQueue::threads() {
  std::lock_guard lock(mu_);
  return alive_;
}

}  // namespace rs::server
