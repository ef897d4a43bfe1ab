#include "guarded_server.h"

#include <sys/socket.h>

#include <cstdio>

#include "push_stages.h"

namespace rs::server {

namespace {
thread_local ServingConnection* serving = nullptr;
}

ServingConnection* servingConnection() {
  return serving;
}

void closeAfterReply(size_t dropBytes) {
  if (!serving) return;
  serving->closeAfter = true;
  serving->dropBytes = dropBytes;
  if (serving->request) {
    serving->request->headers.erase("Connection");
    serving->request->set_header("Connection", "close");
  }
}

GuardedServer::GuardedServer(GateOptions options, int writeMs, std::optional<TlsOptions> tls)
    : requestMs_(options.requestMs),
      writeMs_(writeMs),
      gate_(std::move(options), [this](int sock, auto ready) { serve(sock, ready); }) {
  if (tls)
    tls_ = std::make_unique<TlsFront>(
        std::move(*tls), [this](int sock, const std::string& from) { gate_.admit(sock, from); });
  // The Keep-Alive header then tells clients how long an idle connection is kept.
  set_keep_alive_timeout(std::max(1, gate_.options().idleMs / 1000));
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, with which a second server
  // (another store, another checkout's run.sh) bound the same port and the kernel shared
  // the connections between the two: half of a client's requests met the other's sessions.
  // The address is reused after a restart (TIME_WAIT), never while a server listens on it.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  if (tls_)
    tls_->accept(sock);
  else
    gate_.admit(sock);
  return true;
}

void GuardedServer::serve(int sock, std::chrono::steady_clock::time_point ready) {
  push_stages::requestStarted(ready);
  while (serveOne(sock)) {
    // A program's next request often follows at once: serve it here if it comes soon.
    if (!gate_.nextRequestReady(sock, gate_.options().holdMs)) return gate_.park(sock);
    push_stages::requestStarted(std::chrono::steady_clock::now());
  }
}

bool GuardedServer::serveOne(int sock) {
  ServingConnection conn{sock};
  DeadlineStream stream(sock, DeadlineStream::Clock::now() + std::chrono::milliseconds(requestMs_),
                        writeMs_);
  if (tls_) stream.setRemoteAddress(gate_.address(sock));
  conn.stream = &stream;
  serving = &conn;
  bool ok = false, closed = false;
  try {
    ok = process_request(stream, false, closed,
                         [&conn](httplib::Request& req) { conn.request = &req; });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "connection dropped: %s\n", e.what());
  }
  serving = nullptr;
  if (conn.closeAfter)
    gate_.close(sock, 2000, conn.dropBytes);
  else if (!ok || closed)
    gate_.close(sock);
  else
    return true;
  return false;
}

}  // namespace rs::server
