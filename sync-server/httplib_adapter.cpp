#include "httplib_adapter.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace rs::server {

namespace {

HttpRequest toPlain(const httplib::Request& in) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  for (const auto& [k, v] : in.params) out.query[k] = v;
  for (const auto& [k, v] : in.headers) {
    std::string lower = k;
    for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
    out.headers[lower] = v;
  }
  out.body = in.body;
  out.remote = in.remote_addr;
  return out;
}

void logLine(const httplib::Request& req, const httplib::Response& res) {
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", std::gmtime(&now));
  std::fprintf(stderr, "%s %s %s %s %d %zu\n", when, req.remote_addr.c_str(), req.method.c_str(),
               req.path.c_str(), res.status, res.body.size());
}

}  // namespace

void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau) {
  auto handler = [&service, &bureau](const httplib::Request& req, httplib::Response& res) {
    HttpRequest plain = toPlain(req);
    HttpResponse out = BureauPages::owns(plain.path) ? bureau.handle(plain) : service.handle(plain);
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    res.set_content(out.body, out.contentType.c_str());
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.set_logger(logLine);
  server.set_tcp_nodelay(true);
  // Long-polling pulls hold a thread each: leave room for a department's worth of them.
  server.new_task_queue = [] { return new httplib::ThreadPool(96); };
}

}  // namespace rs::server
