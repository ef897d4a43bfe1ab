#include "body_reader.h"

#include <chrono>
#include <cstdlib>

#include "guarded_server.h"

namespace rs::server {

namespace {

HttpResponse refusal(const HttpRequest& request, int status, const std::string& code,
                     const std::string& message, bool retryable) {
  if (request.path.rfind("/api/", 0) == 0) return errorResponse(status, code, message, retryable);
  HttpResponse r;
  r.status = status;
  r.contentType = "text/plain; charset=utf-8";
  r.body = message + "\n";
  return r;
}

// Of a body refused for want of a session, what is dropped before closing: a stranger's
// large body costs the server no more than this.
constexpr size_t kStrangerDropBytes = 256 * 1024;

// A refused body is not kept: on a GuardedServer the connection closes after the reply,
// once up to `dropBytes` of the body were read and dropped (so that a program that sent
// it reads the reply, not a reset); elsewhere (the TLS edge) it is read and dropped whole,
// so that the connection stays in step.
BodyRead refuse(HttpResponse reply, const httplib::ContentReader& content, size_t dropBytes) {
  if (servingConnection())
    closeAfterReply(dropBytes);
  else
    content([](const char*, size_t) { return true; });
  return BodyRead{std::move(reply), {}};
}

}  // namespace

BodyRead readBody(HttpRequest& request, const httplib::ContentReader& content, SyncService& service,
                  BureauPages& bureau, BodyBudgets& budgets, const AdapterOptions& options) {
  // Without Content-Length a request has no body, unless it is chunked (length unknown).
  std::string lengthText = request.header("content-length");
  bool known = request.header("transfer-encoding").empty();
  size_t length =
      !known ? options.maxBodyBytes : size_t(std::strtoull(lengthText.c_str(), nullptr, 10));
  bool large = !known || length > options.openBodyBytes;
  if (large) {
    std::optional<HttpResponse> no;
    if (request.path.rfind("/api/", 0) == 0)
      no = service.refuseBeforeBody(request, options.openBodyBytes);
    else if (!bureau.takesLargeBody(request))
      no = refusal(request, 413, "too-large",
                   "request body is too large: web pages take at most " +
                       std::to_string(options.openBodyBytes) + " bytes",
                   false);
    if (no) return refuse(std::move(*no), content, kStrangerDropBytes);
  }
  // From here on a large body comes with a valid session.
  if (known && length > options.maxBodyBytes)
    return refuse(
        refusal(request, 413, "too-large",
                "request body is too large (" + std::to_string(length) +
                    " bytes; this server takes at most " + std::to_string(options.maxBodyBytes) +
                    "): send fewer changes at once (see GET /api/v1/limits)",
                false),
        content, length);
  BodyBudget::Lease lease = (large ? budgets.large : budgets.small).take(length);
  if (!lease) {
    HttpResponse busy = refusal(request, 503, "busy",
                                "the server is reading other large requests: try again", true);
    busy.headers.push_back({"Retry-After", "1"});
    return refuse(std::move(busy), content, length);
  }
  if (ServingConnection* conn = servingConnection())
    conn->stream->setReadDeadline(
        DeadlineStream::Clock::now() + std::chrono::milliseconds(options.requestMs) +
        std::chrono::milliseconds(length * 1000 / options.minBodyBytesPerSecond));
  std::string body;
  if (known) body.reserve(length);
  size_t read = 0;
  auto receive = [&](std::string& into, const char* data, size_t n) {
    read += n;
    if (read > options.maxBodyBytes) return false;
    into.append(data, n);
    return true;
  };
  bool whole;
  // httplib parses a multipart body itself (a file upload on the bureau's pages), with the
  // same test of the Content-Type, and hands out its fields only through this reader.
  if (request.header("content-type").rfind("multipart/form-data", 0) == 0) {
    std::string* into = nullptr;
    std::string ignored;  // a field whose name came before
    whole = content(
        [&](const httplib::MultipartFormData& field) {
          auto [at, added] = request.parts.emplace(field.name, FormPart{field.filename, ""});
          into = added ? &at->second.body : &ignored;
          return true;
        },
        [&](const char* data, size_t n) { return receive(*into, data, n); });
  } else {
    whole = content([&](const char* data, size_t n) { return receive(body, data, n); });
  }
  if (!whole) {
    closeAfterReply(0);
    return BodyRead{
        refusal(request, 400, "bad-request",
                "the request body did not arrive in time, or was larger than said", false),
        {}};
  }
  request.body = std::move(body);
  return BodyRead{std::nullopt, std::move(lease)};
}

}  // namespace rs::server
