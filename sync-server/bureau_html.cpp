#include "bureau_html.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "formats/html_export.h"
#include "report/template_library.h"
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
table.list td.num{text-align:right;white-space:nowrap}
table.overview th,table.overview td span{white-space:nowrap}
form.filter,form.summary{margin:.6em 0}
aside.comment{margin:.4em 0 .8em;padding:.4em .8em;border-left:4px solid #1a5a8b;background:#eef4fa}
aside.comment .where{color:#555;font-size:.9em}
.status-submitted{color:#a60}.status-accepted{color:#070}.status-returned{color:#b00}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin-bottom:1em}
.meta dt{color:#666}.meta dd{margin:0;word-break:break-all}
.warnings li{margin-bottom:.6em}.warnings .finding{margin:0}
.diff del{background:#fdd;color:#900}.diff ins{background:#dfd;color:#060;text-decoration:none}
.diff .para{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc}
.warnings .explanation{margin:.2em 0 0;padding-left:.8em;border-left:3px solid #c90;color:#333}
.review{border:1px solid #ccc;padding:1em;margin:1em 0;background:#fafafa}
.review textarea{width:100%;min-height:5em;box-sizing:border-box}
.review select{max-width:100%}
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
  return "<a href=\"/bureau\">各部门报告</a><a "
         "href=\"/bureau/templates\">报告模板</a><span>当前用户：" +
         htmlEscape(user) +
         "</span><form method=\"post\" action=\"/bureau/logout\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"" +
         htmlEscape(csrf) + "\"><button type=\"submit\">退出</button></form>";
}

std::string timeText(int64_t ms) {
  return localTimeText(ms, "%Y-%m-%d %H:%M", "");
}

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
  return page(title, "<a href=\"/bureau\">各部门报告</a>",
              "<h1>" + htmlEscape(title) + "</h1><p>" + htmlEscape(text) + "</p>");
}

std::string listPage(const std::string& user, const std::string& csrf, const Overview& overview,
                     const OverviewFilter& filter) {
  std::string body = "<h1>各部门自评报告</h1>";
  // The filter: a GET form, so that the page's URL names what it shows.
  auto option = [](const std::string& value, const std::string& label, const std::string& chosen) {
    return "<option value=\"" + htmlEscape(value) + "\"" + (value == chosen ? " selected" : "") +
           ">" + htmlEscape(label) + "</option>";
  };
  body +=
      "<form class=\"filter\" method=\"get\" action=\"/bureau\"><label>年度 <select "
      "name=\"year\">" +
      option("", "全部", filter.year);
  for (const std::string& y : overview.years) body += option(y, y, filter.year);
  if (!filter.year.empty() &&
      std::find(overview.years.begin(), overview.years.end(), filter.year) == overview.years.end())
    body += option(filter.year, filter.year, filter.year);
  body +=
      "</select></label> <label>状态 <select name=\"status\">" + option("", "全部", filter.status);
  for (const char* st : {"submitted", "returned", "accepted"})
    body += option(st, statusLabel(st), filter.status);
  body += "</select></label> <label>部门 <select name=\"department\">" +
          option("", "全部", filter.department);
  for (const std::string& d : overview.departments)
    body += option(d, orEmpty(d, "（未填部门）"), filter.department);
  body +=
      "</select></label> <button type=\"submit\">筛选</button> <a href=\"/bureau\">清除</a></form>";
  std::string year =
      filter.year.empty() && !overview.years.empty() ? overview.years.front() : filter.year;
  if (!year.empty())
    body +=
        "<form class=\"summary\" method=\"get\" action=\"/bureau/summary.xlsx\"><label>年度 "
        "<input name=\"year\" value=\"" +
        htmlEscape(year) +
        "\" size=\"4\" pattern=\"[0-9]{4}\" required></label> <button "
        "type=\"submit\">下载各部门汇总表（Excel）</button></form>";
  if (overview.rows.empty()) {
    body += overview.years.empty() ? "<p>尚无提交的报告。</p>" : "<p>没有符合筛选条件的报告。</p>";
    return page("各部门自评报告", userBar(user, csrf), body);
  }
  auto number = [](const std::optional<double>& v, const char* unit) {
    if (!v) return std::string("—");
    char text[48];
    std::snprintf(text, sizeof text, "%.2f%s", *v, unit);
    return std::string(text);
  };
  body += "<p>共 " + std::to_string(overview.rows.size()) +
          " 份报告（每份报告按其最近一次提交）。</p><table class=\"list overview\"><thead><tr>"
          "<th>年度</th><th>部门</th><th>报告</th><th>状态</th><th>总分</th><th>执行率</th>"
          "<th>错误</th><th>已说明警告</th><th>审核人</th><th>最近提交时间</th><th>历次提交</th>"
          "</tr></thead><tbody>";
  for (const OverviewRow& row : overview.rows) {
    const DepartmentFigures& f = row.figures;
    std::string id = std::to_string(f.submission);
    std::string history;
    for (uint64_t h : row.history)
      history += (history.empty() ? "" : " ") + std::string("<a href=\"/bureau/submissions/") +
                 std::to_string(h) + "\">#" + std::to_string(h) + "</a>";
    body += "<tr><td>" + htmlEscape(orEmpty(f.year, "—")) + "</td><td>" +
            htmlEscape(orEmpty(f.department, "（未填部门）")) +
            "</td><td><a href=\"/bureau/submissions/" + id + "\">" +
            htmlEscape(orEmpty(f.title, "（无标题）")) + "</a></td><td>" + statusCell(f.status) +
            "</td><td class=\"num\">" + number(f.totalScore, "") + "</td><td class=\"num\">" +
            number(f.executionRate, "%") + "</td><td class=\"num" + (f.errors ? " error" : "") +
            "\">" + std::to_string(f.errors) + "</td><td class=\"num\">" +
            std::to_string(row.explainedWarnings) + "</td><td>" +
            htmlEscape(orEmpty(row.reviewer, "—")) + "</td><td>" + timeText(f.submittedMs) +
            "</td><td>" + history + "</td></tr>";
  }
  body += "</tbody></table>";
  return page("各部门自评报告", userBar(user, csrf), body);
}

// The warnings the office submitted with, each as its message and figures with the office's
// explanation under it (never as an internal rule@location key).
static std::string explainedWarnings(const Submission& s) {
  if (s.warnings.empty() && s.acknowledged.empty()) return "";
  std::string out = "<section class=\"warnings\"><h2>提交时说明的警告（" +
                    std::to_string(std::max(s.warnings.size(), s.acknowledged.size())) + "）</h2>";
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

// One comment as shown at its place and in the list of comments.
static std::string commentHtml(const PlaceComment& c) {
  return "<aside class=\"comment\"><p class=\"where\">审核批注 · " + htmlEscape(c.label) + " · " +
         htmlEscape(c.reviewer) + " · " + timeText(c.timeMs) + "</p><p>" + htmlEscape(c.text) +
         "</p></aside>";
}

// The comments listed before the report, and the report with each comment under the heading
// of its section or the title of its table (in the order they were made).
static std::string commentedArticle(const Submission& s, std::string article,
                                    const std::vector<ReportPlace>& places, std::string& listed) {
  std::map<std::string, std::string> headingOf;
  for (const ReportPlace& p : places) headingOf[p.key] = p.heading;
  std::vector<std::string> headings;  // in the order of their first comment
  std::map<std::string, std::string> blocks;
  for (const PlaceComment& c : s.comments) {
    listed += commentHtml(c);
    auto h = headingOf.find(c.place);
    if (h == headingOf.end()) continue;
    if (!blocks.count(h->second)) headings.push_back(h->second);
    blocks[h->second] += commentHtml(c);
  }
  for (const std::string& h : headings) insertAfterHeading(article, h, blocks[h]);
  return article;
}

// The reviewer's form for a comment on a section or a cell (while the submission waits).
static std::string commentForm(const std::string& base, const std::string& csrf,
                               const std::vector<ReportPlace>& places) {
  std::string out =
      "<form class=\"review\" method=\"post\" action=\"" + base +
      "/comment\"><input type=\"hidden\" name=\"csrf\" value=\"" + htmlEscape(csrf) +
      "\"><p><label>批注位置 <select name=\"place\" required><optgroup label=\"章节\">";
  std::string group = "章节";
  for (const ReportPlace& p : places) {
    std::string name = p.label;
    if (p.isCell()) {
      if (p.heading != group)
        out += "</optgroup><optgroup label=\"" + htmlEscape(p.heading) + "\">";
      group = p.heading;
      name = cellWhere(p) + (p.text.empty() ? "" : "（" + p.text + "）");
    }
    out += "<option value=\"" + htmlEscape(p.key) + "\">" + htmlEscape(name) + "</option>";
  }
  return out +
         "</optgroup></select></label></p><p><label>批注内容<br><textarea name=\"text\" "
         "maxlength=\"2000\" required></textarea></label></p><p><button "
         "type=\"submit\">添加批注</button></p></form>";
}

std::string submissionPage(const std::string& user, const std::string& csrf, const Submission& s,
                           const std::string& article, const std::string& changesHtml,
                           const std::vector<ReportPlace>& places) {
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
  std::string listed;
  std::string report = commentedArticle(s, article, places, listed);
  if (!listed.empty())
    listed = "<section class=\"comments\"><h2>审核批注（" + std::to_string(s.comments.size()) +
             "）</h2>" + listed + "</section>";
  body += "</dl>" + explainedWarnings(s) + listed + changesHtml + "<p>下载：<a href=\"" + base +
          "/report.docx\">Word 文档（DOCX）</a> · <a href=\"" + base +
          "/report.pdf\">PDF 文档</a> · <a href=\"" + base + "/report.html\">网页（HTML）</a></p>";
  if (s.review.status == "submitted") {
    body += "<form class=\"review\" method=\"post\" action=\"" + base +
            "/review\"><input type=\"hidden\" name=\"csrf\" value=\"" + htmlEscape(csrf) +
            "\"><p><label>审核意见（退回时必填）<br><textarea name=\"comment\" maxlength=\"2000\">"
            "</textarea></label></p><p><button type=\"submit\" name=\"decision\" "
            "value=\"accept\">通过</button> <button type=\"submit\" name=\"decision\" "
            "value=\"return\">退回修改</button></p></form>" +
            commentForm(base, csrf, places);
  }
  body += "<section class=\"report\">" + report + "</section>";
  return page(orEmpty(s.title, "提交 " + id), userBar(user, csrf), body, true);
}

std::string templatesPage(const std::string& user, const std::string& csrf,
                          const std::vector<TemplateVersion>& versions, const std::string& notice,
                          const std::string& error) {
  std::string body = "<h1>报告模板</h1>";
  if (!notice.empty()) body += "<p class=\"status-accepted\">" + htmlEscape(notice) + "</p>";
  if (!error.empty())
    body += "<p class=\"error\">模板有误，未发布：</p><pre class=\"error\">" + htmlEscape(error) +
            "</pre>";
  body +=
      "<form class=\"review\" method=\"post\" action=\"/bureau/templates\" "
      "enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"" +
      htmlEscape(csrf) +
      "\"><p><label>模板文件（JSON）<br><input type=\"file\" name=\"file\" "
      "accept=\".json,application/json\" required></label></p><p>发布后为该模板的下一版本；"
      "各单位下次同步时取得，已有报告仍用原版本。</p><p><button "
      "type=\"submit\">发布</button></p></form>";
  body +=
      "<h2>已有版本</h2><table class=\"list\"><thead><tr><th>模板</th><th>版本</th><th>名称</th>"
      "<th>来源</th></tr></thead><tbody>";
  for (const TemplateVersion& v : versions)
    body += "<tr><td>" + htmlEscape(v.key) + "</td><td class=\"num\">第" +
            std::to_string(v.version) + "版</td><td>" + htmlEscape(v.title) + "</td><td>" +
            htmlEscape(v.source == report::kSourceBuiltin ? "程序内置" : v.source) + "</td></tr>";
  body += "</tbody></table>";
  return page("报告模板", userBar(user, csrf), body);
}

}  // namespace rs::server
