#include <doctest/doctest.h>

#include "docs_test_util.h"
#include "formats/pdf_export.h"

using namespace docs_test;

namespace {

std::string withoutSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("PDF: pdftotext finds every section title, the tables and the key figures") {
  std::string pdf = rs::formats::exportPdf(sample(), tmpl());
  REQUIRE(pdf.substr(0, 5) == "%PDF-");
  TempFile file("report.pdf");
  file.write(pdf);

  CommandResult text = run("pdftotext -enc UTF-8 " + file.path() + " - 2>&1");
  REQUIRE_MESSAGE(text.status == 0, text.output);
  std::string all = withoutSpaces(text.output);
  CHECK(all.find(withoutSpaces(sample().title)) != std::string::npos);
  for (const auto& title : sectionTitles(sample())) {
    CHECK_MESSAGE(all.find(withoutSpaces(title)) != std::string::npos, title);
  }
  for (const char* s :
       {"一、基本情况", "十、其他需要说明的情况", "单位：万元", "部门整体支出绩效自评表",
        "项目支出绩效自评表", "整体支出绩效评价基础数据表", "742.56", "91.31%", "813.27", "452.92",
        "289.64", "-1-", "-2-"}) {
    CHECK_MESSAGE(all.find(s) != std::string::npos, s);
  }

  SUBCASE("every font embedded; the fonts used are named") {
    CommandResult fonts = run("pdffonts " + file.path() + " | awk 'NR>2 {print $(NF-4)}'");
    REQUIRE(fonts.status == 0);
    CHECK(!fonts.output.empty());
    CHECK(fonts.output.find("no") == std::string::npos);
    CommandResult info = run("pdfinfo " + file.path());
    CHECK(info.output.find("仿宋_GB2312 → ") != std::string::npos);
    int pages = 0;
    for (const auto& line : split(info.output, '\n')) {
      if (line.rfind("Pages:", 0) == 0) pages = std::stoi(line.substr(6));
    }
    CHECK(pages >= 8);
  }
}

TEST_CASE("PDF: the fonts are found on this machine") {
  for (const auto& [word, family] : rs::formats::pdfFonts()) {
    INFO(word << " -> " << family);
    CHECK(family.find("CJK") != std::string::npos);
  }
}
