// An httplib::Stream over a connected socket whose reads end at one deadline: a request's
// headers and body must arrive by then, however the client paces its bytes.
#pragma once

#include <httplib.h>

#include <chrono>

namespace rs::server {

class DeadlineStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;
  // `writeMs`: how long one write may wait for the peer to take bytes (ms).
  DeadlineStream(int sock, Clock::time_point readDeadline, int writeMs)
      : sock_(sock), readDeadline_(readDeadline), writeMs_(writeMs) {}

  // Moves the read deadline (the body of an accepted request gets more time).
  void setReadDeadline(Clock::time_point t) { readDeadline_ = t; }
  // The client's address when the socket's peer is not the client (TLS ends in front).
  void setRemoteAddress(std::string address) { remoteAddress_ = std::move(address); }

  bool is_readable() const override;
  bool is_writable() const override;
  // Returns -1 once the read deadline passed or the socket failed; 0 at the peer's close.
  ssize_t read(char* ptr, size_t size) override;
  // Writes all of `size` bytes or returns -1 (peer gone, or no progress for writeMs).
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  int sock_;
  Clock::time_point readDeadline_;
  int writeMs_;
  std::string remoteAddress_;
};

// The numeric address and port of a socket address; false for other families.
bool addressText(const sockaddr_storage& a, std::string& ip, int& port);

// The numeric address of a connected socket's peer; empty when it has none (a socketpair).
std::string peerAddress(int sock);

}  // namespace rs::server
