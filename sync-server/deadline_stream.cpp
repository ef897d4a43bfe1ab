#include "deadline_stream.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rs::server {

namespace {

// Waits up to `ms` for `events` on `sock`; true when they came.
bool waitFor(int sock, short events, int ms) {
  pollfd p{sock, events, 0};
  while (true) {
    int n = poll(&p, 1, ms < 0 ? 0 : ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

int msUntil(DeadlineStream::Clock::time_point t) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - DeadlineStream::Clock::now());
  return left.count() < 0 ? -1 : int(left.count());
}

}  // namespace

bool addressText(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    auto& in = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    port = ntohs(in.sin_port);
  } else if (a.ss_family == AF_INET6) {
    auto& in = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &in.sin6_addr, text, sizeof text);
    port = ntohs(in.sin6_port);
  } else {
    return false;
  }
  ip = text;
  return true;
}

bool DeadlineStream::is_readable() const {
  if (headAt_ < headEnd_) return true;
  int ms = msUntil(readDeadline_);
  return ms >= 0 && waitFor(sock_, POLLIN, ms);
}

bool DeadlineStream::is_writable() const {
  return waitFor(sock_, POLLOUT, writeMs_);
}

size_t DeadlineStream::HeaderScan::feed(const char* p, size_t n) {
  for (size_t i = 0; i < n && !ended; ++i) {
    ++lineBytes;
    if (p[i] == '\n') {
      ended = lines > 0 && lineBytes == 2 && last == '\r';
      ++lines;
      lineBytes = 0;
      if (ended) return i + 1;
    }
    last = p[i];
  }
  return n;
}

ssize_t DeadlineStream::receive(char* ptr, size_t size, int flags) {
  while (true) {
    ssize_t n = recv(sock_, ptr, size, MSG_DONTWAIT | flags);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    int ms = msUntil(readDeadline_);
    if (ms < 0 || !waitFor(sock_, POLLIN, ms)) return -1;
  }
}

ssize_t DeadlineStream::read(char* ptr, size_t size) {
  if (size == 0) return 0;
  if (headAt_ == headEnd_ && size == 1 && !scan_.ended) {
    // The line reader's byte: take what is waiting of the header block at once.
    ssize_t peeked = receive(head_.data(), head_.size(), MSG_PEEK);
    if (peeked <= 0) return peeked;
    HeaderScan ahead = scan_;
    size_t take = ahead.feed(head_.data(), size_t(peeked));
    ssize_t got = receive(head_.data(), take, 0);
    if (got <= 0) return got;
    scan_.feed(head_.data(), size_t(got));
    headAt_ = 0;
    headEnd_ = size_t(got);
  }
  if (headAt_ < headEnd_) {
    size_t n = std::min(size, headEnd_ - headAt_);
    std::memcpy(ptr, head_.data() + headAt_, n);
    headAt_ += n;
    return ssize_t(n);
  }
  return receive(ptr, size, 0);
}

ssize_t DeadlineStream::write(const char* ptr, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = send(sock_, ptr + done, size - done, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!waitFor(sock_, POLLOUT, writeMs_)) return -1;
  }
  return ssize_t(size);
}

std::string peerAddress(int sock) {
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  std::string ip;
  int port = 0;
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&a), &n) == 0) addressText(a, ip, port);
  return ip;
}

void DeadlineStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (!remoteAddress_.empty()) {
    ip = remoteAddress_;
    port = 0;
    return;
  }
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  if (getpeername(sock_, reinterpret_cast<sockaddr*>(&a), &n) == 0) addressText(a, ip, port);
}

void DeadlineStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  if (getsockname(sock_, reinterpret_cast<sockaddr*>(&a), &n) == 0) addressText(a, ip, port);
}

}  // namespace rs::server
