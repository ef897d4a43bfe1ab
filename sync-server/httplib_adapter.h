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
  time_t keepAliveSeconds = 60;                // idle time before a connection is closed
};

// Routes the requests under /bureau to `bureau` and every other one to `service`, with one
// log line per request; sets httplib's limits, threads and error bodies.
void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau,
                  const AdapterOptions& options = {});

}  // namespace rs::server
