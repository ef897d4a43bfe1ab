// Terminates TLS in front of the connection gate, on one epoll thread with non-blocking
// OpenSSL: each TLS connection becomes a plain one over a socketpair that the gate holds
// like any other. So with --cert/--key a slow or silent client pins no thread either: the
// handshake must end within `handshakeMs` of the connection, the request's deadline and the
// idle limit are the gate's, and replies flow back with backpressure (one 16 KiB record in
// flight per direction), never buffered without bound.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "epoll_set.h"

namespace rs::server {

struct TlsOptions {
  std::string certFile, keyFile;             // PEM; the certificate file may hold a chain
  int handshakeMs = 5000;                    // the TLS handshake ends within this of accept
  size_t perAddress = 16;                    // TLS connections at once from one address
  std::set<std::string> unlimitedAddresses;  // addresses exempt from perAddress
};

class TlsFront {
 public:
  // `admit(plainSock, address)` hands the plain side of a connection whose handshake ended
  // to the gate, naming the client's address. Throws std::runtime_error when the
  // certificate or key cannot be used (naming the file and OpenSSL's reason).
  TlsFront(TlsOptions options, std::function<void(int, const std::string&)> admit);
  ~TlsFront();  // closes every connection; joins the thread
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  // Takes an accepted TCP socket. Over the per-address cap it is closed at once (before
  // TLS, no reply can be read).
  void accept(int sock);

 private:
  using Clock = std::chrono::steady_clock;
  struct Conn;
  void ready(int fd, uint32_t events);  // under mu_: an epoll event of a connection
  void pump(Conn& conn);                // under mu_: moves bytes both ways as far as they go
  void interest(Conn& conn);            // under mu_: epoll events for the connection's state
  void drop(int tlsSock);               // under mu_: ends the connection, both sides
  void sweep();                         // under mu_: ends handshakes past their deadline

  const TlsOptions options_;
  const std::function<void(int, const std::string&)> admit_;
  struct SslContext;
  std::unique_ptr<SslContext> ctx_;
  EpollSet epoll_;
  std::mutex mu_;
  std::map<int, std::unique_ptr<Conn>> conns_;  // by TLS socket
  std::map<int, int> byPlain_;                  // plain socket -> TLS socket
  std::map<std::string, size_t> perAddress_;
  EpollLoop loop_{epoll_, mu_};
};

}  // namespace rs::server
