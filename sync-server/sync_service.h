// The sync API over plain request/response types (see http_types.h). One instance serves
// every connection; it is thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "auth.h"
#include "http_types.h"
#include "live_reports.h"
#include "server_store.h"
#include "submission_store.h"

namespace rs::server {

struct ServiceOptions {
  int64_t sessionSeconds = 12 * 3600;
  size_t maxBodyBytes = 32 << 20;
  size_t maxChangesPerPush = 20000;
  size_t maxPullLimit = 20000;
  int maxWaitSeconds = 30;
};

class SyncService {
 public:
  SyncService(ServerStore& store, ServiceOptions options);
  HttpResponse handle(const HttpRequest& request);

  // For `admin add-user`: creates or replaces a user.
  void addUser(const std::string& name, Role role, const std::string& password);
  // For `admin passwd`: a new password for an existing user; every session of theirs ends.
  // Throws InputError for an unknown user or a password under 8 characters.
  void setPassword(const std::string& name, const std::string& password);

 private:
  struct Caller {
    User user;
  };
  HttpResponse route(const HttpRequest& request);
  Caller authenticate(const HttpRequest& request);
  HttpResponse login(const HttpRequest& request);
  HttpResponse changePassword(const Caller& caller, const HttpRequest& request);
  HttpResponse listReports(const Caller& caller);
  HttpResponse shareReport(const Caller& caller, const HttpRequest& request);
  HttpResponse reportInfo(const Caller& caller, const std::string& rawId);
  HttpResponse addMember(const Caller& caller, const std::string& rawId,
                         const HttpRequest& request);
  HttpResponse assign(const Caller& caller, const std::string& rawId, const HttpRequest& request);
  HttpResponse push(const Caller& caller, const std::string& rawId, const HttpRequest& request);
  HttpResponse pull(const Caller& caller, const std::string& rawId, const HttpRequest& request);
  // submission_service.cpp
  HttpResponse submit(const Caller& caller, const std::string& rawId, const HttpRequest& request);
  HttpResponse listSubmissions(const Caller& caller, const std::string& rawId);

  ReportRecord memberReport(const Caller& caller, const std::string& rawId);

  ServerStore& store_;
  ServiceOptions options_;
  LiveReports live_;
  SubmissionStore submissions_;
};

// An error the client sees: HTTP status, code, message, and whether to retry.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, bool retryable = false,
           int retryAfterSeconds = 0)
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        retryable_(retryable),
        retryAfter_(retryAfterSeconds) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  bool retryable() const { return retryable_; }
  int retryAfterSeconds() const { return retryAfter_; }  // 0: no Retry-After header

 private:
  int status_;
  std::string code_;
  bool retryable_;
  int retryAfter_;
};

HttpResponse errorResponse(int status, const std::string& code, const std::string& message,
                           bool retryable);

}  // namespace rs::server
