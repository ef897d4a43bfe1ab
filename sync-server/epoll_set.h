// An epoll instance with an eventfd that wakes its waiting loop (to stop it); the two
// descriptors are closed on destruction. The connection gate and the TLS front each run one.
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

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

}  // namespace rs::server
