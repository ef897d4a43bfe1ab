// Raw HTTP/1.1 over sockets bound to a chosen loopback source address (127.0.0.x), for
// tests and benches that play an attacker from another machine; and a process's memory and
// threads. Failures throw std::runtime_error.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>

namespace rs::test {

using Clock = std::chrono::steady_clock;

// Seconds since `start`, for attack tests that say how long the server took to cut off.
inline double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Reply {
  int status = 0;
  std::string text;  // headers and body
};

// A TCP connection from `from` (a loopback address) to the server on 127.0.0.1:`port`.
// Throws when it cannot be made.
inline int connectFrom(int port, const std::string& from) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  // Many connections from one address: a port may be reused as soon as it is free.
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind to " + from);
  }
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(uint16_t(port));
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect from " + from);
  }
  return fd;
}

// Everything the server sends on `fd` until it closes (or `timeoutMs` without a byte).
inline Reply readReply(int fd, int timeoutMs = 60000) {
  timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  Reply r;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) r.text.append(buf, size_t(n));
  if (r.text.rfind("HTTP/1.1 ", 0) == 0) r.status = std::stoi(r.text.substr(9, 3));
  return r;
}

// One HTTP/1.1 request from `from` to the server; the whole reply.
inline Reply request(int port, const std::string& from, const std::string& head,
                     const std::string& body) {
  int fd = connectFrom(port, from);
  std::string out = head + "Content-Length: " + std::to_string(body.size()) +
                    "\r\nConnection: close\r\n\r\n" + body;
  if (send(fd, out.data(), out.size(), MSG_NOSIGNAL) != ssize_t(out.size())) {
    close(fd);
    throw std::runtime_error("the server closed the connection before the request was sent");
  }
  Reply r = readReply(fd);
  close(fd);
  return r;
}

// A login on the bureau's form from `from`, as a browser posts it: 401 for a wrong
// password, 429 over the failed-login limit, 403 for a right password of a non-bureau user.
inline Reply webLogin(int port, const std::string& from, const std::string& user,
                      const std::string& password) {
  return request(port, from,
                 "POST /bureau/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n",
                 "user=" + user + "&password=" + password);
}

// A number from /proc/PID/status (`field` with its colon, e.g. "VmHWM:"); -1 if absent.
// Memory fields are in KiB.
inline long procStatus(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  return -1;
}

}  // namespace rs::test
