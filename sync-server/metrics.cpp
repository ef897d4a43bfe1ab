#include "metrics.h"

#include <cctype>
#include <cstdio>

namespace rs::server {

namespace {

// Histogram bounds in seconds: a push commits in milliseconds; a long-poll waits up to 30 s.
constexpr double kBounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                              0.25,  0.5,    1,     2.5,  5,     10,   30};
constexpr size_t kBucketCount = sizeof kBounds / sizeof kBounds[0];

bool isIdSegment(const std::string& s) {
  if (s.empty()) return false;
  bool digits = true, hex = s.size() >= 16;
  for (char c : s) {
    digits = digits && std::isdigit(static_cast<unsigned char>(c));
    hex = hex && std::isxdigit(static_cast<unsigned char>(c));
  }
  return digits || hex;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

// A label value with \ and " escaped, as the exposition format asks.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

// The method and route labels of a route.
std::string labels(const std::pair<std::string, std::string>& route) {
  return "method=\"" + label(route.first) + "\",route=\"" + label(route.second) + "\"";
}

}  // namespace

std::string routeOf(const std::string& path) {
  std::string out;
  for (size_t at = 0; at < path.size();) {
    size_t slash = path.find('/', at + 1);
    if (slash == std::string::npos) slash = path.size();
    std::string segment = path.substr(at + 1, slash - at - 1);
    out += "/" + (isIdSegment(segment) ? std::string(":id") : segment);
    at = slash;
  }
  return out;
}

void ServerMetrics::record(const std::string& method, const std::string& route, int status,
                           double ms) {
  std::lock_guard lock(mu_);
  Route key{method, route};
  if (!timings_.count(key) && timings_.size() >= kMaxRoutes) key = {"other", "other"};
  ++requests_[{key, status}];
  Timing& t = timings_[key];
  if (t.buckets.empty()) t.buckets.assign(kBucketCount, 0);
  if (ms >= 0) {
    double seconds = ms / 1000;
    for (size_t i = 0; i < kBucketCount; ++i)
      if (seconds <= kBounds[i]) ++t.buckets[i];
    ++t.count;
    t.sumSeconds += seconds;
  }
  bool login = method == "POST" && (route == "/api/v1/login" || route == "/bureau/login");
  if (login && (status == 401 || status == 403 || status == 429)) ++loginsFailed_;
}

std::string ServerMetrics::prometheus(const MetricGauges& g) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP reportsync_requests_total Requests answered, by route and HTTP status.\n";
  out += "# TYPE reportsync_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out += "reportsync_requests_total{" + labels(key.first) + ",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  out +=
      "# HELP reportsync_request_duration_seconds Time from a request's headers to its "
      "reply, by route.\n";
  out += "# TYPE reportsync_request_duration_seconds histogram\n";
  for (const auto& [route, t] : timings_) {
    std::string name = "reportsync_request_duration_seconds";
    std::string r = labels(route);
    for (size_t i = 0; i < kBucketCount; ++i)
      out += name + "_bucket{" + r + ",le=\"" + number(kBounds[i]) + "\"} " +
             std::to_string(t.buckets[i]) + "\n";
    out += name + "_bucket{" + r + ",le=\"+Inf\"} " + std::to_string(t.count) + "\n";
    out += name + "_sum{" + r + "} " + number(t.sumSeconds) + "\n";
    out += name + "_count{" + r + "} " + std::to_string(t.count) + "\n";
  }
  out +=
      "# HELP reportsync_logins_failed_total Logins refused (wrong password, locked, "
      "limited), API and bureau pages.\n";
  out += "# TYPE reportsync_logins_failed_total counter\n";
  out += "reportsync_logins_failed_total " + std::to_string(loginsFailed_) + "\n";
  out += "# HELP reportsync_waiting_pulls Long-polling pulls waiting now.\n";
  out += "# TYPE reportsync_waiting_pulls gauge\n";
  out += "reportsync_waiting_pulls " + std::to_string(g.waitingPulls) + "\n";
  out +=
      "# HELP reportsync_store_bytes Size of the store on disk: the data folder's file, or the "
      "PostgreSQL database.\n";
  out += "# TYPE reportsync_store_bytes gauge\n";
  out += "reportsync_store_bytes " + std::to_string(g.storeBytes) + "\n";
  out += "# HELP reportsync_ready Whether the server answers /healthz with 200.\n";
  out += "# TYPE reportsync_ready gauge\n";
  out += std::string("reportsync_ready ") + (g.ready ? "1" : "0") + "\n";
  return out;
}

}  // namespace rs::server
