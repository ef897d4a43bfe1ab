// The thin edge between cpp-httplib and the service's plain types.
#pragma once

#include <httplib.h>

#include <memory>

#include "sync_service.h"

namespace rs::server {

// Routes every request of `server` to `service`, with one log line per request.
void mountService(httplib::Server& server, SyncService& service);

}  // namespace rs::server
