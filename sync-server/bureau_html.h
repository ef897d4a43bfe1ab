// The HTML of the bureau's pages: plain server-rendered pages with forms, Chinese text,
// every value escaped. No scripts.
#pragma once

#include <string>
#include <vector>

#include "submission_store.h"

namespace rs::server {

std::string loginPage(const std::string& error);
// A page that only says something (403, 404, a refused form).
std::string messagePage(const std::string& title, const std::string& text);
std::string listPage(const std::string& user, const std::string& csrf,
                     const std::vector<Submission>& submissions);
// `article`: the report as formats::exportHtmlArticle made it when it was submitted;
// `changesHtml`: what changed since the report's previous submission (diffHtml), or "".
std::string submissionPage(const std::string& user, const std::string& csrf,
                           const Submission& submission, const std::string& article,
                           const std::string& changesHtml = "");

// 待审核 / 已通过 / 已退回.
std::string statusLabel(const std::string& status);

}  // namespace rs::server
