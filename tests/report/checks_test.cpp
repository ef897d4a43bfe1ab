#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "find_finding.h"
#include "report/checks.h"
#include "report/figures.h"
#include "report/new_report.h"

using namespace rs::report;

namespace {

// A report with every section written, so that only the findings under test remain.
ReportContent writtenReport(const Template& t) {
  ReportContent r = newReport(t, 2024, "某某局");
  forEachSection(r.sections, [](const SectionContent&, const std::string&) {});
  std::function<void(std::vector<SectionContent>&)> fill = [&](std::vector<SectionContent>& ss) {
    for (auto& s : ss) {
      s.body = "无";
      fill(s.children);
    }
  };
  fill(r.sections);
  return r;
}

void addItem(const Template& t, ReportContent& r, const std::string& group,
             const std::string& label, const std::string& amount) {
  RowContent& row = addRow(*t.table("expenditure"), *r.table("expenditure"), group);
  row.set("label", label);
  row.set("amount", amount);
}

void addIndicator(const Template& t, ReportContent& r, const std::string& level1,
                  const std::string& level2, const std::string& target, const std::string& actual,
                  const std::string& weight, const std::string& score) {
  RowContent& row = addRow(*t.table("dept-eval"), *r.table("dept-eval"), "indicators");
  row.set("level1", level1);
  row.set("level2", level2);
  row.set("level3", level2 + "指标项");
  row.set("target", target);
  row.set("actual", actual);
  row.set("weight", weight);
  row.set("score", score);
}

}  // namespace

TEST_CASE("checks: a new report lists its empty required parts") {
  Template t = Template::builtin("hunan-dept-selfeval");
  auto findings = runChecks(t, newReport(t, 2025, "某某局"));
  CHECK(hasErrors(findings));
  const Finding* section = find(findings, "required", "1");
  REQUIRE(section);
  CHECK(section->message == "章节“基本情况”未填写");
  CHECK(find(findings, "required", "dept-eval/money-total/budgetFull"));
  CHECK(find(findings, "required", "dept-eval/dept-name/value"));
}

TEST_CASE("checks: sums, the rounding tail, and accepting the computed figure") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  addItem(t, r, "wages", "工资", "225.42");
  addItem(t, r, "wages", "保险", "111.77");
  addItem(t, r, "goods", "办公费", "39.12");
  TableContent& e = *r.table("expenditure");
  e.row("wages")->set("amount", "337.20");
  e.row("goods")->set("amount", "40");

  auto findings = runChecks(t, r);
  const Finding* tail = find(findings, "sum-tail", "expenditure/wages/amount");
  REQUIRE(tail);
  CHECK(tail->severity == Severity::kWarning);
  CHECK(tail->expected == "337.19");
  CHECK(tail->actual == "337.20");
  const Finding* wrong = find(findings, "sum", "expenditure/goods/amount");
  REQUIRE(wrong);
  CHECK(wrong->severity == Severity::kError);
  CHECK(wrong->expected == "39.12");

  auto write = acceptComputed(*tail);
  REQUIRE(write);
  CHECK(*write == CellWrite{"expenditure", "wages", "amount", "337.19"});
  r.table(write->table)->row(write->row)->set(write->column, write->value);
  CHECK_FALSE(find(runChecks(t, r), "sum-tail", "expenditure/wages/amount"));
  CHECK_FALSE(acceptComputed(Finding{Severity::kError, "required", "1", "x", "", ""}));
}

TEST_CASE("checks: figures in the prose against the tables") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  addItem(t, r, "wages", "工资", "225.42");
  addItem(t, r, "wages", "保险", "111.77");
  r.sections[1].children[0].body = "2024年度基本支出337.19万元。其中：工资福利支出337.20万元。";

  auto findings = runChecks(t, r);
  const Finding* prose = find(findings, "prose", "2.1");
  REQUIRE(prose);
  CHECK(prose->expected == "337.19");
  CHECK(prose->actual == "337.20");
  CHECK(prose->message.find("工资福利支出337.20万元") != std::string::npos);
  // 基本支出 337.19 agrees with the table: one finding only.
  CHECK(std::count_if(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.rule == "prose"; }) == 1);
}

TEST_CASE("checks: execution, scores, weights and reasons") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  TableContent& d = *r.table("dept-eval");
  RowContent& money = *d.row("money-total");
  money.set("budgetInitial", "800");
  money.set("budgetFull", "800");
  money.set("executed", "850");
  money.set("weight", "10");
  addIndicator(t, r, "产出指标", "数量指标", "10个", "8个", "20分", "20分");
  addIndicator(t, r, "产出指标", "成本指标", "≤100%", "≤100%", "20分", "20分");
  addIndicator(t, r, "效益指标", "社会效益指标", "效果明显", "部分达成", "30分", "30分");
  addIndicator(t, r, "满意度指标", "服务对象满意度指标", "≥90%", "95%", "10分", "9分");

  auto findings = runChecks(t, r);
  const Finding* over = find(findings, "execution-over-budget", "dept-eval/money-total/executed");
  REQUIRE(over);
  // As written (the cells show 850 and 800; "850.00" in the message was a second form).
  CHECK(over->message == "全年执行数850超过全年预算数800");
  CHECK(over->actual == "850");

  const Finding* weights = find(findings, "weights", "dept-eval/indicators/weight");
  REQUIRE(weights);
  CHECK(weights->message.find("产出指标") != std::string::npos);
  CHECK(weights->expected == "50");
  CHECK(weights->actual == "40");

  // 8 of 10: scored 16, not 20; below target without a reason.
  const Finding* score = find(findings, "score", "dept-eval/indicators-1/score");
  REQUIRE(score);
  CHECK(score->expected == "16");
  CHECK(find(findings, "reason", "dept-eval/indicators-1/reason"));
  CHECK(find(findings, "reason", "dept-eval/indicators-4/reason"));  // 9 of 10 points
  CHECK(find(findings, "qualitative-band", "dept-eval/indicators-3/score"));
  CHECK_FALSE(find(findings, "reason", "dept-eval/indicators-2/reason"));

  // With a reason, the reason finding goes.
  d.row("indicators-4")->set("reason", "个别企业对办事时限不满意，下年度压缩办理时限。");
  CHECK_FALSE(find(runChecks(t, r), "reason", "dept-eval/indicators-4/reason"));
}

TEST_CASE("checks: warnings quote the rate the current figures give, figures as written") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  RowContent& money = *r.table("dept-eval")->row("money-total");
  money.set("budgetInitial", "800");
  money.set("budgetFull", "800");
  money.set("executed", "600");
  money.set("rate", "75%");
  money.set("weight", "10");
  addIndicator(t, r, "产出指标", "时效指标", "100%", "100%", "20分", "20分");
  auto before = runChecks(t, r);
  const Finding* low = find(before, "full-marks-low-execution", "dept-eval/indicators-1/score");
  REQUIRE(low);
  CHECK(low->message.find("预算执行率仅为75.00%") != std::string::npos);

  // 全年执行数 changed, the written 执行率 not yet: the rate's own error says so, and the
  // warning quotes the rate of the figures as they are now (it quoted the stale 75%).
  r.table("dept-eval")->row("money-total")->set("executed", "700");  // rows grew: look it up
  auto findings = runChecks(t, r);
  const Finding* rate = find(findings, "rate", "dept-eval/money-total/rate");
  REQUIRE(rate);
  CHECK(rate->expected == "87.50%");
  CHECK(rate->actual == "75%");
  low = find(findings, "full-marks-low-execution", "dept-eval/indicators-1/score");
  REQUIRE(low);
  CHECK(low->message.find("预算执行率仅为87.50%") != std::string::npos);
  CHECK(low->message.find("75") == std::string::npos);
}

TEST_CASE("checks: conflicted cells and cells that are not figures") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  RowContent& staffing = *r.table("basic-data")->row("staffing");
  staffing.cells["authorized"].values = {"25", "26"};
  staffing.set("actual", "二十三");
  auto findings = runChecks(t, r);
  CHECK(find(findings, "conflict", "basic-data/staffing/authorized"));
  const Finding* figure = find(findings, "figure", "basic-data/staffing/actual");
  REQUIRE(figure);
  CHECK(figure->severity == Severity::kError);
}

TEST_CASE("checks: a figure with more after its number than a unit is not a figure, nor counted") {
  // Before, a cell was read as its leading number whatever followed: "1e3" counted 1 in the
  // 工资福利支出 total with no finding on the cell, "12.5.3" 12.5, "5 6" 5, "3O" 3, and
  // "100元" in a 万元 table 100 万元.
  Template t = Template::builtin("hunan-dept-selfeval");
  for (const char* typed : {"1e3", "12.5.3", "5 6", "3O", "7abc"}) {
    ReportContent r = writtenReport(t);
    addItem(t, r, "wages", "工资", "225.42");
    addItem(t, r, "wages", "保险", typed);
    r.table("expenditure")->row("wages")->set("amount", "225.42");
    auto findings = runChecks(t, r);
    INFO(typed);
    const Finding* figure = nullptr;
    for (const Finding& f : findings)
      if (f.rule == "figure" &&
          f.message.find(std::string("“") + typed + "”不是数字") != std::string::npos)
        figure = &f;
    CHECK(figure);
    // Counted as empty: the total written as the other item alone is not an error.
    CHECK_FALSE(find(findings, "sum", "expenditure/wages/amount"));
  }
  for (const auto& [typed, unit] :
       std::vector<std::pair<std::string, std::string>>{{"100元", "万元"}, {"2亿", "万元"}}) {
    ReportContent r = writtenReport(t);
    addItem(t, r, "wages", "工资", typed);
    auto findings = runChecks(t, r);
    INFO(typed);
    bool named = false;
    for (const Finding& f : findings)
      named |= f.rule == "figure" &&
               f.message.find("“" + typed + "”的单位应为" + unit) != std::string::npos;
    CHECK(named);
  }
  // What reports write stays a figure: a unit of the column's, or none.
  ReportContent r = writtenReport(t);
  addItem(t, r, "wages", "工资", "225.42万元");
  r.table("basic-data")->row("staffing")->set("actual", "23");
  for (const Finding& f : runChecks(t, r)) CHECK(f.rule != "figure");
  CHECK(parseCellValue("92%") == parseValue("92%"));
  CHECK(parseCellValue("11家") == parseValue("11家"));
  CHECK(parseCellValue("≥95%") == parseValue("≥95%"));
  CHECK_FALSE(parseCellValue("1e3"));
}

TEST_CASE("checks: findings JSON is sorted and stable") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  addItem(t, r, "wages", "工资", "1");
  r.table("expenditure")->row("wages")->set("amount", "1.01");
  auto a = runChecks(t, r);
  auto b = runChecks(t, r);
  CHECK(findingsJson(a) == findingsJson(b));
  for (size_t i = 1; i < a.size(); ++i) CHECK(a[i - 1].severity <= a[i].severity);
  std::string json = findingsJson(
      {Finding{Severity::kWarning, "sum-tail", "t/r/c", "尾差\"0.01\"", "1.00", "1.01"}});
  CHECK(json ==
        "[\n  {\"severity\":\"warning\",\"rule\":\"sum-tail\",\"location\":\"t/r/c\","
        "\"message\":\"尾差\\\"0.01\\\"\",\"expected\":\"1.00\",\"actual\":\"1.01\"}\n]\n");
  CHECK(findingsJson({}) == "[]\n");
}

// Issue 14 case 6: a template row missing from a table (deleted by an older program, before
// rows had rights) is an error of its own, not a total whose check silently vanished.
TEST_CASE("checks: a missing template row is an error, named by table and row") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = writtenReport(t);
  CHECK(!find(runChecks(t, r), "template-row", "dept-eval/total"));
  TableContent& eval = *r.table("dept-eval");
  auto& rows = eval.rows;
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const RowContent& row) { return row.key == "total"; }),
             rows.end());
  auto findings = runChecks(t, r);
  const Finding* missing = find(findings, "template-row", "dept-eval/total");
  REQUIRE(missing);
  CHECK(missing->severity == Severity::kError);
  CHECK(missing->message == "部门整体支出绩效自评表缺少表样固定行“总分”");
  CHECK(hasErrors(findings));
  // An unlabeled fixed row is named by its block.
  TableContent& basic = *r.table("basic-data");
  basic.rows.erase(std::remove_if(basic.rows.begin(), basic.rows.end(),
                                  [](const RowContent& row) { return row.key == "staffing"; }),
                   basic.rows.end());
  CHECK(find(runChecks(t, r), "template-row", "basic-data/staffing"));
}
