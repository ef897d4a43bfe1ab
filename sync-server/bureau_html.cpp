#include "bureau_html.h"

#include <algorithm>
#include <ctime>

#include "formats/html_export.h"
#include "util/time_text.h"

namespace rs::server {

namespace {

using formats::htmlEscape;

const char kPageStyle[] = R"(
body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f2}
header.bar{background:#8b1a1a;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:1em;align-items:center}
header.bar a{color:#fff}
header.bar form{margin-left:auto}
main{max-width:60em;margin:0 auto;padding:1em;background:#fff}
table.list{border-collapse:collapse;width:100%;margin-bottom:1.5em}
table.list th,table.list td{border:1px solid #ccc;padding:.3em .5em;text-align:left}
.status-submitted{color:#a60}.status-accepted{color:#070}.status-returned{color:#b00}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin-bottom:1em}
.meta dt{color:#666}.meta dd{margin:0;word-break:break-all}
.warnings li{margin-bottom:.6em}.warnings .finding{margin:0}
.diff del{background:#fdd;color:#900}.diff ins{background:#dfd;color:#060;text-decoration:none}
.diff .para{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc}
.warnings .explanation{margin:.2em 0 0;padding-left:.8em;border-left:3px solid #c90;color:#333}
.review{border:1px solid #ccc;padding:1em;margin:1em 0;background:#fafafa}
.review textarea{width:100%;min-height:5em;box-sizing:border-box}
.error{color:#b00}
section.report{border-top:2px solid #8b1a1a;margin-top:1.5em;padding-top:1em}
)";

std::string page(const std::string& title, const std::string& bar, const std::string& body,
                 bool reportStyle = false) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      htmlEscape(title) + " - 财政局审核</title><style>" + kPageStyle;
  if (reportStyle) html += std::string(formats::htmlStyle());
  html += "</style></head><body><header class=\"bar\"><strong>绩效自评报告审核</strong>" + bar +
          "</header><main>" + body + "</main></body></html>\n";
  return html;
}

std::string userBar(const std::string& user, const std::string& csrf) {
  return "<a href=\"/bureau\">提交列表</a><span>当前用户：" + htmlEscape(user) +
         "</span><form method=\"post\" action=\"/bureau/logout\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"" +
         htmlEscape(csrf) + "\"><button type=\"submit\">退出</button></form>";
}

std::string timeText(int64_t ms) { return localTimeText(ms, "%Y-%m-%d %H:%M", ""); }

std::string statusCell(const std::string& status) {
  return "<span class=\"status-" + htmlEscape(status) + "\">" + htmlEscape(statusLabel(status)) +
         "</span>";
}

std::string orEmpty(const std::string& s, const std::string& fallback) {
  return s.empty() ? fallback : s;
}

}  // namespace

std::string statusLabel(const std::string& status) {
  if (status == "accepted") return "已通过";
  if (status == "returned") return "已退回";
  return "待审核";
}

std::string loginPage(const std::string& error) {
  std::string body = "<h1>财政局用户登录</h1>";
  if (!error.empty()) body += "<p class=\"error\">" + htmlEscape(error) + "</p>";
  body +=
      "<form method=\"post\" action=\"/bureau/login\">"
      "<p><label>用户名 <input name=\"user\" autocomplete=\"username\" required></label></p>"
      "<p><label>密码 <input name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required></label></p>"
      "<p><button type=\"submit\">登录</button></p></form>";
  return page("登录", "", body);
}

std::string messagePage(const std::string& title, const std::string& text) {
  return page(title, "<a href=\"/bureau\">提交列表</a>",
              "<h1>" + htmlEscape(title) + "</h1><p>" + htmlEscape(text) + "</p>");
}

std::string listPage(const std::string& user, const std::string& csrf,
                     const std::vector<Submission>& submissions) {
  std::vector<const Submission*> sorted;
  for (const Submission& s : submissions) sorted.push_back(&s);
  // By department, then the newest year first, then the newest submission first.
  std::sort(sorted.begin(), sorted.end(), [](const Submission* a, const Submission* b) {
    if (a->department != b->department) return a->department < b->department;
    if (a->year != b->year) return a->year > b->year;
    return a->id > b->id;
  });
  std::string body = "<h1>提交列表</h1>";
  if (sorted.empty()) body += "<p>尚无提交的报告。</p>";
  std::string newest;
  for (const Submission* s : sorted) newest = std::max(newest, s->year);
  if (!newest.empty())
    body += "<form class=\"summary\" method=\"get\" action=\"/bureau/summary.xlsx\"><label>年度 "
            "<input name=\"year\" value=\"" +
            htmlEscape(newest) +
            "\" size=\"4\" pattern=\"[0-9]{4}\" required></label> <button "
            "type=\"submit\">下载各部门汇总表（Excel）</button></form>";
  std::string department, year;
  bool open = false;
  for (const Submission* s : sorted) {
    bool newDepartment = !open || s->department != department;
    if (newDepartment || s->year != year) {
      if (open) body += "</tbody></table>";
      if (newDepartment)
        body += "<h2>" + htmlEscape(orEmpty(s->department, "（未填部门）")) + "</h2>";
      body += "<h3>" + htmlEscape(orEmpty(s->year, "（未填年度）")) +
              "年度</h3><table class=\"list\"><thead><tr><th>编号</th><th>报告</th>"
              "<th>提交人</th><th>提交时间</th><th>状态</th></tr></thead><tbody>";
      department = s->department;
      year = s->year;
      open = true;
    }
    std::string id = std::to_string(s->id);
    body += "<tr><td>" + id + "</td><td><a href=\"/bureau/submissions/" + id + "\">" +
            htmlEscape(orEmpty(s->title, "（无标题）")) + "</a></td><td>" +
            htmlEscape(s->submitter) + "</td><td>" + timeText(s->timeMs) + "</td><td>" +
            statusCell(s->review.status) + "</td></tr>";
  }
  if (open) body += "</tbody></table>";
  return page("提交列表", userBar(user, csrf), body);
}

// The warnings the office submitted with, each as its message and figures with the office's
// explanation under it (never as an internal rule@location key).
static std::string explainedWarnings(const Submission& s) {
  if (s.warnings.empty() && s.acknowledged.empty()) return "";
  std::string out = "<section class=\"warnings\"><h2>提交时说明的警告（" +
                    std::to_string(std::max(s.warnings.size(), s.acknowledged.size())) +
                    "）</h2>";
  if (s.warnings.empty())
    return out + "<p>此提交早于警告说明，未存警告的内容与说明。</p></section>";
  out += "<ol>";
  for (const report::ExplainedWarning& w : s.warnings) {
    std::string figures;
    if (!w.finding.expected.empty() || !w.finding.actual.empty())
      figures = "（应为 " + htmlEscape(w.finding.expected) + "，填报 " +
                htmlEscape(w.finding.actual) + "）";
    out += "<li><p class=\"finding\">" + htmlEscape(w.finding.message) + figures +
           "</p><p class=\"explanation\">单位说明：" + htmlEscape(w.explanation) + "</p></li>";
  }
  return out + "</ol></section>";
}

std::string submissionPage(const std::string& user, const std::string& csrf, const Submission& s,
                           const std::string& article, const std::string& changesHtml) {
  std::string id = std::to_string(s.id);
  std::string base = "/bureau/submissions/" + id;
  std::string body =
      "<h1>" + htmlEscape(orEmpty(s.title, "（无标题）")) + "</h1><dl class=\"meta\">";
  auto row = [&](const char* name, const std::string& valueHtml) {
    body += std::string("<dt>") + name + "</dt><dd>" + valueHtml + "</dd>";
  };
  row("提交编号", id);
  row("部门", htmlEscape(s.department));
  row("年度", htmlEscape(s.year));
  row("提交人", htmlEscape(s.submitter));
  row("提交时间", timeText(s.timeMs));
  row("文档指纹（SHA-256）", "<code>" + htmlEscape(s.sha256) + "</code>");
  row("状态", statusCell(s.review.status));
  if (s.review.status != "submitted") {
    row("审核人", htmlEscape(s.review.reviewer));
    row("审核时间", timeText(s.review.timeMs));
    row("审核意见", htmlEscape(orEmpty(s.review.comment, "（无）")));
  }
  body += "</dl>" + explainedWarnings(s) + changesHtml + "<p>下载：<a href=\"" + base + "/report.docx\">Word 文档（DOCX）</a> · <a href=\"" +
          base + "/report.pdf\">PDF 文档</a> · <a href=\"" + base +
          "/report.html\">网页（HTML）</a></p>";
  if (s.review.status == "submitted") {
    body += "<form class=\"review\" method=\"post\" action=\"" + base +
            "/review\"><input type=\"hidden\" name=\"csrf\" value=\"" + htmlEscape(csrf) +
            "\"><p><label>审核意见（退回时必填）<br><textarea name=\"comment\" maxlength=\"2000\">"
            "</textarea></label></p><p><button type=\"submit\" name=\"decision\" "
            "value=\"accept\">通过</button> <button type=\"submit\" name=\"decision\" "
            "value=\"return\">退回修改</button></p></form>";
  }
  body += "<section class=\"report\">" + article + "</section>";
  return page(orEmpty(s.title, "提交 " + id), userBar(user, csrf), body, true);
}

}  // namespace rs::server
