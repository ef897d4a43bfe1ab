#include "sync_service.h"

#include "login_guard.h"

#include <capnp/message.h>

#include <algorithm>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "proto/sync.capnp.h"
#include "util/errors.h"
#include "util/time_text.h"

namespace rs::server {

namespace {

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

std::string rawFromHex(const std::string& hex) {
  crdt::ActorId id;
  if (!crdt::fromHex(hex, id))
    throw ApiError(404, "not-found", "no such report: " + hex + " (服务器上没有该报告)");
  return std::string(reinterpret_cast<const char*>(id.data()), 16);
}

template <typename T, typename Fill>
HttpResponse capnpResponse(Fill fill) {
  capnp::MallocMessageBuilder message;
  fill(message.initRoot<T>());
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

// Reads a request body as a T message; malformed bodies are the client's error.
template <typename T, typename Use>
auto withBody(const HttpRequest& request, Use use) {
  try {
    MessageBytes message(request.body, "request body");
    return use(message.root<T>());
  } catch (const InputError& e) {
    throw ApiError(400, "bad-request", e.what());
  } catch (const kj::Exception& e) {
    throw ApiError(400, "bad-request", "malformed request body (请求无法读取)");
  }
}

void fillReportInfo(proto::ReportInfo::Builder b, const ReportRecord& rec) {
  b.setId(bytesOf(rec.id));
  auto members = b.initMembers(rec.members.size());
  for (size_t i = 0; i < rec.members.size(); ++i) {
    members[i].setUser(rec.members[i].user);
    members[i].setRole(rec.members[i].role);
  }
  auto assignments = b.initAssignments(rec.assignments.size());
  for (size_t i = 0; i < rec.assignments.size(); ++i) {
    assignments[i].setSectionCounter(rec.assignments[i].sectionCounter);
    assignments[i].setSectionActor(kj::arrayPtr(rec.assignments[i].sectionActor.data(), 16));
    assignments[i].setUser(rec.assignments[i].user);
  }
  b.setLastSeq(rec.lastSeq);
}

bool isOffice(const ReportRecord& rec, const std::string& user) {
  auto role = rec.roleOf(user);
  return role && (*role == "owner" || *role == "office");
}

}  // namespace

HttpResponse errorResponse(int status, const std::string& code, const std::string& message,
                           bool retryable) {
  HttpResponse r = capnpResponse<proto::ErrorResponse>([&](auto b) {
    b.setCode(code);
    b.setMessage(message);
    b.setRetryable(retryable);
  });
  r.status = status;
  return r;
}

SyncService::SyncService(ServerStore& store, ServiceOptions options)
    : store_(store),
      options_(options),
      live_(store),
      submissions_(store),
      templates_(store::TemplateShelf::open(store.db())),
      publisher_(&SyncService::publishLoop, this),
      committer_(&SyncService::commitLoop, this) {}

SyncService::~SyncService() {
  {
    std::lock_guard lock(pushMu_);
    stopCommitting_ = true;
  }
  pushQueued_.notify_one();
  committer_.join();
  {  // after the committer: every batch it committed is published first
    std::lock_guard lock(publishMu_);
    stopPublishing_ = true;
  }
  committedReady_.notify_one();
  publisher_.join();
}

void SyncService::addUser(const std::string& name, Role role, const std::string& password) {
  requireUserName(name);
  require(password.size() >= 8, "a password has at least 8 characters (密码至少8个字符)");
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  store_.putUser(txn, User{name, role, hashPassword(password)});
  txn.commit();
}

void SyncService::setPassword(const std::string& name, const std::string& password) {
  require(password.size() >= 8, "a password has at least 8 characters (密码至少8个字符)");
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  std::optional<User> user = store_.user(txn, name);
  require(user.has_value(), "no user " + name + " (没有该用户)");
  user->passwordHash = hashPassword(password);
  store_.putUser(txn, *user);
  store_.dropSessionsOf(txn, name);
  store_.logins().counts().forget(txn, name);
  txn.commit();
}

namespace {

HttpResponse fromError(const ApiError& e) {
  HttpResponse r = errorResponse(e.status(), e.code(), e.what(), e.retryable());
  if (e.retryAfterSeconds() > 0)
    r.headers.push_back({"Retry-After", std::to_string(e.retryAfterSeconds())});
  return r;
}

void requireProtocol(const HttpRequest& request) {
  if (request.header(kProtocolHeader) != std::to_string(doc::kProtocolVersion))
    throw ApiError(400, "protocol",
                   "this server speaks reportsync protocol " +
                       std::to_string(doc::kProtocolVersion) +
                       "; update the program (本程序与服务器版本不符，请升级本程序)");
}

}  // namespace

HttpResponse SyncService::handle(const HttpRequest& request) {
  std::string user;
  HttpResponse out = answer(request, user);
  out.user = std::move(user);
  return out;
}

HttpResponse SyncService::answer(const HttpRequest& request, std::string& user) {
  try {
    requireProtocol(request);
    if (request.body.size() > options_.maxBodyBytes)
      throw ApiError(
          413, "too-large",
          "request body is too large (" + std::to_string(request.body.size()) +
              " bytes; this server takes at most " + std::to_string(options_.maxBodyBytes) +
              "): send fewer changes at once, see GET /api/v1/limits (请求过大，请分几次发送)");
    return route(request, user);
  } catch (const ApiError& e) {
    return fromError(e);
  } catch (const InputError& e) {
    return errorResponse(400, "bad-request", e.what(), false);
  } catch (const std::exception& e) {
    return errorResponse(500, "internal", e.what(), true);
  }
}

std::optional<HttpResponse> SyncService::refuseBeforeBody(const HttpRequest& request,
                                                          size_t openBodyBytes) {
  try {
    requireProtocol(request);
    if (request.path == "/api/v1/login")
      throw ApiError(413, "too-large",
                     "a login request carries at most " + std::to_string(openBodyBytes) +
                         " bytes (登录请求过大)");
    authenticate(request);
    return std::nullopt;
  } catch (const ApiError& e) {
    return fromError(e);
  } catch (const std::exception& e) {
    return errorResponse(500, "internal", e.what(), true);
  }
}

HttpResponse SyncService::route(const HttpRequest& request, std::string& user) {
  const std::string prefix = "/api/v1/";
  if (request.path.rfind(prefix, 0) != 0)
    throw ApiError(404, "not-found", "no such endpoint (服务器不支持该请求)");
  std::string rest = request.path.substr(prefix.size());
  bool get = request.method == "GET", post = request.method == "POST";
  if (rest == "login" && post) return login(request);
  if (rest == "limits" && get) return limits();
  Caller caller = authenticate(request);
  user = caller.user.name;
  if (rest == "password" && post) return changePassword(caller, request);
  if (rest == "reports") {
    if (get) return listReports(caller);
    if (post) return shareReport(caller, request);
  }
  if (rest == "templates" && get) return listTemplates();
  if (rest == "templates" && post) return publishTemplate(caller, request);
  if (rest.rfind("templates/", 0) == 0 && get) return templateFile(rest.substr(10));
  if (rest.rfind("reports/", 0) == 0) {
    std::string tail = rest.substr(8);
    size_t slash = tail.find('/');
    std::string rawId = rawFromHex(tail.substr(0, slash));
    std::string what = slash == std::string::npos ? "" : tail.substr(slash + 1);
    if (what.empty() && get) return reportInfo(caller, rawId);
    if (what == "members" && post) return addMember(caller, rawId, request);
    if (what == "assignments" && post) return assign(caller, rawId, request);
    if (what == "changes" && post) return push(caller, rawId, request);
    if (what == "changes" && get) return pull(caller, rawId, request);
    if (what == "actors" && get) return actors(caller, rawId);
    if (what == "submissions" && post) return submit(caller, rawId, request);
    if (what == "submissions" && get) return listSubmissions(caller, rawId);
    if (what == "submissions/diff" && get) return submissionDiff(caller, rawId, request);
  }
  throw ApiError(
      404, "not-found",
      "no such endpoint: " + request.method + " " + request.path + " (服务器不支持该请求)");
}

SyncService::Caller SyncService::authenticate(const HttpRequest& request) {
  std::string auth = request.header("authorization");
  const std::string bearer = "Bearer ";
  if (auth.rfind(bearer, 0) != 0) throw ApiError(401, "unauthorized", "log in first (请先登录)");
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  auto session = store_.session(txn, tokenHash(auth.substr(bearer.size())));
  if (!session)
    throw ApiError(401, "unauthorized", "unknown session: log in again (登录已失效，请重新登录)");
  if (session->expiresMs <= rs::wallClockMs())
    throw ApiError(401, "expired", "session expired: log in again (登录已过期，请重新登录)");
  auto user = store_.user(txn, session->user);
  if (!user) throw ApiError(401, "unauthorized", "user no longer exists (该用户已不存在)");
  return Caller{*user};
}

HttpResponse SyncService::login(const HttpRequest& request) {
  auto [name, password] = withBody<proto::LoginRequest>(request, [](auto r) {
    return std::pair{std::string(r.getUser()), std::string(r.getPassword())};
  });
  LoginGuard::Result r = store_.logins().attempt(store_, name, password, request.remote);
  switch (r.outcome) {
    case LoginGuard::Outcome::kOk:
      break;
    case LoginGuard::Outcome::kWrongPassword:
      throw ApiError(401, "bad-login", "wrong user name or password (用户名或密码错误)");
    case LoginGuard::Outcome::kTooMany:
      throw ApiError(429, "too-many-attempts",
                     "too many failed logins: wait " + std::to_string(r.retryAfterSeconds) +
                         " s and try again (登录失败次数过多，请稍候再试)",
                     true, r.retryAfterSeconds);
    case LoginGuard::Outcome::kBusy:
      throw ApiError(503, "busy",
                     "the server is checking other logins: try again (服务器正忙，请再试)", true,
                     r.retryAfterSeconds);
  }
  const User& user = *r.user;
  std::string token = newToken();
  int64_t expires = rs::wallClockMs() + options_.sessionSeconds * 1000;
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  store_.putSession(txn, tokenHash(token), Session{name, expires});
  txn.commit();
  return capnpResponse<proto::LoginResponse>([&](auto b) {
    b.setToken(token);
    b.setExpiresMs(expires);
    b.setRole(roleName(user.role));
  });
}

// The caller's own password: the old one is checked like a login (a stolen session cannot
// guess it faster than a login could), and the caller's other sessions end.
HttpResponse SyncService::changePassword(const Caller& caller, const HttpRequest& request) {
  auto [oldPassword, newPassword] = withBody<proto::PasswordChange>(request, [](auto r) {
    return std::pair{std::string(r.getOldPassword()), std::string(r.getNewPassword())};
  });
  if (newPassword.size() < 8)
    throw ApiError(400, "bad-request", "a password has at least 8 characters (密码至少8个字符)");
  LoginGuard::Result r =
      store_.logins().attempt(store_, caller.user.name, oldPassword, request.remote);
  if (r.outcome == LoginGuard::Outcome::kTooMany)
    throw ApiError(429, "too-many-attempts",
                   "too many wrong passwords: wait and try again (密码错误次数过多，请稍候再试)",
                   true, r.retryAfterSeconds);
  if (r.outcome == LoginGuard::Outcome::kBusy)
    throw ApiError(503, "busy", "the server is busy: try again (服务器正忙，请再试)", true,
                   r.retryAfterSeconds);
  if (r.outcome != LoginGuard::Outcome::kOk)
    throw ApiError(403, "wrong-password", "the current password is wrong (当前密码错误)");
  std::string keep =
      tokenHash(request.header("authorization").substr(std::string("Bearer ").size()));
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  User user = *r.user;
  user.passwordHash = hashPassword(newPassword);
  store_.putUser(txn, user);
  store_.dropSessionsOf(txn, user.name, keep);
  txn.commit();
  HttpResponse ok;
  ok.status = 204;
  return ok;
}

ReportRecord SyncService::memberReport(const Caller& caller, const std::string& rawId) {
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  auto rec = store_.report(txn, rawId);
  if (!rec) throw ApiError(404, "not-found", "no such report on this server (服务器上没有该报告)");
  if (!rec->roleOf(caller.user.name))
    throw ApiError(403, "forbidden",
                   caller.user.name + " is not a member of this report (你不是该报告的成员)");
  return *rec;
}

HttpResponse SyncService::listReports(const Caller& caller) {
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  std::vector<ReportRecord> mine;
  for (ReportRecord& r : store_.reports(txn))
    if (r.roleOf(caller.user.name)) mine.push_back(std::move(r));
  return capnpResponse<proto::ReportList>([&](auto b) {
    auto list = b.initReports(mine.size());
    for (size_t i = 0; i < mine.size(); ++i) fillReportInfo(list[i], mine[i]);
  });
}

HttpResponse SyncService::shareReport(const Caller& caller, const HttpRequest& request) {
  std::string rawId = withBody<proto::ShareRequest>(request, [](auto r) {
    require(r.getId().size() == 16, "a report id has 16 bytes (报告编号无效)");
    return std::string(reinterpret_cast<const char*>(r.getId().begin()), 16);
  });
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  auto existing = store_.report(txn, rawId);
  if (existing) {
    if (existing->roleOf(caller.user.name) != "owner")
      throw ApiError(409, "exists",
                     "this report is already shared by someone else (该报告已由他人共享)");
    return capnpResponse<proto::ReportInfo>([&](auto b) { fillReportInfo(b, *existing); });
  }
  ReportRecord rec{rawId, {{caller.user.name, "owner"}}, {}, 0};
  store_.putReport(txn, rec);
  txn.commit();
  return capnpResponse<proto::ReportInfo>([&](auto b) { fillReportInfo(b, rec); });
}

HttpResponse SyncService::limits() {
  return capnpResponse<proto::Limits>([&](auto b) {
    b.setMaxBodyBytes(options_.maxBodyBytes);
    b.setMaxChangesPerPush(options_.maxChangesPerPush);
    b.setMaxChangeBytes(maxChangeBytes());
  });
}

HttpResponse SyncService::reportInfo(const Caller& caller, const std::string& rawId) {
  ReportRecord rec = memberReport(caller, rawId);
  return capnpResponse<proto::ReportInfo>([&](auto b) { fillReportInfo(b, rec); });
}

HttpResponse SyncService::addMember(const Caller& caller, const std::string& rawId,
                                    const HttpRequest& request) {
  auto [user, role] = withBody<proto::MemberRequest>(request, [](auto r) {
    return std::pair{std::string(r.getUser()), std::string(r.getRole())};
  });
  if (role != "office" && role != "member")
    throw ApiError(400, "bad-request",
                   "a member's role is office or member (成员角色应为办公室或成员)");
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  auto rec = store_.report(txn, rawId);
  if (!rec) throw ApiError(404, "not-found", "no such report on this server (服务器上没有该报告)");
  if (!isOffice(*rec, caller.user.name))
    throw ApiError(
        403, "forbidden",
        "only the report's owner or office adds members (只有报告的创建者或办公室可以添加成员)");
  if (!store_.user(txn, user))
    throw ApiError(404, "no-user", "no user " + user + " on this server (服务器上没有该用户)");
  std::erase_if(rec->members,
                [&](const MemberEntry& m) { return m.user == user && m.role != "owner"; });
  if (!rec->roleOf(user)) rec->members.push_back({user, role});
  store_.putReport(txn, *rec);
  txn.commit();
  return capnpResponse<proto::ReportInfo>([&](auto b) { fillReportInfo(b, *rec); });
}

HttpResponse SyncService::assign(const Caller& caller, const std::string& rawId,
                                 const HttpRequest& request) {
  AssignmentEntry entry = withBody<proto::Assignment>(request, [](auto r) {
    require(r.getSectionActor().size() == 16, "a section actor has 16 bytes (章节编号无效)");
    AssignmentEntry e{r.getSectionCounter(), {}, std::string(r.getUser())};
    std::copy(r.getSectionActor().begin(), r.getSectionActor().end(), e.sectionActor.begin());
    return e;
  });
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  auto rec = store_.report(txn, rawId);
  if (!rec) throw ApiError(404, "not-found", "no such report on this server (服务器上没有该报告)");
  if (!isOffice(*rec, caller.user.name))
    throw ApiError(403, "forbidden",
                   "only the report's owner or office assigns sections "
                   "(只有报告的创建者或办公室可以分配章节)");
  if (!store_.user(txn, entry.user))
    throw ApiError(404, "no-user",
                   "no user " + entry.user + " on this server (服务器上没有该用户)");
  // A section may be given to several people; giving it again is harmless.
  bool known = std::any_of(rec->assignments.begin(), rec->assignments.end(), [&](auto& a) {
    return a.sectionCounter == entry.sectionCounter && a.sectionActor == entry.sectionActor &&
           a.user == entry.user;
  });
  if (!known) rec->assignments.push_back(entry);
  if (!rec->roleOf(entry.user)) rec->members.push_back({entry.user, "member"});
  store_.putReport(txn, *rec);
  txn.commit();
  return capnpResponse<proto::ReportInfo>([&](auto b) { fillReportInfo(b, *rec); });
}

std::string changesNotice(const std::string& rawId, uint64_t lastSeq) {
  crdt::ActorId bytes{};
  std::copy_n(rawId.begin(), std::min(rawId.size(), bytes.size()), bytes.begin());
  return crdt::toHex(bytes) + " " + std::to_string(lastSeq);
}

void SyncService::wake(const std::string& notice) {
  size_t space = notice.find(' ');
  crdt::ActorId id;
  if (space == std::string::npos || !crdt::fromHex(notice.substr(0, space), id)) return;
  std::string seq = notice.substr(space + 1);
  if (seq.empty() || seq.size() > 18 || seq.find_first_not_of("0123456789") != std::string::npos)
    return;
  live_.notify(std::string(reinterpret_cast<const char*>(id.data()), id.size()), std::stoull(seq));
}

}  // namespace rs::server
