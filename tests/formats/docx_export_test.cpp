#include <doctest/doctest.h>

#include <map>
#include <pugixml.hpp>

#include "docs_test_util.h"
#include "formats/docx_export.h"
#include "formats/docx_zip.h"
#include "formats/layout_document.h"

using namespace docs_test;
using rs::formats::exportDocx;

namespace {

struct Para {
  std::string style, eastAsia, size, text;
};

// What python3-docx (an independent reader) sees in the sample's DOCX export.
struct WordRow {
  bool repeats = false;             // w:tblHeader
  std::vector<std::string> byGrid;  // the text of each grid column (a spanned cell repeats)
};

struct WordTable {
  std::string title;      // the Table Title above it
  std::vector<int> grid;  // column widths, twips
  std::vector<WordRow> rows;
};

struct Inspected {
  std::vector<std::vector<std::string>> sections;
  std::vector<Para> paras;
  std::vector<std::vector<std::string>> tables;  // the cells' texts
  std::vector<WordTable> wordTables;
  std::vector<std::pair<std::string, std::string>> vmerges;  // restart|continue, text
  std::map<std::string, std::string> fonts;                  // font table: name -> altName
  std::string footer;

  // The Word tables (parts) under a title.
  std::vector<const WordTable*> titled(const std::string& title) const {
    std::vector<const WordTable*> out;
    for (const auto& t : wordTables) {
      if (t.title == title) out.push_back(&t);
    }
    return out;
  }

  const Para* find(const std::string& text) const {
    for (const auto& p : paras) {
      if (p.text == text) return &p;
    }
    return nullptr;
  }
};

Inspected inspect(const std::string& docx) {
  TempFile file("report.docx");
  file.write(docx);
  CommandResult r = run("/usr/bin/python3 " RS_DOCX_INSPECT " " + file.path() + " 2>&1");
  INFO(r.output);
  REQUIRE_MESSAGE(r.status == 0, "python3-docx (packaging/install-deps.sh) could not read it");
  Inspected out;
  for (const auto& line : split(r.output, '\n')) {
    auto f = split(line, '\t');
    if (f[0] == "section") out.sections.push_back({f.begin() + 1, f.end()});
    if (f[0] == "para") out.paras.push_back({f[1], f[2], f[3], f[4]});
    if (f[0] == "table") {
      out.tables.emplace_back();
      WordTable t;
      t.title = f[3];
      for (const auto& w : split(f[4], ',')) t.grid.push_back(std::stoi(w));
      out.wordTables.push_back(std::move(t));
    }
    if (f[0] == "cell") out.tables.back().push_back(f[1]);
    if (f[0] == "row")
      out.wordTables.back().rows.push_back({f[1] == "1", {f.begin() + 2, f.end()}});
    if (f[0] == "vmerge") out.vmerges.push_back({f[1], f.size() > 2 ? f[2] : ""});
    if (f[0] == "font") out.fonts[f[1]] = f.size() > 2 ? f[2] : "";
    if (f[0] == "footer") out.footer = f[1];
  }
  return out;
}

bool hasCell(const std::vector<std::string>& cells, const std::string& text) {
  for (const auto& c : cells) {
    if (c.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("DOCX: python-docx reads the sample's export with its form, sections and tables") {
  const auto& report = sample();
  Inspected doc = inspect(exportDocx(report, tmpl()));

  SUBCASE("A4 and the margins 37/28/35/26 mm, on the cover and the body") {
    REQUIRE(doc.sections.size() == 2);
    for (const auto& s : doc.sections) {
      // twips = mm * 1440 / 25.4: top 2098, left 1587, bottom 1984, right 1474; A4.
      CHECK(s == std::vector<std::string>{"2098", "1587", "1984", "1474", "11906", "16838"});
    }
  }

  SUBCASE("the title in 2号 方正小标宋简体, the cover line, the page numbers") {
    std::string title;
    for (const auto& p : doc.paras) {
      if (p.style != "Title") continue;
      title += p.text;
      CHECK(p.eastAsia == "方正小标宋简体");
      CHECK(p.size == "22.0");
    }
    CHECK(title == report.title);
    CHECK(doc.find("单位名称（盖章）：洪江市工业和信息化局"));
    CHECK(doc.footer == "—  PAGE 1 —");
  }

  SUBCASE("every section title, numbered, in 黑体 / 楷体_GB2312 by level") {
    int level1 = 0, level2 = 0;
    rs::report::forEachSection(report.sections, [&](const auto& s, const std::string& number) {
      auto parts = split(number, '.');
      int level = static_cast<int>(parts.size());
      std::string text = rs::formats::headingNumber(level, std::stoi(parts.back())) + s.title;
      const Para* p = doc.find(text);
      REQUIRE_MESSAGE(p, text);
      CHECK(p->style == "Heading " + std::to_string(level));  // python-docx: UI name
      CHECK(p->size == "16.0");
      if (level == 1) {
        CHECK(p->eastAsia == "黑体");
        ++level1;
      }
      if (level == 2) {
        CHECK(p->eastAsia == "楷体_GB2312");
        ++level2;
      }
    });
    CHECK(level1 == 10);
    CHECK(level2 > 0);
    CHECK(doc.find("一、基本情况"));
    CHECK(doc.find("（一）部门（单位）基本情况"));
  }

  SUBCASE("prose in 3号 仿宋_GB2312") {
    int body = 0;
    for (const auto& p : doc.paras) {
      if (p.style != "Body Text") continue;
      ++body;
      CHECK(p.eastAsia == "仿宋_GB2312");
      CHECK(p.size == "16.0");
    }
    CHECK(body > 20);
    CHECK(
        doc.find("2024年度基本支出452.92万元。其中：工资福利支出337.20万元，主要用于工资、"
                 "津补贴、绩效奖金等支出225.42万元，机关事业单位基本养老保险缴费支出32.53万"
                 "元，职工基本医疗保险缴费支出13.57万元，其他社会保障缴费支出1.56万元，住房公"
                 "积金支出37.08万元，机关事业单位职业年金缴费支出27.03万元；商品服务支出39.13"
                 "万元，主要用于办公费5万元，印刷费3万元，水电费1.2万元，差旅费6万元，维修（护）"
                 "费1万元，培训费1万元，公务接待费2.48万元，劳务费0.5万元，工会经费3.75万元，"
                 "福利费4.69万元，其他交通费用5万元，其他商品服务支出5.5万元；对个人和家庭补助"
                 "76.59万元，主要用于死亡一次性抚恤金49万元，遗属生活补助1.21万元，离退休人员生"
                 "活补助17.53万元，其他对个人和家庭补助8.85万元。"));
  }

  SUBCASE("every table as a Word table, with its title and unit") {
    auto tables = rs::formats::layoutTables(report, tmpl());
    REQUIRE(tables.size() >= 4);
    for (size_t i = 0; i < tables.size(); ++i) {
      const Para* title = doc.find(tables[i].title);
      REQUIRE_MESSAGE(title, tables[i].title);
      CHECK(title->style == "Table Title");
      CHECK(!doc.titled(tables[i].title).empty());
    }
    std::map<std::string, int> titles;
    for (const auto& p : doc.paras) ++titles[p.style];
    CHECK(titles["Table Unit"] >= 2);
    CHECK(doc.find("单位：万元"));
    CHECK(doc.find("2024年度一般公共预算支出明细表"));
    CHECK(doc.find("2024年度工信局整体支出绩效评价基础数据表"));
    CHECK(doc.find("部门整体支出绩效自评表"));
    CHECK(doc.find("项目支出绩效自评表"));
    // The figures of 部门整体支出绩效自评表.
    auto cellsOf = [&](const std::string& title) {
      std::vector<std::string> cells;
      for (const WordTable* t : doc.titled(title)) {
        for (const auto& row : t->rows)
          cells.insert(cells.end(), row.byGrid.begin(), row.byGrid.end());
      }
      return cells;
    };
    CHECK(hasCell(cellsOf("部门整体支出绩效自评表"), "813.27"));
    CHECK(hasCell(cellsOf("部门整体支出绩效自评表"), "742.56"));
    CHECK(hasCell(cellsOf("部门整体支出绩效自评表"), "91.31%"));
    CHECK(hasCell(cellsOf("2024年度工信局整体支出绩效评价基础数据表"), "“三公”经费"));
    CHECK(hasCell(cellsOf("2024年度一般公共预算支出明细表"), "452.92"));
  }
}

TEST_CASE("DOCX: the package holds every part, each well-formed XML, and is reproducible") {
  std::string bytes = exportDocx(sample(), tmpl());
  CHECK(bytes == exportDocx(sample(), tmpl()));
  rs::formats::ZipReader zip(bytes);
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels",
                           "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"}) {
    auto xml = zip.read(part, 1 << 24);
    REQUIRE_MESSAGE(xml, part);
    pugi::xml_document doc;
    CHECK_MESSAGE(doc.load_buffer(xml->data(), xml->size()), part);
  }
  // Fixed 28 pt lines and a two-character first-line indent in the body style.
  std::string styles = *zip.read("word/styles.xml", 1 << 24);
  CHECK(styles.find("w:line=\"560\" w:lineRule=\"exact\"") != std::string::npos);
  CHECK(styles.find("w:firstLineChars=\"200\" w:firstLine=\"640\"") != std::string::npos);
}

// The row of a Word table whose first grid column reads `first`.
const WordRow* rowStarting(const std::vector<const WordTable*>& parts, const std::string& first) {
  for (const WordTable* t : parts) {
    for (const auto& row : t->rows) {
      if (!row.byGrid.empty() && row.byGrid[0] == first) return &row;
    }
  }
  return nullptr;
}

TEST_CASE("DOCX: the 自评表 and 基础数据表 as the bureau prints them (python-docx)") {
  Inspected doc = inspect(exportDocx(sample(), tmpl()));
  auto selfEval = doc.titled("部门整体支出绩效自评表");
  auto basic = doc.titled("2024年度工信局整体支出绩效评价基础数据表");
  REQUIRE(!selfEval.empty());
  REQUIRE(!basic.empty());

  SUBCASE("group labels are merged down (w:vMerge) over their rows") {
    std::map<std::string, int> restarts;
    int continues = 0;
    for (const auto& [kind, text] : doc.vmerges) {
      if (kind == "restart") ++restarts[text];
      if (kind == "continue") ++continues;
    }
    for (const char* label : {"绩效指标", "年度预算申请（万元）", "年度总体目标",
                              "财政供养人员情况", "楼堂馆所控制情况\\n（2024年完工项目）",
                              "产出指标\\n(50分)", "效益指标\\n（30分）", "数量指标"}) {
      CHECK_MESSAGE(restarts[label] >= 1, label);
    }
    CHECK(continues >= 30);
    // python-docx reads a merged cell's text in every row it covers.
    const WordRow* scale = rowStarting(selfEval, "绩效指标");
    REQUIRE(scale);
    int rowsUnderLabel = 0;
    for (const WordTable* t : selfEval) {
      for (const auto& row : t->rows) rowsUnderLabel += row.byGrid[0] == "绩效指标";
    }
    CHECK(rowsUnderLabel == 1 + 14);  // the heading row and the sample's 14 indicators
  }

  SUBCASE("one grid: no sliver columns, one left column, the table as wide as the text") {
    for (const auto* parts : {&selfEval, &basic}) {
      int width = 0;
      for (int w : parts->front()->grid) {
        CHECK(w >= 500);  // 8.8 mm: a 23-column grid had slivers of 35-80 twips
        width += w;
      }
      CHECK(width == 8844);  // 156 mm
      for (const WordTable* t : *parts) CHECK(t->grid == parts->front()->grid);
    }
    CHECK(selfEval.front()->grid.size() == 9);  // the indicators' columns
    // The 偏差原因分析及改进措施 column has room for a sentence: at least 9 characters wide.
    CHECK(selfEval.front()->grid.back() >= 9 * 210);
  }

  SUBCASE("总分's figures under 分值 and 得分") {
    const WordRow* heading = rowStarting(selfEval, "绩效指标");
    const WordRow* total = rowStarting(selfEval, "总分");
    REQUIRE(heading);
    REQUIRE(total);
    REQUIRE(total->byGrid.size() == heading->byGrid.size());
    for (size_t i = 0; i < heading->byGrid.size(); ++i) {
      if (heading->byGrid[i] == "分值" || heading->byGrid[i] == "得分") {
        CHECK(total->byGrid[i] == "100");
      } else {
        CHECK(total->byGrid[i] != "100");
      }
    }
  }

  SUBCASE("heading rows repeat on every page (w:tblHeader)") {
    const WordTable* indicators = nullptr;
    for (const WordTable* t : selfEval) {
      if (rowStarting({t}, "绩效指标") == &t->rows.front()) indicators = t;
    }
    REQUIRE(indicators);
    CHECK(indicators->rows.front().repeats);
    CHECK(indicators->rows.front().byGrid[1] == "一级指标");
    for (size_t i = 1; i < indicators->rows.size(); ++i) CHECK(!indicators->rows[i].repeats);
    const WordRow* funds = rowStarting(basic, "经费控制情况");
    REQUIRE(funds);
    CHECK(funds->repeats);
  }

  SUBCASE("money with two decimals; subtitles and 单位：万元 on every money table") {
    const WordRow* office = rowStarting(basic, "1.办公经费");
    REQUIRE(office);
    CHECK(hasCell(office->byGrid, "7.00"));  // typed "7"
    CHECK(hasCell(office->byGrid, "5.00"));
    CHECK(doc.find("（2024年度）"));
    CHECK(doc.find("填报单位：洪江市工业和信息化局"));
    int units = 0;
    for (const auto& p : doc.paras) units += p.text == "单位：万元";
    CHECK(units == 4);  // 明细表, 基础数据表, both 自评表
  }
}

TEST_CASE("DOCX: fonts with the names Word and WPS substitute, and page numbers by side") {
  std::string bytes = exportDocx(sample(), tmpl());
  Inspected doc = inspect(bytes);
  // python-docx finds the font table, each _GB2312 face with the face that stands in for it.
  CHECK(doc.fonts["仿宋_GB2312"] == "仿宋");
  CHECK(doc.fonts["楷体_GB2312"] == "楷体");
  CHECK(doc.fonts["黑体"] == "SimHei");
  CHECK(doc.fonts["宋体"] == "SimSun");
  CHECK(doc.fonts.count("方正小标宋简体"));
  rs::formats::ZipReader zip(bytes);
  std::string settings = *zip.read("word/settings.xml", 1 << 20);
  CHECK(settings.find("<w:evenAndOddHeaders/>") != std::string::npos);
  std::string odd = *zip.read("word/footer1.xml", 1 << 20);
  std::string even = *zip.read("word/footer2.xml", 1 << 20);
  CHECK(odd.find("<w:jc w:val=\"right\"/>") != std::string::npos);
  CHECK(even.find("<w:jc w:val=\"left\"/>") != std::string::npos);
  CHECK(even.find("— ") != std::string::npos);
}
