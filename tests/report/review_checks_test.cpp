// The checks a bureau reviewer still raised (issue 13), each on a report the test builds:
// a finding where the mistake is, and nothing on the figures that are right.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "report/checks.h"
#include "report/new_report.h"
#include "find_finding.h"

using namespace rs::report;

namespace {

const Finding* findRule(const std::vector<Finding>& findings, const std::string& rule) {
  for (const auto& f : findings) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

std::vector<const Finding*> at(const std::vector<Finding>& findings, const std::string& location) {
  std::vector<const Finding*> out;
  for (const auto& f : findings) {
    if (f.location == location) out.push_back(&f);
  }
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Report {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2024, "某某局");

  Report() {
    std::function<void(std::vector<SectionContent>&)> fill = [&](std::vector<SectionContent>& ss) {
      for (auto& s : ss) {
        s.body = "无";
        fill(s.children);
      }
    };
    fill(r.sections);
  }

  void item(const std::string& table, const std::string& group, const std::string& label,
            const std::string& column, const std::string& amount) {
    RowContent& row = addRow(*t.table(table == "expenditure" ? "expenditure" : "basic-data"),
                             *r.table(table), group);
    row.set("label", label);
    row.set(column, amount);
  }
  void indicator(TableContent& table, const std::string& level1, const std::string& level2,
                 const std::string& level3, const std::string& target, const std::string& actual,
                 const std::string& weight, const std::string& score) {
    RowContent& row = addRow(*t.tableOf(table), table, "indicators");
    row.set("level1", level1);
    row.set("level2", level2);
    row.set("level3", level3);
    row.set("target", target);
    row.set("actual", actual);
    row.set("weight", weight);
    row.set("score", score);
    row.set("reason", "无");
  }
  std::vector<Finding> check() const { return runChecks(t, r); }
};

}  // namespace

TEST_CASE("review checks: a wrong subtotal is blamed, not the grand total that is right") {
  Report rep;
  rep.item("expenditure", "wages", "工资", "amount", "225.42");
  rep.item("expenditure", "wages", "保险", "amount", "111.77");
  rep.item("expenditure", "goods", "办公费", "amount", "39.12");
  rep.item("expenditure", "family", "抚恤金", "amount", "76.59");
  TableContent& e = *rep.r.table("expenditure");
  e.row("wages")->set("amount", "337.19");
  e.row("goods")->set("amount", "40.02");  // 0.90 too high
  e.row("family")->set("amount", "76.59");
  e.row("basic")->set("amount", "452.90");  // right: the items add up to it

  auto findings = rep.check();
  const Finding* goods = find(findings, "sum", "expenditure/goods/amount");
  REQUIRE(goods);
  CHECK(goods->severity == Severity::kError);
  CHECK(goods->expected == "39.12");
  CHECK(goods->actual == "40.02");
  // 基本支出 gets no error, at most a note pointing below it.
  for (const Finding* f : at(findings, "expenditure/basic/amount")) {
    CHECK(f->severity == Severity::kInfo);
  }
  const Finding* below = find(findings, "sum-below", "expenditure/basic/amount");
  REQUIRE(below);
  CHECK(has(below->message, "453.80"));
  CHECK_FALSE(acceptComputed(*below));  // nothing to take: 452.90 is right

  // A 基本支出 that is wrong against its items too keeps its error.
  e.row("basic")->set("amount", "460.00");
  const Finding* wrong = find(rep.check(), "sum", "expenditure/basic/amount");
  REQUIRE(wrong);
  CHECK(wrong->severity == Severity::kError);

  // All right: nothing on either.
  e.row("goods")->set("amount", "39.12");
  e.row("basic")->set("amount", "452.90");
  findings = rep.check();
  CHECK(at(findings, "expenditure/basic/amount").empty());
  CHECK(at(findings, "expenditure/goods/amount").empty());
}

TEST_CASE("review checks: staffing over the establishment, with the number over") {
  Report rep;
  RowContent& staffing = *rep.r.table("basic-data")->row("staffing");
  staffing.set("authorized", "25");
  staffing.set("actual", "27");
  staffing.set("rate", "108%");  // computed right: the warning still stands
  auto findings = rep.check();
  const Finding* over = find(findings, "staffing-over", "basic-data/staffing/actual");
  REQUIRE(over);
  CHECK(over->severity == Severity::kWarning);
  CHECK(over->message == "实际在职人数27人超过编制数25人，超编2人");
  CHECK_FALSE(find(findings, "rate", "basic-data/staffing/rate"));

  // After an edit the message quotes the figures as they stand now.
  staffing.set("actual", "28");
  staffing.set("rate", "");
  over = find(findings = rep.check(), "staffing-over", "basic-data/staffing/actual");
  REQUIRE(over);
  CHECK(over->message == "实际在职人数28人超过编制数25人，超编3人");
  for (const auto& f : findings) CHECK_FALSE(has(f.message, "27"));

  for (const char* actual : {"23", "25"}) {
    staffing.set("actual", actual);
    CHECK_FALSE(findRule(rep.check(), "staffing-over"));
  }
}

TEST_CASE("review checks: figures in section 六 against the indicators' 实际完成值") {
  Report rep;
  TableContent& d = *rep.r.table("dept-eval");
  rep.indicator(d, "产出指标", "数量指标", "信息化建设（5G基站）", "100个", "160个", "5", "5");
  rep.indicator(d, "产出指标", "数量指标", "维护用电秩序次数", "5次", "8次", "5", "5");
  rep.indicator(d, "产出指标", "数量指标", "新增就业人数", "100人", "120人", "5", "5");
  SectionContent& six = rep.r.sections[5];
  REQUIRE(six.templateKey == "performance");
  six.body =
      "3、信息化建设绩效目标：新建5G基站100个。\n"
      "全年新建5G基站168个，交付率100%。\n"
      "5、维护用电秩序稳定绩效目标：维护用电秩序5次。\n"
      "全年开展维护用电秩序检查8次，新增规模工业企业3家。\n"
      "全年新增就业人数120人，其中新增就业困难人员15人。";

  auto findings = rep.check();
  std::vector<const Finding*> prose;
  for (const auto& f : findings) {
    if (f.rule == "prose-indicator") prose.push_back(&f);
  }
  // The targets (100个, 5次) are right; 8次 and 3家 name no indicator of the table.
  REQUIRE(prose.size() == 1);
  CHECK(prose[0]->location == "6");
  CHECK(prose[0]->severity == Severity::kWarning);
  CHECK(prose[0]->expected == "160个");
  CHECK(prose[0]->actual == "168个");
  CHECK(has(prose[0]->message, "全年新建5G基站168个"));
  CHECK(has(prose[0]->message, "160个"));
  CHECK(has(prose[0]->message, "信息化建设（5G基站）"));

  // A target misquoted in the prose is compared with the 年度指标值.
  six.body = "3、信息化建设绩效目标：新建5G基站120个。全年新建5G基站160个。";
  const Finding* target = findRule(rep.check(), "prose-indicator");
  REQUIRE(target);
  CHECK(target->expected == "100个");
  CHECK(target->actual == "120个");
  CHECK(has(target->message, "年度指标值"));

  // Right figures: nothing.
  six.body = "3、信息化建设绩效目标：新建5G基站100个。全年新建5G基站160个。";
  CHECK_FALSE(findRule(rep.check(), "prose-indicator"));
}

TEST_CASE("review checks: project spending across the forms, and a project counted in 基本支出") {
  Report rep;
  rep.item("expenditure", "projects", "先进制造业高地专项资金", "amount", "100");
  rep.item("expenditure", "projects", "中小企业发展专项资金", "amount", "25");
  rep.item("expenditure", "family", "遗属生活补助", "amount", "1.21");
  rep.item("basic-data", "projects", "1、遗属生活补助", "actual", "1.21");
  rep.r.table("dept-eval")->row("expense-project")->set("amount", "1.21");

  auto findings = rep.check();
  const Finding* across = find(findings, "projects-across", "basic-data/projects/actual");
  REQUIRE(across);
  CHECK(across->severity == Severity::kWarning);
  CHECK(across->expected.empty());  // which form is right is for the office to find out
  // Each figure with where it stands.
  CHECK(has(across->message, "整体支出绩效评价基础数据表“项目支出”本年决算数1.21"));
  CHECK(has(across->message, "一般公共预算支出明细表“项目支出”金额125.00"));
  CHECK(has(across->message, "部门整体支出绩效自评表“项目支出”1.21（按支出性质分，年初预算数）"));

  const Finding* twice = findRule(findings, "project-in-basic");
  REQUIRE(twice);
  CHECK(twice->location == "basic-data/projects-1/label");
  CHECK(twice->message ==
        "项目“遗属生活补助”（1.21）同时计入基本支出“对个人和家庭的补助”（1.21），请核实其分类");

  // The 基础数据表 listing every project, and 遗属生活补助 only in 基本支出: nothing.
  TableContent& b = *rep.r.table("basic-data");
  b.row("projects-1")->set("label", "先进制造业高地专项资金");
  b.row("projects-1")->set("actual", "100");
  rep.item("basic-data", "projects", "中小企业发展专项资金", "actual", "25");
  findings = rep.check();
  CHECK_FALSE(findRule(findings, "projects-across"));
  CHECK_FALSE(findRule(findings, "project-in-basic"));
}

TEST_CASE("review checks: 总分 says what it becomes with the computed scores, in every table") {
  Report rep;
  TableContent& d = *rep.r.table("dept-eval");
  RowContent& money = *d.row("money-total");
  money.set("budgetInitial", "100");
  money.set("budgetFull", "100");
  money.set("executed", "100");
  money.set("weight", "10");
  money.set("score", "10");
  rep.indicator(d, "产出指标", "数量指标", "新增规模工业企业", "10家", "8家", "50", "50");
  rep.indicator(d, "效益指标", "社会效益指标", "助企纾困", "效果明显", "效果明显", "30", "30");
  rep.indicator(d, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10", "10");
  d.row("total")->set("score", "100");  // the written scores add up to 100

  TableContent& p = addTableInstance(rep.t, rep.r, "project-eval");
  p.row("project-name")->set("value", "遗属生活补助");
  RowContent& pm = *p.row("money-total");
  pm.set("weight", "10");
  p.row("current")->set("budgetInitial", "1.21");
  p.row("current")->set("budgetFull", "1.21");
  p.row("current")->set("executed", "1.21");
  pm.set("score", "10");
  rep.indicator(p, "产出指标", "数量指标", "保障人数", "2人", "1人", "50", "50");
  rep.indicator(p, "效益指标", "社会效益指标", "保障遗属基本生活", "达标", "达标", "30", "30");
  rep.indicator(p, "满意度指标", "服务对象满意度指标", "满意度", "≥95%", "≥95%", "10", "10");
  p.row("total")->set("score", "95");  // written wrong as well: 100 with the written scores

  auto findings = rep.check();
  // The department's table: 8 of 10 is worth 40; 总分 becomes 90.
  CHECK(find(findings, "score", "dept-eval/indicators-1/score"));
  const Finding* dept = find(findings, "total-rebuilt", "dept-eval/total/score");
  REQUIRE(dept);
  CHECK(dept->expected == "90");
  CHECK(has(dept->message, "总分应为90"));
  // The project's table: 1 of 2 is worth 25; 总分 95 is wrong, and becomes 75.
  const Finding* project = find(findings, "total", p.key + "/total/score");
  REQUIRE(project);
  CHECK(project->expected == "100");
  CHECK(has(project->message, "按计算的得分应为75"));

  // Scores right: no note on either 总分.
  d.row("indicators-1")->set("score", "40");
  d.row("total")->set("score", "90");
  p.row("indicators-1")->set("score", "25");
  p.row("total")->set("score", "75");
  findings = rep.check();
  CHECK(at(findings, "dept-eval/total/score").empty());
  CHECK(at(findings, p.key + "/total/score").empty());
}
