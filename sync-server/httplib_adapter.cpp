#include "httplib_adapter.h"

#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "body_reader.h"
#include "guarded_server.h"
#include "httplib_task_queue.h"
#include "push_stages.h"

namespace rs::server {

namespace {

int portOf(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
  return -1;
}

// Whether the peer of `fd` has closed or reset the connection (a pipelined request waiting
// to be read is not a close).
bool peerClosed(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  if (poll(&p, 1, 0) <= 0) return false;
  if (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) return true;
  char c;
  return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

// The request without its body. clientGone watches the connection's socket, known on a
// GuardedServer's worker (a connection stays on its thread for the whole request).
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
  out.remote = in.remote_addr;
  if (ServingConnection* conn = servingConnection()) {
    int fd = conn->sock;
    out.clientGone = [fd] { return peerClosed(fd); };
  }
  return out;
}

// What the log line of the request on this thread needs beyond httplib's request and
// response: when its headers were read, and who the service found it was from.
struct RequestLog {
  std::chrono::steady_clock::time_point start{};
  std::string user;
};
thread_local RequestLog requestLog;

void fill(httplib::Response& res, HttpResponse out) {
  requestLog.user = std::move(out.user);
  res.status = out.status;
  for (const auto& [name, value] : out.headers) res.set_header(name, value);
  res.body = std::move(out.body);  // set_content would copy it
  res.headers.erase("Content-Type");
  res.set_header("Content-Type", out.contentType);
}

// One structured line per request (logfmt, for the journal): time, client address, method,
// route (report ids as :id), status, authenticated user, duration and reply size. Never a
// token, cookie, query or body. Counts the request in `metrics` when given.
void logLine(const httplib::Request& req, const httplib::Response& res, ServerMetrics* metrics) {
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  double ms = -1;
  if (requestLog.start != std::chrono::steady_clock::time_point{})
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                   requestLog.start)
             .count();
  std::string route = routeOf(req.path);
  std::string user = requestLog.user.empty() ? "-" : requestLog.user;
  std::fprintf(stderr, "%s remote=%s method=%s route=%s status=%d user=%s ms=%.1f bytes=%zu\n",
               when, req.remote_addr.c_str(), req.method.c_str(), route.c_str(), res.status,
               user.c_str(), ms, res.body.size());
  if (metrics) metrics->record(req.method, route, res.status, ms);
  requestLog = {};
  push_stages::requestEnded();
}

// httplib answers some requests itself (a body over the payload limit: 413; a bad request
// line: 400) with an empty body. Say what was wrong, in the form the caller reads.
void explainEmptyError(const httplib::Request& req, httplib::Response& res, size_t maxBodyBytes) {
  if (!res.body.empty()) return;
  std::string code = "error", message = "the server answered " + std::to_string(res.status);
  if (res.status == 413) {
    code = "too-large";
    message = "request body is too large: this server takes at most " +
              std::to_string(maxBodyBytes) + " bytes (see GET /api/v1/limits)";
  } else if (res.status == 400) {
    code = "bad-request";
    message = "malformed HTTP request";
  } else if (res.status == 404) {
    code = "not-found";
    message = "no such endpoint: " + req.method + " " + req.path;
  } else if (res.status == 414) {
    code = "too-long";
    message = "request line too long";
  }
  if (req.path.rfind("/api/", 0) == 0 || req.path.empty()) {
    HttpResponse out = errorResponse(res.status, code, message, false);
    res.set_content(out.body, out.contentType.c_str());
  } else {
    res.set_content(message + "\n", "text/plain; charset=utf-8");
  }
}

}  // namespace

namespace {

// Calls `visit(fd, listening)` for every TCP socket of this process whose local port is
// `port`.
template <typename Visit>
void forEachSocketOnPort(int port, Visit visit) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    int listening = 0;
    socklen_t n = sizeof listening;
    sockaddr_storage self{};
    socklen_t m = sizeof self;
    if (getsockopt(int(fd), SOL_SOCKET, SO_ACCEPTCONN, &listening, &n) != 0) continue;
    if (getsockname(int(fd), reinterpret_cast<sockaddr*>(&self), &m) != 0) continue;
    if (portOf(self) == port) visit(int(fd), listening != 0);
  }
  closedir(dir);
}

}  // namespace

void widenListenBacklog(int port) {
  forEachSocketOnPort(port, [](int fd, bool listening) {
    if (listening) ::listen(fd, SOMAXCONN);  // Linux: updates the backlog
  });
}

void endIdleConnections(int port) {
  forEachSocketOnPort(port, [](int fd, bool listening) {
    if (!listening) ::shutdown(fd, SHUT_RDWR);
  });
}

void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau,
                  const AdapterOptions& options, Operations* operations) {
  auto respond = [&service, &bureau, operations](const HttpRequest& plain) {
    if (operations && Operations::owns(plain.path)) return operations->handle(plain);
    return BureauPages::owns(plain.path) ? bureau.handle(plain) : service.handle(plain);
  };
  httplib::Server::Handler handler = [respond](const httplib::Request& req,
                                               httplib::Response& res) {
    HttpRequest plain = toPlain(req);
    plain.body = req.body;
    fill(res, respond(plain));
  };
  auto budgets = std::shared_ptr<BodyBudgets>(
      new BodyBudgets{BodyBudget(std::max(options.maxBodyBytes, options.bodyBudgetBytes
                                                                    ? options.bodyBudgetBytes
                                                                    : 2 * options.maxBodyBytes)),
                      BodyBudget(options.smallBodyBudgetBytes)});
  httplib::Server::HandlerWithContentReader reader = [respond, &service, &bureau, options, budgets](
                                                         const httplib::Request& req,
                                                         httplib::Response& res,
                                                         const httplib::ContentReader& content) {
    HttpRequest plain = toPlain(req);
    BodyRead read = readBody(plain, content, service, bureau, *budgets, options);
    fill(res, read.refusal ? std::move(*read.refusal) : respond(plain));
  };
  server.Get(".*", handler);
  server.Post(".*", reader);  // httplib takes every POST here, with or without a body
  ServerMetrics* metrics = operations ? &operations->metrics() : nullptr;
  server.set_logger([metrics](const httplib::Request& req, const httplib::Response& res) {
    logLine(req, res, metrics);
  });
  // Runs once a request's headers are read, on the thread that then answers and logs it.
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    requestLog.start = std::chrono::steady_clock::now();
    push_stages::current().handler = requestLog.start;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(options.maxBodyBytes);
  size_t maxBody = options.maxBodyBytes;
  server.set_error_handler([maxBody](const httplib::Request& req, httplib::Response& res) {
    explainEmptyError(req, res, maxBody);
  });
  // On a plain httplib::Server, a connection holds its thread while open, and a
  // long-polling pull while it waits: a thread per connection, started on demand, so that
  // pushes and logins never queue behind waiting pulls. On a GuardedServer these threads
  // only hand accepted sockets to its gate (which has its own workers): a few suffice.
  size_t maxThreads = dynamic_cast<GuardedServer*>(&server) ? 2 : options.maxThreads;
  server.new_task_queue = [maxThreads] { return new GrowingTaskQueue(maxThreads, 2); };
  server.set_keep_alive_max_count(options.keepAliveMaxCount);
  if (!dynamic_cast<GuardedServer*>(&server))
    server.set_keep_alive_timeout(options.keepAliveSeconds);
}

}  // namespace rs::server
