// The thin edge between cpp-httplib and the service's plain types.
#pragma once

#include <httplib.h>

#include <memory>

#include "bureau_pages.h"
#include "operations.h"
#include "sync_service.h"

namespace rs::server {

struct AdapterOptions {
  size_t maxBodyBytes = kDefaultMaxBodyBytes;  // larger bodies get a 413 saying so
  // Bodies larger than this are read only for a valid session (else 401/413 unread).
  size_t openBodyBytes = 64 * 1024;
  // Bytes of bodies over openBodyBytes read at once, across requests; 0: twice
  // maxBodyBytes. Beyond it a request gets a retryable 503 before its body is read.
  size_t bodyBudgetBytes = 0;
  // The same for bodies up to openBodyBytes, counted apart (large pushes never starve them).
  size_t smallBodyBudgetBytes = 16u << 20;
  // A body's deadline: requestMs plus its length at this rate (bytes per second).
  size_t minBodyBytesPerSecond = 256 * 1024;
  int requestMs = 5000;
  // For a plain httplib::Server (the TLS edge): threads and keep-alive.
  size_t maxThreads = 4096;
  size_t keepAliveMaxCount = 100000;
  time_t keepAliveSeconds = 10;
};

// Routes the requests under /bureau to `bureau`, /healthz and /metrics to `operations`
// (when given; it also counts every request) and every other one to `service`, with one
// structured log line per request (see logLine); sets httplib's limits, threads and error bodies.
// On a GuardedServer, a body over openBodyBytes is read only after its session is checked, within
// the body budget and by its deadline.
void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau,
                  const AdapterOptions& options = {}, Operations* operations = nullptr);

// httplib 0.11 listens with a backlog of 5: a burst of connections (a department's programs
// reconnecting after a restart) overflows it and clients see reset connections. Call after
// binding to `port`: raises the backlog of this process's listening socket to SOMAXCONN.
void widenListenBacklog(int port);

// For a stopping server, after Server::stop(): ends the connections still open on `port`
// (httplib 0.11 keeps an idle keep-alive connection, and so its stop, for up to the
// keep-alive timeout).
void endIdleConnections(int port);

}  // namespace rs::server
