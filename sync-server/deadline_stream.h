// An httplib::Stream over a connected socket whose reads end at one deadline: a request's
// headers and body must arrive by then, however the client paces its bytes.
//
// httplib reads a request's line and headers one byte per read() (its line reader), which
// on a bare socket is a system call a byte: about 250 for a push's headers, a third of the
// server's CPU under the county's load (issue 16). So until the header block's end (its
// blank line) has been taken, a one-byte read takes in one recv every byte waiting up to
// that end (found by peeking first) and serves the next reads from them. It never takes a
// byte past the header block: the body is read as httplib asks, and a pipelined next
// request stays in the socket for the gate.
#pragma once

#include <httplib.h>

#include <array>
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

  // True also when header bytes taken from the socket are still to be read.
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
  // Where the header block ends, as httplib sees it: at a line that is "\r\n" after the
  // request line. Feeds `n` bytes; returns how many of them belong to the block (n unless
  // it ended inside them), and sets `ended` when it did.
  struct HeaderScan {
    size_t lines = 0, lineBytes = 0;
    char last = 0;
    bool ended = false;
    size_t feed(const char* p, size_t n);
  };
  // recv with the deadline: the bytes received, 0 at the peer's close, -1 on failure or
  // once the deadline passed. `flags` adds to MSG_DONTWAIT (MSG_PEEK).
  ssize_t receive(char* ptr, size_t size, int flags);

  int sock_;
  std::array<char, 4096> head_{};  // header bytes taken and not yet read
  size_t headAt_ = 0, headEnd_ = 0;
  HeaderScan scan_;
  Clock::time_point readDeadline_;
  int writeMs_;
  std::string remoteAddress_;
};

// The numeric address and port of a socket address; false for other families.
bool addressText(const sockaddr_storage& a, std::string& ip, int& port);

// The numeric address of a connected socket's peer; empty when it has none (a socketpair).
std::string peerAddress(int sock);

}  // namespace rs::server
