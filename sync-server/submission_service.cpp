// Submit: the document at the version given is rebuilt, checked and, when no error stands
// and every warning is acknowledged, stored with its renderings. List: a report's
// submissions with the bureau's verdicts.
#include <capnp/message.h>

#include <chrono>

#include "doc/capnp_bytes.h"
#include "submission_build.h"
#include "submission_diff.h"
#include "sync_service.h"
#include "util/errors.h"
#include "util/time_text.h"
#include "util/utf8.h"

namespace rs::server {

namespace {

struct SubmitInput {
  crdt::VersionVector version;
  std::map<std::string, std::string> explanations;  // warning key -> the office's reason
};

SubmitInput readSubmitRequest(const HttpRequest& request) {
  try {
    MessageBytes message(request.body, "request body");
    auto r = message.root<proto::SubmitRequest>();
    SubmitInput in{readVersion(r.getVersion()), {}};
    for (auto e : r.getExplanations()) {
      std::string text = e.getText();
      if (!isValidUtf8(text))
        throw ApiError(400, "bad-request", "an explanation is not valid UTF-8 (说明文字编码无效)");
      in.explanations[e.getKey()] = text;
    }
    return in;
  } catch (const InputError& e) {
    throw ApiError(400, "bad-request", e.what());
  } catch (const kj::Exception&) {
    throw ApiError(400, "bad-request", "malformed submission request (请求无法读取)");
  }
}

void fillFindings(capnp::List<proto::Finding>::Builder list,
                  const std::vector<report::Finding>& findings) {
  for (size_t i = 0; i < findings.size(); ++i) fillFinding(list[i], findings[i]);
}

std::string refusalMessage(const std::vector<report::Finding>& blocking) {
  size_t errors = 0, warnings = 0;
  for (const report::Finding& f : blocking)
    (f.severity == report::Severity::kError ? errors : warnings)++;
  std::string text = "the report cannot be submitted:";
  if (errors) text += " " + std::to_string(errors) + " error(s) stand";
  if (errors && warnings) text += ",";
  if (warnings)
    text += " " + std::to_string(warnings) +
            " warning(s) without an explanation (each needs a reason of at least " +
            std::to_string(report::kMinExplanationCodePoints) + " characters)";
  return text;
}

// A new submission is refused while the last one waits for review or has been accepted.
void requireOpenForSubmission(SubmissionStore& submissions, store::kv::Txn& txn,
                              const std::string& rawId) {
  auto earlier = submissions.forReport(txn, rawId);
  if (earlier.empty()) return;
  const Submission& last = earlier.back();
  std::string number = "#" + std::to_string(last.id);
  if (last.review.status == "submitted")
    throw ApiError(409, "pending",
                   "submission " + number + " of this report waits for the bureau's review (第" +
                       number + "次报送正在等待主管部门审核)");
  if (last.review.status == "accepted")
    throw ApiError(
        409, "accepted",
        "submission " + number + " of this report was accepted (第" + number + "次报送已被接受)");
}

}  // namespace

HttpResponse SyncService::submit(const Caller& caller, const std::string& rawId,
                                 const HttpRequest& request) {
  ReportRecord rec = memberReport(caller, rawId);
  auto role = rec.roleOf(caller.user.name);
  if (role != "owner" && role != "office")
    throw ApiError(
        403, "forbidden",
        "only the report's owner or office submits it (只有报告的创建者或办公室可以报送)");
  SubmitInput in = readSubmitRequest(request);
  if (in.version.entries().empty())
    throw ApiError(400, "bad-request", "a submission names the version to submit (报送须指明版本)");
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    requireOpenForSubmission(submissions_, txn, rawId);
  }

  std::unique_ptr<doc::Document> document = documentAt(store_, rawId, in.version);
  Prepared prepared = prepare(*document);
  std::vector<report::Finding> blocking = blockingFindings(prepared.findings, in.explanations);
  capnp::MallocMessageBuilder message;
  auto answer = message.initRoot<proto::SubmitResponse>();
  fillFindings(answer.initFindings(prepared.findings.size()), prepared.findings);
  HttpResponse r;
  if (!blocking.empty()) {
    answer.setSubmitted(false);
    answer.setMessage(refusalMessage(blocking));
    r.status = 422;
    r.body = messageToString(message);
    return r;
  }

  render(*document, prepared);
  Submission s;
  s.reportId = rawId;
  s.version = in.version;
  s.sha256 = sha256Hex(prepared.canonical);
  s.submitter = caller.user.name;
  s.timeMs = rs::wallClockMs();
  s.title = prepared.title;
  s.department = prepared.department;
  s.year = prepared.year;
  for (const report::Finding& f : prepared.findings)
    if (f.severity == report::Severity::kWarning) {
      s.acknowledged.push_back(report::warningKey(f));
      s.warnings.push_back({f, in.explanations.at(report::warningKey(f))});
    }
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
    requireOpenForSubmission(submissions_, txn, rawId);  // again: another may have come first
    submissions_.add(txn, s, prepared.files);
    txn.commit();
  }
  answer.setSubmitted(true);
  answer.setMessage("submitted as #" + std::to_string(s.id));
  fillSubmission(answer.initSubmission(), s);
  r.body = messageToString(message);
  return r;
}

HttpResponse SyncService::submissionDiff(const Caller& caller, const std::string& rawId,
                                         const HttpRequest& request) {
  if (caller.user.role != Role::kBureau) memberReport(caller, rawId);
  auto number = [&](const char* name) -> uint64_t {
    auto it = request.query.find(name);
    bool digits = it != request.query.end() && !it->second.empty() && it->second.size() <= 12 &&
                  it->second.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      throw ApiError(400, "bad-request",
                     std::string("?") + name + "= takes a submission number (应为报送序号)");
    return std::stoull(it->second);
  };
  uint64_t from = number("from"), to = number("to");
  std::optional<Submission> a, b;
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    a = submissions_.get(txn, from);
    b = submissions_.get(txn, to);
  }
  for (auto* s : {&a, &b})
    if (!*s || (*s)->reportId != rawId)
      throw ApiError(404, "not-found",
                     "this report has no submission #" + std::to_string(s == &a ? from : to) +
                         " (没有该次报送)");
  HttpResponse r;
  r.contentType = "text/plain; charset=utf-8";
  r.body = diffText(diffSubmissions(store_, *a, *b));
  return r;
}

HttpResponse SyncService::listSubmissions(const Caller& caller, const std::string& rawId) {
  if (caller.user.role != Role::kBureau) memberReport(caller, rawId);
  std::vector<Submission> list;
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    list = submissions_.forReport(txn, rawId);
  }
  capnp::MallocMessageBuilder message;
  auto out = message.initRoot<proto::SubmissionList>().initSubmissions(list.size());
  for (size_t i = 0; i < list.size(); ++i) fillSubmission(out[i], list[i]);
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

}  // namespace rs::server
