// The HTML of the bureau's pages: plain server-rendered pages with forms, Chinese text,
// every value escaped. No scripts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "county_overview.h"
#include "submission_places.h"
#include "submission_store.h"

namespace rs::server {

std::string loginPage(const std::string& error);
// A page that only says something (403, 404, a refused form).
std::string messagePage(const std::string& title, const std::string& text);
// The county's overview with its filter form (GET, so the URL names the filter).
std::string listPage(const std::string& user, const std::string& csrf, const Overview& overview,
                     const OverviewFilter& filter);
// `article`: the report as formats::exportHtmlArticle made it when it was submitted;
// `changesHtml`: what changed since the report's previous submission (diffHtml), or "";
// `places`: the report's places (placesOf), for the reviewer's comment form and for showing
// each comment under its section's heading or its table's title.
std::string submissionPage(const std::string& user, const std::string& csrf,
                           const Submission& submission, const std::string& article,
                           const std::string& changesHtml, const std::vector<ReportPlace>& places);

// One template version on the bureau's templates page.
struct TemplateVersion {
  std::string key;
  uint32_t version = 0;
  std::string source;  // report::kSourceBuiltin or kSourceServer
  std::string title;
};
// The bureau's templates (issue 13): every version held, a form that publishes a template
// file (multipart/form-data with the CSRF token), and above them `notice` (what was
// published) or `error` (why a file was refused: its line and field).
std::string templatesPage(const std::string& user, const std::string& csrf,
                          const std::vector<TemplateVersion>& versions, const std::string& notice,
                          const std::string& error);

// 待审核 / 已通过 / 已退回.
std::string statusLabel(const std::string& status);

}  // namespace rs::server
