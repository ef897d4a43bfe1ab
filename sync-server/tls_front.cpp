#include "tls_front.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "deadline_stream.h"

namespace rs::server {

namespace {

constexpr size_t kChunk = 16384;  // one TLS record's worth of plaintext
constexpr int kWriteMs = 10000;   // a client must take reply bytes within this (as the gate)

std::string opensslReason() {
  unsigned long e = ERR_get_error();
  char text[256] = "unknown reason";
  if (e != 0) ERR_error_string_n(e, text, sizeof text);
  ERR_clear_error();
  return text;
}

bool wouldBlock() {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

void setNonBlocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

struct TlsFront::SslContext {
  SSL_CTX* ctx = nullptr;
  ~SslContext() { SSL_CTX_free(ctx); }
};

struct TlsFront::Conn {
  int tls = -1;
  int plain = -1;  // the front's end of the socketpair; -1 until the handshake ends
  SSL* ssl = nullptr;
  std::string address;
  Clock::time_point deadline = Clock::time_point::max();
  bool open = false;                        // handshake ended
  bool tlsEof = false;                      // the client sent close_notify
  bool plainShut = false;                   // and the gate's side was told so
  bool plainEof = false;                    // the gate's side closed: send what is left, then end
  bool waitTlsWrite = false;                // an SSL call waits for the socket to take bytes
  bool writeWaitsRead = false;              // SSL_write waits for the client's bytes (a key update)
  std::string toPlain, toTls;               // bytes in flight, at most one chunk each
  uint32_t tlsEvents = 0, plainEvents = 0;  // registered with epoll (0: not registered)

  ~Conn() {
    if (ssl) SSL_free(ssl);  // no close_notify here: drop() sends it when it can
    if (plain >= 0) ::close(plain);
    if (tls >= 0) {
      ::shutdown(tls, SHUT_RDWR);
      ::close(tls);
    }
  }
};

TlsFront::TlsFront(TlsOptions options, std::function<void(int, const std::string&)> admit)
    : options_(std::move(options)), admit_(std::move(admit)), ctx_(new SslContext) {
  ctx_->ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx_->ctx) throw std::runtime_error("cannot set up TLS: " + opensslReason());
  SSL_CTX_set_min_proto_version(ctx_->ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx_->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                  SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(ctx_->ctx, options_.certFile.c_str()) != 1)
    throw std::runtime_error("cannot use the certificate " + options_.certFile + ": " +
                             opensslReason());
  if (SSL_CTX_use_PrivateKey_file(ctx_->ctx, options_.keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
    throw std::runtime_error("cannot use the key " + options_.keyFile + ": " + opensslReason());
  if (SSL_CTX_check_private_key(ctx_->ctx) != 1)
    throw std::runtime_error("the key " + options_.keyFile + " does not match the certificate " +
                             options_.certFile);
  loop_.start([this](int fd, uint32_t events) { ready(fd, events); }, [this] { sweep(); });
}

TlsFront::~TlsFront() {
  loop_.stop();
  conns_.clear();
}

void TlsFront::accept(int sock) {
  std::string address = peerAddress(sock);
  std::lock_guard lock(mu_);
  size_t& count = perAddress_[address];
  bool capped = options_.perAddress > 0 && !options_.unlimitedAddresses.count(address);
  SSL* ssl =
      loop_.stopping() || (capped && count >= options_.perAddress) ? nullptr : SSL_new(ctx_->ctx);
  if (!ssl) {
    if (count == 0) perAddress_.erase(address);
    ::close(sock);
    return;
  }
  ++count;
  setNonBlocking(sock);
  SSL_set_fd(ssl, sock);
  SSL_set_accept_state(ssl);
  auto conn = std::make_unique<Conn>();
  conn->tls = sock;
  conn->ssl = ssl;
  conn->address = std::move(address);
  conn->deadline = Clock::now() + std::chrono::milliseconds(options_.handshakeMs);
  Conn& c = *conn;
  conns_[sock] = std::move(conn);
  interest(c);
}

void TlsFront::ready(int fd, uint32_t events) {
  auto plain = byPlain_.find(fd);
  int tls = plain != byPlain_.end() ? plain->second : fd;
  auto it = conns_.find(tls);
  if (it == conns_.end()) return;
  // A reset client cannot be written to: end at once rather than wait on it.
  if (fd == tls && (events & EPOLLERR)) return drop(tls);
  pump(*it->second);
}

void TlsFront::pump(Conn& c) {
  c.waitTlsWrite = c.writeWaitsRead = false;
  if (!c.open) {
    int r = SSL_do_handshake(c.ssl);
    if (r != 1) {
      int e = SSL_get_error(c.ssl, r);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        ERR_clear_error();
        return drop(c.tls);  // not TLS, or a certificate the client refused
      }
      c.waitTlsWrite = e == SSL_ERROR_WANT_WRITE;
      return interest(c);
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return drop(c.tls);
    setNonBlocking(pair[0]);
    c.plain = pair[0];
    byPlain_[c.plain] = c.tls;
    c.open = true;
    c.deadline = Clock::time_point::max();
    admit_(pair[1], c.address);  // the gate owns pair[1] from here
  }
  char buf[kChunk];
  for (bool progress = true; progress;) {
    progress = false;
    // Client to server: one decrypted chunk at a time, as fast as the gate's side takes it.
    if (c.toPlain.empty() && !c.tlsEof) {
      int n = SSL_read(c.ssl, buf, sizeof buf);
      if (n > 0) {
        c.toPlain.assign(buf, size_t(n));
        progress = true;
      } else {
        int e = SSL_get_error(c.ssl, n);
        if (e == SSL_ERROR_ZERO_RETURN) {
          c.tlsEof = progress = true;
        } else if (e == SSL_ERROR_WANT_WRITE) {
          c.waitTlsWrite = true;
        } else if (e != SSL_ERROR_WANT_READ) {
          ERR_clear_error();
          return drop(c.tls);  // reset, or a TLS error
        }
      }
    }
    if (!c.toPlain.empty()) {
      ssize_t n = send(c.plain, c.toPlain.data(), c.toPlain.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        c.toPlain.erase(0, size_t(n));
        progress = true;
      } else if (n < 0 && !wouldBlock()) {
        return drop(c.tls);  // the gate ended the connection
      }
    }
    if (c.tlsEof && c.toPlain.empty() && !c.plainShut) {
      ::shutdown(c.plain, SHUT_WR);
      c.plainShut = true;
    }
    // Server to client: the reply, one chunk at a time, as fast as the client takes it.
    if (c.toTls.empty() && !c.plainEof) {
      ssize_t n = recv(c.plain, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        c.toTls.assign(buf, size_t(n));
        progress = true;
      } else if (n == 0 || !wouldBlock()) {
        c.plainEof = progress = true;
      }
    }
    if (!c.toTls.empty()) {
      int n = SSL_write(c.ssl, c.toTls.data(), int(c.toTls.size()));
      if (n > 0) {
        c.toTls.erase(0, size_t(n));
        progress = true;
      } else {
        int e = SSL_get_error(c.ssl, n);
        if (e == SSL_ERROR_WANT_WRITE)
          c.waitTlsWrite = true;
        else if (e == SSL_ERROR_WANT_READ)
          c.writeWaitsRead = true;
        else {
          ERR_clear_error();
          return drop(c.tls);
        }
      }
    }
    if (c.plainEof && c.toTls.empty()) {
      SSL_shutdown(c.ssl);  // close_notify, best effort
      ERR_clear_error();
      return drop(c.tls);
    }
  }
  // A client that stops taking its reply is dropped after kWriteMs (as the gate's writes).
  if (c.waitTlsWrite && c.deadline == Clock::time_point::max())
    c.deadline = Clock::now() + std::chrono::milliseconds(kWriteMs);
  else if (!c.waitTlsWrite)
    c.deadline = Clock::time_point::max();
  interest(c);
}

void TlsFront::interest(Conn& c) {
  // Watch a side only for what lets bytes move; a side with nothing to do is left out of
  // epoll, so that its hang-up cannot spin the loop while the other side is waited on.
  uint32_t tls = 0, plain = 0;
  if (!c.open || (c.toPlain.empty() && !c.tlsEof) || c.writeWaitsRead) tls |= EPOLLIN;
  if (c.waitTlsWrite) tls |= EPOLLOUT;
  if (c.open) {
    if (c.toTls.empty() && !c.plainEof) plain |= EPOLLIN | EPOLLRDHUP;
    if (!c.toPlain.empty()) plain |= EPOLLOUT;
  }
  auto apply = [this](int fd, uint32_t want, uint32_t& have) {
    if (want == have) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.fd = fd;
    int op = want == 0 ? EPOLL_CTL_DEL : have == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    epoll_ctl(epoll_.fd(), op, fd, &ev);
    have = want;
  };
  apply(c.tls, tls, c.tlsEvents);
  if (c.plain >= 0) apply(c.plain, plain, c.plainEvents);
}

void TlsFront::drop(int tlsSock) {
  auto it = conns_.find(tlsSock);
  if (it == conns_.end()) return;
  Conn& c = *it->second;
  if (c.tlsEvents) epoll_ctl(epoll_.fd(), EPOLL_CTL_DEL, c.tls, nullptr);
  if (c.plain >= 0) {
    if (c.plainEvents) epoll_ctl(epoll_.fd(), EPOLL_CTL_DEL, c.plain, nullptr);
    byPlain_.erase(c.plain);
  }
  auto count = perAddress_.find(c.address);
  if (count != perAddress_.end() && --count->second == 0) perAddress_.erase(count);
  conns_.erase(it);
}

void TlsFront::sweep() {
  Clock::time_point now = Clock::now();
  std::vector<int> late;
  for (auto& [sock, conn] : conns_)
    if (conn->deadline < now) late.push_back(sock);
  for (int sock : late) drop(sock);
}

}  // namespace rs::server
