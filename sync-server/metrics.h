// The server's request metrics, kept in memory and given out in the Prometheus text
// exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/):
// requests by route and status, request durations as histograms by route, failed logins.
// Thread-safe; no httplib types.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rs::server {

// A request's route for metrics and logs: its path with every report id or number replaced
// by ":id" ("/api/v1/reports/:id/changes"), so that labels stay few.
std::string routeOf(const std::string& path);

// Figures read at the moment /metrics is asked for.
struct MetricGauges {
  int waitingPulls = 0;    // long-polls waiting now
  int64_t storeBytes = 0;  // the store on disk, bytes (kv::Engine::bytes)
  bool ready = true;       // what /healthz says
};

class ServerMetrics {
 public:
  // Counts one answered request: its method, `route` from routeOf, its HTTP status, its
  // duration (ms; negative when unknown: counted, not timed). A login answered 401, 403 or
  // 429 also counts as a failed login.
  void record(const std::string& method, const std::string& route, int status, double ms);
  // The text exposition, version 0.0.4.
  std::string prometheus(const MetricGauges& gauges) const;

  // Routes kept apart; later new ones are counted under "other" (a client choosing paths
  // cannot grow the server's memory).
  static constexpr size_t kMaxRoutes = 64;

 private:
  struct Timing {
    std::vector<uint64_t> buckets;  // cumulative counts per bound of kBounds
    uint64_t count = 0;
    double sumSeconds = 0;
  };
  mutable std::mutex mu_;
  using Route = std::pair<std::string, std::string>;  // method, route
  std::map<std::pair<Route, int>, uint64_t> requests_;
  std::map<Route, Timing> timings_;
  uint64_t loginsFailed_ = 0;
};

}  // namespace rs::server
