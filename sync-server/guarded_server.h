// An httplib::Server whose connections wait for their requests in a ConnectionGate (no
// thread held meanwhile) and whose reads end at a deadline (DeadlineStream): the edge that
// slow and silent clients cannot pin. With TLS options, a TlsFront ends TLS in front of
// the gate, so HTTPS has the same defences.
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>

#include "connection_gate.h"
#include "deadline_stream.h"
#include "tls_front.h"

namespace rs::server {

// The connection a worker thread serves now, for the handlers running on that thread.
struct ServingConnection {
  int sock = -1;
  DeadlineStream* stream = nullptr;
  httplib::Request* request = nullptr;
  bool closeAfter = false;  // the body was left unread: close after the reply
  size_t dropBytes = 0;     // of that body, read and dropped first (for up to 2 s)
};

// The connection this thread serves; nullptr outside a GuardedServer's request.
ServingConnection* servingConnection();

// Asks for the connection to close after this reply (its body is not kept); the reply
// says "Connection: close". Up to `dropBytes` of the body the client still sends are read
// and dropped first, for up to 2 s. No effect outside a GuardedServer's request.
void closeAfterReply(size_t dropBytes);

class GuardedServer : public httplib::Server {
 public:
  // `writeMs`: how long a reply's write may wait for the client to take bytes (ms).
  // With `tls`, connections speak HTTPS (throws std::runtime_error on an unusable
  // certificate or key).
  explicit GuardedServer(GateOptions options, int writeMs = 10000,
                         std::optional<TlsOptions> tls = std::nullopt);

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Serves the connection's requests while they come within the gate's holdMs; the first
  // was complete at `ready` (push_stages.h).
  void serve(int sock, std::chrono::steady_clock::time_point ready);
  bool serveOne(int sock);  // false once the connection is closed

  const int requestMs_, writeMs_;
  ConnectionGate gate_;            // after the members above: its workers use this server
  std::unique_ptr<TlsFront> tls_;  // last: it admits to the gate
};

}  // namespace rs::server
