#include <doctest/doctest.h>

#include "docs_test_util.h"
#include "formats/html_export.h"
#include "formats/layout_document.h"
#include "report/new_report.h"

using namespace docs_test;
using rs::formats::exportHtml;
using rs::formats::htmlEscape;

namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("HTML: a self-contained page for a phone with every title and table") {
  std::string html = exportHtml(sample(), tmpl());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") !=
        std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  // Nothing fetched from elsewhere, no scripts.
  for (const char* s : {"http:", "https:", "<script", "<link", "src=", "url(", "@import"}) {
    CHECK_MESSAGE(html.find(s) == std::string::npos, s);
  }
  CHECK(html.find("<title>" + htmlEscape(sample().title) + "</title>") != std::string::npos);
  for (const auto& title : sectionTitles(sample())) {
    CHECK_MESSAGE(html.find(htmlEscape(title)) != std::string::npos, title);
  }
  auto tables = rs::formats::layoutTables(sample(), tmpl());
  CHECK(count(html, "<table>") == tables.size());
  CHECK(count(html, "<div class=\"scroll\" tabindex=\"0\">") == tables.size());  // scrolls sideways
  for (const auto& t : tables) CHECK(html.find(htmlEscape(t.title)) != std::string::npos);
  for (const char* figure : {"742.56", "91.31%", "813.27", "单位：万元"}) {
    CHECK(html.find(figure) != std::string::npos);
  }
}

TEST_CASE("HTML: every text is escaped") {
  using namespace rs::report;
  CHECK(htmlEscape("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  ReportContent r = newReport(tmpl(), 2025, "某某局<script>");
  r.title = "2025年度<b>某某局</b>整体支出绩效自评报告";
  r.sections[0].title = "基本情况<img onerror=x>";
  r.sections[0].body = "第一段 <script>alert('x')</script> & “引号”。";
  r.table("dept-eval")->row("goal")->set("expected", "<td>目标</td>");
  std::string html = exportHtml(r, tmpl());
  for (const char* raw : {"<script>", "<b>", "<img", "<td>目标"}) {
    CHECK_MESSAGE(html.find(raw) == std::string::npos, raw);
  }
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; “引号”。") !=
        std::string::npos);
  CHECK(html.find("基本情况&lt;img onerror=x&gt;") != std::string::npos);
  CHECK(html.find("&lt;td&gt;目标&lt;/td&gt;") != std::string::npos);
}

TEST_CASE("HTML: the forms' merged cells as rowspan, and tables a phone can scroll") {
  std::string html = exportHtml(sample(), tmpl());
  // 绩效指标 over its heading row and the sample's 14 indicators; 产出指标 over its 7.
  CHECK(html.find("<th rowspan=\"15\" class=\"k0 s\">绩效指标</th>") != std::string::npos);
  // Its bracketed score on a line of its own in the narrow column, as the form prints it.
  CHECK(html.find("rowspan=\"7\" class=\"c\">产出指标\n(50分)</td>") != std::string::npos);
  CHECK(html.find("rowspan=\"2\" class=\"k0 s\">财政供养人员情况</th>") != std::string::npos);
  CHECK(html.find("class=\"k0 s\">年度预算申请（万元）</th>") != std::string::npos);
  // No empty cell under a merged label: every row of a table covers its grid once.
  CHECK(html.find("<td class=\"k0\"></td><td class=\"c\">25</td>") == std::string::npos);
  CHECK(html.find("<p class=\"subtitle\">（2024年度）</p>") != std::string::npos);
  CHECK(html.find("<p class=\"subtitle\">填报单位：洪江市工业和信息化局</p>") != std::string::npos);
  // Each table scrolls in its own box with a cue on a narrow screen, its first column
  // staying in view.
  CHECK(html.find(".rs-report .s{position:sticky;left:0") != std::string::npos);
  CHECK(html.find("@media (max-width:40em){.rs-report .cue{display:block}}") != std::string::npos);
  CHECK(count(html, "表格可左右滑动") == count(html, "<table>"));
  // Money right-aligned with two decimals.
  CHECK(html.find(" class=\"r\">7.00</td>") != std::string::npos);
}
