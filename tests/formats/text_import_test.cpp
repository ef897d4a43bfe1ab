#include <doctest/doctest.h>

#include <algorithm>

#include "formats/text_import.h"
#include "formats/text_lines.h"
#include "sample_data.h"

using namespace rs::report;
using rs::formats::importText;
using rs::formats::TextImportError;

namespace {

const Template& hunan() {
  static const Template t = Template::builtin("hunan-dept-selfeval");
  return t;
}

std::string cell(const ReportContent& r, const std::string& table, const std::string& row,
                 const std::string& column) {
  const TableContent* t = r.table(table);
  REQUIRE(t);
  const RowContent* rc = t->row(row);
  REQUIRE_MESSAGE(rc, (table + "/" + row));
  return rc->text(column).value_or("<conflict>");
}

std::vector<const RowContent*> rowsOf(const ReportContent& r, const std::string& table,
                                      const std::string& group) {
  std::vector<const RowContent*> out;
  for (const auto& row : r.table(table)->rows) {
    if (row.group == group) out.push_back(&row);
  }
  return out;
}

}  // namespace

TEST_CASE("import: the sample's cover and ten sections") {
  ReportContent r = importText(sampleText(), hunan());
  CHECK(r.templateKey == "hunan-dept-selfeval");
  CHECK(r.title == "2024年度洪江市工业和信息化局整体支出绩效自评报告");
  CHECK(r.year == 2024);
  CHECK(r.dept == "洪江市工业和信息化局");

  REQUIRE(r.sections.size() == 10);
  const char* titles[] = {"基本情况",
                          "一般公共预算支出情况",
                          "政府性基金预算支出情况",
                          "国有资本经营预算支出情况",
                          "社会保险基金预算支出情况",
                          "部门整体支出绩效情况",
                          "存在的问题及原因分析",
                          "下一步改进措施",
                          "绩效自评结果拟应用和公开情况",
                          "其他需要说明的情况"};
  for (size_t i = 0; i < 10; ++i) {
    CHECK(r.sections[i].title == titles[i]);
    CHECK_FALSE(r.sections[i].templateKey.empty());
  }
  REQUIRE(r.sections[0].children.size() == 2);
  CHECK(r.sections[0].children[0].title == "部门（单位）基本情况");
  CHECK(r.sections[0].children[0].body.find("我单位现有10个行政编制，15个事业编制。") !=
        std::string::npos);
  REQUIRE(r.sections[1].children.size() == 2);
  CHECK(r.sections[1].children[0].body.rfind("2024年度基本支出452.92万元。", 0) == 0);
  CHECK(r.sections[1].children[1].templateKey == "project-spending");
  CHECK(r.sections[2].body == "2024年本单位无政府性基金预算支出。");
  CHECK(r.sections[9].body == "无");

  // Numbered sentences are paragraphs, not sections: section 六 keeps all of its prose.
  const SectionContent& six = r.sections[5];
  CHECK(six.children.empty());
  CHECK(std::count(six.body.begin(), six.body.end(), '\n') == 13);
  CHECK(six.body.find("\n1、经济指标绩效目标：新增规模工业企业11家") != std::string::npos);
  CHECK(six.body.find("\n6、其他经济运行情况。\n一是全力推进") != std::string::npos);
  CHECK(r.sections[8].body.rfind("(一)优化工作流程与策略。", 0) == 0);
}

TEST_CASE("import: the 基础数据表 cell by cell") {
  ReportContent r = importText(sampleText(), hunan());
  const TableContent* b = r.table("basic-data");
  REQUIRE(b);
  CHECK(b->title == "2024年度工信局整体支出绩效评价基础数据表");
  CHECK(cell(r, "basic-data", "staffing", "authorized") == "25");
  CHECK(cell(r, "basic-data", "staffing", "actual") == "23");
  CHECK(cell(r, "basic-data", "staffing", "rate") == "92%");
  CHECK(cell(r, "basic-data", "three-public", "prev") == "");
  CHECK(cell(r, "basic-data", "reception", "prev") == "2.57");
  CHECK(cell(r, "basic-data", "reception", "budget") == "3");
  CHECK(cell(r, "basic-data", "reception", "actual") == "2.48");
  CHECK(cell(r, "basic-data", "office", "prev") == "7");
  CHECK(cell(r, "basic-data", "maintenance", "actual") == "1");
  CHECK(cell(r, "basic-data", "other-goods", "actual") == "5.5");
  CHECK(cell(r, "basic-data", "procurement", "prev") == "——");
  CHECK(cell(r, "basic-data", "adjustment", "prev") == "——");
  auto projects = rowsOf(r, "basic-data", "projects");
  REQUIRE(projects.size() == 1);
  CHECK(projects[0]->text("label") == "1、遗属生活补助");
  CHECK(projects[0]->text("actual") == "1.21");
  CHECK(rowsOf(r, "basic-data", "public").empty());  // all twelve are template rows
  CHECK(b->row("buildings")->cells.empty());
  CHECK(b->row("thrift")->cells.empty());
}

TEST_CASE("import: the 部门整体支出绩效自评表 cell by cell") {
  ReportContent r = importText(sampleText(), hunan());
  CHECK(cell(r, "dept-eval", "dept-name", "value") == "洪江市工业和信息化局");
  CHECK(cell(r, "dept-eval", "money-total", "budgetInitial") == "347.73");
  CHECK(cell(r, "dept-eval", "money-total", "budgetFull") == "813.27");
  CHECK(cell(r, "dept-eval", "money-total", "executed") == "742.56");
  CHECK(cell(r, "dept-eval", "money-total", "weight") == "10");
  CHECK(cell(r, "dept-eval", "money-total", "rate") == "91.31%");
  CHECK(cell(r, "dept-eval", "money-total", "score") == "9.6");
  CHECK(cell(r, "dept-eval", "income-total", "amount") == "347.73");
  CHECK(cell(r, "dept-eval", "expense-total", "amount") == "347.73");
  CHECK(cell(r, "dept-eval", "income-general", "amount") == "347.73");
  CHECK(cell(r, "dept-eval", "expense-basic", "amount") == "346.52");
  CHECK(cell(r, "dept-eval", "income-fund", "amount") == "");
  CHECK(cell(r, "dept-eval", "expense-project", "amount") == "1.21");
  CHECK(cell(r, "dept-eval", "goal", "actual") == "预期目标均已达成。");
  CHECK(cell(r, "dept-eval", "goal", "expected").rfind("完成下达的经济指标任务；", 0) == 0);

  auto indicators = rowsOf(r, "dept-eval", "indicators");
  REQUIRE(indicators.size() == 14);
  // The source's narrow cells broke these lines; the breaks are not kept (wide cells now).
  CHECK(indicators[0]->text("level1") == "产出指标(50分)");
  CHECK(indicators[0]->text("level2") == "数量指标");
  CHECK(indicators[0]->text("level3") == "新增规模工业企业");
  CHECK(indicators[0]->text("target") == "11家");
  CHECK(indicators[0]->text("weight") == "5分");
  CHECK(indicators[1]->text("level1") == "产出指标(50分)");  // merged cell: filled down
  CHECK(indicators[1]->text("level3") == "信息化建设（5G基站）");
  CHECK(indicators[6]->text("target") == "≤100%");
  CHECK(indicators[8]->text("actual") == "42.1亿");
  CHECK(indicators[13]->text("level1") == "满意度指标（10分）");
  CHECK(indicators[7]->text("level2") == "经济效益指标");
  CHECK(indicators[13]->text("reason") == "");
  CHECK(cell(r, "dept-eval", "total", "weight") == "100");
  CHECK(cell(r, "dept-eval", "total", "score") == "100");
}

TEST_CASE("import: the 项目支出绩效自评表 and the expenditure from section 二") {
  ReportContent r = importText(sampleText(), hunan());
  REQUIRE(r.table("project-eval-1"));
  CHECK_FALSE(r.table("project-eval-2"));
  CHECK(r.table("project-eval-1")->templateKey == "project-eval");
  CHECK(cell(r, "project-eval-1", "project-name", "value") == "遗属生活补助");
  CHECK(cell(r, "project-eval-1", "authority", "value") == "");
  CHECK(cell(r, "project-eval-1", "implementer", "value") == "洪江市工业和信息化局");
  CHECK(cell(r, "project-eval-1", "money-total", "rate") == "100%");
  CHECK(cell(r, "project-eval-1", "current", "executed") == "1.21");
  CHECK(cell(r, "project-eval-1", "carryover", "executed") == "");
  CHECK(rowsOf(r, "project-eval-1", "indicators").size() == 8);
  CHECK(cell(r, "project-eval-1", "total", "score") == "100");

  // The sample has no expenditure table: its figures come from the prose of section 二.
  CHECK(cell(r, "expenditure", "basic", "amount") == "452.92");
  CHECK(cell(r, "expenditure", "wages", "amount") == "337.20");
  CHECK(cell(r, "expenditure", "goods", "amount") == "39.13");
  CHECK(cell(r, "expenditure", "family", "amount") == "76.59");
  CHECK(cell(r, "expenditure", "projects", "amount") == "289.64");
  auto wages = rowsOf(r, "expenditure", "wages");
  REQUIRE(wages.size() == 6);
  CHECK(wages[0]->text("label") == "工资、津补贴、绩效奖金等支出");
  CHECK(wages[0]->text("amount") == "225.42");
  CHECK(rowsOf(r, "expenditure", "goods").size() == 12);
  CHECK(rowsOf(r, "expenditure", "family").size() == 4);
  auto projects = rowsOf(r, "expenditure", "projects");
  REQUIRE(projects.size() == 12);
  CHECK(projects[0]->text("label") == "2024年新认定专精特新企业奖励资金");
  CHECK(projects[11]->text("label") == "其他项目支出");
}

TEST_CASE("import: files that are not such a report are refused") {
  CHECK_THROWS_WITH_AS(importText("", hunan()), doctest::Contains("空"), TextImportError);
  CHECK_THROWS_WITH_AS(importText(std::string("PK\x03\x04\0\0binary", 12), hunan()),
                       doctest::Contains("UTF-8"), TextImportError);
  CHECK_THROWS_WITH_AS(importText("\xff\xfe\x41\x00", hunan()), doctest::Contains("UTF-8"),
                       TextImportError);
  CHECK_THROWS_WITH_AS(importText("会议纪要\n今天开会。\n明天继续。\n", hunan()),
                       doctest::Contains("找不到模板中的任何章节标题"), TextImportError);
  CHECK_THROWS_WITH_AS(importText("一、基本情况\n正文\n\tabc\n", hunan()),
                       doctest::Contains("第3行：表格单元格之前没有表名"), TextImportError);
}

TEST_CASE("import: table rows with no place are refused with their line") {
  std::string text =
      "一、基本情况\n正文\n部门整体支出绩效自评表\n\t年度预算申请\n\t年初预算数\n\n"
      "\t\n\t不存在的行\n\t1\n";
  CHECK_THROWS_WITH_AS(importText(text, hunan()), doctest::Contains("第7行"), TextImportError);

  std::string twice =
      "一、基本情况\n正文\n部门整体支出绩效自评表\n\t预算部门名称\n\tA\n\n"
      "部门整体支出绩效自评表\n\t预算部门名称\n\tB\n";
  CHECK_THROWS_WITH_AS(importText(twice, hunan()), doctest::Contains("出现了两次"),
                       TextImportError);
}

TEST_CASE("import: a report whose sections are not the template's is refused, listing both") {
  // Before: imported with every template section marked missing, or the text under
  // sections it does not belong to.
  std::string text = sampleText();
  size_t at = text.find("二、一般公共预算支出情况\n");
  REQUIRE(at != std::string::npos);
  text.erase(at, std::string("二、一般公共预算支出情况\n").size());
  try {
    importText(text, hunan());
    FAIL("imported");
  } catch (const TextImportError& e) {
    std::string m = e.what();
    CHECK(m.find("未找到“二、一般公共预算支出情况”章节") != std::string::npos);
    CHECK(m.find("文档中的一级标题：一、基本情况；二、政府性基金预算支出情况") !=
          std::string::npos);
    CHECK(m.find("模板要求的一级标题：一、基本情况；二、一般公共预算支出情况") !=
          std::string::npos);
    CHECK(m.find("未导入任何内容") != std::string::npos);
  }
  std::string other =
      "2024年度某局整体支出绩效自评报告\n一、摘要\n全年工作良好。\n二、部门概况\n职工25人。\n"
      "三、评价结论\n自评得分95分。\n";
  CHECK_THROWS_WITH_AS(importText(other, hunan()),
                       doctest::Contains("未找到“四、国有资本经营预算支出情况”"), TextImportError);
}

TEST_CASE("import: a table of another shape is refused with its column count and the template's") {
  // An indicator row of the 自评表 with six cells (a 6-column table): before, its figures
  // landed under the wrong headings (5分 as 实际完成值 ...) without a word.
  std::string text = sampleText();
  size_t start = text.find("\t\n\t产出指标\n");
  REQUIRE(start != std::string::npos);
  std::string row = "\t\n\t产出指标\n\t数量指标\n\t企业培训\n\t5次\n\t5分\n\n";
  text.insert(start, row);
  try {
    importText(text, hunan());
    FAIL("imported");
  } catch (const TextImportError& e) {
    std::string m = e.what();
    INFO(m);
    CHECK(m.find("表“部门整体支出绩效自评表”的列数为6，应为9（一级指标、二级指标、三级指标") !=
          std::string::npos);
    CHECK(m.find("未导入任何内容") != std::string::npos);
  }
}

TEST_CASE("import: breaks of a source's narrow cells are joined, the writer's own are kept") {
  using rs::formats::joinWrappedLines;
  CHECK(joinWrappedLines("经济效\n益指标") == "经济效益指标");
  CHECK(joinWrappedLines("绩\n效\n指\n标") == "绩效指标");
  CHECK(joinWrappedLines("产出指标\n(50分)") == "产出指标(50分)");
  CHECK(joinWrappedLines("141.7\n%") == "141.7%");
  CHECK(joinWrappedLines("Top\nscore") == "Top score");
  // The writer's breaks: after a clause, before an enumerated item, or a long line.
  CHECK(joinWrappedLines("目标一；\n目标二。") == "目标一；\n目标二。");
  CHECK(joinWrappedLines("其中：\n公车购置") == "其中：\n公车购置");
  CHECK(joinWrappedLines("原因\n1、资金未到位") == "原因\n1、资金未到位");
  CHECK(joinWrappedLines("措施\n（1）加强管理") == "措施\n（1）加强管理");
  CHECK(joinWrappedLines("资金到位较晚导致执行率偏低\n下年提前申请") ==
        "资金到位较晚导致执行率偏低\n下年提前申请");
  // Through the import: the goal broken after its first clause stays two lines.
  std::string text = sampleText();
  size_t at = text.find("\t完成下达的经济指标任务；");
  REQUIRE(at != std::string::npos);
  text.insert(at + std::string("\t完成下达的经济指标任务；").size(), "\n");
  ReportContent r = importText(text, hunan());
  CHECK(cell(r, "dept-eval", "goal", "expected").rfind("完成下达的经济指标任务；\n推进", 0) == 0);
  CHECK(cell(r, "dept-eval", "indicators-8", "level2") == "经济效益指标");
}
