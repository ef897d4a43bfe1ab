#include "bureau_pages.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "bureau_html.h"
#include "county_overview.h"
#include "docreport/content_bridge.h"
#include "login_guard.h"
#include "report/template.h"
#include "submission_build.h"
#include "submission_diff.h"
#include "submission_places.h"
#include "util/errors.h"
#include "util/time_text.h"
#include "util/utf8.h"
#include "web_forms.h"

namespace rs::server {

namespace {

constexpr char kCookie[] = "rs_bureau";
constexpr size_t kMaxComment = 2000;

// A page the user sees instead of what they asked for.
struct PageError {
  int status;
  std::string title, text;
};

HttpResponse html(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.contentType = "text/html; charset=utf-8";
  r.body = std::move(body);
  // Inline styles only: no scripts, no frames, forms post back here.
  r.headers = {{"Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
               {"X-Frame-Options", "DENY"},  // frame-ancestors for browsers without CSP 2
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"},
               {"Cache-Control", "no-store"}};
  return r;
}

HttpResponse redirect(const std::string& to) {
  HttpResponse r = html(303, "");
  r.headers.push_back({"Location", to});
  return r;
}

std::string csrfFor(const std::string& tokenHash) {
  return sha256Hex("reportsync-bureau-csrf\n" + tokenHash);
}

bool sameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// "12" -> 12; anything else is a page that does not exist.
uint64_t submissionNumber(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw PageError{404, "未找到", "没有这份提交。"};
  return std::stoull(text);
}

// The places of the report as submitted: its sections and table cells.
std::vector<ReportPlace> placesAt(ServerStore& store, const Submission& s) {
  return placesOf(core::toContent(*documentAt(store, s.reportId, s.version)));
}

// A form's CSRF token checked against the session's; 403 otherwise.
void checkCsrf(std::map<std::string, std::string>& form, const std::string& csrf) {
  if (!sameSecret(form["csrf"], csrf)) throw PageError{403, "表单已失效", "请刷新页面后重试。"};
}

// Whether `text` has something besides white space.
bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

const std::map<std::string, std::pair<const char*, const char*>> kDownloads = {
    {"docx", {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"}},
    {"pdf", {"application/pdf", "pdf"}},
    {"html", {"text/html; charset=utf-8", "html"}}};

}  // namespace

BureauPages::BureauPages(ServerStore& store, BureauOptions options)
    : store_(store),
      submissions_(store),
      options_(options),
      templates_(store::TemplateShelf::open(store.db())) {}

bool BureauPages::owns(const std::string& path) {
  return path == "/bureau" || path.rfind("/bureau/", 0) == 0;
}

HttpResponse BureauPages::handle(const HttpRequest& request) {
  std::string user;
  HttpResponse r;
  try {
    r = route(request, user);
  } catch (const PageError& e) {
    r = html(e.status, messagePage(e.title, e.text));
  } catch (const std::exception& e) {
    r = html(500, messagePage("服务器错误", e.what()));
  }
  r.user = user;
  return r;
}

HttpResponse BureauPages::route(const HttpRequest& request, std::string& user) {
  const std::string& path = request.path;
  bool get = request.method == "GET", post = request.method == "POST";
  if (path == "/bureau/login" && get) return html(200, loginPage(""));
  if (path == "/bureau/login" && post) return login(request);
  std::optional<Viewer> v = viewer(request);
  if (!v) return redirect("/bureau/login");
  user = v->user.name;
  if (path == "/bureau/logout" && post) return logout(*v, request);
  if (path == "/bureau/templates" && v->user.role != Role::kMember) {
    if (get) {
      auto published = request.query.find("published");
      return templates(*v, 200, published == request.query.end() ? "" : published->second, "");
    }
    if (post) return publishTemplate(*v, request);
  }
  if (v->user.role != Role::kBureau)
    throw PageError{403, "无权访问", "这些页面仅供财政局审核人员使用。"};
  if ((path == "/bureau" || path == "/bureau/") && get) return list(*v, request);
  if (path == "/bureau/summary.xlsx" && get) return summaryDownload(request);
  const std::string prefix = "/bureau/submissions/";
  if (path.rfind(prefix, 0) == 0) {
    std::string rest = path.substr(prefix.size());
    size_t slash = rest.find('/');
    uint64_t id = submissionNumber(rest.substr(0, slash));
    std::string what = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (what.empty() && get) return show(*v, id);
    if (what.rfind("report.", 0) == 0 && get) return download(id, what.substr(7));
    if (what == "review" && post) return review(*v, id, request);
    if (what == "comment" && post) return comment(*v, id, request);
  }
  throw PageError{404, "未找到", "没有这个页面。"};
}

bool BureauPages::takesLargeBody(const HttpRequest& request) {
  if (request.method != "POST" || request.path != "/bureau/templates") return false;
  std::optional<Viewer> v = viewer(request);
  return v && v->user.role != Role::kMember;
}

std::optional<BureauPages::Viewer> BureauPages::viewer(const HttpRequest& request) {
  std::string token = cookieValue(request.header("cookie"), kCookie);
  if (token.empty()) return std::nullopt;
  std::string hash = tokenHash(token);
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  auto session = store_.session(txn, hash);
  if (!session || session->expiresMs <= rs::wallClockMs()) return std::nullopt;
  auto user = store_.user(txn, session->user);
  if (!user) return std::nullopt;
  return Viewer{*user, hash, csrfFor(hash)};
}

HttpResponse BureauPages::login(const HttpRequest& request) {
  auto form = parseForm(request.body);
  const std::string& name = form["user"];
  const std::string& password = form["password"];
  if (name.empty() || password.empty()) return html(400, loginPage("请输入用户名和密码。"));
  LoginGuard::Result tried = store_.logins().attempt(store_, name, password, request.remote);
  if (tried.outcome == LoginGuard::Outcome::kTooMany ||
      tried.outcome == LoginGuard::Outcome::kBusy) {
    bool busy = tried.outcome == LoginGuard::Outcome::kBusy;
    HttpResponse r =
        html(busy ? 503 : 429,
             loginPage(busy ? std::string("服务器正忙，请稍后再试。")
                            : "登录失败次数过多，请 " + std::to_string(tried.retryAfterSeconds) +
                                  " 秒后再试。"));
    r.headers.push_back({"Retry-After", std::to_string(tried.retryAfterSeconds)});
    return r;
  }
  if (tried.outcome != LoginGuard::Outcome::kOk) return html(401, loginPage("用户名或密码错误。"));
  const std::optional<User>& user = tried.user;
  if (user->role == Role::kMember)
    throw PageError{403, "无权访问", "只有财政局审核人员和管理员可以登录这些页面。"};
  std::string token = newToken();
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
    store_.putSession(txn, tokenHash(token),
                      Session{name, rs::wallClockMs() + options_.sessionSeconds * 1000});
    txn.commit();
  }
  // An admin's page here is the templates page.
  HttpResponse r = redirect(user->role == Role::kAdmin ? "/bureau/templates" : "/bureau");
  r.headers.push_back({"Set-Cookie", std::string(kCookie) + "=" + token +
                                         "; Path=/bureau; HttpOnly; SameSite=Strict; Max-Age=" +
                                         std::to_string(options_.sessionSeconds) +
                                         (options_.secureCookie ? "; Secure" : "")});
  return r;
}

HttpResponse BureauPages::logout(const Viewer& v, const HttpRequest& request) {
  auto form = parseForm(request.body);
  checkCsrf(form, v.csrf);
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  store_.dropSession(txn, v.tokenHash);
  txn.commit();
  HttpResponse r = redirect("/bureau/login");
  r.headers.push_back({"Set-Cookie", std::string(kCookie) +
                                         "=; Path=/bureau; HttpOnly; SameSite=Strict; Max-Age=0"});
  return r;
}

HttpResponse BureauPages::list(const Viewer& v, const HttpRequest& request) {
  OverviewFilter filter;
  try {
    filter = parseOverviewFilter(request.query);
  } catch (const InputError& e) {
    throw PageError{400, "筛选条件有误", e.what()};
  }
  Overview overview = countyOverview(store_, submissions_, figures_, filter);
  return html(200, listPage(v.user.name, v.csrf, overview, filter));
}

Submission BureauPages::submission(uint64_t id) {
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  auto s = submissions_.get(txn, id);
  if (!s) throw PageError{404, "未找到", "没有这份提交。"};
  return *s;
}

HttpResponse BureauPages::show(const Viewer& v, uint64_t id) {
  Submission s = submission(id);
  std::string article;
  std::optional<Submission> previous;  // the report's submission just before this one
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    article = submissions_.file(txn, id, "article").value_or("");
    for (Submission& other : submissions_.forReport(txn, s.reportId))
      if (other.id < s.id) previous = std::move(other);
  }
  std::string changes;
  if (previous) changes = diffHtml(diffSubmissions(store_, *previous, s));
  return html(200, submissionPage(v.user.name, v.csrf, s, article, changes, placesAt(store_, s)));
}

HttpResponse BureauPages::summaryDownload(const HttpRequest& request) {
  auto year = request.query.find("year");
  if (year == request.query.end() || !isYear(year->second))
    throw PageError{400, "年度有误", "请给出四位数字的年度，例如 2024。"};
  std::string bytes =
      summaryWorkbook(countySummary(store_, submissions_, figures_, year->second), year->second);
  HttpResponse r = html(200, std::move(bytes));
  r.contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  std::string name = year->second + "年度部门整体支出绩效自评汇总表.xlsx";
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"summary-" + year->second +
                                                  ".xlsx\"; filename*=UTF-8''" +
                                                  percentEncode(name)});
  return r;
}

HttpResponse BureauPages::download(uint64_t id, const std::string& kind) {
  auto type = kDownloads.find(kind);
  if (type == kDownloads.end()) throw PageError{404, "未找到", "没有这种格式的文件。"};
  Submission s = submission(id);
  std::optional<std::string> bytes;
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    bytes = submissions_.file(txn, id, kind);
  }
  if (!bytes) throw PageError{404, "未找到", "这份提交没有这种格式的文件。"};
  std::string ext = type->second.second;
  std::string ascii = "submission-" + std::to_string(id) + "." + ext;
  std::string name = s.department + s.year + "年度绩效自评报告-" + std::to_string(id) + "." + ext;
  HttpResponse r = html(200, std::move(*bytes));
  r.contentType = type->second.first;
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + ascii +
                                                  "\"; filename*=UTF-8''" + percentEncode(name)});
  return r;
}

HttpResponse BureauPages::review(const Viewer& v, uint64_t id, const HttpRequest& request) {
  auto form = parseForm(request.body);
  checkCsrf(form, v.csrf);
  const std::string& decision = form["decision"];
  std::string comment = form["comment"];
  if (decision != "accept" && decision != "return")
    throw PageError{400, "无法处理", "请选择“通过”或“退回修改”。"};
  if (decision == "return" && blank(comment))
    throw PageError{400, "无法处理", "退回时请填写审核意见。"};
  if (comment.size() > kMaxComment)
    throw PageError{400, "无法处理", "审核意见过长（最多 2000 字节）。"};
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  pending(txn, id, "不能再次审核。");
  submissions_.putReview(txn, id,
                         Review{decision == "accept" ? "accepted" : "returned", comment,
                                v.user.name, rs::wallClockMs()});
  txn.commit();
  return redirect("/bureau/submissions/" + std::to_string(id));
}

void BureauPages::pending(store::kv::Txn& txn, uint64_t id, const std::string& refused) {
  auto s = submissions_.get(txn, id);
  if (!s) throw PageError{404, "未找到", "没有这份提交。"};
  if (s->review.status != "submitted")
    throw PageError{409, "已审核",
                    "这份提交已审核（" + statusLabel(s->review.status) + "），" + refused};
}

HttpResponse BureauPages::templates(const Viewer& v, int status, const std::string& published,
                                    const std::string& error) {
  std::string notice;
  std::vector<TemplateVersion> versions;
  for (const std::string& key : report::Template::builtinKeys()) {
    report::Template t = report::Template::builtin(key);
    versions.push_back({key, t.version(), std::string(report::kSourceBuiltin),
                        std::string(report::sv(t.root().getTitle()))});
  }
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  for (const report::StoredTemplateInfo& info : templates_.list(txn)) {
    std::string title;
    if (auto held = templates_.get(txn, info.key, info.version)) {
      try {
        title = std::string(
            report::sv(report::Template::fromStored(held->json, info.key, info.version, info.source)
                           .root()
                           .getTitle()));
      } catch (const InputError&) {
        title = "（无法读取）";  // checked when stored; a damaged store is still listed
      }
    }
    versions.push_back({info.key, info.version, info.source, title});
    // Only a version held is named as published (the URL is anyone's to write).
    if (published == info.key + "@" + std::to_string(info.version))
      notice = "已发布：" + info.key + " 第" + std::to_string(info.version) + "版";
  }
  return html(status, templatesPage(v.user.name, v.csrf, versions, notice, error));
}

HttpResponse BureauPages::publishTemplate(const Viewer& v, const HttpRequest& request) {
  std::map<std::string, FormPart> parts = request.parts;  // multipart, read on the edge
  std::map<std::string, std::string> form{{"csrf", parts["csrf"].body}};
  checkCsrf(form, v.csrf);
  const FormPart& file = parts["file"];
  if (file.body.empty()) return templates(v, 400, "", "请选择模板文件（JSON）。");
  store::AddedTemplate published;
  try {
    published = store::addNextVersion(store_.db(), templates_, file.body, report::kSourceServer);
  } catch (const InputError& e) {
    return templates(v, 400, "", (file.filename.empty() ? "" : file.filename + "：") + e.what());
  }
  return redirect("/bureau/templates?published=" +
                  percentEncode(published.key + "@" + std::to_string(published.version)));
}

HttpResponse BureauPages::comment(const Viewer& v, uint64_t id, const HttpRequest& request) {
  auto form = parseForm(request.body);
  checkCsrf(form, v.csrf);
  const std::string& text = form["text"];
  if (blank(text)) throw PageError{400, "无法处理", "请填写批注内容。"};
  if (text.size() > kMaxComment || !isValidUtf8(text))
    throw PageError{400, "无法处理", "批注内容应为不超过 2000 字节的文字。"};
  Submission s = submission(id);
  std::vector<ReportPlace> places = placesAt(store_, s);
  auto place = std::find_if(places.begin(), places.end(),
                            [&](const ReportPlace& p) { return p.key == form["place"]; });
  if (place == places.end())
    throw PageError{400, "无法处理", "请在报告的章节或表格单元格中选择批注的位置。"};
  store::kv::Txn txn(store_.db(), store::kv::Txn::kWrite);
  pending(txn, id, "不能再添加批注。");
  submissions_.addComment(
      txn, id, PlaceComment{place->key, place->label, text, v.user.name, rs::wallClockMs()});
  txn.commit();
  return redirect("/bureau/submissions/" + std::to_string(id));
}

}  // namespace rs::server
