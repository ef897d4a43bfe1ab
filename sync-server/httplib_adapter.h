// The thin edge between cpp-httplib and the service's plain types.
#pragma once

#include <httplib.h>

#include <memory>

#include "bureau_pages.h"
#include "sync_service.h"

namespace rs::server {

// Routes the requests under /bureau to `bureau` and every other one to `service`, with one
// log line per request.
void mountService(httplib::Server& server, SyncService& service, BureauPages& bureau);

}  // namespace rs::server
