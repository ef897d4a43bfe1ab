// The endpoints for the people who run the server, not for programs: GET /healthz (ready
// or not, for monitors and systemd) and GET /metrics (Prometheus text). Neither needs a
// session or the protocol header; /metrics answers only the addresses allowed to read it.
#pragma once

#include <set>
#include <string>

#include "http_types.h"
#include "metrics.h"
#include "server_store.h"
#include "sync_service.h"

namespace rs::server {

struct OperationsOptions {
  // Who may read /metrics: 127.0.0.1 and ::1 always; these addresses besides.
  std::set<std::string> metricsAddresses;
};

class Operations {
 public:
  Operations(ServerStore& store, SyncService& service, ServerMetrics& metrics,
             OperationsOptions options);

  static bool owns(const std::string& path) { return path == "/healthz" || path == "/metrics"; }
  // /healthz: 200 "ok" when a read transaction of the store opens, else 503 with the reason.
  // /metrics: 200 with the exposition, 403 for an address not allowed, 405 for a non-GET.
  HttpResponse handle(const HttpRequest& request);

  ServerMetrics& metrics() { return metrics_; }

 private:
  std::string notReady();  // empty when ready

  ServerStore& store_;
  SyncService& service_;
  ServerMetrics& metrics_;
  OperationsOptions options_;
};

}  // namespace rs::server
