#include "submission_store.h"

#include <capnp/message.h>

#include "doc/capnp_bytes.h"
#include "util/errors.h"

namespace rs::server {

namespace {

std::string key(uint64_t id) {
  return store::encodeU64(id);
}

// A review is four lines: status, reviewer, time, then the comment (which may hold newlines).
std::string encodeReview(const Review& r) {
  return r.status + "\n" + r.reviewer + "\n" + std::to_string(r.timeMs) + "\n" + r.comment;
}

Review decodeReview(std::string_view v) {
  Review r;
  auto next = [&v] {
    size_t nl = v.find('\n');
    std::string part(v.substr(0, nl));
    v = nl == std::string_view::npos ? std::string_view() : v.substr(nl + 1);
    return part;
  };
  r.status = next();
  r.reviewer = next();
  std::string time = next();
  r.timeMs = time.empty() ? 0 : std::stoll(time);
  r.comment = std::string(v);
  return r;
}

void fillComment(proto::PlaceComment::Builder b, const PlaceComment& c) {
  b.setPlace(c.place);
  b.setLabel(c.label);
  b.setText(c.text);
  b.setReviewer(c.reviewer);
  b.setTimeMs(c.timeMs);
}

PlaceComment readComment(proto::PlaceComment::Reader r) {
  return {r.getPlace(), r.getLabel(), r.getText(), r.getReviewer(), r.getTimeMs()};
}

}  // namespace

void fillVersion(capnp::List<proto::VersionEntry>::Builder list, const crdt::VersionVector& v) {
  size_t i = 0;
  for (const auto& [actor, seq] : v.entries()) {
    list[i].setActor(kj::arrayPtr(actor.data(), actor.size()));
    list[i].setSeq(seq);
    ++i;
  }
}

crdt::VersionVector readVersion(capnp::List<proto::VersionEntry>::Reader list) {
  crdt::VersionVector v;
  for (auto e : list) {
    require(e.getActor().size() == 16, "a version entry's actor has 16 bytes (数据已损坏)");
    crdt::ActorId actor;
    std::copy(e.getActor().begin(), e.getActor().end(), actor.begin());
    if (e.getSeq() > 0) v.set(actor, e.getSeq());
  }
  return v;
}

void fillFinding(proto::Finding::Builder b, const report::Finding& f) {
  b.setSeverity(report::severityName(f.severity));
  b.setRule(f.rule);
  b.setLocation(f.location);
  b.setMessage(f.message);
  b.setExpected(f.expected);
  b.setActual(f.actual);
  b.setKey(report::warningKey(f));
}

report::Finding readFinding(proto::Finding::Reader r) {
  std::string severity = r.getSeverity();
  report::Severity s = severity == "error"     ? report::Severity::kError
                       : severity == "warning" ? report::Severity::kWarning
                                               : report::Severity::kInfo;
  return {s, r.getRule(), r.getLocation(), r.getMessage(), r.getExpected(), r.getActual()};
}

void fillSubmission(proto::SubmissionInfo::Builder b, const Submission& s) {
  b.setId(s.id);
  b.setReport(
      kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.reportId.data()), s.reportId.size()));
  fillVersion(b.initVersion(s.version.entries().size()), s.version);
  b.setSha256(s.sha256);
  b.setSubmitter(s.submitter);
  b.setTimeMs(s.timeMs);
  b.setTitle(s.title);
  b.setDepartment(s.department);
  b.setYear(s.year);
  auto acks = b.initAcknowledged(s.acknowledged.size());
  for (size_t i = 0; i < s.acknowledged.size(); ++i) acks.set(i, s.acknowledged[i]);
  b.setStatus(s.review.status);
  b.setComment(s.review.comment);
  b.setReviewer(s.review.reviewer);
  b.setReviewedMs(s.review.timeMs);
  auto warnings = b.initWarnings(s.warnings.size());
  for (size_t i = 0; i < s.warnings.size(); ++i) {
    fillFinding(warnings[i].initFinding(), s.warnings[i].finding);
    warnings[i].setExplanation(s.warnings[i].explanation);
  }
  auto comments = b.initComments(s.comments.size());
  for (size_t i = 0; i < s.comments.size(); ++i) fillComment(comments[i], s.comments[i]);
}

Submission readSubmission(proto::SubmissionInfo::Reader r) {
  Submission s;
  s.id = r.getId();
  s.reportId =
      std::string(reinterpret_cast<const char*>(r.getReport().begin()), r.getReport().size());
  s.version = readVersion(r.getVersion());
  s.sha256 = r.getSha256();
  s.submitter = r.getSubmitter();
  s.timeMs = r.getTimeMs();
  s.title = r.getTitle();
  s.department = r.getDepartment();
  s.year = r.getYear();
  for (auto a : r.getAcknowledged()) s.acknowledged.emplace_back(a);
  for (auto w : r.getWarnings())
    s.warnings.push_back({readFinding(w.getFinding()), w.getExplanation()});
  s.review = Review{r.getStatus(), r.getComment(), r.getReviewer(), r.getReviewedMs()};
  for (auto c : r.getComments()) s.comments.push_back(readComment(c));
  return s;
}

SubmissionStore::SubmissionStore(ServerStore& store) : store_(store) {
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  submissions_ = store::kv::Table::open(txn, "submissions");
  files_ = store::kv::Table::open(txn, "submission-files");
  reviews_ = store::kv::Table::open(txn, "submission-reviews");
  meta_ = store::kv::Table::open(txn, "submission-meta");
  comments_ = store::kv::Table::open(txn, "submission-comments");
  txn.commit();
}

uint64_t SubmissionStore::add(store::kv::Txn& txn, Submission& s, const Renderings& files) {
  auto last = meta_.get(txn, "last-id");
  s.id = (last ? store::decodeU64(*last) : 0) + 1;
  meta_.put(txn, "last-id", key(s.id));
  s.review = Review{};
  s.comments.clear();
  capnp::MallocMessageBuilder message;
  fillSubmission(message.initRoot<proto::SubmissionInfo>(), s);
  submissions_.put(txn, key(s.id), messageToString(message));
  for (const auto& [kind, bytes] : files) files_.put(txn, key(s.id) + kind, bytes);
  return s.id;
}

std::optional<Submission> SubmissionStore::get(store::kv::Txn& txn, uint64_t id) {
  auto v = submissions_.get(txn, key(id));
  if (!v) return std::nullopt;
  MessageBytes message(*v, "stored submission");
  Submission s = readSubmission(message.root<proto::SubmissionInfo>());
  if (auto review = reviews_.get(txn, key(id))) s.review = decodeReview(*review);
  comments_.scanPrefix(txn, key(id), [&](std::string_view, std::string_view v) {
    MessageBytes comment(v, "stored comment");
    s.comments.push_back(readComment(comment.root<proto::PlaceComment>()));
    return true;
  });
  return s;
}

std::vector<Submission> SubmissionStore::all(store::kv::Txn& txn) {
  std::vector<uint64_t> ids;
  submissions_.scanPrefix(txn, "", [&](std::string_view k, std::string_view) {
    ids.push_back(store::decodeU64(k));
    return true;
  });
  std::vector<Submission> out;
  for (uint64_t id : ids) out.push_back(*get(txn, id));
  return out;
}

std::vector<Submission> SubmissionStore::forReport(store::kv::Txn& txn, const std::string& rawId) {
  std::vector<Submission> out;
  for (Submission& s : all(txn))
    if (s.reportId == rawId) out.push_back(std::move(s));
  return out;
}

std::optional<std::string> SubmissionStore::file(store::kv::Txn& txn, uint64_t id,
                                                 const std::string& kind) {
  auto v = files_.get(txn, key(id) + kind);
  if (!v) return std::nullopt;
  return std::string(*v);
}

void SubmissionStore::putReview(store::kv::Txn& txn, uint64_t id, const Review& review) {
  reviews_.put(txn, key(id), encodeReview(review));
}

void SubmissionStore::addComment(store::kv::Txn& txn, uint64_t id, const PlaceComment& comment) {
  uint64_t n = 0;
  comments_.scanPrefix(txn, key(id), [&](std::string_view, std::string_view) {
    ++n;
    return true;
  });
  capnp::MallocMessageBuilder message;
  fillComment(message.initRoot<proto::PlaceComment>(), comment);
  comments_.put(txn, key(id) + key(n + 1), messageToString(message));
}

}  // namespace rs::server
