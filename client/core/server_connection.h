// One reportsync server, spoken to over HTTP(S) with Cap'n Proto bodies. Every call
// blocks; run them off the UI thread (see sync_worker.h). Failures throw SyncError,
// classed retryable (network down, server busy or restarting) or fatal (the user must act:
// log in again, ask for access, update the program).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/authors.h"
#include "crdt/ids.h"
#include "crdt/version_vector.h"
#include "report/findings.h"

namespace httplib {
class Client;
}

namespace rs::core {

class SyncError : public std::runtime_error {
 public:
  SyncError(const std::string& message, bool retryable, int status = 0, std::string code = "")
      : std::runtime_error(message),
        retryable_(retryable),
        status_(status),
        code_(std::move(code)) {}
  bool retryable() const { return retryable_; }
  int status() const { return status_; }  // HTTP status; 0 when no answer came
  const std::string& code() const { return code_; }

 private:
  bool retryable_;
  int status_;
  std::string code_;
};

struct LoginResult {
  std::string token;
  int64_t expiresMs = 0;
  std::string role;
};

struct RemoteAssignment {
  uint64_t sectionCounter = 0;
  crdt::ActorId sectionActor{};
  std::string user;
};

struct RemoteReport {
  std::string id;                                            // hex
  std::vector<std::pair<std::string, std::string>> members;  // (user, role)
  std::vector<RemoteAssignment> assignments;
  uint64_t lastSeq = 0;
};

struct PushOutcome {
  enum Status { kAccepted, kDuplicate, kRejected } status;
  std::string reason;
};

struct PullPage {
  std::vector<ActorUser> actors;  // the verified users of the page's actors (those known)
  // The page's changes as a history (doc/change_spans.h), the server's spans as sent;
  // its span headers were checked (at most the asked limit of changes).
  std::string changeHistory;
  uint64_t changeCount = 0;  // changes in changeHistory
  uint64_t lastSeq = 0;
  bool more = false;
  std::string history;  // the server history's identity; empty from an older server
};

// What the server takes in one push (GET /api/v1/limits; defaults for an older server).
struct ServerLimits {
  size_t maxBodyBytes = 0;
  size_t maxChangesPerPush = 0;
  size_t maxChangeBytes = 0;  // largest single encoded change
};

// A submission as the server keeps it, with the bureau's verdict.
// A reviewer's comment on one place of a submission (issue 17).
struct PlaceComment {
  std::string place;  // "section:6.1" or "cell:TABLE/BLOCK/ROW/COLUMN"
  std::string label;  // where a person finds it: "章节 6.1 …", "表格 … / ROW / COLUMN"
  std::string text, reviewer;
  int64_t timeMs = 0;
};

struct SubmissionStatus {
  uint64_t id = 0;
  std::string sha256;  // of the canonical JSON of the document submitted (`show --json`)
  std::string submitter;
  int64_t timeMs = 0;
  std::string title, department, year;
  std::vector<std::string> acknowledged;           // warning keys (report::warningKey)
  std::vector<report::ExplainedWarning> warnings;  // with the office's reasons
  std::string status;                              // submitted, accepted, returned
  std::string comment, reviewer;
  int64_t reviewedMs = 0;
  std::vector<PlaceComment> comments;  // the reviewer's on places, oldest first
};

struct SubmitResult {
  bool submitted = false;
  SubmissionStatus submission;            // when submitted
  std::vector<report::Finding> findings;  // every finding on the version submitted
  std::string message;
};

// A template version the server holds (GET /api/v1/templates).
struct RemoteTemplate {
  std::string key;
  uint32_t version = 0;
  std::string title;  // in publish answers only
};

// Warning key (report::warningKey) -> the office's reason for submitting with it.
using Explanations = std::map<std::string, std::string>;

class ServerConnection {
 public:
  // `url` is http://host:port or https://host:port.
  ServerConnection(const std::string& url, std::string token);
  ~ServerConnection();

  LoginResult login(const std::string& user, const std::string& password);
  // The logged-in user's own password; their other sessions end, this one stays.
  void changePassword(const std::string& oldPassword, const std::string& newPassword);
  RemoteReport share(const std::string& reportId);
  RemoteReport report(const std::string& reportId);
  std::vector<RemoteReport> reports();
  RemoteReport addMember(const std::string& reportId, const std::string& user,
                         const std::string& role);
  RemoteReport assign(const std::string& reportId, uint64_t sectionCounter,
                      const crdt::ActorId& sectionActor, const std::string& user);
  // One push, answered per change. A body over the server's limit throws SyncError (fatal,
  // code "too-large"); size batches with limits().
  // `ownActor` is the profile's own actor: the server binds it to the logged-in user.
  std::vector<PushOutcome> push(const std::string& reportId,
                                const std::vector<std::string>& changes,
                                const std::optional<crdt::ActorId>& ownActor = std::nullopt);
  // One push of a history (doc/change_spans.h), sent as it is: the outcomes in the order
  // decoding yields the history's changes (spans in order, each in seq order). Throws
  // SyncError as push() does, and when the server answers another number of outcomes.
  std::vector<PushOutcome> pushHistory(const std::string& reportId, std::string_view history,
                                       const std::optional<crdt::ActorId>& ownActor = std::nullopt);
  // The server's limits, asked once per connection.
  const ServerLimits& limits();
  // The history identity in the last push or pull answer; empty before one (or from an
  // older server).
  const std::string& history() const { return history_; }
  PullPage pull(const std::string& reportId, uint64_t since, uint64_t limit, int waitSeconds);
  // The verified users of the report's actors (GET .../actors). Throws SyncError (status
  // 404 from an older server).
  std::vector<ActorUser> actors(const std::string& reportId);
  // Submits the report at `version` with the office's reasons for its warnings; a refusal
  // for errors or unexplained warnings is an answer (submitted false, with the findings),
  // not a SyncError.
  SubmitResult submit(const std::string& reportId, const crdt::VersionVector& version,
                      const Explanations& explanations);
  // What changed between two submissions of the report, as text (sections, cells,
  // findings). Throws SyncError (404 for a number the report does not have).
  std::string submissionDiff(const std::string& reportId, uint64_t from, uint64_t to);
  std::vector<SubmissionStatus> submissions(const std::string& reportId);

  // The bureau's published templates. Throws SyncError (status 404 from an older server).
  std::vector<RemoteTemplate> templates();
  // The JSON of one published version, unchecked (the caller checks it before use).
  std::string templateJson(const std::string& key, uint32_t version);
  // Publishes a template (bureau and admin users); the answer names the version it got.
  // A template with a mistake throws SyncError code "bad-template" naming line and field.
  RemoteTemplate publishTemplate(const std::string& json);

  // For a caller that must not wait long (a window closing): seconds to connect, and to
  // get an answer beyond a long poll's wait (defaults 5 and 30).
  void setTimeouts(int connectSeconds, int answerSeconds);

 private:
  std::string call(const std::string& method, const std::string& path, const std::string& body,
                   int waitSeconds = 0, int answerStatus = 0);

  std::unique_ptr<httplib::Client> client_;
  int answerSeconds_ = 30;
  std::string token_;
  std::string history_;
  std::optional<ServerLimits> limits_;
};

}  // namespace rs::core
