// Submissions on the server: each one immutable once stored (the version it pins, the
// fingerprint of the document, who submitted it and when, and its DOCX, PDF and HTML),
// plus the bureau's verdict on it, kept apart so that the submission itself never changes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crdt/version_vector.h"
#include "proto/sync.capnp.h"
#include "report/findings.h"
#include "server_store.h"

namespace rs::server {

struct Review {
  std::string status = "submitted";  // submitted, accepted, returned
  std::string comment;
  std::string reviewer;
  int64_t timeMs = 0;
};

// A reviewer's comment on one place of a submission (issue 17 item 3); kept apart from the
// immutable submission, like its review.
struct PlaceComment {
  std::string place;  // ReportPlace::key: "section:6.1", "cell:TABLE/BLOCK/ROW/COLUMN"
  std::string label;  // ReportPlace::label when the comment was made
  std::string text, reviewer;
  int64_t timeMs = 0;
};

struct Submission {
  uint64_t id = 0;
  std::string reportId;  // 16 raw bytes
  crdt::VersionVector version;
  std::string sha256;  // hex, of core::renderJson of the document at `version`
  std::string submitter;
  int64_t timeMs = 0;
  std::string title, department, year;
  std::vector<std::string> acknowledged;           // warning keys (report::warningKey)
  std::vector<report::ExplainedWarning> warnings;  // empty for submissions made before explanations
  Review review;                                   // filled in by the store on reading
  std::vector<PlaceComment> comments;              // likewise, oldest first
};

// The files stored with a submission, by kind: "docx", "pdf", "html" (a whole page) and
// "article" (the report's <article>, for the bureau's page).
using Renderings = std::map<std::string, std::string>;

class SubmissionStore {
 public:
  explicit SubmissionStore(ServerStore& store);
  store::kv::Engine& db() { return store_.db(); }

  // Stores a new submission with its files; sets and returns its id (1, 2, 3 ...).
  uint64_t add(store::kv::Txn& txn, Submission& submission, const Renderings& files);
  std::optional<Submission> get(store::kv::Txn& txn, uint64_t id);
  std::vector<Submission> all(store::kv::Txn& txn);  // oldest first
  std::vector<Submission> forReport(store::kv::Txn& txn, const std::string& rawId);
  std::optional<std::string> file(store::kv::Txn& txn, uint64_t id, const std::string& kind);
  void putReview(store::kv::Txn& txn, uint64_t id, const Review& review);
  // Adds a comment to submission `id` (after its others), in the sub-database
  // "submission-comments" (schema 2, server_store.cpp).
  void addComment(store::kv::Txn& txn, uint64_t id, const PlaceComment& comment);

 private:
  ServerStore& store_;
  store::kv::Table submissions_, files_, reviews_, meta_, comments_;
};

// Between a finding and its wire form (its key set from report::warningKey).
void fillFinding(proto::Finding::Builder b, const report::Finding& f);
report::Finding readFinding(proto::Finding::Reader r);

// Between Submission and its wire form (also its stored form).
void fillSubmission(proto::SubmissionInfo::Builder b, const Submission& s);
Submission readSubmission(proto::SubmissionInfo::Reader r);
void fillVersion(capnp::List<proto::VersionEntry>::Builder list, const crdt::VersionVector& v);
// Throws InputError on an actor that is not 16 bytes.
crdt::VersionVector readVersion(capnp::List<proto::VersionEntry>::Reader list);

}  // namespace rs::server
