// A request to a SyncService in process, as the program sends it (its protocol header, a
// session's bearer token when `token` is not empty): for the service's own tests.
#pragma once

#include <map>
#include <string>

#include "doc/change_codec.h"
#include "sync_service.h"

namespace rs::test {

inline server::HttpResponse callService(server::SyncService& service, const std::string& method,
                                        const std::string& path, const std::string& token,
                                        const std::string& payload,
                                        std::map<std::string, std::string> query = {}) {
  server::HttpRequest r{
      method,           path,
      std::move(query), {{"x-reportsync-protocol", std::to_string(doc::kProtocolVersion)}},
      payload,          "test"};
  if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
  return service.handle(r);
}

}  // namespace rs::test
