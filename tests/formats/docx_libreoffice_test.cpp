// The exported DOCX as another word processor lays it out: LibreOffice (libreoffice-writer-
// nogui, in packaging/install-deps.sh) converts it to PDF, and pdftotext reads the pages.
#include <doctest/doctest.h>

#include <fstream>

#include "docs_test_util.h"
#include "formats/docx_export.h"
#include "formats/docx_import.h"
#include "formats/pdf_export.h"
#include "report/checks.h"

using namespace docs_test;

namespace {

int pageCount(const std::string& pdfPath) {
  CommandResult info = run("pdfinfo " + pdfPath);
  for (const auto& line : split(info.output, '\n')) {
    if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
  }
  return -1;
}

std::string squeezed(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("LibreOffice lays out the DOCX like the PDF: pages, repeated headings, merged cells") {
  REQUIRE_MESSAGE(run("command -v soffice").status == 0,
                  "soffice is missing: apt-get install libreoffice-writer-nogui");
  TempFile docx("report.docx");
  docx.write(rs::formats::exportDocx(sample(), tmpl()));
  TempFile pdf("report.pdf");
  pdf.write(rs::formats::exportPdf(sample(), tmpl()));
  CommandResult converted = convertWithLibreOffice(docx.dir(), "report.docx", "pdf");
  INFO(converted.output);
  REQUIRE(converted.status == 0);
  std::string rendered = docx.dir() + "/report.pdf";
  int pages = pageCount(rendered), ours = pageCount(pdf.path());
  CHECK(pages >= ours - 1);
  CHECK(pages <= ours + 1);

  CommandResult text = run("pdftotext -layout -enc UTF-8 " + rendered + " -");
  REQUIRE(text.status == 0);
  auto byPage = split(text.output, '\f');
  size_t first = byPage.size();
  for (size_t i = 0; i < byPage.size() && first == byPage.size(); ++i) {
    if (byPage[i].find("部门整体支出绩效自评表") != std::string::npos) first = i;
  }
  REQUIRE(first + 1 < byPage.size());
  // The indicators' heading row on the table's first page and again on the next one.
  CHECK(squeezed(byPage[first]).find("偏差原因分析及改进") != std::string::npos);
  CHECK(squeezed(byPage[first + 1]).find("偏差原因分析及改进") != std::string::npos);
  CHECK(squeezed(byPage[first]).find("（2024年度）") != std::string::npos);
  // 总分 with its two figures on one line.
  bool total = false;
  for (const auto& line : split(byPage[first + 1], '\n')) {
    total = total || squeezed(line) == "总分100100";
  }
  CHECK(total);
}

namespace {

// The import of a file LibreOffice made, compared with the sample's text-form import
// section by section, cell by cell and finding by finding.
void checkSameAsTextForm(const rs::report::ReportContent& again) {
  CHECK(again.sections == sample().sections);
  for (const auto& [key, table] : sample().tables) {
    REQUIRE_MESSAGE(again.table(key), key);
    CHECK_MESSAGE(*again.table(key) == table, key);
  }
  CHECK(again == sample());
  CHECK(rs::report::runChecks(tmpl(), again) == rs::report::runChecks(tmpl(), sample()));
}

}  // namespace

TEST_CASE("The text form converted to DOCX by LibreOffice imports to its sections and cells") {
  // soffice --convert-to docx of the .txt: each line a paragraph, a cell's line led by a tab
  // (w:tab), no table. Before: every table landed as prose in section 十, exit 0.
  REQUIRE(run("command -v soffice").status == 0);
  TempFile txt("report.txt");
  txt.write(sampleText());
  CommandResult converted = convertWithLibreOffice(txt.dir(), "report.txt", "docx");
  INFO(converted.output);
  REQUIRE(converted.status == 0);
  std::string docx = readBytes(txt.dir() + "/report.docx");
  REQUIRE(rs::formats::looksLikeZip(docx));
  checkSameAsTextForm(rs::formats::importDocx(docx, tmpl()));
}

TEST_CASE("Our DOCX re-saved by LibreOffice imports exactly: computed and padded figures") {
  // soffice --convert-to docx of our export. Before: computed totals came back typed and
  // every padded 5 as 5.00.
  REQUIRE(run("command -v soffice").status == 0);
  TempFile ours("ours.docx");
  ours.write(rs::formats::exportDocx(sample(), tmpl()));
  std::string out = ours.dir() + "/out";
  CommandResult converted = convertWithLibreOffice(ours.dir(), "ours.docx", "docx", out);
  INFO(converted.output);
  REQUIRE(converted.status == 0);
  std::string resaved = readBytes(out + "/ours.docx");
  REQUIRE(rs::formats::looksLikeZip(resaved));
  REQUIRE(resaved != rs::formats::exportDocx(sample(), tmpl()));
  checkSameAsTextForm(rs::formats::importDocx(resaved, tmpl()));
}

TEST_CASE("The package's fontconfig aliases give LibreOffice a 楷体, a 黑体 and a serif body") {
  // packaging/fontconfig/65-reportsync-cjk.conf, read before the system's configuration.
  // Without it LibreOffice sets every face of the DOCX in Noto Sans CJK (the body, 楷体 and
  // 黑体 headings alike).
  REQUIRE(run("command -v soffice").status == 0);
  TempFile docx("report.docx");
  docx.write(rs::formats::exportDocx(sample(), tmpl()));
  auto fontsWith = [&](const std::string& aliases) {
    std::string conf = docx.dir() + "/fonts.conf";
    std::ofstream(conf) << "<?xml version=\"1.0\"?><fontconfig>" << aliases
                        << "<include>/etc/fonts/fonts.conf</include></fontconfig>";
    std::string out = docx.dir() + "/out";
    CommandResult converted =
        run("mkdir -p " + out + " && cd " + docx.dir() + " && FONTCONFIG_FILE=" + conf +
            " timeout 300 soffice -env:UserInstallation=file://" + docx.dir() +
            "/profile --headless --convert-to pdf --outdir " + out + " report.docx 2>&1");
    INFO(converted.output);
    REQUIRE(converted.status == 0);
    return run("pdffonts " + out + "/report.pdf").output;
  };
  std::string with = fontsWith(std::string("<include>") + RS_FONTCONFIG_ALIASES + "</include>");
  CHECK(with.find("UKaiCN") != std::string::npos);        // 楷体 headings
  CHECK(with.find("NotoSerifCJK") != std::string::npos);  // 仿宋 body
  CHECK(with.find("NotoSansCJK") != std::string::npos);   // 黑体 headings
  std::string without = fontsWith("");
  CHECK(without.find("UKaiCN") == std::string::npos);
  CHECK(without.find("NotoSerifCJK") == std::string::npos);
}
