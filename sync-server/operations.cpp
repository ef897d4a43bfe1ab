#include "operations.h"

#include "push_stages.h"

namespace rs::server {

namespace {

HttpResponse text(int status, std::string body) {
  HttpResponse out;
  out.status = status;
  out.contentType = "text/plain; charset=utf-8";
  out.body = std::move(body);
  return out;
}

}  // namespace

Operations::Operations(ServerStore& store, SyncService& service, ServerMetrics& metrics,
                       OperationsOptions options)
    : store_(store), service_(service), metrics_(metrics), options_(std::move(options)) {}

std::string Operations::notReady() {
  try {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    return "";
  } catch (const std::exception& e) {
    return std::string("the store cannot be read: ") + e.what();
  }
}

HttpResponse Operations::handle(const HttpRequest& request) {
  if (request.method != "GET") return text(405, "only GET is answered here\n");
  if (request.path == "/healthz") {
    std::string reason = notReady();
    return reason.empty() ? text(200, "ok\n") : text(503, "not ready: " + reason + "\n");
  }
  bool allowed = request.remote == "127.0.0.1" || request.remote == "::1" ||
                 options_.metricsAddresses.count(request.remote);
  if (!allowed)
    return text(403, "metrics are not given to " + request.remote + " (see --metrics-addresses)\n");
  int64_t bytes = 0;
  try {
    bytes = store_.db().bytes();
  } catch (const std::exception&) {
    // The database is unreachable: /healthz and ready say so; the size stays 0.
  }
  HttpResponse out = text(200, metrics_.prometheus({.waitingPulls = service_.waitingPulls(),
                                                    .storeBytes = bytes,
                                                    .ready = notReady().empty()}) +
                                   push_stages::prometheus());
  out.contentType = "text/plain; version=0.0.4; charset=utf-8";
  return out;
}

}  // namespace rs::server
