#include "connection_gate.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <system_error>

#include "deadline_stream.h"

namespace rs::server {

namespace {

// A short reply for a connection about to be closed; best effort, never waits.
void replyAndForget(int sock, int status, const char* reason, const std::string& text,
                    const std::string& extraHeaders = "") {
  std::string body = text + "\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                    "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n" + extraHeaders +
                    "Connection: close\r\n\r\n" + body;
  [[maybe_unused]] ssize_t n = send(sock, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

// The bytes of body to wait for after a header block (`head`, without the blank line):
// Content-Length when it is at most `await`, else 0 (the worker reads it, or refuses it).
size_t bodyToAwait(std::string_view head, size_t await) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (lower.find("\r\ntransfer-encoding:") != std::string::npos) return 0;
  size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  size_t i = at + 17;
  while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
  size_t length = 0, digits = 0;
  for (; i < lower.size() && std::isdigit(static_cast<unsigned char>(lower[i])) && digits < 19;
       ++i, ++digits)
    length = length * 10 + size_t(lower[i] - '0');
  return length <= await ? length : 0;
}

enum class Readiness { kIncomplete, kReady, kHeadersTooLarge };

// Whether the bytes received so far (`data`, at most `capacity` looked at) hold a request
// ready for a worker: its headers, and a body of up to awaitBodyBytes.
Readiness readiness(std::string_view data, size_t capacity, const GateOptions& options) {
  size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos || end + 4 > options.maxHeaderBytes)
    return data.size() < options.maxHeaderBytes ? Readiness::kIncomplete
                                                : Readiness::kHeadersTooLarge;
  size_t need = end + 4 + bodyToAwait(data.substr(0, end), options.awaitBodyBytes);
  return data.size() >= need || data.size() >= capacity ? Readiness::kReady
                                                        : Readiness::kIncomplete;
}

}  // namespace

bool ConnectionGate::nextRequestReady(int sock, int waitMs) {
  pollfd p{sock, POLLIN, 0};
  if (poll(&p, 1, waitMs) <= 0) return false;
  thread_local std::vector<char> buffer;
  buffer.resize(peek_.size());
  ssize_t n = recv(sock, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
  return n > 0 && readiness(std::string_view(buffer.data(), size_t(n)), buffer.size(), options_) ==
                      Readiness::kReady;
}

ConnectionGate::ConnectionGate(GateOptions options,
                               std::function<void(int, Clock::time_point)> serve)
    : options_(std::move(options)),
      serve_(std::move(serve)),
      peek_(options_.maxHeaderBytes + options_.awaitBodyBytes),
      workers_(std::make_unique<GrowingTaskQueue>(options_.maxThreads)) {
  loop_.start([this](int sock, uint32_t) { check(sock); }, [this] { sweep(); });
}

ConnectionGate::~ConnectionGate() {
  loop_.stop();
  {
    std::lock_guard lock(mu_);
    std::vector<int> waiting;
    for (auto& [sock, conn] : conns_)
      if (conn.busy)
        ::shutdown(sock, SHUT_RDWR);  // its worker then closes it
      else
        waiting.push_back(sock);
    for (int sock : waiting) release(sock);
  }
  workers_->shutdown();
}

void ConnectionGate::admit(int sock) {
  admit(sock, peerAddress(sock));
}

std::string ConnectionGate::address(int sock) {
  std::lock_guard lock(mu_);
  auto it = conns_.find(sock);
  return it == conns_.end() ? std::string() : it->second.address;
}

void ConnectionGate::admit(int sock, std::string address) {
  std::unique_lock lock(mu_);
  size_t& count = perAddress_[address];
  bool capped = options_.perAddress > 0 && !options_.unlimitedAddresses.count(address);
  if (loop_.stopping() || (capped && count >= options_.perAddress)) {
    if (count == 0) perAddress_.erase(address);
    lock.unlock();
    replyAndForget(sock, 503, "Service Unavailable",
                   "too many connections from " + address + " (this server allows " +
                       std::to_string(options_.perAddress) + " per address)",
                   "Retry-After: 2\r\n");
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return;
  }
  ++count;
  // The first request's bytes are due at once, under the same deadline as its end.
  conns_[sock] =
      Conn{address, Clock::now() + std::chrono::milliseconds(options_.requestMs), true, false};
  watch(sock);
}

void ConnectionGate::park(int sock) {
  std::lock_guard lock(mu_);
  auto it = conns_.find(sock);
  if (it == conns_.end()) return;
  if (loop_.stopping()) return release(sock);
  it->second.busy = false;
  it->second.started = false;
  it->second.deadline = Clock::now() + std::chrono::milliseconds(options_.idleMs);
  watch(sock);  // edge-triggered: bytes already waiting are reported at once
}

void ConnectionGate::close(int sock, int lingerMs, size_t lingerBytes) {
  if (lingerMs > 0) {
    ::shutdown(sock, SHUT_WR);
    DeadlineStream drain(sock, Clock::now() + std::chrono::milliseconds(lingerMs), 0);
    char buf[16384];
    size_t dropped = 0;
    for (ssize_t n; dropped < lingerBytes && (n = drain.read(buf, sizeof buf)) > 0;)
      dropped += size_t(n);
  }
  std::lock_guard lock(mu_);
  release(sock);
}

void ConnectionGate::watch(int sock) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
  ev.data.fd = sock;
  if (epoll_ctl(epoll_.fd(), EPOLL_CTL_ADD, sock, &ev) != 0) release(sock);
}

void ConnectionGate::release(int sock) {
  auto it = conns_.find(sock);
  if (it == conns_.end()) return;
  auto count = perAddress_.find(it->second.address);
  if (count != perAddress_.end() && --count->second == 0) perAddress_.erase(count);
  conns_.erase(it);
  epoll_ctl(epoll_.fd(), EPOLL_CTL_DEL, sock, nullptr);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

void ConnectionGate::check(int sock) {
  auto it = conns_.find(sock);
  if (it == conns_.end() || it->second.busy) return;
  ssize_t n = recv(sock, peek_.data(), peek_.size(), MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) return release(sock);  // closed by the client, or failed
  Conn& conn = it->second;
  if (!conn.started) {
    conn.started = true;
    conn.deadline = Clock::now() + std::chrono::milliseconds(options_.requestMs);
  }
  Readiness ready = readiness(std::string_view(peek_.data(), size_t(n)), peek_.size(), options_);
  if (ready == Readiness::kIncomplete) return;  // more to come
  if (ready == Readiness::kHeadersTooLarge) {
    replyAndForget(sock, 431, "Request Header Fields Too Large",
                   "request headers too large: this server takes at most " +
                       std::to_string(options_.maxHeaderBytes) + " bytes");
    return release(sock);
  }
  conn.busy = true;
  epoll_ctl(epoll_.fd(), EPOLL_CTL_DEL, sock, nullptr);
  workers_->enqueue([this, sock, ready = Clock::now()] { serve_(sock, ready); });
}

void ConnectionGate::sweep() {
  Clock::time_point now = Clock::now();
  std::vector<int> late;
  for (auto& [sock, conn] : conns_)
    if (!conn.busy && conn.deadline < now) late.push_back(sock);
  for (int sock : late) {
    if (conns_[sock].started)
      replyAndForget(sock, 408, "Request Timeout",
                     "request not complete within " + std::to_string(options_.requestMs) +
                         " ms of its first byte");
    release(sock);
  }
}

}  // namespace rs::server
