// The exported DOCX as another word processor lays it out: LibreOffice (libreoffice-writer-
// nogui, in packaging/install-deps.sh) converts it to PDF, and pdftotext reads the pages.
#include <doctest/doctest.h>

#include "docs_test_util.h"
#include "formats/docx_export.h"
#include "formats/pdf_export.h"

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
  // A profile of its own, so parallel runs and a user's LibreOffice do not meet.
  CommandResult converted = run(
      "cd " + docx.dir() + " && timeout 300 soffice -env:UserInstallation=file://" + docx.dir() +
      "/profile --headless --convert-to pdf --outdir " + docx.dir() + " report.docx 2>&1");
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
