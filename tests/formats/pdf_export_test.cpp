#include <doctest/doctest.h>

#include <map>

#include "docs_test_util.h"
#include "formats/layout_document.h"
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
        "289.64", "—1—", "—2—"}) {
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

TEST_CASE("PDF: distinct installed faces for body, 楷体 and 黑体 (packaging/install-deps.sh)") {
  std::map<std::string, std::string> fonts;
  for (const auto& [word, family] : rs::formats::pdfFonts()) fonts[word] = family;
  CHECK(fonts["仿宋_GB2312"] == "Noto Serif CJK SC");
  CHECK(fonts["楷体_GB2312"] == "AR PL UKai CN");  // fonts-arphic-ukai
  CHECK(fonts["黑体"] == "Noto Sans CJK SC");
  CHECK(fonts["宋体"] == "Noto Serif CJK SC");
}

// The text pdftotext reads row by row (-layout): pages end in '\f', rows in '\n'.
std::string pdfLayoutText(const std::string& pdf) {
  TempFile file("report.pdf");
  file.write(pdf);
  CommandResult text = run("pdftotext -layout -enc UTF-8 " + file.path() + " - 2>&1");
  REQUIRE_MESSAGE(text.status == 0, text.output);
  return text.output;
}

// The text pdftotext reads on each page, row by row (-layout), spaces removed.
std::vector<std::string> pdfPages(const std::string& pdf) {
  std::vector<std::string> pages;
  for (const auto& page : split(pdfLayoutText(pdf), '\f')) pages.push_back(withoutSpaces(page));
  return pages;
}

TEST_CASE("PDF: the 自评表 with its subtitle, unit and heading row again on each page") {
  auto pages = pdfPages(rs::formats::exportPdf(sample(), tmpl()));
  size_t first = pages.size();
  for (size_t i = 0; i < pages.size(); ++i) {
    if (pages[i].find("部门整体支出绩效自评表") != std::string::npos) first = std::min(first, i);
  }
  REQUIRE(first + 1 < pages.size());
  CHECK(pages[first].find("（2024年度）单位：万元") != std::string::npos);
  CHECK(pages[first].find("预算部门名称") != std::string::npos);
  // The indicators go on over the next page, under their heading row drawn again there.
  const std::string heading = "偏差原因分析及改进";
  CHECK(pages[first].find(heading) != std::string::npos);
  CHECK(pages[first + 1].find(heading) != std::string::npos);
  CHECK(pages[first + 1].find("总分100100") != std::string::npos);
  // Money with two decimals in the 基础数据表 ("7" written as 7.00).
  bool found = false;
  for (const auto& p : pages)
    found = found || p.find("1.办公经费7.005.005.00") != std::string::npos;
  CHECK(found);
  for (const auto& p : pages) {
    if (p.find("整体支出绩效评价基础数据表") != std::string::npos) {
      CHECK(p.find("填报单位：洪江市工业和信息化局") != std::string::npos);
    }
  }
}

TEST_CASE("PDF: a group label's bracketed score wraps before its bracket, not inside it") {
  // The 一级指标 column is three characters wide: 产出指标(50分) wrapped as 产出指/标(50/分)
  // when the import had joined the source's two lines; now the layout breaks before "(".
  int opened = 0, whole = 0;
  for (const auto& line : split(pdfLayoutText(rs::formats::exportPdf(sample(), tmpl())), '\n')) {
    std::string bare = withoutSpaces(line);
    opened += bare.find("(50") != std::string::npos;
    whole += bare.find("(50分)") != std::string::npos;
  }
  CHECK(opened > 0);
  CHECK(whole == opened);
  auto tables = rs::formats::layoutTables(sample(), tmpl());
  bool found = false;
  for (const auto& t : tables)
    for (const auto& row : t.rows)
      for (const auto& cell : row.cells) found = found || cell.text == "产出指标\n(50分)";
  CHECK(found);
}

TEST_CASE("PDF: page numbers — N — on the right of odd pages, on the left of even pages") {
  TempFile file("report.pdf");
  file.write(rs::formats::exportPdf(sample(), tmpl()));
  CommandResult text = run("pdftotext -layout -enc UTF-8 " + file.path() + " - 2>&1");
  REQUIRE(text.status == 0);
  auto pages = split(text.output, '\f');
  REQUIRE(pages.size() > 3);
  auto indentOf = [&](const std::string& page, const std::string& number) {
    for (const auto& line : split(page, '\n')) {
      if (withoutSpaces(line) == number) return static_cast<long>(line.find_first_not_of(' '));
    }
    return -1L;
  };
  CHECK(text.output.find("—") > pages[0].size());  // none on the cover
  CHECK(indentOf(pages[1], "—1—") > 20);
  long even = indentOf(pages[2], "—2—");
  CHECK(even >= 0);
  CHECK(even < 10);
}

TEST_CASE("PDF: 28 characters of 3号 text to a line (GB/T 9704 §5.2.2)") {
  TempFile file("report.pdf");
  file.write(rs::formats::exportPdf(sample(), tmpl()));
  CommandResult text = run("pdftotext -f 2 -l 3 -enc UTF-8 " + file.path() + " - 2>&1");
  REQUIRE(text.status == 0);
  int full = 0;
  for (const auto& line : split(text.output, '\n')) {
    // Width in half characters: a CJK character (3 bytes in UTF-8) is two, a digit one.
    int units = 0;
    for (unsigned char c : line) {
      if (c < 0x80) units += c == ' ' ? 0 : 1;
      if (c >= 0xE0) units += 2;
    }
    CHECK_MESSAGE(units <= 56 + 1, line);  // a closing mark may hang
    full += units >= 55 && units <= 56;
  }
  CHECK(full >= 10);
}
