// Reading a request body on the httplib edge, after its headers were checked: a body over
// the open size needs a valid session, every body waits for room in the body budget, and
// one that is refused is left unread (the connection then closes).
#pragma once

#include <httplib.h>

#include <optional>

#include "body_budget.h"
#include "httplib_adapter.h"

namespace rs::server {

struct BodyRead {
  std::optional<HttpResponse> refusal;  // the reply when the body was not read
  BodyBudget::Lease lease;              // keep while the body is in use
};

// Reads the body of `request` (headers only so far) through `content` into request.body,
// or returns why not: 413 (over maxBodyBytes; over openBodyBytes without a session, or on
// a web page other than a template published by a signed-in bureau user or admin: see
// BureauPages::takesLargeBody), 401 (no valid session), 503 with Retry-After (budget full), 400
// (the body did not arrive by its deadline: requestMs + length at minBodyBytesPerSecond).
// Bodies over openBodyBytes draw on budgets.large, others on budgets.small. A
// multipart/form-data body goes into request.parts instead (httplib parses it).
BodyRead readBody(HttpRequest& request, const httplib::ContentReader& content, SyncService& service,
                  BureauPages& bureau, BodyBudgets& budgets, const AdapterOptions& options);

}  // namespace rs::server
