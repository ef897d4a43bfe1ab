// Plain request and response types: the handlers take and return these, so they can be
// tested without sockets. httplib stays in httplib_adapter.cpp.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rs::server {

// One field of a multipart/form-data body (a file upload), as the edge read it.
struct FormPart {
  std::string filename;  // "" for a field that is not a file
  std::string body;      // the file's bytes as sent, or the field's value
};

struct HttpRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;                            // empty for multipart/form-data: see parts
  std::string remote;                          // peer address, for logs and login limits
  // True once the client has closed its connection (a long-poll then stops waiting);
  // empty when unknown.
  std::function<bool()> clientGone;
  // A multipart/form-data body's fields by name (the first of a name kept), parsed on the
  // httplib edge (body_reader.cpp); empty for any other body.
  std::map<std::string, FormPart> parts;

  std::string header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/x-reportsync-capnp";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
  std::string user;  // the authenticated user, for the log line; never sent
};

constexpr char kProtocolHeader[] = "x-reportsync-protocol";
constexpr char kCapnpType[] = "application/x-reportsync-capnp";

}  // namespace rs::server
