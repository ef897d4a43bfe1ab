// The finance bureau's web pages under /bureau: login (bureau users only; an HttpOnly,
// SameSite=Strict session cookie), the county's overview (county_overview.h), a
// submission with the report rendered and its DOCX / PDF / HTML downloads, the reviewer's
// comments on its sections and cells, and accept / return with a comment. Every form that changes
// something carries a CSRF token derived from the session. A request without a session is sent to
// the login page; a session of a user who is not of the bureau gets 403, except that admins
// may use the templates page (/bureau/templates: the versions held, and a form that publishes
// a template file, issue 13).
#pragma once

#include <optional>
#include <string>

#include "auth.h"
#include "county_summary.h"
#include "http_types.h"
#include "server_store.h"
#include "store/template_shelf.h"
#include "submission_store.h"

namespace rs::server {

struct BureauOptions {
  int64_t sessionSeconds = 8 * 3600;
  bool secureCookie = false;  // served over TLS: the cookie gets Secure
};

class BureauPages {
 public:
  BureauPages(ServerStore& store, BureauOptions options);
  // Answers every request whose path is /bureau or below.
  HttpResponse handle(const HttpRequest& request);
  static bool owns(const std::string& path);
  // Whether a POST body over the adapter's openBodyBytes (64 KB) may be read, asked before
  // it is: only a template published by a signed-in bureau user or admin. A county's
  // template as a script saves it (Python's json.dump, indent=4: Chinese as \uXXXX) passes
  // 64 KB: the shipped one so saved weighs 63 KB, 65.9 KB with its two score rules banded
  // (2026-11-30). Such a body draws on the large-body budget like a push.
  bool takesLargeBody(const HttpRequest& request);

 private:
  struct Viewer {
    User user;
    std::string tokenHash;
    std::string csrf;
  };
  // Sets `user` to the viewer's name once known (for the log line).
  HttpResponse route(const HttpRequest& request, std::string& user);
  std::optional<Viewer> viewer(const HttpRequest& request);
  HttpResponse login(const HttpRequest& request);
  HttpResponse logout(const Viewer& viewer, const HttpRequest& request);
  // GET /bureau?year=&status=&department=: the county's overview; 400 on a bad filter.
  HttpResponse list(const Viewer& viewer, const HttpRequest& request);
  HttpResponse show(const Viewer& viewer, uint64_t id);
  HttpResponse download(uint64_t id, const std::string& kind);
  // GET /bureau/summary.xlsx?year=YYYY: the county's summary workbook.
  HttpResponse summaryDownload(const HttpRequest& request);
  HttpResponse review(const Viewer& viewer, uint64_t id, const HttpRequest& request);
  // GET /bureau/templates[?published=KEY@N]: the versions held and the publish form, with
  // `error` or the version just published (when held) above them.
  HttpResponse templates(const Viewer& viewer, int status, const std::string& published,
                         const std::string& error);
  // POST /bureau/templates (multipart: csrf, file): the file checked and stored as its key's
  // next version (store::addNextVersion), then back to the page; a mistake is shown with
  // its line and field (400), nothing stored.
  HttpResponse publishTemplate(const Viewer& viewer, const HttpRequest& request);
  // POST /bureau/submissions/ID/comment: place, text, csrf; while the submission waits.
  HttpResponse comment(const Viewer& viewer, uint64_t id, const HttpRequest& request);
  Submission submission(uint64_t id);
  // 404 when submission `id` does not exist, 409 (ending with `refused`) once it is decided.
  void pending(store::kv::Txn& txn, uint64_t id, const std::string& refused);

  ServerStore& store_;
  SubmissionStore submissions_;
  BureauOptions options_;
  FiguresCache figures_;  // by submission: the overview and the summary compute each once
  store::TemplateShelf templates_;
};

}  // namespace rs::server
