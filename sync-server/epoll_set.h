// An epoll instance with an eventfd that wakes its waiting loop (to stop it); the two
// descriptors are closed on destruction. The connection gate and the TLS front each run one,
// on the thread of an EpollLoop.
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

namespace rs::server {

class EpollSet {
 public:
  // Throws std::system_error when epoll or eventfd is unavailable.
  EpollSet() : epoll_(epoll_create1(EPOLL_CLOEXEC)), wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (epoll_ < 0 || wake_ < 0) {
      int error = errno;
      if (epoll_ >= 0) ::close(epoll_);
      if (wake_ >= 0) ::close(wake_);
      throw std::system_error(error, std::generic_category(), "epoll");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  }
  ~EpollSet() {
    if (epoll_ >= 0) ::close(epoll_);
    if (wake_ >= 0) ::close(wake_);
  }
  EpollSet(const EpollSet&) = delete;
  EpollSet& operator=(const EpollSet&) = delete;

  int fd() const { return epoll_; }
  // Makes the current or next epoll_wait return, with the wake descriptor ready.
  void wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_, &one, sizeof one);
  }
  bool isWake(int fd) const { return fd == wake_; }

 private:
  int epoll_, wake_;
};

// The thread the connection gate and the TLS front each run over their EpollSet: it waits
// (100 ms at most), then, holding the owner's mutex, ends once stop() was called, else hands
// each ready descriptor but the wake one to `ready` (descriptor, epoll events) and calls
// `sweep` every 100 ms (deadlines). The owner starts it last in its constructor and stops it
// first in its destructor, before it closes what the callbacks use.
class EpollLoop {
 public:
  EpollLoop(EpollSet& set, std::mutex& mu) : set_(set), mu_(mu) {}
  ~EpollLoop() { stop(); }
  EpollLoop(const EpollLoop&) = delete;
  EpollLoop& operator=(const EpollLoop&) = delete;

  void start(std::function<void(int, uint32_t)> ready, std::function<void()> sweep) {
    thread_ = std::thread([this, ready = std::move(ready), sweep = std::move(sweep)] {
      epoll_event events[128];
      auto lastSweep = std::chrono::steady_clock::now();
      while (true) {
        int n = epoll_wait(set_.fd(), events, 128, 100);
        std::lock_guard lock(mu_);
        if (stopping_) return;
        for (int i = 0; i < n; ++i)
          if (!set_.isWake(events[i].data.fd)) ready(events[i].data.fd, events[i].events);
        if (std::chrono::steady_clock::now() - lastSweep >= std::chrono::milliseconds(100)) {
          sweep();
          lastSweep = std::chrono::steady_clock::now();
        }
      }
    });
  }
  // Ends the thread (returns once it has): the callbacks are not called any more.
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    set_.wake();
    if (thread_.joinable()) thread_.join();
  }
  // Whether stop() has begun; read under the owner's mutex.
  bool stopping() const { return stopping_; }

 private:
  EpollSet& set_;
  std::mutex& mu_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rs::server
