// The sync API over plain request/response types (see http_types.h). One instance serves
// every connection; it is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth.h"
#include "http_types.h"
#include "live_reports.h"
#include "push_stages.h"
#include "server_store.h"
#include "store/template_shelf.h"
#include "submission_store.h"
#include "util/sync_limits.h"

namespace rs::server {

struct ServiceOptions {
  int64_t sessionSeconds = 12 * 3600;
  size_t maxBodyBytes = kDefaultMaxBodyBytes;  // request bodies; pull pages too
  size_t maxChangesPerPush = kDefaultMaxChangesPerPush;
  size_t maxPullLimit = 20000;
  int maxWaitSeconds = 30;
  // Pulls waiting at once; beyond it a pull answers at once, so waits never take the
  // threads that pushes and logins need.
  int maxWaitingPulls = 1000;
  // How long a pull or /actors waits for the commits it saw to be flushed (LMDB) before a
  // retryable 503; only a failing disk makes it wait longer than a flush.
  int durableWaitMs = 10000;
  // After a failed flush, how often the committer tries again while no push comes.
  int flushRetryMs = 500;
};

// The channel on which a push's commit announces a report's new last server sequence to
// every server process on the database, and the notice's form: "HEX-ID SEQ" (32 hex digits).
inline constexpr const char* kChangesChannel = "rs_changes";
std::string changesNotice(const std::string& rawId, uint64_t lastSeq);

class SyncService {
 public:
  SyncService(ServerStore& store, ServiceOptions options);
  ~SyncService();  // commits the pushes still queued, then stops the committer
  SyncService(const SyncService&) = delete;
  SyncService& operator=(const SyncService&) = delete;
  HttpResponse handle(const HttpRequest& request);
  // For a request whose body (over `openBodyBytes`) is not read yet: the reply refusing it
  // (wrong protocol, no valid session: 400/401; a login: 413), or nullopt to read it.
  std::optional<HttpResponse> refuseBeforeBody(const HttpRequest& headersOnly,
                                               size_t openBodyBytes);

  // Long-polling pulls waiting now (for /metrics).
  int waitingPulls() const { return waitingPulls_.load(); }

  // A notice on kChangesChannel from a server process on the same database (PostgreSQL
  // LISTEN): wakes the pulls waiting on its report. Ignores a notice it cannot read.
  void wake(const std::string& notice);

  // Ends waiting pulls now and makes later ones answer at once (before stopping).
  void stopWaiting() { live_.stopWaits(); }

  // For `admin add-user`: creates or replaces a user.
  void addUser(const std::string& name, Role role, const std::string& password);
  // For `admin passwd`: a new password for an existing user; every session of theirs ends.
  // Throws InputError for an unknown user or a password under 8 characters.
  void setPassword(const std::string& name, const std::string& password);

 private:
  struct Caller {
    User user;
  };
  // `user` is set once the caller is authenticated (for the log line).
  HttpResponse answer(const HttpRequest& request, std::string& user);
  HttpResponse route(const HttpRequest& request, std::string& user);
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
  HttpResponse limits();
  // GET .../actors: ActorList, the verified users of the report's actors.
  HttpResponse actors(const Caller& caller, const std::string& rawId);
  // The largest change (and pull page) that fits in one body under maxBodyBytes.
  size_t maxChangeBytes() const {
    return options_.maxBodyBytes > 2 * kPushOverheadBytes
               ? options_.maxBodyBytes - kPushOverheadBytes
               : options_.maxBodyBytes / 2;
  }
  // submission_service.cpp
  HttpResponse submit(const Caller& caller, const std::string& rawId, const HttpRequest& request);
  HttpResponse listSubmissions(const Caller& caller, const std::string& rawId);
  // GET .../submissions/diff?from=N&to=M: what changed, as plain text (submission_diff.h).
  HttpResponse submissionDiff(const Caller& caller, const std::string& rawId,
                              const HttpRequest& request);

  ReportRecord memberReport(const Caller& caller, const std::string& rawId);

  // sync_templates.cpp: GET templates, GET templates/KEY/VERSION, POST templates.
  HttpResponse listTemplates();
  HttpResponse templateFile(const std::string& keyAndVersion);
  HttpResponse publishTemplate(const Caller& caller, const HttpRequest& request);

  // Group commit (see push()): pushes queue here, and one committer thread takes all that
  // queued meanwhile into one write transaction (commitLoop says when each is durable). The
  // publisher thread answers the pushes of durable batches and wakes their long-polls,
  // while the committer writes the next.
  struct PushJob;
  // A batch the committer committed (commitDeferred), for the publisher once durable.
  struct Committed {
    std::vector<PushJob*> batch;
    std::map<std::string, uint64_t> appended;  // report -> its new last server sequence
    uint64_t txnId = 0;  // its write transaction's id (1 on PostgreSQL); 0: no commit
    push_stages::Clock::time_point batchAt, written, committedAt, durableAt;
    std::exception_ptr failed;  // the flush that was to make it durable failed
  };
  void commitLoop();
  void publishLoop();
  // Hands durable batches (or ones whose flush `failed`) to publishLoop; empties `batches`.
  void publish(std::vector<Committed>& batches, std::exception_ptr failed);
  // Writes and commits (deferred) a batch; sets `txnId` to its LMDB transaction's id.
  std::map<std::string, uint64_t> commitPushes(const std::vector<PushJob*>& batch, uint64_t& txnId);
  std::mutex pushMu_;
  std::condition_variable pushQueued_;
  std::vector<PushJob*> pushQueue_;
  bool stopCommitting_ = false;
  push_stages::Clock::time_point batchWritten_;  // the committer's: its batch before commit
  std::mutex publishMu_;
  std::condition_variable committedReady_;
  std::vector<Committed> committed_;  // durable, not yet published (publishMu_)
  bool stopPublishing_ = false;
  // LMDB: the ids of the batches' write transactions committed and not yet durable, in
  // order (publishMu_). A reader sees a commit once its meta page is written, before the
  // flush that makes it durable; so a pull or /actors answers only once every such commit
  // up to what its read saw is durable (awaitDurable, one flush). PostgreSQL shows a commit
  // only once durable: nothing to wait for there.
  std::deque<uint64_t> undurable_;
  std::condition_variable durable_;
  // Drops the commits up to transaction `last` from undurable_; the caller holds publishMu_
  // and notifies durable_ after unlocking.
  void markDurable(uint64_t last);
  // The id of the last commit a read transaction begun now may see (LMDB's last
  // transaction id, read after the transaction began); 0 on another engine.
  uint64_t lastCommitSeen();
  // Waits until every push commit up to `seen` (lastCommitSeen()) is durable. Throws
  // ApiError 503 (retryable) after ServiceOptions::durableWaitMs: the disk's flush failed
  // and the committer is still retrying it.
  void awaitDurable(uint64_t seen);
  // After a failed flush, with no push queued: flushes again (Engine::makeDurable) and, when
  // it succeeds, marks every commit so far durable. Returns whether it did.
  bool retryFlush();

  ServerStore& store_;
  ServiceOptions options_;
  LiveReports live_;
  SubmissionStore submissions_;
  store::TemplateShelf templates_;
  std::atomic<int> waitingPulls_{0};
  std::thread publisher_;  // these two last: they start once everything they use exists
  std::thread committer_;
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
