#include "server_connection.h"

#include <httplib.h>

#include <map>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "proto/sync.capnp.h"
#include "report/template_library.h"
#include "util/errors.h"
#include "util/sync_limits.h"

namespace rs::core {

namespace {

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

std::string rawId(const std::string& hex) {
  crdt::ActorId id;
  require(crdt::fromHex(hex, id), "not a report id: " + hex + " (不是报告编号)");
  return std::string(reinterpret_cast<const char*>(id.data()), 16);
}

template <typename T, typename Fill>
std::string message(Fill fill) {
  capnp::MallocMessageBuilder m;
  fill(m.initRoot<T>());
  return messageToString(m);
}

// Reads an answer; an answer that is not the expected message is the server's fault.
template <typename T, typename Use>
auto readAnswer(const std::string& body, Use use) {
  try {
    MessageBytes m(body, "server answer");
    return use(m.template root<T>());
  } catch (const std::exception& e) {
    throw SyncError(
        std::string("the server's answer is malformed: ") + e.what() + " (服务器的回答无法读取)",
        true);
  } catch (const kj::Exception&) {
    throw SyncError("the server's answer is malformed (服务器的回答无法读取)", true);
  }
}

RemoteReport toRemote(proto::ReportInfo::Reader r) {
  RemoteReport out;
  crdt::ActorId id{};
  if (r.getId().size() == 16) std::copy(r.getId().begin(), r.getId().end(), id.begin());
  out.id = crdt::toHex(id);
  for (auto m : r.getMembers()) out.members.push_back({m.getUser(), m.getRole()});
  for (auto a : r.getAssignments()) {
    RemoteAssignment ra{a.getSectionCounter(), {}, a.getUser()};
    if (a.getSectionActor().size() == 16)
      std::copy(a.getSectionActor().begin(), a.getSectionActor().end(), ra.sectionActor.begin());
    out.assignments.push_back(std::move(ra));
  }
  out.lastSeq = r.getLastSeq();
  return out;
}

RemoteReport reportAnswer(const std::string& body) {
  return readAnswer<proto::ReportInfo>(body, [](auto r) { return toRemote(r); });
}

report::Severity severityOf(const std::string& name) {
  if (name == "error") return report::Severity::kError;
  if (name == "warning") return report::Severity::kWarning;
  return report::Severity::kInfo;
}

report::Finding toFinding(proto::Finding::Reader f) {
  return {severityOf(f.getSeverity()),
          f.getRule(),
          f.getLocation(),
          f.getMessage(),
          f.getExpected(),
          f.getActual()};
}

SubmissionStatus toStatus(proto::SubmissionInfo::Reader r) {
  SubmissionStatus s;
  s.id = r.getId();
  s.sha256 = r.getSha256();
  s.submitter = r.getSubmitter();
  s.timeMs = r.getTimeMs();
  s.title = r.getTitle();
  s.department = r.getDepartment();
  s.year = r.getYear();
  for (auto a : r.getAcknowledged()) s.acknowledged.emplace_back(a);
  for (auto w : r.getWarnings())
    s.warnings.push_back({toFinding(w.getFinding()), w.getExplanation()});
  s.status = r.getStatus();
  s.comment = r.getComment();
  s.reviewer = r.getReviewer();
  s.reviewedMs = r.getReviewedMs();
  for (auto c : r.getComments())
    s.comments.push_back({c.getPlace(), c.getLabel(), c.getText(), c.getReviewer(), c.getTimeMs()});
  return s;
}

}  // namespace

ServerConnection::ServerConnection(const std::string& url, std::string token)
    : token_(std::move(token)) {
  require(
      url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0,
      "a server address starts with http:// or https:// (服务器地址应以 http:// 或 https:// 开头)");
  client_ = std::make_unique<httplib::Client>(url);
  require(client_->is_valid(), "not a usable server address: " + url + " (服务器地址无法使用)");
  client_->set_connection_timeout(5, 0);
  client_->set_keep_alive(true);
  // Small requests back to back: without this, delayed ACKs add ~40 ms to each.
  client_->set_tcp_nodelay(true);
}

ServerConnection::~ServerConnection() = default;

void ServerConnection::setTimeouts(int connectSeconds, int answerSeconds) {
  client_->set_connection_timeout(connectSeconds, 0);
  answerSeconds_ = answerSeconds;
}

std::string ServerConnection::call(const std::string& method, const std::string& path,
                                   const std::string& body, int waitSeconds, int answerStatus) {
  httplib::Headers headers{{"X-Reportsync-Protocol", std::to_string(doc::kProtocolVersion)}};
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  client_->set_read_timeout(waitSeconds + answerSeconds_, 0);
  httplib::Result res = method == "GET" ? client_->Get(path.c_str(), headers)
                                        : client_->Post(path.c_str(), headers, body,
                                                        "application/x-reportsync-capnp");
  if (!res && res.error() == httplib::Error::SSLServerVerification)
    // Not a passing fault: retrying cannot help until the certificate is trusted.
    throw SyncError(
        "the server's certificate cannot be verified: install the department's CA certificate in "
        "/usr/local/share/ca-certificates and run update-ca-certificates, or name it in "
        "SSL_CERT_FILE (服务器证书无法验证：请安装本部门的CA证书)",
        false);
  if (!res)
    throw SyncError(
        "cannot reach the server: " + httplib::to_string(res.error()) + " (无法连接服务器)", true);
  if ((res->status >= 200 && res->status < 300) || res->status == answerStatus) return res->body;
  // Errors carry an ErrorResponse; a proxy's HTML page does not, so fall back on the status.
  bool retryable = res->status >= 500 || res->status == 429;
  std::string code, text = "server answered " + std::to_string(res->status) + " (服务器返回错误" +
                           std::to_string(res->status) + ")";
  try {
    MessageBytes m(res->body, "error");
    auto e = m.root<proto::ErrorResponse>();
    code = e.getCode();
    text = e.getMessage();
    retryable = e.getRetryable();
  } catch (...) {
  }
  throw SyncError(text, retryable, res->status, code);
}

LoginResult ServerConnection::login(const std::string& user, const std::string& password) {
  std::string body = message<proto::LoginRequest>([&](auto b) {
    b.setUser(user);
    b.setPassword(password);
  });
  LoginResult r = readAnswer<proto::LoginResponse>(call("POST", "/api/v1/login", body), [](auto a) {
    return LoginResult{a.getToken(), a.getExpiresMs(), a.getRole()};
  });
  token_ = r.token;
  return r;
}

void ServerConnection::changePassword(const std::string& oldPassword,
                                      const std::string& newPassword) {
  std::string body = message<proto::PasswordChange>([&](auto b) {
    b.setOldPassword(oldPassword);
    b.setNewPassword(newPassword);
  });
  call("POST", "/api/v1/password", body);
}

RemoteReport ServerConnection::share(const std::string& reportId) {
  std::string body =
      message<proto::ShareRequest>([&](auto b) { b.setId(bytesOf(rawId(reportId))); });
  return reportAnswer(call("POST", "/api/v1/reports", body));
}

RemoteReport ServerConnection::report(const std::string& reportId) {
  rawId(reportId);
  return reportAnswer(call("GET", "/api/v1/reports/" + reportId, ""));
}

std::vector<RemoteReport> ServerConnection::reports() {
  return readAnswer<proto::ReportList>(call("GET", "/api/v1/reports", ""), [](auto list) {
    std::vector<RemoteReport> out;
    for (auto r : list.getReports()) out.push_back(toRemote(r));
    return out;
  });
}

RemoteReport ServerConnection::addMember(const std::string& reportId, const std::string& user,
                                         const std::string& role) {
  rawId(reportId);
  std::string body = message<proto::MemberRequest>([&](auto b) {
    b.setUser(user);
    b.setRole(role);
  });
  return reportAnswer(call("POST", "/api/v1/reports/" + reportId + "/members", body));
}

RemoteReport ServerConnection::assign(const std::string& reportId, uint64_t sectionCounter,
                                      const crdt::ActorId& sectionActor, const std::string& user) {
  rawId(reportId);
  std::string body = message<proto::Assignment>([&](auto b) {
    b.setSectionCounter(sectionCounter);
    b.setSectionActor(kj::arrayPtr(sectionActor.data(), 16));
    b.setUser(user);
  });
  return reportAnswer(call("POST", "/api/v1/reports/" + reportId + "/assignments", body));
}

std::vector<PushOutcome> ServerConnection::push(const std::string& reportId,
                                                const std::vector<std::string>& changes,
                                                const std::optional<crdt::ActorId>& ownActor) {
  std::vector<doc::ChangeId> order;  // the server answers in the history's order
  std::string history = doc::packedToHistory(changes, &order);
  std::vector<PushOutcome> outcomes = pushHistory(reportId, history, ownActor);
  std::map<doc::ChangeId, PushOutcome> byId;
  for (size_t i = 0; i < order.size(); ++i) byId.emplace(order[i], outcomes[i]);
  std::vector<PushOutcome> inOrder;
  for (const std::string& c : changes) inOrder.push_back(byId.at(doc::peekChangeId(c)));
  return inOrder;
}

std::vector<PushOutcome> ServerConnection::pushHistory(
    const std::string& reportId, std::string_view history,
    const std::optional<crdt::ActorId>& ownActor) {
  rawId(reportId);
  uint64_t count = 0;
  for (const doc::SpanInfo& s : doc::listSpans(history)) count += s.count;
  std::string body = message<proto::PushRequest>([&](auto b) {
    b.setHistory(bytesOf(history));
    if (ownActor) b.initOwnActors(1).set(0, kj::arrayPtr(ownActor->data(), ownActor->size()));
  });
  auto outcomes = readAnswer<proto::PushResponse>(
      call("POST", "/api/v1/reports/" + reportId + "/changes", body), [&](auto r) {
        history_ = r.getHistory();
        std::vector<PushOutcome> out;
        for (auto x : r.getResults()) {
          auto s = x.getStatus();
          out.push_back({s == proto::PushResult::Status::ACCEPTED    ? PushOutcome::kAccepted
                         : s == proto::PushResult::Status::DUPLICATE ? PushOutcome::kDuplicate
                                                                     : PushOutcome::kRejected,
                         x.getReason()});
        }
        return out;
      });
  if (outcomes.size() != count)
    throw SyncError(
        "the server answered a push with the wrong number of results (服务器的回答无法读取)", true);
  return outcomes;
}

namespace {

template <typename List>
std::vector<ActorUser> actorUsersOf(List list) {
  std::vector<ActorUser> out;
  for (auto a : list) {
    if (a.getActor().size() != 16) continue;  // malformed: no binding beats a wrong one
    ActorUser u;
    std::copy(a.getActor().begin(), a.getActor().end(), u.actor.begin());
    u.user = a.getUser();
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace

std::vector<ActorUser> ServerConnection::actors(const std::string& reportId) {
  rawId(reportId);
  return readAnswer<proto::ActorList>(call("GET", "/api/v1/reports/" + reportId + "/actors", ""),
                                      [](auto r) { return actorUsersOf(r.getActors()); });
}

PullPage ServerConnection::pull(const std::string& reportId, uint64_t since, uint64_t limit,
                                int waitSeconds) {
  rawId(reportId);
  std::string path = "/api/v1/reports/" + reportId + "/changes?since=" + std::to_string(since) +
                     "&limit=" + std::to_string(limit) + "&wait=" + std::to_string(waitSeconds);
  return readAnswer<proto::PullResponse>(call("GET", path, "", waitSeconds), [&](auto r) {
    PullPage page;
    page.history = r.getHistory();
    history_ = page.history;
    auto h = r.getChangeHistory();
    page.changeHistory.assign(reinterpret_cast<const char*>(h.begin()), h.size());
    // Headers only: the spans are decoded once, as the replica applies them.
    for (const doc::SpanInfo& s : doc::listSpans(page.changeHistory, std::max<uint64_t>(limit, 1)))
      page.changeCount += s.count;
    page.lastSeq = r.getLastSeq();
    page.more = r.getMore();
    page.actors = actorUsersOf(r.getActors());
    return page;
  });
}

const ServerLimits& ServerConnection::limits() {
  if (limits_) return *limits_;
  ServerLimits fallback{kDefaultMaxBodyBytes, kDefaultMaxChangesPerPush, kMaxChangeBytes};
  try {
    limits_ = readAnswer<proto::Limits>(call("GET", "/api/v1/limits", ""), [&](auto r) {
      ServerLimits l{r.getMaxBodyBytes(), r.getMaxChangesPerPush(), r.getMaxChangeBytes()};
      if (!l.maxBodyBytes || !l.maxChangesPerPush || !l.maxChangeBytes) return fallback;
      return l;
    });
  } catch (const SyncError& e) {
    if (e.status() != 404) throw;  // a server before limits were stated: its defaults
    limits_ = fallback;
  }
  return *limits_;
}

SubmitResult ServerConnection::submit(const std::string& reportId,
                                      const crdt::VersionVector& version,
                                      const Explanations& explanations) {
  rawId(reportId);
  std::string body = message<proto::SubmitRequest>([&](auto b) {
    auto list = b.initVersion(version.entries().size());
    size_t i = 0;
    for (const auto& [actor, seq] : version.entries()) {
      list[i].setActor(kj::arrayPtr(actor.data(), actor.size()));
      list[i].setSeq(seq);
      ++i;
    }
    auto reasons = b.initExplanations(explanations.size());
    size_t k = 0;
    for (const auto& [key, text] : explanations) {
      reasons[k].setKey(key);
      reasons[k].setText(text);
      ++k;
    }
  });
  // 422: refused for the findings, which the answer carries.
  std::string answer = call("POST", "/api/v1/reports/" + reportId + "/submissions", body, 0, 422);
  return readAnswer<proto::SubmitResponse>(answer, [](auto r) {
    SubmitResult out;
    out.submitted = r.getSubmitted();
    if (out.submitted) out.submission = toStatus(r.getSubmission());
    out.message = r.getMessage();
    for (auto f : r.getFindings()) out.findings.push_back(toFinding(f));
    return out;
  });
}

std::string ServerConnection::submissionDiff(const std::string& reportId, uint64_t from,
                                             uint64_t to) {
  rawId(reportId);
  return call("GET",
              "/api/v1/reports/" + reportId + "/submissions/diff?from=" + std::to_string(from) +
                  "&to=" + std::to_string(to),
              "");
}

std::vector<SubmissionStatus> ServerConnection::submissions(const std::string& reportId) {
  rawId(reportId);
  return readAnswer<proto::SubmissionList>(
      call("GET", "/api/v1/reports/" + reportId + "/submissions", ""), [](auto list) {
        std::vector<SubmissionStatus> out;
        for (auto s : list.getSubmissions()) out.push_back(toStatus(s));
        return out;
      });
}

std::vector<RemoteTemplate> ServerConnection::templates() {
  return readAnswer<proto::TemplateList>(call("GET", "/api/v1/templates", ""), [](auto r) {
    std::vector<RemoteTemplate> out;
    for (auto t : r.getTemplates()) out.push_back({t.getKey(), t.getVersion(), {}});
    return out;
  });
}

std::string ServerConnection::templateJson(const std::string& key, uint32_t version) {
  report::requireTemplateKey(key);
  std::string path = "/api/v1/templates/" + key + "/" + std::to_string(version);
  return readAnswer<proto::TemplateFile>(call("GET", path, ""), [&](auto r) {
    if (r.getKey() != key || r.getVersion() != version)
      throw SyncError("the server answered another template than " + key + "@" +
                          std::to_string(version) + " (服务器返回的模板不符)",
                      false);
    return std::string(r.getJson());
  });
}

RemoteTemplate ServerConnection::publishTemplate(const std::string& json) {
  std::string body = message<proto::TemplateFile>([&](auto b) { b.setJson(json); });
  return readAnswer<proto::TemplateInfo>(call("POST", "/api/v1/templates", body), [](auto r) {
    return RemoteTemplate{r.getKey(), r.getVersion(), r.getTitle()};
  });
}

}  // namespace rs::core
