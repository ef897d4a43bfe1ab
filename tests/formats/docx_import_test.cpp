#include <doctest/doctest.h>

#include "docs_test_util.h"
#include "formats/docx_computed.h"
#include "formats/docx_export.h"
#include "formats/docx_import.h"
#include "formats/docx_zip.h"
#include "report/new_report.h"
#include "util/errors.h"

using namespace docs_test;
using namespace rs::report;
using rs::formats::exportDocx;
using rs::formats::importDocx;

TEST_CASE("DOCX round trip: the sample, exported and imported again, is the same report") {
  ReportContent again = importDocx(exportDocx(sample(), tmpl()), tmpl());
  CHECK(again.title == sample().title);
  CHECK(again.sections == sample().sections);
  for (const auto& [key, table] : sample().tables) {
    REQUIRE_MESSAGE(again.table(key), key);
    CHECK_MESSAGE(*again.table(key) == table, key);
  }
  CHECK(again == sample());
}

TEST_CASE("DOCX round trip: a new report with computed figures shown but not stored") {
  ReportContent r = newReport(tmpl(), 2025, "某某局");
  r.sections[0].children[0].body = "第一段。\n第二段，有“引号”和 <尖括号> & 符号。";
  r.sections[6].children.push_back({"", "新增的小节", "小节正文。", {}});
  RowContent& item = addRow(*tmpl().table("expenditure"), *r.table("expenditure"), "wages");
  item.set("label", "基本工资");
  item.set("amount", "225.42");
  TableContent& d = *r.table("dept-eval");
  d.row("money-total")->set("budgetFull", "813.27");
  d.row("money-total")->set("executed", "742.56");
  d.row("money-total")->set("weight", "10");
  d.row("goal")->set("expected", "目标一；\n目标二。");
  TableContent& p = addTableInstance(tmpl(), r, "project-eval");
  p.row("project-name")->set("value", "项目甲");

  std::string docx = exportDocx(r, tmpl());
  // The computed rate is shown (marked), and not read back as a written figure.
  rs::formats::ZipReader zip(docx);
  std::string xml = *zip.read("word/document.xml", 1 << 24);
  CHECK(xml.find("91.31%") != std::string::npos);
  CHECK(xml.find("RsComputed") != std::string::npos);
  // The text marks it for resolveComputed(), which drops it: it is still what the cell computes.
  std::string text = rs::formats::docxToText(docx);
  CHECK(text.find(std::string(rs::formats::kComputedOpen) + "91.31") != std::string::npos);

  ReportContent again = importDocx(docx, tmpl());
  CHECK(again.sections == r.sections);
  for (const auto& [key, table] : r.tables) {
    REQUIRE_MESSAGE(again.table(key), key);
    CHECK_MESSAGE(*again.table(key) == table, key);
  }
  CHECK(again == r);
}

TEST_CASE("DOCX import refuses what is not a DOCX report, with a clear message") {
  auto refused = [](const std::string& bytes, const std::string& words) {
    try {
      importDocx(bytes, tmpl());
      FAIL("accepted: " << words);
    } catch (const rs::InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(words) != std::string::npos);
    }
  };
  refused("", "空");
  refused(sampleText(), "不是 DOCX 文件");
  std::string docx = exportDocx(sample(), tmpl());
  refused(docx.substr(0, docx.size() / 2), "不是 DOCX 文件");
  refused(rs::formats::writeZip({{"hello.txt", "hello"}}), "没有 word/document.xml");
  refused(rs::formats::writeZip({{"word/document.xml", "<w:document><w:body>"}}), "不是有效的 XML");
  refused(rs::formats::writeZip(
              {{"word/document.xml",
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
                "main\"><w:body><w:p><w:r><w:t>会议通知</w:t></w:r></w:p></w:body></w:document>"}}),
          "找不到模板中的任何章节标题");
}
