// The thin edge between cpp-httplib and the service's plain types.
#pragma once

#include <httplib.h>

#include <memory>

#include "bureau_pages.h"
#include "sync_service.h"

namespace rs::server {

struct AdapterOptions {
  size_t maxBodyBytes = kDefaultMaxBodyBytes;  // larger bodies get a 413 saying so
  size_t maxThreads = 4096;                    // connections served at once
  size_t keepAliveMaxCount = 100000;           // requests per connection
  // Idle time before a connection is closed; also how long a stopping server may wait for
  // an idle connection (httplib 0.11 does not interrupt it).
  time_t keepAliveSeconds = 10;
};

// Routes the requests under /bureau to `bureau` and every other one to `service`, with one
// log line per request; sets httplib's limits, threads and error bodies.
void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau,
                  const AdapterOptions& options = {});

// httplib 0.11 listens with a backlog of 5: a burst of connections (a department's programs
// reconnecting after a restart) overflows it and clients see reset connections. Call after
// binding to `port`: raises the backlog of this process's listening socket to SOMAXCONN.
void widenListenBacklog(int port);

// For a stopping server, after Server::stop(): ends the connections still open on `port`
// (httplib 0.11 keeps an idle keep-alive connection, and so its stop, for up to the
// keep-alive timeout).
void endIdleConnections(int port);

}  // namespace rs::server
